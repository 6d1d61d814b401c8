"""A list refuses a parameter it does not read, naming it, as the endpoints that are not lists do. `?provnce=12` or
`?updated_after=2026-01-01` were answered 200 with every row; and a province's client, whose lists have no `province`
filter (the FilterSet drops it for a province's account, as the web page does), got its own province's products for
`?province=<another province>`, as if they were that province's."""

import pytest
from django.urls import reverse

from .factories import certified_world

pytestmark = pytest.mark.django_db

LISTS = [
    ("public_product_list", None),
    ("producer_list", "province_read"),
    ("product_list", "province_read"),
    ("registration_list", "province_read"),
    ("council_result_list", "province_read"),
    ("decision_list", "province_read"),
    ("certificate_list", "province_read"),
    ("historic_evaluation_list", "province_read"),
]


@pytest.mark.parametrize(("name", "scope"), LISTS)
def test_a_parameter_the_list_does_not_read_is_refused_naming_it(api, cast, name, scope):
    response = api.as_(scope).get(reverse(f"api:{name}"), {"updated_after": "2026-01-01", "page_size": "5"})
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    (message,) = response.json()["errors"]["updated_after"]
    assert "updated_after" in message and "page_size" in message  # what it takes is listed
    assert set(response.json()["errors"]) == {"updated_after"}


@pytest.mark.parametrize(("name", "scope"), LISTS)
def test_the_paging_parameters_and_drfs_format_are_still_read(api, cast, name, scope):
    response = api.as_(scope).get(reverse(f"api:{name}"), {"page_size": "5", "ordering": "-id", "format": "json"})
    assert response.status_code == 200 and "results" in response.json()


def test_a_province_client_asking_another_province_is_refused_not_given_its_own_rows(api, cast):
    world = certified_world(cast)
    caller = api.as_("province_read")
    own = caller.get(reverse("api:product_list")).json()["results"]
    assert world["far"].pk not in [row["id"] for row in own] and world["mine"].pk in [row["id"] for row in own]
    for name in ("product_list", "producer_list"):
        response = caller.get(reverse(f"api:{name}"), {"province": cast.other_province.pk})
        assert response.status_code == 400, name
        (message,) = response.json()["errors"]["province"]
        assert "phạm vi" in message
    # A national client filters by province as before.
    national = api.as_("national_read")
    rows = national.get(reverse("api:product_list"), {"province": cast.other_province.pk}).json()["results"]
    assert [row["id"] for row in rows] == [world["far"].pk]


def test_the_refusal_is_in_the_clients_language(api, cast):
    response = api.as_("province_read").get(
        reverse("api:product_list"), {"province": cast.other_province.pk}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "scope" in response.json()["errors"]["province"][0]
