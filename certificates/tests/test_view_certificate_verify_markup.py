"""The public verification page: one h1 before its h2, ARIA only where it is allowed, and a meta description
(every page carries one, from base.html)."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.tests.factories import CertificateFactory, DecisionFactory, result_for

pytestmark = pytest.mark.django_db
# Elements on which aria-label is allowed without a role (ARIA 1.2 forbids it on generic div/span/p/i).
NAMED_BY_DEFAULT = {"a", "button", "input", "select", "textarea", "nav", "form", "section", "img", "svg", "main"}


class Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings, self.bad_labels, self.descriptions = [], [], []
        self._in_heading = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"h1", "h2", "h3"}:
            self._in_heading = tag
            self.headings.append([tag, ""])
        if "aria-label" in attrs and tag not in NAMED_BY_DEFAULT and "role" not in attrs:
            self.bad_labels.append((tag, attrs.get("class")))
        if tag == "meta" and attrs.get("name") == "description":
            self.descriptions.append(attrs.get("content", ""))

    def handle_endtag(self, tag):
        if tag == self._in_heading:
            self._in_heading = None

    def handle_data(self, data):
        if self._in_heading:
            self.headings[-1][1] += data


def _outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


def test_the_verification_page_has_an_h1_valid_aria_and_a_description(client, cast):
    product = result_for(cast.producer, name="Bưởi Đoan Hùng").registration.product
    c = CertificateFactory(product=product, decision=DecisionFactory(date=timezone.localdate() - timedelta(days=10)))
    response = client.get(reverse("certificates:certificate_verify", args=[c.verify_token]))
    outline = _outline(response.content.decode())
    levels = [tag for tag, _text in outline.headings]
    assert levels.count("h1") == 1 and levels[0] == "h1"
    assert "Xác minh giấy chứng nhận OCOP" in outline.headings[0][1]
    assert outline.bad_labels == []
    assert len(outline.descriptions) == 1
    assert c.number in outline.descriptions[0] and "Bưởi Đoan Hùng" in outline.descriptions[0]


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/password/reset/"])
def test_other_pages_carry_a_meta_description(client, url):
    outline = _outline(client.get(url).content.decode())
    assert len(outline.descriptions) == 1 and "OCOP" in outline.descriptions[0]
