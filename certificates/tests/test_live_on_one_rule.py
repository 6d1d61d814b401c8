"""`live_on_q(day)`, the certificates in force at the end of a day that may be past (a report's period end, the
certificate list's "còn hiệu lực tại ngày" its figures link to), follows the extension of Điều 12.3 as of that day: a
certificate past its last valid day was still in force for up to `extension_days()` while a re-evaluation of its
product, filed by that last day, was pending on `day`, that is still pending now, or decided (or otherwise ended)
after `day`. It is the rule `status_today` and `live_today_q` apply for today (certificates.models.status), held here
to the Python rule (`effective_status`) on every boundary day, as test_status_today_one_rule.py holds those."""

import datetime

import pytest
from django.utils import timezone

from certificates.choices import LIVE_STATUSES, CertificateStatus
from certificates.models import Certificate
from certificates.models.status import effective_status, live_on_q, live_today_q
from certificates.tests.factories import CertificateFactory, make_registration
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

S = CertificateStatus
TODAY = datetime.date(2026, 12, 2)  # the pinned clock's
PAST = datetime.date(2026, 6, 30)  # the end of a half-year report
OFFSETS = (-200, -181, -180, -179, -1, 0, 1, 30)  # valid_until − day, in days
# A re-evaluation filed by the certificate's last day and pending now was pending on any day since; a draft, a
# withdrawn one (with nothing to date its end: see the boundaries below) or a first evaluation extend nothing.
DOSSIERS = {
    "none": None,
    "reevaluation filed": ("reevaluation", "submitted"),
    "reevaluation before the council": ("reevaluation", "ready_for_council"),
    "reevaluation returned": ("reevaluation", "returned"),
    "reevaluation draft": ("reevaluation", "draft"),
    "reevaluation withdrawn": ("reevaluation", "withdrawn"),
    "first evaluation filed": ("first", "submitted"),
}
PENDING = {("reevaluation", "submitted"), ("reevaluation", "ready_for_council"), ("reevaluation", "returned")}


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _certificate(valid_until, *, status=S.VALID, **extra) -> Certificate:
    return CertificateFactory(
        product=ProductFactory(),
        status=status,
        issued_on=valid_until - _days(3 * 365),
        valid_until=valid_until,
        **extra,
    )


@pytest.mark.parametrize("day", [TODAY, PAST], ids=["today", "a past day"])
def test_live_on_a_day_is_the_status_of_that_day_on_every_boundary(settings, day):
    settings.OCOP_EXPIRY_EXTENSION_DAYS = 180
    expected = {}
    for status in sorted(LIVE_STATUSES):
        for offset in OFFSETS:
            if status == S.EXTENDED and offset >= 0:
                continue  # only the sweep extends, and only a certificate past its last valid day
            for dossier in DOSSIERS.values():
                certificate = _certificate(day + _days(offset), status=status)
                if dossier:  # filed by the certificate's last day (the factory's filing day)
                    make_registration(certificate.product, kind=dossier[0], status=dossier[1])
                said = effective_status(status, certificate.valid_until, day, reevaluation_pending=dossier in PENDING)
                expected[certificate.pk] = said in LIVE_STATUSES
    certificates = Certificate.objects.filter(pk__in=expected)
    live = set(certificates.filter(live_on_q(day)).values_list("pk", flat=True))
    assert live == {pk for pk, is_live in expected.items() if is_live}
    if day == TODAY:  # and the same as the status of the day's condition
        assert live == set(certificates.filter(live_today_q(today=TODAY)).values_list("pk", flat=True))


def _filed(dossier, day: datetime.date) -> None:
    """The dossier first filed (and last submitted) on `day` at 09:00."""
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    type(dossier).objects.filter(pk=dossier.pk).update(submitted_at=at, first_submitted_at=at)


def _live_on(certificate, day=PAST) -> bool:
    return Certificate.objects.filter(live_on_q(day), pk=certificate.pk).exists()


def _extended_then_expired(valid_until, *, ended_on=None, dossier_status="submitted"):
    """A certificate valid until `valid_until` with a re-evaluation filed on that last day, as it is stored now (in
    December): expired by the sweep after its 180 days, or when its dossier ended (`ended_on`)."""
    ended_on = ended_on or valid_until + _days(181)
    certificate = _certificate(valid_until, status=S.EXPIRED, status_changed_on=ended_on)
    dossier = make_registration(certificate.product, kind="reevaluation", status=dossier_status)
    if dossier_status != "draft":  # a draft was never filed
        _filed(dossier, valid_until)
    return certificate


def test_the_boundaries_of_a_past_day(settings):
    settings.OCOP_EXPIRY_EXTENSION_DAYS = 180
    # The last valid day is in force, the next day not, without a re-evaluation filed by the last day.
    assert _live_on(_certificate(PAST, status=S.EXPIRED, status_changed_on=PAST + _days(1)))
    assert not _live_on(_certificate(PAST - _days(1), status=S.EXPIRED, status_changed_on=PAST))
    # With one pending (still now), day 1, day 180 of the extension are in force, day 181 not: stored since as
    # expired by the sweep after the 180 days, which says nothing of what they were on the day.
    assert _live_on(_extended_then_expired(PAST - _days(1)))
    assert _live_on(_extended_then_expired(PAST - _days(180)))
    assert not _live_on(_extended_then_expired(PAST - _days(181)))
    # Still stored extended (the report asked for the day the dossier has been pending since).
    extended = _certificate(PAST - _days(10), status=S.EXTENDED)
    make_registration(extended.product, kind="reevaluation", status="forwarded")
    assert _live_on(extended)


def test_a_re_evaluation_that_ended_after_the_day_had_kept_the_certificate_in_force(settings):
    settings.OCOP_EXPIRY_EXTENSION_DAYS = 180
    # Withdrawn, rejected or not recognised: the certificate expired that day (certificate_extension_end).
    for ended in ("withdrawn", "rejected", "not_recognised"):
        after = _extended_then_expired(PAST - _days(20), ended_on=PAST + _days(1), dossier_status=ended)
        before = _extended_then_expired(PAST - _days(20), ended_on=PAST, dossier_status=ended)
        assert _live_on(after) and not _live_on(before), ended


@pytest.mark.parametrize(("decided", "in_force"), [(_days(1), True), (_days(0), False), (_days(-5), False)])
def test_a_re_evaluation_decided_after_the_day_had_kept_the_certificate_in_force(settings, decided, in_force):
    """Recognised again: the new certificate, issued on the decision's day, supersedes the extended one; before
    that day the old one was in force, from it the new one."""
    settings.OCOP_EXPIRY_EXTENSION_DAYS = 180
    old = _certificate(PAST - _days(30), status=S.SUPERSEDED, status_changed_on=PAST + decided)
    _filed(make_registration(old.product, kind="reevaluation", status="decided"), old.valid_until)
    new = CertificateFactory(product=old.product, issued_on=PAST + decided)
    Certificate.objects.filter(pk=old.pk).update(superseded_by=new)
    assert _live_on(old) is in_force
    assert _live_on(new) is not in_force


def test_an_expiry_stored_late_extends_nothing_without_a_re_evaluation_filed_in_time(settings):
    settings.OCOP_EXPIRY_EXTENSION_DAYS = 180
    # The sweep missed the nights after the expiry: the stored day of the change is later than the day asked.
    missed = _certificate(PAST - _days(5), status=S.EXPIRED, status_changed_on=PAST + _days(3))
    assert not _live_on(missed)
    # A re-evaluation first filed after the last day renews nothing (filed_before_expiry), pending or not.
    late = _certificate(PAST - _days(5), status=S.EXPIRED, status_changed_on=PAST + _days(3))
    _filed(make_registration(late.product, kind="reevaluation", status="submitted"), late.valid_until + _days(1))
    assert not _live_on(late)
    # A draft was never filed.
    draft = _extended_then_expired(PAST - _days(5), ended_on=PAST + _days(3), dossier_status="draft")
    assert not _live_on(draft)


def test_the_extension_is_the_settings_length(settings):
    settings.OCOP_EXPIRY_EXTENSION_DAYS = 0  # turned off
    assert not _live_on(_extended_then_expired(PAST - _days(1)))
    settings.OCOP_EXPIRY_EXTENSION_DAYS = 30
    assert _live_on(_extended_then_expired(PAST - _days(30), ended_on=PAST + _days(1)))
    assert not _live_on(_extended_then_expired(PAST - _days(31), ended_on=PAST + _days(1)))
