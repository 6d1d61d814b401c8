"""An inspection concluded on a ground that rests on a competent authority's conclusion (Điều 8.1a, c, e) with no
such conclusion recorded when it opened: the conclusion is entered where the ground is concluded, checked by the
one check (agency_conclusion_clean), and the 15 days of Điều 8.4 run from its date, not from the inspection's."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from certificates.choices import RevocationGround
from certificates.models import Revocation
from supervision import services
from supervision.choices import CaseSource, Outcome, Severity
from supervision.models import RevocationCase

from .factories import recorded, with_finding

pytestmark = pytest.mark.django_db


def _day(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


@pytest.mark.parametrize("ground", [RevocationGround.LAW_BREACH, RevocationGround.OTHER])
def test_a_ground_c_or_e_without_the_agencys_conclusion_is_refused_next_to_its_fields(cast, ground):
    inspection = recorded(cast, items=with_finding(Severity.CRITICAL))
    with pytest.raises(ValidationError) as info:
        services.inspection_conclude(
            inspection=inspection, by=inspection.inspectors.first(), outcome=Outcome.REVOKE, ground=ground
        )
    assert {"agency", "agency_document_number", "agency_concluded_on"} <= set(info.value.message_dict)
    assert not RevocationCase.objects.exists() and not Revocation.objects.exists()
    inspection.refresh_from_db()
    assert inspection.outcome == ""


def test_the_agencys_conclusion_entered_at_the_conclusion_starts_the_15_days(cast):
    inspection = recorded(cast, items=with_finding(Severity.CRITICAL))
    day = timezone.localdate() - dt.timedelta(days=5)
    services.inspection_conclude(
        inspection=inspection,
        by=inspection.inspectors.first(),
        outcome=Outcome.REVOKE,
        ground=RevocationGround.LAW_BREACH,
        agency="Chi cục An toàn vệ sinh thực phẩm",
        agency_document_number="31/KL-ATTP",
        agency_concluded_on=day,
    )
    case = RevocationCase.objects.get()
    assert (case.source, case.opened_on, case.document_number) == (CaseSource.AGENCY, day, "31/KL-ATTP")
    assert case.due_on == services.revocation_due_on(day)
    inspection.refresh_from_db()
    assert inspection.agency_concluded_on == day and inspection.agency_document_number == "31/KL-ATTP"
    assert "31/KL-ATTP" in Revocation.objects.get().detail


def test_the_conclude_form_takes_the_agencys_conclusion_and_shows_every_error_at_once(cast, login):
    inspection = recorded(cast, items=with_finding(Severity.CRITICAL))
    client = login(inspection.inspectors.first())
    url = reverse("supervision:inspection_conclude", args=[inspection.pk])
    page = client.get(url).content.decode()
    assert 'name="agency_document_number"' in page and 'name="agency_concluded_on"' in page
    post = {
        "outcome": Outcome.REVOKE,
        "concluded_on": _day(timezone.localdate()),
        "ground": "c",
        "agency": "Đội Quản lý thị trường số 2",
        "agency_document_number": "kết luận 7",
        "agency_concluded_on": _day(timezone.localdate() + dt.timedelta(days=1)),
    }
    wrong = client.post(url, post)
    assert wrong.status_code == 200 and not RevocationCase.objects.exists()
    assert {"agency_document_number", "agency_concluded_on"} <= set(wrong.context["form"].errors)
    assert 'value="kết luận 7"' in wrong.content.decode()
    day = timezone.localdate() - dt.timedelta(days=2)
    good = {**post, "agency_document_number": "7/KL-QLTT", "agency_concluded_on": _day(day)}
    confirm = client.post(url, good).content.decode()
    assert 'data-testid="confirm-step"' in confirm and "7/KL-QLTT" in confirm and _day(day) in confirm
    assert client.post(url, {**good, "confirmed": "1"}).status_code == 302
    assert RevocationCase.objects.get().opened_on == day
