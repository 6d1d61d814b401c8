"""Views for registrations: lists, the detail page, filing, the self-assessment and the printable forms.
Chokepoint → form → service → message → redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ocop.confirm import confirm_page, is_confirmed
from ocop.downloads import download_response, paper_file_name
from ocop.edits import AlreadyDone
from ocop.forms import add_service_errors, parse_pk
from products.models import Product
from products.selectors import audit_history_for

from .. import hooks
from ..forms.filing import CopyPreviousForm, RegistrationCreateForm, link_open_dossier
from ..forms.registrations import RegistrationRoundForm, SelfAssessmentForm
from ..permissions.registrations import (
    can_act,
    can_do,
    can_read_referrals,
    can_read_result_notices,
    ensure_can,
    get_registration_for_user,
    producer_acts_itself,
    producer_files_itself,
    registration_actions_for,
    remedies_for,
)
from ..selectors import dossier as dossier_selectors
from ..selectors import registrations as selectors
from ..services import checks
from ..services import dossier as dossier_services
from ..services import rebind as rebind_services
from ..workflow import sources
from .pages import form_page, registration_redirect

GET_POST = require_http_methods(["GET", "POST"])


# ---------------------------------------------------------------- lists and detail


@login_required
@require_GET
def registration_list(request):
    filterset = selectors.registration_list(user=request.user, data=request.GET or None, request=request)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/registration_list.html",
        {
            "filter": filterset,
            "page": page,
            "can_create": can_do(request.user, "create"),
        },
    )


@login_required
@require_GET
def registration_detail(request, pk):
    return _detail_page(request, get_registration_for_user(request.user, pk))


def _detail_page(request, registration, *, copy_form=None):
    """The dossier page. `copy_form`: "Lập hồ sơ mới từ hồ sơ này" sent back with its errors, shown where it was,
    the kind chosen kept and the refusal beside it."""
    context = selectors.registration_detail(registration=registration, user=request.user)
    actions = registration_actions_for(request.user, registration)
    # Every condition still unmet for forwarding or submitting, before the officer or the producer clicks (the
    # service's own checks, the submission's read once with the page's counts): the button is offered disabled with
    # them beside it, and the act that removes the first of them is the page's main button; the POST refuses anyway.
    forward = checks.forward_blockers(registration, report=context["commune_report"]) if actions.get("forward") else []
    submit = context["submission"].blockers if actions.get("submit") else []
    remedies = remedies_for(actions, forward + submit)
    # The producer who supplies sees the supply page's request, each item linked to where it is supplied.
    supplement = context["open_supplement"] if actions.get("supply") else None
    return render(
        request,
        "evaluation/registration_detail.html",
        {
            "registration": registration,
            "can": actions,
            "producer_acts_itself": producer_acts_itself(request.user, registration),
            "producer_files_itself": producer_files_itself(request.user, registration),
            "supplement": dossier_selectors.supplement_items(supplement) if supplement else None,
            "sheet": selectors.selfassessment_sheet(registration),
            "copy_form": copy_form if copy_form is not None else CopyPreviousForm(product=registration.product),
            **context,
            "outcome": dossier_selectors.registration_outcome(user=request.user, registration=registration),
            "referrals": (
                dossier_selectors.central_referrals_of(registration) if can_read_referrals(request.user) else []
            ),
            # The written result notices (Điều 7.3g), for those they are addressed to and the offices.
            "result_notices": (
                list(registration.result_notices.order_by("date", "id"))
                if can_read_result_notices(request.user)
                else []
            ),
            "history": audit_history_for(user=request.user, target=registration),
            # A draft bound to criteria no longer in force (D26 Điều 12.2): the warning and its move, before submitting.
            "criteria_outdated": dossier_selectors.criteria_outdated(registration),
            "forward_blockers": [blocker.message for blocker in forward],
            "submit_blockers": [blocker.message for blocker in submit],
            "remedies": remedies,
            "main_action": remedies[0] if remedies else "",
            # The product and its producer linked for whoever reads the registry (a council member reads the dossier
            # only); the producer is read by the same scope as its products.
            "reads_product": Product.objects.for_user(request.user).filter(pk=registration.product_id).exists(),
            # The acts the apps above answer (certificates: the recognition decision's draft while the dossier awaits it).
            "more_actions": [a for answer in hooks.registration_actions(request.user, registration) for a in answer],
        },
    )


@login_required
@GET_POST
def registration_create(request):
    ensure_can(request.user, "create")
    # ?product=<id> from a product page opens the form with that product chosen (ignored if not the user's).
    product_id = parse_pk(request.GET.get("product"))
    form = RegistrationCreateForm(request.POST or None, user=request.user, initial={"product": product_id})
    # The page has no breadcrumb: "Huỷ" leads back to the product it was opened from, else to the dossiers.
    from_product = product_id and form.fields["product"].queryset.filter(pk=product_id).exists()
    back = (
        reverse("products:product_detail", args=[product_id])
        if from_product
        else reverse("evaluation:registration_list")
    )
    if request.method == "POST" and form.is_valid():
        try:
            registration = dossier_services.registration_file(
                product=form.cleaned_data["product"],
                kind=form.cleaned_data["kind"],
                by=request.user,
                evaluation_round=form.cleaned_data["round"],
                case_variant=form.cleaned_data.get("case_variant", 0),
            )
        except ValidationError as exc:
            add_service_errors(form, link_open_dossier(exc))
        else:
            if registration.previous_id:
                messages.success(
                    request,
                    _("Đã tạo phiếu đăng ký nháp từ hồ sơ được công nhận trước: cập nhật những gì đã thay đổi."),
                )
            else:
                messages.success(request, _("Đã tạo phiếu đăng ký nháp. Hãy tự đánh giá và đính kèm hồ sơ."))
            return registration_redirect(request, registration)
    return form_page(
        request, None, form, _("Đăng ký đánh giá, phân hạng sản phẩm (Mẫu 01)"), submit=_("Tạo phiếu"), back=back
    )


@login_required
@GET_POST
def registration_edit(request, pk):
    """Choose (or change) the round of a draft or returned dossier."""
    registration = get_registration_for_user(request.user, pk, action="edit")
    if request.method == "GET" and registration.status not in sources("edit_round"):
        # Filed, under evaluation or closed: an editable form here would only say so after "Lưu" (a stale page's
        # post still gets the service's refusal next to the form).
        messages.warning(
            request,
            _("Hồ sơ đang ở trạng thái “%(s)s”: không đổi được đợt đánh giá, trường hợp áp dụng.")
            % {"s": registration.get_status_display()},
        )
        return registration_redirect(request, registration)
    form = RegistrationRoundForm(
        request.POST or None, user=request.user, registration=registration, initial={"round": registration.round_id}
    )
    if request.method == "POST" and form.is_valid():
        try:
            dossier_services.registration_update(
                registration=registration,
                by=request.user,
                evaluation_round=form.cleaned_data["round"],
                case_variant=form.cleaned_data.get("case_variant"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã cập nhật phiếu đăng ký."))
            return registration_redirect(request, registration)
    title = _("Đợt đánh giá và trường hợp áp dụng") if "case_variant" in form.fields else _("Chọn đợt đánh giá")
    return form_page(request, registration, form, title, submit=_("Lưu"))


@login_required
@require_POST
def registration_copy(request, pk):
    """Start a re-evaluation or an upgrade from a copy of this dossier."""
    previous = get_registration_for_user(request.user, pk, action="copy")
    form = CopyPreviousForm(request.POST, product=previous.product)
    if form.is_valid():
        try:
            registration = dossier_services.registration_create_from_previous(
                previous=previous, kind=form.cleaned_data["kind"], by=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã tạo hồ sơ mới từ hồ sơ trước."))
            return registration_redirect(request, registration)
    # The dossier page again, the refusal beside the kind chosen (an upgrade of a 5★ product, a re-evaluation
    # outside its window, Điều 7.5, 7.6a).
    return _detail_page(request, previous, copy_form=form)


# ---------------------------------------------------------------- self-assessment and documents


@login_required
@GET_POST
def registration_selfassessment(request, pk):
    registration = get_registration_for_user(
        request.user, pk, write=request.method == "POST", action="edit" if request.method == "POST" else None
    )
    sheet = selectors.selfassessment_sheet(registration)
    supplement = (
        dossier_selectors.open_supplement(registration) if registration.status == "supplement_requested" else None
    )
    only = set(supplement.criteria.values_list("pk", flat=True)) if supplement else None
    form = SelfAssessmentForm(request.POST or None, sheet=sheet, only=only)
    if request.method == "POST" and form.is_valid():
        try:
            dossier_services.selfassessment_save(registration=registration, answers=form.answers(), by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu bản tự đánh giá."))
            return registration_redirect(request, registration)
    return render(
        request,
        "evaluation/registration_selfassessment.html",
        {
            "registration": registration,
            "sheet": sheet,
            "form": form,
            "editable": can_act(request.user, "edit", registration)
            and (
                registration.status in sources("edit_round") or (registration.status == "supplement_requested" and only)
            ),
            # While a supplement is open only the criteria it names can change.
            "only_criteria": only,
        },
    )


@login_required
@require_GET
def registration_form_pdf(request, pk, form):
    """Mẫu 01, 02 or 03 of D26 Phụ lục III, filled from the dossier, to print, sign and upload back."""
    from ..exports import FORMS, dossier_form_pdf

    if form not in FORMS:
        raise Http404
    registration = get_registration_for_user(request.user, pk)
    content = dossier_form_pdf(registration=registration, form=form, user=request.user)
    # After the Phiếu's number once the province has given it, else the product's OCOP code, else its name.
    product = registration.product
    name = paper_file_name(
        f"mau-{form}", number=registration.form_number, fallback=(product.code or product.name,), ext="pdf"
    )
    return download_response(content, filename=name, content_type="application/pdf")


@login_required
@require_POST
def registration_rebind(request, pk):
    """“Chuyển sang bộ tiêu chí hiện hành”: a draft typed in under criteria no longer in force moves to the version in
    force (D26 Điều 12.2, services.rebind). Asks first: the self-assessment answers are cleared."""
    registration = get_registration_for_user(request.user, pk, action="edit")
    version = dossier_selectors.criteria_outdated(registration)
    if version is None:
        messages.info(request, _("Hồ sơ đã theo bộ tiêu chí hiện hành hoặc đã nộp: không cần chuyển."))
        return registration_redirect(request, registration)
    if not is_confirmed(request):
        answered = registration.answers.count()
        return confirm_page(
            request,
            title=_("Chuyển sang bộ tiêu chí hiện hành"),
            consequences=[
                _("Hồ sơ: %(product)s — %(producer)s")
                % {"product": registration.product.name, "producer": registration.product.producer.name},
                _("Hồ sơ chuyển từ %(old)s sang %(new)s, có hiệu lực từ ngày %(d)s (Điều 12.2).")
                % {
                    "old": registration.criteria_version.get_legal_basis_display(),
                    "new": version.get_legal_basis_display(),
                    "d": version.effective_from.strftime("%d/%m/%Y"),
                },
                _(
                    "Phần tự đánh giá theo bộ tiêu chí cũ (%(n)s tiêu chí đã chấm) bị xoá: hãy tự đánh giá lại theo phiếu mới."
                )
                % {"n": answered},
                _(
                    "Tài liệu đã tải lên được giữ lại, trừ Báo cáo tự đánh giá (Mẫu 02) đã ký cho phần tự đánh giá cũ: "
                    "được để riêng, hồ sơ cần Mẫu 02 mới."
                ),
            ],
            submit=_("Xác nhận chuyển bộ tiêu chí"),
            cancel_url=reverse("evaluation:registration_detail", args=[registration.pk]),
        )
    try:
        done = rebind_services.registration_rebind(registration=registration, by=request.user)
    except AlreadyDone as exc:
        messages.info(request, " ".join(exc.messages))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        said = [_("Hồ sơ đã chuyển sang %(new)s.") % {"new": version.get_legal_basis_display()}]
        if done.answers_cleared:
            said.append(
                _(
                    "Đã xoá phần tự đánh giá theo bộ tiêu chí cũ (tiêu chí %(list)s): hãy tự đánh giá lại theo phiếu mới."
                )
                % {"list": ", ".join(done.answers_cleared)}
            )
        if done.documents_set_aside:
            said.append(
                _(
                    "Báo cáo tự đánh giá (Mẫu 02) đã ký theo bộ tiêu chí cũ được để riêng, không còn trong hồ sơ "
                    "(%(list)s): sau khi tự đánh giá lại, hãy ký và tải lên Mẫu 02 mới."
                )
                % {"list": ", ".join(done.documents_set_aside)}
            )
        if done.documents_untied:
            said.append(
                _("Tài liệu giữ lại nhưng bỏ gắn với tiêu chí cũ: %(list)s.")
                % {"list": ", ".join(done.documents_untied)}
            )
        if done.documents_dropped:
            said.append(
                _("Đã xoá tài liệu không còn phù hợp với loại hồ sơ: %(list)s.")
                % {"list": ", ".join(done.documents_dropped)}
            )
        if done.case_needed:
            said.append(_("Phiếu mới có Trường hợp 1 và 2: hãy chọn trường hợp áp dụng khi sửa hồ sơ."))
        messages.success(request, " ".join(said))
    return registration_redirect(request, registration)
