"""The evaluation app's test factories, built on the products app's (ProductFactory, make_product, product_set);
the certificates app's build on these.

Criteria: a SMALL scorecard for other areas' tests (councils, self-assessment, certificates), and a loader of the
real ones.

    from evaluation.tests.factories import small_scorecard, criterion_by_number

    card = small_scorecard()                      # 26/2026, product set number 1 unless given
    c11 = criterion_by_number(card, "1.1")

Shape (parts 40/25/35 like every D26 sheet, total 100):

    A 40  1. TỔ CHỨC SẢN XUẤT (40)   1.1 (20): □ 0 · □ 10 *** · □ 20 ****
                                     1.2 (20): □ 0 · □ 10 · □ 20 *****
    B 25  4. TIẾP THỊ (25)           4.1 (25): □ 0 · □ 25
    C 35  6. CẢM QUAN (35)           6   (35): □ 0 · □ 35          (a group scored directly)

    knock-out: "dossier" (Hồ sơ bị loại khi: giả mạo hồ sơ)

So a sheet with 1.1 = 20, 1.2 = 20, 4.1 = 25, 6 = 35 totals 100 and meets every marker; 1.1 = 10 caps at 3★;
1.1 = 0 (or missing) means not recognisable. `load_real_criteria()` loads the 26 official sheets (≈1 s).

Registrations: rounds, registrations and dossier files.

    card = scorecard_for(product)                 # the small scorecard above, bound to the set
    reg = registration_in(cast, status="submitted")
    RegistrationFactory(product=…, status=…)       # a bare row, no workflow (certificates' tests)
    pdf_upload("label.pdf"), png_upload(), exe_renamed("label.pdf")

Councils: a 100-point scorecard with star markers (make_scorecard), a ready registration, a council with its chair
and members, a session with an agenda item, and helpers to fill sheets through the services.
"""

from __future__ import annotations

import datetime
import datetime as dt
import io
import itertools
from decimal import Decimal
from types import SimpleNamespace

import factory
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from evaluation.choices import Level, RegistrationKind, RegistrationStatus, RoundStatus
from evaluation.models import (
    CouncilResult,
    CriteriaVersion,
    Criterion,
    CriterionGroup,
    EvaluationRound,
    KnockoutRule,
    Option,
    Part,
    Registration,
    Scorecard,
)
from evaluation.models.registrations import CHECKLIST
from ocop.testing import make_user
from products.models import Product
from products.tests.factories import ProducerFactory, ProductFactory, make_product

# ---------------------------------------------------------------- criteria

SMALL_SHAPE = [
    (
        "A",
        "SẢN PHẨM VÀ SỨC MẠNH CỦA CỘNG ĐỒNG",
        40,
        [
            (
                "1",
                "TỔ CHỨC SẢN XUẤT",
                40,
                [
                    ("1.1", "Nguồn nguyên liệu", 20, [("Không đạt", 0, None), ("Đạt một phần", 10, 3), ("Đạt", 20, 4)]),
                    (
                        "1.2",
                        "Gia tăng giá trị",
                        20,
                        [("Thủ công", 0, None), ("Máy móc", 10, None), ("Công nghệ tiên tiến", 20, 5)],
                    ),
                ],
            ),
        ],
    ),
    (
        "B",
        "KHẢ NĂNG TIẾP THỊ",
        25,
        [
            (
                "4",
                "TIẾP THỊ",
                25,
                [("4.1", "Khu vực phân phối chính", 25, [("Trong xã", 0, None), ("Quốc tế", 25, None)])],
            ),
        ],
    ),
    (
        "C",
        "CHẤT LƯỢNG SẢN PHẨM",
        35,
        [
            ("6", "CHỈ TIÊU CẢM QUAN", 35, [("6", "CHỈ TIÊU CẢM QUAN", 35, [("Kém", 0, None), ("Tốt", 35, None)])]),
        ],
    ),
]


# When each decision's criteria took effect. Versions are told apart by it (the newest is the default): with one
# date for all, "the newest" of two test versions was whichever PostgreSQL met first.
EFFECTIVE_FROM = {"1048/2019": dt.date(2019, 8, 21), "148/2023": dt.date(2023, 2, 24), "26/2026": dt.date(2026, 5, 22)}


def criteria_version(legal_basis: str = "26/2026") -> CriteriaVersion:
    """The version row (created if missing; reuses the loaded one when the real criteria are in the DB)."""
    version, _ = CriteriaVersion.objects.get_or_create(
        legal_basis=legal_basis,
        defaults={
            "title": f"Bộ tiêu chí {legal_basis} (thử nghiệm)",
            "effective_from": EFFECTIVE_FROM.get(legal_basis, dt.date(2026, 5, 22)),
        },
    )
    return version


def small_scorecard(*, legal_basis: str = "26/2026", number: int | None = None, product_set=None) -> Scorecard:
    """Build the small scorecard above. `number` defaults to the product set's number, else the first free one."""
    version = criteria_version(legal_basis)
    if number is None:
        number = product_set.number if product_set is not None else 1
        while Scorecard.objects.filter(version=version, number=number).exists():
            number += 1
    card = Scorecard.objects.create(
        version=version,
        number=number,
        title=f"Bộ thử nghiệm {number}",
        product_set=product_set,
        subtitle="(Sản phẩm: Thực phẩm. Nhóm: Thử nghiệm)",
    )
    order = 0
    for letter, part_title, part_max, groups in SMALL_SHAPE:
        part = Part.objects.create(scorecard=card, letter=letter, title=part_title, max_points=part_max)
        for g_number, g_title, g_max, criteria in groups:
            order += 1
            group = CriterionGroup.objects.create(
                part=part, number=g_number, title=g_title, max_points=g_max, order=order
            )
            for i, (c_number, c_title, c_max, options) in enumerate(criteria, start=1):
                crit = Criterion.objects.create(group=group, number=c_number, title=c_title, max_points=c_max, order=i)
                Option.objects.bulk_create(
                    [
                        Option(criterion=crit, order=j, text=t, points=p, min_star=m)
                        for j, (t, p, m) in enumerate(options, 1)
                    ]
                )
    KnockoutRule.objects.create(
        scorecard=card, code="dossier", text="Hồ sơ bị loại khi: Giả mạo hồ sơ", stops_evaluation=True, order=1
    )
    return card


def criterion_by_number(scorecard: Scorecard, number: str) -> Criterion:
    return Criterion.objects.get(group__part__scorecard=scorecard, number=number)


def load_real_criteria() -> CriteriaVersion:
    """Load the committed 26/2026 data file (the 26 official scorecards) and return its version."""
    from evaluation.services.criteria import DATA_DIR, criteria_load, criteria_read_file

    return criteria_load(data=criteria_read_file(DATA_DIR / "criteria-26-2026.json"))["version"]


# ---------------------------------------------------------------- bare rows (no workflow)


def reevaluation_filed_at(product: Product, *, kind: str, status: str) -> dt.datetime | None:
    """When a re-evaluation of `product` written straight into `status` was filed (its first submission, what
    evaluation.selectors.reevaluation.filed_before_expiry judges), as it would have been: now while the certificate it
    renews is still valid, or, once that certificate is past its last valid day, on that day at 09:00 (the latest it
    could have been filed, late, Điều 12.3: a first submission after it is refused, and such a dossier extends nothing).
    None for a draft, which was never filed, and for a first evaluation (left as the rows always were). A test that
    means another day passes `submitted_at` and `first_submitted_at` itself."""
    from evaluation import hooks

    if kind != RegistrationKind.REEVALUATION or status == RegistrationStatus.DRAFT:
        return None
    now = timezone.now()
    last_day = hooks.certificate_expiry(product.pk)
    if last_day is None or last_day >= timezone.localdate(now):
        return now
    return timezone.make_aware(dt.datetime.combine(last_day, dt.time(9)))


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A registration row written directly, SCORED by default (for the apps above, whose tests need the row and
    not the evaluation workflow that produced it). A re-evaluation past the draft carries the day it was filed
    (`reevaluation_filed_at`): the extension of Điều 12.3 holds only one filed by its certificate's last day."""

    class Meta:
        model = Registration

    product = factory.SubFactory(ProductFactory)
    criteria_version = factory.LazyFunction(criteria_version)
    commune = factory.LazyAttribute(lambda o: o.product.producer.commune)
    year = 2026
    kind = RegistrationKind.FIRST
    status = RegistrationStatus.SCORED
    submitted_at = factory.LazyAttribute(lambda o: reevaluation_filed_at(o.product, kind=o.kind, status=o.status))
    first_submitted_at = factory.SelfAttribute("submitted_at")


class CouncilResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilResult

    registration = factory.SubFactory(RegistrationFactory)
    level = Level.PROVINCE
    mean_score = Decimal("75.50")
    band_star = 4
    final_star = 4


# ---------------------------------------------------------------- registrations

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 64
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 200


def use_private_media(settings, tmp_path):
    """Send stored files to a temporary folder (Django resets default_storage when STORAGES changes)."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = str(root)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(root)}},
    }
    return root


@pytest.fixture
def private_media(settings, tmp_path):
    """Stored files go to a temporary folder (and we can look at what was left behind)."""
    return use_private_media(settings, tmp_path)


# What the layout-free renderer returns: a PDF header and end marker, enough for a download response.
LAYOUT_FREE_PDF = b"%PDF-1.7\n% layout skipped in this test\n%%EOF\n"


@pytest.fixture
def pdf_layout_skipped(monkeypatch):
    """For tests of who may open a document, not of what it prints: the document's template is rendered and its
    HTML parsed as always, but WeasyPrint's layout (a quarter of a second or more per document, most of such a
    test) is skipped and a stub PDF returned. The PDF tests of each document check the real layout and text."""
    import weasyprint

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", lambda document, *args, **kwargs: LAYOUT_FREE_PDF)


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def pdf_upload(name: str = "tai-lieu.pdf", extra: bytes = b"") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES + extra, content_type="application/pdf")


def png_upload(name: str = "nhan.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def exe_renamed(name: str = "nhan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, EXE_BYTES, content_type="application/pdf")


def xlsx_upload(name: str = "ke-hoach.xlsx") -> SimpleUploadedFile:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active["A1"] = "Phương án kinh doanh"
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def scorecard_for(product: Product) -> Scorecard:
    existing = Scorecard.objects.filter(version=criteria_version(), product_set=product.product_set).first()
    return existing or small_scorecard(product_set=product.product_set)


def province_round(province, *, year: int = 2026, number: int = 2, status: str = RoundStatus.OPEN) -> EvaluationRound:
    existing = EvaluationRound.objects.filter(level=Level.PROVINCE, unit=province, year=year, number=number).first()
    if existing:
        return existing
    return EvaluationRound.objects.create(
        level=Level.PROVINCE,
        unit=province,
        year=year,
        number=number,
        title=f"Đợt {number}/{year}",
        proposals_due=dt.date(year, 10, 30) if number == 2 else dt.date(year, 4, 30),
        done_by=dt.date(year, 12, 30) if number == 2 else dt.date(year, 6, 30),
        criteria_version=criteria_version(),
        status=status,
    )


def registration_in(
    cast,
    *,
    status: str = RegistrationStatus.DRAFT,
    kind: str = RegistrationKind.FIRST,
    product: Product | None = None,
    name: str | None = None,
    **fields,
) -> Registration:
    """A registration of the cast's producer, put straight into `status` (for guard and access tests)."""
    product = product or make_product(cast.producer, name or f"Sản phẩm {Registration.objects.count() + 1}", number=1)
    card = scorecard_for(product)
    values = {
        "product": product,
        "kind": kind,
        "status": status,
        "round": province_round(cast.province),
        "criteria_version": card.version,
        "scorecard": card,
        "commune": product.producer.commune,
        "year": 2026,
        "created_by": cast.producer_owner,
    }
    if status not in {RegistrationStatus.DRAFT}:
        # Filed (first submission and latest): when the test says, else now, or a re-evaluation by its certificate's
        # last day (reevaluation_filed_at).
        filed_at = fields.get("submitted_at") or reevaluation_filed_at(product, kind=kind, status=status)
        filed_at = filed_at or timezone.now()
        values.update(
            submitted_at=filed_at,
            first_submitted_at=filed_at,
            commune_due_on=timezone.localdate() + dt.timedelta(days=21),
        )
    values.update(fields)
    return Registration.objects.create(**values)


def paper_registration_in(cast, *, status: str = RegistrationStatus.DRAFT, **fields) -> Registration:
    """A registration of a producer of the cast's commune that has no account, typed in by the commune's officer
    from its paper dossier (the officer acts for it: evaluation.permissions.registrations.may_withdraw)."""
    producer = ProducerFactory(name="HTX Hương Rừng", commune=cast.commune)
    values = {"entered_by_officer": True, "created_by": cast.commune_officer, **fields}
    return registration_in(cast, status=status, product=make_product(producer, "Mật ong rừng Hương Rừng"), **values)


def complete_dossier(registration: Registration, by) -> None:
    """Answer every criterion (the top option) and attach every document the checklist needs."""
    from evaluation.models import Criterion
    from evaluation.services.documents import document_upload
    from evaluation.services.dossier import selfassessment_save

    answers = {}
    for criterion in Criterion.objects.filter(group__part__scorecard_id=registration.scorecard_id).prefetch_related(
        "options"
    ):
        options = sorted(criterion.options.all(), key=lambda o: o.points)
        answers[criterion.pk] = options[-1].pk if options else "yes"
    selfassessment_save(registration=registration, answers=answers, by=by)
    for kind in CHECKLIST[registration.kind]:
        document_upload(registration=registration, kind=kind, uploaded_file=pdf_upload(f"{kind}.pdf"), by=by)


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
    from evaluation.models.scoresheets import ConflictDeclaration
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
    from evaluation.models.scoresheets import ConflictDeclaration
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
