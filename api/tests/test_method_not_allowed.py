"""A method an endpoint does not have is a 405 naming the methods it has, whatever the client's access: a read
client's POST to /api/v1/products/ (which no client can POST to) was a 403 "this client may only read", which sent
its integrator to ask for a read-write token that would have been answered 405."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("scope", ["province_read", "province_write"])
@pytest.mark.parametrize("name", ["product_list", "producer_list", "certificate_list", "statistics"])
def test_a_method_the_endpoint_does_not_have_is_405_for_every_client(api, cast, scope, name):
    response = api.as_(scope).post(reverse(f"api:{name}"), {})
    assert response.status_code == 405 and response["Content-Type"] == "application/problem+json"
    assert "POST" not in response["Allow"] and "GET" in response["Allow"]


def test_a_read_client_is_still_refused_a_write_the_endpoint_has(api, cast):
    response = api.as_("province_read").post(reverse("api:registration_list"), {"product": 1, "kind": "first"})
    assert response.status_code == 403
    assert response.json()["type"] == "urn:ocop:problem:permission_denied"


def test_without_a_token_it_is_still_401(api, cast):
    assert api.as_(None).post(reverse("api:product_list"), {}).status_code == 401
