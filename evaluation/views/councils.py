"""Council pages: councils and their members, sessions and their agenda, and the chair's acts on an item.
The scoring sheet lives in views/scoresheets.py, results and documents in views/council_results.py.
Views only call the chokepoints (permissions), the selectors and the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ocop.confirm import confirm_page, is_confirmed
from ocop.forms import add_service_errors, parse_pk
from ocop.permissions import can_write
from products.selectors import audit_history_for

from ..choices import CouncilKind, SessionStatus
from ..forms.councils import (
    AgendaAddForm,
    CouncilForm,
    CouncilMemberForm,
    CouncilRulesForm,
    CouncilSecretaryForm,
    DiscussionForm,
    FindingForm,
    ReopenForm,
    SessionForm,
)
from ..permissions import councils as perms
from ..selectors import council_lists
from ..selectors import councils as sel
from ..selectors.council_people import item_province_scorers
from ..selectors.member_sheets import member_sheet_worklist, pending_sheets_count
from ..services import conflicts, results
from ..services import councils as svc
from ..services import session_schedule as schedule
from ..services.session_minutes import session_minutes_refusal

# ---------------------------------------------------------------- councils


@login_required
@require_GET
def council_list(request):
    return render(
        request,
        "evaluation/council_list.html",
        {
            "councils": council_lists.council_list(user=request.user),
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
    return _council_page(request, perms.get_council_for_user(request.user, pk))


def _council_page(request, council, *, member_form=None, secretary_form=None, rules_form=None, status: int = 200):
    """The council's page; `member_form`, `secretary_form` or `rules_form`, a form sent back with its errors beside
    its fields and what was chosen and typed kept."""
    manager = perms.is_manager(request.user, council)
    scoring_council = manager and council.kind == CouncilKind.COUNCIL
    # The Quy chế on the secretary, and why it cannot change now (dossiers being scored) before it is tried.
    refusal = (
        svc.secretary_scores_refusal(council=council, secretary_scores=not council.secretary_scores)
        if scoring_council and secretary_form is None
        else None
    )
    if scoring_council and secretary_form is None:
        secretary_form = CouncilSecretaryForm(council=council)
        secretary_form.fields["secretary_scores"].disabled = refusal is not None
    # The other Quy chế settings (quorum, chair, spread), under the same guard, said before it is tried.
    rules_refusal = svc.rules_change_refusal(council=council) if scoring_council and rules_form is None else None
    if scoring_council and rules_form is None:
        rules_form = CouncilRulesForm(council=council)
        for field in rules_form.fields.values():
            field.disabled = rules_refusal is not None
    return render(
        request,
        "evaluation/council_detail.html",
        {
            "council": council,
            "members": council_lists.council_members(council=council),
            "sessions": council_lists.council_sessions(council=council, user=request.user),
            "can_manage": manager,
            "member_form": (member_form or CouncilMemberForm(council=council)) if manager else None,
            "secretary_form": secretary_form if scoring_council else None,
            "secretary_refusal": refusal,
            "rules_form": rules_form if scoring_council else None,
            "rules_refusal": rules_refusal,
        },
        status=status,
    )


@login_required
@require_POST
def council_secretary_scores(request, pk):
    """The office sets whether the council's secretary scores, as the council's Quy chế says."""
    council = perms.get_council_for_user(request.user, pk, write=True)
    if council.kind != CouncilKind.COUNCIL:
        raise Http404  # the Tổ tư vấn scores nothing (Điều 7.3c)
    form = CouncilSecretaryForm(request.POST, council=council)
    if form.is_valid():
        scores = form.cleaned_data["secretary_scores"]
        try:
            svc.council_set_secretary_scores(council=council, secretary_scores=scores, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Theo Quy chế, Thư ký là thành viên chấm điểm: được phân công các hồ sơ đưa vào chương trình từ "
                    "nay; hồ sơ đã có trong chương trình phiên họp được phân công tại trang phiên họp."
                )
                if scores
                else _("Theo Quy chế, Thư ký không chấm điểm: không được phân công và không được tính vào túc số."),
            )
            return redirect("evaluation:council_detail", council.pk)
    return _council_page(request, council, secretary_form=form, status=400)


@login_required
@require_POST
def council_rules(request, pk):
    """The office changes the council's Quy chế settings (quorum, chair, spread) after its set-up."""
    council = perms.get_council_for_user(request.user, pk, write=True)
    if council.kind != CouncilKind.COUNCIL:
        raise Http404  # the Tổ tư vấn scores nothing (Điều 7.3c)
    form = CouncilRulesForm(request.POST, council=council)
    if form.is_valid():
        try:
            svc.council_set_rules(council=council, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu Quy chế của Hội đồng: áp dụng cho các phiên họp chưa kết thúc."))
            return redirect("evaluation:council_detail", council.pk)
    return _council_page(request, council, rules_form=form, status=400)


@login_required
@require_POST
def council_member_add(request, pk):
    council = perms.get_council_for_user(request.user, pk, write=True)
    form = CouncilMemberForm(request.POST, council=council)
    if form.is_valid():
        try:
            svc.council_member_add(council=council, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm thành viên."))
            return redirect("evaluation:council_detail", council.pk)
    return _council_page(request, council, member_form=form, status=400)


@login_required
@require_POST
def council_member_deactivate(request, pk, member_pk):
    council = perms.get_council_for_user(request.user, pk, write=True)
    member = get_object_or_404(council.members.select_related("user"), pk=member_pk)
    try:
        svc.council_member_deactivate(member=member, by=request.user)
        messages.success(request, _("%(name)s đã thôi tham gia Hội đồng.") % {"name": member.user})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("evaluation:council_detail", council.pk)


# ---------------------------------------------------------------- sessions


@login_required
@require_GET
def session_list(request):
    return render(
        request,
        "evaluation/session_list.html",
        {
            "sessions": council_lists.session_list(user=request.user),
            "pending": pending_sheets_count(user=request.user),
            # the dossiers that count: the home page's "waiting for your sheet" opens this list
            "pending_rows": member_sheet_worklist(user=request.user, pending_only=True, limit=None),
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
    return _session_page(request, perms.get_session_for_user(request.user, pk))


def _session_page(request, session, *, sent=None, status: int = 200):
    """The session page. `sent` is the chair's form for one item (a discussion note or a finding) sent back with
    its errors: the page shows it again where it was, what was typed kept and each error beside its field."""
    council = session.council
    runs = perms.is_manager(request.user, council) or perms.leads_session(request.user, council)
    overview = sel.session_overview(user=request.user, session=session)
    chair = perms.is_chair(request.user, council)
    rules = sel.knockout_rules_for(states=overview["states"]) if chair else {}
    divergent = sel.divergent_criteria(states=overview["states"])
    cancelled = runs and session.status == SessionStatus.CANCELLED
    restore = schedule.session_restore_check(session) if cancelled else None
    restore_refusal = restore.refusal if restore else None
    for state in overview["states"]:
        # The chair's procedure: what differs most when a round must be discussed, the rules a finding may cite.
        state.divergent = divergent.get(state.item.pk, [])
        state.rules = rules.get(state.item.registration.scorecard_id, [])
        mine = sent is not None and sent["item"] == state.item.pk
        state.sent_discuss = sent.get("discuss") if mine else None
        state.sent_finding = sent.get("finding") if mine else None
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
            # A written-opinion session past its deadline: a member's unsent draft can be set aside (item_no_opinion).
            "opinions_overdue": runs and session.is_written and timezone.localdate() > session.date,
            # Whoever runs the session may move it or call it off until it is held (services.session_schedule).
            "can_reschedule": runs and schedule.session_reschedule_refusal(session) is None,
            "can_cancel": runs and schedule.session_cancel_refusal(session) is None,
            # A cancelled session: restored from here while its day has not passed, else the reason it cannot be.
            "can_restore": cancelled and restore_refusal is None,
            "restore_refusal": restore_refusal if cancelled else None,
            # The dossiers a restore would leave out (gone on another session, moved on): listed before it acts.
            "restore_left_out": restore.left_out if restore and not restore_refusal else [],
            # The minutes' number and the meeting's times, once it has been held (services.session_minutes).
            "can_record_minutes": runs and session_minutes_refusal(session) is None,
            "history": audit_history_for(user=request.user, target=session),
        },
        status=status,
    )


@login_required
@require_POST
def session_item_add(request, pk):
    session = perms.get_session_for_user(request.user, pk, write=True)
    form = AgendaAddForm(request.POST, user=request.user, council=session.council, session=session)
    if form.is_valid():
        try:
            item = svc.session_add_registration(
                session=session,
                registration=form.cleaned_data["registration"],
                by=request.user,
            )
            messages.success(request, _("Đã đưa hồ sơ vào chương trình phiên họp."))
            _warn_province_scorers(request, item)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
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
        messages.error(request, " ".join(exc.messages))
    return redirect("evaluation:session_detail", session.pk)


@login_required
@require_POST
def session_close(request, pk):
    session = perms.get_session_for_user(request.user, pk, write=True)
    if refusal := svc.session_close_refusal(session):  # before the meeting's day: the reason, not the confirm page
        messages.error(request, refusal)
        return redirect("evaluation:session_detail", session.pk)
    if not is_confirmed(request):
        pending = session.items.filter(result__isnull=True).count()
        consequences = [_("Phiếu chấm của phiên họp không sửa được nữa; biên bản ghi thời điểm kết thúc.")]
        if pending:
            consequences.append(
                ngettext(
                    "%(n)d sản phẩm chưa có kết quả sẽ chờ một phiên họp sau.",
                    "%(n)d sản phẩm chưa có kết quả sẽ chờ một phiên họp sau.",
                    pending,
                )
                % {"n": pending},
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
        messages.error(request, " ".join(exc.messages))
    return redirect("evaluation:session_detail", session.pk)


@login_required
@require_POST
def item_assign(request, pk):
    item = perms.get_item_for_user(request.user, pk, write=True)
    members = {parse_pk(v) for v in request.POST.getlist("members")} - {None}
    try:
        svc.item_assign_members(item=item, member_ids=members, by=request.user)
        messages.success(request, _("Đã cập nhật phân công."))
        _warn_province_scorers(request, item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("evaluation:session_detail", item.session_id)


def _posted_assignment(request, item):
    """The assignment of the member the form names on `item`, or None, the refusal told (a member not assigned)."""
    assignment = item.assignments.filter(member_id=parse_pk(request.POST.get("member"))).first()
    if assignment is None:
        messages.error(request, _("Thành viên không được phân công hồ sơ này."))
    return assignment


@login_required
@require_POST
def item_no_opinion(request, pk):
    """Whoever runs a written-opinion session records that a member gave no opinion by its deadline
    (services.conflicts.no_opinion_record): their draft is set aside and the submitted sheets decide."""
    item = perms.get_item_for_user(request.user, pk, write=True)
    assignment = _posted_assignment(request, item)
    if assignment is None:
        return redirect("evaluation:session_detail", item.session_id)
    try:
        conflicts.no_opinion_record(
            item=item, member=assignment.member, reason=request.POST.get("reason", ""), by=request.user
        )
        messages.success(request, _("Đã ghi nhận thành viên không có ý kiến; phiếu nháp không được tính."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("evaluation:session_detail", item.session_id)


@login_required
@require_POST
def item_no_opinion_undo(request, pk):
    """Whoever runs the session takes back a member's "no opinion" while the item has no result
    (services.conflicts.no_opinion_undo): the member answers again, their draft comes back."""
    item = perms.get_item_for_user(request.user, pk, write=True)
    assignment = _posted_assignment(request, item)
    if assignment is None:
        return redirect("evaluation:session_detail", item.session_id)
    try:
        conflicts.no_opinion_undo(item=item, member=assignment.member, by=request.user)
        messages.success(request, _("Đã hủy ghi nhận không có ý kiến; thành viên tiếp tục chấm phiếu."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("evaluation:session_detail", item.session_id)


def _warn_province_scorers(request, item) -> None:
    """The members of a central council assigned a product they scored at the province: named in a warning. D26 bars
    no one (ocop-domain.md §7; evaluation.selectors.council_people): the member declares a conflict if there is one."""
    assigned = [a.member for a in item.assignments.select_related("member__user")]
    scored = item_province_scorers(council=item.session.council, items=[item], members=assigned).get(item.pk)
    if scored:
        names = ", ".join(str(a.user) for a in assigned if a.pk in scored)
        messages.warning(
            request,
            _(
                "Lưu ý: %(names)s đã chấm sản phẩm “%(p)s” ở Hội đồng cấp tỉnh. Quyết định 26/2026/QĐ-TTg không cấm "
                "tham gia Hội đồng cấp trung ương, nhưng việc đánh giá phải khách quan (Điều 4.2): thành viên kê khai "
                "xung đột lợi ích và xin không tham gia nếu có."
            )
            % {"names": names, "p": item.registration.product.name},
        )


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
        messages.error(request, " ".join(exc.messages))
        return redirect("evaluation:session_detail", item.session_id)
    messages.success(request, _("Đã có kết quả của Hội đồng."))
    return redirect("evaluation:result_detail", item.pk)


@login_required
@require_POST
def item_discuss(request, pk):
    item = _item_for_chair(request, pk)
    form = DiscussionForm(request.POST)
    if form.is_valid():
        try:
            results.item_discuss(item=item, note=form.cleaned_data["note"], by=request.user)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):  # the item's state, not what was typed: the page says why
                messages.error(request, " ".join(exc.messages))
                return redirect("evaluation:session_detail", item.session_id)
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi biên bản thảo luận; các thành viên chấm lại."))
            return redirect("evaluation:session_detail", item.session_id)
    return _session_page(request, item.session, sent={"item": item.pk, "discuss": form}, status=400)


@login_required
@require_POST
def finding_record(request, pk):
    item = _item_for_chair(request, pk)
    form = FindingForm(request.POST, item=item)
    if form.is_valid():
        try:
            results.finding_record(item=item, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):  # the item's state, not what was typed: the page says why
                messages.error(request, " ".join(exc.messages))
                return redirect("evaluation:session_detail", item.session_id)
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận kết luận loại hồ sơ của Hội đồng."))
            return redirect("evaluation:session_detail", item.session_id)
    return _session_page(request, item.session, sent={"item": item.pk, "finding": form}, status=400)
