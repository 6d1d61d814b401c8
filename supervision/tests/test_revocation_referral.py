"""An inspection's ground to revoke reaches the authority that revokes (D26 Điều 8.1b, 8.3a, 8.4, 9.4, 10.1b).

The province's office inspects every OCOP product of its province, 5★ included (Điều 9.4a); the ministry's office
inspects 5★ products and, when needed, 3★ and 4★ ones (Điều 9.4b). Only the Chủ tịch UBND tỉnh revokes a 3★ or 4★
certificate and only the Minister a 5★ one (Điều 8.2), so an inspection by the other office concludes the ground
(Điều 8.1b: "theo kết luận kiểm tra, giám sát của cơ quan có thẩm quyền") and the office of the revoking authority
proposes: the 15 days of Điều 8.4 run from that conclusion, whoever made it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from certificates.choices import RevocationGround, RevocationStatus
from certificates.models import Revocation
from certificates.tests.factories import checker_for
from ocop.models import Notification
from supervision import services
from supervision.choices import CaseSource, Outcome, SelectionReason, Severity
from supervision.models import RevocationCase

from .factories import certificate_for, recorded, scheduled, with_finding

pytestmark = pytest.mark.django_db


def ministry_inspection(cast, certificate):
    """An ad hoc inspection of the ministry's office (Điều 9.4b), recorded with a critical finding."""
    inspection = services.inspection_open_ad_hoc(
        certificate=certificate,
        reason=SelectionReason.AGENCY,
        detail="Bộ kiểm tra theo phản ánh của Cục Quản lý thị trường.",
        inspectors=[cast.central_officer],
        scheduled_on=timezone.localdate(),
        by=cast.central_officer,
    )
    return recorded(cast, inspection, items=with_finding(Severity.CRITICAL), by=cast.central_officer)


def test_the_ministrys_ground_on_a_three_star_product_goes_to_the_province_which_proposes(cast):
    inspection = ministry_inspection(cast, certificate_for(cast, star=3))
    services.inspection_conclude(
        inspection=inspection, by=cast.central_officer, outcome=Outcome.REVOKE, ground=RevocationGround.CRITERIA_NOT_MET
    )
    inspection.refresh_from_db()
    assert inspection.outcome == Outcome.REVOKE
    case = RevocationCase.objects.get(certificate=inspection.certificate)
    assert case.source == CaseSource.FINDING and case.inspection == inspection
    assert case.opened_on == timezone.localdate() and case.due_on == services.revocation_due_on(case.opened_on)
    # The ministry does not revoke a 3★ certificate: no proposal in its name, the province's office is told.
    assert not Revocation.objects.exists()
    told = Notification.objects.filter(url=reverse("supervision:case_detail", args=[case.pk]))
    assert set(told.values_list("user", flat=True)) == {cast.province_officer.pk}
    assert case.due_on.strftime("%d/%m/%Y") in told.get().text
    with pytest.raises(PermissionDenied):
        services.revocation_case_propose(case=case, by=cast.central_officer)
    services.revocation_case_propose(case=case, by=cast.province_officer)
    proposal = Revocation.objects.get(certificate=inspection.certificate)
    assert proposal.status == RevocationStatus.PROPOSED and proposal.proposed_by == cast.province_officer
    assert proposal.ground == RevocationGround.CRITERIA_NOT_MET


def test_the_provinces_ground_on_a_five_star_product_goes_to_the_ministry(cast):
    inspection = recorded(cast, scheduled(cast, certificate_for(cast, star=5)), items=with_finding(Severity.CRITICAL))
    by = inspection.inspectors.first()  # an officer of the province's OCOP office
    services.inspection_conclude(
        inspection=inspection, by=by, outcome=Outcome.REVOKE, ground=RevocationGround.CRITERIA_NOT_MET
    )
    case = RevocationCase.objects.get(certificate=inspection.certificate)
    assert not Revocation.objects.exists()
    told = Notification.objects.filter(url=reverse("supervision:case_detail", args=[case.pk]))
    assert set(told.values_list("user", flat=True)) == {cast.central_officer.pk}
    services.revocation_case_propose(case=case, by=cast.central_officer)
    assert Revocation.objects.get().proposed_by == cast.central_officer


def test_the_office_that_revokes_still_proposes_with_its_conclusion_and_nobody_else_is_told(cast):
    inspection = recorded(cast, items=with_finding(Severity.CRITICAL))  # a 4★ product, the province's own office
    services.inspection_conclude(
        inspection=inspection, by=inspection.inspectors.first(), outcome=Outcome.REVOKE, ground="b"
    )
    case = RevocationCase.objects.get()
    assert Revocation.objects.get().proposed_by == inspection.inspectors.first()
    assert not Notification.objects.filter(url=reverse("supervision:case_detail", args=[case.pk])).exists()


def test_an_advisory_member_still_cannot_conclude_a_ground_to_revoke(cast):
    inspection = recorded(
        cast,
        scheduled(cast, certificate_for(cast, star=5), inspectors=[cast.advisory_member]),
        items=with_finding(Severity.CRITICAL),
        by=cast.advisory_member,
    )
    with pytest.raises(ValidationError) as info:
        services.inspection_conclude(inspection=inspection, by=cast.advisory_member, outcome=Outcome.REVOKE, ground="b")
    assert "outcome" in info.value.message_dict
    assert not RevocationCase.objects.exists()


def test_the_conclude_page_says_where_the_ground_goes_and_the_case_page_lets_the_province_propose(cast, login):
    inspection = ministry_inspection(cast, certificate_for(cast, star=4))
    url = reverse("supervision:inspection_conclude", args=[inspection.pk])
    data = {"outcome": "revoke", "ground": "b", "concluded_on": timezone.localdate().strftime("%d/%m/%Y")}
    ministry = login(cast.central_officer)
    page = ministry.post(url, data)
    assert page.status_code == 200
    text = page.content.decode()
    assert "cơ quan tham mưu quản lý OCOP cấp tỉnh" in text and "Kết luận và chuyển cơ quan có thẩm quyền" in text
    assert ministry.post(url, {**data, "confirmed": "1"}).status_code == 302
    case = RevocationCase.objects.get()
    case_url = reverse("supervision:case_detail", args=[case.pk])
    assert "Chờ cơ quan OCOP đề xuất thu hồi" in ministry.get(case_url).content.decode()
    assert ministry.post(case_url).status_code == 403
    province = login(cast.province_officer)
    body = province.get(case_url).content.decode()
    assert 'data-testid="case-state"' in body and "Đề xuất thu hồi" in body
    assert "b) Không còn đáp ứng tiêu chí theo kết luận kiểm tra" in body  # the ground the ministry concluded
    assert province.post(case_url).status_code == 302
    assert Revocation.objects.get().proposed_by == cast.province_officer
    # Four eyes stay: another officer of the province issues.
    from certificates.services.revocations import certificate_revoke

    certificate_revoke(
        certificate=case.certificate,
        decision_number="15/QĐ-UBND",
        decision_date=timezone.localdate(),
        by=checker_for(cast.province_officer),
    )
    assert "Giấy chứng nhận đã bị thu hồi" in province.get(case_url).content.decode()


def test_the_notice_of_a_ground_passed_on_names_the_agencys_conclusion_when_the_days_run_from_it(cast):
    """Điều 8.4: the 15 days run from the agency's conclusion; the province is told whose conclusion and which."""
    import datetime as dt

    inspection = ministry_inspection(cast, certificate_for(cast, star=3))
    day = timezone.localdate() - dt.timedelta(days=4)
    services.inspection_conclude(
        inspection=inspection,
        by=cast.central_officer,
        outcome=Outcome.REVOKE,
        ground=RevocationGround.LAW_BREACH,
        agency="Cục Quản lý thị trường",
        agency_document_number="9/KL-QLTT",
        agency_concluded_on=day,
    )
    case = RevocationCase.objects.get()
    text = Notification.objects.get(url=reverse("supervision:case_detail", args=[case.pk])).text
    assert "Kết luận kiểm tra" not in text
    assert "9/KL-QLTT" in text and "Cục Quản lý thị trường" in text and day.strftime("%d/%m/%Y") in text
    services.revocation_case_propose(case=case, by=cast.province_officer)  # with the case's conclusion
    assert "9/KL-QLTT" in Revocation.objects.get().detail
