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

from ocop.forms import add_service_errors

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
    """Restore a cancelled session (services.session_schedule.session_restore). A second click, or a colleague's
    restore a moment earlier, is refused by the service and told here."""
    session = perms.get_session_for_user(request.user, pk, write=True)
    try:
        svc.session_restore(session=session, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã khôi phục phiên họp; các thành viên Hội đồng đã được thông báo."))
    return redirect("evaluation:session_detail", session.pk)


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
