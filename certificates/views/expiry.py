"""The expiry watch's pages: the list (with Excel export), one-click re-evaluation, and "check now".
Views only call services and selectors."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from evaluation.selectors.reevaluation import reevaluation_window_note
from ocop.choices import Role
from ocop.downloads import export_response
from ocop.pagination import CountedPaginator
from products.permissions import producers_acting_themselves

from ..exports import expiry_workbook
from ..filters import PHASES
from ..permissions import get_certificate_for_user
from ..selectors.expiry import (
    EXPIRY_PAGE_FIELDS,
    LIST_ROLES,
    certificate_expiry_list,
    expired_since,
    expiry_counts,
    expiry_list_count,
)
from ..services.expiry import reevaluation, states, sweep
from ..tasks.expiry import export_job_run_task

RUN_ROLES = {Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN}


def _role(user) -> str:
    return Role.ADMIN if user.is_superuser else user.role


def _ensure_list_role(user) -> None:
    if _role(user) not in LIST_ROLES:
        raise PermissionDenied


@login_required
@require_GET
def expiry_list(request):
    _ensure_list_role(request.user)
    today = timezone.localdate()
    certificates, filterset = certificate_expiry_list(user=request.user, filters=request.GET, today=today)
    certificates = certificates.only(*EXPIRY_PAGE_FIELDS)
    count = partial(expiry_list_count, certificates, user=request.user, filters=request.GET)
    page = CountedPaginator(certificates, 50, count=count).get_page(request.GET.get("page"))
    # The page's producers with an account file their re-evaluations themselves (one query for the page's rows).
    itself = producers_acting_themselves(request.user, {c.product.producer_id for c in page.object_list})
    for certificate in page.object_list:
        certificate.phase = states.phase(certificate, today)
        certificate.window_start, certificate.window_end = states.renewal_window(certificate.valid_until) or (
            None,
            None,
        )
        certificate.window_note = reevaluation_window_note(certificate.valid_until)
        acts = certificate.product.producer_id not in itself
        certificate.can_reevaluate = reevaluation.can_start_reevaluation(request.user, certificate, today, acts=acts)
        certificate.producer_files_itself = reevaluation.producer_files_itself(
            request.user, certificate, today, acts=acts
        )
    query = request.GET.copy()
    query.pop("page", None)
    counts = expiry_counts(user=request.user)
    return render(
        request,
        "certificates/expiry_list.html",
        {
            "page": page,
            "filter": filterset,
            "query": query.urlencode(),
            "today": today,
            "counts": counts,
            "count_tiles": _count_tiles(counts),
            "expired_since": expired_since(),
            "can_run": _role(request.user) in RUN_ROLES,
        },
    )


def _count_tiles(counts: dict) -> list[tuple]:
    """(query, count, label, colour) of the counts above the list, each opening what it counts. The window's counts
    those still to file (`window_unfiled`, as the home page's tile), and so does the missed window's (`late_unfiled`):
    one whose dossier is filed, in the window or late, is no task."""
    labels = dict(PHASES)
    return [
        ("phase=window&dossier=false", counts["window_unfiled"], _("Trong thời hạn nộp, chưa nộp hồ sơ"), ""),
        ("phase=late&dossier=false", counts["late_unfiled"], _("Quá thời hạn nộp, chưa nộp hồ sơ"), "warning"),
        ("phase=expiring", counts["expiring"], labels["expiring"], "warning"),
        (
            f"phase=expired&valid_from={expired_since():%d/%m/%Y}",
            counts["expired"],
            _("Hết hạn trong 12 tháng qua"),
            "danger",
        ),
    ]


@login_required
@require_GET
def expiry_export(request):
    _ensure_list_role(request.user)

    today = timezone.localdate()
    certificates, filterset = certificate_expiry_list(user=request.user, filters=request.GET, today=today)
    if filterset.ignored:  # a filter refused: the list says which and why, rather than a file of rows it ignored
        return redirect(f"{reverse('certificates:expiry_list')}?{request.GET.urlencode()}")
    return export_response(
        request,
        queryset=certificates,
        build=partial(expiry_workbook, today=today),
        export="expiry",
        file_name=f"giay-chung-nhan-het-han-{today:%Y%m%d}.xlsx",
        task=export_job_run_task,
    )


@login_required
@require_POST
def certificate_start_reevaluation(request, pk: int):
    certificate = get_certificate_for_user(request.user, pk)
    known = set(states.open_dossiers_of(certificate.product_id).values_list("pk", flat=True))
    try:
        registration = reevaluation.certificate_start_reevaluation(certificate=certificate, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("certificates:certificate_detail", pk=certificate.pk)
    if registration.pk in known:  # a second click, or a dossier filed from the registration form: nothing made
        messages.info(request, _("Sản phẩm đã có hồ sơ đang xử lý: đây là hồ sơ đó."))
    elif registration.previous_id:
        messages.success(request, _("Đã lập hồ sơ đánh giá lại từ hồ sơ lần trước. Hãy cập nhật và nộp hồ sơ."))
    else:  # an old certificate recorded without its dossier: the draft starts empty
        messages.success(
            request,
            _(
                "Đã lập hồ sơ đánh giá lại. Hãy tự đánh giá (Mẫu 02), tải lên đủ tài liệu, kể cả giấy chứng nhận đã "
                "được cấp, rồi nộp hồ sơ."
            ),
        )
    return redirect("evaluation:registration_detail", pk=registration.pk)


@login_required
@require_POST
def expiry_run(request):
    if _role(request.user) not in RUN_ROLES:
        raise PermissionDenied
    sweep.expiry_check_request(by=request.user)
    messages.success(request, _("Đã yêu cầu kiểm tra thời hạn giấy chứng nhận; kết quả sẽ có sau ít phút."))
    return redirect("certificates:expiry_list")
