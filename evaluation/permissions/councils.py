"""Who may see and do what in councils, sessions and score sheets: one chokepoint per model.

- National roles (central officer, admin) see every council; a province officer sees and manages the councils of
  their province; a viewer of a province reads them (403 on writes).
- A council member sees only the sessions of their councils; a plain member sees only the agenda items assigned to
  them and not recused; the chair and the secretary see the whole session.
- Everyone else gets a 404, so the existence of a council is never revealed.
Whether scores may be shown is NOT decided here but in `evaluation.selectors.councils.scores_visible`.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from ocop.choices import Role
from ocop.models import User
from ocop.permissions import NOTHING, can_write

from ..choices import MemberRole, RegistrationStatus, RevisionKind
from ..models.councils import AgendaItem, Council, CouncilMember, CouncilSession
from ..models.registrations import Registration
from ..models.scoresheets import ConflictDeclaration, ScoreSheet

LEADING_ROLES = {MemberRole.CHAIR, MemberRole.SECRETARY}


def council_scope_q(user: User, prefix: str = "") -> Q:
    """A filter on councils (or on rows reaching a council through `prefix`) visible to `user`."""
    if not user.is_authenticated:
        return NOTHING
    if user.is_national:
        return Q()
    q = Q(**{f"{prefix}members__user": user, f"{prefix}members__active": True})
    if user.role in {Role.PROVINCE_OFFICER, Role.VIEWER} and user.unit_id is not None:
        q |= Q(**{f"{prefix}unit_id": user.unit_id})
    return q


def is_manager(user: User, council: Council) -> bool:
    """Province officers of the council's unit (and national officers) set up councils and sessions."""
    if not can_write(user):
        return False
    if user.is_superuser or user.role in {Role.ADMIN, Role.CENTRAL_OFFICER}:
        return True
    return user.role == Role.PROVINCE_OFFICER and user.unit_id is not None and council.unit_id == user.unit_id


def membership(user: User, council: Council) -> CouncilMember | None:
    """The user's active membership of `council` (None if not a member). Cached per request object."""
    cache = _memberships(user)
    if council.pk not in cache:
        cache[council.pk] = (
            CouncilMember.objects.filter(council=council, user=user, active=True).select_related("user").first()
            if user.is_authenticated
            else None
        )
    return cache[council.pk]


def load_memberships(user: User, council_ids) -> None:
    """Read `user`'s active memberships of these councils in one query into membership()'s cache (a list of
    sessions of many councils asks for each)."""
    cache = _memberships(user)
    missing = set(council_ids) - set(cache)
    if not missing:
        return
    found = (
        {m.council_id: m for m in CouncilMember.objects.filter(council__in=missing, user=user, active=True)}
        if user.is_authenticated
        else {}
    )
    for council_id in missing:
        cache[council_id] = found.get(council_id)


def _remember_membership(user: User, council: Council, member: CouncilMember) -> None:
    _memberships(user)[council.pk] = member


def _memberships(user: User) -> dict:
    """membership()'s cache on the user object (one request's): council id → active membership or None."""
    if not hasattr(user, "_council_memberships"):
        user._council_memberships = {}
    return user._council_memberships


def leads_session(user: User, council: Council) -> bool:
    """Chair or secretary of the council: sees the whole session and runs it."""
    member = membership(user, council)
    return member is not None and member.role in LEADING_ROLES and can_write(user)


def sees_whole_session(user: User, council: Council) -> bool:
    if user.is_national or is_manager(user, council):
        return True
    if user.role == Role.VIEWER:
        return True  # read-only; scores stay behind scores_visible
    member = membership(user, council)
    return member is not None and member.role in LEADING_ROLES


def is_chair(user: User, council: Council) -> bool:
    member = membership(user, council)
    return member is not None and member.role == MemberRole.CHAIR and can_write(user)


def get_council_for_user(user: User, pk: int, *, write: bool = False) -> Council:
    council = get_object_or_404(Council.objects.for_user(user).select_related("unit"), pk=pk)
    if write and not is_manager(user, council):
        raise PermissionDenied
    return council


def get_session_for_user(user: User, pk: int, *, write: bool = False) -> CouncilSession:
    """The session if the user may see it (404 otherwise); write=True for the chair, secretary or manager."""
    session = get_object_or_404(
        CouncilSession.objects.for_user(user).select_related("council", "council__unit", "round"),
        pk=pk,
    )
    if write and not (is_manager(user, session.council) or leads_session(user, session.council)):
        raise PermissionDenied
    return session


def visible_items_q(user: User, council: Council) -> Q:
    """Agenda items a user may see in a session of `council`: all for leaders and managers, otherwise only the
    items assigned to them on which they have not declared a conflict."""
    if sees_whole_session(user, council):
        return Q()
    member = membership(user, council)
    if member is None:
        return NOTHING
    # (One EXISTS for the member's own recusal: `~Q(declarations__member=…, declarations__has_conflict=True)` tests
    # the two conditions on any declarations, so a co-member's recusal hid the item from every member.)
    recused = ConflictDeclaration.objects.filter(item=OuterRef("pk"), member=member, has_conflict=True)
    return Q(assignments__member=member) & ~Exists(recused)


def _items_of_user(user: User):
    return AgendaItem.objects.filter(session__in=CouncilSession.objects.for_user(user)).select_related(
        "session",
        "session__council",
        "registration",
        "registration__product",
        "registration__product__producer",
        "registration__scorecard",
    )


def items_to_score(user: User):
    """The agenda items whose score sheet `user` may open (the sheet page): assigned to their active membership of
    the council, in a session they see, with no conflict of interest declared, and not recorded as giving no opinion
    by a written session's deadline (services.conflicts.no_opinion_record)."""
    if not user.is_authenticated:
        return AgendaItem.objects.none()
    assigned = CouncilMember.objects.filter(
        assignments__item=OuterRef("pk"),
        assignments__no_opinion_at__isnull=True,
        council_id=OuterRef("session__council_id"),
        user=user,
        active=True,
    )
    recused = CouncilMember.objects.filter(
        declarations__item=OuterRef("pk"), declarations__has_conflict=True, user=user
    )
    return AgendaItem.objects.filter(session__in=CouncilSession.objects.for_user(user)).filter(
        Exists(assigned), ~Exists(recused)
    )


def get_item_for_user(user: User, pk: int, *, write: bool = False) -> AgendaItem:
    item = get_object_or_404(_items_of_user(user), pk=pk)
    council = item.session.council
    if not AgendaItem.objects.filter(visible_items_q(user, council), pk=item.pk).exists():
        raise Http404
    if write and not (is_manager(user, council) or leads_session(user, council)):
        raise PermissionDenied
    return item


def get_result_item_for_user(user: User, pk: int) -> AgendaItem:
    """The agenda item whose result page (views.council_results.result_detail) `user` may open: a producer their own
    dossier's once the decision is issued (the outcome is not announced before it, Điều 7.3g); anyone else an item
    they see in a session (get_item_for_user). 404 otherwise."""
    if user.role == Role.PRODUCER:
        own = Registration.objects.for_user(user).filter(status=RegistrationStatus.DECIDED)
        return get_object_or_404(
            AgendaItem.objects.filter(registration__in=own).select_related("registration__product"), pk=pk
        )
    return get_item_for_user(user, pk)


def may_open_result(user: User, item_id: int) -> bool:
    """Whether get_result_item_for_user lets `user` in (the dossier page links the result page only then)."""
    try:
        get_result_item_for_user(user, item_id)
    except Http404:
        return False
    return True


def get_own_sheet_for_user(user: User, pk: int) -> ScoreSheet:
    """A sheet its own member may edit. Anyone else, including the chair, gets a 404 (they may reopen it only)."""
    sheet = get_object_or_404(
        ScoreSheet.objects.select_related(
            "item",
            "item__session",
            "item__session__council",
            "item__registration",
            "member",
            "member__user",
        ),
        pk=pk,
        member__user=user,
        member__active=True,
    )
    if not can_write(user):
        raise PermissionDenied
    council = sheet.item.session.council
    if sheet.member.council_id != council.pk:  # never by construction; then the general check
        get_item_for_user(user, sheet.item_id)
        return sheet
    # The sheet's member is the user's active membership of the session's council: the session is visible to them
    # and their membership known, so only "assigned, not recused" is left to ask, in one query and none for the
    # chair or the secretary (get_item_for_user read the item and the membership again: three queries on every
    # autosave, issue 15).
    _remember_membership(user, council, sheet.member)
    if not sees_whole_session(user, council) and not (
        AgendaItem.objects.filter(visible_items_q(user, council), pk=sheet.item_id).exists()
    ):
        raise Http404
    return sheet


def get_sheet_for_chair(user: User, pk: int) -> ScoreSheet:
    """A sheet the council's chair may reopen: 404 outside the session, 403 for anyone but the chair."""
    sheet = get_object_or_404(
        ScoreSheet.objects.filter(item__session__in=CouncilSession.objects.for_user(user)).select_related(
            "item", "item__session", "item__session__council", "member", "member__user"
        ),
        pk=pk,
    )
    if not is_chair(user, sheet.item.session.council):
        raise PermissionDenied
    return sheet


def get_submitted_revision_for_user(user: User, sheet_pk: int, version: int | None = None):
    """A frozen submitted version of a sheet (for its signed PDF): the latest, or the one of `version`.
    Its own member always; the chair, secretary, managers and viewers only when the item's scores are visible
    to them (the confidentiality rule of selectors.councils), else 403. Anyone outside the item gets a 404,
    as does a sheet never submitted."""
    from ..models.scoresheets import SheetRevision
    from ..selectors.councils import scores_visible

    sheet = get_object_or_404(ScoreSheet.objects.select_related("member", "member__user"), pk=sheet_pk)
    if sheet.member.user_id == user.pk:
        item = get_object_or_404(_items_of_user(user), pk=sheet.item_id)
    else:
        item = get_item_for_user(user, sheet.item_id)
        if not sees_whole_session(user, item.session.council) or not scores_visible(user=user, item=item):
            raise PermissionDenied
    revisions = SheetRevision.objects.filter(sheet=sheet, kind=RevisionKind.SUBMIT).select_related("by")
    if version is not None:
        revisions = revisions.filter(version=version)
    revision = revisions.order_by("-version", "-id").first()
    if revision is None:
        raise Http404
    revision.sheet = sheet
    return revision, item
