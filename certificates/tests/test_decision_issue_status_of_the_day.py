"""A new decision over a product whose old certificate's last day was yesterday, before the night's sweep (00:30) has
stored it expired: the old certificate is stored as what it is today, expired (with the step the sweep would take:
its notice), not "superseded" by a certificate that never replaced a live one. An extended one (its re-evaluation
filed in time and pending, Điều 12.3) still certifies the product today, and the new certificate supersedes it.

The suite's pinned day (02/12/2026, 10:00) is the day after the certificates' last day (01/12/2026)."""

import datetime

import pytest
from django.utils import timezone

from certificates.choices import CertificateStatus as S
from certificates.choices import NoticeKind
from certificates.models import Certificate, CertificateNotice
from certificates.services.decisions import certificate_supersede
from ocop.models import AuditEvent

from .factories import issued_decision, make_certificate, make_registration, result_for

pytestmark = pytest.mark.django_db

LAST_DAY = datetime.date(2026, 12, 1)


@pytest.fixture
def result(cast):
    return result_for(cast.producer, star=4)


@pytest.fixture
def lapsed(cast, result):
    """Its last day was yesterday, nothing filed: expired today, still stored "expiring" until the sweep."""
    assert timezone.localdate() == LAST_DAY + datetime.timedelta(days=1)
    product = result.registration.product
    return make_certificate(cast.producer, product=product, status=S.EXPIRING, valid_until=LAST_DAY, star=3)


@pytest.fixture
def extended(cast, lapsed):
    """The same, with its re-evaluation filed in time and pending: extended today (Điều 12.3)."""
    make_registration(lapsed.product, kind="reevaluation", status="returned")
    assert lapsed.effective_status(timezone.localdate()) == S.EXTENDED
    return lapsed


def issue(cast, result):
    decision = issued_decision(province=cast.province, by=cast.province_officer, results=[result])
    return decision.certificates.get()


def test_a_certificate_expired_overnight_is_stored_expired_not_superseded(cast, result, lapsed):
    new = issue(cast, result)
    old = Certificate.objects.get(pk=lapsed.pk)
    assert (old.status, old.superseded_by) == (S.EXPIRED, None)
    assert old.status_changed_on == timezone.localdate()
    assert CertificateNotice.objects.filter(certificate=old, kind=NoticeKind.EXPIRED).count() == 1
    assert not AuditEvent.objects.filter(action="certificate.supersede").exists()
    assert new.status == S.VALID
    new.product.refresh_from_db()
    assert (new.product.status, new.product.current_star) == ("recognised", 4)


def test_an_extended_certificate_is_superseded(cast, result, extended):
    new = issue(cast, result)
    old = Certificate.objects.get(pk=extended.pk)
    assert (old.status, old.superseded_by) == (S.SUPERSEDED, new)
    assert not CertificateNotice.objects.filter(certificate=old, kind=NoticeKind.EXPIRED).exists()


def test_supersede_stores_a_certificate_expired_overnight_as_expired(cast, result, lapsed):
    new = make_certificate(cast.producer, product=lapsed.product, valid_until=datetime.date(2029, 12, 2))
    assert certificate_supersede(old=lapsed, new=new, by=cast.province_officer) is False
    old = Certificate.objects.get(pk=lapsed.pk)
    assert (old.status, old.superseded_by) == (S.EXPIRED, None)


def test_supersede_moves_a_live_certificate(cast, result, extended):
    new = make_certificate(cast.producer, product=extended.product, valid_until=datetime.date(2029, 12, 2))
    assert certificate_supersede(old=extended, new=new, by=cast.province_officer) is True
    assert Certificate.objects.get(pk=extended.pk).status == S.SUPERSEDED
