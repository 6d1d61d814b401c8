"""The change history reads as Vietnamese: field names, choice labels and yes/no, never column names."""

import pytest
from django.urls import reverse
from django.utils import translation

from evaluation.tests.factories import complete_dossier, registration_in
from products.models import Product
from products.selectors import readable_changes
from products.services import producer_update, product_update

from .factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_the_producer_history_names_fields_and_values_for_people(cast, login):
    producer_update(
        producer=cast.producer,
        by=cast.commune_officer,
        data={"kind": "coop_group", "legal_rep_disability": True, "verified_fields": ["tax_code"]},
    )
    body = login(cast.commune_officer).get(reverse("products:producer_detail", args=[cast.producer.pk])).content
    body = body.decode()
    assert "Loại hình: Hợp tác xã → Tổ hợp tác" in body
    assert "Người khuyết tật: Không → Có" in body
    assert "Trường đã xác minh: — → Mã số doanh nghiệp / mã số thuế" in body
    assert "legal_rep_disability" not in body and "<code>kind</code>" not in body


def test_the_product_timeline_names_fields_for_people(cast, login):
    product = ProductFactory(producer=cast.producer, brand="Tài Hoan")
    product_update(product=product, by=cast.commune_officer, data={"brand": "Miến Tài Hoan"})
    body = login(cast.commune_officer).get(reverse("products:product_detail", args=[product.pk])).content.decode()
    assert "Nhãn hiệu: Tài Hoan → Miến Tài Hoan" in body and "<code>brand</code>" not in body


def test_a_records_creation_lists_what_it_was_created_with(cast, login):
    # "Tạo sản phẩm" read "Tên sản phẩm: — → Bún dong", as if the name had been changed from nothing.
    from products.services import product_create

    from .factories import product_set

    product = product_create(
        producer=cast.producer, by=cast.commune_officer, data={"name": "Bún dong", "product_set": product_set(7)}
    )
    body = login(cast.commune_officer).get(reverse("products:product_detail", args=[product.pk])).content.decode()
    assert "<li>Tên sản phẩm: Bún dong</li>" in body and "— → Bún dong" not in body


def test_a_label_keeps_its_capitals_and_a_field_named_like_its_translation_keeps_its_label():
    """ "Tên sản phẩm thống nhất trên Mẫu 01…" read "…trên mẫu 01" (str.capitalize lowers the rest), and in English
    the product set, whose translation reads like its attribute, showed as "product_set"."""
    from evaluation.models import Registration

    (row,) = readable_changes(Registration, {"name_consistent": [False, True]})
    assert row["label"].startswith("Tên sản phẩm thống nhất trên Mẫu 01, Mẫu 02")
    with translation.override("en"):
        (row,) = readable_changes(Product, {"product_set": [None, "2. Thịt"]})
    assert row["label"] == "Product set"


def test_criteria_dates_and_moments_read_as_the_interface_writes_them():
    from evaluation.models import Registration

    criterion, day, moment = readable_changes(
        Registration,
        {"2.1": [None, 3], "visited_on": "2026-11-24", "submitted_at": [None, "2026-11-24 02:30:00+00:00"]},
    )
    assert criterion == {"label": "Tiêu chí 2.1", "old": "—", "new": 3, "fact": False}
    assert day["fact"] and not moment["fact"]
    assert (day["label"], day["new"]) == ("Ngày khảo sát", "24/11/2026")
    assert moment["new"] == "24/11/2026 09:30"  # Asia/Ho_Chi_Minh


def test_a_document_upload_names_the_document_kind():
    """A dossier's upload row showed "Hình thức: — → business_plan" (the dossier's own field "kind" took the key)."""
    from evaluation.models import Registration

    (new,) = readable_changes(Registration, {"document_kind": "business_plan"})
    (old,) = readable_changes(Registration, {"kind": "business_plan"})  # rows written before the key was renamed
    assert (new["label"], new["new"]) == ("Loại tài liệu", "Phương án / kế hoạch kinh doanh")
    assert old["new"] == "Phương án / kế hoạch kinh doanh"


def test_a_long_history_shows_its_latest_changes_and_folds_the_earlier_ones(cast, login):
    """A dossier's history holds a row per uploaded document: on a phone the page was mostly history. The latest five
    changes show; the earlier ones open from "Xem thêm"."""
    url = reverse("products:producer_detail", args=[cast.producer.pk])
    client = login(cast.commune_officer)
    producer_update(producer=cast.producer, by=cast.commune_officer, data={"phone": "0208000001"})
    assert 'data-testid="history-more"' not in client.get(url).content.decode()
    for i in range(2, 9):
        producer_update(producer=cast.producer, by=cast.commune_officer, data={"phone": f"020800000{i}"})
    body = client.get(url).content.decode()
    history = body[body.index('data-testid="history"') :]
    shown, folded = history.split('data-testid="history-more"', 1)
    assert "0208000007 → 0208000008" in shown and "0208000003 → 0208000004" in shown
    assert "0208000002 → 0208000003" in folded and "0208000002 → 0208000003" not in shown
    assert "Xem thêm 3 thay đổi trước đó" in folded[:600]


def test_a_recorded_fact_reads_as_its_value_not_as_a_change_from_nothing(cast, login):
    # An upload writes what was stored (file name, type, size), not a change of a field: "Tên tệp: — → nhan.pdf"
    # read as if the dossier had a file name that changed.
    registration = registration_in(cast)
    complete_dossier(registration, cast.producer_owner)
    url = reverse("evaluation:registration_detail", args=[registration.pk])
    body = login(cast.commune_officer).get(url).content.decode()
    assert "<li>Loại tài liệu: Nhãn sản phẩm</li>" in body
    assert "Loại tài liệu: — →" not in body and "Tên tệp: — →" not in body
