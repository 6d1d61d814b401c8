"""A past period's report counts among the certificates in force at its end those extended then (Điều 12.3): past
their last valid day, with a re-evaluation filed by it still pending at the period's end (certificates.models.status.
live_on_q), though stored expired since; and the figure's link opens the same rows."""

import datetime

import pytest
from django.utils import timezone

from certificates.choices import CertificateStatus
from certificates.tests.factories import CertificateFactory, make_registration
from dashboard.reports import ReportPeriod, programme_report
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def _expired(cast, valid_until, *, changed_on, dossier=None):
    certificate = CertificateFactory(
        product=ProductFactory(producer=cast.producer),
        star=4,
        issued_on=valid_until - datetime.timedelta(days=3 * 365),
        valid_until=valid_until,
        status=CertificateStatus.EXPIRED,
        status_changed_on=changed_on,
    )
    if dossier:
        registration = make_registration(certificate.product, kind="reevaluation", status=dossier)
        filed = timezone.make_aware(datetime.datetime.combine(valid_until, datetime.time(9)))
        type(registration).objects.filter(pk=registration.pk).update(submitted_at=filed, first_submitted_at=filed)
    return certificate


def test_a_past_quarter_counts_the_certificates_extended_at_its_end(cast, login):
    end = datetime.date(2026, 6, 30)
    # expired on 31/05, its late re-evaluation still pending: extended at the quarter's end, expired by the sweep
    # after its 180 days
    _expired(cast, datetime.date(2026, 5, 31), changed_on=datetime.date(2026, 11, 28), dossier="forwarded")
    # its re-evaluation withdrawn in July: extended at the quarter's end too
    _expired(cast, datetime.date(2026, 5, 31), changed_on=datetime.date(2026, 7, 10), dossier="withdrawn")
    # withdrawn in June, and none filed: expired at the quarter's end
    _expired(cast, datetime.date(2026, 5, 31), changed_on=datetime.date(2026, 6, 20), dossier="withdrawn")
    _expired(cast, datetime.date(2026, 5, 31), changed_on=datetime.date(2026, 6, 1))

    report = programme_report(user=cast.province_officer, period=ReportPeriod("q2", 2026))
    assert ReportPeriod("q2", 2026).end == end
    assert report["live"]["total"] == 2 and report["live"]["s4"] == 2
    client = login(cast.province_officer)
    assert client.get(report["links"]["live"]["total"]).context["page"].paginator.count == 2
