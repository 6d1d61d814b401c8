"""Field checks of a dossier before an act: what may still be edited, the set 26 case, what stops a submission or a
forwarding. They raise or return the messages; the services decide."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.paper import PaperWords, signed_paper_errors

from ..choices import FROZEN_STATUSES, RegistrationKind, RegistrationStatus
from ..models import (
    CommuneProposal,
    CommuneReport,
    DocumentKind,
    EvaluationRound,
    Registration,
    RoundStatus,
    Scorecard,
)
from ..models.registrations import CaseVariant
from ..selectors.deadlines import registration_round_due
from ..selectors.dossier import (
    criteria_outdated,
    missing_documents,
    open_supplement,
    samples_required,
    unanswered_criteria,
)
from ..selectors.reevaluation import filed_on, filing_window_state, reevaluation_window_error
from ..workflow import EDITABLE
from .round_calendar import round_proposal_refusal

S = RegistrationStatus


def ensure_editable(
    registration: Registration,
    *,
    criteria: Iterable[int] = (),
    document_kind: str | None = None,
    criterion_id: int | None = None,
) -> None:
    """Producer-side content may change in draft or when returned; while a supplement is requested only
    the named items; never while the dossier is with the commune or under evaluation."""
    status = registration.status
    if status in EDITABLE:
        return
    if status == S.SUPPLEMENT_REQUESTED:
        request = open_supplement(registration)
        allowed_criteria = set(request.criteria.values_list("pk", flat=True)) if request else set()
        allowed_kinds = set(request.document_kinds) if request else set()
        wanted = set(criteria)
        if wanted and not wanted <= allowed_criteria:
            raise ValidationError(_("Chỉ được sửa các tiêu chí mà Tổ tư vấn yêu cầu bổ sung."))
        if document_kind is not None and document_kind not in allowed_kinds and criterion_id not in allowed_criteria:
            raise ValidationError(_("Chỉ được bổ sung các tài liệu mà Tổ tư vấn yêu cầu."))
        return
    if status in FROZEN_STATUSES:
        raise ValidationError(_("Hồ sơ đang được đánh giá nên không thể sửa."))
    raise ValidationError(_("Không thể sửa hồ sơ ở trạng thái “%(s)s”.") % {"s": registration.get_status_display()})


def not_before_submission(registration: Registration, day, *, field: str, message: str) -> None:
    """A day the commune or the province records on a dossier (samples received, site visit) follows its filing
    (`filed_on`: the first submission, since samples handed in with it, or a visit made before a return to complete
    the dossier, are not undone by the later submission): an earlier one is refused next to `field`, with `message`
    naming that day as %(d)s (dd/mm/yyyy, the day in Việt Nam). Nothing to check without a day or before a
    submission."""
    submitted_on = filed_on(registration)
    if day is None or submitted_on is None:
        return
    if day < submitted_on:
        raise ValidationError({field: message % {"d": submitted_on.strftime("%d/%m/%Y")}})


def samples_day_check(*, registration: Registration, samples_received_on: dt.date | None, kept=None) -> None:
    """The day the commune received the samples (Mẫu 03): not after today, nor before the dossier's filing unless it
    is the day the report already keeps (`kept`: kept from before a return and resubmission, it stays). Run by
    commune_report_save under its lock, and as the form is cleaned, so the day is refused in the same answer as an
    empty field beside it."""
    today = timezone.localdate()
    if samples_received_on is not None and samples_received_on > today:
        raise ValidationError(
            {
                "samples_received_on": _("Ngày nhận mẫu không thể sau hôm nay (%(today)s).")
                % {"today": f"{today:%d/%m/%Y}"}
            }
        )
    if samples_received_on != kept:
        not_before_submission(
            registration,
            samples_received_on,
            field="samples_received_on",
            message=_("Ngày nhận mẫu không thể trước ngày nộp hồ sơ (%(d)s)."),
        )


# The commune's letter proposing the product, as commune_letter_check refuses it.
COMMUNE_LETTER_WORDS = PaperWords(
    number_missing=gettext_lazy("Nhập số văn bản đề nghị của UBND xã."),
    number_malformed=gettext_lazy("Số văn bản phải có dạng số/ký hiệu, ví dụ 2150/UBND-KT."),
    date_missing=gettext_lazy("Nhập ngày văn bản đề nghị của UBND xã."),
    date_future=gettext_lazy("Ngày văn bản không thể sau hôm nay (%(today)s)."),
    date_early=gettext_lazy("Ngày văn bản đề nghị không thể trước ngày nộp hồ sơ (%(d)s)."),
)


def commune_letter_check(*, registration: Registration, letter_number: str, letter_date: dt.date | None) -> None:
    """The commune's letter proposing the product to the province (D26 Điều 6.2a, 7.2b), recorded with Mẫu 03: its
    number in the form "số/ký hiệu", its day not after today nor before the dossier's filing, the one with the other.
    Both may wait while the letter is not signed yet: forwarding asks for them (forward_blockers). Every refusal
    beside its field at once; run by commune_report_save and as the form is cleaned."""
    errors = signed_paper_errors(
        number=letter_number,
        date=letter_date,
        words=COMMUNE_LETTER_WORDS,
        number_field="letter_number",
        date_field="letter_date",
        not_before=filed_on(registration) if letter_date is not None else None,
        optional=True,
    )
    if errors:
        raise ValidationError(errors)


def completion_due_limit(registration: Registration) -> tuple[dt.date, str] | None:
    """The last day an officer may give the producer to complete `registration` (completion_due_check), with the
    message that names it, or None when no round binds it. D26 sets no limit of its own for the completion, but the
    round does (Điều 5.1): a dossier the commune returns while it checks must come back in time for the commune to
    propose it by the round's proposals deadline; one the province returns after its completeness check (Điều 7.3a),
    or whose supplement the advisory team asks for (7.3c), must come back before the round is to be done. A
    re-evaluation is bound by its certificate's window and its 45 days (which start again when it comes back,
    reevaluation_clock), not by a round's dates. The rule is the dossier page's too (registration_round_due)."""
    due = registration_round_due(registration)
    return None if due is None else (due.on, due.field)


def completion_due_check(registration: Registration, due_on: dt.date | None) -> None:
    """The day an officer gives the producer to complete a returned dossier, or to supply what the advisory team asks
    for. D26 sets no such limit (Điều 7.3a: the province "thông báo và hướng dẫn … hoàn thiện hồ sơ", 7.3c: the
    advisory team "đề xuất bổ sung hồ sơ", and 7.2 counts only the commune's 15 working days), so it is optional,
    the officer's own; but it falls from today to the round's deadline that governs the dossier
    (completion_due_limit): a later day would give the producer a date the round has already closed on. Refused next
    to its field, with the days allowed."""
    if due_on is None:
        return
    today = timezone.localdate()
    limit = completion_due_limit(registration)
    if limit is None:
        if due_on < today:
            raise ValidationError(
                {
                    "due_on": _("Hạn hoàn thiện không thể là ngày đã qua (hôm nay là %(d)s).")
                    % {"d": today.strftime("%d/%m/%Y")}
                }
            )
        return
    last, which = limit
    values = {"round": registration.round, "today": today.strftime("%d/%m/%Y"), "last": last.strftime("%d/%m/%Y")}
    if last < today:
        if which == "proposals_due":
            message = _(
                "Đợt “%(round)s” đã hết hạn nhận đề nghị ngày %(last)s: không đặt được hạn hoàn thiện trong đợt này. "
                "Để trống ô này, hoặc đề nghị cấp tỉnh gia hạn đợt."
            )
        else:
            message = _(
                "Đợt “%(round)s” đã quá hạn hoàn thành ngày %(last)s: không đặt được hạn hoàn thiện trong đợt này. "
                "Để trống ô này."
            )
        raise ValidationError({"due_on": message % values})
    if not today <= due_on <= last:
        if which == "proposals_due":
            message = _(
                "Hạn hoàn thiện phải từ hôm nay (%(today)s) đến hạn nhận đề nghị của đợt “%(round)s” (%(last)s), để "
                "UBND xã kịp đề nghị hồ sơ trong đợt."
            )
        else:
            message = _("Hạn hoàn thiện phải từ hôm nay (%(today)s) đến hạn hoàn thành của đợt “%(round)s” (%(last)s).")
        raise ValidationError({"due_on": message % values})


def case_variant_error(scorecard: Scorecard | None, case_variant: int) -> str | None:
    """Bộ 26 (tourism) is scored by Trường hợp 1 or 2, chosen once on Mẫu 01; no other set has cases."""
    if scorecard is not None and scorecard.has_case_variants:
        if case_variant not in {CaseVariant.COMMUNITY, CaseVariant.PROVIDER}:
            return _("Sản phẩm bộ 26 (du lịch): chọn Trường hợp 1 hoặc Trường hợp 2.")
    elif case_variant:
        return _("Chỉ sản phẩm bộ 26 (du lịch) mới chọn trường hợp áp dụng.")
    return None


# The statuses in which a round takes dossiers: the submission (round_submission_refusal), a new filing
# (round_filing_refusal) and the registration forms' choices (forms.round_choice.open_rounds_for) read this one set.
ROUND_TAKING = frozenset({RoundStatus.PLANNED, RoundStatus.OPEN})


def round_closed_message(evaluation_round: EvaluationRound) -> str:
    """The refusal of a round that takes no dossier (not in ROUND_TAKING), at the filing and at the submission."""
    return _("Đợt đánh giá “%(r)s” không còn nhận hồ sơ: hãy chọn đợt khác.") % {"r": evaluation_round}


def round_filing_refusal(
    evaluation_round: EvaluationRound, *, kind: str = "", today: dt.date | None = None
) -> str | None:
    """Why a new dossier of `kind` is not filed into `evaluation_round` today, or None: the rule of the filing
    (services.dossier.registration_create_check, whoever calls it; the registration form shows it beside the round,
    for the rounds it offers and the one it is sent) and of the submission of a dossier the commune has not proposed
    yet (round_submission_refusal). A round takes dossiers while it is planned or open (ROUND_TAKING), and a new one
    only until its proposals deadline (as extended): after that day the commune may no longer propose a dossier in it
    (round_calendar.round_proposal_refusal, Điều 5.1), so a dossier filed or submitted into it could only wait for the
    province to extend the round. A re-evaluation is bound by its certificate's window, not by a round's dates
    (Điều 7.6)."""
    if evaluation_round.status not in ROUND_TAKING:
        return round_closed_message(evaluation_round)
    if kind == RegistrationKind.REEVALUATION:
        return None
    today = today or timezone.localdate()
    if evaluation_round.proposals_due < today:
        return _(
            "Đợt “%(r)s” đã hết hạn nhận đề nghị ngày %(due)s (Điều 5 Quyết định 26/2026/QĐ-TTg): UBND xã không đề "
            "nghị thêm hồ sơ vào đợt này được. Hãy chọn đợt khác còn nhận hồ sơ, hoặc chờ cơ quan OCOP tỉnh gia hạn "
            "hay mở đợt sau."
        ) % {"r": evaluation_round, "due": evaluation_round.proposals_due.strftime("%d/%m/%Y")}
    return None


def round_submission_refusal(registration: Registration, *, today: dt.date | None = None) -> str | None:
    """Why the dossier's round does not take it when the producer submits it (or submits it again), or None. A dossier
    the commune has not proposed yet is judged as a new filing (round_filing_refusal): its round's status, and its
    proposals deadline as extended, since the commune could not forward a dossier submitted after that day
    (round_calendar.round_proposal_refusal, Điều 5.1) and it would be stuck at the commune; so is one the commune
    returned before proposing it: it goes into a later round, unless the province extends this one. A dossier the
    commune already proposed in its round (forwarded), returned by the province's completeness check (Điều 7.3a:
    "thông báo và hướng dẫn … hoàn thiện hồ sơ"), is that same proposal: no deadline binds it, and its round takes it
    back while planned, open or being evaluated (completion_due_check gives it until the day the round is to be done);
    a closed round takes none. A re-evaluation is bound by its certificate's window, not by a round's dates."""
    evaluation_round = registration.round
    if evaluation_round is None:
        return None
    if registration.forwarded_at is not None:
        if evaluation_round.status in ROUND_TAKING or evaluation_round.status == RoundStatus.EVALUATING:
            return None
        return round_closed_message(evaluation_round)
    return round_filing_refusal(evaluation_round, kind=registration.kind, today=today)


def criteria_outdated_error(registration: Registration) -> str | None:
    """Why a draft bound to a criteria version no longer in force is not submitted under it (D26 Điều 12.2: the
    2021–2025 rules only for a dossier filed before 22/05/2026), and what to do; None when it is not (the dossier
    page's warning, `selectors.dossier.criteria_outdated`, says the same before the producer tries)."""
    version = criteria_outdated(registration)
    if version is None:
        return None
    return _(
        "Bộ tiêu chí đã thay đổi: từ ngày %(d)s sản phẩm được đánh giá theo %(new)s. Hồ sơ này lập theo %(old)s nhưng "
        "chưa nộp trước ngày đó, nên không nộp theo bộ tiêu chí cũ được (Điều 12 khoản 2 Quyết định 26/2026/QĐ-TTg). "
        "Trên trang hồ sơ, chọn “Chuyển sang bộ tiêu chí hiện hành”: tài liệu đã tải lên được giữ, trừ Báo cáo tự "
        "đánh giá (Mẫu 02) đã ký, được để riêng; phần tự đánh giá theo bộ tiêu chí cũ bị xoá và cần làm lại theo "
        "phiếu mới, rồi ký và tải lên Mẫu 02 mới."
    ) % {
        "d": version.effective_from.strftime("%d/%m/%Y"),
        "new": version.get_legal_basis_display(),
        "old": registration.criteria_version.get_legal_basis_display(),
    }


@dataclass(frozen=True)
class Blocker:
    """One reason an act (submitting, forwarding) is refused, and the act on the dossier page that removes it:
    a key of workflow.REMEDIES ("" when none there: a round's deadline, a scorecard not loaded, a window)."""

    message: str
    remedy: str = ""


class Submission:
    """What still stops the producer's submission, read once for the dossier page and for the service: the required
    document kinds with no file (`missing`, in the checklist's order) and the criteria not self-assessed
    (`unanswered`, their numbers): the page's counts; and `blockers`, the refusals derived from them and from the
    round, the scorecard, the case and the window (read only when asked: the page asks for whoever may submit). A
    draft bound to a criteria version no longer in force (criteria_outdated) is refused with that alone: its answers
    and missing items name the old criteria."""

    def __init__(self, registration: Registration, *, documents=None):
        self.registration = registration
        self.missing: list[str] = missing_documents(registration, documents)
        self.unanswered: list[str] = unanswered_criteria(registration)

    @cached_property
    def blockers(self) -> list[Blocker]:
        registration = self.registration
        if outdated := criteria_outdated_error(registration):
            return [Blocker(outdated, "rebind")]
        blockers = []
        if registration.kind in {RegistrationKind.FIRST, RegistrationKind.UPGRADE} and registration.round_id is None:
            blockers.append(Blocker(_("Chưa chọn đợt đánh giá."), "edit_round"))
        if refusal := round_submission_refusal(registration):
            blockers.append(Blocker(refusal, "edit_round"))
        if registration.scorecard_id is None:
            blockers.append(Blocker(_("Chưa có phiếu đánh giá cho bộ sản phẩm này.")))
        elif case := case_variant_error(registration.scorecard, registration.case_variant):
            # a set 26 draft moved to a scorecard with cases chooses one (services.rebind)
            blockers.append(Blocker(case, "case_variant"))
        if self.missing:
            labels = ", ".join(str(DocumentKind(k).label) for k in self.missing)
            blockers.append(Blocker(_("Còn thiếu tài liệu: %(list)s.") % {"list": labels}, "documents"))
        if self.unanswered:
            listed = ", ".join(self.unanswered)
            blockers.append(Blocker(_("Chưa tự đánh giá các tiêu chí: %(list)s.") % {"list": listed}, "selfassessment"))
        if registration.kind == RegistrationKind.REEVALUATION:
            # Judged on the day the dossier was first filed: submitted again after a return, it is not filed anew.
            error = reevaluation_window_error(filing_window_state(registration))
            if error:
                blockers.append(Blocker(error))
        return blockers

    @property
    def errors(self) -> list[str]:
        return [blocker.message for blocker in self.blockers]


def submission_state(registration: Registration, *, documents=None) -> Submission:
    """The one read of what stops the submission: the dossier page's counts and refusals, submit_errors'.
    `documents`: the dossier's, when the caller has read them already."""
    return Submission(registration, documents=documents)


def submit_errors(registration: Registration) -> list[str]:
    """What stops the producer from submitting: the round, the scorecard, documents, answers, the window
    (submission_state)."""
    return submission_state(registration).errors


def submit_check(registration: Registration) -> None:
    """submit_errors, raised: registration_submit refuses with them, and its page before the confirmation step."""
    errors = submit_errors(registration)
    if errors:
        raise ValidationError(errors)


_UNREAD = object()


def forward_blockers(registration: Registration, *, report=_UNREAD) -> list[Blocker]:
    """Everything that stops the commune from forwarding, all at once: its round's proposals deadline (Điều 5.1,
    round_proposal_refusal), and a Mẫu 03 that proposes it, confirms the dossier complete, the product name
    consistent and the samples received (Điều 6.2d). Each with its remedy: Mẫu 03 written or corrected, or the
    return its proposal asks for. `report`: the dossier's Mẫu 03 (or None) when the caller has read it."""
    blockers = []
    if refusal := round_proposal_refusal(registration):
        blockers.append(Blocker(refusal))
    if report is _UNREAD:
        report = CommuneReport.objects.filter(registration=registration).first()
    if report is None:
        blockers.append(
            Blocker(_("Cần lập báo cáo đánh giá của UBND xã (Mẫu 03) trước khi chuyển cấp tỉnh."), "commune_report")
        )
        return blockers
    if report.proposal != CommuneProposal.FORWARD:
        # The officer's own Mẫu 03 proposes the return: that act, not the forwarding, is what comes next.
        blockers.append(
            Blocker(
                _(
                    "Mẫu 03 đề xuất trả lại hồ sơ, không đề nghị chuyển cấp tỉnh: hãy trả lại hồ sơ để chủ thể "
                    "hoàn thiện, hoặc sửa đề xuất trong Mẫu 03."
                ),
                "commune_return",
            )
        )
    if not report.dossier_complete:
        blockers.append(
            Blocker(
                _(
                    "Mẫu 03 chưa xác nhận “Hồ sơ đầy đủ, hợp lệ”: sửa Mẫu 03 và đánh dấu ô này nếu hồ sơ đã đủ, "
                    "nếu chưa thì trả lại hồ sơ để chủ thể hoàn thiện."
                ),
                "commune_report",
            )
        )
    if not report.name_consistent:
        blockers.append(
            Blocker(
                _(
                    "Chưa xác nhận tên sản phẩm thống nhất trên Mẫu 01, Mẫu 02, nhãn và phiếu kiểm nghiệm "
                    "(nếu tên khác nhau, trả lại hồ sơ để chủ thể sửa)."
                ),
                "commune_report",
            )
        )
    if report.proposal == CommuneProposal.FORWARD and not (report.letter_number and report.letter_date):
        blockers.append(
            Blocker(
                _(
                    "Chưa ghi văn bản của UBND xã đề nghị UBND tỉnh đánh giá, phân hạng (số, ngày; Điều 6 khoản 2 "
                    "điểm a): sửa Mẫu 03 để ghi văn bản."
                ),
                "commune_report",
            )
        )
    needed = samples_required(registration)
    if report.samples_received < needed:
        blockers.append(
            Blocker(
                _("Chưa nhận đủ %(n)s sản phẩm mẫu (Điều 6.2d): mới nhận %(got)s.")
                % {"n": needed, "got": report.samples_received},
                "commune_report",
            )
        )
    return blockers


def forward_errors(registration: Registration) -> list[str]:
    """forward_blockers' messages: the dossier page lists them before the officer clicks; forward_check refuses with
    them."""
    return [blocker.message for blocker in forward_blockers(registration)]


def forward_check(registration: Registration) -> None:
    """forward_errors, raised: registration_forward refuses with them, and its page before the confirmation step."""
    errors = forward_errors(registration)
    if errors:
        raise ValidationError(errors)
