"""A certificate's status on a given day is answered twice, by necessity: in Python for a certificate or a row read
as values (`effective_status`: the API, the successor check) and as a queryset condition (`live_today_q`: the public
catalogue, the map, the open data). They were written apart and drifted: an extended certificate past its 180 days
(a sweep missed) was still live to the API and gone from the catalogue. This holds them to one answer."""

import datetime

import pytest

from certificates.choices import LIVE_STATUSES, CertificateStatus
from certificates.models import Certificate, effective_status, live_today_q
from certificates.tests.factories import CertificateFactory
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 2)
OFFSETS = (-200, -181, -180, -179, -1, 0, 1, 30)  # valid_until − today, in days


def test_the_python_rule_and_the_queryset_rule_say_the_same(cast, settings):
    settings.OCOP_EXPIRY_EXTENSION_DAYS = 180
    made = {}
    for status in CertificateStatus.values:
        for offset in OFFSETS:
            valid_until = TODAY + datetime.timedelta(days=offset)
            certificate = CertificateFactory(
                product=ProductFactory(producer=cast.producer),
                status=status,
                issued_on=valid_until - datetime.timedelta(days=3 * 365),
                valid_until=valid_until,
            )
            made[certificate.pk] = effective_status(status, valid_until, TODAY) in LIVE_STATUSES
    live = set(Certificate.objects.filter(live_today_q(today=TODAY)).values_list("pk", flat=True))
    assert {pk for pk, is_live in made.items() if is_live} == live
    # The boundaries themselves: the last valid day is live, the 180th day of an extension too, the 181st not.
    assert effective_status(CertificateStatus.VALID, TODAY, TODAY) == CertificateStatus.VALID
    assert effective_status(CertificateStatus.VALID, TODAY - datetime.timedelta(days=1), TODAY) == "expired"
    extended = CertificateStatus.EXTENDED
    assert effective_status(extended, TODAY - datetime.timedelta(days=180), TODAY) == extended
    assert effective_status(extended, TODAY - datetime.timedelta(days=181), TODAY) == "expired"
