import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ocop.downloads import download_response, export_response, image_response
from ocop.filters import list_context
from ocop.forms import add_service_errors, parse_pk

from . import excel, hooks, imports, selectors, services
from .choices import ImportKind
from .filters import ProducerFilter, ProductFilter
from .forms import ImportForm, InviteForm, PhotoForm, ProducerForm, ProductForm
from .permissions import (
    can_change_producer,
    can_create_producer,
    get_import_job_for_user,
    get_photo_for_user,
    get_producer_for_user,
    get_product_for_user,
    is_producer_user,
    is_registry_officer,
)
from .tasks import export_job_run_task

PAGE_SIZE = 25


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _xlsx(content: bytes, name: str) -> HttpResponse:
    return download_response(content, filename=name, content_type=excel.XLSX)


def _require_officer(user) -> None:
    if not is_registry_officer(user):
        raise PermissionDenied


# --- producers -------------------------------------------------------------------------------------


@login_required
@require_GET
def producer_list(request):
    if is_producer_user(request.user):
        raise PermissionDenied  # producers reach their records from the product list
    base = selectors.producer_list(user=request.user, counted=False)
    filterset = ProducerFilter(request.GET, queryset=base, user=request.user)
    page = _page(request, filterset.qs)
    page.object_list = selectors.with_product_counts(page.object_list)
    return render(
        request,
        "products/producer_list.html",
        {
            "filter": filterset,
            "page": page,
            "can_create": can_create_producer(request.user),
            **list_context(request),
        },
    )


@login_required
@require_GET
def producer_export(request):
    if is_producer_user(request.user):
        raise PermissionDenied
    return export_response(
        request,
        queryset=selectors.producer_list(user=request.user, filters=request.GET),
        build=excel.export_producers,
        export="producers",
        file_name=f"chu-the-ocop-{timezone.localdate():%Y%m%d}.xlsx",
        task=export_job_run_task,
    )


@login_required
@require_GET
def producer_detail(request, pk):
    producer = get_producer_for_user(request.user, pk)
    return render(
        request,
        "products/producer_detail.html",
        {
            "producer": producer,
            "products": selectors.producer_products(producer=producer, user=request.user),
            "members": producer.members.all(),
            "history": selectors.audit_history(target=producer),
            "can_change": can_change_producer(request.user, producer),
            "can_invite": is_registry_officer(request.user),
            "invite_form": InviteForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def producer_create(request):
    if not can_create_producer(request.user):
        raise PermissionDenied
    form = ProducerForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            producer = services.producer_create(by=request.user, data=form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã tạo chủ thể %(name)s.") % {"name": producer})
            return redirect("products:producer_detail", pk=producer.pk)
    return render(request, "products/producer_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def producer_update(request, pk):
    producer = get_producer_for_user(request.user, pk, write=True)
    form = ProducerForm(request.POST or None, instance=copy.copy(producer), user=request.user)  # a copy, as below
    if request.method == "POST" and form.is_valid():
        try:
            services.producer_update(producer=producer, by=request.user, data=form.service_data(), seen=form.seen())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("products:producer_detail", pk=producer.pk)
    return render(request, "products/producer_form.html", {"form": form, "producer": producer})


@login_required
@require_POST
def producer_invite(request, pk):
    producer = get_producer_for_user(request.user, pk, write=True)
    _require_officer(request.user)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            services.producer_invite_member(producer=producer, email=form.cleaned_data["email"], by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã gửi lời mời tới %(email)s.") % {"email": form.cleaned_data["email"]})
    else:
        messages.error(request, _("E-mail không hợp lệ."))
    return redirect("products:producer_detail", pk=producer.pk)


# --- products --------------------------------------------------------------------------------------


@login_required
@require_GET
def product_list(request):
    base = selectors.product_list(user=request.user, related=selectors.PRODUCT_PAGE_RELATED)
    filterset = ProductFilter(request.GET, queryset=base, user=request.user)
    page = _page(request, filterset.qs)
    return render(
        request,
        "products/product_list.html",
        {
            "filter": filterset,
            "page": page,
            **list_context(request),
            "can_create": is_registry_officer(request.user) or is_producer_user(request.user),
            "is_officer": is_registry_officer(request.user),
        },
    )


@login_required
@require_GET
def product_export(request):
    return export_response(
        request,
        queryset=selectors.product_list(user=request.user, filters=request.GET),
        build=excel.export_products,
        export="products",
        file_name=f"san-pham-ocop-{timezone.localdate():%Y%m%d}.xlsx",
        task=export_job_run_task,
    )


@login_required
@require_GET
def product_options(request):
    """?province=<id>: the province's products in the user's scope, for cascade.js (ocop.forms.ProvinceFirstMixin)."""
    province_id = parse_pk(request.GET.get("province"))
    return JsonResponse({"results": selectors.product_options(user=request.user, province_id=province_id)})


@login_required
@require_GET
def product_filing_options(request):
    """?province=<id>: the province's products the user may file a dossier for (permissions.products_acted_for: an
    officer's, those of producers without an account), for the registration form's cascade.js."""
    province_id = parse_pk(request.GET.get("province"))
    return JsonResponse({"results": selectors.product_options(user=request.user, province_id=province_id, filing=True)})


@login_required
@require_GET
def producer_options(request):
    """?province=<id>: the province's producers in the user's scope, for cascade.js."""
    province_id = parse_pk(request.GET.get("province"))
    return JsonResponse({"results": selectors.producer_options(user=request.user, province_id=province_id)})


@login_required
@require_GET
def product_detail(request, pk):
    product = get_product_for_user(request.user, pk)
    return render(request, "products/product_detail.html", _product_page(request, product, PhotoForm()))


def _product_page(request, product, photo_form) -> dict:
    """The product page's context, the same whether it opens or comes back with a photo refused."""
    evaluation_state = hooks.product_evaluation_state(product=product, user=request.user)
    return {
        "product": product,
        "photos": product.photos.all(),
        "timeline": selectors.product_timeline(product=product, user=request.user),
        "can_change": can_change_producer(request.user, product.producer),
        # The next step for a product is its evaluation: the dossier form opens with it chosen.
        "can_register": evaluation_state["can_register"],
        "producer_files_itself": evaluation_state.get("producer_files_itself", False),
        "open_registration": evaluation_state["open_registration"],
        "open_registration_status": evaluation_state["open_registration_status"],
        "photo_form": photo_form,
    }


@login_required
@require_http_methods(["GET", "POST"])
def product_create(request):
    producer = None
    if request.GET.get("producer"):
        pk = parse_pk(request.GET["producer"])
        if pk is None:
            raise Http404
        producer = get_producer_for_user(request.user, pk, write=True)
    elif not (is_registry_officer(request.user) or is_producer_user(request.user)):
        raise PermissionDenied
    form = ProductForm(request.POST or None, user=request.user, producer=producer)
    if request.method == "POST" and form.is_valid():
        target = producer or form.cleaned_data["producer"]
        try:
            product = services.product_create(producer=target, by=request.user, data=form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Đã tạo sản phẩm %(name)s, mã số %(code)s.") % {"name": product, "code": product.code}
            )
            return redirect("products:product_detail", pk=product.pk)
    return render(request, "products/product_form.html", {"form": form, "producer": producer})


@login_required
@require_http_methods(["GET", "POST"])
def product_update(request, pk):
    product = get_product_for_user(request.user, pk, write=True)
    # The form edits a copy: a refused save leaves the page's heading on the name the product has.
    form = ProductForm(request.POST or None, instance=copy.copy(product), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.product_update(product=product, by=request.user, data=form.service_data(), seen=form.seen())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("products:product_detail", pk=product.pk)
    return render(
        request, "products/product_form.html", {"form": form, "product": product, "producer": product.producer}
    )


@login_required
@require_POST
def product_photo_add(request, pk):
    product = get_product_for_user(request.user, pk, write=True)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.product_add_photo(
                product=product,
                by=request.user,
                upload=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
    if form.errors:
        return render(request, "products/product_detail.html", _product_page(request, product, form), status=400)
    messages.success(request, _("Đã thêm ảnh."))
    return redirect("products:product_detail", pk=product.pk)


@login_required
@require_POST
def product_photo_delete(request, pk):
    photo = get_photo_for_user(request.user, pk)
    product = get_product_for_user(request.user, photo.product_id, write=True)
    services.product_delete_photo(photo=photo, by=request.user)
    messages.success(request, _("Đã xoá ảnh."))
    return redirect("products:product_detail", pk=product.pk)


@login_required
@require_GET
def product_photo(request, pk, size="full"):
    """Photos are private media: served only to people who may see the product."""
    photo = get_photo_for_user(request.user, pk)
    return image_response(photo.thumbnail if size == "thumb" and photo.thumbnail else photo.image)


# --- Excel import ----------------------------------------------------------------------------------


def _import_view(request, kind: str):
    _require_officer(request.user)
    if request.user.is_read_only:
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            job, result = imports.import_start(kind=kind, upload=form.cleaned_data["file"], by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if result is None:
                return redirect("products:import_job_detail", pk=job.pk)
            if not result["errors"]:
                messages.success(
                    request,
                    _("Đã nhập: %(c)s mới, %(u)s cập nhật, %(s)s không đổi.")
                    % {"c": result["created"], "u": result["updated"], "s": result["unchanged"]},
                )
                return redirect("products:producer_list" if kind == ImportKind.PRODUCERS else "products:product_list")
    return render(
        request,
        "products/import_form.html",
        {
            "form": form,
            "kind": kind,
            "result": result,
            "status": 400 if result and result["errors"] else 200,
        },
        status=400 if result and result["errors"] else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def producer_import(request):
    return _import_view(request, ImportKind.PRODUCERS)


@login_required
@require_http_methods(["GET", "POST"])
def product_import(request):
    return _import_view(request, ImportKind.PRODUCTS)


@login_required
@require_GET
def import_template(request, kind):
    _require_officer(request.user)
    if kind not in ImportKind.values:
        raise Http404
    name = "mau-nhap-chu-the.xlsx" if kind == ImportKind.PRODUCERS else "mau-nhap-san-pham.xlsx"
    return _xlsx(excel.template(kind), name)


@login_required
@require_GET
def import_job_detail(request, pk):
    job = get_import_job_for_user(request.user, pk)
    return render(request, "products/import_job_detail.html", {"job": job})
