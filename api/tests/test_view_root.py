"""/api/ and /api/v1/ answered 404: nothing said where the API's documentation was. /api/v1/ is now the API's
index (its documentation, its schema and its collections, in JSON like the rest of the API) and /api/ leads there."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SITE = "https://ocop.example.vn"  # conftest's SITE_URL


def test_the_index_says_where_the_docs_the_schema_and_each_collection_are(api, cast):
    response = api.as_(None).get("/api/v1/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    body = response.json()
    assert body["docs"] == f"{SITE}/api/v1/docs/" and body["schema"] == f"{SITE}/api/v1/schema/"
    assert body["endpoints"]["public_product_list"] == f"{SITE}/api/v1/public/products/"
    assert body["endpoints"]["registration_list"] == f"{SITE}/api/v1/registrations/"
    # Every listed address answers (a public list to anyone, the others to a client).
    caller = api.as_("national_read")
    for name, url in body["endpoints"].items():
        query = {"number": "X"} if name == "public_certificate_list" else {}
        assert caller.get(url.removeprefix(SITE), query).status_code == 200, name
    assert api.as_(None).get(body["docs"].removeprefix(SITE)).status_code == 200


def test_the_index_is_documented_and_keeps_the_apis_manners(api, cast):
    schema = api.as_(None).get(reverse("api:schema"), {"format": "json"}).json()
    assert schema["paths"]["/api/v1/"]["get"]["operationId"] == "api_root"
    response = api.as_(None).get("/api/v1/")
    assert api.as_(None).get("/api/v1/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    wrong = api.as_(None).post("/api/v1/", {})
    assert wrong.status_code == 405 and wrong["Content-Type"] == "application/problem+json"


def test_api_leads_to_the_current_versions_index(client):
    response = client.get("/api/")
    assert response.status_code == 302 and response["Location"] == reverse("api:root") == "/api/v1/"


def test_an_unknown_path_under_the_api_is_still_a_problem(api, cast):
    response = api.as_(None).get("/api/v1/khong-co/")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"
