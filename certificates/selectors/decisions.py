"""Reads for recognition decisions: the register, a decision's annex, the pending count and the numbers taken."""

from django.db.models import F, OuterRef, QuerySet

from ocop.db import count_of
from ocop.models import User

from ..models import Certificate, DecisionEntry, RecognitionDecision


def decision_list(*, user: User, filters: dict | None = None) -> QuerySet:
    from ..filters import DecisionFilter

    qs = (
        RecognitionDecision.objects.for_user(user)
        .select_related("issuer_unit")
        .annotate(
            # Subqueries, not a join and GROUP BY: the page's rows are counted, not every decision before paging.
            entry_count=count_of(DecisionEntry.objects.filter(decision=OuterRef("pk"))),
            # A historic decision has no entries, only the certificates typed in from it (issue 12 item 15).
            certificate_count=count_of(Certificate.objects.filter(decision=OuterRef("pk"))),
        )
        # Drafts (no date until issued) first, then the register by the decisions' own dates: one typed in from
        # the archive today takes its place among its year's, not above the latest.
        .order_by(F("date").desc(nulls_first=True), "-id")
    )
    return DecisionFilter(filters or {}, queryset=qs).qs


def decision_visible(*, user: User, decision_id: int) -> bool:
    return RecognitionDecision.objects.for_user(user).filter(pk=decision_id).exists()


def decision_entries(*, decision: RecognitionDecision) -> QuerySet:
    # Through the decision's own manager: each line knows its decision without a query (DecisionEntry.product_code
    # reads its date for a line with no dossier).
    return decision.entries.select_related("product__producer__commune", "registration", "result").order_by(
        "order", "pk"
    )


def decisions_pending_count(*, user: User) -> int:
    """Drafted or checked decisions in the user's scope, not yet issued."""
    from ..choices import PENDING_DECISION_STATUSES

    return RecognitionDecision.objects.for_user(user).filter(status__in=PENDING_DECISION_STATUSES).count()
