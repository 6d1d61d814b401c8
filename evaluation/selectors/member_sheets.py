"""What a council member still has to do: the sheets to score (a count on their pages, a list on their home page)
and, for the chair and the secretary, the sessions they run.

Both start from `items_to_score` (evaluation.permissions.councils), the items whose sheet the member may open, and
keep those of a session not closed whose result is not taken yet."""

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When

from ocop.models import User

from ..choices import SessionStatus, SheetStatus
from ..models.councils import AgendaItem, CouncilMember, CouncilSession
from ..models.scoresheets import ConflictDeclaration, ScoreSheet
from ..permissions.councils import LEADING_ROLES, items_to_score

OPEN_SESSIONS = [SessionStatus.PLANNED, SessionStatus.OPEN]


def _open_items(user: User) -> QuerySet[AgendaItem]:
    return items_to_score(user).filter(session__status__in=OPEN_SESSIONS, result__isnull=True)


def _own_sheets(user: User) -> QuerySet[ScoreSheet]:
    """The member's sheet of the outer item's current scoring round (at most one: the sheets' unique constraint)."""
    return ScoreSheet.objects.filter(
        item=OuterRef("pk"), member__user=user, scoring_round=OuterRef("scoring_round")
    ).exclude(status=SheetStatus.SUPERSEDED)


def pending_sheets_count(*, user: User) -> int:
    """Items the user still has to score: no sheet of theirs submitted in the item's scoring round."""
    return _open_items(user).exclude(Exists(_own_sheets(user).filter(status=SheetStatus.SUBMITTED))).count()


def member_sheet_worklist(*, user: User, limit: int | None = 10, pending_only: bool = False) -> list[dict]:
    """The member's sheets to fill, then those submitted while the council has not taken its result: each with
    its step ("declare" the conflict of interest, "open" the sheet, "draft", "submitted"), earliest session first.
    `pending_only`: the sheets to fill alone (those `pending_sheets_count` counts). One query whatever the number of
    items."""
    own = _own_sheets(user)
    items = (
        _open_items(user)
        .select_related("session__council", "registration__product__producer", "registration__scorecard")
        .annotate(
            declared=Exists(ConflictDeclaration.objects.filter(item=OuterRef("pk"), member__user=user)),
            sheet_pk=Subquery(own.values("pk")[:1]),
            sheet_status=Subquery(own.values("status")[:1]),
            sheet_saved_at=Subquery(own.values("updated_at")[:1]),
            done=Case(
                When(sheet_status=SheetStatus.SUBMITTED, then=Value(1)), default=Value(0), output_field=IntegerField()
            ),
        )
        .order_by("done", "session__date", "session_id", "order", "pk")
    )
    if pending_only:
        items = items.filter(done=0)
    items = items[:limit]
    rows = []
    for item in items:
        if not item.declared:
            step = "declare"
        elif item.sheet_status is None:
            step = "open"
        else:
            step = item.sheet_status
        rows.append({"item": item, "step": step, "sheet_pk": item.sheet_pk, "saved_at": item.sheet_saved_at})
    return rows


def led_sessions(*, user: User, limit: int = 5) -> list[CouncilSession]:
    """The sessions not closed of the councils the user chairs or is secretary of, earliest first, each with its
    number of dossiers and of results taken (`item_count`, `result_count`). One query."""
    leads = CouncilMember.objects.filter(council=OuterRef("council_id"), user=user, active=True, role__in=LEADING_ROLES)
    return list(
        CouncilSession.objects.filter(Exists(leads), status__in=OPEN_SESSIONS)
        .select_related("council")
        .annotate(item_count=Count("items"), result_count=Count("items", filter=Q(items__result__isnull=False)))
        .order_by("date", "pk")[:limit]
    )
