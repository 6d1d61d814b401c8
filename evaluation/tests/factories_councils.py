"""Small builders for council tests: a 100-point scorecard with star markers, a ready registration, a council
with its chair and members, a session with an agenda item, and helpers to fill sheets through the services."""

from __future__ import annotations

import datetime
import itertools
from types import SimpleNamespace

from django.utils import timezone

from ocop.testing import make_user

_seq = itertools.count(1)


def make_scorecard():
    """Parts A 40 / B 25 / C 35.  A1 (0/10***/20), A2 yes/no 20, B1 (0/15****/25), C1 (0/15/30*****), C2 (0–5)."""
    from evaluation.choices import LegalBasis
    from evaluation.models import (
        CriteriaVersion,
        Criterion,
        CriterionGroup,
        Option,
        Part,
        Scorecard,
    )

    version, _ = CriteriaVersion.objects.get_or_create(
        legal_basis=LegalBasis.D26,
        defaults={
            "title": "QĐ 26/2026/QĐ-TTg",
            "effective_from": datetime.date(2026, 5, 22),
        },
    )
    n = next(_seq)
    card = Scorecard.objects.create(version=version, number=100 + n, title=f"Bộ thử nghiệm {n}")
    spec = {
        "A": (
            "Sản phẩm và sức mạnh cộng đồng",
            40,
            [
                (
                    "1.1",
                    "Nguồn gốc sản phẩm",
                    20,
                    [(0, None), (10, 3), (20, None)],
                    False,
                ),
                ("2.4", "Nhãn song ngữ", 20, [], True),
            ],
        ),
        "B": (
            "Khả năng tiếp thị",
            25,
            [("4.1", "Khu vực phân phối", 25, [(0, None), (15, 4), (25, None)], False)],
        ),
        "C": (
            "Chất lượng sản phẩm",
            35,
            [
                ("6.1", "Cảm quan", 30, [(0, None), (15, None), (30, 5)], False),
                ("7", "Dinh dưỡng", 5, [(p, None) for p in range(6)], False),
            ],
        ),
    }
    criteria = {}
    for letter, (title, max_points, rows) in spec.items():
        part = Part.objects.create(scorecard=card, letter=letter, title=title, max_points=max_points)
        group = CriterionGroup.objects.create(part=part, number=letter, title=title, max_points=max_points)
        for order, (number, ctitle, cmax, options, yes_no) in enumerate(rows):
            criterion = Criterion.objects.create(
                group=group,
                number=number,
                title=ctitle,
                max_points=cmax,
                is_yes_no=yes_no,
                order=order,
            )
            for o_order, (points, star) in enumerate(options):
                Option.objects.create(
                    criterion=criterion,
                    order=o_order,
                    text=f"Phương án {points} điểm",
                    points=points,
                    min_star=star,
                )
            criteria[number] = criterion
    card.c = criteria
    return card


def choices_for(card, *, a1=20, a2=True, b1=25, c1=30, c2=5) -> dict:
    """A full set of answers for `make_scorecard()` (points per criterion) as service input."""
    c = card.c

    def option(criterion, points):
        return criterion.options.get(points=points).pk

    return {
        c["1.1"].pk: option(c["1.1"], a1),
        c["2.4"].pk: "yes" if a2 else "no",
        c["4.1"].pk: option(c["4.1"], b1),
        c["6.1"].pk: option(c["6.1"], c1),
        c["7"].pk: option(c["7"], c2),
    }


def make_product(cast, name="Mật ong hoa nhãn"):
    from products.models import Product, ProductGroup, ProductSet, Sector

    sector, _ = Sector.objects.get_or_create(code="I", defaults={"name": "Thực phẩm"})
    group, _ = ProductGroup.objects.get_or_create(sector=sector, name="Thực phẩm tươi sống")
    product_set, _ = ProductSet.objects.get_or_create(number=1, defaults={"group": group, "name": "Rau, củ, quả"})
    return Product.objects.create(producer=cast.producer, product_set=product_set, name=name)


def make_registration(cast, card, *, status=None, name="Mật ong hoa nhãn"):
    from evaluation.choices import RegistrationStatus
    from evaluation.models import Registration

    return Registration.objects.create(
        product=make_product(cast, name),
        commune=cast.commune,
        criteria_version=card.version,
        scorecard=card,
        year=2026,
        status=status or RegistrationStatus.READY_FOR_COUNCIL,
    )


def make_council(cast, *, members=None, level="province", **settings):
    """A provincial council of cast.province: chair cast.council_chair, member cast.council_member, plus
    `members` extra (username, role) pairs created as council_member users."""
    from evaluation.models import Council, CouncilMember

    council = Council.objects.create(
        level=level,
        unit=cast.province if level == "province" else None,
        name="Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh",
        decision_number="123/QĐ-UBND",
        decision_date=datetime.date(2026, 6, 1),
        **settings,
    )
    CouncilMember.objects.create(council=council, user=cast.council_chair, role="chair", agency="UBND tỉnh")
    CouncilMember.objects.create(
        council=council,
        user=cast.council_member,
        role="member",
        agency="Sở Công Thương",
    )
    for username, role in members or []:
        user = make_user(username, "council_member", cast.province)
        CouncilMember.objects.create(council=council, user=user, role=role, agency="Sở Y tế")
    return council


def member_of(council, user):
    return council.members.get(user=user)


def setup_scoring(
    cast,
    *,
    extra_members=(("council_third", "member"),),
    present="all",
    items=1,
    **council_settings,
):
    """A council (chair, member, extra members), a session today, `items` agenda items with every member assigned,
    attendance recorded (`present` = "all" or a list of users)."""
    from evaluation.models import CouncilSession
    from evaluation.services.councils import session_add_registration, session_set_attendance

    card = make_scorecard()
    council = make_council(cast, members=list(extra_members), **council_settings)
    session = CouncilSession.objects.create(council=council, date=timezone.localdate(), location="UBND tỉnh")
    regs = [make_registration(cast, card, name=f"Sản phẩm {i + 1}") for i in range(items)]
    item_list = [session_add_registration(session=session, registration=r, by=cast.province_officer) for r in regs]
    members = list(council.members.all())
    if present == "all":
        present_ids = {m.pk for m in members}
    else:
        present_ids = {m.pk for m in members if m.user in present}
    session_set_attendance(session=session, present_member_ids=present_ids, by=cast.province_officer)
    return SimpleNamespace(
        card=card,
        council=council,
        session=session,
        item=item_list[0],
        items=item_list,
        registration=regs[0],
        members=members,
        chair=member_of(council, cast.council_chair),
        member=member_of(council, cast.council_member),
        others=[m for m in members if m.user not in (cast.council_chair, cast.council_member)],
    )


def declare_and_open(item, member, *, conflict=False, reason=""):
    from evaluation.services.scoresheets import conflict_declare, scoresheet_open

    conflict_declare(item=item, member=member, has_conflict=conflict, reason=reason, by=member.user)
    if conflict:
        return None
    return scoresheet_open(item=item, member=member, by=member.user)


def take_result(item):
    """The chair's act "Tổng hợp kết quả" (item_finalise) once every sheet is in and no discussion is pending."""
    from evaluation.selectors.councils import item_state
    from evaluation.services.results import item_finalise

    item.refresh_from_db()
    if item_state(user=None, item=item).ready:
        chair = item.session.council.members.get(role="chair", active=True)
        return item_finalise(item=item, by=chair.user).result
    return None


def submit(item, member, card, *, take=True, **points):
    """Declare no conflict (if needed), fill and submit a sheet for `member`; returns the sheet. With `take` (the
    default) the chair then takes the result when this was the last sheet and nothing blocks it (`take_result`),
    as the chair does on the session page."""
    from evaluation.models.councils import ConflictDeclaration
    from evaluation.services.scoresheets import SheetInput, scoresheet_open, scoresheet_submit

    if not ConflictDeclaration.objects.filter(item=item, member=member).exists():
        declare_and_open(item, member)
    item.refresh_from_db()
    sheet = scoresheet_open(item=item, member=member, by=member.user)
    sheet = scoresheet_submit(
        sheet=sheet,
        version=sheet.version,
        data=SheetInput(choices=choices_for(card, **points), comments={}),
        by=member.user,
    )
    if take:
        take_result(item)
    return sheet


def save_draft(item, member, card, **points):
    from evaluation.models.councils import ConflictDeclaration
    from evaluation.services.scoresheets import SheetInput, scoresheet_open, scoresheet_save

    if not ConflictDeclaration.objects.filter(item=item, member=member).exists():
        declare_and_open(item, member)
    sheet = scoresheet_open(item=item, member=member, by=member.user)
    return scoresheet_save(
        sheet=sheet,
        version=sheet.version,
        data=SheetInput(choices=choices_for(card, **points), comments={}),
        by=member.user,
    )
