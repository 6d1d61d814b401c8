"""Council pages after scoring: the council's result of an item, the session's minutes (PDF) and export (Excel),
and a member's signed sheet. Views only call the chokepoints (permissions), the selectors and the services."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from ocop import xlsx
from ocop.downloads import download_response, paper_file_name
from ocop.forms import parse_pk
from ocop.text import file_slug

from ..models import Registration
from ..models.results import CouncilResult
from ..permissions import councils as perms
from ..selectors import councils as sel

# ---------------------------------------------------------------- results and documents


@login_required
@require_GET
def result_detail(request, pk):
    item = perms.get_result_item_for_user(request.user, pk)
    if request.user.role == "producer":
        # Producers see the council's result of their own product only after the decision.
        result = get_object_or_404(CouncilResult, item=item)
        return render(
            request,
            "evaluation/result_detail.html",
            {"item": item, "result": result, "state": None, "dossier_visible": _dossier_visible(request.user, item)},
        )
    state = sel.item_state(user=request.user, item=item)
    if not state.visible:
        raise PermissionDenied
    whole = perms.sees_whole_session(request.user, item.session.council)
    # Each member's signed sheet: every one for the chair, secretary and officers, one's own for a member.
    sheets = {
        row["member"].pk: row["sheet"].pk
        for row in state.member_totals
        if whole or row["member"].user_id == request.user.pk
    }
    rows = [
        {**row, "sheet_id": sheets.get(row["member_id"])}
        for row in (state.result.member_totals if state.result else [])
    ]
    return render(
        request,
        "evaluation/result_detail.html",
        {
            "item": item,
            "result": state.result,
            "state": state,
            "member_rows": rows,
            "dossier_visible": _dossier_visible(request.user, item),
        },
    )


def _dossier_visible(user, item) -> bool:
    """Whether the result page links the dossier it is the result of: for whoever may read that dossier."""
    return Registration.objects.for_user(user).filter(pk=item.registration_id).exists()


def _document_session(request, pk):
    session = perms.get_session_for_user(request.user, pk)
    if not perms.sees_whole_session(request.user, session.council):
        raise PermissionDenied
    return session


def _session_names(session) -> tuple:
    """What tells a session's papers apart when they have no number: its council and its day."""
    return (session.council.name, f"{session.date:%Y%m%d}")


@login_required
@require_GET
def session_minutes_pdf(request, pk):
    from ..exports import minutes_pdf

    session = _document_session(request, pk)
    return download_response(
        minutes_pdf(user=request.user, session=session),
        filename=paper_file_name(
            "bien-ban", number=session.minutes_number, fallback=_session_names(session), ext="pdf"
        ),
        content_type="application/pdf",
        as_attachment=False,
    )


@login_required
@require_GET
def session_export(request, pk):
    from ..exports import session_xlsx

    session = _document_session(request, pk)
    return download_response(
        session_xlsx(user=request.user, session=session),
        filename=paper_file_name("phieu-cham", fallback=_session_names(session), ext="xlsx"),
        content_type=xlsx.XLSX,
    )


@login_required
@require_GET
def sheet_pdf(request, pk):
    """The signed, frozen PDF of a submitted sheet (ocop-domain.md §7); ?v=<version> for an earlier submission."""
    from ..exports import sheet_pdf as render

    version = parse_pk(request.GET.get("v"))
    revision, item = perms.get_submitted_revision_for_user(request.user, pk, version)
    return download_response(
        render(revision=revision, item=item),
        # Whose sheet on which product, as the reader keeps several side by side ("phieu-danh-gia-mien-dong-tai-
        # hoan-hoang-anh-tuan-v3.pdf"), not the sheet's database id.
        filename="-".join(
            ["phieu-danh-gia", file_slug(item.registration.product.name), file_slug(revision.sheet.member.user)]
        )
        + f"-v{revision.version}.pdf",
        content_type="application/pdf",
        as_attachment=False,
    )
