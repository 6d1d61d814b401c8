"""A council session rescheduled, cancelled (with its reason) or restored before it is held (services.session_schedule),
by whoever runs it: the office that manages the council, its chair or secretary. The session page itself is
views/councils.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from ocop.confirm import confirm_page, is_confirmed
from ocop.forms import add_service_errors, parse_pk

from ..forms.councils import SessionCancelForm, SessionEditForm, SessionMinutesForm
from ..permissions import councils as perms
from ..services import session_minutes as minutes_svc
from ..services import session_schedule as svc
from .pages import form_page


@login_required
@require_http_methods(["GET", "POST"])
def session_update(request, pk):
    session = perms.get_session_for_user(request.user, pk, write=True)
    if refusal := svc.session_reschedule_refusal(session):  # held, closed or cancelled: the reason, not the form
        messages.error(request, refusal)
        return redirect("evaluation:session_detail", session.pk)
    initial = {name: getattr(session, name) for name in svc.SESSION_FIELDS}
    form = SessionEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            svc.session_reschedule(
                session=session, by=request.user, data=form.own_changes(dict(form.cleaned_data)), seen=form.seen()
            )
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):  # the session's state changed meanwhile: the page says why
                messages.error(request, " ".join(exc.messages))
                return redirect("evaluation:session_detail", session.pk)
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã đổi lịch phiên họp; các thành viên Hội đồng đã được thông báo."))
            return redirect("evaluation:session_detail", session.pk)
    title = _("Đổi lịch phiên họp ngày %(d)s") % {"d": f"{session.date:%d/%m/%Y}"}
    back = reverse("evaluation:session_detail", args=[session.pk])
    return form_page(request, None, form, title, submit=_("Lưu"), back=back)


@login_required
@require_http_methods(["GET", "POST"])
def session_cancel(request, pk):
    """The reason, then the act: a session called off can be restored while its day has not passed, so no
    "cannot be undone" step; the form says what follows. A reason left empty is refused beside its field."""
    session = perms.get_session_for_user(request.user, pk, write=True)
    if refusal := svc.session_cancel_refusal(session):
        messages.error(request, refusal)
        return redirect("evaluation:session_detail", session.pk)
    form = SessionCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            svc.session_cancel(session=session, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):  # the session's state changed meanwhile: the page says why
                messages.error(request, " ".join(exc.messages))
                return redirect("evaluation:session_detail", session.pk)
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã hủy phiên họp; các thành viên Hội đồng đã được thông báo."))
            return redirect("evaluation:session_detail", session.pk)
    consequences = [_("Các thành viên Hội đồng được thông báo phiên họp bị hủy, kèm lý do.")]
    items = session.items.count()
    if items:
        consequences.append(
            ngettext(
                "%(n)d hồ sơ trong chương trình được đưa ra để xếp vào một phiên họp khác.",
                "%(n)d hồ sơ trong chương trình được đưa ra để xếp vào một phiên họp khác.",
                items,
            )
            % {"n": items}
        )
    consequences.append(_("Phiên họp có thể được khôi phục cho đến hết ngày họp."))
    title = _("Hủy phiên họp ngày %(d)s") % {"d": f"{session.date:%d/%m/%Y}"}
    back = reverse("evaluation:session_detail", args=[session.pk])
    return form_page(
        request, None, form, title, submit=_("Xác nhận hủy phiên họp"), back=back, intro=" ".join(consequences)
    )


@login_required
@require_POST
def session_restore(request, pk):
    """Restore a cancelled session (services.session_schedule.session_restore). When some of its dossiers went on
    another session or moved on meanwhile, a page first lists them with why, and the restore goes ahead without them
    once confirmed (their ids carried, so the service refuses if the list changed since). A second click, or a
    colleague's restore a moment earlier, is refused by the service and told here."""
    session = perms.get_session_for_user(request.user, pk, write=True)
    check = svc.session_restore_check(session)
    if check.refusal is None and check.left_out and not is_confirmed(request):
        return _restore_confirm(request, session, check)
    leave_out = {parse_pk(v) for v in request.POST.getlist("leave_out")} - {None}
    try:
        svc.session_restore(session=session, by=request.user, leave_out=leave_out)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        fresh = svc.session_restore_check(perms.get_session_for_user(request.user, pk, write=True))
        if fresh.refusal is None and fresh.left_out:  # the list changed since the page: shown again as it is now
            return _restore_confirm(request, session, fresh)
    else:
        if check.left_out:
            messages.success(
                request,
                ngettext(
                    "Đã khôi phục phiên họp, không gồm %(n)d hồ sơ; các thành viên Hội đồng đã được thông báo.",
                    "Đã khôi phục phiên họp, không gồm %(n)d hồ sơ; các thành viên Hội đồng đã được thông báo.",
                    len(check.left_out),
                )
                % {"n": len(check.left_out)},
            )
        else:
            messages.success(request, _("Đã khôi phục phiên họp; các thành viên Hội đồng đã được thông báo."))
    return redirect("evaluation:session_detail", session.pk)


def _restore_confirm(request, session, check):
    """The restore page: which dossiers stay out of the agenda and why, which come back, then the act."""
    consequences = [
        _("Hồ sơ “%(name)s” không được đưa lại vào chương trình: %(reason)s.")
        % {"name": lo.item.registration.product.name, "reason": lo.reason}
        for lo in check.left_out
    ]
    if check.kept:
        consequences.append(
            _("Chương trình phiên họp gồm: %(items)s.")
            % {"items": "; ".join(item.registration.product.name for item in check.kept)}
        )
    consequences.append(_("Các thành viên Hội đồng được thông báo phiên họp được khôi phục, kèm chương trình."))
    return confirm_page(
        request,
        title=_("Khôi phục phiên họp ngày %(d)s") % {"d": f"{session.date:%d/%m/%Y}"},
        consequences=consequences,
        submit=_("Khôi phục, không gồm các hồ sơ trên"),
        cancel_url=reverse("evaluation:session_detail", args=[session.pk]),
        carried=[("leave_out", str(lo.item.registration_id)) for lo in check.left_out],
        danger=False,
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_minutes(request, pk):
    """The minutes' number and the meeting's start and end, printed on the minutes (services.session_minutes)."""
    session = perms.get_session_for_user(request.user, pk, write=True)
    if refusal := minutes_svc.session_minutes_refusal(session):  # cancelled or not yet held: the reason
        messages.error(request, refusal)
        return redirect("evaluation:session_detail", session.pk)
    initial = {name: getattr(session, name) for name in minutes_svc.MINUTES_FIELDS}
    form = SessionMinutesForm(request.POST or None, initial=initial, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            minutes_svc.session_record_minutes(session=session, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):  # the session was cancelled meanwhile: the page says why
                messages.error(request, " ".join(exc.messages))
                return redirect("evaluation:session_detail", session.pk)
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi số và thời gian của biên bản."))
            return redirect("evaluation:session_detail", session.pk)
    title = _("Biên bản phiên họp ngày %(d)s") % {"d": f"{session.date:%d/%m/%Y}"}
    back = reverse("evaluation:session_detail", args=[session.pk])
    return form_page(request, None, form, title, submit=_("Lưu"), back=back)
