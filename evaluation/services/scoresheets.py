"""Writes of one council member (ocop-domain.md §7): the score sheet's drafts (autosave with optimistic locking, and
a page merged with what another tab or device saved meanwhile). The conflict-of-interest declaration, the opening of
a sheet and the sheet a re-scoring round starts from are services.conflicts; submit and reopen,
services.sheet_submission, which use this module's guard_item_open and write_sheet.

Every write: atomic, a state guard (compare-and-swap or the sheet's `version`), full_clean, an audit row in the
same transaction, side effects on commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.edits import same_value
from ocop.forms import parse_pk
from ocop.models import User
from ocop.services import audit_record
from ocop.text import reject_unsafe_text

from ..choices import SheetStatus
from ..models.councils import AgendaItem
from ..models.results import CouncilResult
from ..models.scoresheets import Score, ScoreSheet
from ..selectors.criteria import NOTHING_MET
from ..selectors.sheet_structure import cached_scorecard_structure
from .council_rule import session_ended
from .star_rule import counted_points, not_applicable, stops_stated

STALE_MESSAGE = gettext_lazy(
    "Phiếu đã được thay đổi ở thẻ/thiết bị khác. Không có gì bị ghi đè: hãy tải lại trang để xem bản mới nhất."
)
SET_ASIDE_MESSAGE = gettext_lazy("Phiếu này đã được để riêng, không được tính: không lưu hay nộp được nữa.")
NONE_CHOICE = "none"  # "no option applies": the criterion scores 0 (ocop-domain.md §3.2)


class StaleSheet(ValidationError):
    """The sheet changed since the form was loaded (another tab or device): nothing was written. `merge` is the
    page merged with the sheet as saved now when the refusal is of fields both changed differently (its conflicts),
    None when the page sent no base to merge from or the sheet is no longer a draft."""

    def __init__(self, merge: SheetMerge | None = None):
        super().__init__(STALE_MESSAGE, code="stale")
        self.merge = merge


def score_choice(criterion, score: Score | None) -> str:
    """A saved score as the sheet's form sends it: an option id, "yes"/"no", NONE_CHOICE, or "" (not answered)."""
    if score is None or not score.answered:
        return ""
    if criterion.is_yes_no:
        return "yes" if score.points else "no"
    return str(score.option_id) if score.option_id else NONE_CHOICE


def sheet_fields(*, structure, sheet: ScoreSheet, scores: dict[int, Score]) -> dict[str, str | bool]:
    """The sheet as saved, as its page's form holds it: `c<id>` (score_choice) and `note<id>` per criterion in the
    sheet's order, then `comment`, `knocked_out` and `knockout_reason`. What a page loaded now starts from."""
    fields = {}
    for cid, criterion in structure.criteria.items():
        score = scores.get(cid)
        fields[f"c{cid}"] = score_choice(criterion, score)
        fields[f"note{cid}"] = score.comment if score else ""
    return fields | {
        "comment": sheet.comment,
        "knocked_out": sheet.knocked_out,
        "knockout_reason": sheet.knockout_reason,
    }


def _page_fields(structure, data: SheetInput) -> dict[str, str | bool]:
    """What a page holds (`data`) under the same names as sheet_fields, as typed (compared with same_value)."""
    fields = {}
    for cid in structure.criteria:
        typed = data.choices.get(cid)
        fields[f"c{cid}"] = "" if typed is None else str(typed).strip()
        fields[f"note{cid}"] = data.comments.get(cid) or ""
    return fields | {
        "comment": data.comment or "",
        "knocked_out": bool(data.knocked_out),
        "knockout_reason": data.knockout_reason or "",
    }


def _input_of(data: SheetInput, fields: dict) -> SheetInput:
    """`data` with the values of `fields` (names as in sheet_fields); what else it holds (a choice on a criterion of
    another scorecard) stays, so that the save still refuses it."""
    choices, comments = dict(data.choices), dict(data.comments)
    for name, value in fields.items():
        if name.startswith("c") and name[1:].isdigit():
            choices[int(name[1:])] = value
        elif name.startswith("note"):
            comments[int(name[4:])] = value
    return SheetInput(
        choices=choices,
        comments=comments,
        comment=fields["comment"],
        knocked_out=fields["knocked_out"],
        knockout_reason=fields["knockout_reason"],
    )


@dataclass
class SheetMerge:
    """A page of the sheet against the sheet as saved now, field by field (the names of sheet_fields), three ways:
    what the page was loaded with (its base), what it holds, what is saved. A field the page left as loaded takes
    what is saved (another tab or device may have changed it: `taken` when it did); a field only the page changed
    keeps the page's value; a field both changed, to different values, is a conflict, and only the member decides
    it. A page whose base is not known (a form that did not send it, a page of an earlier round's sheet) changed
    every field. A sheet no longer a draft takes nothing: it shows as submitted, the conflicts naming what the page
    changed that was not saved."""

    version: int  # the sheet's version now, which `saved` is of: a page going on from the merge saves from it
    moved: bool  # the sheet is no longer at the version the page was loaded at (or that is not known)
    draft: bool
    saved: dict  # every field as saved now: the base of a page going on from the merge
    page: dict  # what the page holds after the merge: what a save from `saved` writes
    taken: list[str]  # fields the page left as loaded that another tab or device changed: `page` holds theirs
    conflicts: dict[str, str]  # fields both changed differently (or that a locked sheet lost): name → message


def scoresheet_merge(
    *, sheet: ScoreSheet, data: SheetInput, version: int | None, base: SheetInput | None
) -> SheetMerge:
    """`data`, a page loaded at `version` with the values `base` (None when the page did not send them), merged
    with the sheet as saved now (SheetMerge). Reads under the sheet's row lock: a save under way elsewhere holds it
    until its scores are written too, so the version and the values read here belong together."""
    with transaction.atomic():
        now = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
        scores = {score.criterion_id: score for score in Score.objects.filter(sheet=now)}
    registration = sheet.item.registration
    structure = cached_scorecard_structure(registration.scorecard_id, registration.case_variant)
    saved = sheet_fields(structure=structure, sheet=now, scores=scores)
    typed = _page_fields(structure, data)
    moved = version is None or now.version != version
    draft = now.status == SheetStatus.DRAFT
    merge = SheetMerge(now.version, moved, draft, saved, page=typed, taken=[], conflicts={})
    if not moved:  # nothing changed elsewhere: the page is the sheet, as it holds it
        return merge
    loaded = _page_fields(structure, base) if base is not None and version is not None else None
    merge.page = dict(saved)
    for name, value in typed.items():
        if loaded is not None and same_value(value, loaded[name]):  # left as loaded: what is saved stands
            if draft and not same_value(saved[name], value):
                merge.taken.append(name)
            continue
        if draft:
            merge.page[name] = value
        # A locked sheet keeps nothing of the page: everything it changed and the sheet does not hold is named.
        changed_there = not draft or loaded is None or not same_value(saved[name], loaded[name])
        if changed_there and not same_value(saved[name], value):
            merge.conflicts[name] = _conflict_text(structure, name, saved[name], value, draft=draft)
    return merge


def _conflict_text(structure, name: str, saved, typed, *, draft: bool) -> str:
    """A conflict as the member reads it beside the field: the saved value, then the page's."""
    if draft:
        text = _("Bản đã lưu ở thẻ/thiết bị khác: “%(saved)s”. Trang này: “%(typed)s”.")
    else:
        text = _("Bản đã nộp: “%(saved)s”. Trang này (chưa được lưu): “%(typed)s”.")

    def label(value) -> str:
        if name == "knocked_out":
            return _("Có") if value else _("Không")
        if name.startswith("c") and name[1:].isdigit():
            return _choice_text(structure.criteria[int(name[1:])], value, structure)
        return _text(value)

    return text % {"saved": label(saved), "typed": label(typed)}


def _choice_text(criterion, value: str, structure) -> str:
    """A choice as the member reads it on the sheet: the option's words and points, "Có", "(chưa chọn)"…"""
    if value == "":
        return _("(chưa chọn)")
    if value in ("yes", "no") and criterion.is_yes_no:
        return _("Có") if value == "yes" else _("Không")
    if value == NONE_CHOICE:
        return str(NOTHING_MET)
    option = structure.options.get(parse_pk(value))
    if option is None or option.criterion_id != criterion.pk:
        return _text(value)
    return f"{_text(option.text)} ({option.points} {_('điểm')})"


def _text(value) -> str:
    text = " ".join(str(value or "").split())
    if not text:
        return _("(trống)")
    return text if len(text) <= 120 else f"{text[:119]}…"


# ---------------------------------------------------------------- sheets


@dataclass
class SheetInput:
    """What the member chose: criterion id → option id, "yes"/"no" (yes/no criteria), "none" or None."""

    choices: dict[int, str | int | None]
    comments: dict[int, str]
    comment: str = ""
    knocked_out: bool = False
    knockout_reason: str = ""


def _choice(structure, criterion, value: str):
    """(option, points) of a choice as the sheet's form sends it (an option id, "yes"/"no", NONE_CHOICE) on
    `criterion`, before the conditional criteria are counted; None when it is no choice of that criterion."""
    if criterion.is_yes_no and value == "yes":
        return None, criterion.max_points
    if value == NONE_CHOICE or (criterion.is_yes_no and value == "no"):
        return None, 0
    option = structure.options.get(parse_pk(value))
    if option is None or option.criterion_id != criterion.pk:
        return None
    return option, option.points


def _chosen_points(structure, choices) -> tuple[dict[int, int], dict[int, int | None]]:
    """The points of each criterion `choices` answers (criterion id → the choice as the form sends it; a blank or
    foreign one answers nothing), before the conditional criteria are counted, and their conditions."""
    points, conditions = {}, {}
    for cid, value in choices.items():
        criterion, value = structure.criteria.get(parse_pk(cid)), str(value or "").strip()
        chosen = _choice(structure, criterion, value) if criterion is not None and value else None
        if chosen is not None:
            points[criterion.pk], conditions[criterion.pk] = chosen[1], criterion.applies_if_id
    return points, conditions


def criteria_not_asked(*, structure, choices) -> set[int]:
    """The criteria a sheet holding `choices` needs no answer for (star_rule.not_applicable): a conditional one
    whose condition is answered with 0 ("Chỉ áp dụng khi có câu chuyện sản phẩm": no story in 5.1, no 5.2)."""
    points, _conditions = _chosen_points(structure, choices)
    return not_applicable(points, {cid: c.applies_if_id for cid, c in structure.criteria.items()})


def sheet_page_totals(*, structure, choices: dict[int, str]) -> tuple[dict[str, int], int]:
    """The part totals (part letter → points) and the total of a sheet holding `choices` (criterion id → the
    choice as the form sends it; a blank or foreign one counts nothing), counted as a save counts them
    (star_rule.counted_points): what a sheet page shows before it is saved, or without JavaScript."""
    points, conditions = _chosen_points(structure, choices)
    parts = {part.letter: 0 for part in structure.parts}
    counted = counted_points(points, conditions)
    for cid, value in counted.items():
        parts[structure.part_of[cid]] += value
    return parts, sum(counted.values())


def _resolve(sheet: ScoreSheet, data: SheetInput):
    """Validate the choices against the registration's scorecard. Returns the structure and the Score rows: one per
    answered criterion, plus comment-only rows (answered=False) for criteria commented on but not yet chosen."""
    # no control, zero-width or bidi-override characters: the comments are printed in the minutes and exports
    reject_unsafe_text(data.comment, data.knockout_reason, *data.comments.values())
    registration = sheet.item.registration
    structure = cached_scorecard_structure(registration.scorecard_id, registration.case_variant)
    comments = {int(k): (v or "").strip() for k, v in data.comments.items() if int(k) in structure.criteria}
    scores: dict[int, Score] = {}
    errors = {}
    for criterion_id, raw in data.choices.items():
        criterion = structure.criteria.get(int(criterion_id))
        if criterion is None:
            errors[f"c{criterion_id}"] = _("Tiêu chí không thuộc phiếu đánh giá này.")
            continue
        value = "" if raw is None else str(raw).strip()
        if value == "":
            continue
        chosen = _choice(structure, criterion, value)
        if chosen is None:
            errors[f"c{criterion_id}"] = _("Phương án không hợp lệ.")
            continue
        option, points = chosen
        scores[criterion.pk] = Score(
            sheet=sheet, criterion=criterion, option=option, points=points, comment=comments.get(criterion.pk, "")
        )
    if errors:
        raise ValidationError(errors)
    counted = counted_points(
        {cid: score.points for cid, score in scores.items()},
        {cid: score.criterion.applies_if_id for cid, score in scores.items()},
    )
    for cid, score in scores.items():
        score.points = counted[cid]
    comment_only = [
        Score(sheet=sheet, criterion_id=cid, points=0, comment=text, answered=False)
        for cid, text in comments.items()
        if text and cid not in scores
    ]
    return structure, [*scores.values(), *comment_only]


def _checked(sheet: ScoreSheet, data: SheetInput):
    """_resolve's structure and rows, and the reason of a proposal to knock the product out, which it needs."""
    structure, rows = _resolve(sheet, data)
    knockout_reason = (data.knockout_reason or "").strip()
    if data.knocked_out and not knockout_reason:
        raise ValidationError({"knockout_reason": _("Cần nêu lý do loại hồ sơ.")})
    return structure, rows, knockout_reason


def write_sheet(*, sheet: ScoreSheet, version: int, data: SheetInput) -> ScoreSheet:
    """Optimistic locking: the update only happens if nobody changed the sheet since `version` was read. Only the
    choices that changed are written (an autosave usually carries one new click among 32 choices)."""
    structure, rows, knockout_reason = _checked(sheet, data)
    total = Decimal(sum(row.points for row in rows))
    # Phụ lục II: the stops these scores state (a 0 on a set 16 sensory indicator, "Có tạp chất"…).
    answers = {row.criterion_id: (row.option_id, row.points) for row in rows if row.answered}
    stops = stops_stated(structure.autostops, answers)
    fields = {
        "version": version + 1,
        "total": total,
        "stops": stops,
        "comment": (data.comment or "").strip(),
        "knocked_out": data.knocked_out,
        "knockout_reason": knockout_reason if data.knocked_out else "",
        "updated_at": timezone.now(),
    }
    # "No result yet" (guard_item_open) is part of the compare-and-swap: one query less on every autosave, and a
    # result recorded meanwhile can no longer slip in between the check and the write.
    moved = (
        ScoreSheet.objects.filter(pk=sheet.pk, version=version, status=SheetStatus.DRAFT)
        .filter(~Exists(CouncilResult.objects.filter(item_id=sheet.item_id)))
        .update(**fields)
    )
    if moved != 1:
        guard_item_open(sheet.item)  # the result's own message when that is why
        if ScoreSheet.objects.filter(pk=sheet.pk, status=SheetStatus.SUPERSEDED).exists():
            # Set aside (a late recusal, no written opinion recorded): not a change in another tab.
            raise ValidationError(SET_ASIDE_MESSAGE, code="set_aside")
        raise StaleSheet()
    _write_changed_scores(sheet=sheet, rows=rows)
    for name, value in fields.items():  # what the UPDATE wrote, without reading the row back
        setattr(sheet, name, value)
    sheet._answered = {row.criterion_id for row in rows if row.answered}
    sheet._structure = structure
    return sheet


SCORE_FIELDS = ("option", "points", "comment", "answered")


def _write_changed_scores(*, sheet: ScoreSheet, rows: list[Score]) -> None:
    """Bring the sheet's Score rows to `rows`: insert the new criteria, update the changed ones, delete the
    criteria no longer answered or commented. At most four queries, none when nothing changed."""
    existing = {s.criterion_id: s for s in Score.objects.filter(sheet=sheet)}
    wanted = {row.criterion_id: row for row in rows}
    changed = []
    for cid, row in wanted.items():
        old = existing.get(cid)
        if old is None:
            continue
        if (old.option_id, old.points, old.comment, old.answered) != (
            row.option_id,
            row.points,
            row.comment,
            row.answered,
        ):
            old.option_id, old.points, old.comment, old.answered = row.option_id, row.points, row.comment, row.answered
            changed.append(old)
    gone = [s.pk for cid, s in existing.items() if cid not in wanted]
    if gone:
        Score.objects.filter(pk__in=gone).delete()
    if len(changed) == 1:  # the usual autosave, one new click: a plain UPDATE, not bulk_update's CASE per field
        one = changed[0]
        Score.objects.filter(pk=one.pk).update(
            option_id=one.option_id, points=one.points, comment=one.comment, answered=one.answered
        )
    elif changed:
        Score.objects.bulk_update(changed, SCORE_FIELDS)
    new = [row for cid, row in wanted.items() if cid not in existing]
    if new:
        Score.objects.bulk_create(new)


# An autosave is audited at most once per sheet in this many seconds (and every submit, reopen and finalisation
# always): a member clicking through 32 criteria wrote 32 audit rows before (issue 15).
AUTOSAVE_AUDIT_SECONDS = 300


@transaction.atomic
def scoresheet_save(
    *, sheet: ScoreSheet, version: int, data: SheetInput, by: User, base: SheetInput | None = None
) -> ScoreSheet:
    """Save a draft from a page loaded at `version`. Without `base` the page is written only if the sheet is still at
    `version`: StaleSheet otherwise, and nothing is overwritten. With `base`, what the page was loaded with or last
    saved (the form sends it back, and so does the autosave), a sheet changed elsewhere meanwhile is merged with the
    page field by field (scoresheet_merge): what only the page changed is written, what only the other tab or device
    changed stays as saved, both in one write under the sheet's lock and compare-and-swap; a field both changed
    differently is the member's to decide, so StaleSheet with nothing written and the merge (the page then shows
    the conflicts). The sheet returned carries what it kept from elsewhere: `kept_from_elsewhere` (the names) and
    `kept_values` (name → the value saved, which the page now shows)."""
    _guard_session_not_closed(sheet.item)  # and no result yet: checked by write_sheet's UPDATE itself
    merge = None
    if base is not None and sheet.version != version:  # saved elsewhere since the page's version: merge first
        data, version, merge = _merge_or_refuse(sheet=sheet, data=data, version=version, base=base)
    try:
        sheet = write_sheet(sheet=sheet, version=version, data=data)
    except StaleSheet:
        # Saved elsewhere between reading the sheet and the write (an autosave usually arrives at the sheet's version,
        # so it is not merged beforehand): merged now, under the lock, and written once.
        if base is None or merge is not None:
            raise
        data, version, merge = _merge_or_refuse(sheet=sheet, data=data, version=version, base=base)
        sheet = write_sheet(sheet=sheet, version=version, data=data)
    taken = merge.taken if merge is not None else []
    # A save that kept what another tab or device had saved is always recorded, with what it kept.
    if taken or cache.add(f"scoresheet-audit:{sheet.pk}", sheet.version, timeout=AUTOSAVE_AUDIT_SECONDS):
        changes = {"version": sheet.version, "total": str(sheet.total)}
        if taken:
            changes["kept_from_elsewhere"] = taken
        audit_record(actor=by, action="scoresheet.save", target=sheet, changes=changes)
    sheet.kept_from_elsewhere = taken
    sheet.kept_values = {name: merge.page[name] for name in taken}
    return sheet


def _merge_or_refuse(
    *, sheet: ScoreSheet, data: SheetInput, version: int, base: SheetInput
) -> tuple[SheetInput, int, SheetMerge | None]:
    """What scoresheet_save writes from a page loaded at `version` with `base`: the page merged with the sheet as saved
    now, at its version, and the merge; StaleSheet (with the merge) when both changed a field differently. A page at
    the sheet's version, or of a sheet no longer a draft (refused by the write itself, with its own message), as it
    is."""
    merge = scoresheet_merge(sheet=sheet, data=data, version=version, base=base)
    if not (merge.moved and merge.draft):
        return data, version, None
    merged = _input_of(data, merge.page)
    if merge.conflicts:
        _checked(sheet, merged)  # a mistake on the page is told together with the conflicts
        raise StaleSheet(merge=merge)
    return merged, merge.version, merge


def _guard_session_not_closed(item: AgendaItem) -> None:
    if ended := session_ended(item.session.status):
        raise ValidationError(ended)


def guard_item_open(item: AgendaItem) -> None:
    _guard_session_not_closed(item)
    if CouncilResult.objects.filter(item_id=item.pk).exists():
        raise ValidationError(_("Hồ sơ đã có kết quả của Hội đồng."))
