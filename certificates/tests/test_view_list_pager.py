"""Issue 11.5: the certificate and decision lists used their own pager, whose links dropped the filters
(/certificates/?q=mắm, "next" → ?page=2, the unfiltered list). Every list pages through one partial
(templates/_pager.html, built on {% querystring %}) that keeps every parameter."""

import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from certificates.choices import DecisionStatus
from certificates.tests.factories import CertificateFactory, DecisionFactory
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def _next_link(html: str) -> str:
    match = re.search(r'<a class="page-link" href="([^"]+)" rel="next"', html)
    assert match, "no next-page link"
    return unescape(match.group(1))


def test_the_certificate_list_keeps_its_search_on_the_next_page(cast, login):
    for i in range(56):  # 52 match the search: two pages
        name = f"Nước mắm {i:02d}" if i % 14 else f"Miến dong {i:02d}"
        CertificateFactory(product=ProductFactory(producer=cast.producer, name=name))
    client = login(cast.province_officer)
    url = reverse("certificates:certificate_list")
    first = client.get(url, {"q": "mắm", "status": "valid"})
    assert first.status_code == 200
    link = _next_link(first.content.decode())
    assert "page=2" in link and "status=valid" in link and "q=m%E1%BA%AFm" in link
    second = client.get(url + link)
    names = [c.product_name for c in second.context["page"].object_list]
    assert names and all("mắm" in name for name in names)
    assert second.context["page"].number == 2


def test_the_decision_list_keeps_its_filter_on_the_next_page(cast, login):
    for _ in range(52):
        DecisionFactory(issuer_unit=cast.province, status=DecisionStatus.ISSUED)
    client = login(cast.province_officer)
    first = client.get(reverse("certificates:decision_list"), {"status": "issued"})
    link = _next_link(first.content.decode())
    assert "status=issued" in link and "page=2" in link


def test_the_expiry_list_keeps_its_filters_on_the_next_page(cast, login):
    import datetime as dt

    from django.utils import timezone

    soon = timezone.localdate() + dt.timedelta(days=20)
    for i in range(52):
        CertificateFactory(product=ProductFactory(producer=cast.producer, name=f"Mật ong {i:02d}"), valid_until=soon)
    client = login(cast.province_officer)
    first = client.get(reverse("certificates:expiry_list"), {"star": "4", "q": "ong"})
    link = _next_link(first.content.decode())
    assert "star=4" in link and "q=ong" in link and "page=2" in link


def test_every_list_pages_through_the_one_shared_pager():
    templates = Path(settings.BASE_DIR) / "templates"
    own_pagers = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if path.name != "_pager.html" and "next_page_number" in path.read_text(encoding="utf-8")
    ]
    assert own_pagers == []
    assert not (templates / "certificates" / "_pager.html").exists()
    assert not (templates / "products" / "_pagination.html").exists()
