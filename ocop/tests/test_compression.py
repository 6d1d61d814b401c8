"""Pages, JSON and CSV go out gzip-compressed to a client that accepts it; files that are compressed already
(PDF, workbooks, ZIPs, photos) pass as they are, Content-Length included (ocop.middleware.TextCompressionMiddleware)."""

import gzip

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from ocop.middleware import TextCompressionMiddleware

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.mark.django_db
def test_a_page_goes_out_compressed_to_a_browser_that_accepts_gzip(client):
    response = client.get("/accounts/login/", **GZIP)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip" and "Accept-Encoding" in response["Vary"]
    page = gzip.decompress(response.content).decode()
    assert page.startswith("<!doctype html>") and 'name="password"' in page
    assert int(response["Content-Length"]) == len(response.content) < len(page.encode()) / 2


@pytest.mark.django_db
def test_a_client_that_does_not_accept_gzip_gets_the_page_as_it_is(client):
    response = client.get("/accounts/login/")
    assert not response.has_header("Content-Encoding")
    assert response.content.decode().startswith("<!doctype html>")


@pytest.mark.parametrize(
    ("content_type", "compressed"),
    [
        ("text/html; charset=utf-8", True),
        ("text/csv; charset=utf-8", True),
        ("application/json", True),
        ("application/problem+json", True),
        ("application/xml; charset=utf-8", True),
        ("application/vnd.oai.openapi; charset=utf-8", True),
        ("application/pdf", False),
        ("application/zip", False),
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", False),
        ("image/jpeg", False),
    ],
)
def test_only_text_is_compressed(content_type, compressed):
    body = b"OCOP " * 400
    middleware = TextCompressionMiddleware(lambda request: HttpResponse(body, content_type=content_type))
    response = middleware(RequestFactory().get("/", **GZIP))
    assert response.has_header("Content-Encoding") is compressed
    assert (gzip.decompress(response.content) if compressed else response.content) == body
