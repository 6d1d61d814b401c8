"""How an administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I) writes what every paper of the app shares."""

import datetime as dt
import re
import unicodedata

from django import template
from django.utils.translation import gettext as _

from ocop.text import unit_name_in_text

register = template.Library()


def document_date(value: dt.date | None) -> str:
    """The date of the place-and-date line: "ngày 05 tháng 8 năm 2026". Nghị định 30/2020 (Phụ lục I, mục
    II.4.b) writes a zero before a day below 10 and before the months 1 and 2 only ("ngày 05 tháng 01", "tháng
    02", but "tháng 3" … "tháng 12"); an unknown date leaves the blanks to fill by hand."""
    if value is None:
        return "ngày … tháng … năm …"
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


@register.filter(name="document_date")
def document_date_filter(value) -> str:
    """{{ decision.date|document_date }} → "ngày 05 tháng 8 năm 2026"."""
    return document_date(value or None)


# The kind of unit a place-and-date line leaves out: "Thái Nguyên, ngày …", not "Tỉnh Thái Nguyên, ngày …".
UNIT_KINDS = ("Thành phố ", "Tỉnh ", "Đặc khu ", "Phường ", "Xã ")


def document_place(unit_name: str) -> str:
    """The place of the place-and-date line for a paper of `unit_name` ("Tỉnh Thái Nguyên" → "Thái Nguyên")."""
    name = str(unit_name or "").strip()
    for kind in UNIT_KINDS:
        if name.startswith(kind):
            return name[len(kind) :]
    return name


@register.filter(name="document_place")
def document_place_filter(value) -> str:
    return document_place(value)


@register.filter(name="in_text")
def in_text_filter(value) -> str:
    """What `{{ value }}` prints, an administrative unit (its full name, as str() gives it) or a text naming units (an
    address), as a sentence writes it: {{ producer.commune|in_text }} → "xã Côn Minh, tỉnh Thái Nguyên",
    {{ c.producer_address|in_text }} → "Thôn Nà Đon, xã Côn Minh, tỉnh Thái Nguyên" (ocop.text.unit_name_in_text).
    Where the name opens a line or a cell of its own, `|capfirst` after it gives the first letter its capital: "Xã Côn
    Minh, tỉnh Thái Nguyên"."""
    return unit_name_in_text(value)


def clock_time(value: dt.time | None) -> str:
    """The time of a meeting as a minutes writes it: "08 giờ 30 phút"; an unknown one leaves the blanks to fill by
    hand ("… giờ … phút")."""
    if value is None:
        return "… giờ … phút"
    return f"{value.hour:02d} giờ {value.minute:02d} phút"


@register.filter(name="clock_time")
def clock_time_filter(value) -> str:
    """{{ session.start_time|clock_time }} → "08 giờ 30 phút"."""
    return clock_time(value or None)


# Signing on another's behalf (Nghị định 30/2020, Phụ lục I, quyền hạn, chức vụ của người ký): "TM.", "KT.", "TL.",
# "TUQ." and the authority on one line, the signer's own title on the next: "TM. ỦY BAN NHÂN DÂN" over "KT. CHỦ TỊCH"
# over "PHÓ CHỦ TỊCH". A clerk types it on one line ("KT. CHỦ TỊCH PHÓ CHỦ TỊCH"): a line breaks before a second mark
# ("TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH …"), and the signer's title is where one of the titles below begins, after at
# least one word of the authority.
ON_BEHALF = re.compile(r"(?:KT|TM|TL|TUQ)\.\s*\S", re.IGNORECASE)
ON_BEHALF_INSIDE = re.compile(r"\s+(?=(?:KT|TL|TUQ)\.\s*\S)", re.IGNORECASE)
MARK_ALONE = re.compile(r"(?:KT|TM|TL|TUQ)\.?", re.IGNORECASE)
SIGNER_TITLE = re.compile(
    r"\s+(?=(?:PHÓ|THỨ TRƯỞNG|CHỦ TỊCH|THỦ TƯỚNG|GIÁM ĐỐC|CHÁNH VĂN PHÒNG|CHÁNH THANH TRA|VỤ TRƯỞNG|CỤC TRƯỞNG|"
    r"TỔNG CỤC TRƯỞNG|TRƯỞNG BAN|TRƯỞNG PHÒNG|[UỦ][YỶ] VIÊN)\b)",
    re.IGNORECASE,
)


def signer_lines(title: str) -> list[str]:
    """The signer's capacity and title as a signed paper prints it, one line each: "KT. CHỦ TỊCH — PHÓ CHỦ TỊCH",
    "KT. CHỦ TỊCH" and "PHÓ CHỦ TỊCH" on two lines of the form's one-line field, or "KT. CHỦ TỊCH PHÓ CHỦ TỊCH"
    typed as one, all print "KT. CHỦ TỊCH" over "PHÓ CHỦ TỊCH"; "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH"
    prints three lines. The decisions, certificates and reports print their signer through it."""
    title = unicodedata.normalize("NFC", str(title or ""))
    typed = [part.strip() for part in re.split(r"\n|\s+[—–-]\s+|—", title) if part.strip()]
    parts = []
    for part in typed:
        parts += ON_BEHALF_INSIDE.split(part) if ON_BEHALF.match(part) else [part]
    last = parts[-1] if parts else ""
    if ON_BEHALF.match(last):  # the signer's own title typed on the line of the authority it signs for
        split = SIGNER_TITLE.search(last, ON_BEHALF.match(last).end())
        if split is not None:
            parts[-1:] = [last[: split.start()], last[split.end() :]]
    return parts


@register.filter(name="signer_lines")
def signer_lines_filter(value) -> list[str]:
    return signer_lines(value)


def signer_title_refusal(title: str) -> str | None:
    """Why `title` cannot stand above a signature, or None: it ends on the authority signed for ("KT. CHỦ TỊCH", "TM.
    ỦY BAN NHÂN DÂN", "KT."), without the title of the person who signs."""
    lines = signer_lines(title)
    if lines and (ON_BEHALF.match(lines[-1]) or MARK_ALONE.fullmatch(lines[-1])):
        return _(
            "Sau “TM.”, “KT.”, “TL.”, “TUQ.” ghi cả chức vụ của người ký, ví dụ “TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH "
            "PHÓ CHỦ TỊCH”."
        )
    return None
