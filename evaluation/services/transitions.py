"""The registration's moves (D26 Điều 7): each checks what only it knows, then applies its row of the workflow table
(`evaluation.workflow`) through `registration_transition`."""

import datetime as dt
import uuid
from dataclasses import dataclass, replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.models import User
from ocop.numbering import decision_number_check
from ocop.paper import PaperWords, signed_paper_errors
from ocop.selectors import decision_issuer_name
from ocop.services import counter_next, duplicates_refused, stored_files_undone_on_error
from ocop.text import nfc
from ocop.uploads import file_sha256, pdf_upload_check
from ocop.workdays import add_working_days
from products.services import product_code_year_follow

from ..choices import Level, RegistrationStatus
from ..models import CentralReferral, CouncilResult, Registration
from ..permissions.registrations import ensure_can, ensure_can_act, may_withdraw, result_office
from ..selectors.dossier import (
    central_reevaluation,
    central_reevaluation_scored,
    latest_result,
    open_supplement,
    send_back_allowed,
    upgrade_held_star,
    upgrade_kept,
)
from ..workflow import COMMUNE_CHECK_WORKING_DAYS, sources
from .checks import completion_due_check, forward_check, submit_check
from .notices import registration_notify_result
from .workflow import (
    TransitionRefused,
    product_status_follow,
    reevaluation_clock,
    registration_transition,
    require_reason,
    status_refusal,
)

S = RegistrationStatus


def _allocate_form_number(registration: Registration) -> str:
    number = counter_next(f"form-number:{registration.commune_id}:{registration.year}")
    province = registration.commune.parent
    return f"{number:03d}/PĐK-{province.code if province else ''}-{registration.commune.code}-{registration.year}"


@transaction.atomic
def registration_submit(*, registration: Registration, by: User) -> Registration:
    """DRAFT or RETURNED → SUBMITTED: the commune has 15 working days from today (D26 Điều 7.2)."""
    ensure_can_act(by, "submit", registration)
    if registration.status not in sources("submit"):
        raise ValidationError(
            _("Không thể nộp khi hồ sơ đang ở trạng thái “%(s)s”.") % {"s": registration.get_status_display()}
        )
    submit_check(registration)
    today, now = timezone.localdate(), timezone.now()
    fields = {
        "submitted_at": now,
        # The day it was filed stays the first one: a resubmission after a return completes the dossier filed then
        # (what a re-evaluation's window judges, selectors.reevaluation.filed_on, which reads a row written before
        # the first submission was kept by its submission: that one is kept too, not replaced by today).
        "first_submitted_at": Coalesce("first_submitted_at", "submitted_at", Value(now)),
        "commune_due_on": add_working_days(today, COMMUNE_CHECK_WORKING_DAYS),
        "commune_overdue_notified_at": None,  # a new deadline, so a new notice if it is missed
        "completion_due_on": None,  # completed: the officer's day for it no longer applies
    }
    if not registration.form_number:
        fields["form_number"] = _allocate_form_number(registration)
    registration = registration_transition(registration=registration, verb="submit", by=by, **fields)
    product_code_year_follow(product=registration.product, year=registration.year)
    return registration


@transaction.atomic
def registration_forward(*, registration: Registration, by: User) -> Registration:
    """SUBMITTED → FORWARDED: the commune sends the dossier with its Mẫu 03 to the province."""
    ensure_can(by, "forward")
    if registration.status == S.SUBMITTED:
        forward_check(registration)
    now = timezone.now()
    return registration_transition(
        registration=registration,
        verb="forward",
        by=by,
        forwarded_at=now,
        commune_checked_at=now,
        **reevaluation_clock(registration),
    )


@transaction.atomic
def registration_return(
    *, registration: Registration, by: User, reason: str, due_on: dt.date | None = None
) -> Registration:
    """SUBMITTED (commune) or FORWARDED (province completeness check) → RETURNED, with a reason; the
    producer completes the dossier and submits again, by `due_on` when the officer sets one (D26 sets no limit,
    completion_due_check)."""
    reason = require_reason(reason)
    completion_due_check(registration, due_on)
    return registration_transition(
        registration=registration,
        verb="return",
        by=by,
        reason=reason,
        completion_due_on=due_on,
        audit_changes={"completion_due_on": due_on.isoformat()} if due_on else None,
    )


@transaction.atomic
def registration_reject(*, registration: Registration, by: User, reason: str) -> Registration:
    """→ REJECTED with a reason: by the commune while it checks, by the province's OCOP office until the council
    (never the advisory team, which reports to the council's chair; a knock-out is the council's finding)."""
    reason = require_reason(reason)
    return registration_transition(registration=registration, verb="reject", by=by, reason=reason)


@transaction.atomic
def registration_send_back_to_province(*, registration: Registration, by: User, reason: str) -> Registration:
    """SCORED / NOT_RECOGNISED → READY_FOR_COUNCIL: the central council's result is below 90, and instead of a 3★/4★
    decision on it the dossier goes back for a new evaluation by the provincial council (Điều 7.4g, second option).
    The central result stays on record but no decision can recognise it any more (a newer result supersedes it)."""
    reason = require_reason(reason)
    ensure_can(by, "send_back")
    if not send_back_allowed(registration):
        raise ValidationError(
            _(
                "Chỉ hồ sơ có kết quả của Hội đồng cấp trung ương dưới 90 điểm, chưa có quyết định, được đánh giá lại cấp tỉnh."
            )
        )
    return registration_transition(registration=registration, verb="send_back_to_province", by=by, reason=reason)


@transaction.atomic
def registration_upgrade_not_achieved(*, registration: Registration, by: User, **paper) -> Registration:
    """SCORED → NOT_RECOGNISED for an upgrade whose council result does not exceed the star of the product's live
    certificate (D26 Điều 7.5, selectors.dossier.upgrade_kept): a result taken before the council knew the star held,
    or one whose product got its certificate since. No decision may recognise it, so it waited as "scored" for ever.
    The product keeps its certificate; the result records the star it did not exceed (CouncilResult.held_star), and
    the producer is told in writing at once (Điều 7.3g, notices.registration_notify_result: `paper` is the notice's
    number, date, office and signer), the commune by the same letter."""
    ensure_can(by, "upgrade_kept")
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("product__producer", "commune__parent")
        .get(pk=registration.pk)
    )
    if registration.status not in sources("upgrade_kept"):
        raise TransitionRefused(status_refusal(registration))
    product_status_follow(registration.product_id)  # the star held as its certificates make it today
    registration.product.refresh_from_db()
    result = latest_result(registration)
    if not upgrade_kept(registration, result):
        raise ValidationError(
            _(
                "Chỉ kết luận không đạt nâng hạng khi kết quả nâng hạng không cao hơn hạng sao của giấy chứng nhận "
                "đang có hiệu lực (Điều 7.5)."
            )
        )
    if not result_office(by, result):
        raise PermissionDenied
    held = upgrade_held_star(registration)
    CouncilResult.objects.filter(pk=result.pk).update(held_star=held)
    registration = registration_transition(
        registration=registration,
        verb="upgrade_not_achieved",
        by=by,
        expected=S.SCORED,
        audit_changes={"result": result.pk, "star": result.final_star, "held_star": held},
    )
    registration_notify_result(registration=registration, by=by, **paper)
    registration.refresh_from_db()
    return registration


@transaction.atomic
def registration_withdraw(*, registration: Registration, by: User, reason: str) -> Registration:
    reason = require_reason(reason)
    ensure_can(by, "withdraw")
    if not may_withdraw(by, registration):
        raise PermissionDenied
    return registration_transition(registration=registration, verb="withdraw", by=by, reason=reason)


@transaction.atomic
def registration_start_review(*, registration: Registration, by: User) -> Registration:
    """FORWARDED → ADVISORY_REVIEW: the provincial agency accepts the dossier for the Tổ tư vấn."""
    return registration_transition(registration=registration, verb="start_review", by=by)


def _review_finished(registration: Registration) -> None:
    """The province's review is over only when no extra test and no supplement it asked for is pending."""
    if registration.status == S.ADVISORY_REVIEW:
        if registration.test_requests.filter(completed_at__isnull=True).exists():
            raise ValidationError(_("Còn đề nghị kiểm nghiệm bổ sung chưa có kết quả."))
        if open_supplement(registration) is not None:
            raise ValidationError(_("Còn yêu cầu bổ sung chưa được đáp ứng."))


@transaction.atomic
def registration_mark_ready(*, registration: Registration, by: User) -> Registration:
    """ADVISORY_REVIEW → READY_FOR_COUNCIL, once no supplement or extra test is pending."""
    ensure_can(by, "mark_ready")
    if central_reevaluation(registration):
        raise ValidationError(
            _("Sản phẩm 5 sao được đánh giá lại ở Hội đồng cấp trung ương: gửi hồ sơ lên Bộ (Điều 7 khoản 6 điểm e).")
        )
    _review_finished(registration)
    return registration_transition(registration=registration, verb="mark_ready", by=by, ready_at=timezone.now())


@dataclass(frozen=True)
class Paper:
    """One of the province's papers that go with a dossier to the ministry (D26 Điều 6.3), by its form's fields
    `<name>_number` and `<name>_date`, and what is said when they are wrong. `future` says today (%(today)s), the
    latest day it may have; `early` names the day it may not precede (%(d)s): the step before it."""

    name: str
    missing: Promise
    malformed: Promise
    future: Promise
    early: Promise
    date_missing: Promise
    # A decision of the province (the Chủ tịch UBND tỉnh's), numbered in the one sequence of all its decisions of the
    # year (ocop.numbering.decision_number_check); its reports and letters are not decisions.
    decision: bool = False


APPROVAL = Paper(
    "approval",
    missing=gettext_lazy("Nhập số quyết định phê duyệt kết quả."),
    malformed=gettext_lazy("Số quyết định phải có dạng số/ký hiệu, ví dụ 1427/QĐ-UBND."),
    future=gettext_lazy("Ngày quyết định không thể sau hôm nay (%(today)s)."),
    early=gettext_lazy("Ngày phê duyệt không thể trước ngày Hội đồng cấp tỉnh có kết quả đánh giá (%(d)s)."),
    date_missing=gettext_lazy("Nhập ngày quyết định phê duyệt."),
    decision=True,
)
REPORT = Paper(
    "report",
    missing=gettext_lazy("Nhập số báo cáo của cơ quan OCOP tỉnh."),
    malformed=gettext_lazy("Số báo cáo phải có dạng số/ký hiệu, ví dụ 85/BC-SNNMT."),
    future=gettext_lazy("Ngày báo cáo không thể sau hôm nay (%(today)s)."),
    early=gettext_lazy("Ngày báo cáo không thể trước ngày UBND xã chuyển hồ sơ lên tỉnh (%(d)s)."),
    date_missing=gettext_lazy("Nhập ngày báo cáo."),
)
LETTER_AFTER_APPROVAL = Paper(
    "letter",
    missing=gettext_lazy("Nhập số văn bản gửi Bộ."),
    malformed=gettext_lazy("Số văn bản phải có dạng số/ký hiệu, ví dụ 2150/UBND-KT."),
    future=gettext_lazy("Ngày văn bản không thể sau hôm nay (%(today)s)."),
    early=gettext_lazy("Văn bản gửi Bộ không thể trước ngày quyết định phê duyệt kết quả (%(d)s)."),
    date_missing=gettext_lazy("Nhập ngày văn bản gửi Bộ."),
)
LETTER_AFTER_REPORT = replace(
    LETTER_AFTER_APPROVAL,
    early=gettext_lazy("Văn bản gửi Bộ không thể trước ngày báo cáo của cơ quan OCOP tỉnh (%(d)s)."),
)


def forward_central_check(registration: Registration) -> None:
    """What a 5★ product's re-evaluation needs before the province sends it to the ministry (Điều 7.6e); the page
    asks it before the officer types the province's papers in."""
    if not central_reevaluation(registration):
        raise ValidationError(
            _("Chỉ hồ sơ đánh giá lại sản phẩm 5 sao được gửi thẳng lên Bộ; hồ sơ này trình Hội đồng cấp tỉnh.")
        )
    if registration.status == S.SCORED and not central_reevaluation_scored(registration):
        # Điều 7.4g: the central council's result below 90 is the province's to recognise or to send back.
        raise ValidationError(
            _(
                "Hồ sơ đã được Hội đồng cấp trung ương đánh giá: UBND tỉnh xem xét công nhận theo kết quả đó hoặc "
                "chuyển Hội đồng cấp tỉnh đánh giá lại (Điều 7 khoản 4 điểm g)."
            )
        )
    _review_finished(registration)


@transaction.atomic
def registration_forward_central(
    *,
    registration: Registration,
    by: User,
    report_number: str,
    report_date: dt.date,
    letter_number: str,
    letter_date: dt.date,
    signed_file=None,
) -> Registration:
    """ADVISORY_REVIEW → FORWARDED_TO_CENTRAL for a 5★ product's re-evaluation (D26 Điều 6.3b, 7.6e), or SCORED →
    for one a provincial council scored nonetheless (selectors.dossier.central_reevaluation_scored): the province's
    OCOP office has checked the dossier and reported on it, and the province has written to the ministry asking it
    to re-evaluate the product; the office records both (and the signed file, if it has one), as for a potential 5★
    (`registration_refer_central`). The ministry's 45 days run from the letter (Điều 7.6g). A second sending finds
    the dossier moved on and changes nothing."""
    ensure_can(by, "forward_central")
    if registration.status not in sources("forward_central"):
        raise TransitionRefused(status_refusal(registration))
    forward_central_check(registration)
    return _send_to_ministry(
        registration=registration,
        by=by,
        verb="forward_to_central",
        papers=[(REPORT, report_number, report_date), (LETTER_AFTER_REPORT, letter_number, letter_date)],
        not_before=_forwarded_on(registration),
        signed_file=signed_file,
        ready_at=timezone.now(),
    )


def _forwarded_on(registration: Registration) -> dt.date | None:
    """The day the commune sent the dossier up: a re-evaluation's report is not before it."""
    return timezone.localdate(registration.forwarded_at) if registration.forwarded_at else None


def forward_central_papers_check(
    *,
    registration: Registration,
    report_number: str | None,
    report_date: dt.date | None,
    letter_number: str | None,
    letter_date: dt.date | None,
) -> None:
    """registration_forward_central's rules of the papers, on what the page's form could read (None for a field it
    refused): every refusal beside its field, in the same answer as the form's own. Nothing is written or locked."""
    papers = [(REPORT, report_number, report_date), (LETTER_AFTER_REPORT, letter_number, letter_date)]
    _papers_check(registration, papers, not_before=_forwarded_on(registration), lock=False)


def _papers_errors(
    papers: list[tuple[Paper, str, dt.date | None]], *, not_before: dt.date | None, issuer: str, lock: bool = True
) -> dict:
    """What is wrong with the province's papers, every field at once (a bad number and a bad date show together):
    numbers in the form "số/ký hiệu", a decision's not another decision's of the province (`issuer`) that year, no
    date to come, and each paper not before the one it follows (the first not before `not_before`, the step that
    came before them all). A date missing (a page's field it could not read) is refused, and what rests on it waits
    for it. `lock`: the province's decision numbers of the year are locked while checked (the writing transaction)."""
    errors = {}
    for paper, number, date in papers:
        number_field, date_field = f"{paper.name}_number", f"{paper.name}_date"
        words = PaperWords(paper.missing, paper.malformed, paper.date_missing, paper.future, paper.early)
        found = signed_paper_errors(
            number=number,
            date=date,
            words=words,
            number_field=number_field,
            date_field=date_field,
            not_before=not_before,
        )
        if number_field not in found and paper.decision and date is not None:
            try:  # one approval may approve several dossiers: theirs share its number and date
                decision_number_check(
                    issuer=issuer, number=number, on=date, decision=(paper.name, date), field=number_field, lock=lock
                )
            except ValidationError as exc:
                found |= {field: messages[0] for field, messages in exc.message_dict.items()}
        errors |= found
        not_before = date
    return errors


def _papers_check(registration: Registration, papers: list, *, not_before: dt.date | None, lock: bool) -> list:
    """The papers with their numbers as stored, or every refusal of them (_papers_errors) beside its field."""
    papers = [(paper, nfc(number or "").strip(), date) for paper, number, date in papers]
    province = registration.commune.parent
    issuer = decision_issuer_name(province) if province else ""
    if errors := _papers_errors(papers, not_before=not_before, issuer=issuer, lock=lock):
        raise ValidationError(errors)
    return papers


def _send_to_ministry(
    *,
    registration: Registration,
    by: User,
    verb: str,
    papers: list[tuple[Paper, str, dt.date]],
    not_before: dt.date | None,
    signed_file=None,
    result=None,
    **fields,
) -> Registration:
    """Record the province's papers (CentralReferral) and move the dossier to the ministry by the row of `verb`,
    the letter (the last paper) starting the ministry's 45 days of a re-evaluation (Điều 7.6g)."""
    papers = _papers_check(registration, papers, not_before=not_before, lock=True)
    if signed_file:
        pdf_upload_check(signed_file, field="signed_file")
    written = {}
    for paper, number, date in papers:
        written[f"{paper.name}_number"], written[f"{paper.name}_date"] = number, date
    referral = CentralReferral(registration=registration, result=result, recorded_by=by, **written)
    if signed_file:  # the hash of the file as uploaded, kept with it and in the audit row
        referral.signed_file_sha256 = file_sha256(signed_file)
    referral.full_clean(exclude=["registration", "result"])
    # The move first: its compare-and-swap lets one of two sendings through, before any file is stored.
    registration = registration_transition(
        registration=registration,
        verb=verb,
        by=by,
        audit_changes={
            **{name: value.isoformat() if isinstance(value, dt.date) else value for name, value in written.items()},
            **({"signed_file_sha256": referral.signed_file_sha256} if signed_file else {}),
        },
        **fields,
        **reevaluation_clock(registration, today=written["letter_date"]),
    )
    with stored_files_undone_on_error(referral), duplicates_refused(CentralReferral):
        if signed_file:
            referral.signed_file.save(f"{uuid.uuid4().hex}.pdf", signed_file, save=False)
        referral.save()
    return registration


@transaction.atomic
def registration_refer_central(
    *,
    registration: Registration,
    by: User,
    approval_number: str,
    approval_date: dt.date,
    letter_number: str,
    letter_date: dt.date,
    signed_file=None,
) -> Registration:
    """PROVINCE_APPROVAL → FORWARDED_TO_CENTRAL (D26 Điều 7.3e, 6.3a): the Chủ tịch UBND tỉnh has approved the
    provincial council's potential 5★ result by a decision, and the province has written to the ministry asking it
    to evaluate the product; the province's OCOP office records both (and the signed file, if it has one). Only then
    does the ministry have the dossier (its council's agenda takes FORWARDED_TO_CENTRAL), and a re-evaluation's 45
    days at the ministry run from the letter (Điều 7.6g). A second sending finds the dossier moved on and changes
    nothing."""
    ensure_can(by, "refer_central")
    if registration.status not in sources("refer_central"):
        raise TransitionRefused(status_refusal(registration))
    result = _potential_five(registration)
    return _send_to_ministry(
        registration=registration,
        by=by,
        verb="refer_to_central",
        papers=[(APPROVAL, approval_number, approval_date), (LETTER_AFTER_APPROVAL, letter_number, letter_date)],
        not_before=timezone.localdate(result.decided_at),
        signed_file=signed_file,
        result=result,
    )


def _potential_five(registration: Registration) -> CouncilResult:
    """The provincial council's potential 5★ result the chair approves, or the refusal."""
    result = latest_result(registration)
    if result is None or result.level != Level.PROVINCE or not result.potential_five:
        raise ValidationError(_("Hồ sơ không có kết quả tiềm năng 5 sao của Hội đồng cấp tỉnh."))
    return result


def refer_central_papers_check(
    *,
    registration: Registration,
    approval_number: str | None,
    approval_date: dt.date | None,
    letter_number: str | None,
    letter_date: dt.date | None,
) -> None:
    """registration_refer_central's rules of the papers, on what the page's form could read (None for a field it
    refused): every refusal beside its field, in the same answer as the form's own. Nothing is written or locked."""
    not_before = timezone.localdate(_potential_five(registration).decided_at)
    papers = [(APPROVAL, approval_number, approval_date), (LETTER_AFTER_APPROVAL, letter_number, letter_date)]
    _papers_check(registration, papers, not_before=not_before, lock=False)
