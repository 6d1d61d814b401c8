"""Issue 15, the national expiry list: what its faster shape must keep (rows, order, the commune filter) and the
index its order is read from."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus as S
from certificates.selectors.expiry import certificate_expiry_list

from .factories import make_certificate

LIST = reverse("certificates:expiry_list")


def in_days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def rows(response) -> list[str]:
    return [c.number for c in response.context["page"].object_list]


def test_only_an_expired_certificate_leaves_the_list_when_its_product_holds_a_later_live_one(cast, login):
    # The exclusion is one anti-join whose "expired" condition sits inside the sub-query: a certificate still in its
    # window stays listed although the same product holds a later live certificate.
    expiring = make_certificate(cast.producer, status=S.EXPIRING, valid_until=in_days(10))
    expired = make_certificate(cast.producer, status=S.EXPIRED, valid_until=in_days(-20))
    kept = make_certificate(cast.producer, status=S.EXPIRED, valid_until=in_days(-30))
    for old in (expiring, expired):
        make_certificate(cast.producer, product=old.product, status=S.VALID, valid_until=in_days(1000))
    # A later certificate that is no longer live does not take an expired one off the list.
    make_certificate(cast.producer, product=kept.product, status=S.REVOKED, valid_until=in_days(900))
    shown = rows(login(cast.commune_officer).get(LIST))
    assert expiring.number in shown and kept.number in shown and expired.number not in shown


def test_a_national_officer_gets_no_commune_before_choosing_a_province(cast, login):
    client = login(cast.central_officer)
    html = client.get(LIST).content.decode()
    assert "Xã Hoà An" not in html and "Xã Xa Xôi" not in html
    assert "— Chọn tỉnh, thành phố trước —" in html
    # A commune already chosen (a link from elsewhere) stays selected and filters.
    html = client.get(LIST, {"commune": cast.commune.pk}).content.decode()
    assert f'<option value="{cast.commune.pk}" selected>Xã Hoà An</option>' in html
    assert "Xã Xa Xôi" not in html


@pytest.mark.postgres
def test_the_list_is_read_in_order_from_its_index(cast):
    """The index's expressions are those of the ORDER BY: with sorting and sequential scans priced out, the planner
    reads the certificates from certificate_expiry_order (were the expressions to drift apart, it would sort)."""
    make_certificate(cast.producer, status=S.EXPIRING, valid_until=in_days(10))
    queryset, _filterset = certificate_expiry_list(user=cast.central_officer, filters={})
    sql, params = queryset[:50].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        # PostgreSQL's own join search, as in production (the suite's sessions plan joins as written: conftest.py).
        cursor.execute("SET LOCAL join_collapse_limit = 8")
        cursor.execute("SET LOCAL from_collapse_limit = 8")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "certificate_expiry_order" in plan and "Sort" not in plan.split("certificate_expiry_order")[0], plan


def _counts_certificates(queries) -> int:
    return sum("COUNT(*)" in q["sql"] and 'FROM "certificates_certificate"' in q["sql"] for q in queries)


def test_the_list_is_counted_once_until_a_certificate_changes(cast, login, django_capture_on_commit_callbacks):
    """The national list counts ~30,000 rows: the count is kept under the figures' version and the day, so the
    next page view does not count again, and a certificate revoked (it leaves the list) shows at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .factories import revoke_with_four_eyes

    make_certificate(cast.producer, status=S.EXPIRING, valid_until=in_days(10))
    leaving = make_certificate(cast.producer, status=S.EXPIRING, valid_until=in_days(20))
    client = login(cast.central_officer)
    with CaptureQueriesContext(connection) as first:
        assert client.get(LIST).context["page"].paginator.count == 2
    with CaptureQueriesContext(connection) as second:
        assert client.get(LIST).context["page"].paginator.count == 2
    assert (_counts_certificates(first.captured_queries), _counts_certificates(second.captured_queries)) == (1, 0)
    # A filter is counted on its own.
    assert client.get(LIST, {"phase": "expired"}).context["page"].paginator.count == 0
    with django_capture_on_commit_callbacks(execute=True):
        revoke_with_four_eyes(certificate=leaving, by=cast.province_officer)
    response = client.get(LIST)
    assert response.context["page"].paginator.count == 1 and leaving.number not in rows(response)
    assert client.get(LIST, {"phase": "expiring"}).context["page"].paginator.count == 1


def test_renewal_takes_an_expired_certificate_off_the_list_by_the_status_of_the_day(cast, login):
    """The morning after a last day, before the 00:30 sweep (the suite's day is the day after in_days(-1)): an old
    certificate expired overnight leaves the list once its product holds a later live one, a later one expired overnight
    no longer keeps an expired one off it, and an extended one (re-evaluation pending, Điều 12.3) still does; the home's
    count of the expired agrees with the list."""
    from certificates.selectors.expiry import _expiry_counts

    from .factories import make_registration

    lapsed = make_certificate(cast.producer, status=S.EXPIRING, valid_until=in_days(-1))  # expired today
    make_certificate(cast.producer, product=lapsed.product, status=S.VALID, valid_until=in_days(1000))
    kept = make_certificate(cast.producer, status=S.EXPIRED, valid_until=in_days(-30))
    later_lapsed = make_certificate(cast.producer, product=kept.product, status=S.EXPIRING, valid_until=in_days(-1))
    renewed = make_certificate(cast.producer, status=S.EXPIRED, valid_until=in_days(-40))
    make_certificate(cast.producer, product=renewed.product, status=S.EXPIRING, valid_until=in_days(-1))
    make_registration(renewed.product, kind="reevaluation", status="returned")  # filed in time: extended today
    shown = rows(login(cast.commune_officer).get(LIST + "?phase=expired"))
    assert sorted(shown) == sorted([kept.number, later_lapsed.number])
    assert _expiry_counts(cast.commune_officer)["expired"] == 2
