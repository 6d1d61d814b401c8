"""A page below a list (a form, a confirmation, a job's progress) says where it is and leads back: its breadcrumb
trail ends on the page and links to the list above it. The lists themselves are in the menu."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.choices import IssuerLevel
from certificates.services.decisions import decision_check, decision_create
from certificates.tests.factories import CertificateFactory, DecisionFactory, checker_for, result_for
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

TRAIL = re.compile(r'<nav aria-label="Đường dẫn"><ol class="breadcrumb">(.*?)</ol></nav>', re.S)


def trail(response) -> tuple[list[str], str]:
    """(the trail's links, the current page's label) of a page."""
    assert response.status_code == 200
    found = TRAIL.search(response.content.decode())
    assert found, "no breadcrumb trail"
    links = re.findall(r'href="([^"]+)"', found.group(1))
    current = re.search(r'aria-current="page">([^<]+)<', found.group(1))
    assert current, "the trail does not end on the page"
    return links, current.group(1)


def test_the_forms_below_a_list_lead_back_to_it(cast, login):
    officer = login(cast.province_officer)
    for url, back in (
        (reverse("certificates:decision_create"), reverse("certificates:decision_list")),
        (reverse("supervision:inspection_create"), reverse("supervision:inspection_list")),
        (reverse("supervision:complaint_create"), reverse("supervision:complaint_list")),
        (reverse("products:producer_import"), reverse("products:producer_list")),
        (reverse("products:product_import"), reverse("products:product_list")),
        (reverse("evaluation:council_create"), reverse("evaluation:council_list")),
        (reverse("dashboard_plan_create"), reverse("dashboard_plan_list")),
        (reverse("dashboard_historic_evaluation_create"), reverse("dashboard_historic_evaluation_list")),
        (reverse("dashboard_historic_evaluation_import"), reverse("dashboard_historic_evaluation_list")),
    ):
        links, current = trail(officer.get(url))
        assert links[-1] == back, url
        assert current.strip(), url


def test_a_certificates_correction_leads_back_to_the_certificate(cast, login):
    certificate = CertificateFactory(
        product=ProductFactory(producer=cast.producer),
        decision=DecisionFactory(date=timezone.localdate() - timedelta(days=100)),
    )
    links, current = trail(
        login(cast.province_officer).get(reverse("certificates:certificate_correct", args=[certificate.pk]))
    )
    assert links == [
        reverse("certificates:certificate_list"),
        reverse("certificates:certificate_detail", args=[certificate.pk]),
    ]
    assert current == "Đính chính"


def test_issuing_a_decision_leads_back_to_the_decision(cast, login):
    draft = decision_create(
        by=cast.province_officer,
        issuer_level=IssuerLevel.PROVINCE,
        issuer_unit=cast.province,
        results=[result_for(cast.producer, name="Gạo ST25")],
    )
    decision_check(decision=draft, by=checker_for(cast.province_officer))
    links, current = trail(
        login(checker_for(cast.province_officer)).get(reverse("certificates:decision_issue", args=[draft.pk]))
    )
    assert links == [reverse("certificates:decision_list"), reverse("certificates:decision_detail", args=[draft.pk])]
    assert current == "Ban hành quyết định"


def test_every_trail_is_named_in_the_pages_language_and_marks_its_current_page():
    """A screen reader announces the trail by its name ("Đường dẫn", not the English word "breadcrumb") and reads
    which item is the page itself (aria-current), which sighted users tell by its colour."""
    from django.conf import settings

    templates = settings.BASE_DIR / "templates"
    trails = {
        str(path.relative_to(templates)): re.findall(
            r"<nav ([^>]*)><ol class=\"breadcrumb\">(.*?)</ol></nav>", text, re.S
        )
        for path in templates.rglob("*.html")
        if 'class="breadcrumb"' in (text := path.read_text(encoding="utf-8"))
    }
    assert len(trails) > 40
    for name, found in trails.items():
        assert found, name
        for attributes, items in found:
            assert attributes == "aria-label=\"{% translate 'Đường dẫn' %}\"", name
            assert re.search(r'class="breadcrumb-item active" aria-current="page"', items), name
            assert not re.search(r'class="breadcrumb-item active"(?! aria-current="page")', items), name
