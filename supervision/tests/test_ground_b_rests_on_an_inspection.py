"""Ground b of Điều 8.1 ("không còn đáp ứng các tiêu chí … theo kết luận kiểm tra, giám sát") rests on a concluded
inspection that found it. On the demo an officer proposed b on the certificate page with an empty "Nội dung, kết
luận", another officer issued decision 3200/QĐ-UBND, and the public page answered 410 on an inspection that never
happened, with no day for the 15 days of Điều 8.4 to run from. A proposal on b is now made from the inspection's
conclusion or its revocation case, or names the inspection whose case is still open (certificates.choices
.inspection_required); every proposal states what it rests on."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from certificates.choices import RevocationGround, RevocationStatus
from certificates.models import Revocation
from certificates.services.revocations import certificate_revoke_propose, certificate_revoke_withdraw
from certificates.tests.factories import checker_for
from supervision import services
from supervision.choices import Outcome, SelectionReason, Severity
from supervision.models import RevocationCase
from tests.markup.checker import assert_valid

from .factories import certificate_for, recorded, scheduled, with_finding

pytestmark = pytest.mark.django_db


def revoke_url(certificate):
    return reverse("certificates:certificate_revoke", args=[certificate.pk])


def propose_b(certificate, by, detail="Sản phẩm không còn đạt tiêu chí chất lượng."):
    return certificate_revoke_propose(
        certificate=certificate, ground=RevocationGround.CRITERIA_NOT_MET, detail=detail, by=by
    )


def ministry_concluded_b(cast, certificate):
    """The ministry's office (Điều 9.4b) concluded ground b on a 4★ product today: the case goes to the
    province, which revokes (Điều 8.2a); nobody has proposed yet."""
    inspection = services.inspection_open_ad_hoc(
        certificate=certificate,
        reason=SelectionReason.AGENCY,
        detail="Bộ kiểm tra theo phản ánh của Cục Quản lý thị trường.",
        inspectors=[cast.central_officer],
        scheduled_on=timezone.localdate(),
        by=cast.central_officer,
    )
    recorded(cast, inspection, items=with_finding(Severity.CRITICAL), by=cast.central_officer)
    return services.inspection_conclude(
        inspection=inspection,
        by=cast.central_officer,
        outcome=Outcome.REVOKE,
        ground=RevocationGround.CRITERIA_NOT_MET,
    )


@pytest.mark.parametrize(
    "ground,on_inspection,required",
    [("a", False, False), ("b", False, True), ("b", True, False), ("c", False, False), ("d", False, True)],
)
def test_the_one_rule_of_which_ground_rests_on_an_inspection(ground, on_inspection, required):
    from certificates.choices import inspection_required

    assert inspection_required(ground, inspection_concluded=on_inspection) is required


def test_the_certificate_page_refuses_b_without_an_inspection_and_says_how(cast, login):
    certificate = certificate_for(cast)
    client = login(cast.province_officer)
    response = client.post(revoke_url(certificate), {"ground": "b", "detail": ""})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "kiểm tra đột xuất" in errors["ground"][0] and "hồ sơ thu hồi" in errors["ground"][0]
    assert errors["detail"]  # "Nội dung, kết luận" states what the proposal rests on
    page = response.content.decode()
    assert 'data-testid="revoke-on-inspection"' in page and 'data-testid="ad-hoc-inspection"' in page
    typed = client.post(revoke_url(certificate), {"ground": "b", "detail": "Mẫu không đạt chỉ tiêu."})
    assert typed.status_code == 200 and typed.context["form"].errors["ground"]
    assert "Mẫu không đạt chỉ tiêu." in typed.content.decode()  # what was typed stays
    assert '<option value="b" selected>' in typed.content.decode()
    assert not Revocation.objects.exists()
    assert_valid({"refused": page, "refused, typed": typed.content.decode()})


def test_b_is_refused_on_an_inspection_that_found_nothing_to_revoke(cast):
    certificate = certificate_for(cast)
    inspection = recorded(cast, scheduled(cast, certificate))
    services.inspection_conclude(inspection=inspection, by=inspection.inspectors.first(), outcome=Outcome.COMPLIANT)
    with pytest.raises(ValidationError) as info:
        propose_b(certificate, cast.province_officer)
    assert set(info.value.message_dict) == {"ground"}
    assert not Revocation.objects.exists()


def test_b_from_the_inspections_conclusion_still_proposes(cast):
    inspection = recorded(cast, items=with_finding(Severity.CRITICAL))  # a 4★ product, the province's own office
    services.inspection_conclude(
        inspection=inspection, by=inspection.inspectors.first(), outcome=Outcome.REVOKE, ground="b"
    )
    proposal = Revocation.objects.get()
    assert proposal.ground == "b" and proposal.status == RevocationStatus.PROPOSED


def test_the_certificate_page_proposes_b_on_the_inspection_whose_case_is_open(cast, login):
    certificate = certificate_for(cast)
    inspection = ministry_concluded_b(cast, certificate)
    case = RevocationCase.objects.get(certificate=certificate)
    client = login(cast.province_officer)
    page = client.get(revoke_url(certificate)).content.decode()
    assert reverse("supervision:case_detail", args=[case.pk]) in page  # the case is offered beside the form
    response = client.post(revoke_url(certificate), {"ground": "b", "detail": "Tiêu chí 5 không còn đạt."})
    assert response.status_code == 302
    proposal = Revocation.objects.get()
    day = f"{inspection.concluded_on:%d/%m/%Y}"
    assert proposal.detail == f"Theo kết luận kiểm tra ngày {day}.\nTiêu chí 5 không còn đạt."
    case.refresh_from_db()
    assert case.closed_on is None and case.opened_on == inspection.concluded_on  # the 15 days still run from it


def test_b_after_a_withdrawn_proposal_rests_on_the_same_inspection(cast):
    inspection = recorded(cast, items=with_finding(Severity.CRITICAL))
    services.inspection_conclude(
        inspection=inspection, by=inspection.inspectors.first(), outcome=Outcome.REVOKE, ground="b"
    )
    certificate = inspection.certificate
    certificate_revoke_withdraw(certificate=certificate, by=cast.province_officer)
    assert propose_b(certificate, cast.province_officer).ground == "b"


def test_b_is_refused_once_the_case_of_its_inspection_is_closed_or_on_another_ground(cast):
    certificate = certificate_for(cast)
    ministry_concluded_b(cast, certificate)
    case = RevocationCase.objects.get(certificate=certificate)
    services.revocation_case_close(case=case, by=cast.province_officer, reason="Chủ thể đã khắc phục.")
    with pytest.raises(ValidationError) as info:
        propose_b(certificate, cast.province_officer)
    assert "ground" in info.value.message_dict
    other = certificate_for(cast)
    inspection = recorded(cast, scheduled(cast, other), items=with_finding(Severity.CRITICAL))
    services.inspection_conclude(
        inspection=inspection, by=inspection.inspectors.first(), outcome=Outcome.REVOKE, ground="d"
    )
    certificate_revoke_withdraw(certificate=other, by=cast.province_officer)
    with pytest.raises(ValidationError) as info:
        propose_b(other, cast.province_officer)
    assert "ground" in info.value.message_dict


def test_the_demo_revocation_on_b_without_an_inspection_never_reaches_a_decision(cast, login):
    certificate = certificate_for(cast)
    login(cast.province_officer).post(revoke_url(certificate), {"ground": "b", "detail": ""})
    issuer = login(checker_for(cast.province_officer))
    today = timezone.localdate().strftime("%d/%m/%Y")
    issuer.post(revoke_url(certificate), {"decision_number": "3200/QĐ-UBND", "decision_date": today, "confirmed": "1"})
    certificate.refresh_from_db()
    assert certificate.status == "valid" and not Revocation.objects.exists()
    assert (
        login(cast.outsider)
        .get(reverse("certificates:certificate_verify", args=[certificate.verify_token]))
        .status_code
        == 200
    )


def test_every_proposal_states_what_it_rests_on(cast):
    certificate = certificate_for(cast)
    with pytest.raises(ValidationError) as info:
        certificate_revoke_propose(
            certificate=certificate,
            ground=RevocationGround.MARK_MISUSE,
            detail="  ",
            by=cast.province_officer,
            inspection_concluded_on=certificate.issued_on,
        )
    assert set(info.value.message_dict) == {"detail"}
    assert not Revocation.objects.exists()
