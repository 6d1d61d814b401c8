import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from certificates.tests.factories import CertificateFactory
from evaluation.tests.factories import RegistrationFactory
from ocop.downloads import IMAGE_CONTENT_SECURITY_POLICY
from ocop.filters import forget_reference_lists
from products.models import Product
from products.services import product_add_photo, product_update

from .factories import ProducerFactory, ProductFactory, product_set
from .test_view_producers import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(cast):
    return ProductFactory(producer=cast.producer, name="Miến dong Tài Hoan", search_text="mien dong tai hoan")


def detail(pk):
    return reverse("products:product_detail", args=[pk])


@pytest.mark.parametrize("role", ["commune_officer", "province_officer", "viewer", "producer_owner", "central_officer"])
def test_it_lists_products_to_every_reader(cast, login, product, role):
    response = login(getattr(cast, role)).get(reverse("products:product_list"))
    assert response.status_code == 200
    assert "Miến dong Tài Hoan" in response.content.decode()


@pytest.mark.parametrize("role", ["other_producer", "outsider", "other_commune_officer"])
def test_it_hides_products_outside_scope_from_the_list(cast, login, product, role):
    assert "Miến dong Tài Hoan" not in login(getattr(cast, role)).get(reverse("products:product_list")).content.decode()


@pytest.mark.parametrize(
    "role,status",
    [
        ("commune_officer", 200),
        ("province_officer", 200),
        ("viewer", 200),
        ("producer_owner", 200),
        ("other_producer", 404),
        ("outsider", 404),
        ("other_commune_officer", 404),
    ],
)
def test_it_shows_a_product_to_those_in_scope_only(cast, login, product, role, status):
    assert login(getattr(cast, role)).get(detail(product.pk)).status_code == status


def test_it_answers_404_for_a_missing_product_and_405_for_post(cast, login, product):
    client = login(cast.commune_officer)
    assert client.get(detail(999999)).status_code == 404
    assert client.post(detail(product.pk)).status_code == 405


def test_it_shows_registrations_certificates_and_changes_on_one_timeline(cast, login, product):
    RegistrationFactory(product=product, status="submitted", commune=cast.commune)
    CertificateFactory(product=product, status="valid", star=4)
    product_update(product=product, by=cast.commune_officer, data={"brand": "Tài Hoan"})
    timeline = login(cast.commune_officer).get(detail(product.pk)).context["timeline"]
    assert {e["kind"] for e in timeline} == {"registration", "certificate", "audit"}


def test_it_builds_the_timeline_with_constant_queries(cast, login, product, django_assert_num_queries):
    client = login(cast.commune_officer)
    RegistrationFactory(product=product, status="submitted", commune=cast.commune)
    base = count_queries(client, detail(product.pk))
    for status in ("not_recognised", "returned", "withdrawn"):
        RegistrationFactory(product=product, status=status, commune=cast.commune)
    CertificateFactory(product=product, status="expired", star=3)
    for i in range(3):
        product_update(product=product, by=cast.commune_officer, data={"brand": f"B{i}"})
    with django_assert_num_queries(base):
        client.get(detail(product.pk))


# --- create / update -------------------------------------------------------------------------------


def test_it_creates_a_product_with_a_generated_code(cast, login):
    url = reverse("products:product_create") + f"?producer={cast.producer.pk}"
    response = login(cast.commune_officer).post(url, {"name": "Bún dong", "product_set": product_set(7).pk})
    product = Product.objects.get(name="Bún dong")
    assert response.status_code == 302 and response.url == detail(product.pk)
    assert product.code.startswith("90-90001-") and product.status == "new"


def test_it_lets_the_officer_pick_a_producer_in_scope_only(cast, login):
    client = login(cast.commune_officer)
    form = client.get(reverse("products:product_create")).context["form"]
    assert list(form.fields["producer"].queryset) == [cast.producer]
    response = client.post(
        reverse("products:product_create"),
        {
            "producer": cast.other_producer_org.pk,
            "name": "Lén",
            "product_set": product_set(7).pk,
        },
    )
    assert response.status_code == 200 and not Product.objects.filter(name="Lén").exists()


def test_it_lets_the_producer_create_for_itself_only(cast, login):
    client = login(cast.producer_owner)
    response = client.post(
        reverse("products:product_create") + f"?producer={cast.producer.pk}",
        {"name": "Miến dong", "product_set": product_set(7).pk},
    )
    assert response.status_code == 302
    url = reverse("products:product_create") + f"?producer={cast.other_producer_org.pk}"
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("role,status", [("viewer", 403), ("council_member", 404), ("outsider", 404)])
def test_it_forbids_creating_for_a_producer_to_others(cast, login, role, status):
    url = reverse("products:product_create") + f"?producer={cast.producer.pk}"
    assert login(getattr(cast, role)).get(url).status_code == status


@pytest.mark.parametrize(
    "role,status",
    [
        ("commune_officer", 200),
        ("producer_owner", 200),
        ("viewer", 403),
        ("outsider", 404),
        ("other_producer", 404),
    ],
)
def test_it_protects_the_product_update_page(cast, login, product, role, status):
    url = reverse("products:product_update", args=[product.pk])
    assert login(getattr(cast, role)).get(url).status_code == status


def test_it_updates_a_product(cast, login, product):
    url = reverse("products:product_update", args=[product.pk])
    response = login(cast.producer_owner).post(
        url, {"name": "Miến dong Tài Hoan", "product_set": product_set(7).pk, "brand": "Tài Hoan Foods"}
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.brand == "Tài Hoan Foods"


# --- photos ----------------------------------------------------------------------------------------


def _png():
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (10, 200, 10)).save(out, format="PNG")
    return SimpleUploadedFile("anh.png", out.getvalue(), content_type="image/png")


def test_it_uploads_and_serves_photos_only_to_those_in_scope(cast, login, product, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = login(cast.commune_officer).post(
        reverse("products:product_photo_add", args=[product.pk]), {"image": _png()}
    )
    assert response.status_code == 302
    photo = product.photos.get()
    thumb = reverse("products:product_photo_thumb", args=[photo.pk])
    served = login(cast.producer_owner).get(thumb)
    assert served.status_code == 200 and b"".join(served.streaming_content)[:2] == b"\xff\xd8"
    assert login(cast.outsider).get(thumb).status_code == 404
    assert login(cast.other_producer).get(reverse("products:product_photo", args=[photo.pk])).status_code == 404


def test_it_serves_a_photo_under_the_image_policy_and_answers_404_when_its_file_is_gone(
    cast, login, product, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    login(cast.commune_officer).post(reverse("products:product_photo_add", args=[product.pk]), {"image": _png()})
    photo = product.photos.get()
    url = reverse("products:product_photo", args=[photo.pk])
    served = login(cast.producer_owner).get(url)
    assert served["Content-Security-Policy"] == IMAGE_CONTENT_SECURITY_POLICY
    assert served["Cache-Control"] == "private, max-age=3600" and served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content)[:4] == b"\x89PNG"
    photo.image.storage.delete(photo.image.name)  # a restore that missed the file, a disk error
    assert login(cast.producer_owner).get(url).status_code == 404


def test_it_shows_a_bad_photo_error_in_the_page(cast, login, product, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    response = login(cast.commune_officer).post(
        reverse("products:product_photo_add", args=[product.pk]), {"image": fake}
    )
    assert response.status_code == 400 and "không phải là ảnh" in response.content.decode()
    assert product.photos.count() == 0


def test_it_forbids_photo_upload_to_viewers(cast, login, product, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("products:product_photo_add", args=[product.pk])
    assert login(cast.viewer).post(url, {"image": _png()}).status_code == 403
    assert login(cast.viewer).get(url).status_code == 405


def test_it_deletes_a_photo(cast, login, product, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    photo = product_add_photo(product=product, by=cast.commune_officer, upload=_png())
    path = tmp_path / photo.image.name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(cast.producer_owner).post(reverse("products:product_photo_delete", args=[photo.pk]))
    assert response.status_code == 302 and not product.photos.exists() and not path.exists()


# --- query counts ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["products:product_list", "products:product_export"])
def test_it_keeps_the_query_count_constant(cast, login, product, url_name, django_assert_num_queries):
    client = login(cast.province_officer)
    url = reverse(url_name)
    with_one_row = count_queries(client, url)
    for i in range(9):
        ProductFactory(
            producer=ProducerFactory(commune=cast.other_commune if i % 2 else cast.commune),
            product_set=product_set(7 + i % 3),
        )
    assert Product.objects.for_user(cast.province_officer).count() == 10
    forget_reference_lists()
    with django_assert_num_queries(with_one_row):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("role", "account", "shown"),
    [
        ("producer_owner", True, True),
        ("commune_officer", False, True),
        # The producer has an account and files itself (products.permissions.acts_for_producer).
        ("commune_officer", True, False),
        ("viewer", False, False),
    ],
)
def test_the_product_page_leads_to_its_evaluation_with_the_product_chosen(cast, login, product, role, account, shown):
    """A product's next step is its evaluation dossier: the product page links to the Mẫu 01 form, which opens
    with this product already chosen, for whoever files it: the producer, or an officer for a producer without an
    account."""
    if not account:
        product.producer.members.clear()
    client = login(getattr(cast, role))
    html = client.get(reverse("products:product_detail", args=[product.pk])).content.decode()
    link = f"{reverse('evaluation:registration_create')}?product={product.pk}"
    assert (link in html) is shown
    if shown:
        form = client.get(link).context["form"]
        assert form["product"].value() == product.pk


def test_the_registration_form_ignores_a_malformed_product_in_the_link(cast, login, product):
    ProductFactory(producer=product.producer)  # two products: none comes chosen unless the link names one
    response = login(cast.producer_owner).get(reverse("evaluation:registration_create"), {"product": "9" * 30})
    assert response.status_code == 200 and response.context["form"]["product"].value() is None


def test_every_page_names_an_icon_that_exists_so_browsers_stop_asking_for_favicon_ico(cast, login, product):
    """Without a <link rel="icon"> every page load made the browser fetch /favicon.ico, a 404 in the log."""
    import re

    from django.contrib.staticfiles import finders
    from django.templatetags.static import static

    html = login(cast.producer_owner).get(reverse("products:product_detail", args=[product.pk])).content.decode()
    match = re.search(r'<link rel="icon" href="([^"]+)"', html)
    assert match and match.group(1) == static("img/favicon.svg")
    assert finders.find("img/favicon.svg")


def test_a_product_with_a_dossier_in_progress_links_to_it_instead_of_offering_a_new_one(cast, login, product):
    registration = RegistrationFactory(product=product, status="submitted", commune=cast.commune)
    html = login(cast.producer_owner).get(reverse("products:product_detail", args=[product.pk])).content.decode()
    assert reverse("evaluation:registration_detail", args=[registration.pk]) in html
    assert 'data-testid="open-registration"' in html and 'data-testid="register-product"' not in html
