"""The product's name and set are what its certificate was issued to and what its filed dossier is scored by: the
producer may not change them while either stands (QA: "Nước mắm Tài Hoan – OCOP 4 sao" under a certificate issued
to "Miến dong Tài Hoan")."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from certificates.tests.factories import CertificateFactory
from evaluation.tests.factories import RegistrationFactory
from products.models import Product
from products.services import product_update

from .factories import ProductFactory, product_set

pytestmark = pytest.mark.django_db

LOCKED_BY_CERTIFICATE = "Sản phẩm đang có giấy chứng nhận OCOP cấp theo tên và bộ sản phẩm này: không sửa được."
LOCKED_BY_DOSSIER = "Hồ sơ đánh giá của sản phẩm đã nộp và đang được xử lý: không sửa được cho đến khi có kết quả."


@pytest.fixture
def product(cast):
    return ProductFactory(producer=cast.producer, name="Miến dong Tài Hoan", product_set=product_set(7))


def certified(product):
    CertificateFactory(product=product, status="valid", star=4)
    return product


def filed(product, cast, status="submitted"):
    RegistrationFactory(product=product, status=status, commune=cast.commune)
    return product


@pytest.mark.parametrize("state", ["certified", "submitted", "advisory_review", "supplement_requested"])
def test_it_refuses_the_producer_a_new_name_or_set(cast, product, state):
    certified(product) if state == "certified" else filed(product, cast, state)
    reason = LOCKED_BY_CERTIFICATE if state == "certified" else LOCKED_BY_DOSSIER
    with pytest.raises(ValidationError) as exc:
        product_update(product=product, by=cast.producer_owner, data={"name": "Nước mắm Tài Hoan"})
    assert exc.value.message_dict == {"name": [reason]}
    with pytest.raises(ValidationError) as exc:
        product_update(product=product, by=cast.producer_owner, data={"product_set": product_set(4)})
    assert exc.value.message_dict == {"product_set": [reason]}
    product.refresh_from_db()
    assert (product.name, product.product_set.number) == ("Miến dong Tài Hoan", 7)


def test_it_keeps_the_other_fields_editable_and_the_same_name_accepted(cast, product):
    certified(product)
    product_update(
        product=product,
        by=cast.producer_owner,
        data={"name": "Miến dong Tài Hoan", "product_set": product_set(7), "description": "Sợi dai"},
    )
    assert Product.objects.get(pk=product.pk).description == "Sợi dai"


@pytest.mark.parametrize("status", ["draft", "returned", "withdrawn"])
def test_it_lets_the_producer_rename_while_no_certificate_and_no_filed_dossier(cast, product, status):
    filed(product, cast, status)
    product_update(product=product, by=cast.producer_owner, data={"name": "Miến dong đặc sản"})
    assert Product.objects.get(pk=product.pk).name == "Miến dong đặc sản"


def test_the_page_shows_name_and_set_read_only_with_the_reason(cast, login, product):
    certified(product)
    client = login(cast.producer_owner)
    url = reverse("products:product_update", args=[product.pk])
    form = client.get(url).context["form"]
    assert form.fields["name"].disabled and form.fields["product_set"].disabled
    assert form.fields["name"].help_text == LOCKED_BY_CERTIFICATE
    assert not form.fields["description"].disabled
    response = client.post(
        url,
        {"name": "Nước mắm Tài Hoan", "product_set": product_set(4).pk, "description": "Mới"},
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.name, product.product_set.number, product.description) == ("Miến dong Tài Hoan", 7, "Mới")
