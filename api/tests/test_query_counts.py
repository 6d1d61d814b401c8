"""Every list endpoint costs the same number of queries for one row and for ten (no query per row)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificates.tests.factories import result_for
from evaluation.tests.factories import registration_in
from portal.tests.factories import certified

pytestmark = pytest.mark.django_db

LISTS = [
    "api:producer_list",
    "api:product_list",
    "api:registration_list",
    "api:council_result_list",
    "api:decision_list",
    "api:certificate_list",
    "api:public_product_list",
]


def _add(cast, n: int, start: int) -> None:
    from products.models import Producer

    for i in range(start, start + n):
        producer = Producer.objects.create(kind="coop", name=f"HTX số {i}", commune=cast.commune)
        product = certified(producer, name=f"Sản phẩm số {i}")
        registration_in(cast, status="submitted", product=product)
        result_for(producer, name=f"Kết quả số {i}")


def _count(caller, name) -> tuple[int, int]:
    from django.core.cache import cache

    cache.clear()  # the public list is cached: count the database work, not a cache hit
    with CaptureQueriesContext(connection) as queries:
        response = caller.get(reverse(name))
    assert response.status_code == 200
    return len(queries), len(response.json()["results"])


@pytest.mark.parametrize("name", LISTS)
def test_a_list_costs_the_same_for_one_and_ten_rows(api, cast, name):
    caller = api.as_("national_read")
    _add(cast, 1, 0)
    few, rows_few = _count(caller, name)
    _add(cast, 9, 1)
    many, rows_many = _count(caller, name)
    assert rows_many > rows_few >= 1
    assert few == many


CLIENT_LISTS = [name for name in LISTS if not name.startswith("api:public_")]


@pytest.mark.parametrize("scope", ["province_read", "national_read"])
@pytest.mark.parametrize("name", CLIENT_LISTS)
def test_a_client_list_reads_the_token_and_the_page_and_writes_the_audit_row(api, cast, name, scope):
    """Three queries: nothing else, in particular no list of the filters' choices (a national client's would be
    the 3,321 communes: the web form lists them for its selects, the API only checks a value sent)."""
    _add(cast, 2, 0)
    caller = api.as_(scope)
    with CaptureQueriesContext(connection) as queries:
        assert caller.get(reverse(name)).status_code == 200
    assert len(queries) == 3, [q["sql"][:120] for q in queries.captured_queries]
