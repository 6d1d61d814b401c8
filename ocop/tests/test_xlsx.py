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


def test_a_row_of_long_wrapped_text_is_as_tall_as_its_lines():
    """LibreOffice keeps a row without a stored height at one line whatever its wrapped text (Excel fits it): the
    council's score sheets showed one line of each choice, and printed the next row over the rest."""
    description = "Có hồ sơ, thủ tục về môi trường theo quy định của pháp luật " * 4  # ~240 characters
    book = _book(
        [["Mật ong", dt.date(2026, 3, 15), description], ["Mật ong " * 20, None, "Ngắn"], ["", None, "a\nb\nc"]]
    )
    heights = {n: book.active.row_dimensions[n].height for n in (1, 2, 3, 4)}
    lines = -(-len(description) // int(60 * xlsx.CHARACTERS_PER_WIDTH))  # the wrapped column is 60 wide
    assert heights[2] == lines * xlsx.LINE_HEIGHT and lines >= 4
    assert heights[1] is None and heights[3] is None  # one line; a long text in a column that does not wrap spills
    assert heights[4] == 3 * xlsx.LINE_HEIGHT  # the lines a cell breaks itself


def test_a_long_export_keeps_no_row_heights_in_memory():
    export = xlsx.Export(title="Danh sách thử")
    sheet = export.sheet("Trang", [xlsx.Column("Mô tả", 10, wrap=True)])
    for _ in range(1000):
        sheet.append(["Một mô tả dài hơn một dòng"])
    assert len(sheet._ws.row_dimensions) == 0  # each is written with its row, then forgotten
    assert load_workbook(io.BytesIO(export.to_bytes())).active.row_dimensions[1001].height == 3 * xlsx.LINE_HEIGHT


def test_a_row_height_stays_within_excels_limit_and_the_header_wraps_too():
    assert xlsx.row_height([(10, "x" * 10_000)]) == xlsx.MAX_ROW_HEIGHT
    assert xlsx.row_height([(8, "Vòng chấm")]) == 2 * xlsx.LINE_HEIGHT
    assert xlsx.row_height([(20, "Mật ong")]) is None


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
