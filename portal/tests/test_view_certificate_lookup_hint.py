"""`/xac-minh/`'s hint gives a number as the app issues them. It read "ví dụ 101/GCN-UBND", a form the app never
issues (certificates.selectors.numbers.certificate_number: "19-2026-0001/GCN-OCOP"), so a buyer holding a new
certificate could doubt their number; the hint now comes from the numbering rule and says that an older certificate
is looked up by the number printed on it. Its example then named Thái Nguyên (19) on every site, whichever province
the site serves: it now names the province of the latest certificate recorded, and no province at all (no example)
before any certificate is recorded."""

import re

import pytest
from django.urls import reverse

from certificates.services.decisions import allocate_certificate_number
from certificates.tests.factories import CertificateFactory, DecisionFactory
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

URL = reverse("portal:certificate_lookup")


def _hint(client) -> str:
    page = client.get(URL).content.decode()
    hint = re.search(r'<div id="id_number_helptext"[^>]*>(.*?)</div>', page, re.S)
    assert hint, "the number's help text is shown under its field"
    return " ".join(re.sub(r"<[^>]+>", " ", hint.group(1)).split())


def _shape(number: str) -> str:
    return re.sub(r"\d", "9", number)


def _certificate(producer):
    return CertificateFactory(product=ProductFactory(producer=producer), decision=DecisionFactory())


def test_the_hint_shows_a_number_in_the_form_the_app_issues(client, cast):
    _certificate(cast.producer)
    hint = _hint(client)
    assert "90-2026-0001/GCN-OCOP" in hint and "101/GCN-UBND" not in hint
    assert "giấy chứng nhận cấp trước đây tra theo đúng số in trên giấy" in hint
    # The same shape as a number the app really gives a certificate today.
    issued = allocate_certificate_number(decision=DecisionFactory(issuer_unit=cast.province))
    (example,) = re.findall(r"\S+/GCN-OCOP", hint)
    assert _shape(example) == _shape(issued)


def test_the_example_names_the_province_of_the_latest_certificate_never_a_fixed_one(client, cast):
    _certificate(cast.producer)
    _certificate(cast.other_producer_org)  # the province the site serves lately: Tỉnh Khác (91)
    hint = _hint(client)
    assert "91-2026-0001/GCN-OCOP" in hint
    assert "19-2026" not in hint and "90-2026" not in hint


def test_before_any_certificate_the_hint_names_no_province(client, cast):
    hint = _hint(client)
    assert "/GCN-OCOP" not in hint and "19-2026" not in hint and "ví dụ" not in hint
    assert "giấy chứng nhận cấp trước đây cũng tra theo đúng số in trên giấy" in hint


def test_the_hint_reads_in_english_too(client, cast):
    client.cookies["django_language"] = "en"
    assert "issued earlier is also looked up by the number printed on it" in _hint(client)
    _certificate(cast.producer)
    hint = _hint(client)
    assert "90-2026-0001/GCN-OCOP" in hint and "issued earlier is looked up by the number printed on it" in hint
