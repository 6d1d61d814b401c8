"""A competent authority's conclusion is typed on three pages (the inspection's conclude page, the ad hoc inspection, the
agency-conclusion page, there also as the ministry's letter, Điều 10.1b): every refusal under one of its fields names
that field as the page labels it. On the conclude page the agency's date sits next to the inspection's own "Ngày kết
luận": "Ngày kết luận …" under "Ngày kết luận của cơ quan" did not say which of the two was wrong."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from supervision.choices import Outcome, Severity
from supervision.models import Inspection, RevocationCase

from .factories import certificate_for, inspector, recorded, with_finding

pytestmark = pytest.mark.django_db

AGENCY_PARTS = {"agency", "document_number", "concluded_on"}


def _day(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def assert_errors_name_their_fields(form, names) -> None:
    """Each of `names` has an error, and each of its messages names the field's label (an optional field's "(nếu
    có)" aside)."""
    assert set(names) <= set(form.errors), form.errors
    for name in names:
        label = str(form.fields[name].label).removesuffix(" (nếu có)").lower()
        for message in form.errors[name]:
            assert label in message.lower(), (name, label, message)


def _conclude_post(**agency):
    return {
        "outcome": Outcome.REVOKE,
        "concluded_on": _day(timezone.localdate()),
        "ground": "c",
        **agency,
    }


CONCLUDE_PARTS = {"agency", "agency_document_number", "agency_concluded_on"}


@pytest.mark.parametrize(
    "typed,refused",
    [
        ({"agency": "", "agency_document_number": "kết luận 7", "agency_concluded_on": "+1"}, CONCLUDE_PARTS),
        ({"agency": "", "agency_document_number": "", "agency_concluded_on": ""}, CONCLUDE_PARTS),  # c needs it
        # before the certificate's issue
        (
            {"agency": "Chi cục ATTP", "agency_document_number": "7/KL", "agency_concluded_on": "-2000"},
            {"agency_concluded_on"},
        ),
    ],
)
def test_the_conclude_pages_agency_errors_name_the_agencys_fields_not_the_inspections(cast, login, typed, refused):
    inspection = recorded(cast, items=with_finding(Severity.CRITICAL))
    client = login(inspection.inspectors.first())
    when = typed["agency_concluded_on"]
    if when:
        typed = {**typed, "agency_concluded_on": _day(timezone.localdate() + dt.timedelta(days=int(when)))}
    wrong = client.post(reverse("supervision:inspection_conclude", args=[inspection.pk]), _conclude_post(**typed))
    assert wrong.status_code == 200 and not RevocationCase.objects.exists()
    form = wrong.context["form"]
    assert_errors_name_their_fields(form, refused)
    assert form.fields["agency_concluded_on"].label == "Ngày kết luận của cơ quan"
    assert form.fields["concluded_on"].label == "Ngày kết luận"  # the inspection's own, left without an error
    assert "concluded_on" not in form.errors


@pytest.mark.parametrize(
    "typed,refused",
    [
        ({"agency": "", "document_number": "kết luận 7", "concluded_on": "+1"}, AGENCY_PARTS),
        # all or none: the agency typed, its number and date not
        (
            {"agency": "Đội Quản lý thị trường số 2", "document_number": "", "concluded_on": ""},
            AGENCY_PARTS - {"agency"},
        ),
    ],
)
def test_the_ad_hoc_forms_agency_errors_name_their_fields(cast, login, typed, refused):
    certificate = certificate_for(cast)
    when = typed["concluded_on"]
    if when:
        typed = {**typed, "concluded_on": _day(timezone.localdate() + dt.timedelta(days=int(when)))}
    post = {
        "certificate_number": certificate.number,
        "detail": "Đội QLTT số 2: nhãn ghi sai thành phần.",
        "inspectors": [inspector(cast).pk],
        "scheduled_on": _day(timezone.localdate()),
        **typed,
    }
    wrong = login(cast.province_officer).post(reverse("supervision:inspection_create"), post)
    assert wrong.status_code == 200 and not Inspection.objects.exists()
    assert_errors_name_their_fields(wrong.context["form"], refused)


@pytest.mark.parametrize("user", ["province_officer", "central_officer"])
@pytest.mark.parametrize(
    "typed,refused",
    [
        ({"agency": "", "document_number": "", "concluded_on": ""}, AGENCY_PARTS),  # each required part left empty
        ({"agency": " ", "document_number": "số 5", "concluded_on": "+2"}, AGENCY_PARTS),
        ({"agency": "Sở Công Thương", "document_number": "5", "concluded_on": "-2000"}, AGENCY_PARTS - {"agency"}),
    ],
)
def test_the_agency_conclusion_pages_errors_name_their_fields(cast, login, user, typed, refused):
    """The office's proposal and the ministry's letter alike (its fields "Cơ quan đề nghị", "Số văn bản đề nghị của
    Bộ", "Ngày văn bản"), Django's "required" included."""
    certificate = certificate_for(cast)
    when = typed["concluded_on"]
    if when:
        typed = {**typed, "concluded_on": _day(timezone.localdate() + dt.timedelta(days=int(when)))}
    url = reverse("supervision:agency_conclusion", args=[certificate.pk])
    wrong = login(getattr(cast, user)).post(url, {"ground": "e", **typed})
    assert wrong.status_code == 200 and not RevocationCase.objects.exists()
    form = wrong.context["form"]
    assert_errors_name_their_fields(form, refused)
    if user == "central_officer":
        assert form.fields["agency"].label == "Cơ quan đề nghị"
        assert not any("kết luận" in message for name in refused for message in form.errors[name])
