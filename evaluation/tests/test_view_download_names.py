"""A downloaded paper is named after its number or its product's code, never a database id ("mau-01-ho-so-4711.pdf",
"phieu-cham-phien-12.xlsx" told the reader nothing and collided across provinces); a paper without either is named
after what tells it apart, in ASCII."""

import pytest
from django.urls import reverse

from evaluation.models import Registration
from products.models import Product

from .factories import complete_dossier, registration_in, setup_scoring

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    r = registration_in(cast, name="Miến dong Tài Hoan")
    complete_dossier(r, cast.producer_owner)
    return r


def _form_pdf(client, registration, form="01"):
    return client.get(reverse("evaluation:registration_form_pdf", args=[registration.pk, form]))


def test_a_dossier_form_is_named_after_the_phieu_s_number_then_the_product_s_code_then_its_name(
    cast, login, registration
):
    client = login(cast.province_officer)
    response = _form_pdf(client, registration)
    assert response["Content-Disposition"] == 'attachment; filename="mau-01-mien-dong-tai-hoan.pdf"'
    Product.objects.filter(pk=registration.product_id).update(
        code_province="19", code_commune="05713", code_serial=12, code_year=2026
    )
    response = _form_pdf(client, registration, "02")
    assert response["Content-Disposition"] == 'attachment; filename="mau-02-19-05713-12-2026.pdf"'
    Registration.objects.filter(pk=registration.pk).update(form_number="15/PĐK")
    response = _form_pdf(client, registration)
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''mau-01-15-P%C4%90K.pdf"


def test_the_session_s_score_export_is_named_after_its_council_and_day(cast, login):
    s = setup_scoring(cast)
    response = login(cast.council_chair).get(reverse("evaluation:session_export", args=[s.session.pk]))
    assert response["Content-Disposition"] == (
        'attachment; filename="phieu-cham-hoi-dong-danh-gia-phan-hang-san-pham-ocop-tinh-20261202.xlsx"'
    )
