"""Council pages of one member: the conflict-of-interest declaration and the scoring sheet (edit, autosave,
submit, reopen). Views only call the chokepoints (permissions), the selectors and the services."""

import copy
import functools
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ocop.forms import add_service_errors, parse_pk
from ocop.permissions import can_write

from ..choices import SheetStatus
from ..forms.councils import (
    ConflictForm,
    ReopenForm,
)
from ..models.results import CouncilResult
from ..permissions import councils as perms
from ..selectors import councils as sel
from ..selectors.council_people import item_province_scorers
from ..selectors.sheet_structure import cached_scorecard_structure
from ..services import conflicts, sheet_submission
from ..services import scoresheets as svc

# ---------------------------------------------------------------- conflict of interest and the sheet


def _own_member(request, item):
    """The user's membership of the item's council, carrying `assignment`, theirs for the item: 404 when they are not
    assigned, 403 for a read-only user."""
    member = perms.membership(request.user, item.session.council)
    assignment = item.assignments.filter(member=member).first() if member is not None else None
    if assignment is None:
        raise Http404
    if not can_write(request.user):
        raise PermissionDenied
    member.assignment = assignment
    return member


def _set_aside(request, item, assignment):
    """The sheet page of a member recorded as giving no opinion (services.conflicts.no_opinion_record): their sheet is
    set aside, counted nowhere, so the page says so and holds no form. Whatever a page still open sends (a save, a
    submit) is refused: 403, nothing written."""
    refused = request.method == "POST"
    context = {"item": item, "assignment": assignment, "refused": refused}
    return render(request, "evaluation/sheet_set_aside.html", context, status=403 if refused else 200)


@login_required
@require_POST
def conflict_declare(request, pk):
    item = perms.get_item_for_user(request.user, pk)
    member = _own_member(request, item)
    if member.assignment.no_opinion_at is not None:
        return _set_aside(request, item, member.assignment)
    form = ConflictForm(request.POST)
    if form.is_valid():
        try:
            conflicts.conflict_declare(item=item, member=member, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if form.cleaned_data["has_conflict"]:
                messages.info(request, _("Bạn đã tự nguyện không tham gia đánh giá hồ sơ này."))
                return redirect("evaluation:session_detail", item.session_id)
            return redirect("evaluation:sheet_edit", item.pk)
    return render(
        request,
        "evaluation/sheet_declare.html",
        _declare_context(item, member, form),
        status=400,
    )


def _declare_context(item, member, form) -> dict:
    """The declaration page; a central council's member who scored the product at the province is reminded of it
    (a conflict to weigh, not a bar: council_people)."""
    scored = item_province_scorers(council=item.session.council, items=[item], members=[member])
    return {"item": item, "form": form, "scored_on": scored.get(item.pk, {}).get(member.pk)}


def _sheet_input(post) -> svc.SheetInput:
    choices, comments = {}, {}
    for key, value in post.items():
        if key.startswith("c") and parse_pk(key[1:]) is not None:
            choices[parse_pk(key[1:])] = value
        elif key.startswith("note") and parse_pk(key[4:]) is not None:
            comments[parse_pk(key[4:])] = value
    return svc.SheetInput(
        choices=choices,
        comments=comments,
        comment=post.get("comment", ""),
        knocked_out=post.get("knocked_out") in {"on", "1", "true"},
        knockout_reason=post.get("knockout_reason", ""),
    )


BASE_PREFIX = "initial-"  # the value the page was loaded with, beside each field (as Django's show_hidden_initial)


def _sheet_base(post) -> svc.SheetInput | None:
    """What the posted page was loaded with (the `initial-` fields beside each of its fields); None when it sent
    none (a script's post, a page older than them)."""
    base = {key.removeprefix(BASE_PREFIX): value for key, value in post.items() if key.startswith(BASE_PREFIX)}
    return _sheet_input(base) if base else None


def _version(post) -> int:
    try:
        return int(post.get("version", ""))
    except ValueError:
        raise ValidationError(_("Thiếu phiên bản của phiếu.")) from None


def _page_version(post, sheet) -> int | None:
    """The version of `sheet` the posted page was loaded at; None when not known (a post without it, or a page of
    another sheet: the item has moved to a new scoring round since)."""
    if parse_pk(post.get("sheet")) not in (None, sheet.pk):
        return None
    return parse_pk(post.get("version"))


def _page_base(post, sheet) -> svc.SheetInput | None:
    """What the posted page was loaded with, when it was a page of `sheet`."""
    if parse_pk(post.get("sheet")) not in (None, sheet.pk):
        return None
    return _sheet_base(post)


def _label_cases(criterion) -> None:
    """Set 26: put the "Trường hợp 1/2" heading (from the criterion's notes) before the first option of each case."""
    current = None
    headings = {}
    for line in (criterion.notes or "").split("\n"):
        line = line.strip()
        if line[:2] in ("a.", "b.") and "Trường hợp" in line:
            headings[1 if line[0] == "a" else 2] = line[2:].strip()
    for option in criterion.option_list:
        option.case_heading = ""
        if option.case_variant and option.case_variant != current:
            current = option.case_variant
            option.case_heading = headings.get(current) or _("Trường hợp %(n)s") % {"n": current}


def _annotatable_copy(shared):
    """A copy of the process's shared structure whose parts, groups, criteria and options this page may annotate
    (the member's choices, the case headings); what they point to is only read and stays shared. A deep copy of the
    whole structure cost a sixth of the page (issue 15)."""
    structure = copy.copy(shared)
    structure.parts = []
    for shared_part in shared.parts:
        part = copy.copy(shared_part)
        part.group_list = []
        for shared_group in shared_part.group_list:
            group = copy.copy(shared_group)
            group.criterion_list = []
            for shared_criterion in shared_group.criterion_list:
                criterion = copy.copy(shared_criterion)
                criterion.option_list = [copy.copy(option) for option in shared_criterion.option_list]
                group.criterion_list.append(criterion)
            part.group_list.append(group)
        structure.parts.append(part)
    return structure


def _sheet_context(item, sheet, *, merge=None, errors=None, unanswered=False):
    """The sheet page: the sheet as saved, or as a refused form left it (`merge`, svc.scoresheet_merge: the page's
    own changes over what is saved, the form going on from the version and the values saved now). Next to each
    field both changed, what is saved against what the page holds, and the list of them at the top; a quiet word
    next to each field the page now shows as another tab or device saved it. `unanswered`: a submission was refused
    for criteria without a choice, each of which says so beside its options."""
    registration = item.registration
    structure = _annotatable_copy(cached_scorecard_structure(registration.scorecard_id, registration.case_variant))
    if merge is None:
        page = base = svc.sheet_fields(structure=structure, sheet=sheet, scores=sel.sheet_scores(sheet=sheet))
    else:  # a locked sheet's merge holds it as submitted
        page, base = merge.page, merge.saved
    differs = merge.conflicts if merge is not None else {}
    taken = set(merge.taken) if merge is not None else set()
    differing, kept, shown = [], [], {}
    # Not asked: a conditional criterion whose condition scores 0 on the page (5.2 with no story in 5.1).
    not_asked = svc.criteria_not_asked(
        structure=structure, choices={cid: page[f"c{cid}"] for cid in structure.criteria}
    )
    for part in structure.parts:
        for group in part.group_list:
            for criterion in group.criterion_list:
                _label_cases(criterion)
                choice, note = f"c{criterion.pk}", f"note{criterion.pk}"
                criterion.chosen, criterion.note = page[choice], page[note]
                criterion.base_chosen, criterion.base_note = base[choice], base[note]
                shown[criterion.pk] = criterion.chosen
                criterion.conflicts = [differs[choice]] if choice in differs else []
                criterion.note_conflicts = [differs[note]] if note in differs else []
                criterion.taken = choice in taken or note in taken
                criterion.not_asked = criterion.pk in not_asked
                criterion.unanswered = unanswered and not criterion.chosen and not criterion.not_asked
                entry = (f"criterion-{criterion.pk}", f"{criterion.number} {criterion.title}")
                if criterion.conflicts or criterion.note_conflicts:
                    differing.append(entry)
                elif criterion.taken:
                    kept.append(entry)
    sheet_fields = {
        "knocked_out": _("Đề nghị Hội đồng loại hồ sơ"),
        "knockout_reason": _("Lý do đề nghị loại"),
        "comment": _("Ý kiến của người đánh giá"),
    }
    differing += [(name, label) for name, label in sheet_fields.items() if name in differs]
    kept += [(name, label) for name, label in sheet_fields.items() if name in taken]
    parts_max = {p.letter: p.max_points for p in structure.parts}
    locked = sheet.status != SheetStatus.DRAFT
    # The totals of what the page shows (saved, or as the refused form left it), as a save would count them: the
    # page without JavaScript shows them as they are; with it, scoresheet.js counts them again on every click.
    part_totals, total = svc.sheet_page_totals(structure=structure, choices=shown)
    for part in structure.parts:
        part.page_total = part_totals[part.letter]
    return {
        "item": item,
        "sheet": sheet,
        "version": sheet.version if merge is None else merge.version,
        "changed_elsewhere": merge is not None and merge.moved,
        "differs": {name: [differs[name]] for name in sheet_fields if name in differs},
        "differing": differing,
        "kept": kept,
        "taken": [name for name in sheet_fields if name in taken],
        "structure": structure,
        "parts_max": parts_max,
        "page_total": total,
        "locked": locked,
        # What the locked sheet's banner says: who can reopen it, or why no one can any more.
        "reopen_refusal": sheet_submission.scoresheet_reopen_refusal(sheet=sheet, item=item) if locked else None,
        "errors": errors or [],
        "comment": page["comment"],
        "knocked_out": page["knocked_out"],
        "knockout_reason": page["knockout_reason"],
        "base": base,
        "knockout_rules": structure.knockout_rules,
        "revisions": sheet.revisions.select_related("by"),
    }


# What a sheet form sent after the member's sign-in had ended (idle, signed out elsewhere), kept for them.
UNSENT_KEY = "scoresheet-unsent"
UNSENT_FIELD = re.compile(r"(initial-)?((c|note)\d{1,18}|comment|knocked_out|knockout_reason)|sheet|version")
UNSENT_MAX_FIELDS, UNSENT_MAX_CHARS = 1000, 20_000


def _login_keeping_the_sheet(view):
    """login_required, except that the sheet form sent once the member's sign-in has ended (idle, signed out in
    another tab; without JavaScript nothing told them before) is not dropped on the way to the sign-in page: what it
    held is kept in the browser's session, which signing in again keeps (django.contrib.auth.login keeps the data of
    a session without a user), and the sheet shows it again to its own member, unsaved (`_unsent`)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.method == "POST":
            fields = [(k, v) for k, v in request.POST.items() if UNSENT_FIELD.fullmatch(k)]
            request.session[UNSENT_KEY] = {
                "item": kwargs["pk"],
                "fields": {k: v[:UNSENT_MAX_CHARS] for k, v in fields[:UNSENT_MAX_FIELDS]},
            }
            messages.warning(
                request,
                _(
                    "Phiên đăng nhập đã hết nên phiếu chưa được lưu. Hãy đăng nhập lại: phiếu sẽ hiện lại với những gì "
                    "bạn vừa gửi để bạn lưu."
                ),
            )
        return redirect_to_login(request.get_full_path())

    return wrapper


def _unsent(request, item, member) -> dict | None:
    """The sheet form this member sent for `item` after their sign-in had ended, once (None if none). A form of
    someone else's sheet (another member signing in on the same browser) is dropped, never shown."""
    unsent = request.session.get(UNSENT_KEY)
    if not isinstance(unsent, dict) or unsent.get("item") != item.pk:
        return None
    del request.session[UNSENT_KEY]
    fields = unsent.get("fields") or {}
    sheet_pk = parse_pk(fields.get("sheet"))
    if sheet_pk is None or not item.sheets.filter(pk=sheet_pk, member=member).exists():
        return None
    return fields


@_login_keeping_the_sheet
@require_http_methods(["GET", "POST"])
def sheet_edit(request, pk):
    """GET: the declaration first, then the member's sheet. POST: the no-JavaScript save / submit."""
    item = perms.get_item_for_user(request.user, pk)
    member = _own_member(request, item)
    if member.assignment.no_opinion_at is not None:
        return _set_aside(request, item, member.assignment)
    declaration = item.declarations.filter(member=member).first()
    if declaration is None:
        if item.session.ended or CouncilResult.objects.filter(item=item).exists():
            messages.error(request, _("Hồ sơ không còn nhận phiếu chấm: phiên họp đã kết thúc hoặc đã có kết quả."))
            return redirect("evaluation:session_detail", item.session_id)
        return render(
            request,
            "evaluation/sheet_declare.html",
            _declare_context(item, member, ConflictForm()),
        )
    if declaration.has_conflict:
        raise Http404
    # The sheet once opened is read directly (the declaration was just checked); the service opens a new one.
    sheet = sel.current_sheet(item=item, member=member)
    if sheet is None:
        try:
            sheet = conflicts.scoresheet_open(item=item, member=member, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("evaluation:session_detail", item.session_id)
    if request.method == "POST":
        data = _sheet_input(request.POST)
        try:
            if parse_pk(request.POST.get("sheet")) not in (None, sheet.pk):
                # A page of the sheet of an earlier scoring round: its version says nothing about this one.
                raise svc.StaleSheet()
            version = _version(request.POST)
            if request.POST.get("action") == "submit":
                sheet_submission.scoresheet_submit_keeping(
                    sheet=sheet, version=version, data=data, base=_sheet_base(request.POST), by=request.user
                )
                messages.success(request, _("Đã nộp phiếu chấm."))
                return redirect("evaluation:session_detail", item.session_id)
            saved = svc.scoresheet_save(
                sheet=sheet, version=version, data=data, base=_sheet_base(request.POST), by=request.user
            )
            if saved.kept_from_elsewhere:
                messages.success(
                    request,
                    _(
                        "Đã lưu nháp. Phiếu đã được thay đổi ở thẻ/thiết bị khác ở những mục trang này không sửa: các "
                        "thay đổi đó được giữ nguyên."
                    ),
                )
            else:
                messages.success(request, _("Đã lưu nháp."))
            return redirect("evaluation:sheet_edit", item.pk)
        except ValidationError as exc:
            if getattr(exc, "kept", None) is not None:
                return _sheet_kept(request, item, exc)
            code = getattr(exc, "code", None)
            return _sheet_again(
                request, item, sheet, request.POST, exc.messages, stale=code == "stale", unanswered=code == "unanswered"
            )
    unsent = _unsent(request, item, member)
    if unsent is not None:
        message = _(
            "Phiên đăng nhập đã hết khi bạn gửi phiếu, nên phiếu chưa được lưu. Bên dưới là những gì bạn đã "
            "gửi: xem lại rồi bấm lưu."
        )
        return _sheet_again(request, item, sheet, unsent, [message], status=200)
    return render(request, "evaluation/sheet_edit.html", _sheet_context(item, sheet))


def _sheet_again(
    request, item, sheet, post, errors: list, *, stale: bool = False, status: int | None = None, unanswered=False
):
    """The sheet page again with what a form of it held (`post`), not saved: a save or submit refused (`errors`;
    `stale`: the sheet had changed), or a form sent after the sign-in ended. If the sheet has moved on from the
    version the page was loaded at (another tab or device saved or submitted it), the page is merged with it
    (svc.scoresheet_merge): it keeps what it changed, shows what the other saved where it changed nothing, marks
    each field both changed differently with both values, and goes on from the version now saved, so that saving
    again writes the member's decision on those, made having seen them, and a change made after that is merged or
    refused again. A sheet that is no longer a draft shows as it was submitted, the differences naming what the
    page changed."""
    merge = svc.scoresheet_merge(
        sheet=sheet, data=_sheet_input(post), version=_page_version(post, sheet), base=_page_base(post, sheet)
    )
    sheet.refresh_from_db()
    if stale and merge.moved:
        errors = []  # the page says it, and what to do
    context = _sheet_context(item, sheet, merge=merge, errors=errors, unanswered=unanswered and not merge.moved)
    if status is None:
        status = 409 if stale or merge.moved else 400
    return render(request, "evaluation/sheet_edit.html", context, status=status)


def _sheet_kept(request, item, refusal):
    """The sheet page after a submission refused for what it holds, whose page was kept as the draft
    (sheet_submission.scoresheet_submit_keeping): the sheet as now saved, going on from its version, the refusal at
    the top and each criterion still without a choice marked; what another tab or device had saved and the save
    kept is marked as such."""
    sheet = refusal.kept
    sheet.refresh_from_db()
    fields = svc.sheet_fields(
        structure=cached_scorecard_structure(item.registration.scorecard_id, item.registration.case_variant),
        sheet=sheet,
        scores=sel.sheet_scores(sheet=sheet),
    )
    merge = svc.SheetMerge(
        sheet.version, False, True, fields, page=fields, taken=list(sheet.kept_from_elsewhere), conflicts={}
    )
    errors = [*refusal.messages, _("Những lựa chọn bạn vừa gửi đã được lưu nháp; phiếu chưa được nộp.")]
    context = _sheet_context(item, sheet, merge=merge, errors=errors, unanswered=refusal.code == "unanswered")
    return render(request, "evaluation/sheet_edit.html", context, status=400)


@login_required
@require_POST
def sheet_autosave(request, pk):
    """JSON autosave of the member's own draft, merged as the form's own save is (svc.scoresheet_save with the values
    the page last saved, its `initial-` fields): 200 with the new version, and `taken`, what another tab saved that
    the page now shows. 409 when another tab changed a field the page changed too, differently: nothing written, and
    `conflicts` (name → both values), `saved` (every field as saved now) at `version`, so that the page goes on from
    there; a 409 without them (another tab submitted the sheet, a page sending no base) is to be reloaded."""
    sheet = perms.get_own_sheet_for_user(request.user, pk)
    try:
        sheet = svc.scoresheet_save(
            sheet=sheet,
            version=_version(request.POST),
            data=_sheet_input(request.POST),
            base=_sheet_base(request.POST),
            by=request.user,
        )
    except ValidationError as exc:
        if getattr(exc, "code", None) != "stale":
            return JsonResponse({"ok": False, "errors": exc.messages}, status=400)
        body = {"ok": False, "errors": exc.messages}
        merge = getattr(exc, "merge", None)
        if merge is not None:
            body |= {
                "version": merge.version,
                "conflicts": merge.conflicts,
                "saved": merge.saved,
                "taken": {name: merge.page[name] for name in merge.taken},
            }
        return JsonResponse(body, status=409)
    body = {"ok": True, "version": sheet.version, "total": float(sheet.total)}
    if sheet.kept_values:
        body["taken"] = sheet.kept_values
    return JsonResponse(body)


@login_required
@require_POST
def sheet_submit(request, pk):
    sheet = perms.get_own_sheet_for_user(request.user, pk)
    assignment = sheet.item.assignments.filter(member=sheet.member).first()
    if assignment is not None and assignment.no_opinion_at is not None:
        return _set_aside(request, sheet.item, assignment)
    try:
        sheet_submission.scoresheet_submit_keeping(
            sheet=sheet,
            version=_version(request.POST),
            data=_sheet_input(request.POST),
            base=_sheet_base(request.POST),
            by=request.user,
        )
    except ValidationError as exc:
        if getattr(exc, "kept", None) is not None:
            return _sheet_kept(request, sheet.item, exc)
        code = getattr(exc, "code", None)
        return _sheet_again(
            request,
            sheet.item,
            sheet,
            request.POST,
            exc.messages,
            stale=code == "stale",
            unanswered=code == "unanswered",
        )
    messages.success(request, _("Đã nộp phiếu chấm."))
    return redirect("evaluation:session_detail", sheet.item.session_id)


@login_required
@require_POST
def sheet_reopen(request, pk):
    sheet = perms.get_sheet_for_chair(request.user, pk)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần nêu lý do mở lại phiếu."))
        return redirect("evaluation:session_detail", sheet.item.session_id)
    try:
        sheet_submission.scoresheet_reopen(sheet=sheet, reason=form.cleaned_data["reason"], by=request.user)
        messages.success(request, _("Đã mở lại phiếu; bản đã nộp được lưu lại."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("evaluation:session_detail", sheet.item.session_id)
