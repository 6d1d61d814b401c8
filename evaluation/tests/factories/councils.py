"""Councils: a 100-point scorecard with star markers (make_scorecard), a ready registration, a council with its chair
and members, a session with an agenda item, and helpers to fill sheets through the services.
"""

from __future__ import annotations

import datetime
import itertools
from types import SimpleNamespace

from django.utils import timezone

from evaluation.choices import RegistrationStatus
from evaluation.models import Criterion, CriterionGroup, Option, Part, Scorecard
from ocop.testing import make_user
from products.tests.factories import make_product

from .criteria import criteria_version
from .registrations import RegistrationFactory

# ---------------------------------------------------------------- councils

_seq = itertools.count(1)


def make_scorecard():
    """Parts A 40 / B 25 / C 35.  A1 (0/10***/20), A2 yes/no 20, B1 (0/15****/25), C1 (0/15/30*****), C2 (0–5)."""
    version = criteria_version()
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
            created = Option.objects.bulk_create(
                [
                    Option(
                        criterion=criterion,
                        order=o_order,
                        text=f"Phương án {points} điểm",
                        points=points,
                        min_star=star,
                    )
                    for o_order, (points, star) in enumerate(options)
                ]
            )
            criterion.option_pks = {option.points: option.pk for option in created}
            criteria[number] = criterion
    card.c = criteria
    return card


def choices_for(card, *, a1=20, a2=True, b1=25, c1=30, c2=5) -> dict:
    """A full set of answers for `make_scorecard()` (points per criterion) as service input."""
    c = card.c

    def option(criterion, points):
        # The option ids were kept when the card was made: a sheet's answers cost no query.
        return criterion.option_pks[points]

    return {
        c["1.1"].pk: option(c["1.1"], a1),
        c["2.4"].pk: "yes" if a2 else "no",
        c["4.1"].pk: option(c["4.1"], b1),
        c["6.1"].pk: option(c["6.1"], c1),
        c["7"].pk: option(c["7"], c2),
    }


def make_registration(cast, card, *, status=None, name="Mật ong hoa nhãn"):
    """A registration of the cast's producer scored with `card`, ready for the council unless `status` says."""
    return RegistrationFactory(
        product=make_product(cast.producer, name, number=1),
        commune=cast.commune,
        criteria_version=card.version,
        scorecard=card,
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
    from evaluation.services.conflicts import conflict_declare, scoresheet_open

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
    from evaluation.models.scoresheets import ConflictDeclaration
    from evaluation.services.conflicts import scoresheet_open
    from evaluation.services.scoresheets import SheetInput
    from evaluation.services.sheet_submission import scoresheet_submit

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
    from evaluation.models.scoresheets import ConflictDeclaration
    from evaluation.services.conflicts import scoresheet_open
    from evaluation.services.scoresheets import SheetInput, scoresheet_save

    if not ConflictDeclaration.objects.filter(item=item, member=member).exists():
        declare_and_open(item, member)
    sheet = scoresheet_open(item=item, member=member, by=member.user)
    return scoresheet_save(
        sheet=sheet,
        version=sheet.version,
        data=SheetInput(choices=choices_for(card, **points), comments={}),
        by=member.user,
    )


def refer_central(registration, by, **fields):
    """The province's office records the chair's approval of a potential 5★ and the letter to the ministry, dated
    today unless `fields` say otherwise (D26 Điều 7.3e)."""
    from evaluation.services.transitions import registration_refer_central

    today = timezone.localdate()
    data = {
        "approval_number": "1520/QĐ-UBND",
        "approval_date": today,
        "letter_number": "2150/UBND-KT",
        "letter_date": today,
        **fields,
    }
    return registration_refer_central(registration=registration, by=by, **data)


def forward_central(registration, by, **fields):
    """The province's office records its report on a 5★ product's re-evaluation and the letter to the ministry, dated
    today unless `fields` say otherwise (D26 Điều 6.3b, 7.6e)."""
    from evaluation.services.transitions import registration_forward_central

    today = timezone.localdate()
    data = {
        "report_number": "85/BC-SNNMT",
        "report_date": today,
        "letter_number": "2150/UBND-KT",
        "letter_date": today,
        **fields,
    }
    return registration_forward_central(registration=registration, by=by, **data)


def potential_five(cast):
    """A province council's 100 points: potential 5★, waiting for the Chủ tịch UBND tỉnh's approval of the result and
    the province's letter to the ministry (D26 Điều 7.3e)."""
    s = setup_scoring(cast)
    for member in s.members:
        submit(s.item, member, s.card, c2=5)
    s.registration.refresh_from_db()
    assert s.registration.status == RegistrationStatus.PROVINCE_APPROVAL
    return s


def forwarded_to_central(cast):
    """A province council's 100 points (potential 5★), approved by the Chủ tịch UBND tỉnh and sent to the ministry by
    the province's letter: the dossier waits for the central council."""
    s = potential_five(cast)
    s.registration = refer_central(s.registration, cast.province_officer)
    assert s.registration.status == RegistrationStatus.FORWARDED_TO_CENTRAL
    return s


def central_session(cast, s):
    """The central council (five members, quorum 5/7) in session with `s`'s forwarded dossier on its agenda."""
    from evaluation.models import Council, CouncilMember, CouncilSession
    from evaluation.services.councils import session_add_registration, session_set_attendance

    council = Council.objects.create(
        level="central",
        unit=None,
        name="Hội đồng đánh giá, phân hạng sản phẩm OCOP cấp trung ương",
        decision_date=datetime.date(2026, 6, 1),
        quorum_numerator=5,
        quorum_denominator=7,
    )
    members = [
        CouncilMember.objects.create(
            council=council, user=make_user(f"tw{i}", "central_officer"), role="chair" if i == 0 else "member"
        )
        for i in range(5)
    ]
    session = CouncilSession.objects.create(council=council, date=timezone.localdate())
    item = session_add_registration(session=session, registration=s.registration, by=cast.central_officer)
    session_set_attendance(session=session, present_member_ids={m.pk for m in members}, by=cast.central_officer)
    return item, members
