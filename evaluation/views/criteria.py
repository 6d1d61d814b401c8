"""Read-only pages of the scorecards: the list, one sheet as the official layout (printable), and its PDF."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ocop.downloads import download_response

from ..exports import render_scorecard_pdf
from ..forms.criteria import ScorecardFilterForm
from ..permissions.criteria import get_scorecard_for_user
from ..selectors.criteria import scorecard_list, scorecard_sheet_rows


@login_required
@require_GET
def scorecard_list_view(request):
    form = ScorecardFilterForm(request.GET or None)
    version = form.selected_version()
    cards = scorecard_list(user=request.user, version=version)
    return render(request, "evaluation/scorecard_list.html", {"form": form, "version": version, "scorecards": cards})


@login_required
@require_GET
def scorecard_detail(request, pk: int):
    scorecard = get_scorecard_for_user(request.user, pk)
    rows = scorecard_sheet_rows(scorecard)
    return render(request, "evaluation/scorecard_detail.html", {"scorecard": scorecard, "rows": rows})


@login_required
@require_GET
def scorecard_pdf(request, pk: int):
    scorecard = get_scorecard_for_user(request.user, pk)
    name = f"phieu-danh-gia-{scorecard.version.legal_basis}-bo-{scorecard.number:02d}.pdf"
    return download_response(
        render_scorecard_pdf(scorecard), filename=name, content_type="application/pdf", as_attachment=False
    )
