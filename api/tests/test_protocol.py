"""What every endpoint shares: problem details in vi/en, ETag/If-None-Match, per-client throttles, cursor paging,
strict paging parameters, ids that cannot overflow, and the documentation page."""

import gzip
import json

import pytest
from django.urls import reverse

from .factories import certified_world

pytestmark = pytest.mark.django_db


def test_errors_are_problem_documents_in_vietnamese_by_default(api, cast):
    response = api.as_(None).get(reverse("api:producer_list"))
    body = response.json()
    assert response["Content-Type"] == "application/problem+json" and response["Content-Language"] == "vi"
    assert body == {
        "type": "urn:ocop:problem:not_authenticated",
        "title": "Chưa xác thực",
        "status": 401,
        "detail": "Thiếu mã truy cập: gửi tiêu đề “Authorization: Bearer ocop_…”.",
        "instance": reverse("api:producer_list"),
    }


def test_errors_in_english_with_accept_language(api, cast):
    response = api.as_(None).get(reverse("api:producer_list"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9,vi;q=0.5")
    body = response.json()
    assert response["Content-Language"] == "en"
    assert body["title"] == "Not authenticated"
    assert body["detail"] == "No access token: send the header “Authorization: Bearer ocop_…”."


def test_a_fields_error_is_in_the_clients_language(api, cast):
    """DRF's own Vietnamese catalogue lacks most of its field messages: a Vietnamese client was told
    "A valid integer is required." in a problem whose title and detail were Vietnamese."""
    url = reverse("api:public_product_list")
    vietnamese = api.as_(None).get(url, {"province": "x", "star": "9"}).json()["errors"]
    assert vietnamese == {"province": ["Cần một số nguyên hợp lệ."], "star": ["“9” không phải là một lựa chọn hợp lệ."]}
    english = api.as_(None).get(url, {"province": "x"}, HTTP_ACCEPT_LANGUAGE="en").json()["errors"]
    assert english == {"province": ["A valid integer is required."]}


def test_a_browser_language_cookie_does_not_change_the_api(api, cast):
    api.client.cookies["django_language"] = "en"
    assert api.as_(None).get(reverse("api:producer_list")).json()["title"] == "Chưa xác thực"


def test_an_unknown_path_is_a_problem_not_the_html_page(api, cast):
    response = api.as_(None).get("/api/v1/khong-co/\nx")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


def test_ids_too_large_for_the_database_are_404_not_500(api, cast):
    caller = api.as_("national_read")
    assert caller.get("/api/v1/products/99999999999999999999999/").status_code == 404
    assert caller.get(reverse("api:product_list"), {"province": "99999999999999999999999"}).status_code == 400


def test_malformed_json_is_a_400_and_a_form_post_a_415(api, cast):
    caller = api.as_("province_write")
    url = reverse("api:registration_list")
    response = caller.client.post(
        url, "{nope", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {caller.token}"
    )
    assert response.status_code == 400 and response.json()["type"] == "urn:ocop:problem:parse_error"
    response = caller.client.post(url, {"product": 1}, HTTP_AUTHORIZATION=f"Bearer {caller.token}")
    assert response.status_code == 415


def test_etag_and_if_none_match(api, cast):
    certified_world(cast)
    caller = api.as_("province_read")
    first = caller.get(reverse("api:product_list"))
    etag = first["ETag"]
    assert etag and "private" in first["Cache-Control"]
    again = caller.get(reverse("api:product_list"), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert caller.get(reverse("api:product_list"), HTTP_IF_NONE_MATCH='"other"').status_code == 200
    public = api.as_(None).get(reverse("api:public_product_list"))
    assert api.as_(None).get(reverse("api:public_product_list"), HTTP_IF_NONE_MATCH=public["ETag"]).status_code == 304


def test_a_gzip_client_gets_the_json_compressed_and_its_etag_still_answers_304(api, cast):
    certified_world(cast)
    caller = api.as_("province_read")
    first = caller.get(reverse("api:product_list"), HTTP_ACCEPT_ENCODING="gzip")
    assert first["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(first.content))["results"]
    etag = first["ETag"]  # weak now (W/"…"): the compressed bytes are not the ones it was computed on
    again = caller.get(reverse("api:product_list"), HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_each_client_has_its_own_rate_limit(api, cast, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"client": "3/min", "anonymous": "2/min"},
    }
    first = api.as_("province_read")
    first_token = first.token
    assert [first.get(reverse("api:producer_list")).status_code for _ in range(3)] == [200, 200, 200]
    limited = first.get(reverse("api:producer_list"))
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0
    assert limited.json()["type"] == "urn:ocop:problem:throttled"
    second = api.as_("national_read")  # another client: its own counter
    assert second.get(reverse("api:producer_list")).status_code == 200
    second.token = first_token
    assert second.get(reverse("api:producer_list")).status_code == 429
    anonymous = api.as_(None)
    codes = [anonymous.get(reverse("api:public_product_list")).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_cursor_paging_walks_every_row_once(api, cast):
    from portal.tests.factories import certified

    for n in range(7):
        certified(cast.producer, name=f"Sản phẩm {n}")
    caller = api.as_("province_read")
    seen, url, params = [], reverse("api:product_list"), {"page_size": 3}
    while url:
        page = caller.get(url, params).json()
        seen += [r["id"] for r in page["results"]]
        url, params = page["next"], None
    assert len(seen) == 7 and seen == sorted(seen)


@pytest.mark.parametrize("value", ["0", "-1", "abc", "501", "١"])
def test_a_bad_page_size_or_cursor_is_a_problem(api, cast, value):
    caller = api.as_("province_read")
    response = caller.get(reverse("api:product_list"), {"page_size": value})
    assert response.status_code == 400 and "page_size" in response.json()["errors"]
    assert caller.get(reverse("api:product_list"), {"cursor": "bz1hYmM="}).status_code == 404  # "o=abc"


def test_the_schema_is_at_a_stable_url(api, cast):
    response = api.as_(None).get(reverse("api:schema"), {"format": "json"})
    schema = response.json()
    assert response.status_code == 200 and schema["openapi"].startswith("3.")
    assert "/api/v1/public/products/" in schema["paths"] and "/api/v1/sync/provinces/{id}/" in schema["paths"]
    assert schema["components"]["securitySchemes"]["clientToken"]["scheme"] == "bearer"
    # the writes of read-write clients are documented with their bodies
    history = schema["paths"]["/api/v1/historic-evaluations/"]
    assert {"get", "post"} <= set(history) and "requestBody" in history["post"]
    assert "400" in history["post"]["responses"] and "403" in history["post"]["responses"]
    # the public catalogue pages by cursor, like the other large lists
    catalogue = {p["name"] for p in schema["paths"]["/api/v1/public/products/"]["get"]["parameters"]}
    assert {"cursor", "page_size", "q", "star", "province"} <= catalogue and "page" not in catalogue


def test_the_docs_page_uses_only_this_sites_files_and_no_inline_script(api, cast):
    response = api.as_(None).get(reverse("api:docs"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>" not in html and "http://" not in html and "https://" not in html
    assert "swagger-ui-bundle.js" in html and "js/api-docs.js" in html
    assert "'unsafe-inline'" not in response["Content-Security-Policy"].split("script-src")[1].split(";")[0]
