"""The written result notice as a paper (D26 Điều 7.3g): who issues it, its number and date as the officer gives them,
checked before anything is written, and what is printed on it. Written by services.notices.registration_notify_result;
printed by evaluation.notice_pdf."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.numbering import issuer_year_lock
from ocop.selectors import issuer_key
from ocop.text import decision_number_key, decision_number_q, nfc

from ..choices import Level
from ..models import CouncilResult, Registration, ResultNotice
from ..selectors.decision_numbers import notice_office

MINISTRY = "Bộ Nông nghiệp và Môi trường"
# Who the OCOP office usually is (D26 Điều 7.3g "cơ quan tham mưu quản lý OCOP cấp tỉnh"): the form offers it until the
# office has issued a notice, then what it wrote last.
DEFAULT_OFFICE = {
    Level.PROVINCE: ("Sở Nông nghiệp và Môi trường", "GIÁM ĐỐC"),
    Level.CENTRAL: ("Văn phòng Điều phối nông thôn mới Trung ương", "CHÁNH VĂN PHÒNG"),
}
# "12/TB-SNNMT": a running number, then after the slash the sign of a notice, TB (Nghị định 30/2020/NĐ-CP, Phụ lục
# III: "Thông báo" is TB), a dash and the issuer's abbreviation; no spaces.
NOTICE_NUMBER_RE = re.compile(r"\d+/TB[-–]\S+", re.IGNORECASE)
NUMBER_TAKEN = gettext_lazy("Cơ quan này đã có văn bản mang số này trong năm đó.")
FUTURE_NOTICE = gettext_lazy("Ngày thông báo không thể sau hôm nay (%(today)s).")


def notice_issuer_unit(registration: Registration, result: CouncilResult):
    """The province whose OCOP office tells `result` (None: the ministry's office, for the central council's)."""
    if result.level == Level.CENTRAL:
        return None
    return registration.commune.parent if registration.commune.parent_id else None


def notice_parent_name(unit) -> str:
    """The agency the office answers to, printed above it: "Ủy ban nhân dân tỉnh Thái Nguyên", or the ministry."""
    return f"Ủy ban nhân dân {unit.name_in_text}" if unit is not None else MINISTRY


def notice_initial(registration: Registration, result: CouncilResult) -> dict:
    """What the notice form starts with: the office's name and signer as on its last notice, today's date."""
    unit = notice_issuer_unit(registration, result)
    last = ResultNotice.objects.filter(issuer_unit=unit).order_by("-issued_at", "-id").first()
    if last is not None:
        office = {"issuer_name": last.issuer_name, "signer_title": last.signer_title, "signer_name": last.signer_name}
    else:
        name, title = DEFAULT_OFFICE[Level.CENTRAL if unit is None else Level.PROVINCE]
        office = {"issuer_name": name, "signer_title": title, "signer_name": ""}
    return {**office, "date": timezone.localdate()}


def notice_number_refusal(number: str) -> str | None:
    """Why `number` (stripped) cannot be a notice's number, or None: printed on the letter, it cannot be corrected."""
    if not number:
        return _("Nhập số thông báo.")
    if not NOTICE_NUMBER_RE.fullmatch(number):
        return _("Số thông báo phải có dạng số/TB-ký hiệu, ví dụ 125/TB-SNNMT.")
    return None


def notice_paper_check(
    *,
    registration: Registration,
    result: CouncilResult,
    number: str,
    date: dt.date | None,
    issuer_name: str,
    signer_name: str,
    signer_title: str,
    lock: bool = True,
) -> dict:
    """The number, date, office and signer the notice is to be issued with, refused beside each field, all at once: a
    number missing, not a notice's ("…/TB-…") or already borne by another paper of the office that year, however
    typed (its documents of a year are one sequence, Nghị định 30/2020/NĐ-CP, Phụ lục I); a date to come or before
    the council's result. Inside the writing transaction: the office's numbers of the year are locked while checked.
    Without `lock`, the notice page's check of a form it refuses a field of (nothing is written then): its refusals
    show with the form's own. Returns the fields as stored."""
    number, issuer_name = nfc(number or "").strip(), nfc(issuer_name or "").strip()
    signer_name, signer_title = nfc(signer_name or "").strip(), nfc(signer_title or "").strip()
    unit = notice_issuer_unit(registration, result)
    parent_name = notice_parent_name(unit)
    errors = {}
    if not issuer_name:
        errors["issuer_name"] = _("Nhập tên cơ quan ban hành thông báo.")
    if not signer_name:
        errors["signer_name"] = _("Nhập họ tên người ký.")
    if not signer_title:
        errors["signer_title"] = _("Nhập chức vụ người ký.")
    today = timezone.localdate()
    evaluated = timezone.localdate(result.decided_at)
    if date is None:
        errors["date"] = _("Nhập ngày thông báo.")
    elif date > today:
        errors["date"] = FUTURE_NOTICE % {"today": f"{today:%d/%m/%Y}"}
    elif date < evaluated:
        errors["date"] = _("Ngày thông báo không thể trước ngày Hội đồng có kết quả đánh giá (%(d)s).") % {
            "d": f"{evaluated:%d/%m/%Y}"
        }
    if refusal := notice_number_refusal(number):
        errors["number"] = refusal
    elif (
        issuer_name
        and date is not None
        and notice_number_holder(
            parent_name=parent_name, issuer_name=issuer_name, number=number, year=date.year, lock=lock
        )
    ):
        errors["number"] = NUMBER_TAKEN
    if errors:
        raise ValidationError(errors)
    return {
        "number": number,
        "date": date,
        "issuer_unit": unit,
        "parent_name": parent_name,
        "issuer_name": issuer_name,
        "signer_name": signer_name,
        "signer_title": signer_title,
    }


def notice_number_holder(
    *, parent_name: str, issuer_name: str, number: str, year: int, lock: bool = True
) -> ResultNotice | None:
    """The notice of the office (`issuer_name` under `parent_name`, however written: ocop.selectors.issuer_key) that
    bears `number` in `year`, however typed (ocop.text.decision_number_key), or None. Takes the lock of the office's
    numbers of the year (ocop.numbering.issuer_year_lock), so two notices given one number at once cannot both pass;
    not without `lock` (a check before nothing is written)."""
    office = notice_office(parent_name=parent_name, issuer_name=issuer_name)
    if lock:
        issuer_year_lock(issuer=office, year=year)
    office, key = issuer_key(office), decision_number_key(number)
    for notice in ResultNotice.objects.filter(decision_number_q("number", number), date__year=year):
        same_office = (
            issuer_key(notice_office(parent_name=notice.parent_name, issuer_name=notice.issuer_name)) == office
        )
        if same_office and decision_number_key(notice.number) == key:
            return notice
    return None
