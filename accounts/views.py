"""The staff account pages: the list, a person's page with their history, the form, closing and opening an
account, the invitation sent again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ocop.downloads import download_response, export_response
from ocop.filters import list_context
from ocop.forms import add_service_errors, parse_pk
from ocop.xlsx import XLSX
from products.forms import ImportForm

from . import excel, services
from .exports import account_workbook
from .forms import AccountForm, ProfileForm
from .permissions import can_change_account, can_keep_accounts, get_account_for_user, get_accounts_for_user
from .selectors import account_councils, account_history, account_list, account_sign_ins, account_state
from .tasks import export_job_run_task

PAGE_SIZE = 50


@login_required
@require_GET
def account_list_view(request):
    if not can_keep_accounts(request.user):
        raise PermissionDenied
    filterset = account_list(user=request.user, filters=request.GET)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    closable = {a.pk for a in page if a.is_active and can_change_account(request.user, a)}  # ticked to close at once
    for account in page:
        account.state = account_state(account)  # the filter's and the export's rule, for the row's cell
    context = {"filter": filterset, "page": page, "closable": closable}
    return render(request, "accounts/account_list.html", context | list_context(request))


@login_required
@require_POST
def accounts_close(request):
    """Close the accounts ticked on a page of the list (a review of the dormant ones), then back to the list as it
    was filtered."""
    pks = [pk for pk in map(parse_pk, request.POST.getlist("accounts")[:PAGE_SIZE]) if pk is not None]
    accounts = get_accounts_for_user(request.user, pks)
    if not accounts:
        messages.error(request, _("Chọn ít nhất một tài khoản để khoá."))
    elif closed := services.accounts_close(by=request.user, accounts=accounts):
        messages.success(
            request, ngettext("Đã khoá %(n)s tài khoản.", "Đã khoá %(n)s tài khoản.", closed) % {"n": closed}
        )
    else:
        messages.info(request, _("Các tài khoản đã chọn đều đã khoá."))
    query = request.GET.urlencode()
    return redirect(reverse("accounts:account_list") + (f"?{query}" if query else ""))


@login_required
@require_http_methods(["GET", "POST"])
def account_create(request):
    if not can_keep_accounts(request.user):
        raise PermissionDenied
    form = AccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            account = services.account_create(by=request.user, **form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã tạo tài khoản %(name)s và gửi thư mời đặt mật khẩu.") % {"name": account})
            return redirect("accounts:account_detail", account.pk)
    return render(request, "accounts/account_form.html", {"form": form})


@login_required
@require_GET
def account_detail(request, pk):
    account = get_account_for_user(request.user, pk)
    context = {
        "account": account,
        "can_change": can_change_account(request.user, account),
        "awaits_password": services.account_awaits_password(account),
        "history": account_history(account=account),
        "sign_ins": account_sign_ins(account=account),
        "councils": account_councils(account=account),
    }
    return render(request, "accounts/account_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def account_update(request, pk):
    account = get_account_for_user(request.user, pk)
    if not can_change_account(request.user, account):
        raise PermissionDenied
    form = AccountForm(request.POST or None, user=request.user, account=account)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_update(by=request.user, account=account, seen=form.seen(), **form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu tài khoản."))
            return redirect("accounts:account_detail", account.pk)
    return render(request, "accounts/account_form.html", {"form": form, "account": account})


@login_required
@require_POST
def account_set_active(request, pk):
    account = get_account_for_user(request.user, pk)
    active = request.POST.get("active") == "1"
    services.account_set_active(by=request.user, account=account, active=active)
    messages.success(
        request, _("Đã mở lại tài khoản.") if active else _("Đã khoá tài khoản: người này không đăng nhập được nữa.")
    )
    return redirect("accounts:account_detail", account.pk)


@login_required
@require_POST
def account_invite(request, pk):
    account = get_account_for_user(request.user, pk)
    try:
        services.account_invite(by=request.user, account=account)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã gửi lại thư mời đặt mật khẩu tới %(email)s.") % {"email": account.email})
    return redirect("accounts:account_detail", account.pk)


@login_required
@require_http_methods(["GET", "POST"])
def account_import(request):
    """A file of accounts (the template, or the list's export corrected): every row checked first, then all written
    or none (the errors listed by row)."""
    if not can_keep_accounts(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            rows, errors = excel.checked_rows(user=request.user, upload=form.cleaned_data["file"])
            created, updated = ([], []) if errors else services.accounts_import(by=request.user, rows=rows)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if not errors:
                _import_messages(request, created=len(created), updated=len(updated))
                return redirect("accounts:account_list")
    status = 400 if errors else 200
    return render(request, "accounts/account_import.html", {"form": form, "errors": errors}, status=status)


def _import_messages(request, *, created: int, updated: int) -> None:
    if created:
        text = ngettext(
            "Đã tạo %(n)s tài khoản và gửi thư mời đặt mật khẩu.",
            "Đã tạo %(n)s tài khoản và gửi thư mời đặt mật khẩu.",
            created,
        )
        messages.success(request, text % {"n": created})
    if updated:
        messages.success(
            request, ngettext("Đã cập nhật %(n)s tài khoản.", "Đã cập nhật %(n)s tài khoản.", updated) % {"n": updated}
        )
    if not created and not updated:
        messages.info(request, _("Tệp không có thay đổi nào: mọi dòng giống tài khoản đã có."))


@login_required
@require_GET
def account_import_template(request):
    if not can_keep_accounts(request.user):
        raise PermissionDenied
    return download_response(excel.template(user=request.user), filename="mau-nhap-tai-khoan.xlsx", content_type=XLSX)


@login_required
@require_GET
def account_export(request):
    """The account list, filtered as on its page, as an Excel workbook (a background job for a large one)."""
    if not can_keep_accounts(request.user):
        raise PermissionDenied
    return export_response(
        request,
        queryset=account_list(user=request.user, filters=request.GET).qs,
        build=account_workbook,
        export="accounts",
        file_name=f"tai-khoan-{timezone.localdate():%Y%m%d}.xlsx",
        task=export_job_run_task,
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_profile(request):
    """Everyone's own account: what it is (read-only) and the name, phone and agency they correct themselves."""
    user = request.user
    initial = {"full_name": user.get_full_name(), "phone": user.phone, "organisation": user.organisation}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_profile_update(account=user, seen=form.seen(), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thông tin của bạn."))
            return redirect("accounts:account_profile")
    return render(request, "accounts/account_profile.html", {"form": form, "account": user})
