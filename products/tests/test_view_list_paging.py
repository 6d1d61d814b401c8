"""The registry lists page through the filtered rows: the page links keep the filters and only one page
number, and the phone's filter button counts the filters set besides the search box."""

import re

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


@pytest.mark.parametrize(("language", "everything"), [("vi", "Tất cả"), ("en", "All")])
def test_a_filter_left_as_it_is_says_it_shows_everything(login, cast, language, everything):
    # django-filter's "---------" on every list's selects read as nothing chosen, or as a missing value.
    client = login(cast.province_officer)
    client.cookies["django_language"] = language
    page = client.get(reverse("products:product_list")).content.decode()
    for name in ("status", "sector", "commune"):  # a plain choice, a model choice, a unit of the user's province
        select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
        assert re.search(r'<option value="">([^<]*)</option>', select).group(1) == everything, name
