"""Grounds d and đ of Điều 8.1 rest on what the law says: d (the OCOP mark used not as required, a breach of the
producer, Điều 8.4 "kết luận … về hành vi vi phạm") on a concluded inspection of the OCOP office that found it
(Điều 8.3a, 9.3b), like b; đ (the producer no longer produces) on the commune's confirmation, from which its 15 days
run (Điều 8.4 "xác nhận của UBND cấp xã"), never on an inspection's conclusion. The certificate page proposed both
with nothing behind them, and an inspection could conclude đ, starting its 15 days from the inspection's date."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from certificates.choices import RevocationGround, RevocationStatus, confirmation_required, inspection_required
from certificates.models import Revocation
from certificates.services.revocations import certificate_revoke_propose, certificate_revoke_withdraw
from supervision import services
from supervision.choices import CaseSource, InspectionStatus, Outcome, Severity
from supervision.models import RevocationCase
from tests.markup.checker import assert_valid

from .factories import certificate_for, recorded, with_finding

pytestmark = pytest.mark.django_db

D, DD = RevocationGround.MARK_MISUSE, RevocationGround.STOPPED_PRODUCTION


def revoke_url(certificate):
    return reverse("certificates:certificate_revoke", args=[certificate.pk])


def stop_confirmed(cast, certificate, days_ago=4):
    return services.production_stop_confirm(
        certificate=certificate,
        by=cast.commune_officer,
        confirmed_on=timezone.localdate() - dt.timedelta(days=days_ago),
        document_number="9/XN-UBND",
    )


@pytest.mark.parametrize(
    "ground,found,inspection,confirmation",
    [("d", False, True, False), ("d", True, False, False), ("dd", False, False, True), ("dd", True, False, False)],
)
def test_the_one_rule_says_what_d_and_dd_rest_on(ground, found, inspection, confirmation):
    assert inspection_required(ground, inspection_concluded=found) is inspection
    assert confirmation_required(ground, commune_confirmed=found) is confirmation


@pytest.mark.parametrize("ground,words", [("d", "kiểm tra đột xuất"), ("dd", "Xác nhận không còn sản xuất")])
def test_the_certificate_page_refuses_d_and_dd_with_nothing_behind_them_and_keeps_what_was_typed(
    cast, login, ground, words
):
    certificate = certificate_for(cast)
    client = login(cast.province_officer)
    response = client.post(revoke_url(certificate), {"ground": ground, "detail": "Chủ thể đã ngừng sản xuất."})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"ground"} and words in errors["ground"][0]
    page = response.content.decode()
    assert "Chủ thể đã ngừng sản xuất." in page and f'<option value="{ground}" selected>' in page
    if ground == "dd":  # the way to the commune's confirmation is beside the form
        assert 'data-testid="revoke-on-confirmation"' in page and 'data-testid="stop-confirm"' in page
    assert not Revocation.objects.exists()
    assert_valid({f"refused {ground}": page})


@pytest.mark.parametrize("ground", ["d", "dd"])
def test_the_service_refuses_d_and_dd_with_nothing_behind_them(cast, ground):
    certificate = certificate_for(cast)
    with pytest.raises(ValidationError) as info:
        certificate_revoke_propose(
            certificate=certificate, ground=ground, detail="Phát hiện.", by=cast.province_officer
        )
    assert set(info.value.message_dict) == {"ground"}
    assert not Revocation.objects.exists()


def test_the_certificate_page_proposes_dd_on_the_communes_confirmation_whose_case_is_open(cast, login):
    certificate = certificate_for(cast)
    case = stop_confirmed(cast, certificate)
    response = login(cast.province_officer).post(
        revoke_url(certificate), {"ground": "dd", "detail": "Cơ sở đã đóng cửa."}
    )
    assert response.status_code == 302
    proposal = Revocation.objects.get()
    assert proposal.status == RevocationStatus.PROPOSED
    day = f"{case.opened_on:%d/%m/%Y}"
    assert proposal.detail == f"Theo văn bản xác nhận số 9/XN-UBND của UBND xã ngày {day}.\nCơ sở đã đóng cửa."
    case.refresh_from_db()
    assert case.closed_on is None and case.due_on == services.revocation_due_on(case.opened_on)


def test_dd_from_the_communes_case_still_proposes_and_not_once_the_case_is_closed(cast):
    certificate = certificate_for(cast)
    case = stop_confirmed(cast, certificate)
    services.revocation_case_propose(case=case, by=cast.province_officer)
    assert Revocation.objects.get().ground == DD
    certificate_revoke_withdraw(certificate=certificate, by=cast.province_officer)
    services.revocation_case_close(case=case, by=cast.province_officer, reason="UBND xã rút văn bản.")
    with pytest.raises(ValidationError) as info:
        certificate_revoke_propose(
            certificate=certificate, ground=DD, detail="Ngừng sản xuất.", by=cast.province_officer
        )
    assert "ground" in info.value.message_dict


def test_d_rests_on_the_inspection_that_found_it(cast, login):
    inspection = recorded(cast, items=with_finding(Severity.CRITICAL))  # a finding on the OCOP mark's use
    services.inspection_conclude(
        inspection=inspection, by=inspection.inspectors.first(), outcome=Outcome.REVOKE, ground=D
    )
    certificate = inspection.certificate
    assert Revocation.objects.get().ground == D  # proposed at its conclusion, as before
    certificate_revoke_withdraw(certificate=certificate, by=cast.province_officer)
    response = login(cast.province_officer).post(revoke_url(certificate), {"ground": "d", "detail": "Nhãn 5 sao."})
    assert response.status_code == 302
    day = f"{inspection.concluded_on:%d/%m/%Y}"
    assert Revocation.objects.get().detail == f"Theo kết luận kiểm tra ngày {day}.\nNhãn 5 sao."


def test_an_inspection_does_not_conclude_dd_nor_start_its_15_days(cast, login):
    inspection = recorded(cast, items=with_finding(Severity.CRITICAL, area="criteria"))
    officer = inspection.inspectors.first()
    with pytest.raises(ValidationError) as info:
        services.inspection_conclude(inspection=inspection, by=officer, outcome=Outcome.REVOKE, ground=DD)
    assert set(info.value.message_dict) == {"ground"} and "UBND cấp xã" in info.value.message_dict["ground"][0]
    response = login(officer).post(
        reverse("supervision:inspection_conclude", args=[inspection.pk]),
        {
            "outcome": Outcome.REVOKE,
            "concluded_on": timezone.localdate().strftime("%d/%m/%Y"),
            "ground": "dd",
            "detail": "Cơ sở không còn hoạt động.",
        },
    )
    assert response.status_code == 200 and response.context["form"].errors["ground"]  # beside it, no confirmation
    assert "Cơ sở không còn hoạt động." in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.IN_PROGRESS
    assert not RevocationCase.objects.filter(source=CaseSource.FINDING).exists() and not Revocation.objects.exists()
