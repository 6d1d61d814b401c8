"""The lists of councils and sessions a user may open, and a council's members (the councils' and sessions' pages).

What each item of a session shows, and to whom (the confidentiality of the scores), is selectors.councils."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q

from ocop.db import count_of
from ocop.models import User
from ocop.text import vi_order

from ..models.councils import AgendaItem, Council, CouncilSession
from ..models.scoresheets import ConflictDeclaration
from ..permissions.councils import load_memberships, sees_whole_session


def council_list(*, user: User):
    return (
        Council.objects.for_user(user)
        .select_related("unit")
        .annotate(member_count=Count("members", filter=Q(members__active=True), distinct=True))
        .order_by("-decision_date", vi_order("name"), "pk")
    )


def council_members(*, council: Council):
    return council.members.select_related("user").order_by("-active", "role", "id")


def session_list(*, user: User) -> list[CouncilSession]:
    """The sessions `user` may open, each with `item_count`: how many of its dossiers `user` finds on its page. A
    member who does not lead the council is shown only the dossiers assigned to them and not recused
    (visible_items_q), and counted those: the list said 3 where the session showed the member 1."""
    return _with_item_counts(CouncilSession.objects.for_user(user).select_related("council", "round"), user)


def council_sessions(*, council: Council, user: User) -> list[CouncilSession]:
    return _with_item_counts(
        CouncilSession.objects.for_user(user).filter(council=council).select_related("council", "round"), user
    )


def _with_item_counts(sessions, user: User) -> list[CouncilSession]:
    whole = count_of(AgendaItem.objects.filter(session=OuterRef("pk")))
    if user.is_national:  # sees every session whole: no count of its own assignments to make
        return list(sessions.annotate(item_count=whole))
    recused = ConflictDeclaration.objects.filter(item=OuterRef("pk"), member__user=user, has_conflict=True)
    assigned = AgendaItem.objects.filter(
        session=OuterRef("pk"), assignments__member__user=user, assignments__member__active=True
    ).exclude(Exists(recused))
    rows = list(sessions.annotate(whole_count=whole, assigned_count=count_of(assigned)))
    load_memberships(user, {session.council_id for session in rows})  # one query, not one per council
    for session in rows:
        shown_whole = sees_whole_session(user, session.council)
        session.item_count = session.whole_count if shown_whole else session.assigned_count
    return rows
