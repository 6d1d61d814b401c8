"""Điều 8.1a: "Chủ thể OCOP bị phát hiện cung cấp thông tin, tài liệu không trung thực hoặc giả mạo hồ sơ …" names no
agency: the OCOP office's own verification (its inspection, Điều 8.3a and 9) may find it, as may another agency's
conclusion. An inspection concludes ground a on its own finding, the 15 days of Điều 8.4 then running from its
conclusion; an agency's conclusion entered with it (all or none) starts them instead. Grounds c and e still need the
agency's conclusion (test_conclude_agency_conclusion)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CONCLUSION_GROUNDS, RevocationGround
from certificates.models import Revocation
from supervision import services
from supervision.choices import CaseSource, Outcome, Severity
from supervision.models import RevocationCase

from .factories import certificate_for, recorded, with_finding
from .test_revocation_referral import ministry_inspection

pytestmark = pytest.mark.django_db


def _day(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def test_an_inspection_concludes_ground_a_on_its_own_finding_from_its_own_conclusion(cast):
    inspection = recorded(cast, items=with_finding(Severity.CRITICAL))
    today = timezone.localdate()
    services.inspection_conclude(
        inspection=inspection,
        by=inspection.inspectors.first(),
        outcome=Outcome.REVOKE,
        ground=RevocationGround.UNTRUTHFUL,
        detail="Hồ sơ đăng ký kèm giấy chứng nhận ATTP giả.",
    )
    case = RevocationCase.objects.get()
    assert (case.source, case.ground, case.opened_on) == (CaseSource.FINDING, "a", today)
    assert case.due_on == services.revocation_due_on(today)
    proposal = Revocation.objects.get()
    assert proposal.ground == "a" and proposal.detail == "Hồ sơ đăng ký kèm giấy chứng nhận ATTP giả."
    inspection.refresh_from_db()
    assert inspection.outcome == Outcome.REVOKE and not inspection.has_agency_conclusion


def test_an_agencys_conclusion_entered_with_ground_a_starts_the_15_days_instead(cast):
    inspection = recorded(cast, items=with_finding(Severity.CRITICAL))
    day = timezone.localdate() - dt.timedelta(days=4)
    services.inspection_conclude(
        inspection=inspection,
        by=inspection.inspectors.first(),
        outcome=Outcome.REVOKE,
        ground=RevocationGround.UNTRUTHFUL,
        agency="Công an tỉnh",
        agency_document_number="9/KL-CA",
        agency_concluded_on=day,
    )
    case = RevocationCase.objects.get()
    assert (case.source, case.opened_on, case.document_number) == (CaseSource.AGENCY, day, "9/KL-CA")
    assert "9/KL-CA" in Revocation.objects.get().detail


def test_half_an_agencys_conclusion_with_ground_a_is_refused_next_to_what_is_missing(cast):
    inspection = recorded(cast, items=with_finding(Severity.CRITICAL))
    with pytest.raises(ValidationError) as info:
        services.inspection_conclude(
            inspection=inspection,
            by=inspection.inspectors.first(),
            outcome=Outcome.REVOKE,
            ground=RevocationGround.UNTRUTHFUL,
            agency="Công an tỉnh",
        )
    assert {"agency_document_number", "agency_concluded_on"} <= set(info.value.message_dict)
    assert not RevocationCase.objects.exists() and not Revocation.objects.exists()


def test_the_conclude_page_takes_ground_a_without_an_agency_and_says_where_the_15_days_start(cast, login):
    inspection = recorded(cast, items=with_finding(Severity.CRITICAL))
    client = login(inspection.inspectors.first())
    url = reverse("supervision:inspection_conclude", args=[inspection.pk])
    post = {"outcome": Outcome.REVOKE, "concluded_on": _day(timezone.localdate()), "ground": "a"}
    confirm = client.post(url, post)
    page = confirm.content.decode()
    assert 'data-testid="confirm-step"' in page, confirm.context["form"].errors
    assert "bắt đầu từ ngày kết luận" in page
    assert client.post(url, {**post, "confirmed": "1"}).status_code == 302
    case = RevocationCase.objects.get()
    assert case.source == CaseSource.FINDING and Revocation.objects.get().ground == "a"


def test_the_ministrys_inspection_passes_ground_a_to_the_province_which_proposes_from_the_case(cast, login):
    inspection = ministry_inspection(cast, certificate_for(cast, star=3))
    services.inspection_conclude(
        inspection=inspection, by=cast.central_officer, outcome=Outcome.REVOKE, ground=RevocationGround.UNTRUTHFUL
    )
    case = RevocationCase.objects.get()
    assert case.source == CaseSource.FINDING and not Revocation.objects.exists()
    client = login(cast.province_officer)
    url = reverse("supervision:case_detail", args=[case.pk])
    assert 'data-testid="case-awaits-conclusion"' not in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert Revocation.objects.get().ground == "a"


def test_every_page_that_takes_a_conclusion_offers_the_same_grounds(cast, login):
    """The agency-conclusion page offers the grounds that may rest on an agency's conclusion; the certificate page's
    own form, which records none, offers the others (one rule, certificates.choices)."""
    certificate = certificate_for(cast)
    client = login(cast.province_officer)
    page = client.get(reverse("supervision:agency_conclusion", args=[certificate.pk]))
    offered = {value for value, _label in page.context["form"].fields["ground"].choices} - {""}
    assert offered == set(CONCLUSION_GROUNDS) == {"a", "c", "e"}
    revoke = client.get(reverse("certificates:certificate_revoke", args=[certificate.pk]))
    left = {value for value, _label in revoke.context["form"].fields["ground"].choices} - {""}
    assert not left & offered and left == set(RevocationGround.values) - offered
