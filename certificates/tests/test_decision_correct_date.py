"""A correcting decision (quyết định đính chính) cannot be dated before what it corrects. It could be: a correction of
decision 10/QĐ-UBND of 23/10/2026 issued dated 01/01/2026 was accepted, and every list, report and certificate history
then put the correction before the decision it corrects (its certificates issued before the ones they replace).

Issuing refuses a date earlier than the corrected decision's date, or than its certificates' issue date when that is
later, beside the date field, naming the earliest date allowed, as the refusals of a date in the future and of one
before the council's result do; what the officer typed stays in the form. The same day is allowed (a typing error
found on the day of signature).

The suite's pinned day is 02/12/2026, 10:00 (+07)."""

import datetime
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from certificates.choices import DecisionStatus
from certificates.models import Certificate
from certificates.services.decisions import decision_check, decision_correct, decision_issue
from certificates.tests.factories import checker_for, issued_decision, result_for
from ocop.models import AuditEvent

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 2)
SIGNED = datetime.date(2026, 10, 23)  # the corrected decision's date, 40 days before the pinned day
REFUSED = (
    "Quyết định đính chính không thể ghi ngày trước quyết định số 10/QĐ-UBND mà nó đính chính: ngày sớm nhất là {}."
)


@pytest.fixture
def correction(cast):
    """A checked correction of decision 10/QĐ-UBND of 23/10/2026 (two products), ready to issue."""
    assert timezone.localdate() == TODAY
    results = [
        result_for(cast.producer, name="Chè Shan tuyết Mộc Châu"),
        result_for(cast.producer, name="Mắm tôm Hậu Lộc"),
    ]
    original = issued_decision(
        province=cast.province, by=cast.province_officer, results=results, number="10/QĐ-UBND", on=SIGNED
    )
    correction = decision_correct(decision=original, by=cast.province_officer)
    decision_check(decision=correction, by=checker_for(cast.province_officer))
    return correction


def issue(cast, correction, on: datetime.date):
    return decision_issue(decision=correction, number="11/QĐ-UBND", date=on, by=checker_for(cast.province_officer))


def assert_untouched(correction) -> None:
    correction.refresh_from_db()
    assert (correction.status, correction.number, correction.date) == (DecisionStatus.CHECKED, "", None)
    assert not correction.certificates.exists()
    assert not AuditEvent.objects.filter(action="decision.issue", target_id=str(correction.pk)).exists()
    assert Certificate.objects.filter(decision=correction.corrects, superseded_by=None).count() == 2


@pytest.mark.parametrize("on", [SIGNED - timedelta(days=1), datetime.date(2026, 1, 1), datetime.date(2019, 5, 7)])
def test_a_correction_dated_before_the_decision_it_corrects_is_refused_beside_the_date(cast, correction, on):
    with pytest.raises(ValidationError) as refused:
        issue(cast, correction, on)

    assert refused.value.message_dict == {"date": [REFUSED.format("23/10/2026")]}
    assert_untouched(correction)


def test_the_same_day_as_the_corrected_decision_is_allowed(cast, correction):
    issue(cast, correction, SIGNED)

    correction.refresh_from_db()
    assert (correction.status, correction.date) == (DecisionStatus.ISSUED, SIGNED)
    originals = {c.product_id: c for c in Certificate.objects.filter(decision=correction.corrects)}
    for new in correction.certificates.all():
        old = originals[new.product_id]
        assert (new.issued_on, new.valid_until, old.superseded_by) == (SIGNED, old.valid_until, new)


def test_a_corrected_certificate_issued_after_its_decision_sets_the_earliest_date(cast, correction):
    """The corrected certificates are issued on their decision's date; one recorded later (a certificate's date typed
    again by the administrator) is what the correction replaces, so the correction is not dated before it either."""
    later = SIGNED + timedelta(days=5)
    Certificate.objects.filter(decision=correction.corrects, product__name="Mắm tôm Hậu Lộc").update(issued_on=later)

    with pytest.raises(ValidationError) as refused:
        issue(cast, correction, later - timedelta(days=1))

    assert refused.value.message_dict == {"date": [REFUSED.format("28/10/2026")]}
    assert_untouched(correction)
    issue(cast, correction, later)
    assert correction.certificates.count() == 2


def test_the_future_is_still_refused_first(cast, correction):
    with pytest.raises(ValidationError) as refused:
        issue(cast, correction, TODAY + timedelta(days=1))
    assert refused.value.message_dict == {"date": ["Ngày quyết định không thể sau hôm nay (02/12/2026)."]}


# --- the issue form ---------------------------------------------------------------------------------------------------


def post_issue(client, correction, date: str, **extra):
    return client.post(
        reverse("certificates:decision_issue", args=[correction.pk]),
        {"number": "11/QĐ-UBND", "date": date, **extra},
    )


def test_the_issue_form_shows_the_refusal_beside_the_date_and_keeps_what_was_typed(login, cast, correction):
    client = login(checker_for(cast.province_officer))

    response = post_issue(client, correction, "22/10/2026", confirmed="1")

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"date": [REFUSED.format("23/10/2026")]}
    html = response.content.decode()
    assert 'value="11/QĐ-UBND"' in html  # what the officer typed stays
    field = html[html.index('id="div_id_date"') :]
    field = field[: field.index("</form>")]
    # Beside the date field, with the date typed: the message under the input that holds it.
    assert field.index('value="22/10/2026"') < field.index('aria-invalid="true"') < field.index('id="id_date_error"')
    assert field.index('id="id_date_error"') < field.index(REFUSED.format("23/10/2026"))
    assert_untouched(correction)

    client.cookies["django_language"] = "en"
    errors = post_issue(client, correction, "22/10/2026", confirmed="1").context["form"].errors["date"]
    assert errors == [
        "A correcting decision cannot be dated before decision No. 10/QĐ-UBND, which it corrects: the earliest date "
        "is 23/10/2026."
    ]


def test_the_issue_form_issues_the_correction_dated_the_day_of_the_corrected_decision(login, cast, correction):
    response = post_issue(login(checker_for(cast.province_officer)), correction, "23/10/2026", confirmed="1")

    assert response.status_code == 302
    correction.refresh_from_db()
    assert (correction.status, correction.date) == (DecisionStatus.ISSUED, SIGNED)
