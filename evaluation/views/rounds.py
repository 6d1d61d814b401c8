"""Views for evaluation rounds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ocop.edits import AlreadyDone
from ocop.forms import add_service_errors

from ..forms.registrations import RoundCreateForm, RoundEditForm
from ..permissions.registrations import can_create_round, can_manage_round, get_round_for_user
from ..selectors import registrations as selectors
from ..services import rounds as rounds_services
from ..services.round_calendar import round_is_extra
from .pages import form_page

GET_POST = require_http_methods(["GET", "POST"])


# ---------------------------------------------------------------- rounds


@login_required
@require_GET
def round_list(request):
    filterset = selectors.round_list(user=request.user, data=request.GET or None, request=request)
    # Paged like every list: the country has some 260 rounds over ten years (a 890 ms page when all were written).
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/round_list.html",
        {
            "filter": filterset,
            "page": page,
            "can_create": can_create_round(request.user),
            "not_planned": selectors.rounds_not_planned(user=request.user),
        },
    )


@login_required
@require_GET
def round_detail(request, pk):
    evaluation_round = get_round_for_user(request.user, pk)
    next_status = rounds_services.round_next_status(evaluation_round)
    return render(
        request,
        "evaluation/round_detail.html",
        {
            "round": evaluation_round,
            "next_status": next_status,
            # Its organiser moves it on and corrects it until it is closed (a closed round has no next status).
            "can_manage": can_manage_round(request.user, evaluation_round) and next_status is not None,
            "counts": selectors.round_status_counts(user=request.user, evaluation_round=evaluation_round),
        },
    )


@login_required
@GET_POST
def round_create(request):
    if not can_create_round(request.user):
        raise PermissionDenied
    form = RoundCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation_round = rounds_services.round_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã tạo đợt đánh giá."))
            return redirect("evaluation:round_detail", pk=evaluation_round.pk)
    rounds_url = reverse("evaluation:round_list")
    crumbs = [(rounds_url, pgettext("menu", "Đợt đánh giá"))]
    return form_page(request, None, form, _("Tạo đợt đánh giá"), submit=_("Tạo đợt"), back=rounds_url, crumbs=crumbs)


@login_required
@GET_POST
def round_update(request, pk):
    evaluation_round = get_round_for_user(request.user, pk, write=True)
    initial = {name: getattr(evaluation_round, name) for name in rounds_services.ROUND_FIELDS}
    form = RoundEditForm(request.POST or None, initial=initial, extra_round=round_is_extra(evaluation_round.number))
    if request.method == "POST" and form.is_valid():
        try:
            rounds_services.round_update(
                evaluation_round=evaluation_round,
                by=request.user,
                data=form.own_changes(dict(form.cleaned_data)),
                seen=form.seen(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("evaluation:round_detail", pk=evaluation_round.pk)
    title = _("Sửa đợt đánh giá %(round)s") % {"round": evaluation_round}
    back = reverse("evaluation:round_detail", args=[evaluation_round.pk])
    crumbs = [(reverse("evaluation:round_list"), pgettext("menu", "Đợt đánh giá")), (back, str(evaluation_round))]
    return form_page(request, None, form, title, submit=_("Lưu"), back=back, crumbs=crumbs)


@login_required
@require_POST
def round_set_status(request, pk):
    evaluation_round = get_round_for_user(request.user, pk, write=True)
    try:
        rounds_services.round_set_status(
            evaluation_round=evaluation_round, status=request.POST.get("status", ""), by=request.user
        )
    except AlreadyDone as exc:  # the other copy of a double click moved it: done, not refused
        messages.info(request, " ".join(exc.messages))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã cập nhật trạng thái đợt đánh giá."))
    return redirect("evaluation:round_detail", pk=evaluation_round.pk)
