"""The evaluation-round calendar of D26 Điều 5, in one place: the dates a round may have, and the deadline a dossier
must be proposed by to be evaluated in its round. Pure rules: no write here.

Điều 5.1: the province evaluates at least twice a year: round 1, done before 30/6, takes the dossiers the commune
proposed before 30/4; round 2, done before 30/12, those proposed before 30/10. Điều 5.2: the ministry's round 1 is
done before 30/9 for the provinces' proposals before 30/7, its round 2 before 30/3 for those before 30/01 (early the
next year). More rounds (here: number 3 and on, "đợt bổ sung") only when the council's Quy chế provides for them and
an evaluation plan exists: such a round names that basis, and its dates only stay in its year.

- `round_calendar_errors`: what a round's form or service refuses, {field: message}, used by round_create and
  round_update; a regular round's proposals deadline may be moved ("gia hạn") within its calendar slot, not past it.
- `round_proposal_refusal`: the commune proposes (forwards) a dossier in its round only until the round's proposals
  deadline (as extended); used by checks.forward_check.
- `round_agenda_refusal`: the ministry's council scores in a central round only the dossiers the province proposed
  (its letter) by that round's deadline; a province round takes its own dossiers or an earlier round's left unscored,
  never a later round's nor another province's (province_round_agenda_refusal); a session of no round takes no
  dossier filed for a round of its council's level (roundless_agenda_refusal); used by councils.agenda_refusal (putting a dossier on an
  agenda, restoring a cancelled session's) and, as a filter, by the agenda's choices (forms.councils.AgendaAddForm).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.phrases import Phrase

from ..choices import Level, RegistrationKind
from ..models import CentralReferral, EvaluationRound, Registration

REGULAR_NUMBERS = (1, 2)  # Điều 5's two rounds a year; a higher number is an extra round


def round_is_extra(number: int | None) -> bool:
    """An extra round (đợt bổ sung, Điều 5: "tổ chức thêm các đợt"): any after the calendar's two."""
    return number is not None and number not in REGULAR_NUMBERS


def round_default_dates(*, level: str, year: int, number: int) -> tuple[dt.date, dt.date]:
    """D26 Điều 5: province rounds 30/4 → 30/6 and 30/10 → 30/12; central 30/7 → 30/9 and 30/01 → 30/3
    (the second central round falls early the next year). An extra round is offered the second round's dates."""
    if level == Level.CENTRAL:
        if number == 1:
            return dt.date(year, 7, 30), dt.date(year, 9, 30)
        return dt.date(year + 1, 1, 30), dt.date(year + 1, 3, 30)
    if number == 1:
        return dt.date(year, 4, 30), dt.date(year, 6, 30)
    return dt.date(year, 10, 30), dt.date(year, 12, 30)


def round_calendar_next(*, level: str, today: dt.date, planned: frozenset = frozenset()) -> tuple[int, int]:
    """The year and number of the first round of the D26 calendar whose proposals are still to come on `today` and
    that is not among `planned` ((year, number) pairs)."""
    candidates = [(year, number) for year in range(today.year - 1, today.year + 3) for number in REGULAR_NUMBERS]
    for year, number in candidates:
        due, _done = round_default_dates(level=level, year=year, number=number)
        if due >= today and (year, number) not in planned:
            return year, number
    return candidates[-1]


def round_date_range(*, level: str, year: int) -> tuple[dt.date, dt.date]:
    """The days a round of `year` may have its deadlines on (D26 Điều 5: the programme runs by year). A province's
    rounds end by 30/12 of their year; the ministry's second round closes early the next year (its calendar end)."""
    last = dt.date(year, 12, 31)
    if level == Level.CENTRAL:
        last = max(last, round_default_dates(level=level, year=year, number=2)[1])
    return dt.date(year, 1, 1), last


@dataclass(frozen=True)
class CalendarSlot:
    """A regular round's slot of Điều 5: its proposals deadline falls from `proposals_from` (the day after the
    previous round's calendar deadline, or the year's first day) to `proposals_last`; it is done by `done_last`."""

    proposals_from: dt.date
    proposals_last: dt.date
    done_last: dt.date


def round_calendar_slot(*, level: str, year: int, number: int) -> CalendarSlot:
    """The slot of round `number` (1 or 2) of `year` at `level`."""
    proposals_last, done_last = round_default_dates(level=level, year=year, number=number)
    previous_year, previous_number = (year, 1) if number == 2 else (year - 1, 2)
    previous_due, _done = round_default_dates(level=level, year=previous_year, number=previous_number)
    first_of_year, _last = round_date_range(level=level, year=year)
    return CalendarSlot(max(previous_due + dt.timedelta(days=1), first_of_year), proposals_last, done_last)


def _day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def round_calendar_errors(
    *,
    level: str,
    year: int,
    number: int,
    proposals_due: dt.date | None = None,
    done_by: dt.date | None = None,
    basis: str | None = None,
) -> dict:
    """{field: message} for what Điều 5 refuses of a round; None leaves a field unchecked (a round's edit checks
    only what it changes):
    - every round: its dates in its year (`round_date_range`);
    - a regular round (1 or 2): its proposals deadline in its calendar slot and its completion by the slot's end,
      so a round 1 of a province takes proposals until 30/4 at the latest and is done by 30/6;
    - an extra round: the basis the law asks for (the council's Quy chế that provides for it, and the plan)."""
    errors = {}
    first, last = round_date_range(level=level, year=year)
    for name, day in (("proposals_due", proposals_due), ("done_by", done_by)):
        if day is not None and not first <= day <= last:
            errors[name] = _("Ngày này phải nằm trong năm của đợt: từ %(first)s đến %(last)s.") % {
                "first": _day(first),
                "last": _day(last),
            }
    if round_is_extra(number):
        if basis is not None and not basis.strip():
            errors["basis"] = _(
                "Đợt bổ sung (đợt 3 trở đi) phải nêu căn cứ: Quyết định ban hành Quy chế hoạt động của Hội đồng có "
                "quy định đợt này và kế hoạch đánh giá, phân hạng sản phẩm OCOP (Điều 5 Quyết định 26/2026/QĐ-TTg)."
            )
        return errors
    slot = round_calendar_slot(level=level, year=year, number=number)
    values = {"number": number, "level": Level(level).label.lower(), "year": year}
    if "proposals_due" not in errors and proposals_due is not None:
        if not slot.proposals_from <= proposals_due <= slot.proposals_last:
            errors["proposals_due"] = _(
                "Theo Điều 5 Quyết định 26/2026/QĐ-TTg, đợt %(number)s %(level)s năm %(year)s nhận hồ sơ đề nghị "
                "đến %(last)s: hạn nhận đề nghị phải từ %(first)s đến %(last)s. Nhận hồ sơ sau ngày đó là việc của "
                "đợt sau, hoặc của một đợt bổ sung (đợt 3 trở đi) có Quy chế và kế hoạch."
            ) % {**values, "first": _day(slot.proposals_from), "last": _day(slot.proposals_last)}
    if "done_by" not in errors and done_by is not None and done_by > slot.done_last:
        errors["done_by"] = _(
            "Theo Điều 5 Quyết định 26/2026/QĐ-TTg, đợt %(number)s %(level)s năm %(year)s phải hoàn thành trước "
            "%(last)s: hạn hoàn thành chậm nhất là %(last)s."
        ) % {**values, "last": _day(slot.done_last)}
    return errors


def round_calendar_check(**values) -> None:
    """round_calendar_errors as a refusal, for a form to show with its own (ocop.forms.check_with_the_form)."""
    if errors := round_calendar_errors(**values):
        raise ValidationError(errors)


def round_proposal_refusal(registration: Registration, *, today: dt.date | None = None) -> str | None:
    """Why the commune may not propose (forward) `registration` to the province in its round today, or None.
    Điều 5.1 evaluates in a round the dossiers the commune proposed before its proposals deadline: after that day
    (as its organiser may have extended it within the calendar, round_update) the dossier is not the round's. It then
    goes back to the producer (the commune returns it) to be filed into a later round, unless the province extends
    this one. A dossier the commune already proposed in the round, returned by the province's completeness check
    (Điều 7.3a) and completed, is that same proposal: it comes back until the round is done (completion_due_check).
    A re-evaluation is bound by its certificate's window and its 45 days, not by a round (Điều 7.6)."""
    if registration.kind == RegistrationKind.REEVALUATION or registration.round_id is None:
        return None
    if registration.forwarded_at is not None:
        return None
    evaluation_round: EvaluationRound = registration.round
    today = today or timezone.localdate()
    if today <= evaluation_round.proposals_due:
        return None
    return _(
        "Đợt “%(round)s” đã hết hạn nhận đề nghị ngày %(due)s (Điều 5 Quyết định 26/2026/QĐ-TTg): UBND xã không "
        "đề nghị thêm hồ sơ vào đợt này được. Trả lại hồ sơ để chủ thể chọn đợt sau, hoặc đề nghị cơ quan OCOP tỉnh "
        "gia hạn nhận đề nghị của đợt (trong lịch của Điều 5)."
    ) % {"round": evaluation_round, "due": _day(evaluation_round.proposals_due)}


def round_agenda_refusal(registration: Registration, evaluation_round: EvaluationRound) -> Phrase | None:
    """Why a session of `evaluation_round` may not take `registration` on its agenda, or None; a Phrase, since a
    restore tells the members why in their language. Điều 5.2: a central round evaluates
    the dossiers the province proposed (its letter to the ministry, the latest one after a send-back) before the
    round's proposals deadline; a later letter is the next central round's (as selectors.deadlines.central_round_due
    reads it). A province's dossiers reach its council only once the commune proposed them in time
    (round_proposal_refusal): a province round evaluates its own dossiers, or those an earlier round of the province
    left unscored, never those filed for a later round (proposed after this round's deadline, Điều 5.1) nor another
    province's or level's (province_round_agenda_refusal). A session of no round: roundless_agenda_refusal."""
    if evaluation_round.level != Level.CENTRAL:
        return province_round_agenda_refusal(registration, evaluation_round)
    referral = CentralReferral.objects.filter(registration=registration).order_by("-letter_date", "-pk").first()
    if referral is None or referral.letter_date <= evaluation_round.proposals_due:
        return None
    return Phrase(
        gettext_lazy(
            "Tỉnh đề nghị hồ sơ này ngày %(sent)s, sau hạn nhận đề nghị của đợt “%(round)s” (%(due)s, Điều 5 Quyết "
            "định 26/2026/QĐ-TTg): hồ sơ được đánh giá ở đợt sau của Bộ; đưa hồ sơ vào một phiên họp của đợt đó."
        ),
        sent=_day(referral.letter_date),
        round=str(evaluation_round),
        due=_day(evaluation_round.proposals_due),
    )


def roundless_agenda_refusal(registration: Registration, *, level: str) -> Phrase | None:
    """Why a session of no round of a council of `level` may not take `registration`, or None. D26 evaluates a first
    evaluation or an upgrade in the rounds of Điều 5.1 (the dossiers the commune proposed by a round's deadline): one
    filed for a round of the council's level goes on a session of a round, whose rule then applies
    (round_agenda_refusal). A session of no round took any of them, a later round's or another province's round's
    too, and so sidestepped that rule. It takes what no round of its level binds: a re-evaluation (Điều 7.6: 45 days
    from the complete dossier), a dossier filed with no round, and at the ministry a dossier of a province's round
    (the ministry's own rounds may not be kept here: selectors.deadlines); the council's area and the status still
    apply (councils.agenda_refusal)."""
    own = registration.round
    if own is None or own.level != level or registration.kind == RegistrationKind.REEVALUATION:
        return None
    return Phrase(
        gettext_lazy(
            "Hồ sơ thuộc đợt “%(own)s” nhưng phiên họp chưa chọn đợt đánh giá: hồ sơ đăng ký lần đầu, nâng hạng được "
            "đánh giá theo đợt (Điều 5 Quyết định 26/2026/QĐ-TTg). Hãy chọn đợt đánh giá trước: đưa hồ sơ vào một "
            "phiên họp có chọn đợt đánh giá (mục “Đợt đánh giá” khi tạo phiên họp)."
        ),
        own=str(own),
    )


def province_round_agenda_refusal(registration: Registration, evaluation_round: EvaluationRound) -> Phrase | None:
    """Why a session of the province round `evaluation_round` may not take `registration`, or None. The dossier was
    filed for its own round and proposed by the commune by that round's deadline (round_proposal_refusal); Điều 5.1
    evaluates in a round the dossiers proposed before its deadline. So a dossier of a later round (a later proposals
    deadline) waits for its round; one of an earlier round not yet scored may be taken (it was proposed in time for
    this one too); one of a round of another province or level is not the council's. A re-evaluation, or a dossier
    filed with no round, is bound by no round (Điều 7.6)."""
    own = registration.round
    if own is None or own.pk == evaluation_round.pk or registration.kind == RegistrationKind.REEVALUATION:
        return None
    if own.level != evaluation_round.level or own.unit_id != evaluation_round.unit_id:
        return Phrase(
            gettext_lazy(
                "Hồ sơ thuộc đợt “%(own)s” của cấp hoặc địa bàn khác, không thuộc đợt “%(round)s” của phiên họp: "
                "không đưa vào phiên họp này được."
            ),
            own=str(own),
            round=str(evaluation_round),
        )
    if own.proposals_due > evaluation_round.proposals_due:
        return Phrase(
            gettext_lazy(
                "Hồ sơ thuộc đợt “%(own)s” (nhận đề nghị đến %(own_due)s), sau đợt “%(round)s” của phiên họp: đợt "
                "này chỉ đánh giá hồ sơ được UBND cấp xã đề nghị đến %(due)s (Điều 5 Quyết định 26/2026/QĐ-TTg). "
                "Đưa hồ sơ vào một phiên họp của đợt “%(own)s”."
            ),
            own=str(own),
            own_due=_day(own.proposals_due),
            round=str(evaluation_round),
            due=_day(evaluation_round.proposals_due),
        )
    return None


def roundless_agenda_q(level: str) -> Q:
    """The dossiers roundless_agenda_refusal lets a session of no round of a council of `level` take, as a filter."""
    return Q(round__isnull=True) | Q(kind=RegistrationKind.REEVALUATION) | ~Q(round__level=level)


def round_agenda_q(evaluation_round: EvaluationRound) -> Q:
    """The dossiers round_agenda_refusal lets a session of `evaluation_round` take, as a filter (the agenda's
    choices); a central round's rule reads the province's letters, which the service checks on adding."""
    if evaluation_round.level == Level.CENTRAL:
        return Q()
    return (
        Q(round__isnull=True)
        | Q(kind=RegistrationKind.REEVALUATION)
        | Q(
            round__level=evaluation_round.level,
            round__unit_id=evaluation_round.unit_id,
            round__proposals_due__lte=evaluation_round.proposals_due,
        )
    )
