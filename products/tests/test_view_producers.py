import re
import unicodedata

import pytest
from django.urls import reverse

from ocop.filters import forget_reference_lists
from products.models import Producer

from .factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db


def detail(pk):
    return reverse("products:producer_detail", args=[pk])


@pytest.mark.parametrize(
    "role,status",
    [
        ("commune_officer", 200),
        ("province_officer", 200),
        ("central_officer", 200),
        ("viewer", 200),
        ("advisory_member", 200),
        ("producer_owner", 403),
    ],
)
def test_it_lists_producers_by_role(cast, login, role, status):
    response = login(getattr(cast, role)).get(reverse("products:producer_list"))
    assert response.status_code == status


def test_it_shows_only_producers_in_scope(cast, login):
    body = login(cast.commune_officer).get(reverse("products:producer_list")).content.decode()
    assert "HTX Tài Hoan" in body and "HTX Hương Rừng" not in body
    body = login(cast.outsider).get(reverse("products:producer_list")).content.decode()
    assert "HTX Hương Rừng" in body and "HTX Tài Hoan" not in body


def test_it_redirects_anonymous_users_to_login(client, cast):
    assert client.get(reverse("products:producer_list")).status_code == 302


@pytest.mark.parametrize(
    "role,status",
    [
        ("commune_officer", 200),
        ("province_officer", 200),
        ("viewer", 200),
        ("producer_owner", 200),
        ("other_commune_officer", 404),
        ("outsider", 404),
        ("other_producer", 404),
    ],
)
def test_it_shows_a_producer_to_those_in_scope_only(cast, login, role, status):
    assert login(getattr(cast, role)).get(detail(cast.producer.pk)).status_code == status


def test_it_answers_404_for_a_missing_producer(cast, login):
    assert login(cast.commune_officer).get(detail(999999)).status_code == 404


def test_it_refuses_post_on_the_detail_page(cast, login):
    assert login(cast.commune_officer).post(detail(cast.producer.pk)).status_code == 405


def test_it_lists_the_producers_products_on_its_page(cast, login):
    ProductFactory(producer=cast.producer, name="Miến dong Tài Hoan")
    body = login(cast.commune_officer).get(detail(cast.producer.pk)).content.decode()
    assert "Miến dong Tài Hoan" in body


@pytest.mark.parametrize("role", ["commune_officer", "province_officer", "central_officer", "viewer", "producer_owner"])
def test_each_product_on_the_producers_page_is_a_link_with_its_code_under_it(cast, login, role):
    """The list used to be grey rows that did not read as links: the name is a link to the product, the code its
    secondary text."""
    product = ProductFactory(producer=cast.producer, name="Miến dong Tài Hoan", legacy_code="BK-NR-2019-03")
    body = login(getattr(cast, role)).get(detail(cast.producer.pk)).content.decode()
    link = re.search(r'<a class="fw-semibold" href="([^"]+)" data-testid="producer-product-link">([^<]+)</a>', body)
    assert link.groups() == (reverse("products:product_detail", args=[product.pk]), "Miến dong Tài Hoan")
    assert body[link.end() :].startswith('<small class="d-block text-muted">BK-NR-2019-03</small>')


def test_a_product_the_user_may_not_open_is_named_without_a_link(cast, login, monkeypatch):
    """Product and producer pages share one scope today; should they part, the producer's page links no 404."""
    from products.models import ProductQuerySet

    ProductFactory(producer=cast.producer, name="Miến dong Tài Hoan")
    monkeypatch.setattr(ProductQuerySet, "for_user", lambda self, user: self.none())
    body = login(cast.commune_officer).get(detail(cast.producer.pk)).content.decode()
    assert '<span class="fw-semibold">Miến dong Tài Hoan</span>' in body
    assert 'data-testid="producer-product-link"' not in body


def _in_ba_xuyen(cast, address):
    """The cast's producer as the demo's ward producer in Thái Nguyên (units named as load_admin_units names them)."""
    cast.province.name = cast.province.full_name = "Tỉnh Thái Nguyên"
    cast.province.save()
    cast.commune.name, cast.commune.full_name = "Phường Bá Xuyên", "Phường Bá Xuyên, Tỉnh Thái Nguyên"
    cast.commune.save()
    cast.producer.address = address
    cast.producer.save()


def _shown_address(cast, login):
    body = login(cast.commune_officer).get(detail(cast.producer.pk)).content.decode()
    return re.search(r"Địa chỉ</dt><dd[^>]*>([^<]*)", body).group(1)


def test_it_does_not_repeat_the_ward_the_typed_address_names(cast, login):
    _in_ba_xuyen(cast, "Tổ 3, phường Bá Xuyên")
    assert _shown_address(cast, login) == "Tổ 3, phường Bá Xuyên, tỉnh Thái Nguyên"
    # Accents, case and Unicode form aside (the NFD form a copy-paste gives, "Ba Xuyen" typed without accents).
    _in_ba_xuyen(cast, unicodedata.normalize("NFD", "Tổ 3, PHƯỜNG BÁ XUYÊN, tỉnh Thái Nguyên"))
    assert _shown_address(cast, login) == "Tổ 3, PHƯỜNG BÁ XUYÊN, tỉnh Thái Nguyên"
    _in_ba_xuyen(cast, "Tổ 3, Phuong Ba Xuyen,")
    assert _shown_address(cast, login) == "Tổ 3, Phuong Ba Xuyen, tỉnh Thái Nguyên"
    _in_ba_xuyen(cast, "Tổ 3 phường Bá Xuyên tỉnh Thái Nguyên")  # no commas typed: printed as written
    assert _shown_address(cast, login) == "Tổ 3 phường Bá Xuyên tỉnh Thái Nguyên"


def test_it_appends_the_ward_the_typed_address_does_not_name(cast, login):
    _in_ba_xuyen(cast, "Tổ 3")
    assert _shown_address(cast, login) == "Tổ 3, phường Bá Xuyên, tỉnh Thái Nguyên"
    _in_ba_xuyen(cast, "Tổ 3, phường Bá Xuyên Mới")  # another unit's name that starts like it
    assert _shown_address(cast, login) == "Tổ 3, phường Bá Xuyên Mới, phường Bá Xuyên, tỉnh Thái Nguyên"
    _in_ba_xuyen(cast, "")
    assert _shown_address(cast, login) == "Phường Bá Xuyên, tỉnh Thái Nguyên"


# --- create ----------------------------------------------------------------------------------------


def _post_data(cast, **extra):
    return {
        "kind": "coop",
        "name": "HTX Trần Phú",
        "commune": cast.commune.pk,
        "tax_code": "0100109106",
        "legal_rep_gender": "male",
        **extra,
    }


def test_it_creates_a_producer_from_the_form(cast, login):
    response = login(cast.commune_officer).post(reverse("products:producer_create"), _post_data(cast))
    producer = Producer.objects.get(name="HTX Trần Phú")
    assert response.status_code == 302 and response.url == detail(producer.pk)
    assert producer.commune == cast.commune


def test_it_shows_tax_code_errors_next_to_the_field_and_keeps_the_input(cast, login):
    response = login(cast.commune_officer).post(
        reverse("products:producer_create"), _post_data(cast, tax_code="0100109107")
    )
    assert response.status_code == 200
    assert "chữ số kiểm tra" in response.content.decode()
    assert 'value="HTX Trần Phú"' in response.content.decode()
    assert not Producer.objects.filter(name="HTX Trần Phú").exists()


def test_it_offers_only_communes_in_scope(cast, login):
    response = login(cast.commune_officer).get(reverse("products:producer_create"))
    choices = list(response.context["form"].fields["commune"].queryset)
    assert choices == [cast.commune]


def test_it_rejects_a_commune_outside_scope_posted_by_hand(cast, login):
    response = login(cast.commune_officer).post(
        reverse("products:producer_create"), _post_data(cast, commune=cast.far_commune.pk)
    )
    assert response.status_code == 200
    assert not Producer.objects.filter(name="HTX Trần Phú").exists()


@pytest.mark.parametrize("role", ["viewer", "producer_owner", "council_member"])
def test_it_forbids_creating_to_non_officers(cast, login, role):
    assert login(getattr(cast, role)).get(reverse("products:producer_create")).status_code == 403


def test_it_refuses_other_methods_on_create(cast, login):
    assert login(cast.commune_officer).put(reverse("products:producer_create")).status_code == 405


# --- update ----------------------------------------------------------------------------------------


def _update_url(pk):
    return reverse("products:producer_update", args=[pk])


def test_it_lets_the_officer_update_and_verify(cast, login):
    data = _post_data(
        cast,
        name="HTX Tài Hoan",
        tax_code=cast.producer.tax_code,
        legal_rep_name="Nguyễn Thị Hoan",
        verified_fields=["legal_rep_name", "tax_code"],
    )
    response = login(cast.commune_officer).post(_update_url(cast.producer.pk), data)
    assert response.status_code == 302
    cast.producer.refresh_from_db()
    assert set(cast.producer.verified_fields) == {"legal_rep_name", "tax_code"}


def test_it_shows_verified_fields_disabled_to_the_producer_and_ignores_them(cast, login):
    cast.producer.verified_fields = ["legal_rep_name"]
    cast.producer.save()
    client = login(cast.producer_owner)
    form = client.get(_update_url(cast.producer.pk)).context["form"]
    assert form.fields["legal_rep_name"].disabled and form.fields["commune"].disabled
    assert list(form.fields["commune"].queryset) == [cast.commune]
    response = client.post(
        _update_url(cast.producer.pk),
        {
            "name": "HTX Tài Hoan",
            "tax_code": cast.producer.tax_code,
            "legal_rep_name": "Người khác",
            "phone": "0912000111",
        },
    )
    assert response.status_code == 302
    cast.producer.refresh_from_db()
    assert cast.producer.legal_rep_name == "Nguyễn Thị Hoan" and cast.producer.phone == "0912000111"


@pytest.mark.parametrize(
    "role,status",
    [
        ("viewer", 403),
        ("advisory_member", 404),  # issue 11.15: the advisory team does not read the registry
        ("outsider", 404),
        ("other_commune_officer", 404),
        ("other_producer", 404),
    ],
)
def test_it_protects_the_update_page(cast, login, role, status):
    assert login(getattr(cast, role)).get(_update_url(cast.producer.pk)).status_code == status


def test_it_shows_the_change_history_on_the_page(cast, login):
    client = login(cast.commune_officer)
    client.post(
        _update_url(cast.producer.pk),
        _post_data(cast, name="HTX Tài Hoan", tax_code=cast.producer.tax_code, phone="0209 3888 999"),
    )
    body = client.get(detail(cast.producer.pk)).content.decode()
    assert "0209 3888 999" in body and "Commune Officer" in body


# --- invite ----------------------------------------------------------------------------------------


def test_it_invites_a_user_by_email(cast, login, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(cast.commune_officer).post(
            reverse("products:producer_invite", args=[cast.producer.pk]), {"email": "giamdoc@htx.vn"}
        )
    assert response.status_code == 302
    assert cast.producer.members.filter(email="giamdoc@htx.vn").exists()
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("role,status", [("viewer", 403), ("producer_owner", 403), ("outsider", 404)])
def test_it_forbids_invitations_to_others(cast, login, role, status):
    response = login(getattr(cast, role)).post(
        reverse("products:producer_invite", args=[cast.producer.pk]), {"email": "x@y.vn"}
    )
    assert response.status_code == status
    assert not cast.producer.members.filter(email="x@y.vn").exists()


def test_it_accepts_only_post_for_invitations(cast, login):
    url = reverse("products:producer_invite", args=[cast.producer.pk])
    assert login(cast.commune_officer).get(url).status_code == 405


# --- query counts ----------------------------------------------------------------------------------


def count_queries(client, url) -> int:
    """The queries of one GET, the filter forms' reference lists built afresh (as after a change of a unit or set)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    forget_reference_lists()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url_name", ["products:producer_list", "products:producer_export"])
def test_it_keeps_the_query_count_constant(cast, login, url_name, django_assert_num_queries):
    client = login(cast.province_officer)
    url = reverse(url_name)
    with_one_row = count_queries(client, url)
    for i in range(9):
        producer = ProducerFactory(commune=cast.other_commune if i % 2 else cast.commune)
        ProductFactory(producer=producer)
    assert Producer.objects.for_user(cast.province_officer).count() == 10
    forget_reference_lists()
    with django_assert_num_queries(with_one_row):
        assert client.get(url).status_code == 200


def test_the_producer_edit_page_gives_a_producer_no_link_to_the_list_they_may_not_open(cast, login):
    """A producer cannot open the list of producers (403): the breadcrumb of their own edit page leads
    back through their products instead."""
    page = login(cast.producer_owner).get(reverse("products:producer_update", args=[cast.producer.pk]))
    assert page.status_code == 200
    list_link = f'href="{reverse("products:producer_list")}"'
    assert list_link not in page.content.decode()
    assert f'href="{reverse("products:product_list")}"' in page.content.decode()
    officer_page = login(cast.commune_officer).get(reverse("products:producer_update", args=[cast.producer.pk]))
    assert list_link in officer_page.content.decode()


def test_a_producer_reaches_their_own_record_from_the_home_page(cast, login):
    """The producer list is closed to producers, so the home page links to their own producer record."""
    own = f'href="{detail(cast.producer.pk)}"'
    assert own in login(cast.producer_owner).get(reverse("home")).content.decode()
    assert own not in login(cast.commune_officer).get(reverse("home")).content.decode()


def test_it_refuses_a_phone_that_is_not_a_number_and_says_how_to_write_dates(cast, login):
    response = login(cast.commune_officer).post(
        reverse("products:producer_create"),
        _post_data(cast, phone="abc", business_registration_date="32/13/2025"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "ví dụ 0912 345 678" in errors["phone"][0]
    assert "“32/13/2025” có tháng 13, nhưng tháng chỉ từ 1 đến 12" in errors["business_registration_date"][0]
    assert "Nhập theo dạng dd/mm/yyyy (ngày/tháng/năm), ví dụ 15/03/2026." in errors["business_registration_date"][0]
    assert 'value="abc"' in response.content.decode()
    assert not Producer.objects.filter(name="HTX Trần Phú").exists()


@pytest.mark.parametrize(
    "value,message",
    [
        ("01/01/2030", "Ngày đăng ký kinh doanh không thể sau hôm nay (02/12/2026)."),
        (
            "03/12/2026",
            "Ngày đăng ký kinh doanh không thể sau hôm nay (02/12/2026).",
        ),  # tomorrow (tests run on 02/12/2026)
        ("01/01/1800", "Ngày đăng ký kinh doanh phải từ ngày 02/09/1945 trở đi."),
        ("01/09/1945", "Ngày đăng ký kinh doanh phải từ ngày 02/09/1945 trở đi."),
    ],
)
def test_it_refuses_a_business_registration_date_in_the_future_or_before_1945(cast, login, value, message):
    """01/01/2030 and 01/01/1800 were accepted as a producer's business registration date."""
    response = login(cast.commune_officer).post(
        reverse("products:producer_create"), _post_data(cast, business_registration_date=value)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["business_registration_date"] == [message]
    assert f'value="{value}"' in response.content.decode()
    assert not Producer.objects.filter(name="HTX Trần Phú").exists()


@pytest.mark.parametrize("value", ["02/09/1945", "02/12/2026"])
def test_it_accepts_a_business_registration_date_from_1945_to_today(cast, login, value):
    response = login(cast.commune_officer).post(
        reverse("products:producer_create"), _post_data(cast, business_registration_date=value)
    )
    assert response.status_code == 302
    assert Producer.objects.get(name="HTX Trần Phú").business_registration_date.strftime("%d/%m/%Y") == value


@pytest.mark.parametrize("phone", ["0912 345 678", "+84 912.345.678", "0209 3884 000", "(0209) 3884-000"])
def test_it_accepts_the_usual_ways_of_writing_a_phone(cast, login, phone):
    response = login(cast.commune_officer).post(reverse("products:producer_create"), _post_data(cast, phone=phone))
    assert response.status_code == 302
    assert Producer.objects.get(name="HTX Trần Phú").phone == phone


def test_a_tax_code_already_taken_says_so_in_plain_words_next_to_the_field(cast, login):
    ProducerFactory(commune=cast.commune, name="HTX có sẵn", tax_code="0100109106")
    response = login(cast.commune_officer).post(
        reverse("products:producer_create"), _post_data(cast, tax_code="0100109106")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["tax_code"] == [
        "Mã số thuế này đã thuộc một chủ thể khác: kiểm tra lại số, hoặc tìm chủ thể đó trong danh sách "
        "chủ thể thay vì tạo mới."
    ]
    assert not Producer.objects.filter(name="HTX Trần Phú").exists()


def test_a_producer_is_told_why_each_locked_field_is_locked(cast, login):
    cast.producer.verified_fields = ["name"]
    cast.producer.save(update_fields=["verified_fields"])
    form = login(cast.producer_owner).get(reverse("products:producer_update", args=[cast.producer.pk])).context["form"]
    assert form.fields["name"].disabled and form.fields["name"].help_text == "Đã được cán bộ xác minh."
    assert form.fields["commune"].disabled and "liên hệ UBND xã" in form.fields["commune"].help_text
    assert not form.fields["phone"].disabled


def test_a_producer_saved_again_after_the_back_button_is_not_created_twice(cast, login):
    """Save, Back, save again: the second copy is refused next to the name, the form keeping what was typed."""
    client = login(cast.province_officer)
    data = _post_data(cast, kind="household", name="Hộ kinh doanh Lý Thị Mai", tax_code="", phone="0209 3884 111")
    assert client.post(reverse("products:producer_create"), data).status_code == 302
    response = client.post(reverse("products:producer_create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "đã có chủ thể “Hộ kinh doanh Lý Thị Mai”" in form.errors["name"][0]
    page = response.content.decode()
    assert 'value="Hộ kinh doanh Lý Thị Mai"' in page and 'value="0209 3884 111"' in page
    assert Producer.objects.filter(name="Hộ kinh doanh Lý Thị Mai").count() == 1
