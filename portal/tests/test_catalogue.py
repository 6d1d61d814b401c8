"""Accent-free search, filters, sorting and paging that keeps the filters; crafted query strings never fail."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ocop.testing import make_unit
from portal import selectors
from portal.choices import PAGE_SIZE
from products.models import ProductSet, Sector

from .factories import certified

pytestmark = pytest.mark.django_db
URL = reverse("portal:catalogue")


def _names(client, query=""):
    return [row["name"] for row in client.get(URL + query).context["result"]["rows"]]


@pytest.mark.parametrize("term", ["mien dong", "Miến dong", "MIẾN DONG", "mien   dong", "Mie\u0302\u0301n dong"])
def test_it_finds_a_product_with_or_without_accents(cast, client, term):
    certified(cast.producer, name="Miến dong Tài Hoan")
    certified(cast.producer, name="Mật ong rừng")
    assert _names(client, "?q=" + term) == ["Miến dong Tài Hoan"]


@pytest.mark.parametrize("term", ["Gà \u00d0ồi", "ga \u00f0oi"])
def test_it_finds_a_product_typed_with_the_eth_that_stands_for_dj(cast, client, term):
    # "Ð"/"ð" (U+00D0/U+00F0, the Icelandic eth) is what a keyboard set to another language, a legacy font converter
    # or a copied PDF gives for "Đ"/"đ": a visitor who searches "Gà Ðồi" looks for Gà đồi.
    certified(cast.producer, name="Gà đồi Trần Phú")
    certified(cast.producer, name="Mật ong rừng")
    assert _names(client, "?q=" + term) == ["Gà đồi Trần Phú"]


def test_it_finds_a_product_by_its_producer(cast, client):
    certified(cast.producer, name="Miến dong")
    certified(cast.other_producer_org, name="Mật ong")
    assert _names(client, "?q=huong+rung") == ["Mật ong"]


def test_it_filters_by_star_province_commune_sector_and_set(cast, client):
    set2 = ProductSet.objects.filter(group__sector__code="II").order_by("number").first()
    sector2 = Sector.objects.get(code="II")
    a = certified(cast.producer, name="A miến", star=3)
    b = certified(cast.producer, name="B rượu", star=5, product_set=set2)
    c = certified(cast.other_producer_org, name="C mật ong", star=4)
    cast.other_producer_org.commune = make_unit(level="commune", code="90003", name="Xã Ba", parent=cast.province)
    cast.other_producer_org.save()
    assert _names(client, "?star=5") == [b.name]
    assert _names(client, f"?province={cast.province.pk}") == [a.name, b.name, c.name]
    assert _names(client, f"?province={cast.other_province.pk}") == []
    assert _names(client, f"?province={cast.province.pk}&commune={cast.commune.pk}") == [a.name, b.name]
    assert _names(client, f"?sector={sector2.pk}") == [b.name]
    assert _names(client, f"?set={set2.pk}&star=5") == [b.name]
    assert _names(client, f"?set={set2.pk}&star=3") == []


def test_it_sorts_by_name_star_and_date(cast, client):
    today = timezone.localdate()
    certified(cast.producer, name="B", star=5, valid_until=today + datetime.timedelta(days=100))
    certified(cast.producer, name="A", star=3, valid_until=today + datetime.timedelta(days=300))
    certified(cast.producer, name="C", star=4, valid_until=today + datetime.timedelta(days=200))
    assert _names(client) == ["A", "B", "C"]
    assert _names(client, "?sort=star") == ["B", "C", "A"]
    assert _names(client, "?sort=date") == ["A", "C", "B"]
    assert _names(client, "?sort=-date") == ["B", "C", "A"]


def test_paging_keeps_the_filters(cast, client):
    for n in range(PAGE_SIZE + 2):
        certified(cast.producer, name=f"Miến {n:02d}", star=4)
    certified(cast.producer, name="Miến khác", star=3)
    response = client.get(URL + "?q=mien&star=4&sort=star")
    assert response.context["result"]["count"] == PAGE_SIZE + 2
    next_url = response.context["next_url"]
    assert "q=mien" in next_url and "star=4" in next_url and "sort=star" in next_url and "page=2" in next_url
    second = client.get(URL + next_url)
    assert len(second.context["result"]["rows"]) == 2
    assert "q=mien" in second.context["previous_url"]


@pytest.mark.parametrize(
    "query",
    [
        "?page=0",
        "?page=-4",
        "?page=999999999999",
        "?page=abc",
        "?star=9",
        "?star=",
        "?province=abc",
        "?province=99999999999999999999",
        "?commune=1",
        "?sort=drop",
        "?q=" + "x" * 5000,
        "?q=%00",
        "?q=%27%3B--",
        "?set=-1&sector=0",
    ],
)
def test_crafted_query_strings_never_fail(cast, client, query):
    certified(cast.producer, name="Miến dong")
    response = client.get(URL + query)
    assert response.status_code == 200


def test_a_page_past_the_end_shows_the_last_page(cast, client):
    certified(cast.producer, name="Miến dong")
    assert client.get(URL + "?page=40").context["result"]["page"] == 1


def test_the_catalogue_keeps_a_constant_number_of_queries(cast, client, django_assert_num_queries):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    certified(cast.producer, name="Một")
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    for n in range(9):
        certified(cast.producer, name=f"Sản phẩm {n}")
    cache.clear()
    with django_assert_num_queries(len(one)):
        client.get(URL)
    with django_assert_num_queries(0):  # cached: no query at all
        client.get(URL)
    assert selectors.catalogue_page(filters={}, sort="name", page=1)["count"] == 10


def test_a_commune_without_its_province_filters_as_in_the_api(cast, client):
    """?commune=N alone was dropped on the web (every product listed) while the API applied it."""
    a = certified(cast.producer, name="A miến")
    certified(cast.other_producer_org, name="C mật ong")
    response = client.get(URL, {"commune": cast.commune.pk})
    assert [row["name"] for row in response.context["result"]["rows"]] == [a.name]
    assert response.context["filters"] == {"commune": cast.commune.pk, "province": cast.province.pk}
    body = response.content.decode()
    assert f'<option value="{cast.commune.pk}" selected>' in body  # the commune select shows the filter
    api_ids = [
        r["id"] for r in client.get(reverse("api:public_product_list"), {"commune": cast.commune.pk}).json()["results"]
    ]
    assert api_ids == [a.pk]


def test_a_commune_that_is_not_one_lists_nothing_as_in_the_api(cast, client):
    certified(cast.producer, name="A miến")
    response = client.get(URL, {"commune": cast.province.pk})
    assert response.status_code == 200 and response.context["result"]["count"] == 0
