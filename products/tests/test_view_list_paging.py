"""The registry lists page through the filtered rows: the page links keep the filters and only one page
number, and the phone's filter button counts the filters set besides the search box."""

import pytest
from django.urls import reverse

from .factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_the_page_links_keep_the_filters_without_repeating_the_page(cast, login):
    for i in range(30):
        ProductFactory(producer=cast.producer, name=f"Miến dong {i:02d}", search_text=f"mien dong {i:02d}")
    response = login(cast.commune_officer).get(
        reverse("products:product_list"), {"q": "mien", "status": "new", "kind": "", "page": 2}
    )
    assert response.context["query"] == "q=mien&status=new&kind="
    assert response.context["active_filters"] == 1
    body = response.content.decode()
    assert 'href="?q=mien&amp;status=new&amp;kind=&amp;page=1"' in body
    assert "page=2&amp;page" not in body


def test_the_producer_list_counts_its_filters(cast, login):
    ProducerFactory(commune=cast.commune)
    response = login(cast.province_officer).get(
        reverse("products:producer_list"), {"commune": cast.commune.pk, "kind": "coop", "q": "htx"}
    )
    assert response.context["active_filters"] == 2 and "page" not in response.context["query"]


@pytest.mark.parametrize(
    "role,shown,hidden",
    [
        ("producer_owner", set(), {"province", "commune", "kind"}),
        ("commune_officer", {"kind"}, {"province", "commune"}),
        ("province_officer", {"commune", "kind"}, {"province"}),
        ("central_officer", {"province", "commune", "kind"}, set()),
    ],
)
def test_the_filters_offer_only_choices_that_narrow_the_list(cast, login, role, shown, hidden):
    fields = set(login(getattr(cast, role)).get(reverse("products:product_list")).context["filter"].form.fields)
    assert shown <= fields and not hidden & fields
