"""Điều 7.6a, 12.3: a re-evaluation is judged on the day its dossier was filed, its first submission
(evaluation.selectors.reevaluation.filed_before_expiry), whatever the day and hour it is submitted again and whether
the night's expiry sweep (00:30) has run yet. Filed on or before its certificate's last day, returned to the producer
to complete and submitted again the day after that last day, it is in time: the resubmission is accepted and the
certificate is extended while it is pending, and its page, the producer's home and the API say so, before the sweep
as after it. A dossier never filed before the expiry stays refused, both ways.

The day after the last valid day is the suite's pinned day (02/12/2026); the moments below move within it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus as S
from certificates.services.expiry import certificates_flag_expiring
from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as R
from evaluation.selectors.reevaluation import filed_on, filing_window_state
from evaluation.services.checks import submit_errors
from evaluation.services.transitions import registration_return, registration_submit
from evaluation.tests.factories import complete_dossier, registration_in, use_private_media

from .factories import make_certificate

pytestmark = pytest.mark.django_db

LAST_DAY = dt.date(2026, 12, 1)  # the certificate's last valid day (Điều 4.3)
NEXT_DAY = LAST_DAY + dt.timedelta(days=1)  # the first day past it: the sweep runs at 00:30 (ocop/celery.py)
EXPIRED_TEXT = "đã hết hạn"

# When the dossier was first filed: inside the window (180 to 120 days before the expiry), late (after the window,
# before the expiry, Điều 12.3), and in the last minutes of the last day (16:50 UTC, still the same day there too).
FILINGS = {
    "in the window": dt.datetime.combine(LAST_DAY - dt.timedelta(days=150), dt.time(10)),
    "late": dt.datetime.combine(LAST_DAY - dt.timedelta(days=10), dt.time(10)),
    "on the last evening": dt.datetime.combine(LAST_DAY, dt.time(23, 50)),
}
# When it is submitted on the day after the last: with the night's sweep not run yet (just after midnight, or a
# missed night) and after it, early and late in the day.
MOMENTS = {
    "00:10, before the sweep": (dt.time(0, 10), False),
    "10:00, the sweep missed": (dt.time(10), False),
    "10:00, after the sweep": (dt.time(10), True),
    "23:50, after the sweep": (dt.time(23, 50), True),
}


def local(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=timezone.get_current_timezone())


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    use_private_media(settings, tmp_path)  # the documents of the completed dossiers


@pytest.fixture
def certificate(cast):
    """Stored "expiring" on its last day, as the sweep left it the night before."""
    return make_certificate(cast.producer, status=S.EXPIRING, valid_until=LAST_DAY)


@pytest.fixture
def next_day(time_machine, django_capture_on_commit_callbacks):
    """next_day(moment_name): move to that moment of the day after the last valid day, the night's sweep run or not."""

    def _go(name: str) -> None:
        clock, swept = MOMENTS[name]
        if swept:
            time_machine.move_to(local(dt.datetime.combine(NEXT_DAY, dt.time(0, 30))))
            with django_capture_on_commit_callbacks(execute=True):
                certificates_flag_expiring()
        time_machine.move_to(local(dt.datetime.combine(NEXT_DAY, clock)))

    return _go


def filed_then_returned(cast, certificate, time_machine, filed_at: dt.datetime):
    """A re-evaluation of the certificate's product filed at `filed_at` and returned by the commune just after."""
    time_machine.move_to(local(filed_at))
    registration = registration_in(cast, kind=K.REEVALUATION, product=certificate.product, round=None)
    complete_dossier(registration, cast.producer_owner)
    registration_submit(registration=registration, by=cast.producer_owner)
    time_machine.move_to(local(filed_at + dt.timedelta(minutes=5)))
    registration.refresh_from_db()
    registration_return(registration=registration, by=cast.commune_officer, reason="Thiếu phiếu kiểm nghiệm.")
    registration.refresh_from_db()
    return registration


@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("filing", FILINGS)
def test_a_dossier_filed_before_the_expiry_is_accepted_again_the_day_after(
    cast, certificate, time_machine, next_day, django_capture_on_commit_callbacks, filing, moment
):
    registration = filed_then_returned(cast, certificate, time_machine, FILINGS[filing])
    next_day(moment)
    assert timezone.localdate() == NEXT_DAY
    certificate.refresh_from_db()
    assert certificate.effective_status(NEXT_DAY) == S.EXTENDED  # the returned dossier is pending (Điều 12.3)
    assert not [e for e in submit_errors(registration) if EXPIRED_TEXT in e]

    registration_submit(registration=registration, by=cast.producer_owner)
    registration.refresh_from_db()
    assert registration.status == R.SUBMITTED
    assert filed_on(registration) == FILINGS[filing].date()  # filed then; the resubmission completes it
    assert timezone.localdate(registration.submitted_at) == NEXT_DAY
    assert filing_window_state(registration)["state"] in {"open", "late"}

    # The sweep (of tonight, or of this night if it has not run) keeps the certificate extended.
    with django_capture_on_commit_callbacks(execute=True):
        certificates_flag_expiring(today=NEXT_DAY)
    certificate.refresh_from_db()
    assert certificate.status == S.EXTENDED


@pytest.mark.parametrize("moment", MOMENTS)
def test_an_officer_submits_the_completed_dossier_for_the_producer_too(
    cast, certificate, time_machine, next_day, moment
):
    """The commune officer who receives the completed paper dossier files it in the system (PRODUCER_SIDE), for a
    producer that has no account (any more): one with an account submits it itself
    (evaluation.permissions.registrations.acts_for_the_producer)."""
    registration = filed_then_returned(cast, certificate, time_machine, FILINGS["late"])
    certificate.product.producer.members.clear()  # no account of its own any more: the officer acts for it
    next_day(moment)
    registration_submit(registration=registration, by=cast.commune_officer)
    registration.refresh_from_db()
    assert registration.status == R.SUBMITTED


@pytest.mark.parametrize("moment", [*MOMENTS, "06:00, 23:00 UTC the day before"])
def test_a_dossier_never_filed_before_the_expiry_stays_refused(
    cast, certificate, time_machine, next_day, django_capture_on_commit_callbacks, moment
):
    """Drafted late, first submitted the day after the last valid day: no re-evaluation any more, a first evaluation
    is needed. At 06:00 in Việt Nam it is still the last day in UTC: the day is Việt Nam's."""
    time_machine.move_to(local(FILINGS["late"]))
    registration = registration_in(cast, kind=K.REEVALUATION, product=certificate.product, round=None)
    complete_dossier(registration, cast.producer_owner)
    if moment in MOMENTS:
        next_day(moment)
    else:
        time_machine.move_to(local(dt.datetime.combine(NEXT_DAY, dt.time(6))))
    with pytest.raises(ValidationError, match=f"Giấy chứng nhận {EXPIRED_TEXT} ngày 01/12/2026"):
        registration_submit(registration=registration, by=cast.producer_owner)
    registration.refresh_from_db()
    assert registration.status == R.DRAFT and registration.first_submitted_at is None
    certificate.refresh_from_db()
    assert certificate.effective_status(NEXT_DAY) == S.EXPIRED
    with django_capture_on_commit_callbacks(execute=True):
        certificates_flag_expiring(today=NEXT_DAY)
    certificate.refresh_from_db()
    assert certificate.status == S.EXPIRED


@pytest.mark.parametrize("moment", ["00:10, before the sweep", "10:00, after the sweep"])
def test_the_dossier_page_the_home_and_the_api_say_the_same_before_and_after_the_sweep(
    cast, certificate, client, login, time_machine, next_day, moment
):
    registration = filed_then_returned(cast, certificate, time_machine, FILINGS["late"])
    next_day(moment)
    producer = login(cast.producer_owner)

    page = producer.get(reverse("evaluation:registration_detail", args=[registration.pk])).content.decode()
    assert 'data-testid="reevaluation-window"' in page
    assert 'data-testid="filed-late"' in page and "21/11/2026" in page  # filed late, extended (Điều 12.3)
    assert EXPIRED_TEXT not in page

    home = producer.get(reverse("home"))
    rows = home.content.decode().split('data-testid="my-certificates"')[1]
    assert certificate.number in rows and 'data-testid="certificate-extended"' in rows
    assert [c.pk for c in home.context["worklist"]["certificates"]] == [certificate.pk]

    verified = client.get(reverse("api:public_certificate_verify", args=[certificate.verify_token])).json()
    assert verified["verdict"] == "extended" and verified["is_live"] and verified["extended_until"] == "2027-05-30"


def test_the_home_no_longer_lists_a_certificate_past_its_last_day_without_a_dossier(
    cast, certificate, login, time_machine, next_day
):
    """Before the sweep as after it: expired the day after its last valid day, nothing pending."""
    next_day("00:10, before the sweep")
    home = login(cast.producer_owner).get(reverse("home"))
    assert home.context["worklist"]["certificates"] == []
