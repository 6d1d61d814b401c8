"""The lists, the lookup and the statistics refuse a query parameter they do not read, but the API's index, every
record's detail and the sync export ignored one: `/api/v1/?page=2`, `/products/7/?fields=id` or
`/sync/provinces/1/?sinse=…` (the client believed it had the changes only) were answered 200 as if not sent, and the
schema documented a 400 for them that never came. Now each is a 400 problem document naming the parameter, from the
same helper as the lists (api.parameters), and the schema says why."""

import pytest
from django.urls import reverse

from .factories import certified_world

pytestmark = pytest.mark.django_db


def _routes(cast, world):
    """(route name, args, calling scope, the parameters it takes) of every endpoint that is not a list."""
    certificate = world["mine"].certificates.get()
    province = cast.province.pk
    return [
        ("root", [], None, "—"),
        ("public_product_detail", [world["mine"].pk], None, "—"),
        ("public_producer_detail", [cast.producer.pk], None, "—"),
        ("public_certificate_verify", [certificate.verify_token], None, "—"),
        ("producer_detail", [cast.producer.pk], "province_read", "—"),
        ("product_detail", [world["mine"].pk], "province_read", "—"),
        ("certificate_detail", [certificate.pk], "province_read", "—"),
        ("sync_province", [province], "province_read", "since"),
        ("sync_province_xlsx", [province], "province_read", "—"),
    ]


def test_a_parameter_an_endpoint_does_not_read_is_refused_naming_it(api, cast):
    world = certified_world(cast)
    for name, args, scope, allowed in _routes(cast, world):
        url = reverse(f"api:{name}", args=args)
        caller = api.as_(scope)
        assert caller.get(url, {"format": "json"}).status_code == 200, name  # DRF's own parameter still answers
        response = caller.get(url, {"page": "2", "sinse": "2026-05-01T00:00:00+07:00"})
        assert response.status_code == 400 and response["Content-Type"] == "application/problem+json", name
        assert response.json()["errors"] == {
            parameter: [f"Tham số “{parameter}” không được hỗ trợ ở địa chỉ này; các tham số được phép: {allowed}."]
            for parameter in ("page", "sinse")
        }, name


def test_the_sync_tells_a_bad_since_and_an_unknown_parameter_at_once(api, cast):
    response = api.as_("province_read").get(
        reverse("api:sync_province", args=[cast.province.pk]), {"since": "hôm qua", "cursor": "x"}
    )
    assert response.status_code == 400 and set(response.json()["errors"]) == {"since", "cursor"}


def test_a_detail_outside_the_scope_is_still_a_404_and_a_post_still_a_405(api, cast):
    world = certified_world(cast)
    caller = api.as_("province_read")
    assert caller.get(reverse("api:product_detail", args=[world["far"].pk])).status_code == 404
    assert api.as_(None).post("/api/v1/?x=1", {}).status_code == 405


def test_the_schema_documents_the_refusal_of_every_endpoint_that_is_not_a_list(api, cast):
    paths = api.as_(None).get(reverse("api:schema"), {"format": "json"}).json()["paths"]
    for path in (
        "/api/v1/",
        "/api/v1/public/products/{id}/",
        "/api/v1/products/{id}/",
        "/api/v1/historic-evaluations/{id}/",
        "/api/v1/sync/provinces/{id}/",
        "/api/v1/sync/provinces/{id}/xlsx/",
    ):
        answer = paths[path]["get"]["responses"]["400"]
        assert "không có trong danh sách tham số" in answer["description"], path
        assert answer["content"]["application/problem+json"]["schema"] == {"$ref": "#/components/schemas/Problem"}
    assert "danh sách tham số" not in paths["/api/v1/producers/"]["get"]["responses"]["400"]["description"]
