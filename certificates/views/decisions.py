"""Recognition decisions: drafts, the second officer's check, issuing, the PDF and the ZIP of certificates.
Views only call services; the certificate views are in views/certificates.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluation.models import Registration
from evaluation.selectors.registrations import pending_act_lists
from ocop.choices import Role
from ocop.confirm import confirm_page, is_confirmed, is_going_back
from ocop.downloads import download_response, paper_file_name, stored_file_response
from ocop.forms import add_service_errors, parse_pk, valid_and_checked
from ocop.models import AdministrativeUnit
from products.selectors import audit_history_for

from .. import pdf as certificate_pdf
from ..choices import PENDING_DECISION_STATUSES, IssuerLevel
from ..filters import DECISION_STATUS_CHOICES
from ..forms import (
    DecisionCreateForm,
    DecisionIssueForm,
    DecisionPapersForm,
)
from ..permissions import (
    can_check_or_issue,
    can_complete_decision_papers,
    can_manage_decisions,
    decision_issuer_for,
    decision_written_by,
    get_decision_for_user,
    get_zip_job_for_user,
)
from ..selectors.decisions import decision_entries
from ..selectors.decisions import decision_list as select_decisions
from ..services import batches, drafts
from ..services import decisions as services
from ..services.corrections import correction_review
from ..services.decision_papers import decision_papers_complete as complete_papers
from ..services.decision_papers import decision_papers_missing
from ..services.eligibility import eligible_results
from ..services.issue_checks import decision_issue_check


def _issuer_for(user) -> tuple[str, AdministrativeUnit | None]:
    """Which issuer a new draft belongs to: the province officer's province, or the ministry."""
    if (issuer := decision_issuer_for(user)) is None:
        raise PermissionDenied
    return issuer


# --- decisions -------------------------------------------------------------------------------


@login_required
@require_GET
def decision_list(request):
    if request.user.role in {Role.PRODUCER, Role.COMMUNE_OFFICER}:  # they work from certificates
        raise PermissionDenied
    page = Paginator(select_decisions(user=request.user, filters=request.GET), 50).get_page(request.GET.get("page"))
    context = {"page": page, "statuses": DECISION_STATUS_CHOICES, "levels": IssuerLevel.choices}
    return render(request, "certificates/decision_list.html", context)


@login_required
@require_GET
def decision_detail(request, pk: int):
    decision = get_decision_for_user(request.user, pk)
    can_write = can_manage_decisions(
        request.user, issuer_level=decision.issuer_level, issuer_unit_id=decision.issuer_unit_id
    )
    entries = decision_entries(decision=decision)
    return render(
        request,
        "certificates/decision_detail.html",
        {
            "decision": decision,
            "entries": entries,
            # Each annex line links its dossier for whoever may read it: the checker checks it against its result.
            "readable_dossiers": set(
                Registration.objects.for_user(request.user)
                .filter(pk__in=[e.registration_id for e in entries if e.registration_id])
                .values_list("pk", flat=True)
            ),
            "can_write": can_write,
            # Four eyes: the drafter sees the steps but not the buttons to check or issue.
            "can_check": can_write and can_check_or_issue(request.user, decision),
            "written_by_reader": decision_written_by(request.user, decision) if can_write else "",
            # A decision recorded without its submission or signer: the officer fills in what it lacks.
            "can_complete_papers": can_complete_decision_papers(request.user, decision)
            and bool(decision_papers_missing(decision)),
            "certificates": decision.certificates.order_by("number"),
            "issue_form": DecisionIssueForm(),
            # A correction not yet issued: the products left out, the lines whose certificate ended since, and the
            # last day each other line keeps.
            "correction": correction_review(decision=decision),
            "validity_note": services.decision_validity_note(decision=decision),
            "history": audit_history_for(user=request.user, target=decision),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_papers_complete(request, pk: int):
    decision = get_decision_for_user(request.user, pk)
    if not can_complete_decision_papers(request.user, decision):
        raise PermissionDenied
    detail = reverse("certificates:decision_detail", args=[decision.pk])
    if not (missing := decision_papers_missing(decision)):
        messages.info(request, _("Quyết định này không có thông tin nào để bổ sung."))
        return redirect(detail)
    form = DecisionPapersForm(request.POST or None, missing=missing)
    if request.method == "POST" and form.is_valid():
        try:
            complete_papers(decision=decision, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã bổ sung thông tin của quyết định."))
            return redirect(detail)
    return render(request, "certificates/decision_papers_form.html", {"decision": decision, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request):
    if request.user.is_read_only:
        raise PermissionDenied
    level, unit = _issuer_for(request.user)
    eligible = eligible_results(issuer_level=level, issuer_unit=unit)
    # ?result=<id> from a dossier's page opens the draft with that result ticked (ignored if not one it may take).
    form = DecisionCreateForm(request.POST or None, eligible=eligible, initial={"results": _result_asked(request)})
    if request.method == "POST" and (created := _draft_created_before(request, level, unit)):
        return created  # the second copy of the form (a double click, the back button): the draft the first made
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_create(
                by=request.user,
                issuer_level=level,
                issuer_unit=unit,
                results=list(form.cleaned_data["results"]),
                signer_name=form.cleaned_data["signer_name"],
                signer_title=form.cleaned_data["signer_title"],
            )
        except ValidationError as exc:
            if created := _draft_created_before(request, level, unit):  # the other copy committed while this waited
                return created
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã tạo dự thảo quyết định."))
            return redirect("certificates:decision_detail", pk=decision.pk)
    elif request.method == "POST" and (created := _draft_created_before(request, level, unit)):
        return created  # the other copy committed while this one checked the form: its results were no longer free
    # Scored dossiers no decision can take (a kept upgrade, a 5★ re-evaluation the province scored): named, with
    # the list of each, so that "nothing to recognise" is not read as "nothing scored waits".
    pending = pending_act_lists(user=request.user) if level == IssuerLevel.PROVINCE else []
    context = {"form": form, "level": level, "unit": unit, "pending_acts": pending}
    return render(request, "certificates/decision_create.html", context)


def _result_asked(request) -> list[int]:
    result_id = parse_pk(request.GET.get("result"))
    return [result_id] if result_id else []


def _draft_created_before(request, level: str, unit: AdministrativeUnit | None):
    """The redirect to the draft that already holds every result the form posts, saying when and by whom it was
    created; None when there is none (drafts.draft_created_before)."""
    draft = drafts.draft_created_before(
        by=request.user,
        issuer_level=level,
        issuer_unit_id=unit.pk if unit else None,
        result_ids=request.POST.getlist("results"),
    )
    if draft is None:
        return None
    messages.info(
        request,
        _(
            "Dự thảo quyết định với các sản phẩm đã chọn đã được %(who)s tạo lúc %(when)s (có thể do bấm hai lần): "
            "đây là dự thảo đó, không tạo thêm dự thảo mới."
        )
        % {
            "who": str(draft.created_by) if draft.created_by_id else "—",
            "when": date_format(timezone.localtime(draft.created_at), "SHORT_DATETIME_FORMAT"),
        },
    )
    return redirect("certificates:decision_detail", pk=draft.pk)


@login_required
@require_POST
def decision_check(request, pk: int):
    decision = get_decision_for_user(request.user, pk, write=True)
    try:
        services.decision_check(decision=decision, by=request.user)
        messages.success(request, _("Đã kiểm tra dự thảo; có thể ban hành."))
    except services.DecisionAlreadyDone as exc:  # sent twice: the first copy did it
        messages.info(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("certificates:decision_detail", pk=decision.pk)


@login_required
@require_POST
def decision_return(request, pk: int):
    decision = get_decision_for_user(request.user, pk, write=True)
    try:
        services.decision_return_to_draft(decision=decision, by=request.user)
        messages.success(request, _("Đã trả lại dự thảo."))
    except services.DecisionAlreadyDone as exc:  # sent twice: the first copy did it
        messages.info(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("certificates:decision_detail", pk=decision.pk)


@login_required
@require_POST
def decision_correct(request, pk: int):
    decision = get_decision_for_user(request.user, pk, write=True)
    try:
        correction = services.decision_correct(decision=decision, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("certificates:decision_detail", pk=decision.pk)
    messages.success(request, _("Đã tạo dự thảo đính chính."))
    return redirect("certificates:decision_detail", pk=correction.pk)


@login_required
@require_POST
def decision_discard(request, pk: int):
    """Hủy dự thảo: a decision not yet issued is deleted after a confirmation step, its products released."""
    try:
        decision = get_decision_for_user(request.user, pk, write=True)
    except Http404:
        if (gone := drafts.discarded_notice(user=request.user, decision_id=pk)) is None:
            raise
        messages.info(request, gone.message)  # a second click, or another officer, after the first discard committed
        return redirect("certificates:decision_list")
    detail = reverse("certificates:decision_detail", args=[decision.pk])
    if decision.status not in PENDING_DECISION_STATUSES or decision.is_historic:
        messages.error(
            request, _("Chỉ hủy được dự thảo chưa ban hành; quyết định đã ban hành được sửa bằng đính chính.")
        )
        return redirect(detail)
    if not is_confirmed(request):
        products = [e.product.name for e in decision.entries.select_related("product").order_by("order", "pk")]
        return confirm_page(
            request,
            title=_("Hủy dự thảo quyết định"),
            consequences=[
                _("Dự thảo và phụ lục của nó bị xóa; lịch sử thao tác vẫn ghi lại việc hủy."),
                _("Các sản phẩm trong phụ lục được đưa vào quyết định khác được: %(products)s.")
                % {"products": ", ".join(products) or "—"},
            ],
            submit=_("Xác nhận hủy dự thảo"),
            cancel_url=detail,
        )
    try:
        drafts.decision_discard(decision=decision, by=request.user)
    except drafts.DraftAlreadyDiscarded as exc:  # a second copy, or another officer, discarded it first
        messages.info(request, exc.message)
        return redirect("certificates:decision_list")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(detail)
    messages.success(request, _("Đã hủy dự thảo quyết định; các sản phẩm có thể đưa vào quyết định khác."))
    return redirect("certificates:decision_list")


@login_required
@require_POST
def decision_entry_remove(request, pk: int, entry_id: int):
    decision = get_decision_for_user(request.user, pk, write=True)
    entry = get_object_or_404(decision.entries, pk=entry_id)
    try:
        services.decision_entry_remove(entry=entry, by=request.user)
        messages.success(request, _("Đã bỏ sản phẩm khỏi dự thảo."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("certificates:decision_detail", pk=decision.pk)


@login_required
@require_http_methods(["GET", "POST"])
def decision_issue(request, pk: int):
    decision = get_decision_for_user(request.user, pk, write=True)
    done = services.decision_already_done(decision, act="issue")
    if done is not None:  # a retried or second copy of the form, or an old link: the decision page says who issued it
        messages.info(request, done.message)
        return redirect("certificates:decision_detail", pk=decision.pk)
    form = DecisionIssueForm(request.POST or None)
    if (
        request.method == "POST"
        and not is_going_back(request)
        and valid_and_checked(
            form, decision_issue_check, ("number", "date", "submission_number", "submission_date"), decision=decision
        )
    ):
        if not is_confirmed(request):
            n = decision.entries.count()
            data = form.cleaned_data
            return confirm_page(
                request,
                title=_("Ban hành quyết định"),
                consequences=[
                    (
                        ngettext(
                            "Quyết định số %(number)s ngày %(date)s đính chính giấy chứng nhận của %(n)d sản phẩm và "
                            "không sửa được nữa.",
                            "Quyết định số %(number)s ngày %(date)s đính chính giấy chứng nhận của %(n)d sản phẩm và "
                            "không sửa được nữa.",
                            n,
                        )
                        if decision.corrects_id
                        else ngettext(
                            "Quyết định số %(number)s ngày %(date)s công nhận %(n)d sản phẩm và không sửa được nữa.",
                            "Quyết định số %(number)s ngày %(date)s công nhận %(n)d sản phẩm và không sửa được nữa.",
                            n,
                        )
                    )
                    % {"number": data["number"], "date": date_format(data["date"], "SHORT_DATE_FORMAT"), "n": n},
                    *(
                        [
                            _(
                                "Quyết định trích dẫn Tờ trình số %(number)s ngày %(date)s của cơ quan tham mưu quản lý OCOP."
                            )
                            % {
                                "number": data["submission_number"],
                                "date": date_format(data["submission_date"], "SHORT_DATE_FORMAT"),
                            }
                        ]
                        if data["submission_number"]
                        else []
                    ),
                    services.decision_validity_note(decision=decision),
                    _("Các chủ thể được thông báo."),
                ],
                submit=_("Xác nhận ban hành"),
                cancel_url=reverse("certificates:decision_detail", args=[decision.pk]),
                can_go_back=True,
                danger=False,
            )
        try:
            services.decision_issue(decision=decision, by=request.user, **form.cleaned_data)
        except services.DecisionAlreadyDone as exc:  # the other copy committed while this one waited
            messages.info(request, exc.message)
            return redirect("certificates:decision_detail", pk=decision.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Đã ban hành quyết định. Bản PDF của các giấy chứng nhận đang được tạo và sẽ có sau ít phút; "
                    "chủ thể được thông báo khi giấy chứng nhận sẵn sàng."
                ),
            )
            return redirect("certificates:decision_detail", pk=decision.pk)
    context = {
        "decision": decision,
        "form": form,
        "validity_note": services.decision_validity_note(decision=decision),
        # A correction: the last day each line's new certificate keeps, and the lines that can no longer be issued.
        "correction": correction_review(decision=decision),
        "entries": decision.entries.select_related("product").order_by("order", "pk"),
    }
    return render(request, "certificates/decision_issue.html", context)


@login_required
@require_GET
def decision_pdf(request, pk: int):
    decision = get_decision_for_user(request.user, pk)
    content = certificate_pdf.render_decision_pdf(decision=decision, entries=list(decision_entries(decision=decision)))
    return download_response(
        content,
        filename=_decision_file_name(decision, kind="quyet-dinh", ext="pdf"),
        content_type="application/pdf",
        as_attachment=False,
    )


def _decision_file_name(decision, *, kind: str, ext: str) -> str:
    """After the decision's number; a draft, which has none, after its issuer and the day it was drafted."""
    drafted = timezone.localtime(decision.created_at) if decision.created_at else None
    fallback = ("du-thao", decision.issuer_name, f"{drafted:%Y%m%d}" if drafted else "")
    return paper_file_name(kind, number=decision.number, fallback=fallback, ext=ext)


@login_required
@require_POST
def decision_zip(request, pk: int):
    decision = get_decision_for_user(request.user, pk)
    try:
        job = batches.zip_job_start(decision=decision, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("certificates:decision_detail", pk=decision.pk)
    return redirect("certificates:decision_zip_status", pk=decision.pk, job_id=job.pk)


@never_cache
@login_required
@require_GET
def decision_zip_status(request, pk: int, job_id: int):
    decision = get_decision_for_user(request.user, pk)
    job = get_zip_job_for_user(request.user, decision, job_id)
    download = reverse("certificates:decision_zip_download", args=[decision.pk, job.pk])
    return render(request, "certificates/decision_zip.html", {"decision": decision, "job": job, "download": download})


@login_required
@require_GET
def decision_zip_download(request, pk: int, job_id: int):
    decision = get_decision_for_user(request.user, pk)
    job = get_zip_job_for_user(request.user, decision, job_id)
    if not job.output_file:
        raise Http404
    name = _decision_file_name(decision, kind="giay-chung-nhan", ext="zip")
    return stored_file_response(job.output_file, filename=name, content_type="application/zip")


# --- certificates ----------------------------------------------------------------------------
