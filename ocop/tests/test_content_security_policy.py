"""Content-Security-Policy and Permissions-Policy on every page, and no template left that the policy would break:
no inline <script> with code, no on*= handler, no style attribute (data go through json_script / data- attributes,
behaviour lives in static/js/)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates"] + [
    Path(settings.BASE_DIR) / app / "templates" for app in ("ocop", "products", "evaluation", "certificates")
]
# Documents rendered to PDF by WeasyPrint never reach a browser: their print CSS may stay inline.
NOT_SERVED = ("pdf/", "emails/", "scorecard_pdf.html", "scorecard_sheet_css.html")
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.IGNORECASE | re.DOTALL)
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)


def _templates():
    for directory in TEMPLATE_DIRS:
        if directory.exists():
            yield from sorted(p for p in directory.rglob("*") if p.suffix in {".html", ".txt"})


def test_the_walk_finds_the_templates():
    assert len(list(_templates())) > 50


@pytest.mark.parametrize("path", list(_templates()), ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_no_template_has_inline_script_or_handlers(path):
    source = path.read_text(encoding="utf-8")
    for attributes, body in SCRIPT.findall(source):
        assert "src=" in attributes or "application/json" in attributes, f"inline script in {path}"
        assert not body.strip(), f"code inside a <script> element in {path}"
    assert not HANDLER.search(source), f"on*= handler in {path}"
    relative = str(path.relative_to(settings.BASE_DIR))
    if not any(part in relative for part in NOT_SERVED):
        assert not STYLE_ATTRIBUTE.search(source), f"style attribute in {path}"
        for style in re.findall(r"<style\b[^>]*>", source):
            assert "csp_nonce" in style, f"<style> without the request's nonce in {path}"


def test_the_checks_catch_what_they_are_meant_to():
    assert SCRIPT.findall("<script>alert(1)</script>")
    assert HANDLER.search('<button type="submit" onclick="go()">')
    assert HANDLER.search("<body\nonload=x>")
    assert not HANDLER.search('<a data-confirm="on=1" href="#">')


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/", "/khong-co-trang-nay/"])
def test_every_page_carries_both_headers(client, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_a_page_with_a_print_style_gets_a_nonce_that_matches_the_header(cast, login):
    from evaluation.tests.factories import small_scorecard

    scorecard = small_scorecard()
    response = login(cast.province_officer).get(reverse("evaluation:scorecard_detail", args=[scorecard.pk]))
    nonce = re.search(r'<style nonce="([^"]+)"', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
