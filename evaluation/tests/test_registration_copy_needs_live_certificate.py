"""A dossier scored but awaiting its decision offered "Lập hồ sơ mới từ hồ sơ này: Đánh giá lại / Nâng hạng" for a
product with no live certificate: there is nothing recognised to upgrade (Điều 6.1b) or renew (6.1c). The copy is
offered only while the product holds a live certificate (Product.current_star, kept by the certificates app), and
the service refuses it otherwise, beside the kind."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as S
from evaluation.models import Registration
from evaluation.permissions.registrations import registration_actions_for
from evaluation.services.dossier import registration_create_from_previous
from evaluation.tests.factories import registration_in
from products.models import Product

pytestmark = pytest.mark.django_db

REFUSED = (
    "Sản phẩm chưa có giấy chứng nhận OCOP còn hiệu lực: chỉ lập hồ sơ nâng hạng hoặc đánh giá lại từ hồ sơ trước khi "
    "sản phẩm đã được công nhận và giấy chứng nhận còn hiệu lực (Điều 6.1b, c)."
)


def _not_recognised(cast):
    """A first evaluation that did not reach 3 stars, its result told to the producer: the product holds nothing."""
    registration = registration_in(cast, status=S.NOT_RECOGNISED, name="Miến dong Tân An")
    Registration.objects.filter(pk=registration.pk).update(result_notified_status=S.NOT_RECOGNISED)
    registration.refresh_from_db()
    return registration


@pytest.mark.parametrize("status", [S.SCORED, S.NOT_RECOGNISED, S.DECIDED])
def test_no_copy_is_offered_without_a_live_certificate(cast, login, status):
    registration = registration_in(cast, status=status, name="Miến dong Tân An")
    Registration.objects.filter(pk=registration.pk).update(result_notified_status=status)
    registration.refresh_from_db()
    assert registration_actions_for(cast.producer_owner, registration)["copy"] is False
    page = login(cast.producer_owner).get(reverse("evaluation:registration_detail", args=[registration.pk]))
    assert 'data-testid="copy-form"' not in page.content.decode()


def test_the_copy_is_offered_once_the_product_holds_a_live_certificate(cast, login):
    registration = registration_in(cast, status=S.DECIDED, name="Miến dong Tân An")
    Product.objects.filter(pk=registration.product_id).update(status="recognised", current_star=4)
    registration.refresh_from_db()
    assert registration_actions_for(cast.producer_owner, registration)["copy"] is True
    page = login(cast.producer_owner).get(reverse("evaluation:registration_detail", args=[registration.pk]))
    assert 'data-testid="copy-form"' in page.content.decode()


@pytest.mark.parametrize("kind", [K.REEVALUATION, K.UPGRADE])
def test_the_service_refuses_a_copy_without_a_live_certificate(cast, kind):
    previous = _not_recognised(cast)
    with pytest.raises(ValidationError) as raised:
        registration_create_from_previous(previous=previous, kind=kind, by=cast.producer_owner)
    assert raised.value.message_dict == {"kind": [REFUSED]}
    assert list(Registration.objects.filter(product=previous.product)) == [previous]


def test_a_copy_sent_from_an_older_page_is_refused_beside_the_kind(cast, login):
    previous = _not_recognised(cast)
    response = login(cast.producer_owner).post(
        reverse("evaluation:registration_copy", args=[previous.pk]), {"kind": K.REEVALUATION}
    )
    assert response.status_code == 200
    assert response.context["copy_form"].errors == {"kind": [REFUSED]}
    html = response.content.decode()
    assert REFUSED in html and 'data-testid="copy-form"' not in html
    assert list(Registration.objects.filter(product=previous.product)) == [previous]
