"""Revocation cases opened before grounds rested on the agency's conclusion: an inspection's own finding on ground a, c
or e, with no agency's conclusion. Ground a is proposed on the inspection's conclusion; ground c or e waits for the
competent agency's conclusion, which the office records on the agency-conclusion page for that very case (its 15 days
then running from it, Điều 8.4) and proposes there; the case page says what is missing and where to record it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from certificates.models import Revocation
from ocop.models import AuditEvent
from supervision import services
from supervision.choices import CaseSource
from supervision.models import RevocationCase

from .factories import certificate_for, old_case

pytestmark = pytest.mark.django_db


def _day(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def test_an_old_ground_a_case_is_proposed_on_the_inspections_conclusion(cast, login):
    case = old_case(cast, "a")
    client = login(cast.province_officer)
    url = reverse("supervision:case_detail", args=[case.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="case-awaits-conclusion"' not in page and "Đề xuất thu hồi</button>" in page
    assert client.post(url).status_code == 302
    proposal = Revocation.objects.get(certificate=case.certificate)
    assert proposal.ground == "a" and proposal.proposed_by == cast.province_officer


@pytest.mark.parametrize("ground", ["c", "e"])
def test_an_old_ground_c_or_e_case_says_what_is_missing_and_where_to_record_it(cast, login, ground):
    case = old_case(cast, ground)
    page = login(cast.province_officer).get(reverse("supervision:case_detail", args=[case.pk])).content.decode()
    assert 'data-testid="case-awaits-conclusion"' in page and "chưa ghi kết luận đó" in page
    assert reverse("supervision:agency_conclusion", args=[case.certificate_id]) in page
    assert "Đề xuất thu hồi</button>" not in page
    assert case.awaits_agency_conclusion
    with pytest.raises(ValidationError) as info:
        services.revocation_case_propose(case=case, by=cast.province_officer)
    assert "ground" in info.value.message_dict and not Revocation.objects.exists()
    viewer = login(cast.viewer).get(reverse("supervision:case_detail", args=[case.pk])).content.decode()
    assert 'data-testid="case-awaits-conclusion"' in viewer and 'data-testid="case-record-conclusion"' not in viewer


def test_the_agency_conclusion_page_records_the_conclusion_on_that_case_and_proposes(cast, login):
    case = old_case(cast, "c")
    client = login(cast.province_officer)
    url = reverse("supervision:agency_conclusion", args=[case.certificate_id])
    page = client.get(url)
    assert {value for value, _label in page.context["form"].fields["ground"].choices} == {"c"}
    assert 'data-testid="awaiting-case"' in page.content.decode()
    day = timezone.localdate() - dt.timedelta(days=1)
    post = {
        "ground": "c",
        "agency": "Chi cục An toàn vệ sinh thực phẩm",
        "document_number": "15/KL-ATTP",
        "concluded_on": _day(day),
        "detail": "Mẫu vượt ngưỡng vi sinh.",
    }
    assert "ground" in client.post(url, {**post, "ground": "e"}).context["form"].errors
    done = client.post(url, post)
    assert done.status_code == 302 and done["Location"] == reverse("supervision:case_detail", args=[case.pk])
    assert RevocationCase.objects.count() == 1
    case.refresh_from_db()
    assert (case.source, case.ground, case.agency, case.document_number) == (
        CaseSource.AGENCY,
        "c",
        "Chi cục An toàn vệ sinh thực phẩm",
        "15/KL-ATTP",
    )
    assert case.opened_on == day and case.due_on == services.revocation_due_on(day)
    assert case.inspection_id is not None and not case.awaits_agency_conclusion
    proposal = Revocation.objects.get(certificate=case.certificate)
    assert proposal.ground == "c" and "15/KL-ATTP" in proposal.detail and "Mẫu vượt ngưỡng" in proposal.detail
    assert AuditEvent.objects.filter(action="supervision.case_conclusion", target_id=str(case.pk)).exists()
    after = client.get(reverse("supervision:case_detail", args=[case.pk])).content.decode()
    assert 'data-testid="case-awaits-conclusion"' not in after and "15/KL-ATTP" in after


def _cancel_href(page: str) -> str:
    """Where the page's "Huỷ" leads."""
    tag = next(part for part in page.split("<a ") if ">Huỷ</a>" in part)
    return tag.split('href="', 1)[1].split('"', 1)[0]


def test_the_agency_conclusion_page_opened_for_a_case_cancels_back_to_that_case(cast, login):
    """Opened from the case (whose note it shows), "Huỷ" goes back to the case; opened from the certificate, to the
    certificate."""
    case = old_case(cast, "c")
    client = login(cast.province_officer)
    page = client.get(reverse("supervision:agency_conclusion", args=[case.certificate_id])).content.decode()
    assert 'data-testid="awaiting-case"' in page
    assert _cancel_href(page) == reverse("supervision:case_detail", args=[case.pk])
    other = certificate_for(cast)
    plain = client.get(reverse("supervision:agency_conclusion", args=[other.pk])).content.decode()
    assert 'data-testid="awaiting-case"' not in plain
    assert _cancel_href(plain) == reverse("certificates:certificate_detail", args=[other.pk])
