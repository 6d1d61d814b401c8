"""Demo data from the facts in shared/seeds (real producers, products, places and stars).

The storyline (ocop-domain.md §11): Na Rì district of Bắc Kạn certified its first products under
Decisions 1048 and 148; since 1 July 2025 those communes belong to Thái Nguyên. Their historic
certificates are recorded with their original issuers and now reach the re-evaluation window under
Decision 26/2026. Miến dong Tài Hoan goes through the whole D26 procedure in this app: dossier,
commune check, advisory review, council scoring by three members, decision and PDF certificate.
Mật ong rừng Hương Rừng waits on the council's agenda; Miến dong Tân An, whose old certificate lapsed,
applies again and waits for the Côn Minh commune's check.
Xuân Trường (Nam Định, now Ninh Bình) keeps its 2020 results as historic records of another province.

People's names are fictitious. Everything goes through the services, as a user would.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from certificates.choices import IssuerLevel
from certificates.models import Certificate
from certificates.services import decisions as decision_services
from certificates.services.certificates import certificate_record_historic
from certificates.services.expiry import certificates_flag_expiring
from dashboard.choices import HistoricLevel, TargetMetric
from dashboard.models import HistoricEvaluation
from dashboard.services import historic_evaluations_record, plan_create
from evaluation.choices import LegalBasis, Level, MemberRole, RegistrationKind, RoundStatus, legal_basis_on
from evaluation.models import Criterion, Registration, Scorecard
from evaluation.models.registrations import CHECKLIST
from evaluation.services import councils as council_services
from evaluation.services import scoresheets as scoresheet_services
from evaluation.services.criteria import criteria_load_all
from evaluation.services.documents import document_upload
from evaluation.services.dossier import commune_report_save, registration_create, selfassessment_save
from evaluation.services.results import item_finalise
from evaluation.services.rounds import round_create, round_set_status
from evaluation.services.transitions import (
    registration_forward,
    registration_mark_ready,
    registration_start_review,
    registration_submit,
)
from ocop.admin_units import admin_units_load, current_successor
from ocop.choices import Role, UnitEra, UnitLevel
from ocop.models import AdministrativeUnit, User
from ocop.pdf import render_html
from products.choices import Gender, ProducerKind
from products.models import Producer, Product, ProductSet
from products.services import producer_create, product_create
from products.taxonomy import taxonomy_load

DEMO_PASSWORD = "ocop-demo-2026"
MARKER_USERNAME = "quantri"


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    first_name: str
    last_name: str
    unit: str  # "province", "commune", "other_province", "" (national)
    organisation: str = ""


# One demo account per role; the README lists them.
DEMO_USERS = [
    DemoUser("quantri", Role.ADMIN, "Viên", "Quản Trị", "", "Văn phòng Điều phối NTM Trung ương"),
    DemoUser("ocop.trunguong", Role.CENTRAL_OFFICER, "Minh", "Lê Văn", "", "Bộ Nông nghiệp và Môi trường"),
    DemoUser("ocop.thainguyen", Role.PROVINCE_OFFICER, "Lan", "Trần Thị", "province", "Sở Nông nghiệp và Môi trường"),
    # Four eyes: the second provincial officer checks and issues the decisions ocop.thainguyen drafts.
    DemoUser(
        "kiemtra.thainguyen", Role.PROVINCE_OFFICER, "Quang", "Đinh Văn", "province", "Sở Nông nghiệp và Môi trường"
    ),
    DemoUser("totuvan.thainguyen", Role.ADVISORY_MEMBER, "Hải", "Phạm Văn", "province", "Chi cục Phát triển nông thôn"),
    DemoUser("hoidong.chutich", Role.COUNCIL_MEMBER, "Tuấn", "Hoàng Anh", "province", "UBND tỉnh Thái Nguyên"),
    DemoUser("hoidong.thuky", Role.COUNCIL_MEMBER, "Hương", "Đỗ Thu", "province", "Sở Nông nghiệp và Môi trường"),
    DemoUser("hoidong.tv1", Role.COUNCIL_MEMBER, "Nam", "Vũ Đức", "province", "Sở Công Thương"),
    DemoUser("hoidong.tv2", Role.COUNCIL_MEMBER, "Mai", "Ngô Thị", "province", "Sở Y tế"),
    DemoUser("hoidong.tv3", Role.COUNCIL_MEMBER, "Bình", "Đặng Quốc", "province", "Sở Khoa học và Công nghệ"),
    DemoUser("xem.thainguyen", Role.VIEWER, "Thảo", "Bùi Phương", "province", "Thanh tra tỉnh"),
    DemoUser("canbo.conminh", Role.COMMUNE_OFFICER, "Dũng", "Lý Văn", "commune", "UBND xã Côn Minh"),
    DemoUser("htx.taihoan", Role.PRODUCER, "Hoa", "Nông Thị", "", "HTX Tài Hoan"),
    DemoUser("ocop.ninhbinh", Role.PROVINCE_OFFICER, "Khánh", "Trịnh Văn", "other_province", "Sở NN&MT Ninh Bình"),
]

# Na Rì (seed 003): producer, old commune, product, product set, and the historic certificate as
# (star, issuer level, days from today to its expiry). Expiries are relative to the day the demo is
# made, so the demo always shows one certificate expiring, one in the re-evaluation window, one
# expired and one valid, whatever the date.
NA_RI = [
    ("HTX Tài Hoan", "Xã Côn Minh", ProducerKind.COOP, "Miến dong Tài Hoan", 7, None),
    ("HTX Trần Phú", "Xã Trần Phú", ProducerKind.COOP, "Gà đồi Trần Phú", 2, (3, "district", 25)),
    ("HTX Hương Rừng", "Xã Dương Sơn", ProducerKind.COOP, "Mật ong rừng Hương Rừng", 4, (3, "district", 150)),
    (
        "HTX trồng cây ăn quả thị trấn Yến Lạc",
        "Thị trấn Yến Lạc",
        ProducerKind.COOP,
        "Cam Đường Canh",
        1,
        (3, "district", -40),
    ),
    ("HTX Việt Cường", "Xã Côn Minh", ProducerKind.COOP, "Miến dong Tân An", 7, (3, "province", -1060)),
    ("HTX dược liệu Bảo Châu", "Xã Văn Lang", ProducerKind.COOP, "Trà Giảo cổ lam", 12, (3, "district", 300)),
]
# Xuân Trường (seed 000): scored 59–64 by the district council on 29/7/2020, recognised 3★ by Nam Định.
XUAN_TRUONG = [
    ("Công ty TNHH Green and Book Ambassador", "Xã Thọ Nghiệp", ProducerKind.SME, ["Tinh bột nghệ", "Bột sắn dây"], 7),
    (
        "Công ty TNHH Sản xuất và Thương mại Matcha Xuân Trường",
        "Xã Xuân Thượng",
        ProducerKind.SME,
        ["Matcha trà sữa 3 in 1", "Bột trà xanh BG nano"],
        12,
    ),
]


def _historic_commune(name: str, district: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(
        era=UnitEra.HISTORIC, level=UnitLevel.COMMUNE, name=name, parent__name=district
    )


def _pdf(title: str) -> SimpleUploadedFile:
    html = f"<h1 style='font-family: DejaVu Sans'>{title}</h1><p>Tài liệu minh hoạ (dữ liệu mẫu).</p>"
    return SimpleUploadedFile(f"{title}.pdf", render_html(html), content_type="application/pdf")


def _ensure_reference_data(out) -> None:
    if not ProductSet.objects.exists():  # a data migration loads it; tables may have been emptied since
        taxonomy_load()
    if not AdministrativeUnit.objects.filter(era=UnitEra.CURRENT).exists():
        out("Nạp đơn vị hành chính…")
        admin_units_load()
    if not Scorecard.objects.filter(version__legal_basis=LegalBasis.D26).exists():
        out("Nạp bộ tiêu chí…")
        criteria_load_all()


def _create_users(units: dict) -> dict[str, User]:
    users = {}
    for spec in DEMO_USERS:
        user = User.objects.create_user(
            username=spec.username,
            password=DEMO_PASSWORD,
            role=spec.role,
            unit=units.get(spec.unit),
            full_name=f"{spec.last_name} {spec.first_name}",  # họ tên đệm tên, as Vietnamese write it
            first_name=spec.first_name,
            last_name=spec.last_name,
            organisation=spec.organisation,
            email=f"{spec.username}@demo.ocop.localhost",
            is_staff=spec.role == Role.ADMIN,
            is_superuser=spec.role == Role.ADMIN,
        )
        users[spec.username] = user
    return users


def _sheet_choices(scorecard: Scorecard, shift: int) -> dict[int, str]:
    """A plausible sheet: each criterion meets its 3★/4★ minimum, and otherwise takes a middle option;
    `shift` moves a few unmarked criteria one option down so the members differ a little."""
    choices = {}
    criteria = Criterion.objects.filter(group__part__scorecard=scorecard).prefetch_related("options").order_by("pk")
    for index, criterion in enumerate(criteria):
        options = sorted(criterion.options.all(), key=lambda o: o.points)
        if criterion.is_yes_no or not options:
            choices[criterion.pk] = "yes" if criterion.is_yes_no else "none"
            continue
        marked = [o for o in options if o.min_star and o.min_star <= 4]
        pick = marked[-1] if marked else options[min(len(options) - 1, (len(options) * 2) // 3)]
        if shift and not marked and index % 7 == shift and options.index(pick) > 0:
            pick = options[options.index(pick) - 1]
        choices[criterion.pk] = str(pick.pk)
    return choices


def _file_dossier(*, registration: Registration, user: User) -> None:
    """The producer's self-assessment and the checklist's documents, then submission to the commune."""
    selfassessment_save(registration=registration, answers=_sheet_choices(registration.scorecard, 0), by=user)
    for kind in CHECKLIST[registration.kind]:
        document_upload(registration=registration, kind=kind, uploaded_file=_pdf(kind), by=user)
    registration_submit(registration=registration, by=user)
    registration.refresh_from_db()


def _commune_check(*, registration: Registration, user: User, raw_material: str) -> None:
    """Mẫu 03 and the hand-over to the province."""
    commune_report_save(
        registration=registration,
        by=user,
        dossier_complete=True,
        local_raw_material=raw_material,
        local_labour="Phần lớn lao động là người dân tộc Tày của xã.",
        idea_origin="Nghề truyền thống của đồng bào địa phương.",
        local_identity="Sản phẩm gắn với tên tuổi và bản sắc vùng Na Rì.",
        name_consistent=True,
        samples_received=5,
        samples_received_on=timezone.localdate(),
    )
    registration.refresh_from_db()
    registration_forward(registration=registration, by=user)
    registration.refresh_from_db()


def _advisory_review(*, registration: Registration, user: User) -> None:
    registration_start_review(registration=registration, by=user)
    registration.refresh_from_db()
    registration_mark_ready(registration=registration, by=user)
    registration.refresh_from_db()


def _score_in_session(*, registration: Registration, session, users: dict) -> None:
    """Every member declares no conflict and submits a sheet; then the chair takes the result (its explicit act)."""
    secretary = users["hoidong.thuky"]
    item = council_services.session_add_registration(session=session, registration=registration, by=secretary)
    members = list(session.council.members.select_related("user").order_by("pk"))
    council_services.session_set_attendance(session=session, present_member_ids={m.pk for m in members}, by=secretary)
    for shift, member in enumerate(members):
        scoresheet_services.conflict_declare(item=item, member=member, has_conflict=False, by=member.user)
        sheet = member.sheets.get(item=item)
        data = scoresheet_services.SheetInput(
            choices=_sheet_choices(registration.scorecard, shift=shift % 3),
            comments={},
            comment="Sản phẩm có chất lượng ổn định, bao bì đẹp.",
        )
        scoresheet_services.scoresheet_submit(sheet=sheet, version=sheet.version, data=data, by=member.user)
    chair = session.council.members.get(role="chair", active=True)
    item_finalise(item=item, by=chair.user)
    registration.refresh_from_db()


@transaction.atomic
def _seed(out) -> dict:
    province = AdministrativeUnit.objects.get(era=UnitEra.CURRENT, level=UnitLevel.PROVINCE, name="Tỉnh Thái Nguyên")
    ninh_binh = AdministrativeUnit.objects.get(era=UnitEra.CURRENT, level=UnitLevel.PROVINCE, name="Tỉnh Ninh Bình")
    con_minh_old = _historic_commune("Xã Côn Minh", "Huyện Na Rì")
    units = {"province": province, "commune": current_successor(con_minh_old), "other_province": ninh_binh, "": None}
    users = _create_users(units)
    officer, nb_officer = users["ocop.thainguyen"], users["ocop.ninhbinh"]

    # Producers and products of Na Rì, now in Thái Nguyên.
    products = {}
    for name, old_commune, kind, product_name, set_number, _history in NA_RI:
        historic = _historic_commune(old_commune, "Huyện Na Rì")
        producer = Producer.objects.filter(name=name).first() or producer_create(
            by=officer,
            data={
                "kind": kind,
                "name": name,
                "commune": current_successor(historic),
                "historic_commune": historic,
                "legal_rep_gender": Gender.FEMALE,
                "legal_rep_ethnicity": "Tày",
                "phone": "0209 3884 000",
            },
        )
        products[product_name] = product_create(
            producer=producer,
            by=officer,
            data={
                "name": product_name,
                "product_set": ProductSet.objects.get(number=set_number),
                "description": "Sản phẩm OCOP của huyện Na Rì (cũ).",
            },
        )
    tai_hoan = Producer.objects.get(name="HTX Tài Hoan")
    tai_hoan.members.add(users["htx.taihoan"])

    # Historic certificates, kept with their original issuers (Điều 12.1: valid until their own expiry).
    for _name, _old, _kind, product_name, _set, history in NA_RI:
        if history is None:
            continue
        star, _level, days_to_expiry = history
        date = timezone.localdate() + dt.timedelta(days=days_to_expiry) - relativedelta(months=36)
        basis = legal_basis_on(date)
        # The issuer the rules of that date give (historic_certificate_check): under 148/2023 the district
        # recognised 3★ and the province 4★; under every other rule set the province recognised 3–4★.
        level = "district" if basis == LegalBasis.D148 and star == 3 else "province"
        issuer = "UBND huyện Na Rì" if level == "district" else "UBND tỉnh Bắc Kạn"
        certificate_record_historic(
            by=officer,
            product=products[product_name],
            number=f"{date.year}-NR-{len(products[product_name].name):03d}",
            star=star,
            issuer_level=IssuerLevel.DISTRICT if level == "district" else IssuerLevel.PROVINCE,
            issuer_name=issuer,
            decision_number=f"{1200 + date.month}/QĐ-UBND",
            decision_date=date,
            legal_basis=basis,
        )
    # Miến dong Tài Hoan: 4★ by Bắc Kạn in 2018 (1048), long expired; now evaluated again under D26.
    certificate_record_historic(
        by=officer,
        product=products["Miến dong Tài Hoan"],
        number="2018-BK-004",
        star=4,
        issuer_level=IssuerLevel.PROVINCE,
        issuer_name="UBND tỉnh Bắc Kạn",
        decision_number="2172/QĐ-UBND",
        decision_date=dt.date(2018, 11, 23),
        legal_basis=LegalBasis.PRE_1048,
    )

    # Xuân Trường (Nam Định, now Ninh Bình): historic 3★ of 2020, in another province's scope.
    for name, old_commune, kind, product_names, set_number in XUAN_TRUONG:
        historic = _historic_commune(old_commune, "Huyện Xuân Trường")
        producer = producer_create(
            by=nb_officer,
            data={
                "kind": kind,
                "name": name,
                "commune": current_successor(historic),
                "historic_commune": historic,
            },
        )
        for product_name in product_names:
            product = product_create(
                producer=producer,
                by=nb_officer,
                data={"name": product_name, "product_set": ProductSet.objects.get(number=set_number)},
            )
            certificate_record_historic(
                by=nb_officer,
                product=product,
                number=f"2020-ND-{product.pk:03d}",
                star=3,
                issuer_level=IssuerLevel.PROVINCE,
                issuer_name="UBND tỉnh Nam Định",
                decision_number="2093/QĐ-UBND",
                decision_date=dt.date(2020, 9, 30),
                legal_basis=LegalBasis.D1048,
            )

    # The D26 round 2 of 2026 in Thái Nguyên, its council, and the full procedure for Miến dong Tài Hoan.
    year = timezone.localdate().year
    evaluation_round = round_create(
        by=officer, level=Level.PROVINCE, year=year, number=2, unit=province, title=f"Đợt 2 năm {year} tỉnh Thái Nguyên"
    )
    round_set_status(evaluation_round=evaluation_round, status=RoundStatus.OPEN, by=officer)
    council = council_services.council_create(
        by=officer,
        level=Level.PROVINCE,
        unit=province,
        name="Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Thái Nguyên",
        decision_number="1735/QĐ-UBND",
        decision_date=dt.date(year, 3, 12),
    )
    roles = {
        "hoidong.chutich": MemberRole.CHAIR,
        "hoidong.thuky": MemberRole.SECRETARY,
        "hoidong.tv1": MemberRole.MEMBER,
        "hoidong.tv2": MemberRole.MEMBER,
    }
    for username, role in roles.items():
        council_services.council_member_add(
            council=council, user=users[username], role=role, agency=users[username].organisation, by=officer
        )
    producer_user, commune_user = users["htx.taihoan"], users["canbo.conminh"]
    advisory, secretary = users["totuvan.thainguyen"], users["hoidong.thuky"]
    registration = registration_create(
        product=products["Miến dong Tài Hoan"],
        kind=RegistrationKind.FIRST,
        by=producer_user,
        evaluation_round=evaluation_round,
    )
    _file_dossier(registration=registration, user=producer_user)
    _commune_check(
        registration=registration,
        user=commune_user,
        raw_material="Củ dong riềng trồng tại xã Côn Minh, 100% nguyên liệu địa phương.",
    )
    _advisory_review(registration=registration, user=advisory)
    past_session = council_services.session_create(
        council=council,
        date=timezone.localdate() - dt.timedelta(days=20),
        location="Hội trường Sở NN&MT",
        round=evaluation_round,
        by=secretary,
    )
    _score_in_session(registration=registration, session=past_session, users=users)
    result = registration.results.order_by("-pk").first()
    out(f"  Hội đồng đã chấm Miến dong Tài Hoan: {result.mean_score} điểm, {result.final_star} sao.")
    if result.final_star >= 3 and not result.potential_five:
        decision = decision_services.decision_create(
            by=officer,
            issuer_level=IssuerLevel.PROVINCE,
            issuer_unit=province,
            results=[result],
            signer_name="Nguyễn Văn Thành",
            signer_title="KT. Chủ tịch — Phó Chủ tịch UBND tỉnh",
        )
        # Four eyes: ocop.thainguyen drafted it, kiemtra.thainguyen checks and issues it.
        checker = users["kiemtra.thainguyen"]
        decision_services.decision_check(decision=decision, by=checker)
        decision_services.decision_issue(
            decision=decision, number="2468/QĐ-UBND", by=checker, date=timezone.localdate() - dt.timedelta(days=10)
        )
        out(f"  Quyết định {decision.number}: Miến dong Tài Hoan {result.final_star} sao, giấy chứng nhận PDF.")
    council_services.session_close(session=past_session, by=secretary)

    # Mật ong rừng Hương Rừng (re-evaluation, officer-entered paper dossier): on the agenda of the next session,
    # for a live scoring demo. Its commune, Dương Sơn, merged into Côn Minh.
    honey = registration_create(
        product=products["Mật ong rừng Hương Rừng"],
        kind=RegistrationKind.REEVALUATION,
        by=commune_user,
        evaluation_round=evaluation_round,
    )
    _file_dossier(registration=honey, user=commune_user)
    _commune_check(registration=honey, user=commune_user, raw_material="Mật ong rừng khai thác tại xã Dương Sơn (cũ).")
    _advisory_review(registration=honey, user=advisory)
    next_session = council_services.session_create(
        council=council,
        date=timezone.localdate() + dt.timedelta(days=3),
        location="Hội trường Sở NN&MT",
        round=evaluation_round,
        by=secretary,
    )
    council_services.session_add_registration(session=next_session, registration=honey, by=secretary)
    out("  Mật ong rừng Hương Rừng chờ Hội đồng chấm điểm (phiên họp sắp tới).")

    # Miến dong Tân An: its 2019 certificate lapsed long ago, so it applies again as a first evaluation
    # (a paper dossier entered by the province); it waits for the Côn Minh commune's check.
    tan_an = registration_create(
        product=products["Miến dong Tân An"],
        kind=RegistrationKind.FIRST,
        by=officer,
        evaluation_round=evaluation_round,
    )
    _file_dossier(registration=tan_an, user=officer)
    out(f"  Miến dong Tân An: {tan_an.get_status_display()}, hạn xã kiểm tra {tan_an.commune_due_on:%d/%m/%Y}.")

    # Gà đồi Trần Phú: the producer has started a draft for the expiring certificate.
    registration_create(
        product=products["Gà đồi Trần Phú"],
        kind=RegistrationKind.REEVALUATION,
        by=officer,
        evaluation_round=evaluation_round,
    )
    flagged = certificates_flag_expiring(today=timezone.localdate())
    out(f"  Theo dõi hạn giấy chứng nhận: {flagged}")
    _seed_plans(users=users, province=province, out=out)
    _seed_supervision(users=users, province=province, out=out)
    return {"users": len(users), "products": Product.objects.count(), "certificates": Certificate.objects.count()}


def _seed_plans(*, users: dict, province: AdministrativeUnit, out) -> None:
    """Programme plans from the seeds: Tuyên Quang city's plan 58/KH-UBND of 18/3/2024 (seed 002: re-evaluate one
    3-star product, bring 17 products to 3 stars or more, raise one from 4 to 5 stars), recorded by the ministry
    against the former city, and Thái Nguyên's plan for this year, whose achieved counts come from the demo's
    certificates."""
    old_tq = AdministrativeUnit.objects.filter(
        era=UnitEra.HISTORIC,
        level=UnitLevel.DISTRICT,
        name__icontains="Tuyên Quang",
        parent__name__icontains="Tuyên Quang",
    ).first()
    if old_tq is not None:
        plan_create(
            by=users["ocop.trunguong"],
            fields={
                "unit": old_tq,
                "number": "58/KH-UBND",
                "signed_on": dt.date(2024, 3, 18),
                "title": "Thực hiện Chương trình “Mỗi xã một sản phẩm” (OCOP) năm 2024 trên địa bàn thành phố",
                "period_start": dt.date(2024, 1, 1),
                "period_end": dt.date(2024, 12, 31),
            },
            targets=[
                {"metric": TargetMetric.REEVALUATED, "star": 3, "quantity": 1},
                {"metric": TargetMetric.RECOGNISED_STAR, "star": 3, "quantity": 17, "note": "Đạt từ 3 sao trở lên"},
                {"metric": TargetMetric.UPGRADED, "from_star": 4, "star": 5, "quantity": 1},
            ],
        )
    year = timezone.localdate().year
    plan_create(
        by=users["ocop.thainguyen"],
        fields={
            "unit": province,
            "number": "45/KH-UBND",
            "signed_on": dt.date(year, 3, 10),
            "title": f"Thực hiện Chương trình OCOP tỉnh Thái Nguyên năm {year}",
            "period_start": dt.date(year, 1, 1),
            "period_end": dt.date(year, 12, 31),
        },
        targets=[
            {"metric": TargetMetric.NEW_RECOGNISED, "quantity": 30},
            {"metric": TargetMetric.RECOGNISED_STAR, "star": 4, "quantity": 8},
            {"metric": TargetMetric.REEVALUATED, "quantity": 10},
            {"metric": TargetMetric.UPGRADED, "from_star": 4, "star": 5, "quantity": 1},
        ],
    )
    out("  Kế hoạch OCOP: 58/KH-UBND (TP Tuyên Quang, 2024) và kế hoạch năm nay của tỉnh Thái Nguyên.")


# --- the programme's figures from the seed articles (issue 14) --------------------------------------------
# Na Rì (seed 003): "năm 2018 … 07 sản phẩm đăng ký tham gia đánh giá xếp hạng, kết quả có 06 sản phẩm đạt tiêu
# chuẩn (01 sản phẩm đạt 4 sao và 5 sản phẩm đạt 3 sao) … năm 2019, … thêm 23 sản phẩm … được đánh giá, cấp chứng
# nhận 14 sản phẩm đạt 3 sao. Đến nay … 20 sản phẩm đạt chuẩn OCOP, trong đó 01 sản phẩm đạt 4 sao và 19 sản phẩm
# đạt 3 sao." The five named 3★ products and Miến dong Tài Hoan (4★) form the 2018 round; the article names none
# of the others, so they carry descriptive names. Bắc Kạn recognised them (1048: the province recognised 3–4★).
NA_RI_2018_DECISION = ("2172/QĐ-UBND", dt.date(2018, 11, 23))
NA_RI_2019 = {"decision": ("2306/QĐ-UBND", dt.date(2019, 12, 10)), "recognised": 14, "evaluated": 23}
NA_RI_2018_NOT_RECOGNISED = 1
# Quảng Bình (seed 004): "Tính đến hết năm 2020, toàn tỉnh có 64 … sản phẩm được tham gia đánh giá phân hạng …,
# trong đó có 57 sản phẩm được công nhận là sản phẩm OCOP cấp tỉnh (56 sản phẩm đạt 3 sao, 01 sản phẩm đạt 4 sao)."
# The article gives the total to the end of 2020 only; the demo records it as the province's 2020 round, so the
# 2020 row of Quảng Trị (which took Quảng Bình over) and the 2020 report show 64 evaluated and 57 recognised.
QUANG_BINH_2020 = {"decision": ("3601/QĐ-UBND", dt.date(2020, 12, 15)), "stars": [4] + [3] * 56, "evaluated": 64}
# Xuân Trường (seed 000): the district council scored five products on 29/07/2020 (59–64 points); four are
# recorded above as recognised by Nam Định, the fifth, Trà sáng tạo, as evaluated and not (yet) recognised.
XUAN_TRUONG_2020_EVALUATED = ("Trà sáng tạo", dt.date(2020, 7, 29), "59.00")
HISTORY_ISSUER = "UBND tỉnh Bắc Kạn"


def _scan() -> SimpleUploadedFile:
    """The scan of an old certificate (one small PDF, rendered once, reused for each record)."""
    global _SCAN_BYTES
    if _SCAN_BYTES is None:
        _SCAN_BYTES = render_html("<h1 style='font-family: DejaVu Sans'>Bản quét giấy chứng nhận (dữ liệu mẫu)</h1>")
    return SimpleUploadedFile("ban-quet.pdf", _SCAN_BYTES, content_type="application/pdf")


_SCAN_BYTES: bytes | None = None


def _past_round(*, by, products, stars, decision, issuer, basis, not_recognised, unit, evaluated_on, scan=True):
    """One past round: the recognised products as historic certificates of one decision, the others as past
    evaluations that were not recognised (dashboard.services), all through the services."""
    number, day = decision
    for index, (product, star) in enumerate(zip(products, stars, strict=False), start=1):
        certificate_record_historic(
            by=by,
            product=product,
            number=f"{day.year}-{index:03d}/{number.split('/')[0]}",
            star=star,
            issuer_level=IssuerLevel.PROVINCE,
            issuer_name=issuer,
            decision_number=number,
            decision_date=day,
            legal_basis=basis,
            scan=_scan() if scan else None,
        )
    historic_evaluations_record(
        by=by,
        rows=[
            {
                "product": product,
                "evaluated_on": evaluated_on,
                "mean_score": Decimal("40.00") + index,
                "star": 2,
                "level": HistoricLevel.PROVINCE,
                "unit": unit,
                "issuer_name": issuer,
            }
            for index, product in enumerate(not_recognised)
        ],
    )


def _unnamed_products(*, by, producers, count: int, label: str, set_numbers=(2, 7, 12, 4)) -> list[Product]:
    """Products the articles count but do not name: a descriptive name says where the number comes from."""
    return [
        product_create(
            producer=producers[n % len(producers)],
            by=by,
            data={
                "name": f"Sản phẩm số {n + 1:02d} – {label}",
                "product_set": ProductSet.objects.get(number=set_numbers[n % len(set_numbers)]),
                "description": "Bài báo nêu số lượng, không nêu tên sản phẩm này.",
            },
        )
        for n in range(count)
    ]


@transaction.atomic
def _seed_programme_history(out) -> None:
    """The seed articles' programme figures: Na Rì 2018–2019, Quảng Bình 2020, Xuân Trường 2020."""
    officer = User.objects.get(username="ocop.thainguyen")
    central = User.objects.get(username="ocop.trunguong")
    nb_officer = User.objects.get(username="ocop.ninhbinh")
    bac_kan = AdministrativeUnit.objects.get(era=UnitEra.HISTORIC, level=UnitLevel.PROVINCE, name="Tỉnh Bắc Kạn")

    # Na Rì 2018: Miến dong Tài Hoan 4★ (recorded above, same decision) and the five named 3★ products.
    named = [Product.objects.get(name=row[3]) for row in NA_RI if row[3] != "Miến dong Tài Hoan"]
    producers = [product.producer for product in named]
    number, day = NA_RI_2018_DECISION
    _past_round(
        by=officer,
        products=named,
        stars=[3] * len(named),
        decision=NA_RI_2018_DECISION,
        issuer="UBND tỉnh Bắc Kạn",
        basis=legal_basis_on(day),
        not_recognised=_unnamed_products(
            by=officer, producers=producers, count=NA_RI_2018_NOT_RECOGNISED, label="Na Rì, đợt 2018"
        ),
        unit=bac_kan,
        evaluated_on=day - dt.timedelta(days=21),
        scan=False,
    )
    # Na Rì 2019: 23 evaluated, 14 recognised at 3★.
    evaluated = _unnamed_products(
        by=officer, producers=producers, count=NA_RI_2019["evaluated"], label="Na Rì, đợt 2019"
    )
    day = NA_RI_2019["decision"][1]
    _past_round(
        by=officer,
        products=evaluated[: NA_RI_2019["recognised"]],
        stars=[3] * NA_RI_2019["recognised"],
        decision=NA_RI_2019["decision"],
        issuer="UBND tỉnh Bắc Kạn",
        basis=legal_basis_on(day),
        not_recognised=evaluated[NA_RI_2019["recognised"] :],
        unit=bac_kan,
        evaluated_on=day - dt.timedelta(days=20),
    )
    out("  Na Rì: đợt 2018 (7 đánh giá, 6 công nhận) và 2019 (23 đánh giá, 14 công nhận) theo bài báo.")

    # Quảng Bình 2020 (now Quảng Trị): 64 evaluated, 57 recognised (56 × 3★, 1 × 4★).
    quang_binh = AdministrativeUnit.objects.get(era=UnitEra.HISTORIC, level=UnitLevel.PROVINCE, name="Tỉnh Quảng Bình")
    old_communes = list(
        AdministrativeUnit.objects.filter(era=UnitEra.HISTORIC, level=UnitLevel.COMMUNE, parent__parent=quang_binh)
        .select_related("parent")
        .order_by("code")[::40][:8]
    )
    qb_producers = []
    for n, old in enumerate(old_communes, start=1):
        current = current_successor(old)
        if current is None:
            continue
        qb_producers.append(
            producer_create(
                by=central,
                data={
                    "kind": ProducerKind.COOP if n % 2 else ProducerKind.SME,
                    "name": f"Chủ thể OCOP số {n:02d} ({old.parent.name}, Quảng Bình cũ)",
                    "commune": current,
                    "historic_commune": old,
                },
            )
        )
    products = _unnamed_products(
        by=central, producers=qb_producers, count=QUANG_BINH_2020["evaluated"], label="Quảng Bình, đến hết năm 2020"
    )
    stars = QUANG_BINH_2020["stars"]
    day = QUANG_BINH_2020["decision"][1]
    _past_round(
        by=central,
        products=products[: len(stars)],
        stars=stars,
        decision=QUANG_BINH_2020["decision"],
        issuer="UBND tỉnh Quảng Bình",
        basis=legal_basis_on(day),
        not_recognised=products[len(stars) :],
        unit=quang_binh,
        evaluated_on=day - dt.timedelta(days=25),
    )
    out("  Quảng Bình đến hết năm 2020: 64 sản phẩm đánh giá, 57 công nhận (56 × 3 sao, 1 × 4 sao).")

    # Xuân Trường 2020: the fifth product the district council scored.
    name, day, score = XUAN_TRUONG_2020_EVALUATED
    green = Producer.objects.get(name="Công ty TNHH Green and Book Ambassador")
    product = product_create(
        producer=green, by=nb_officer, data={"name": name, "product_set": ProductSet.objects.get(number=7)}
    )
    xuan_truong = AdministrativeUnit.objects.get(
        era=UnitEra.HISTORIC, level=UnitLevel.DISTRICT, name="Huyện Xuân Trường", parent__name="Tỉnh Nam Định"
    )
    historic_evaluations_record(
        by=nb_officer,
        rows=[
            {
                "product": product,
                "evaluated_on": day,
                "mean_score": Decimal(score),
                "star": 3,
                "level": HistoricLevel.DISTRICT,
                "unit": xuan_truong,
                "note": "Hội đồng huyện chấm 59–64 điểm cho 5 sản phẩm, trình tỉnh xem xét công nhận.",
            }
        ],
    )
    out("  Xuân Trường 29/07/2020: 5 sản phẩm được Hội đồng huyện chấm điểm.")


def _camera_photo(name: str) -> SimpleUploadedFile:
    """A small JPEG standing for a photo taken on site."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (196, 160, 96)).save(buffer, format="JPEG", quality=70)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _seed_supervision(*, users: dict, province: AdministrativeUnit, out) -> None:
    """Kiểm tra, giám sát (D26 Điều 9) of Thái Nguyên this year, through the services: Mật ong rừng Hương Rừng is
    compliant; Miến dong Tài Hoan misuses the mark, is told to fix it, answers with a photo and the fix is accepted;
    Trà Giảo cổ lam no longer meets its criteria: ocop.thainguyen proposes the revocation and kiemtra.thainguyen
    issues it (four eyes) within the 15 days of Điều 8.4. A visitor's complaint about Gà đồi Trần Phú waits."""
    from certificates.choices import LIVE_STATUSES, RevocationGround
    from certificates.services.certificates import certificate_revoke
    from supervision import services as sup
    from supervision.choices import CheckArea, Outcome, SelectionReason
    from supervision.models import SupervisionPlan

    if SupervisionPlan.objects.filter(unit=province, number="15/KH-SNNMT").exists():
        return
    officer, checker, team = users["ocop.thainguyen"], users["kiemtra.thainguyen"], users["totuvan.thainguyen"]
    today = timezone.localdate()
    plan = sup.plan_create(
        by=officer,
        level="province",
        unit=province,
        year=today.year,
        number="15/KH-SNNMT",
        signed_on=dt.date(today.year, 1, 20),
        title=f"Kiểm tra, giám sát sản phẩm OCOP trên địa bàn tỉnh Thái Nguyên năm {today.year}",
    )

    def live(name):
        return Certificate.objects.filter(product__name=name, status__in=LIVE_STATUSES).order_by("-issued_on").first()

    def checked(name, findings):
        inspection = sup.inspection_schedule(
            plan=plan,
            certificate=live(name),
            reason=SelectionReason.NOT_INSPECTED,
            inspectors=[officer, team],
            scheduled_on=today,
            by=officer,
        )
        items = {area: {"result": "met", "severity": "none", "note": ""} for area in CheckArea.values}
        items.update(findings)
        return sup.inspection_record(
            inspection=inspection,
            by=team,
            inspected_on=today,
            representative_name="Nông Thị Hoa",
            representative_title="Giám đốc HTX",
            place=str(inspection.product.producer.commune),
            items=items,
        )

    honey = checked("Mật ong rừng Hương Rừng", {})
    sup.inspection_add_photo(inspection=honey, by=team, upload=_camera_photo("tem-ocop.jpg"), area="mark")
    sup.inspection_conclude(inspection=honey, by=team, outcome=Outcome.COMPLIANT)

    noodles = checked(
        "Miến dong Tài Hoan",
        {
            "mark": {
                "result": "finding",
                "severity": "major",
                "note": "Bao bì in biểu trưng OCOP 5 sao; sản phẩm đạt 4 sao.",
            }
        },
    )
    sup.inspection_conclude(
        inspection=noodles,
        by=officer,
        outcome=Outcome.REMEDY,
        remedy_required="Thu hồi bao bì in sai hạng sao, in lại nhãn đúng 4 sao.",
        remedy_due_on=today + dt.timedelta(days=30),
    )
    noodles.refresh_from_db()
    sup.remedy_answer(
        remedy=noodles.remedy,
        by=users["htx.taihoan"],
        answer="Đã thu hồi 1.200 bao bì cũ và in lại nhãn 4 sao.",
        uploads=[_camera_photo("nhan-moi.jpg")],
    )
    sup.remedy_review(remedy=noodles.remedy, by=team, accept=True, note="Nhãn mới đúng hạng sao.")

    tea = checked(
        "Trà Giảo cổ lam",
        {
            "criteria": {
                "result": "finding",
                "severity": "critical",
                "note": "Không còn vùng nguyên liệu và hợp đồng liên kết như hồ sơ đã đánh giá.",
            }
        },
    )
    sup.inspection_conclude(
        inspection=tea, by=officer, outcome=Outcome.REVOKE, ground=RevocationGround.CRITERIA_NOT_MET
    )
    certificate_revoke(certificate=tea.certificate, decision_number="3105/QĐ-UBND", decision_date=today, by=checker)

    chicken = live("Gà đồi Trần Phú")
    if chicken is not None:
        sup.complaint_submit(
            product=chicken.product,
            text="Gà bán ở chợ phiên dán tem OCOP nhưng không ghi tên HTX Trần Phú.",
            name="Lê Văn Bình",
        )
    out(
        f"  Kiểm tra, giám sát: kế hoạch {plan.number} — Mật ong rừng Hương Rừng đạt; Miến dong Tài Hoan đã khắc phục; "
        "Trà Giảo cổ lam bị thu hồi; một phản ánh chờ xử lý."
    )


def seed_demo(*, out=print) -> dict | None:
    """Create the demo data once; a second run changes nothing. The programme's history (issue 14) is a later
    stage with its own marker, so a database seeded before it gains it once."""
    counts = None
    # Demo notices stay in memory: nobody should be e-mailed, and the console stays readable.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        if User.objects.filter(username=MARKER_USERNAME).exists():
            out("Dữ liệu mẫu đã có; không tạo thêm.")
        else:
            _ensure_reference_data(out)
            counts = _seed(out)
            out(f"Đã tạo dữ liệu mẫu: {counts}. Mật khẩu các tài khoản mẫu: {DEMO_PASSWORD}")
        if not HistoricEvaluation.objects.filter(issuer_name=HISTORY_ISSUER).exists():
            _seed_programme_history(out)
    return counts
