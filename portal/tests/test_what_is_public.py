"""What is public and what never is, field by field; status changes remove a product at once."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.services.expiry import certificates_flag_expiring, extension_days
from certificates.tests.factories import make_registration, revoke_with_four_eyes
from portal import selectors
from portal.choices import OPEN_DATA_COLUMNS
from products.models import Product

from .factories import certified

pytestmark = pytest.mark.django_db


def _ids(**filters):
    return [row["id"] for row in selectors.catalogue_page(filters=filters, sort="name", page=1)["rows"]]


@pytest.mark.parametrize(
    "status,public",
    [
        ("valid", True),
        ("renewal_window", True),
        ("expiring", True),
        ("extended", True),
        ("expired", False),
        ("revoked", False),
        ("superseded", False),
    ],
)
def test_it_lists_only_products_with_a_live_certificate(cast, status, public):
    today = timezone.localdate()
    valid_until = today - datetime.timedelta(days=10) if status == "extended" else None
    product = certified(cast.producer, name="Miến dong", status=status, valid_until=valid_until)
    if status == "extended":  # the sweep extends a certificate while its product's re-evaluation is pending
        make_registration(product, kind="reevaluation", status="submitted")
    assert (product.pk in _ids()) is public
    assert (selectors.public_product(pk=product.pk) is not None) is public


def test_it_drops_a_product_the_day_its_certificate_lapses_before_the_nightly_sweep(cast):
    today = timezone.localdate()
    lapsed = certified(cast.producer, name="Hết hôm qua", valid_until=today - datetime.timedelta(days=1))
    last_day = certified(cast.producer, name="Còn hôm nay", valid_until=today)
    assert _ids() == [last_day.pk]
    assert lapsed.certificates.get().status == "valid"  # the sweep has not run: the date alone decides


def test_an_extended_certificate_lapses_at_the_end_of_its_extension(cast):
    today = timezone.localdate()
    over = today - datetime.timedelta(days=extension_days() + 1)
    product = certified(cast.producer, name="Gia hạn quá", status="extended", valid_until=over)
    assert product.pk not in _ids()


def test_a_revocation_removes_the_product_at_once_even_from_a_warm_cache(
    cast, client, django_capture_on_commit_callbacks
):
    product = certified(cast.producer, name="Miến dong Tài Hoan")
    assert client.get(reverse("portal:catalogue")).context["result"]["count"] == 1  # cached now
    assert client.get(reverse("portal:product_short", args=[product.pk]), follow=True).status_code == 200
    certificate = product.certificates.get()
    with django_capture_on_commit_callbacks(execute=True):
        revoke_with_four_eyes(
            certificate=certificate,
            ground="b",
            decision_number="12/QĐ-UBND",
            decision_date=timezone.localdate(),
            by=cast.province_officer,
        )
    assert client.get(reverse("portal:catalogue")).context["result"]["count"] == 0
    assert client.get(reverse("portal:product_short", args=[product.pk])).status_code == 410  # says it was revoked
    assert client.get(reverse("portal:producer_short", args=[cast.producer.pk])).status_code == 404


def test_the_nightly_sweep_invalidates_the_cached_pages(cast, client, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    product = certified(cast.producer, name="Mật ong", valid_until=today + datetime.timedelta(days=3))
    assert client.get(reverse("portal:catalogue")).context["result"]["count"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        certificates_flag_expiring(today=today + datetime.timedelta(days=5))  # a later night: expired
    assert product.certificates.get().status == "expired"
    assert client.get(reverse("portal:catalogue")).context["result"]["count"] == 0


def _secret_producer(cast, *, consent: bool):
    producer = cast.producer
    producer.address = "Thôn Bản Chang 7"
    producer.phone = "0912 345 678"
    producer.email = "htx@example.vn"
    producer.contact_person = "Hoàng Văn Liên"
    producer.business_registration_no = "BRN-998877"
    producer.legal_rep_position = "Giám đốc bí mật"
    producer.legal_rep_ethnicity = "Tày-riêng"
    producer.public_contact = consent
    producer.save()
    return producer


SECRETS = ["4700100102", "Nguyễn Thị Hoan", "BRN-998877", "Giám đốc bí mật", "Tày-riêng"]
CONTACTS = ["Thôn Bản Chang 7", "0912 345 678", "htx@example.vn", "Hoàng Văn Liên"]


@pytest.mark.parametrize("consent", [False, True])
def test_no_private_field_ever_leaves_and_contacts_only_with_consent(cast, client, consent):
    producer = _secret_producer(cast, consent=consent)
    product = certified(producer, name="Miến dong Tài Hoan")
    cast.commune_officer.first_name = "Cán Bộ Xã Tên Riêng"
    cast.commune_officer.save()
    pages = [
        client.get(reverse("portal:product_short", args=[product.pk]), follow=True),
        client.get(reverse("portal:producer_short", args=[producer.pk]), follow=True),
    ]
    files = [client.get(reverse("portal:open_data_csv")), client.get(reverse("portal:open_data_json"))]
    bodies = [r.content.decode() for r in pages + files]
    for body in bodies:
        for secret in [*SECRETS, "Cán Bộ Xã Tên Riêng", cast.commune_officer.email]:
            assert secret not in body
    for body in bodies[:2]:
        for contact in CONTACTS:
            assert (contact in body) is consent
    for body in bodies[2:]:  # open data never carries contacts
        for contact in CONTACTS:
            assert contact not in body


def test_the_selector_returns_only_the_declared_fields(cast):
    producer = _secret_producer(cast, consent=True)
    product = certified(producer, name="Miến dong")
    data = selectors.public_product(pk=product.pk)
    producer_keys = set(data["producer"])
    assert producer_keys == {*selectors.PRODUCER_PUBLIC_FIELDS, "commune", "province", "province_id", "commune_id"} | {
        "contact",
        "url",
    }
    assert set(data["producer"]["contact"]) == set(selectors.PRODUCER_CONSENTED_FIELDS)
    for field in selectors.NEVER_PUBLIC_PRODUCER_FIELDS:
        assert field not in producer_keys and field not in data
    assert set(data["certificate"]) == {"number", "issued_on", "valid_until", "verdict", "extended_until", "verify_url"}
    rows = selectors.open_data_rows(site_url="https://x")
    assert list(rows[0]) == [name for name, _label in OPEN_DATA_COLUMNS]


def test_the_star_history_lists_every_certificate_of_the_product(cast):
    from certificates.tests.factories import CertificateFactory

    product = certified(cast.producer, name="Miến dong", star=4)
    CertificateFactory(
        product=product,
        star=3,
        status="superseded",
        issued_on=datetime.date(2020, 5, 1),
        valid_until=datetime.date(2023, 5, 1),
    )
    history = selectors.public_product(pk=product.pk)["history"]
    assert [(h["star"], h["verdict"]) for h in history] == [(4, "valid"), (3, "superseded")]


def test_an_edit_of_a_public_product_or_its_producer_shows_at_once_even_from_a_warm_cache(
    cast, client, django_capture_on_commit_callbacks
):
    from products.services import producer_update, product_update

    producer = _secret_producer(cast, consent=False)
    product = certified(producer, name="Miến dong Tài Hoan")
    page = selectors.product_url(product.pk, product.name)
    assert "0912 345 678" not in client.get(page).content.decode()  # cached now
    assert _ids() == [product.pk]
    with django_capture_on_commit_callbacks(execute=True):
        producer_update(producer=producer, by=cast.producer_owner, data={"public_contact": True})
    assert "0912 345 678" in client.get(page).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        product_update(product=product, by=cast.producer_owner, data={"description": "Sợi dai, không hàn the"})
    assert "Sợi dai, không hàn the" in client.get(page).content.decode()


def test_an_edit_of_a_product_without_a_certificate_leaves_the_public_cache_warm(
    cast, client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    """Most edits nationally are dossiers in preparation: they must not empty every cached public page."""
    from ocop.cache import public_version
    from products.services import product_update
    from products.tests.factories import ProductFactory

    certified(cast.producer, name="Miến dong Tài Hoan")
    draft = ProductFactory(producer=cast.other_producer_org, name="Chưa công nhận")
    url = reverse("portal:catalogue")
    client.get(url)
    version = public_version()
    with django_capture_on_commit_callbacks(execute=True):
        product_update(product=draft, by=cast.commune_officer, data={"description": "Hồ sơ đang chuẩn bị"})
    assert public_version() == version
    with django_assert_num_queries(0):
        assert client.get(url).context["result"]["count"] == 1
    certified_product = Product.objects.get(name="Miến dong Tài Hoan")
    with django_capture_on_commit_callbacks(execute=True):
        product_update(product=certified_product, by=cast.commune_officer, data={"description": "Đặc sản"})
    assert public_version() == version + 1


def test_a_product_with_two_live_certificates_counts_once_under_its_best_star(cast):
    from certificates.tests.factories import CertificateFactory

    today = timezone.localdate()
    product = certified(cast.producer, name="Miến dong", star=3)
    CertificateFactory(
        product=product,
        star=4,
        status="valid",
        issued_on=today - datetime.timedelta(days=10),
        valid_until=today + datetime.timedelta(days=1000),
    )
    other = certified(cast.producer, name="Mật ong", star=3)
    assert selectors.counts_by_star() == {3: 1, 4: 1, 5: 0}
    assert _ids(star=4) == [product.pk] and _ids(star=3) == [other.pk]
    page = selectors.catalogue_page(filters={}, sort="star", page=1)
    assert page["count"] == 2 and [(r["id"], r["public_star"]) for r in page["rows"]] == [
        (product.pk, 4),
        (other.pk, 3),
    ]
    newest = selectors.catalogue_page(filters={}, sort="date", page=1)["rows"]
    assert [r["id"] for r in newest] == [product.pk, other.pk]
    assert [r["id"] for r in selectors.recent_recognitions()] == [product.pk, other.pk]


def test_the_open_data_give_an_extended_certificates_last_day_of_extension(cast, client):
    """An extended certificate (Điều 12.3) read "valid_until" = the printed last day, already past, beside status
    "extended", and nothing said until when: the files give the extension's last day, as the API does."""
    import csv
    import io
    import json

    from django.urls import reverse

    today = timezone.localdate()
    printed = today - datetime.timedelta(days=10)
    extended = certified(cast.producer, name="Miến dong gia hạn", status="extended", valid_until=printed)
    make_registration(extended, kind="reevaluation", status="submitted")
    certified(cast.producer, name="Miến dong còn hạn")
    last = (printed + datetime.timedelta(days=extension_days())).isoformat()
    rows = {
        r["product_name"]: r
        for r in csv.DictReader(io.StringIO(client.get(reverse("portal:open_data_csv")).content.decode("utf-8-sig")))
    }
    assert (rows["Miến dong gia hạn"]["status"], rows["Miến dong gia hạn"]["extended_until"]) == ("extended", last)
    assert rows["Miến dong còn hạn"]["extended_until"] == ""
    products = {
        p["product_name"]: p for p in json.loads(client.get(reverse("portal:open_data_json")).content)["products"]
    }
    assert products["Miến dong gia hạn"]["extended_until"] == last
    assert products["Miến dong còn hạn"]["extended_until"] is None
