"""The expiry list is ordered by the status of the day, as its rows, filter and counts read it: the morning after a
certificate's last day, before the 00:30 sweep has stored it expired, it was listed first among the live ones (by the
stored status) while its row said "Hết hạn". It is listed among the expired, the latest first, before the sweep as
after it; an extended one (re-evaluation pending, Điều 12.3) stays among the live. The order is still read from its
index when nothing listed waits for the sweep (test_expiry_list_scale), and the page costs the same queries.

The suite's pinned day (02/12/2026) is the day after in_days(-1)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus as S
from certificates.selectors.expiry import certificate_expiry_list
from certificates.services.expiry import certificates_flag_expiring

from .factories import make_certificate, make_registration

pytestmark = pytest.mark.django_db

LIST = reverse("certificates:expiry_list")


def in_days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def listed(cast):
    lapsed = make_certificate(cast.producer, status=S.EXPIRING, valid_until=in_days(-1))  # nothing filed: expired
    extended = make_certificate(cast.producer, status=S.EXPIRING, valid_until=in_days(-1))
    make_registration(extended.product, kind="reevaluation", status="returned")  # filed in time, pending: extended
    soon = make_certificate(cast.producer, status=S.EXPIRING, valid_until=in_days(10))
    older = make_certificate(cast.producer, status=S.EXPIRED, valid_until=in_days(-20))
    return [extended.number, soon.number, lapsed.number, older.number]  # live by expiry, then expired, latest first


def numbers(client) -> list[str]:
    return [c.number for c in client.get(LIST).context["page"].object_list]


@pytest.mark.parametrize("swept", [False, True], ids=["before the sweep", "after the sweep"])
def test_a_certificate_expired_overnight_is_listed_among_the_expired(cast, login, listed, swept):
    if swept:
        certificates_flag_expiring()
    assert numbers(login(cast.commune_officer)) == listed
    # The export writes the rows in the list's order.
    certificates, _filterset = certificate_expiry_list(user=cast.province_officer, filters={})
    assert [c.number for c in certificates] == listed


def test_the_list_costs_the_same_queries_before_the_sweep_as_after_it(cast, listed):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            certificates, _filterset = certificate_expiry_list(user=cast.central_officer, filters={})
            list(certificates[:50])
        return len(captured.captured_queries)

    before = queries()
    certificates_flag_expiring()
    assert queries() == before
