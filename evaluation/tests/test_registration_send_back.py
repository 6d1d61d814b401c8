"""D26 Điều 7.4g, second option: a product the central council scores below 90 may go back to the province for a new
evaluation ("hoặc tổ chức đánh giá và phân hạng sản phẩm theo thẩm quyền"), not only be recognised 3★/4★ on the central
result. The central result then can no longer be put on a decision."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from certificates.choices import IssuerLevel
from certificates.services.eligibility import eligible_results
from evaluation.choices import RegistrationStatus
from evaluation.models import CouncilResult, CouncilSession
from evaluation.services.councils import session_add_registration, session_set_attendance
from evaluation.services.transitions import registration_send_back_to_province
from ocop.models import AuditEvent

from .factories import central_session, forwarded_to_central, submit


def _central_below_90(cast):
    s = forwarded_to_central(cast)
    item, members = central_session(cast, s)
    for member in members:
        submit(item, member, s.card, c1=15, c2=5)  # 85 at central
    s.registration.refresh_from_db()
    assert s.registration.status == RegistrationStatus.SCORED
    return s


def test_it_sends_a_central_result_below_90_back_to_the_provincial_council(cast):
    s = _central_below_90(cast)
    registration_send_back_to_province(
        registration=s.registration, by=cast.central_officer, reason="Bổ sung kết quả kiểm nghiệm mới"
    )
    s.registration.refresh_from_db()
    assert s.registration.status == RegistrationStatus.READY_FOR_COUNCIL
    assert s.registration.status_reason == "Bổ sung kết quả kiểm nghiệm mới"
    assert AuditEvent.objects.filter(action="registration.send_back_to_province").exists()
    # the central 4★ result is history now: no province decision may recognise it
    assert not eligible_results(issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province).exists()
    # the provincial council evaluates it again
    session = CouncilSession.objects.create(council=s.council, date=timezone.localdate())
    item = session_add_registration(session=session, registration=s.registration, by=cast.province_officer)
    session_set_attendance(session=session, present_member_ids={m.pk for m in s.members}, by=cast.province_officer)
    for member in s.members:
        submit(item, member, s.card, c1=15, c2=4)  # 84 at the province
    new = CouncilResult.objects.get(item=item)
    assert list(eligible_results(issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province)) == [new]


def test_it_lets_the_province_officer_send_it_back_too(cast):
    s = _central_below_90(cast)
    registration_send_back_to_province(registration=s.registration, by=cast.province_officer, reason="Theo thẩm quyền")
    s.registration.refresh_from_db()
    assert s.registration.status == RegistrationStatus.READY_FOR_COUNCIL


def test_it_refuses_a_dossier_without_a_central_result_below_90(cast):
    s = forwarded_to_central(cast)  # a province result of 100, still waiting for the central council
    with pytest.raises(ValidationError, match="dưới 90"):
        registration_send_back_to_province(registration=s.registration, by=cast.central_officer, reason="x")


def test_it_offers_the_step_on_the_dossier_and_refuses_it_to_other_roles(cast, login):
    s = _central_below_90(cast)
    detail = reverse("evaluation:registration_detail", args=[s.registration.pk])
    url = reverse("evaluation:registration_send_back", args=[s.registration.pk])
    assert 'data-testid="send-back"' in login(cast.central_officer).get(detail).content.decode()
    assert login(cast.viewer).post(url, {"reason": "x"}).status_code == 403
    assert login(cast.outsider).post(url, {"reason": "x"}).status_code == 404
    assert login(cast.commune_officer).post(url, {"reason": "x"}).status_code == 403
    response = login(cast.central_officer).post(url, {"reason": "Đánh giá lại theo thẩm quyền"})
    assert response.status_code == 302
    s.registration.refresh_from_db()
    assert s.registration.status == RegistrationStatus.READY_FOR_COUNCIL
