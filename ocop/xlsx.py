"""The one Excel writer every export uses, and the row and cell readers every import shares (products, producers, import templates, the expiry list, the council's
session export).

Why one writer:
- **Formula injection.** A producer can name a product `=HYPERLINK(...)`; openpyxl writes any string that starts
  with "=" as a live formula, and Excel/LibreOffice also read "+", "-", "@", tab and CR as the start of one when a
  cell is edited. Every text cell that starts with one of them gets a leading apostrophe (OWASP "CSV injection"),
  so it is shown, never evaluated. `reverse_neutralise()` takes it off again on import, so an exported list can
  be corrected and imported back unchanged.
- **Readable files.** Every sheet freezes its header row, sets column widths, wraps long text, has an auto-filter
  over the data, repeats the header on printed pages, and the workbook carries its title, subject, author and date.
  A row whose wrapped text takes several lines is given their height (`row_height`): Excel fits a row without one
  to its text when it opens the file, LibreOffice does not, and showed (and printed) one line of each, the next
  row's text drawn over the rest.

Sheets are write-only (rows go straight to a temporary file), so a national export stays in bounded memory.
"""

import datetime as dt
import io
import math
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .phrases import SOURCE_LANGUAGE
from .text import fold, nfc

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F6F43")
HEADER_ALIGNMENT = Alignment(vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)
TOP = Alignment(vertical="top")
# A wrapped row's height: one line of the default 11-point font is 15 points; a column `width` wide holds about that
# many characters of Vietnamese text (its width counts the digit "0"), a little less where words break.
LINE_HEIGHT = 15
CHARACTERS_PER_WIDTH = 0.95
MAX_ROW_HEIGHT = 409  # Excel's limit, in points
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
TEXT_FORMAT = "@"
AUTHOR = "Hệ thống OCOP"


def neutralise(value):
    """`value` as it may go into a cell: a string that a spreadsheet would read as a formula gets a leading
    apostrophe; everything else passes through."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def reverse_neutralise(value):
    """The inverse of `neutralise` for a value read back from an exported file."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


def row_height(values: Iterable[tuple[float, str]]) -> float | None:
    """The height (points) of a row whose wrapped cells hold `values` ((column width, text) pairs), enough for the
    longest one's lines; None for a row of one line, which keeps the sheet's default."""
    lines = 1
    for width, text in values:
        per_line = max(1, int(width * CHARACTERS_PER_WIDTH))
        lines = max(lines, sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n")))
    return min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT) if lines > 1 else None


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 20
    wrap: bool = False  # long free text: wrapped instead of spilling over (or hidden behind) the next column
    # A code of digits (a tax code, a phone number): the column is formatted as text, so that what is typed into it
    # keeps its leading zeros instead of becoming a number.
    text: bool = False


class Sheet:
    """One sheet of an `Export`: call `append()` once per data row, in column order."""

    def __init__(self, workbook: Workbook, title: str, columns: list[Column]):
        self._ws = workbook.create_sheet(title[:31])  # Excel's limit on a sheet name
        self.columns = columns
        self.rows = 0
        ws = self._ws
        for index, column in enumerate(columns, start=1):
            dimension = ws.column_dimensions[get_column_letter(index)]
            dimension.width = column.width
            if column.text:
                dimension.number_format = TEXT_FORMAT
        ws.freeze_panes = "A2"
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        header = []
        for column in columns:
            cell = WriteOnlyCell(ws, value=neutralise(str(column.header)))
            cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT
            header.append(cell)
        self._write(1, header, wrapped=[(column.width, str(column.header)) for column in columns])

    def append(self, values: Iterable) -> None:
        cells = []
        for column, value in zip(self.columns, values, strict=True):
            cells.append(self._cell(column, value))
        wrapped = [
            (column.width, cell.value)
            for column, cell in zip(self.columns, cells, strict=True)
            if column.wrap and isinstance(cell.value, str)
        ]
        self._write(self.rows + 2, cells, wrapped=wrapped)  # row 1 is the header
        self.rows += 1

    def _write(self, number: int, cells: list, *, wrapped: list[tuple[float, str]]) -> None:
        """Write row `number` with the height its wrapped text needs. The height is read when the row is written
        and forgotten after it, so a long export keeps none in memory."""
        height = row_height(wrapped)
        if height:
            self._ws.row_dimensions[number].height = height
        self._ws.append(cells)
        if height:
            del self._ws.row_dimensions[number]

    def _cell(self, column: Column, value) -> WriteOnlyCell:
        if value is None:
            value = ""
        if isinstance(value, dt.datetime):
            value = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
            number_format = DATETIME_FORMAT
        elif isinstance(value, dt.date):
            number_format = DATE_FORMAT
        else:
            number_format = TEXT_FORMAT if column.text else None
            if not isinstance(value, int | float | bool | str | Decimal):
                value = str(value)  # lazy translations, model instances
        cell = WriteOnlyCell(self._ws, value=neutralise(value))
        if number_format:
            cell.number_format = number_format
        cell.alignment = WRAP if column.wrap else TOP
        return cell

    def close(self) -> None:
        last = get_column_letter(len(self.columns))
        self._ws.auto_filter.ref = f"A1:{last}{self.rows + 1}"


def counted(rows: Iterable, progress=None, every: int = 500) -> Iterator:
    """`rows`, calling `progress(n)` after every `every` of them (an export job's progress); as they are without."""
    if progress is None:
        yield from rows
        return
    n = 0
    for n, row in enumerate(rows, 1):
        yield row
        if n % every == 0:
            progress(n)
    progress(n)


class Export:
    """A workbook with its document properties; `sheet()` adds a sheet, `to_bytes()` / `save()` finish it."""

    def __init__(self, *, title: str, subject: str = "", author: str = AUTHOR):
        self._wb = Workbook(write_only=True)
        now = timezone.now().replace(tzinfo=None)  # openpyxl writes W3CDTF in UTC and wants a naive value
        props = self._wb.properties
        props.title, props.subject, props.creator = str(title), str(subject), str(author)
        props.lastModifiedBy, props.created, props.modified = str(author), now, now
        props.language = "vi-VN"
        self._sheets: list[Sheet] = []

    def sheet(self, title: str, columns: list[Column]) -> Sheet:
        sheet = Sheet(self._wb, str(title), columns)
        self._sheets.append(sheet)
        return sheet

    def save(self, target) -> None:
        for sheet in self._sheets:
            sheet.close()
        self._wb.save(target)

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.save(out)
        return out.getvalue()


# ---------------------------------------------------------------- reading: the cell readers every import shares


def cell_text(value) -> str:
    """A cell as trimmed text; a whole number read as a float (12.0) as its digits."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# What the parts of an uploaded workbook may unpack to. A 20,000-row import is ~40 MB of sheet XML; 300 kB of repeated
# text unpacked to 577 MB in the web process when openpyxl read the cell, and 20 MB of it would be gigabytes.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024


def open_workbook(upload):
    """An uploaded .xlsx opened for reading (values, not formulas; rows streamed), or a ValidationError a person can
    act on. An .xlsx is a ZIP: the unpacked size its index declares is checked first (Python's zipfile never unpacks
    a part beyond it)."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as package:
            unpacked = sum(part.file_size for part in package.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise ValidationError(
                _("Tệp Excel quá lớn khi giải nén (tối đa %(mb)s MB): hãy chia thành nhiều tệp.")
                % {"mb": MAX_UNPACKED_BYTES // (1024 * 1024)},
                code="xlsx_too_large",
            )
        upload.seek(0)
        return load_workbook(upload, read_only=True, data_only=True)
    except ValidationError:
        raise
    except Exception as exc:  # zipfile and openpyxl raise many kinds of errors on a bad file
        raise ValidationError(_("Không đọc được tệp Excel (.xlsx)."), code="xlsx_unreadable") from exc


# A file with headings and no row: the template sent back as it came, or rows of formulas no program ever calculated
# (the file keeps no value for them, and they read as blank cells).
NO_DATA_ROWS = gettext_lazy(
    "Tệp không có dòng dữ liệu nào: điền từ dòng 2, dưới hàng tiêu đề. Ô có công thức cần được tính (mở và lưu tệp "
    "bằng Excel hoặc LibreOffice) trước khi tải lên."
)


def read_rows(upload, *, columns: list[tuple[str, str]], required: set[str], max_rows: int) -> list[dict]:
    """The non-empty data rows of an import's first sheet as {"row": n, "values": {key: value}}: each column found by
    its heading in `columns` (key, heading; accents and case aside), text in NFC with the export's formula guard
    taken off. A missing `required` column, no data row at all, or more than `max_rows` rows is a ValidationError."""
    book = open_workbook(upload)
    try:
        by_heading = {fold(heading): key for key, heading in columns}
        rows_iter = book.worksheets[0].iter_rows(values_only=True)
        keys = [by_heading.get(fold(str(heading or ""))) for heading in (next(rows_iter, None) or ())]
        missing = [heading for key, heading in columns if key in required and key not in keys]
        if missing:
            raise ValidationError(_("Tệp thiếu cột: %(cols)s. Hãy dùng tệp mẫu.") % {"cols": ", ".join(missing)})
        rows = []
        for number, values in enumerate(rows_iter, start=2):
            record = {
                key: nfc(reverse_neutralise(value)).strip() if isinstance(value, str) else value
                for key, value in zip(keys, values, strict=False)
                if key is not None
            }
            if all(v in (None, "") for v in record.values()):
                continue
            rows.append({"row": number, "values": record})
            if len(rows) > max_rows:
                raise ValidationError(_("Tệp có quá %(n)s dòng.") % {"n": max_rows})
        if not rows:
            raise ValidationError(NO_DATA_ROWS, code="xlsx_no_rows")
        return rows
    finally:
        book.close()


def cell_form_value(value):
    """A cell as a form field takes it, as if typed on the page: a date cell as its date, any other cell as its text
    (a number, a time or a tick in a date column then gets the date field's own message, not a crash)."""
    return value if isinstance(value, dt.date) else cell_text(value)


def cell_date(value):
    """A cell as a date: a date cell, or text as dd/mm/yyyy, dd-mm-yyyy or yyyy-mm-dd; empty is None."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"):
        try:  # a calendar date, no time zone involved
            return dt.datetime.strptime(str(value).strip(), fmt).date()  # noqa: DTZ007
        except ValueError:
            continue
    raise ValidationError(_("Ngày không hợp lệ (dd/mm/yyyy)."))


def cell_choice(value, choices) -> str:
    """The key of the choice whose key or label the cell names (accents and case ignored): the label in Vietnamese,
    the language of the templates and exports, or in the UI's language, so the same file imports for everyone."""
    wanted = fold(cell_text(value))
    with translation.override(SOURCE_LANGUAGE):
        sources = [str(label) for _key, label in choices]
    for (key, label), source in zip(choices, sources, strict=True):
        if wanted in {fold(key), fold(source), fold(str(label))}:
            return key
    raise ValidationError(
        _("Giá trị “%(v)s” không hợp lệ; chọn một trong: %(opts)s")
        % {"v": cell_text(value), "opts": "; ".join(str(label) for _k, label in choices)}
    )
