import pytest
from django.urls import reverse

from dashboard.selectors import home_panels
from products.tests.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_it_counts_producers_and_products_in_scope(cast):
    ProductFactory(producer=cast.producer, status="recognised", current_star=4)
    ProductFactory(producer=cast.other_producer_org)
    panels = home_panels(user=cast.commune_officer)
    assert panels["producers"]["count"] == 1
    assert panels["products"]["count"] == 1
    assert panels["products_recognised"]["count"] == 1
    assert panels["products"]["url"] == reverse("products:product_list")


def test_it_shows_producers_their_own_products_only(cast):
    ProductFactory(producer=cast.producer)
    ProductFactory(producer=cast.other_producer_org)
    panels = home_panels(user=cast.producer_owner)
    assert "producers" not in panels and panels["products"]["count"] == 1


def test_it_counts_with_constant_queries(cast, django_assert_num_queries):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ProductFactory(producer=cast.producer)
    with CaptureQueriesContext(connection) as ctx:
        home_panels(user=cast.province_officer)
    for _ in range(9):
        ProductFactory(producer=ProducerFactory(commune=cast.commune))
    cache.clear()  # the expiry counts are cached for a minute: both calls are measured cold
    with django_assert_num_queries(len(ctx.captured_queries)):
        home_panels(user=cast.province_officer)


def test_it_shows_the_panels_on_the_home_page(cast, login):
    body = login(cast.commune_officer).get(reverse("home")).content.decode()
    assert 'data-testid="panel-products"' in body


def test_the_count_of_products_reads_as_a_plural_in_english(cast, login):
    """The word "Sản phẩm" is both a column heading ("Product") and, under a count, "Products": the panel and the
    star chart's series ask for the counting sense (msgctxt "count")."""
    from django.utils import translation

    ProductFactory(producer=cast.producer)
    with translation.override("en"):
        panels = home_panels(user=cast.commune_officer)
    assert panels["products"]["label"] == "Products"
    client = login(cast.commune_officer)
    client.cookies["django_language"] = "en"
    assert '<div class="text-muted small">Products</div>' in client.get(reverse("home")).content.decode()


def test_the_decisions_tile_links_to_the_decisions_it_counts(cast, login):
    """ "Quyết định chờ ban hành" counted drafts and checked decisions but linked to the checked ones only: a
    province with a draft read 1 on the tile and an empty list behind it."""
    from certificates.choices import DecisionStatus
    from certificates.tests.factories import DecisionFactory

    DecisionFactory(issuer_unit=cast.province, status=DecisionStatus.DRAFT, number="", date=None)
    DecisionFactory(issuer_unit=cast.province, status=DecisionStatus.CHECKED, number="", date=None)
    DecisionFactory(issuer_unit=cast.province)  # issued
    client = login(cast.province_officer)
    panel = client.get(reverse("home")).context["panels"]["decisions_pending"]
    response = client.get(panel["url"])
    assert panel["count"] == 2
    assert sorted(d.status for d in response.context["page"]) == [DecisionStatus.CHECKED, DecisionStatus.DRAFT]
    assert '<option value="pending" selected>' in response.content.decode()  # the list says it is filtered
    assert 'data-testid="decision-count">2 quyết định<' in response.content.decode()


def test_the_revocation_tile_counts_the_proposals_waiting_and_links_to_them(cast, login):
    """Thu hồi takes two officers: one proposes, another issues. Walking the demo, the proposal waited with nothing
    to point the second officer to it: no notice, no count, no list. The decision makers' home counts the
    proposals of their scope and opens the certificate list on them."""
    import datetime as dt

    from django.utils import timezone

    from certificates.services.revocations import certificate_revoke_propose
    from certificates.tests.factories import make_certificate

    today = timezone.localdate()
    proposed = make_certificate(cast.producer, valid_until=today + dt.timedelta(days=400))
    make_certificate(cast.producer, valid_until=today + dt.timedelta(days=500))  # live, nothing proposed
    elsewhere = make_certificate(cast.other_producer_org, valid_until=today + dt.timedelta(days=400))  # province 91
    on_inspection = {"ground": "d", "detail": "Nhãn OCOP sai.", "inspection_concluded_on": proposed.issued_on}
    certificate_revoke_propose(certificate=proposed, by=cast.province_officer, **on_inspection)
    certificate_revoke_propose(certificate=elsewhere, by=cast.outsider, **on_inspection)
    client = login(cast.province_officer)
    panel = client.get(reverse("home")).context["panels"]["revocations_pending"]
    assert panel["count"] == 1
    response = client.get(panel["url"])
    assert [c.pk for c in response.context["page"]] == [proposed.pk]
    assert 'data-testid="revocation-proposed-filter"' in response.content.decode()
    assert "revocations_pending" not in home_panels(user=cast.commune_officer)
