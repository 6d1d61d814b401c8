"""Each row of an Excel import is checked by the producer (product) page's own form: the page's rules apply to
files too, errors still name the row and the column, and checking stays at a constant number of queries."""

import datetime as dt
import io

import pytest

from products import excel
from products.forms import ProducerForm, ProducerImportRowForm
from products.models import Producer

from .test_import_export import PRODUCER_HEADERS, PRODUCT_HEADERS, post_import, producer_row, xlsx

pytestmark = pytest.mark.django_db


def _rows(values_list):
    keys = [key for key, _label in excel.PRODUCER_COLUMNS]
    return [{"row": i, "values": dict(zip(keys, values, strict=True))} for i, values in enumerate(values_list, 2)]


def test_a_phone_the_page_refuses_is_refused_in_a_file_too(cast, login):
    # The page refuses letters in a phone number; the import used to store them.
    page = ProducerForm({"name": "HTX A", "kind": "cooperative", "phone": "gọi anh Ba"}, user=cast.commune_officer)
    assert "phone" in page.errors
    response = post_import(
        login(cast.commune_officer),
        "products:producer_import",
        xlsx(PRODUCER_HEADERS, [producer_row("HTX Điện Thoại", "0100109106", phone="gọi anh Ba")]),
    )
    assert response.status_code == 400
    errors = response.context["result"]["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(2, "Điện thoại")]
    assert errors[0]["message"] == page.errors["phone"][0]


def test_a_bad_date_gets_the_pages_message_next_to_its_column(cast):
    rows = _rows([producer_row("HTX Ngày", "0100109106", business_registration_date="31/02/2019")])
    _checked, errors = excel.validate_rows(kind="producers", rows=rows, by=cast.commune_officer)
    assert [(e["row"], e["column"]) for e in errors] == [(2, "Ngày đăng ký kinh doanh")]
    form = ProducerImportRowForm({"business_registration_date": "31/02/2019"}, columns={"business_registration_date"})
    assert errors[0]["message"] == form.errors["business_registration_date"][0]


@pytest.mark.parametrize("cell", [0, 43466.0, True, dt.time(8, 30), dt.timedelta(days=3)])
def test_a_date_column_holding_a_number_or_a_time_gets_the_pages_message_not_a_crash(cast, login, cell):
    # A date typed as a number, a time or a tick in Excel arrives as that type: the form's date field called .strip()
    # on it, and the whole import failed instead of naming the cell.
    upload = xlsx(PRODUCER_HEADERS, [producer_row("HTX Ngày Số", "0100109106", business_registration_date=cell)])
    response = post_import(login(cast.commune_officer), "products:producer_import", upload)
    assert response.status_code == 400
    errors = response.context["result"]["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(2, "Ngày đăng ký kinh doanh")]
    # the page's own message for a date it cannot read, naming the column's field
    assert errors[0]["message"] == "Ngày đăng ký kinh doanh: nhập theo dạng ngày/tháng/năm, ví dụ 15/03/2025."


def test_a_real_date_cell_is_taken_as_its_date(cast):
    cell = dt.datetime(2019, 3, 15)  # noqa: DTZ001 — an Excel cell's date and time carry no time zone
    rows = _rows([producer_row("HTX Ngày Thật", "0100109106", business_registration_date=cell)])
    checked, errors = excel.validate_rows(kind="producers", rows=rows, by=cast.commune_officer)
    assert errors == []
    assert checked[0]["data"]["business_registration_date"] == dt.date(2019, 3, 15)


def test_an_unreadable_choice_is_reported_once(cast):
    rows = _rows([producer_row("HTX Lạ", "0100109106", kind="Công ty lạ")])
    _checked, errors = excel.validate_rows(kind="producers", rows=rows, by=cast.commune_officer)
    assert [(e["row"], e["column"]) for e in errors] == [(2, "Loại hình")]
    assert "Công ty lạ" in errors[0]["message"]


def test_it_checks_rows_in_a_constant_number_of_queries(cast, django_assert_num_queries):
    def count(n):
        rows = _rows([producer_row(f"HTX Số {i}", "", legal_rep_gender="Nữ", email="A@B.VN") for i in range(n)])
        with django_assert_num_queries(2) as captured:
            checked, errors = excel.validate_rows(kind="producers", rows=rows, by=cast.commune_officer)
        assert errors == [] and len(checked) == n
        assert checked[0]["data"]["email"] == "a@b.vn" and checked[0]["data"]["legal_rep_gender"] == "female"
        return len(captured)

    assert count(1) == count(10)


def test_codes_excel_took_for_numbers_keep_their_leading_zero(cast, login):
    """Typed into a cell of Excel's default format, 0100109106 is stored as the number 100109106 and 0912345678 as
    912345678: the tax code was refused as too short and the phone stored without its 0. A product file names its
    producer by the same tax code. A phone written with the country code (84…) keeps it."""
    client = login(cast.commune_officer)
    rows = [
        producer_row("HTX Số Không", 100109106, phone=912345678),
        producer_row("HTX Quốc Tế", 312650437.0, phone=84912345678),  # 0312650437, as a float
    ]
    assert post_import(client, "products:producer_import", xlsx(PRODUCER_HEADERS, rows)).status_code == 302
    first, second = Producer.objects.get(name="HTX Số Không"), Producer.objects.get(name="HTX Quốc Tế")
    assert (first.tax_code, first.phone) == ("0100109106", "0912345678")
    assert (second.tax_code, second.phone) == ("0312650437", "84912345678")
    upload = xlsx(PRODUCT_HEADERS, [[100109106.0, "", "Miến dong", "7", "", "", "", "", ""]])
    assert post_import(client, "products:product_import", upload).status_code == 302
    assert first.products.get().name == "Miến dong"


@pytest.mark.parametrize("kind", ["producers", "products"])
def test_the_templates_code_columns_are_text_so_typing_keeps_the_zeros(kind):
    """So that what is typed into the template stays 0100109106 (the import puts the zeros back when it does not)."""
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(excel.template(kind))).worksheets[0]
    text = {cell.value for cell in sheet[1] if sheet.column_dimensions[cell.column_letter].number_format == "@"}
    codes = {label for key, label in excel.columns(kind) if key in excel.CODE_COLUMNS}
    assert text == codes and ("Mã số thuế" in codes or "Mã số thuế chủ thể" in codes)
