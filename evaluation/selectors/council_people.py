"""Who is who when an officer composes a council (the member picker) or sets who scores a dossier (the session's
roster): each person with what tells them apart, since two officials may well share a name ("Nguyễn Văn A"), and for
the central council who among them already scored the product at the province.

D26 Điều 7.3b and 7.4b name a council's members by the agency they represent; ocop-domain.md §7 on conflicts of
interest: the decision has no rule beyond Điều 4.2 (public, transparent, objective evaluation) and does not bar a
provincial council's member from the central council, so a member who scored the product at the province is shown and
warned about, never refused; the member declares a conflict and is recused (services.conflicts) if there is one."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable

from django.utils.translation import gettext as _

from ocop.models import User

from ..choices import Level, RegistrationStatus, SheetStatus
from ..models.councils import CouncilMember
from ..models.scoresheets import ScoreSheet

# How many products a candidate's warning names before "…".
NAMED_PRODUCTS = 3


def person_details(user: User) -> list[str]:
    """What tells a person apart besides the name: the agency they work for, their role, the unit they work in."""
    parts = [user.organisation.strip()] if user.organisation.strip() else []
    parts.append(user.get_role_display())
    if user.unit_id is not None:
        parts.append(str(user.unit))
    return parts


def labels_told_apart(rows: Iterable[tuple[int, str, User]]) -> dict[int, str]:
    """{key: label} for (key, label, user) rows. A label two people still share gets, as a last resort, each one's
    e-mail address (their sign-in name when they have none)."""
    rows = list(rows)
    shared = Counter(label for _key, label, _user in rows)
    return {
        key: label if shared[label] == 1 else f"{label} · {user.email or user.username}" for key, label, user in rows
    }


def candidate_labels(users: Iterable[User]) -> dict[int, str]:
    """{user id: "Nguyễn Văn A — Sở Y tế · Thành viên Hội đồng · Tỉnh Thái Nguyên"} (users with their unit loaded)."""
    return labels_told_apart((u.pk, f"{u} — {' · '.join(person_details(u))}", u) for u in users)


def member_labels(members: Iterable[CouncilMember]) -> dict[int, str]:
    """{member id: "Nguyễn Văn A — Thành viên · Sở Y tế · Tỉnh Thái Nguyên"}: the role in the council, the agency the
    member represents there (else the person's own), the unit (members with user and unit loaded)."""
    rows = []
    for member in members:
        user = member.user
        parts = [member.get_role_display()]
        agency = member.agency.strip() or user.organisation.strip()
        if agency:
            parts.append(agency)
        if user.unit_id is not None:
            parts.append(str(user.unit))
        rows.append((member.pk, f"{user} — {' · '.join(parts)}", user))
    return labels_told_apart(rows)


def province_scorers(*, product_ids: Iterable[int]) -> dict[int, dict[int, dt.date]]:
    """{product id: {user id: the last day they scored it}}: who has a submitted sheet on the product at a provincial
    council, an opinion given. A sheet of an earlier scoring round stays submitted when the council re-scores, and one
    reopened by the chair and submitted again is submitted: both count. A draft does not, nor a sheet set aside
    (superseded: services.conflicts, the member recused late or was recorded as giving no opinion, even if the sheet
    had been submitted and reopened before): it counts nowhere. One query."""
    scored: dict[int, dict[int, dt.date]] = defaultdict(dict)
    rows = ScoreSheet.objects.filter(
        item__registration__product_id__in=list(product_ids),
        item__session__council__level=Level.PROVINCE,
        status=SheetStatus.SUBMITTED,
    ).values_list("item__registration__product_id", "member__user_id", "item__session__date")
    for product_id, user_id, day in rows:
        if day > scored[product_id].get(user_id, dt.date.min):
            scored[product_id][user_id] = day
    return scored


def central_candidates_who_scored(*, user_ids: Iterable[int]) -> dict[int, list[str]]:
    """{user id: product names}: of `user_ids`, those who scored at the province a product now with the ministry,
    waiting for the central council (the central evaluation of a province's potential 5★, Điều 7.3e, 7.4)."""
    from ..models import Registration

    waiting = dict(
        Registration.objects.filter(status=RegistrationStatus.FORWARDED_TO_CENTRAL).values_list(
            "product_id", "product__name"
        )
    )
    wanted = set(user_ids)
    names: dict[int, list[str]] = defaultdict(list)
    for product_id, scorers in province_scorers(product_ids=waiting).items():
        for user_id in scorers.keys() & wanted:
            names[user_id].append(waiting[product_id])
    return {user_id: sorted(products) for user_id, products in names.items()}


def scored_at_province_warning(products: list[str]) -> str:
    """The candidate's warning in the member picker."""
    shown = ", ".join(products[:NAMED_PRODUCTS]) + ("…" if len(products) > NAMED_PRODUCTS else "")
    return _("đã chấm ở cấp tỉnh sản phẩm chờ Hội đồng trung ương: %(p)s") % {"p": shown}


def item_province_scorers(*, council, items, members: Iterable[CouncilMember]) -> dict[int, dict[int, dt.date]]:
    """{agenda item id: {member id: the day they scored its product at the province}} for a central council's
    items (empty for a provincial council's): the roster's warning beside each member who scored it."""
    items = list(items)
    members = list(members)
    if not items or council.level != Level.CENTRAL:
        return {}
    scorers = province_scorers(product_ids={item.registration.product_id for item in items})
    found: dict[int, dict[int, dt.date]] = {}
    for item in items:
        by_user = scorers.get(item.registration.product_id, {})
        found[item.pk] = {m.pk: by_user[m.user_id] for m in members if m.user_id in by_user}
    return found
