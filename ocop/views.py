"""The core app's pages: health check, notices, the commune cascade, job progress, the 400 page and /favicon.ico;
and the sign-in security pages: the lockout answer, throttled password reset, audited password changes and the
officers' list of lockouts (issue 11, items 10 and 18)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views import i18n as i18n_views
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .downloads import file_download_response
from .forms import LoginForm, parse_pk
from .permissions import can_see_lockouts, get_export_job_for_user, get_job_for_user, get_lockout_for_user
from .security import client_ip, lockout_pair, login_failures_clear, posted_email_key, rate_limited
from .selectors import (
    LOCKOUT_LIST_DAYS,
    commune_options,
    health_status,
    job_status_data,
    lockout_list,
    notifications_out_of_reach,
)
from .services import lockout_lift, notifications_mark_read, security_event_record, user_language_set
from .xlsx import XLSX


def bad_request(request, exception):
    """Django's 400 page, saying what to do when the request was refused for its size: more files in one sending
    than Django reads (a dossier's photos chosen all at once), more ticked boxes than it reads (products put
    into a plan), or more text. Rendered as Django renders it, without the request: the request may be the fault."""
    explanation = ""
    if isinstance(exception, TooManyFilesSent):
        explanation = _(
            "Mỗi lần gửi được tối đa %(n)d tệp. Hãy quay lại trang trước và gửi các tệp thành nhiều lần."
        ) % {"n": settings.DATA_UPLOAD_MAX_NUMBER_FILES}
    elif isinstance(exception, TooManyFieldsSent):
        explanation = _(
            "Mỗi lần gửi được tối đa %(n)d mục. Hãy quay lại trang trước, chọn ít mục hơn và gửi thành nhiều lần."
        ) % {"n": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}
    elif isinstance(exception, RequestDataTooBig):
        explanation = _("Nội dung gửi lên quá lớn. Hãy quay lại trang trước và gửi thành nhiều lần.")
    return HttpResponseBadRequest(loader.get_template("400.html").render({"explanation": explanation}))


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico on a page that names no icon (the admin's, a PDF opened in a tab): the site's
    icon instead of a 404 in the console and the log. A day's redirect, not a permanent one: the icon's address
    changes with its content (the static files' manifest)."""
    response = HttpResponseRedirect(static("img/favicon.svg"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


@never_cache
@require_GET
def healthz(request):
    """For load balancers and monitoring: the state of each dependency. 503 ("error") only when the database does not
    answer, as no page works without it; a broker that does not answer is "degraded" with 200, since every page
    still works (the cache falls back, queued work waits in the outbox) and a 503 there would take every web node
    out of service at once. A missed backup and work stuck in the outbox are "degraded" too (the administrator's
    home page shows the same), for the monitoring to alert on."""
    checks = health_status()
    if checks["database"] != "ok":
        return JsonResponse({"status": "error", "checks": checks}, status=503)
    status = "ok" if all(value == "ok" for value in checks.values()) else "degraded"
    return JsonResponse({"status": status, "checks": checks})


def set_language(request):
    """Django's language switch (the browser's cookie; a GET only redirects), and for a signed-in user the
    account's choice too."""
    response = i18n_views.set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        user_language_set(user=request.user, language=request.POST.get("language", ""))
    return response


NOTIFICATIONS_PER_PAGE = 50


@login_required
def notification_list(request):
    """The user's notices, newest first, a page at a time. The unread ones stand out once: the notices the page
    shows are marked read after it is rendered, the older ones stay unread until their page is opened."""
    page = Paginator(request.user.notifications.all(), NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    notifications = list(page.object_list)
    context = {
        "page": page,
        "notifications": notifications,
        "out_of_reach": notifications_out_of_reach(request.user, notifications),
    }
    response = render(request, "ocop/notification_list.html", context)
    notifications_mark_read(user=request.user, notifications=notifications)
    return response


@login_required
@require_GET
def unit_communes(request):
    """Options for a cascading select (static/js/cascade.js): ?province=<id> lists that province's
    communes, ?successor=<id> the pre-2025 communes merged into that commune. Reference data, public law."""

    province, successor = parse_pk(request.GET.get("province")), parse_pk(request.GET.get("successor"))
    return JsonResponse({"results": commune_options(province_id=province, successor_id=successor)})


@never_cache
@require_GET
def session_check(request):
    """Whether the browser is still signed in: 204, or 401 once the session has ended. Asked by the page's script
    (static/js/ui.js) while an officer types a long form, which sends no request of its own: the question is the
    request that keeps the session from ending as idle (ocop.middleware.OfficerIdleTimeoutMiddleware), and its
    answer tells the page, before the form is sent, that it would have been lost to the sign-in page."""
    return HttpResponse(status=204 if request.user.is_authenticated else 401)


@never_cache
@login_required
@require_GET
def job_status(request, pk: int):
    """The progress of a background job as JSON, for the person who started it."""
    return JsonResponse(job_status_data(job=get_job_for_user(request.user, pk)))


@login_required
@require_GET
def job_detail(request, pk: int):
    """The progress of a list export built in the background, and its file when done."""
    return render(request, "ocop/job_detail.html", {"job": get_export_job_for_user(request.user, pk)})


@login_required
@require_GET
def job_download(request, pk: int):
    job = get_export_job_for_user(request.user, pk)
    if not job.output_file:
        raise Http404
    return file_download_response(job.output_file.open("rb"), filename=job.file_name, content_type=XLSX)


# ---------------------------------------------------------------- sign-in security


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "Đăng nhập tạm thời bị khoá do nhập sai mật khẩu %(n)d lần liên tiếp. Vui lòng thử lại sau %(m)d phút, "
        "hoặc đặt lại mật khẩu bằng “Quên mật khẩu?”: đặt lại xong là đăng nhập được ngay."
    ) % {"n": settings.AXES_FAILURE_LIMIT, "m": minutes}


def address_lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "Đăng nhập từ địa chỉ mạng này tạm thời bị khoá do có quá nhiều lần nhập sai mật khẩu. "
        "Vui lòng thử lại sau %(m)d phút."
    ) % {"m": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """axes' answer to a locked-out account or address: the login page again, with the reason, status 429.
    The form is not bound to the POST: validating it would count one more failure. An address locked for every
    name (ocop.login_throttle) has its own reason: a reset password does not lift that lock."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = LoginForm(request, initial={"username": str(username)[:150]})
    message = address_lockout_message() if getattr(request, "login_address_locked", False) else lockout_message()
    context = {"form": form, "lockout_message": message}
    return render(request, "registration/login.html", context, status=429)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, throttled per address and per e-mail: a flood of reset mails is refused with a message."""

    def post(self, request, *args, **kwargs):
        rate = settings.PASSWORD_RESET_RATE
        limited = rate_limited(request, group="password_reset_ip", rate=rate)
        limited |= rate_limited(request, group="password_reset_email", key=posted_email_key, rate=rate)
        if limited:
            security_event_record(
                action="auth.password_reset_throttled",
                username=request.POST.get("email", "")[:150],
                ip=client_ip(request),
            )
            form = self.get_form()
            form.is_valid()
            form.add_error(None, _("Bạn đã yêu cầu đặt lại mật khẩu quá nhiều lần. Vui lòng thử lại sau."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form):
        response = super().form_valid(form)
        security_event_record(
            action="auth.password_change", user=form.user, username=form.user.get_username(), ip=client_ip(self.request)
        )
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A password reset, or a password chosen from an invitation (the same link): the person proved they hold the
    mailbox, so the failed sign-ins that locked their name out are forgotten."""

    def form_valid(self, form):
        response = super().form_valid(form)
        login_failures_clear(username=form.user.get_username())
        security_event_record(
            action="auth.password_reset", user=form.user, username=form.user.get_username(), ip=client_ip(self.request)
        )
        return response


@login_required
@require_GET
def lockout_list_view(request):
    if not can_see_lockouts(request.user):
        raise PermissionDenied
    context = {"events": lockout_list(user=request.user), "days": LOCKOUT_LIST_DAYS}
    return render(request, "ocop/lockout_list.html", context)


@login_required
@require_POST
def lockout_lift_view(request, pk: int):
    """Lift one lockout of the list (its user name from its address, or its address), then back to the list."""
    lockout = get_lockout_for_user(request.user, pk)
    username, ip = lockout_pair(lockout.summary)
    values = {"name": username, "ip": ip}
    if lockout_lift(by=request.user, lockout=lockout):
        if username:
            text = _("Đã mở khoá đăng nhập của “%(name)s” từ địa chỉ %(ip)s: người này đăng nhập lại được ngay.")
        else:
            text = _("Đã mở khoá đăng nhập từ địa chỉ %(ip)s.")
        messages.success(request, text % values)
    elif username:
        messages.info(request, _("Khoá đăng nhập của “%(name)s” từ địa chỉ %(ip)s đã được mở rồi.") % values)
    else:
        messages.info(request, _("Khoá đăng nhập từ địa chỉ %(ip)s đã được mở rồi.") % values)
    return redirect("lockout_list")
