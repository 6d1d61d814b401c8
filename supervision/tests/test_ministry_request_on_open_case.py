"""Điều 10.1b: the ministry asks the Chủ tịch UBND tỉnh to revoke a recognition made not as required (ground e, its
letter the conclusion). When the certificate's province already has an open case on ground e that waits for a
competent agency's conclusion (opened from an inspection's own finding: RevocationCase.awaits_agency_conclusion), the
ministry's letter is that conclusion: recorded on the case (its 15 days then from the letter, audited, the province's
office told), not refused as "already a case". Any other open case still refuses it, with a link to the case."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from certificates.models import Revocation
from ocop.models import AuditEvent, Notification
from supervision import services
from supervision.choices import CaseSource
from supervision.models import RevocationCase
from supervision.services.cases import revocation_requested_by

from .factories import certificate_for, old_case

pytestmark = pytest.mark.django_db


def _day(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def _letter(day: dt.date, **extra) -> dict:
    return {
        "ground": "e",
        "agency": "Bộ Nông nghiệp và Môi trường",
        "document_number": "45/BNNMT-KTHT",
        "concluded_on": _day(day),
        "detail": "Đánh giá, phân hạng không đúng quy định.",
        **extra,
    }


def test_the_ministrys_letter_is_recorded_on_the_provinces_case_that_awaits_it(cast, login):
    case = old_case(cast, "e")
    province_opener = case.opened_by
    client = login(cast.central_officer)
    case_page = client.get(reverse("supervision:case_detail", args=[case.pk])).content.decode()
    url = reverse("supervision:agency_conclusion", args=[case.certificate_id])
    assert 'data-testid="case-request-conclusion"' in case_page and url in case_page
    page = client.get(url)
    assert page.status_code == 200 and page.context["awaiting"] == case
    assert 'data-testid="awaiting-case"' in page.content.decode()
    day = timezone.localdate() - dt.timedelta(days=1)
    started = page.context["form"]["detail"].value()  # the case's own detail, to start from
    assert started == case.detail
    done = client.post(url, _letter(day, detail=f"{started}\nĐánh giá, phân hạng không đúng quy định."))
    assert done.status_code == 302 and done["Location"] == reverse("supervision:case_detail", args=[case.pk])
    assert RevocationCase.objects.count() == 1 and not Revocation.objects.exists()  # the province proposes
    case.refresh_from_db()
    assert (case.source, case.ground, case.agency, case.document_number) == (
        CaseSource.AGENCY,
        "e",
        "Bộ Nông nghiệp và Môi trường",
        "45/BNNMT-KTHT",
    )
    assert case.opened_on == day and case.due_on == services.revocation_due_on(day)
    assert case.inspection_id is not None and not case.awaits_agency_conclusion
    assert "45/BNNMT-KTHT" in case.detail and "Theo kết luận kiểm tra" in case.detail  # the finding's text kept
    event = AuditEvent.objects.get(action="supervision.case_conclusion", target_id=str(case.pk))
    assert event.actor == cast.central_officer and event.changes["opened_by"] == [province_opener.pk, case.opened_by_id]
    told = Notification.objects.get(url=reverse("supervision:case_detail", args=[case.pk]), user=cast.province_officer)
    assert "45/BNNMT-KTHT" in told.text
    assert cast.central_officer.pk in revocation_requested_by(case.certificate)  # sent the decision (Điều 8.3c)
    services.revocation_case_propose(case=case, by=cast.province_officer)
    assert "45/BNNMT-KTHT" in Revocation.objects.get(certificate=case.certificate).detail


def test_a_letter_on_a_case_awaiting_ground_c_is_refused_with_a_link_to_the_case(cast, login):
    """The ministry's request is ground e; a case awaiting the conclusion of a breach (c) is not waiting for it."""
    case = old_case(cast, "c")
    client = login(cast.central_officer)
    url = reverse("supervision:agency_conclusion", args=[case.certificate_id])
    opened = client.get(url)
    assert opened.status_code == 302 and opened["Location"] == reverse("supervision:case_detail", args=[case.pk])
    case_page = client.get(opened["Location"]).content.decode()
    assert 'data-testid="case-request-conclusion"' not in case_page
    refused = client.post(url, _letter(timezone.localdate() - dt.timedelta(days=1)))
    assert refused.status_code == 200 and refused.context["form"].non_field_errors()
    page = refused.content.decode()
    assert 'data-testid="open-case"' in page and reverse("supervision:case_detail", args=[case.pk]) in page
    assert 'value="45/BNNMT-KTHT"' in page  # what was typed stays
    unchanged = RevocationCase.objects.get()
    assert (unchanged.source, unchanged.ground, unchanged.document_number) == (CaseSource.FINDING, "c", "")


def test_a_letter_on_a_case_that_awaits_nothing_is_refused_with_a_link_to_the_case(cast, login):
    certificate = certificate_for(cast)
    day = timezone.localdate() - dt.timedelta(days=2)
    case = services.production_stop_confirm(
        certificate=certificate, by=cast.commune_officer, confirmed_on=day, document_number="3/XN-UBND"
    )
    assert not case.awaits_agency_conclusion
    client = login(cast.central_officer)
    url = reverse("supervision:agency_conclusion", args=[certificate.pk])
    refused = client.post(url, _letter(day))
    assert refused.status_code == 200
    page = refused.content.decode()
    assert 'data-testid="open-case"' in page and reverse("supervision:case_detail", args=[case.pk]) in page
    with pytest.raises(ValidationError) as info:
        services.agency_conclusion_propose(
            certificate=certificate, by=cast.central_officer, **{**_letter(day), "concluded_on": day}
        )
    assert info.value.code == "duplicate"
    unchanged = RevocationCase.objects.get()
    assert (unchanged.source, unchanged.document_number) == (CaseSource.COMMUNE, "3/XN-UBND")
    assert not any("45/BNNMT" in told.text for told in Notification.objects.all())
