"""The one Excel writer (ocop.xlsx): formulas neutralised in every cell, readable sheets, document properties."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from ocop import xlsx

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
