"""Vietnamese words that mean two things in English get a context each: the English pages read "Certificates
90-2026-0001/GCN-OCOP" over one certificate, "Councils" over a session's council and "Criteria 5" for one
criterion."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.tests.factories import CertificateFactory
from evaluation.models import CouncilSession
from evaluation.tests.factories import make_council
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(login):
    def _english(user):
        client = login(user)
        client.cookies["django_language"] = "en"
        return client

    return _english


def test_one_certificate_is_headed_in_the_singular(cast, english, client):
    certificate = CertificateFactory(product=ProductFactory(producer=cast.producer))
    page = english(cast.province_officer).get(reverse("certificates:certificate_detail", args=[certificate.pk]))
    assert re.search(rf'<h1 class="page-title">Certificate {re.escape(certificate.number)}', page.content.decode())
    client.cookies["django_language"] = "en"
    public = client.get(reverse("portal:product_short", args=[certificate.product_id]), follow=True)
    assert '<h2 class="h6" id="certificate-h">Certificate</h2>' in public.content.decode()


def test_a_sessions_council_is_one_council(cast, english):
    CouncilSession.objects.create(council=make_council(cast), date=timezone.localdate(), location="UBND tỉnh")
    page = english(cast.province_officer).get(reverse("evaluation:session_list")).content.decode()
    assert '<th class="d-none d-md-table-cell">Council</th>' in page


def test_one_criterion_is_named_in_the_singular():
    from django.utils import translation

    with translation.override("en"):
        assert translation.gettext("Tiêu chí") == "Criterion"


def test_the_list_of_sessions_is_named_in_the_plural(cast, english):
    session = CouncilSession.objects.create(council=make_council(cast), date=timezone.localdate(), location="UBND")
    client = english(cast.province_officer)
    page = client.get(reverse("evaluation:session_detail", args=[session.pk])).content.decode()
    assert f'<a href="{reverse("evaluation:session_list")}">Sessions</a>' in page  # the breadcrumb to the list
    assert re.search(r'<h1 class="page-title mb-1">Session \d\d/\d\d/\d{4}', page)
    page = client.get(reverse("evaluation:council_detail", args=[session.council_id])).content.decode()
    assert '<h2 class="h5">Sessions</h2>' in page


def test_a_breadcrumb_and_a_menu_name_the_list_they_lead_to_in_the_plural(cast, english, client):
    certificate = CertificateFactory(product=ProductFactory(producer=cast.producer))
    officer = english(cast.central_officer)
    for name, args, list_name, label in (
        ("products:product_detail", [certificate.product_id], "products:product_list", "Products"),
        ("products:producer_detail", [cast.producer.pk], "products:producer_list", "Producers"),
        ("certificates:decision_detail", [certificate.decision_id], "certificates:decision_list", "Decisions"),
    ):
        page = officer.get(reverse(name, args=args)).content.decode()
        assert f'<a href="{reverse(list_name)}">{label}</a>' in page, name
    client.cookies["django_language"] = "en"
    public = client.get(reverse("portal:product_short", args=[certificate.product_id]), follow=True).content.decode()
    assert public.count(f'href="{reverse("portal:catalogue")}">Products</a>') == 2  # the menu and the breadcrumb


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("evaluation:round_list", "Evaluation rounds"),
        ("certificates:decision_list", "Recognition decisions"),
        ("evaluation:council_list", "Evaluation and rating councils"),
        ("evaluation:scorecard_list", "Criteria sets"),
    ],
)
def test_a_list_page_is_titled_in_the_plural(cast, english, name, title):
    page = english(cast.central_officer).get(reverse(name)).content.decode()
    assert f"<title>{title}" in page


def test_a_producers_role_is_one_producer(cast, english):
    # Under the greeting and in the user menu: "OCOP producers", the title of the producers' list.
    page = english(cast.producer_owner).get(reverse("home")).content.decode()
    assert '<p class="text-muted">OCOP producer</p>' in page
    assert '<small class="opacity-75 user-role">(OCOP producer)</small>' in page


def test_one_complaint_and_one_inspection_are_named_in_the_singular(cast, english):
    from supervision.models import Complaint
    from supervision.tests.factories import certificate_for, scheduled

    inspection = scheduled(cast, certificate_for(cast, name="Miến dong Tài Hoan"))
    complaint = Complaint.objects.create(product=inspection.product, source="public", text="Nhãn ghi sai hạng sao.")
    client = english(cast.province_officer)
    page = client.get(reverse("supervision:complaint_detail", args=[complaint.pk])).content.decode()
    assert '<h1 class="page-title">Complaint: Miến dong Tài Hoan</h1>' in page
    page = client.get(reverse("supervision:inspection_detail", args=[inspection.pk])).content.decode()
    assert "<title>Inspection: Miến dong Tài Hoan" in page


def test_a_dossiers_document_column_names_one_document(cast, english):
    from evaluation.tests.factories import registration_in

    registration = registration_in(cast)
    page = english(cast.producer_owner).get(reverse("evaluation:registration_documents", args=[registration.pk]))
    assert "<thead><tr><th>Document</th><th>File</th></tr></thead>" in page.content.decode()


def test_the_button_that_opens_a_registration_says_what_it_does(cast, english):
    """'Đăng ký sản phẩm' on the dossier list's button is an act ("register a product"), not the list's name."""
    page = english(cast.producer_owner).get(reverse("evaluation:registration_list")).content.decode()
    assert re.search(r'<i class="bi bi-plus-lg"></i> Register a product</a>', page)


def test_a_producers_products_are_headed_in_the_plural(cast, english):
    """The producer page headed its list of products "Product": the msgid of one product's column."""
    ProductFactory(producer=cast.producer)
    page = english(cast.commune_officer).get(reverse("products:producer_detail", args=[cast.producer.pk]))
    assert '<h2 class="h5">Products</h2>' in page.content.decode()
