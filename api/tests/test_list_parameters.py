"""Every list of the API reads its paging and ordering parameters in one place (api.pagination.IdCursorPagination) and
refuses what it cannot honour, as the filters do. `?ordering=foo` and `?page=999` were answered 200 as if they were
not there (a client believed its rows sorted, or that it read page 999), while `?star=9` was a 400 naming its field:
an ordering other than id or -id is now a 400 naming `ordering` and the values it takes, and a page number a 400
naming `page` (the API pages by cursor: a cursor that does not decode is a 404, as the schema documents)."""

import base64

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# Each family's lists: the public catalogue, the registry, the registrations and results, the decisions and
# certificates, the past rounds' results. (The certificate lookup by number and the statistics are not lists.)
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
def test_an_unknown_ordering_is_refused_naming_the_parameter_and_its_values(api, cast, name, scope):
    response = api.as_(scope).get(reverse(f"api:{name}"), {"ordering": "foo"})
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    (message,) = response.json()["errors"]["ordering"]
    assert "foo" in message and "id, -id" in message


@pytest.mark.parametrize(("name", "scope"), LISTS)
def test_a_page_number_is_refused_naming_the_parameter(api, cast, name, scope):
    response = api.as_(scope).get(reverse(f"api:{name}"), {"page": "999"})
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert "cursor" in response.json()["errors"]["page"][0]


@pytest.mark.parametrize(("name", "scope"), LISTS)
def test_a_cursor_that_does_not_decode_is_not_found(api, cast, name, scope):
    response = api.as_(scope).get(reverse(f"api:{name}"), {"cursor": "not-a-cursor"})
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(("name", "scope"), LISTS)
def test_a_cursor_past_the_last_row_is_an_empty_last_page(api, cast, name, scope):
    past = base64.b64encode(b"p=999999999999").decode()
    response = api.as_(scope).get(reverse(f"api:{name}"), {"cursor": past})
    assert response.status_code == 200
    assert response.json()["results"] == [] and response.json()["next"] is None


@pytest.mark.parametrize(("name", "scope"), [("public_product_list", None), ("product_list", "province_read")])
def test_the_orderings_allowed_page_every_row_once_each_way(api, cast, name, scope):
    from portal.tests.factories import certified

    ids = [certified(cast.producer, name=f"Sản phẩm {n}").pk for n in range(5)]
    caller = api.as_(scope)
    for ordering, expected in (("id", sorted(ids)), ("-id", sorted(ids, reverse=True))):
        seen, url, params = [], reverse(f"api:{name}"), {"ordering": ordering, "page_size": 2}
        while url:
            page = caller.get(url, params).json()
            seen += [row["id"] for row in page["results"]]
            url, params = page["next"], None  # the next link keeps the ordering
        assert seen == expected, ordering


def test_the_schema_documents_the_ordering_and_the_answers_to_a_bad_page(api, cast):
    schema = api.as_(None).get("/api/v1/schema/?format=json").json()
    documented = 0
    for path, operations in schema["paths"].items():
        parameters = {p["name"]: p for p in operations.get("get", {}).get("parameters", [])}
        if "cursor" not in parameters:
            continue
        documented += 1
        assert parameters["ordering"]["schema"]["enum"] == ["id", "-id"], path
        assert "page" not in parameters, path
        cursor = parameters["cursor"]["description"]
        assert "404" in cursor and "page" in cursor and "400" in cursor, path
        assert {"400", "404"} <= set(operations["get"]["responses"]), path
    assert documented == len(LISTS)
