"""Council pages: councils, sessions, the conflict declaration, the scoring sheet, results, minutes and export.
Views only call the chokepoints (permissions), the selectors and the services."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ocop import xlsx
from ocop.confirm import confirm_page, is_confirmed
from ocop.downloads import download_response
from ocop.forms import add_service_errors, parse_pk
from ocop.permissions import can_write
from products.selectors import audit_history_for

from ..choices import RegistrationStatus, SessionStatus, SheetStatus
from ..forms.councils import (
    AgendaAddForm,
    ConflictForm,
    CouncilForm,
    CouncilMemberForm,
    DiscussionForm,
    FindingForm,
    ReopenForm,
    SessionForm,
)
from ..models.councils import AgendaItem, CouncilResult
from ..models.registrations import Registration
from ..permissions import councils as perms
from ..selectors import councils as sel
from ..services import councils as svc
from ..services import results


def _errors(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


# ---------------------------------------------------------------- councils


@login_required
@require_GET
def council_list(request):
    return render(
        request,
        "evaluation/council_list.html",
        {
            "councils": sel.council_list(user=request.user),
            "can_create": can_write(request.user)
            and request.user.role in {"province_officer", "central_officer", "admin"},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def council_create(request):
    if not can_write(request.user) or request.user.role not in {
        "province_officer",
        "central_officer",
        "admin",
    }:
        raise PermissionDenied
    form = CouncilForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        unit = request.user.unit if request.user.role == "province_officer" else None
        try:
            council = svc.council_create(by=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thành lập Hội đồng."))
            return redirect("evaluation:council_detail", council.pk)
    return render(request, "evaluation/council_form.html", {"form": form})


@login_required
@require_GET
def council_detail(request, pk):
    council = perms.get_council_for_user(request.user, pk)
    manager = perms.is_manager(request.user, council)
    return render(
        request,
        "evaluation/council_detail.html",
        {
            "council": council,
            "members": sel.council_members(council=council),
            "sessions": sel.council_sessions(council=council, user=request.user),
            "can_manage": manager,
            "member_form": CouncilMemberForm(council=council) if manager else None,
        },
    )


@login_required
@require_POST
def council_member_add(request, pk):
    council = perms.get_council_for_user(request.user, pk, write=True)
    form = CouncilMemberForm(request.POST, council=council)
    if form.is_valid():
        try:
            svc.council_member_add(council=council, by=request.user, **form.cleaned_data)
            messages.success(request, _("Đã thêm thành viên."))
        except ValidationError as exc:
            messages.error(request, " ".join(_errors(exc)))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("evaluation:council_detail", council.pk)


@login_required
@require_POST
def council_member_deactivate(request, pk, member_pk):
    council = perms.get_council_for_user(request.user, pk, write=True)
    member = get_object_or_404(council.members.select_related("user"), pk=member_pk)
    try:
        svc.council_member_deactivate(member=member, by=request.user)
        messages.success(request, _("%(name)s đã thôi tham gia Hội đồng.") % {"name": member.user})
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
    return redirect("evaluation:council_detail", council.pk)


# ---------------------------------------------------------------- sessions


@login_required
@require_GET
def session_list(request):
    return render(
        request,
        "evaluation/session_list.html",
        {
            "sessions": sel.session_list(user=request.user),
            "pending": sel.pending_sheets_count(user=request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request, pk):
    council = perms.get_council_for_user(request.user, pk, write=True)
    form = SessionForm(request.POST or None, council=council)
    if request.method == "POST" and form.is_valid():
        try:
            session = svc.session_create(council=council, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã tạo phiên họp."))
            return redirect("evaluation:session_detail", session.pk)
    return render(request, "evaluation/session_form.html", {"form": form, "council": council})


@login_required
@require_GET
def session_detail(request, pk):
    session = perms.get_session_for_user(request.user, pk)
    council = session.council
    runs = perms.is_manager(request.user, council) or perms.leads_session(request.user, council)
    overview = sel.session_overview(user=request.user, session=session)
    chair = perms.is_chair(request.user, council)
    rules = sel.knockout_rules_for(states=overview["states"]) if chair else {}
    divergent = sel.divergent_criteria(states=overview["states"])
    for state in overview["states"]:
        # The chair's procedure: what differs most when a round must be discussed, the rules a finding may cite.
        state.divergent = divergent.get(state.item.pk, [])
        state.rules = rules.get(state.item.registration.scorecard_id, [])
    return render(
        request,
        "evaluation/session_detail.html",
        {
            **overview,
            "runs": runs,
            "is_chair": chair,
            "whole": perms.sees_whole_session(request.user, council),
            "add_form": AgendaAddForm(user=request.user, council=council, session=session) if runs else None,
            "reopen_form": ReopenForm(),
            "history": audit_history_for(user=request.user, target=session),
        },
    )


@login_required
@require_POST
def session_item_add(request, pk):
    session = perms.get_session_for_user(request.user, pk, write=True)
    form = AgendaAddForm(request.POST, user=request.user, council=session.council, session=session)
    if form.is_valid():
        try:
            svc.session_add_registration(
                session=session,
                registration=form.cleaned_data["registration"],
                by=request.user,
            )
            messages.success(request, _("Đã đưa hồ sơ vào chương trình phiên họp."))
        except ValidationError as exc:
            messages.error(request, " ".join(_errors(exc)))
    else:
        messages.error(request, _("Hãy chọn một hồ sơ hợp lệ."))
    return redirect("evaluation:session_detail", session.pk)


@login_required
@require_POST
def session_attendance(request, pk):
    session = perms.get_session_for_user(request.user, pk, write=True)
    present = {parse_pk(v) for v in request.POST.getlist("present")} - {None}
    try:
        svc.session_set_attendance(session=session, present_member_ids=present, by=request.user)
        messages.success(request, _("Đã cập nhật điểm danh."))
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
    return redirect("evaluation:session_detail", session.pk)


@login_required
@require_POST
def session_close(request, pk):
    session = perms.get_session_for_user(request.user, pk, write=True)
    if not is_confirmed(request):
        pending = session.items.filter(result__isnull=True).count()
        consequences = [_("Phiếu chấm của phiên họp không sửa được nữa; biên bản ghi thời điểm kết thúc.")]
        if pending:
            consequences.append(
                _("%(n)d sản phẩm chưa có kết quả sẽ chờ một phiên họp sau.") % {"n": pending},
            )
        return confirm_page(
            request,
            title=_("Kết thúc phiên họp"),
            consequences=consequences,
            submit=_("Xác nhận kết thúc phiên họp"),
            cancel_url=reverse("evaluation:session_detail", args=[session.pk]),
        )
    try:
        svc.session_close(session=session, by=request.user)
        messages.success(request, _("Đã kết thúc phiên họp."))
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
    return redirect("evaluation:session_detail", session.pk)


@login_required
@require_POST
def item_assign(request, pk):
    item = perms.get_item_for_user(request.user, pk, write=True)
    members = {parse_pk(v) for v in request.POST.getlist("members")} - {None}
    try:
        svc.item_assign_members(item=item, member_ids=members, by=request.user)
        messages.success(request, _("Đã cập nhật phân công."))
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
    return redirect("evaluation:session_detail", item.session_id)


def _item_for_chair(request, pk):
    """The chair's acts on an item (result, discussion, finding): 404 for outsiders, 403 for everyone but the chair."""
    item = perms.get_item_for_user(request.user, pk)
    if not perms.is_chair(request.user, item.session.council):
        raise PermissionDenied
    return item


@login_required
@require_POST
def item_finalise(request, pk):
    item = _item_for_chair(request, pk)
    try:
        results.item_finalise(item=item, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
        return redirect("evaluation:session_detail", item.session_id)
    messages.success(request, _("Đã có kết quả của Hội đồng."))
    return redirect("evaluation:result_detail", item.pk)


@login_required
@require_POST
def item_discuss(request, pk):
    item = _item_for_chair(request, pk)
    form = DiscussionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần ghi nội dung thảo luận."))
        return redirect("evaluation:session_detail", item.session_id)
    try:
        results.item_discuss(item=item, note=form.cleaned_data["note"], by=request.user)
        messages.success(request, _("Đã ghi biên bản thảo luận; các thành viên chấm lại."))
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
    return redirect("evaluation:session_detail", item.session_id)


@login_required
@require_POST
def finding_record(request, pk):
    item = _item_for_chair(request, pk)
    form = FindingForm(request.POST, item=item)
    if not form.is_valid():
        messages.error(request, _("Cần chọn căn cứ loại, nêu chứng cứ và lý do."))
        return redirect("evaluation:session_detail", item.session_id)
    try:
        results.finding_record(item=item, by=request.user, **form.cleaned_data)
        messages.success(request, _("Đã ghi nhận kết luận loại hồ sơ của Hội đồng."))
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
    return redirect("evaluation:session_detail", item.session_id)


# ---------------------------------------------------------------- conflict of interest and the sheet


def _own_member(request, item):
    member = perms.membership(request.user, item.session.council)
    if member is None or not item.assignments.filter(member=member).exists():
        raise Http404
    if not can_write(request.user):
        raise PermissionDenied
    return member


@login_required
@require_POST
def conflict_declare(request, pk):
    item = perms.get_item_for_user(request.user, pk)
    member = _own_member(request, item)
    form = ConflictForm(request.POST)
    if form.is_valid():
        try:
            svc.conflict_declare(item=item, member=member, by=request.user, **form.cleaned_data)
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
        {"item": item, "form": form},
        status=400,
    )


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


def _version(post) -> int:
    try:
        return int(post.get("version", ""))
    except ValueError:
        raise ValidationError(_("Thiếu phiên bản của phiếu.")) from None


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


def _sheet_context(item, sheet, *, posted=None, errors=None):
    registration = item.registration
    # The process's shared copy, deep-copied: this page sets the member's choices on its criteria.
    structure = copy.deepcopy(sel.cached_scorecard_structure(registration.scorecard_id, registration.case_variant))
    scores = sel.sheet_scores(sheet=sheet)
    for part in structure.parts:
        for group in part.group_list:
            for criterion in group.criterion_list:
                _label_cases(criterion)
                score = scores.get(criterion.pk)
                if posted is not None:
                    chosen = posted.get(f"c{criterion.pk}", "")
                    note = posted.get(f"note{criterion.pk}", "")
                elif score is None or not score.answered:
                    chosen, note = "", score.comment if score else ""
                elif criterion.is_yes_no:
                    chosen, note = ("yes" if score.points else "no"), score.comment
                else:
                    chosen, note = (
                        (str(score.option_id) if score.option_id else svc.NONE_CHOICE),
                        score.comment,
                    )
                criterion.chosen, criterion.note = chosen, note
    parts_max = {p.letter: p.max_points for p in structure.parts}
    return {
        "item": item,
        "sheet": sheet,
        "structure": structure,
        "parts_max": parts_max,
        "locked": sheet.status != SheetStatus.DRAFT,
        "errors": errors or [],
        "comment": posted.get("comment", "") if posted is not None else sheet.comment,
        "knocked_out": (posted.get("knocked_out") == "on") if posted is not None else sheet.knocked_out,
        "knockout_reason": posted.get("knockout_reason", "") if posted is not None else sheet.knockout_reason,
        "knockout_rules": structure.knockout_rules,
        "revisions": sheet.revisions.select_related("by"),
    }


@login_required
@require_http_methods(["GET", "POST"])
def sheet_edit(request, pk):
    """GET: the declaration first, then the member's sheet. POST: the no-JavaScript save / submit."""
    item = perms.get_item_for_user(request.user, pk)
    member = _own_member(request, item)
    declaration = item.declarations.filter(member=member).first()
    if declaration is None:
        if item.session.status == SessionStatus.CLOSED or CouncilResult.objects.filter(item=item).exists():
            messages.error(request, _("Hồ sơ không còn nhận phiếu chấm: phiên họp đã kết thúc hoặc đã có kết quả."))
            return redirect("evaluation:session_detail", item.session_id)
        return render(
            request,
            "evaluation/sheet_declare.html",
            {"item": item, "form": ConflictForm()},
        )
    if declaration.has_conflict:
        raise Http404
    # The sheet once opened is read directly (the declaration was just checked); the service opens a new one.
    sheet = sel.current_sheet(item=item, member=member)
    if sheet is None:
        try:
            sheet = svc.scoresheet_open(item=item, member=member, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(_errors(exc)))
            return redirect("evaluation:session_detail", item.session_id)
    if request.method == "POST":
        data = _sheet_input(request.POST)
        try:
            version = _version(request.POST)
            if request.POST.get("action") == "submit":
                svc.scoresheet_submit(sheet=sheet, version=version, data=data, by=request.user)
                messages.success(request, _("Đã nộp phiếu chấm."))
                return redirect("evaluation:session_detail", item.session_id)
            svc.scoresheet_save(sheet=sheet, version=version, data=data, by=request.user)
            messages.success(request, _("Đã lưu nháp."))
            return redirect("evaluation:sheet_edit", item.pk)
        except ValidationError as exc:
            sheet.refresh_from_db()
            context = _sheet_context(item, sheet, posted=request.POST, errors=_errors(exc))
            return render(
                request,
                "evaluation/sheet_edit.html",
                context,
                status=409 if getattr(exc, "code", None) == "stale" else 400,
            )
    return render(request, "evaluation/sheet_edit.html", _sheet_context(item, sheet))


@login_required
@require_POST
def sheet_autosave(request, pk):
    """JSON autosave of the member's own draft: 200 with the new version, 409 if another tab saved first."""
    sheet = perms.get_own_sheet_for_user(request.user, pk)
    try:
        sheet = svc.scoresheet_save(
            sheet=sheet,
            version=_version(request.POST),
            data=_sheet_input(request.POST),
            by=request.user,
        )
    except ValidationError as exc:
        status = 409 if getattr(exc, "code", None) == "stale" else 400
        return JsonResponse({"ok": False, "errors": _errors(exc)}, status=status)
    return JsonResponse({"ok": True, "version": sheet.version, "total": float(sheet.total)})


@login_required
@require_POST
def sheet_submit(request, pk):
    sheet = perms.get_own_sheet_for_user(request.user, pk)
    try:
        svc.scoresheet_submit(
            sheet=sheet,
            version=_version(request.POST),
            data=_sheet_input(request.POST),
            by=request.user,
        )
    except ValidationError as exc:
        sheet.refresh_from_db()
        context = _sheet_context(sheet.item, sheet, posted=request.POST, errors=_errors(exc))
        return render(
            request,
            "evaluation/sheet_edit.html",
            context,
            status=409 if getattr(exc, "code", None) == "stale" else 400,
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
        svc.scoresheet_reopen(sheet=sheet, reason=form.cleaned_data["reason"], by=request.user)
        messages.success(request, _("Đã mở lại phiếu; bản đã nộp được lưu lại."))
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
    return redirect("evaluation:session_detail", sheet.item.session_id)


# ---------------------------------------------------------------- results and documents


@login_required
@require_GET
def result_detail(request, pk):
    if request.user.role == "producer":
        # Producers see the council's result of their own product only after the decision.
        item = get_object_or_404(
            AgendaItem.objects.filter(
                registration__in=Registration.objects.for_user(request.user),
                registration__status=RegistrationStatus.DECIDED,
            ).select_related("registration__product"),
            pk=pk,
        )
        result = get_object_or_404(CouncilResult, item=item)
        return render(
            request,
            "evaluation/result_detail.html",
            {"item": item, "result": result, "state": None},
        )
    item = perms.get_item_for_user(request.user, pk)
    state = sel.item_state(user=request.user, item=item)
    if not state.visible:
        raise PermissionDenied
    whole = perms.sees_whole_session(request.user, item.session.council)
    # Each member's signed sheet: every one for the chair, secretary and officers, one's own for a member.
    sheets = {
        row["member"].pk: row["sheet"].pk
        for row in state.member_totals
        if whole or row["member"].user_id == request.user.pk
    }
    rows = [
        {**row, "sheet_id": sheets.get(row["member_id"])}
        for row in (state.result.member_totals if state.result else [])
    ]
    return render(
        request,
        "evaluation/result_detail.html",
        {"item": item, "result": state.result, "state": state, "member_rows": rows},
    )


def _document_session(request, pk):
    session = perms.get_session_for_user(request.user, pk)
    if not perms.sees_whole_session(request.user, session.council):
        raise PermissionDenied
    return session


@login_required
@require_GET
def session_minutes_pdf(request, pk):
    from ..council_documents import minutes_pdf

    session = _document_session(request, pk)
    return download_response(
        minutes_pdf(user=request.user, session=session),
        filename=f"bien-ban-phien-hop-{session.pk}.pdf",
        content_type="application/pdf",
        as_attachment=False,
    )


@login_required
@require_GET
def session_export(request, pk):
    from ..council_documents import session_xlsx

    session = _document_session(request, pk)
    return download_response(
        session_xlsx(user=request.user, session=session),
        filename=f"phieu-cham-phien-{session.pk}.xlsx",
        content_type=xlsx.XLSX,
    )


@login_required
@require_GET
def sheet_pdf(request, pk):
    """The signed, frozen PDF of a submitted sheet (ocop-domain.md §7); ?v=<version> for an earlier submission."""
    from ..council_documents import sheet_pdf as render

    version = parse_pk(request.GET.get("v"))
    revision, item = perms.get_submitted_revision_for_user(request.user, pk, version)
    return download_response(
        render(revision=revision, item=item),
        filename=f"phieu-danh-gia-{pk}-v{revision.version}.pdf",
        content_type="application/pdf",
        as_attachment=False,
    )
