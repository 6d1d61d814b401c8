"""The endpoints that are not lists read their own parameters only. The lists refuse `ordering` they cannot honour and a
`page` number with a 400 naming the parameter (api.pagination.IdCursorPagination), but the certificate lookup by
number and the statistics ignored them, and any other parameter: `?number=…&ordering=-id`, `?page=2` or a misspelt
`?provnce=12` (the client believed it had the figures of one province) were answered 200 as if not sent. Now any
parameter they do not take is a 400 problem document naming it, with their own errors at once, and their schema
documents the answer (api.parameters.StrictQueryMixin)."""

import pytest
from django.urls import reverse

from certificates.tests.factories import CertificateFactory, DecisionFactory
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

# Each endpoint that is not a list: its route, the client that calls it, a query it answers, the parameters it takes.
NOT_LISTS = [
    ("public_certificate_list", None, {"number": "90-2026-8000/GCN-OCOP"}, "number"),
    ("statistics", "province_read", {}, "province"),
]


@pytest.mark.parametrize(("name", "scope", "query", "allowed"), NOT_LISTS)
@pytest.mark.parametrize("extra", [{"ordering": "-id"}, {"page": "2"}, {"cursor": "cD0x"}, {"provnce": "12"}])
def test_a_parameter_it_does_not_take_is_refused_naming_it(api, cast, name, scope, query, allowed, extra):
    response = api.as_(scope).get(reverse(f"api:{name}"), {**query, **extra})
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    (parameter,) = extra
    assert response.json()["errors"] == {
        parameter: [f"Tham số “{parameter}” không được hỗ trợ ở địa chỉ này; các tham số được phép: {allowed}."]
    }


@pytest.mark.parametrize(("name", "scope", "query", "allowed"), NOT_LISTS)
def test_the_parameters_it_takes_and_drfs_format_are_answered(api, cast, name, scope, query, allowed):
    CertificateFactory(
        product=ProductFactory(producer=cast.producer), decision=DecisionFactory(), number="90-2026-8000/GCN-OCOP"
    )
    assert api.as_(scope).get(reverse(f"api:{name}"), query).status_code == 200
    assert api.as_(scope).get(reverse(f"api:{name}"), {**query, "format": "json"}).status_code == 200


def test_every_error_is_told_at_once_in_the_clients_language(api, cast):
    caller = api.as_("province_read")
    response = caller.get(reverse("api:statistics"), {"province": "abc", "ordering": "-id"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"province", "ordering"}
    assert errors["ordering"] == ["The parameter “ordering” is not supported here; the parameters allowed: province."]
    missing = api.as_(None).get(reverse("api:public_certificate_list"), {"page": "1"})
    assert set(missing.json()["errors"]) == {"number", "page"}


def test_the_schema_documents_the_refusal(api, cast):
    schema = api.as_(None).get(reverse("api:schema"), {"format": "json"}).json()
    for path in ("/api/v1/public/certificates/", "/api/v1/statistics/"):
        answer = schema["paths"][path]["get"]["responses"]["400"]
        assert "không có trong danh sách tham số" in answer["description"], path
        assert answer["content"]["application/problem+json"]["schema"] == {"$ref": "#/components/schemas/Problem"}
    # A list's 400 keeps the general description.
    assert "danh sách tham số" not in schema["paths"]["/api/v1/producers/"]["get"]["responses"]["400"]["description"]
