"""The one Excel writer (ocop.xlsx): formulas neutralised in every cell, readable sheets, document properties."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from ocop import xlsx
from ocop.testing import xlsx_unpacking_to

HOSTILE = ['=HYPERLINK("http://evil.example","Bấm")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("value", HOSTILE)
def test_it_neutralises_every_formula_trigger(value):
    assert xlsx.neutralise(value) == "'" + value
    assert xlsx.reverse_neutralise(xlsx.neutralise(value)) == value


@pytest.mark.parametrize("value", ["Mật ong", "", "'quoted", 5, -5, 2.5, None, dt.date(2026, 3, 15)])
def test_it_leaves_harmless_values_alone(value):
    assert xlsx.neutralise(value) == value
    assert xlsx.reverse_neutralise(value) == value


def _book(rows):
    export = xlsx.Export(title="Danh sách thử", subject="Chủ đề")
    sheet = export.sheet(
        "Trang", [xlsx.Column("Tên", 30), xlsx.Column("Ngày", 12), xlsx.Column("Mô tả", 60, wrap=True)]
    )
    for row in rows:
        sheet.append(row)
    return load_workbook(io.BytesIO(export.to_bytes()))


def test_it_writes_no_formula_even_for_a_hostile_cell():
    book = _book([[value, dt.date(2026, 3, 15), value] for value in HOSTILE])
    cells = [cell for row in book.active.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    assert [row[0] for row in book.active.iter_rows(min_row=2, values_only=True)] == [
        "'" + v.replace("\r", "\n")
        for v in HOSTILE  # XML stores a bare CR as LF
    ]


def test_it_freezes_the_header_sets_widths_filters_and_carries_properties():
    book = _book([["Mật ong", dt.date(2026, 3, 15), "x" * 300]])
    ws = book.active
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:C2"
    assert [ws.column_dimensions[c].width for c in "ABC"] == [30, 12, 60]
    assert ws["C2"].alignment.wrap_text
    assert ws["B2"].number_format == "DD/MM/YYYY"
    assert ws["A1"].font.b
    assert ws.print_title_rows == "$1:$1"
    assert book.properties.title == "Danh sách thử" and book.properties.subject == "Chủ đề"
    assert book.properties.creator == xlsx.AUTHOR and book.properties.created is not None


def test_numbers_stay_numbers_and_other_values_become_text():
    from decimal import Decimal

    from django.utils.translation import gettext_lazy

    book = _book([[Decimal("96.50"), 7, gettext_lazy("Sản phẩm")]])
    assert [c.value for c in book.active[2]] == [96.5, 7, "Sản phẩm"]
    assert book.active["A2"].data_type == "n"


def test_a_workbook_that_unpacks_to_more_than_the_cap_is_refused_before_it_is_read():
    # 300 kB of repeated text unpacked to 577 MB in the web process when openpyxl read the cell.
    bomb = xlsx_unpacking_to(xlsx.MAX_UNPACKED_BYTES + 1)
    assert len(bomb) < 500_000
    with pytest.raises(ValidationError) as refused:
        xlsx.open_workbook(io.BytesIO(bomb))
    assert refused.value.code == "xlsx_too_large"


def test_a_workbook_within_the_cap_opens_for_reading_from_its_start():
    upload = io.BytesIO(xlsx_unpacking_to(1_000_000))
    upload.read(10)  # the check reads the package's index; the workbook is still read from the start
    book = xlsx.open_workbook(upload)
    cell = next(book.worksheets[0].iter_rows(values_only=True))[0]
    assert set(cell) == {"a"} and 990_000 < len(cell) < 1_000_000


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 not a zip", b"<html></html>"])
def test_a_file_that_is_no_workbook_is_refused_with_a_message(content):
    with pytest.raises(ValidationError) as refused:
        xlsx.open_workbook(io.BytesIO(content))
    assert refused.value.code == "xlsx_unreadable"
