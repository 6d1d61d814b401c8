"""The officers' one search box: products, producers, dossiers and certificates of their scope, each section
opening its own list filtered the same way."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificates.tests.factories import issued_decision, result_for
from evaluation.tests.factories import registration_in
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db
SEARCH = reverse("dashboard_search")


def _section(response, key) -> list[str]:
    sections = {s["key"]: s for s in response.context["sections"]}
    return [row["label"] for row in sections[key]["rows"]]


def test_it_finds_each_kind_of_record_without_accents_in_the_officers_scope(cast, login):
    result = result_for(cast.producer, name="Miến dong Tài Hoan")
    certificate = issued_decision(province=cast.province, by=cast.province_officer, results=[result]).certificates.get()
    registration_in(cast, name="Miến dong sợi nhỏ")
    ProductFactory(producer=cast.other_producer_org, name="Miến dong Hương Rừng")  # another province
    response = login(cast.province_officer).get(SEARCH, {"q": "mien dong"})
    assert response.status_code == 200
    assert set(_section(response, "products")) == {"Miến dong sợi nhỏ", "Miến dong Tài Hoan"}
    assert set(_section(response, "registrations")) == {"Miến dong sợi nhỏ", "Miến dong Tài Hoan"}
    assert _section(response, "certificates") == [certificate.number]
    assert _section(response, "producers") == []  # "HTX Tài Hoan" does not hold "miến dong"
    html = response.content.decode()
    assert reverse("certificates:certificate_detail", args=[certificate.pk]) in html
    assert "Miến dong Hương Rừng" not in html
    by_producer = login(cast.province_officer).get(SEARCH, {"q": "tai hoan"})
    assert _section(by_producer, "producers") == ["HTX Tài Hoan"]
    outsider = login(cast.outsider).get(SEARCH, {"q": "mien dong"})
    assert (
        _section(outsider, "products") == ["Miến dong Hương Rừng"]
        and certificate.number not in outsider.content.decode()
    )


def test_a_section_with_more_than_it_shows_opens_its_list_on_the_same_search(cast, login):
    for n in range(7):
        ProductFactory(producer=cast.producer, name=f"Mật ong rừng số {n}")
    response = login(cast.commune_officer).get(SEARCH, {"q": "mat ong"})
    products = next(s for s in response.context["sections"] if s["key"] == "products")
    assert products["count"] == 7 and len(products["rows"]) == 5
    assert 'data-testid="search-products-all"' in response.content.decode()
    listed = login(cast.commune_officer).get(products["list_url"])
    assert listed.context["page"].paginator.count == 7


def test_a_section_counts_up_to_a_hundred_and_says_there_are_more(cast, login, monkeypatch):
    from dashboard.selectors import search

    monkeypatch.setattr(search, "COUNTED", 6)
    for n in range(7):
        ProductFactory(producer=cast.producer, name=f"Mật ong rừng số {n}")
    response = login(cast.commune_officer).get(SEARCH, {"q": "mat ong"})
    products = next(s for s in response.context["sections"] if s["key"] == "products")
    assert (products["count"], products["more"]) == (6, True)
    assert '<span class="badge text-bg-secondary">6+</span>' in response.content.decode()


def test_nothing_found_says_so_and_an_empty_search_shows_the_box_alone(cast, login):
    client = login(cast.viewer)
    assert 'data-testid="search-nothing"' in client.get(SEARCH, {"q": "không có gì như vậy"}).content.decode()
    empty = client.get(SEARCH)
    assert empty.context["sections"] == [] and 'data-testid="registry-search"' in empty.content.decode()


@pytest.mark.parametrize("who", ["producer_owner", "council_member", "advisory_member"])
def test_it_is_for_the_officers_who_read_the_registry(cast, login, who):
    assert login(getattr(cast, who)).get(SEARCH, {"q": "mien"}).status_code == 403
    assert 'data-testid="registry-search"' not in login(getattr(cast, who)).get(reverse("home")).content.decode()


def test_the_officers_home_has_the_search_box(cast, login):
    assert 'data-testid="registry-search"' in login(cast.commune_officer).get(reverse("home")).content.decode()


def test_it_costs_the_same_queries_for_one_match_or_many(cast, login):
    client = login(cast.province_officer)
    ProductFactory(producer=cast.producer, name="Chè Thái 0")
    client.get(SEARCH, {"q": "che thai"})  # the lists' reference choices, read once and cached
    with CaptureQueriesContext(connection) as one:
        client.get(SEARCH, {"q": "che thai"})
    for n in range(1, 9):
        ProductFactory(producer=cast.producer, name=f"Chè Thái {n}")
    with CaptureQueriesContext(connection) as many:
        client.get(SEARCH, {"q": "che thai"})
    assert len(one.captured_queries) == len(many.captured_queries)


def test_a_certificate_found_says_whether_it_still_certifies(cast, login):
    """Dossiers found gave their status, certificates did not: an officer searching a product's name found its
    expired 2018 certificate beside the valid one with nothing to tell them apart."""
    from certificates.choices import CertificateStatus
    from certificates.tests.factories import CertificateFactory

    product = ProductFactory(producer=cast.producer, name="Miến dong Tài Hoan")
    CertificateFactory(product=product, number="2018-BK-004", status=CertificateStatus.EXPIRED)
    response = login(cast.province_officer).get(SEARCH, {"q": "mien dong"})
    (row,) = next(s for s in response.context["sections"] if s["key"] == "certificates")["rows"]
    assert row["label"] == "2018-BK-004" and row["detail"].endswith(" · Hết hạn")
