"""Remedies after an inspection: the producer's answer, the inspector's review, the evidence sent."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ocop.downloads import file_download_response, image_response
from ocop.forms import add_service_errors

from .. import forms, selectors, services
from ..permissions import can_answer_remedy, get_evidence_for_user, get_remedy_for_user, is_inspector
from .common import require
from .inspections import inspection_page


@login_required
@require_http_methods(["GET", "POST"])
def remedy_answer(request, pk):
    remedy = get_remedy_for_user(request.user, pk)
    require(can_answer_remedy(request.user, remedy))
    form = forms.RemedyAnswerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.remedy_answer(
                remedy=remedy, by=request.user, answer=form.cleaned_data["answer"], uploads=form.cleaned_data["files"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã gửi báo cáo khắc phục."))
            return redirect("supervision:inspection_detail", remedy.inspection_id)
    context = {"remedy": remedy, "form": form, "remedy_state": selectors.remedy_state_of(remedy)}
    return render(request, "supervision/remedy_answer.html", context)


@login_required
@require_POST
def remedy_review(request, pk):
    remedy = get_remedy_for_user(request.user, pk)
    require(is_inspector(request.user, remedy.inspection))
    form = forms.RemedyReviewForm(request.POST)
    if form.is_valid():
        try:
            services.remedy_review(
                remedy=remedy,
                by=request.user,
                accept=form.cleaned_data["decision"] == "accept",
                note=form.cleaned_data["note"],
                due_on=form.cleaned_data["due_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi ý kiến về kết quả khắc phục."))
            return redirect("supervision:inspection_detail", remedy.inspection_id)
    # Refused: the inspection's page again with the review's refusals beside its fields and what was typed in them.
    return inspection_page(request, remedy.inspection, review_form=form, status=400)


@login_required
@require_GET
def remedy_evidence(request, pk):
    evidence = get_evidence_for_user(request.user, pk)
    if evidence.content_type.startswith("image/"):
        return image_response(evidence.file, filename=evidence.original_name)
    return file_download_response(
        evidence.file.open("rb"), filename=evidence.original_name, content_type=evidence.content_type
    )
