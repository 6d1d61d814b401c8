"""A national officer's product or producer choice starts from a province (ocop.forms.ProvinceFirstMixin): the
country's 42,000 products written as <option>s made an 8 s page of megabytes. The page offers a province select
and only that province's records (cascade.js fetches them from the options URL; without JavaScript, sending the
form with the province chosen answers with its list); a province officer's form is as before; what is accepted does not narrow (a product of any province in the user's scope is valid)."""

import re

import pytest
from django.urls import reverse

from .factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db

FORMS = [
    ("evaluation:registration_create", "product"),
    ("certificates:historic_certificate_create", "product"),
    ("dashboard_historic_evaluation_create", "product"),
    ("products:product_create", "producer"),
]
# The registration form offers an officer only the products it files dossiers for (products_acted_for).
OPTIONS = {"evaluation:registration_create": "products:product_filing_options"}


def _options(html: str, field: str) -> list[str]:
    select = re.search(rf'<select name="{field}".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="(\d+)"', select)


@pytest.fixture
def world(cast):
    # Producers without an account: an officer files their dossiers too (products.permissions.acts_for_producer).
    cast.producer.members.clear()
    cast.other_producer_org.members.clear()
    here = ProductFactory(producer=cast.producer, name="Miến dong Hoà An")
    far = ProductFactory(producer=cast.other_producer_org, name="Chè Xa Xôi")
    return {"here": here, "far": far}


@pytest.mark.parametrize(("url", "field"), FORMS)
def test_a_national_officer_chooses_the_province_first(cast, login, world, url, field):
    client = login(cast.central_officer)
    html = client.get(reverse(url)).content.decode()
    assert '<select name="province"' in html
    assert _options(html, field) == []  # nothing written until a province is chosen
    assert f'data-cascade-url="{reverse(OPTIONS.get(url, "products:" + field + "_options"))}"' in html
    # Without JavaScript, sending the form with only the province chosen answers with that province's list.
    chosen = client.post(reverse(url), {"province": cast.province.pk}).content.decode()
    here = world["here"] if field == "product" else world["here"].producer
    far = world["far"] if field == "product" else world["far"].producer
    assert str(here.pk) in _options(chosen, field) and str(far.pk) not in _options(chosen, field)


@pytest.mark.parametrize(("url", "field"), FORMS)
def test_a_province_officer_sees_the_provinces_list_without_a_province_select(cast, login, world, url, field):
    html = login(cast.province_officer).get(reverse(url)).content.decode()
    here = world["here"] if field == "product" else world["here"].producer
    assert '<select name="province"' not in html and str(here.pk) in _options(html, field)


def test_a_national_officer_still_records_for_a_product_of_any_province(cast, login, world):
    """The choice narrows what is written, not what is accepted; a refused post keeps the choice in its list."""
    from certificates.models import Certificate

    client = login(cast.central_officer)
    url = reverse("certificates:historic_certificate_create")
    refused = client.post(url, {"product": world["far"].pk, "number": "12/GCN"})  # the rest missing
    assert refused.status_code == 200 and str(world["far"].pk) in _options(refused.content.decode(), "product")
    data = {
        "product": world["far"].pk,
        "number": "12/GCN-OCOP",
        "star": 4,
        "issuer_level": "province",
        "issuer_name": "UBND tỉnh Xa Xôi",
        "decision_number": "88/QĐ-UBND",
        "decision_date": "10/05/2024",
        "legal_basis": "148/2023",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert Certificate.objects.filter(product=world["far"], number="12/GCN-OCOP").exists()


def test_the_options_are_the_provinces_records_in_the_callers_scope(cast, login, world):
    ProducerFactory(commune=cast.other_commune, name="HTX Bên Kia")
    url = reverse("products:product_options")
    national = login(cast.central_officer).get(url, {"province": cast.province.pk}).json()["results"]
    assert {"id": world["here"].pk, "name": "Miến dong Hoà An — HTX Tài Hoan"} in national
    assert world["far"].pk not in [row["id"] for row in national]
    # Another province's officer asking for this province gets nothing of it.
    assert login(cast.outsider).get(url, {"province": cast.province.pk}).json()["results"] == []
    assert login(cast.central_officer).get(url, {"province": "x"}).json()["results"] == []
    producers = login(cast.central_officer).get(reverse("products:producer_options"), {"province": cast.province.pk})
    names = [row["name"] for row in producers.json()["results"]]
    assert "HTX Tài Hoan — " + cast.commune.name in names
