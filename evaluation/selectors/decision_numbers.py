"""The decisions this app records under a number (ocop.hooks.decision_numbers): the Chủ tịch UBND tỉnh's approvals of
potential 5★ results and the decisions establishing councils, in their issuer's one sequence of decisions of a year."""

from __future__ import annotations

from django.urls import reverse

from ocop.hooks import DecisionNumber
from ocop.selectors import decision_issuer_name
from ocop.text import decision_number_q

from ..choices import Level
from ..models.councils import Council
from ..models.results import CentralReferral


def council_issuer(council: Council) -> str:
    """Who issues the decision establishing `council` or its advisory team: the Chủ tịch UBND of its province (or of
    its former district), the ministry the central council's (Điều 7.3b, 7.4)."""
    if council.level == Level.CENTRAL:
        return decision_issuer_name(None)
    return decision_issuer_name(council.unit) if council.unit_id else ""


def decision_numbers(number: str | None, year: int | None) -> list[DecisionNumber]:
    """ocop.hooks.decision_numbers: the decisions this area records under a number that may be `number` (ocop.text.
    decision_number_q) in `year` (None: any): the Chủ tịch UBND tỉnh's approvals of potential 5★ results (one
    decision may approve several dossiers: their papers share its number and date) and the decisions establishing
    councils and advisory teams (one decision may establish both)."""
    approvals = CentralReferral.objects.exclude(approval_number="")
    councils = Council.objects.exclude(decision_number="")
    if number is not None:
        approvals = approvals.filter(decision_number_q("approval_number", number))
        councils = councils.filter(decision_number_q("decision_number", number))
    if year is not None:
        approvals = approvals.filter(approval_date__year=year)
        councils = councils.filter(decision_date__year=year)
    return [
        DecisionNumber(
            decision_issuer_name(a.registration.province) if a.registration.province_id else "",
            ("approval", a.approval_date),
            a.approval_number,
            date=a.approval_date,
            pk=a.pk,
            link=reverse("evaluation:registration_detail", args=[a.registration_id]),
        )
        for a in approvals.select_related("registration__province")
    ] + [
        DecisionNumber(
            council_issuer(c),
            ("council", c.decision_date),
            c.decision_number,
            date=c.decision_date,
            pk=c.pk,
            link=reverse("evaluation:council_detail", args=[c.pk]),
        )
        for c in councils.select_related("unit")
    ]
