"""The decisions this app records under a number (ocop.hooks.decision_numbers): the Chủ tịch UBND tỉnh's approvals of
potential 5★ results and the decisions establishing councils, in their issuer's one sequence of decisions of a year;
and the OCOP office's result notices ("…/TB-…"), in the office's own sequence of the year."""

from __future__ import annotations

from django.urls import reverse

from ocop.hooks import DecisionNumber
from ocop.selectors import NumberClash, decision_issuer_name, number_clashes
from ocop.text import decision_number_q

from ..choices import Level
from ..models.councils import Council
from ..models.notices import ResultNotice
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


def notice_office(*, parent_name: str, issuer_name: str) -> str:
    """The office that numbers a result notice, as one issuer (ocop.selectors.issuer_key reads it however written):
    the OCOP office under the agency it answers to, "Ủy ban nhân dân tỉnh Thái Nguyên / Sở Nông nghiệp và Môi
    trường". Its notices of a year are one sequence (services.notice_papers.notice_number_holder)."""
    return f"{parent_name} / {issuer_name}"


def notice_number_clashes() -> list[NumberClash]:
    """The result notices of one office and year whose numbers are one number however typed (ocop.selectors.
    number_clashes, the grouping of the decisions' clashes), the pairs notice_number_holder refuses ("12/TB-SNNMT"
    after "012/tb–snnmt") but that were written before it compared them so. Nothing is changed: the office has the
    wrong one corrected. By office, year and number; each group's notices oldest first."""
    rows = ResultNotice.objects.values_list("pk", "parent_name", "issuer_name", "number", "date", "registration_id")
    return number_clashes(
        DecisionNumber(
            notice_office(parent_name=parent, issuer_name=issuer),
            ("notice", pk),
            number,
            date=day,
            pk=pk,
            link=reverse("evaluation:registration_detail", args=[registration_id]),
        )
        for pk, parent, issuer, number, day, registration_id in rows.order_by("pk").iterator(chunk_size=5000)
    )
