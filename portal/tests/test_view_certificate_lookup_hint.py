"""`/xac-minh/`'s hint gives a number as the app issues them. It read "ví dụ 101/GCN-UBND", a form the app never
issues (certificates.selectors.numbers.certificate_number: "19-2026-0001/GCN-OCOP"), so a buyer holding a new
certificate could doubt their number; the hint now comes from the numbering rule and says that an older certificate
is looked up by the number printed on it."""

import re

import pytest
from django.urls import reverse

from certificates.services.decisions import allocate_certificate_number
from certificates.tests.factories import DecisionFactory

pytestmark = pytest.mark.django_db

URL = reverse("portal:certificate_lookup")


def _hint(client) -> str:
    page = client.get(URL).content.decode()
    hint = re.search(r'<div id="id_number_helptext"[^>]*>(.*?)</div>', page, re.S)
    assert hint, "the number's help text is shown under its field"
    return " ".join(re.sub(r"<[^>]+>", " ", hint.group(1)).split())


def _shape(number: str) -> str:
    return re.sub(r"\d", "9", number)


def test_the_hint_shows_a_number_in_the_form_the_app_issues(client, cast):
    hint = _hint(client)
    assert "19-2026-0001/GCN-OCOP" in hint and "101/GCN-UBND" not in hint
    assert "giấy chứng nhận cấp trước đây tra theo đúng số in trên giấy" in hint
    # The same shape as a number the app really gives a certificate today.
    issued = allocate_certificate_number(decision=DecisionFactory(issuer_unit=cast.province))
    (example,) = re.findall(r"\S+/GCN-OCOP", hint)
    assert _shape(example) == _shape(issued)


def test_the_hint_reads_in_english_too(client, cast):
    client.cookies["django_language"] = "en"
    hint = _hint(client)
    assert "19-2026-0001/GCN-OCOP" in hint and "issued earlier is looked up by the number printed on it" in hint
