"""The benchmark's councils at scale: the criteria, a council per province with its members, sessions with the
scored dossiers on their agenda and every member's score sheet with a choice on each criterion (SCORE_CHOICES),
and the focus session the benchmark measures live scoring on. Written in bulk for devtools/benchmark_data.py."""

from __future__ import annotations

import datetime as dt
import io
import random

from django.db import connection, transaction
from django.utils import timezone

from .benchmark_data import BATCH, COUNCIL_SIZE, FILLED, SCORERS, Dataset, bulk_create


def criteria_load_for(data: Dataset) -> dict:
    """Load the committed scorecards through their loader; the benchmark still runs without them (the
    scoring sheet is then skipped)."""
    from evaluation.models import CriteriaVersion
    from evaluation.services.criteria import criteria_load_all

    try:
        with transaction.atomic():
            criteria_load_all(by=None)
    except Exception as exc:  # noqa: BLE001 — another area's loader; measure the rest and say why
        data.sheet_note = f"criteria not loaded: {exc!r}"[:120]
    return {v.legal_basis: v for v in CriteriaVersion.objects.all()}


def scoring_setup(data: Dataset, *, focus, rng: random.Random) -> None:
    """A provincial council with five members, a session with one dossier of the current round on its agenda,
    and a member who has declared no conflict: the scoring sheet page of that member."""
    try:
        from evaluation.models import Council, CouncilMember, CouncilSession, Registration, Scorecard
        from evaluation.services.conflicts import conflict_declare
        from evaluation.services.councils import session_add_registration, session_set_attendance
        from ocop.models import User

        registration = (
            Registration.objects.filter(commune__parent=focus, kind="first", round__status="evaluating")
            .select_related("product", "criteria_version")
            .order_by("pk")
            .first()
        )
        card = Scorecard.objects.filter(
            version=registration.criteria_version, product_set=registration.product.product_set_id
        ).first()
        if card is None:
            data.sheet_note = data.sheet_note or "no scorecard for the product set"
            return
        Registration.objects.filter(pk=registration.pk).update(status="ready_for_council", scorecard=card)
        registration.refresh_from_db()
        council = Council.objects.create(
            level="province",
            unit=focus,
            name=f"Hội đồng OCOP {focus.name}",
            decision_number="1/QĐ-UBND",
            decision_date=data.today - dt.timedelta(days=60),
        )
        members = []
        for i, role in enumerate(["chair", *["member"] * SCORERS]):
            user = User.objects.create_user(
                username=f"bench_council_{i}",
                password="benchmark-pass",
                role="council_member",
                unit=focus,
                email=f"council{i}@bench.test",
            )
            members.append(CouncilMember.objects.create(council=council, user=user, role=role, agency="Sở"))
        officer = data.province_officer
        session = CouncilSession.objects.create(
            council=council, date=data.today, location="UBND tỉnh", round=registration.round
        )
        item = session_add_registration(session=session, registration=registration, by=officer)
        session_set_attendance(session=session, present_member_ids={m.pk for m in members}, by=officer)
        for member in members[1:]:
            conflict_declare(item=item, member=member, has_conflict=False, reason="", by=member.user)
        data.council_member = members[1].user
        data.scorers = [m.user for m in members[1:]]
        data.sheet_item_id = item.pk
    except Exception as exc:  # noqa: BLE001 — the councils area is still moving; measure the rest and say why
        data.sheet_note = f"scoring sheet not set up: {exc!r}"[:160]


def score_sheets_generate(*, scored: list, today: dt.date, rng: random.Random, password: str, budget: int) -> dict:
    """The councils' score sheets of the most recent scored dossiers (recognised or not), newest first, until
    `budget` criterion choices are written: one council of COUNCIL_SIZE per province, a closed session per round,
    an agenda item per dossier and one submitted sheet per member with a choice on every criterion of the
    dossier's scorecard (only 26/2026 has criteria loaded, so only its dossiers are scored). `scored` holds
    (registration, province, decision day). The choices go in with COPY on PostgreSQL (two million rows),
    bulk_create elsewhere."""
    from evaluation.models import (
        AgendaItem,
        Council,
        CouncilMember,
        CouncilSession,
        Criterion,
        Option,
        Registration,
        Score,
        Scorecard,
        ScoreSheet,
    )
    from ocop.models import User

    cards = {(c.version_id, c.product_set_id): c.pk for c in Scorecard.objects.all()}
    options: dict[int, list] = {}
    for oid, cid, points in Option.objects.order_by("criterion_id", "order").values_list(
        "pk", "criterion_id", "points"
    ):
        options.setdefault(cid, []).append((oid, points))
    criteria: dict[int, list] = {}
    for cid, card in Criterion.objects.order_by("group__part__scorecard_id", "pk").values_list(
        "pk", "group__part__scorecard_id"
    ):
        criteria.setdefault(card, []).append((cid, options.get(cid) or [(None, 0)]))

    chosen, total = [], 0  # (registration, province, day, scorecard id)
    for reg, province, day in sorted(scored, key=lambda row: row[2], reverse=True):
        card = cards.get((reg.criteria_version_id, reg.product.product_set_id))
        if card is None or not criteria.get(card):
            continue
        chosen.append((reg, province, day, card))
        total += COUNCIL_SIZE * len(criteria[card])
        if total >= budget:
            break
    if not chosen:
        return {"score sheets": 0, "score choices": 0}

    provinces = {province.pk: province for _r, province, _d, _c in chosen}
    councils = bulk_create(
        Council,
        [
            Council(
                level="province",
                unit=p,
                name=f"Hội đồng đánh giá, phân hạng sản phẩm OCOP {p.name}",
                decision_number=f"{p.code}/QĐ-HĐ",
                decision_date=today - dt.timedelta(days=3650),
            )
            for p in provinces.values()
        ],
    )
    council_of = {c.unit_id: c for c in councils}
    users = bulk_create(
        User,
        [
            User(
                username=f"bench_hd_{p.code}_{i}",
                role="council_member",
                unit=p,
                email=f"hd{p.code}-{i}@bench.test",
                password=password,
            )
            for p in provinces.values()
            for i in range(COUNCIL_SIZE)
        ],
    )
    members = bulk_create(
        CouncilMember,
        [
            CouncilMember(
                council=council_of[u.unit_id], user=u, role="chair" if u.username.endswith("_0") else "member"
            )
            for u in users
        ],
    )
    members_of: dict[int, list] = {}
    for m in members:
        members_of.setdefault(m.council_id, []).append(m)

    sessions: dict[tuple, CouncilSession] = {}
    for reg, province, day, _card in chosen:
        key = (province.pk, reg.round_id)
        if key not in sessions:
            held = day - dt.timedelta(days=10)
            sessions[key] = CouncilSession(
                council=council_of[province.pk],
                round_id=reg.round_id,
                date=held,
                location="UBND tỉnh",
                status="closed",
                closed_at=timezone.make_aware(dt.datetime.combine(held, dt.time(17))),
            )
    bulk_create(CouncilSession, list(sessions.values()))
    order: dict[int, int] = {}
    items = []
    for reg, province, _day, _card in chosen:
        session = sessions[(province.pk, reg.round_id)]
        order[session.pk] = order.get(session.pk, 0) + 1
        items.append(AgendaItem(session=session, registration=reg, order=order[session.pk]))
    items = bulk_create(AgendaItem, items)
    by_card: dict[int, list] = {}
    for reg, _p, _d, card in chosen:
        by_card.setdefault(card, []).append(reg.pk)
    for card, ids in by_card.items():
        Registration.objects.filter(pk__in=ids).update(scorecard_id=card)

    sheets, picks = [], []
    for item, (_reg, province, day, card) in zip(items, chosen, strict=True):
        submitted = timezone.make_aware(dt.datetime.combine(day - dt.timedelta(days=10), dt.time(15)))
        for member in members_of[council_of[province.pk].pk]:
            pick = [(cid, *rng.choice(opts)) for cid, opts in criteria[card]]
            sheets.append(
                ScoreSheet(
                    item=item,
                    member=member,
                    status="submitted",
                    total=sum(points for _c, _o, points in pick),
                    submitted_at=submitted,
                )
            )
            picks.append(pick)
    sheets = bulk_create(ScoreSheet, sheets)
    FILLED.append(Score)
    written = 0
    for start in range(0, len(sheets), 2000):
        rows = [
            (sheet.pk, cid, oid, points)
            for sheet, pick in zip(sheets[start : start + 2000], picks[start : start + 2000], strict=True)
            for cid, oid, points in pick
        ]
        written += len(rows)
        if connection.vendor == "postgresql":
            null = "\\N"
            buffer = io.StringIO("".join(f"{s}\t{c}\t{null if o is None else o}\t{p}\t\tt\n" for s, c, o, p in rows))
            with connection.cursor() as cursor:
                cursor.copy_expert(
                    f"COPY {Score._meta.db_table} (sheet_id, criterion_id, option_id, points, comment, answered) "
                    "FROM STDIN",
                    buffer,
                )
        else:
            Score.objects.bulk_create(
                [Score(sheet_id=s, criterion_id=c, option_id=o, points=p) for s, c, o, p in rows], batch_size=BATCH
            )
    return {"score sheets": len(sheets), "score choices": written}
