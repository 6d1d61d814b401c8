"""The product code's last part is the year of the evaluation (D26 Phụ lục II: "(T)-(X)-(STT)-20…", "Năm đánh
giá"), not the year the product was entered: a product entered in 2026 and evaluated in round 1 of 2027 prints
"…-2027" on its dossier, its sheets and its certificate, and still answers to the code it had."""

import pytest
from django.urls import reverse

from evaluation.selectors.sheet_structure import sheet_header
from evaluation.services.transitions import registration_submit
from evaluation.tests.factories import complete_dossier, registration_in, round_taking_proposals
from products.models import Product
from products.selectors import products_by_code

pytestmark = pytest.mark.django_db


def _coded(registration, year=2026):
    product = registration.product
    product.code_province, product.code_commune, product.code_serial, product.code_year = "90", "90001", 7, year
    product.save(update_fields=["code_province", "code_commune", "code_serial", "code_year"])
    return product


def test_a_dossier_for_next_years_round_gives_the_code_that_year(cast, private_media, login):
    registration = registration_in(cast, round=round_taking_proposals(cast), year=2027)
    product = _coded(registration)
    assert registration.product_code == "90-90001-7-2027"  # its papers, before and after it is filed
    complete_dossier(registration, cast.producer_owner)
    registration_submit(registration=registration, by=cast.producer_owner)
    product = Product.objects.get(pk=product.pk)
    assert product.code == "90-90001-7-2027"
    assert "90-90001-7-2027" in product.search_text
    assert sheet_header(registration_id=registration.pk)["product_code"] == "90-90001-7-2027"
    page = login(cast.producer_owner).get(reverse("evaluation:registration_detail", args=[registration.pk]))
    assert page.status_code == 200
    assert '<small class="text-muted" data-testid="dossier-product-code">90-90001-7-2027</small>' in page.text
    # The code it had when it was entered still finds it (an import of last year's records), and so does the new one.
    found = products_by_code(Product.objects.all(), {"90-90001-7-2026", "90-90001-7-2027", "90-90001-8-2027"})
    assert found == {"90-90001-7-2026": product, "90-90001-7-2027": product}


def test_an_older_dossier_keeps_its_own_year_and_the_code_never_goes_back(cast, private_media):
    registration = registration_in(cast, year=2026)
    product = _coded(registration, year=2027)
    assert registration.product_code == "90-90001-7-2026"
    assert sheet_header(registration_id=registration.pk)["product_code"] == "90-90001-7-2026"
    assert Product.objects.get(pk=product.pk).code == "90-90001-7-2027"


def test_a_code_from_before_this_system_stays_as_it_was(cast):
    registration = registration_in(cast, year=2027)
    product = registration.product
    product.legacy_code = "83-829-28780-3-2022"
    product.save(update_fields=["legacy_code"])
    assert registration.product_code == "83-829-28780-3-2022"
    assert products_by_code(Product.objects.all(), {"83-829-28780-3-2022"}) == {"83-829-28780-3-2022": product}
