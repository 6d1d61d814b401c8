"""The demo's D26 procedure: reference data, accounts, dossiers through the commune check, the advisory review,
the council and the decision, the expiry watch and the programme's plans. Everything goes through the services."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from certificates.choices import IssuerLevel
from certificates.models import Certificate
from certificates.services import decisions as decision_services
from certificates.services.certificates import certificate_record_historic
from certificates.services.expiry import certificates_flag_expiring
from dashboard.choices import TargetMetric
from dashboard.services import plan_create
from evaluation.choices import (
    LegalBasis,
    Level,
    MemberRole,
    RegistrationKind,
    RegistrationStatus,
    RoundStatus,
    SessionMode,
    legal_basis_on,
)
from evaluation.models import Criterion, EvaluationRound, Registration, Scorecard
from evaluation.models.registrations import CHECKLIST
from evaluation.services import conflicts as conflict_services
from evaluation.services import councils as council_services
from evaluation.services import scoresheets as scoresheet_services
from evaluation.services import sheet_submission as submission_services
from evaluation.services.criteria import criteria_load_all
from evaluation.services.documents import document_upload
from evaluation.services.dossier import commune_report_save, registration_create, selfassessment_save
from evaluation.services.results import item_finalise
from evaluation.services.round_calendar import REGULAR_NUMBERS, round_default_dates
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
from products.choices import Gender
from products.models import Producer, Product, ProductSet
from products.services import producer_create, product_create
from products.taxonomy import taxonomy_load

from .data import DEMO_PASSWORD, DEMO_USERS, NA_RI, XUAN_TRUONG, submission_for, this_year_on
from .supervision import seed_supervision


def historic_commune(name: str, district: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(
        era=UnitEra.HISTORIC, level=UnitLevel.COMMUNE, name=name, parent__name=district
    )


def _pdf(title: str) -> SimpleUploadedFile:
    html = f"<html lang='vi'><h1 style='font-family: DejaVu Sans'>{title}</h1><p>Tài liệu minh hoạ (dữ liệu mẫu).</p></html>"
    return SimpleUploadedFile(f"{title}.pdf", render_html(html), content_type="application/pdf")


def ensure_reference_data(out) -> None:
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


def _sheet_choices(scorecard: Scorecard, shift: int, *, best: bool = False) -> dict[int, str]:
    """A plausible sheet: each criterion meets its 3★/4★ minimum, and otherwise takes a middle option;
    `shift` moves a few unmarked criteria one option down so the members differ a little. `best`: a product at its
    best, every criterion at its top option (so every minimum up to 5★ is met) but for a third of the unmarked ones,
    which `shift` picks, one option down: set 7 then totals 94–97, a mean of 90 or more within the spread rule."""
    choices = {}
    criteria = Criterion.objects.filter(group__part__scorecard=scorecard).prefetch_related("options").order_by("pk")
    for index, criterion in enumerate(criteria):
        options = sorted(criterion.options.all(), key=lambda o: o.points)
        if criterion.is_yes_no or not options:
            choices[criterion.pk] = "yes" if criterion.is_yes_no else "none"
            continue
        if best:
            marked = [o for o in options if o.min_star]
            pick = options[-1]
            if not marked and index % 3 == shift and len(options) > 1:
                pick = options[-2]
            choices[criterion.pk] = str(pick.pk)
            continue
        marked = [o for o in options if o.min_star and o.min_star <= 4]
        pick = marked[-1] if marked else options[min(len(options) - 1, (len(options) * 2) // 3)]
        if shift and not marked and index % 7 == shift and options.index(pick) > 0:
            pick = options[options.index(pick) - 1]
        choices[criterion.pk] = str(pick.pk)
    return choices


def _file_dossier(*, registration: Registration, user: User, best: bool = False) -> None:
    """The producer's self-assessment and the checklist's documents, then submission to the commune."""
    answers = _sheet_choices(registration.scorecard, 0, best=best)
    selfassessment_save(registration=registration, answers=answers, by=user)
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
        letter_number=f"{registration.pk + 120}/UBND-NN",  # the commune's letter proposing it (D26 Điều 6.2a)
        letter_date=timezone.localdate(),
    )
    registration.refresh_from_db()
    registration_forward(registration=registration, by=user)
    registration.refresh_from_db()


def _advisory_review(*, registration: Registration, users: dict) -> None:
    """The province's OCOP office receives the commune's dossier (D26 Điều 7.3a), its advisory team reviews it and
    reports it ready for the council (Điều 7.3c)."""
    registration_start_review(registration=registration, by=users["ocop.thainguyen"])
    registration.refresh_from_db()
    registration_mark_ready(registration=registration, by=users["totuvan.thainguyen"])
    registration.refresh_from_db()


def _score_in_session(*, registration: Registration, session, users: dict, best: bool = False) -> None:
    """Every member declares no conflict and submits a sheet (`best`: see _sheet_choices); then the chair takes the
    result (its explicit act)."""
    secretary = users["hoidong.thuky"]
    item = council_services.session_add_registration(session=session, registration=registration, by=secretary)
    members = list(session.council.members.select_related("user").order_by("pk"))
    council_services.session_set_attendance(session=session, present_member_ids={m.pk for m in members}, by=secretary)
    for shift, member in enumerate(members):
        conflict_services.conflict_declare(item=item, member=member, has_conflict=False, by=member.user)
        sheet = member.sheets.get(item=item)
        data = scoresheet_services.SheetInput(
            choices=_sheet_choices(registration.scorecard, shift=shift % 3, best=best),
            comments={},
            comment="Sản phẩm có chất lượng ổn định, bao bì đẹp.",
        )
        submission_services.scoresheet_submit(sheet=sheet, version=sheet.version, data=data, by=member.user)
    chair = session.council.members.get(role="chair", active=True)
    item_finalise(item=item, by=chair.user)
    registration.refresh_from_db()


@transaction.atomic
def seed_workflow(out) -> dict:
    province = AdministrativeUnit.objects.get(era=UnitEra.CURRENT, level=UnitLevel.PROVINCE, name="Tỉnh Thái Nguyên")
    ninh_binh = AdministrativeUnit.objects.get(era=UnitEra.CURRENT, level=UnitLevel.PROVINCE, name="Tỉnh Ninh Bình")
    con_minh_old = historic_commune("Xã Côn Minh", "Huyện Na Rì")
    units = {"province": province, "commune": current_successor(con_minh_old), "other_province": ninh_binh, "": None}
    users = _create_users(units)
    officer, nb_officer = users["ocop.thainguyen"], users["ocop.ninhbinh"]

    # Producers and products of Na Rì, now in Thái Nguyên.
    products = {}
    for name, old_commune, kind, product_name, set_number, _history in NA_RI:
        historic = historic_commune(old_commune, "Huyện Na Rì")
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

    # Historic certificates, kept with their original issuers (Điều 12.1: valid until their own expiry), numbered by
    # their place in the list: a number names one certificate of its issuer (the length of the product's name gave two
    # of them "2024-NR-015" on some days).
    for position, (_name, _old, _kind, product_name, _set, history) in enumerate(NA_RI, start=1):
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
            number=f"{date.year}-NR-{position:03d}",
            star=star,
            issuer_level=IssuerLevel.DISTRICT if level == "district" else IssuerLevel.PROVINCE,
            issuer_name=issuer,
            decision_number=f"{1200 + date.month}/QĐ-UBND",
            decision_date=date,
            legal_basis=basis,
            **submission_for(date, level),
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
        **submission_for(dt.date(2018, 11, 23)),
    )

    # Xuân Trường (Nam Định, now Ninh Bình): historic 3★ of 2020, in another province's scope.
    for name, old_commune, kind, product_names, set_number in XUAN_TRUONG:
        historic = historic_commune(old_commune, "Huyện Xuân Trường")
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
                **submission_for(dt.date(2020, 9, 30)),
            )

    # The round of the year taking proposals today in Thái Nguyên, its council, and the full procedure for Miến dong
    # Tài Hoan.
    evaluation_round = _round_taking_proposals(officer=officer, province=province)
    round_set_status(evaluation_round=evaluation_round, status=RoundStatus.OPEN, by=officer)
    council = council_services.council_create(
        by=officer,
        level=Level.PROVINCE,
        unit=province,
        name="Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Thái Nguyên",
        decision_number="1735/QĐ-UBND",
        decision_date=this_year_on(3, 12),
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
    secretary = users["hoidong.thuky"]
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
    _advisory_review(registration=registration, users=users)
    # The services stamp each step with the real clock (the dossier is submitted today), so the council meets and
    # the decision is issued today too: a story whose dates never run backwards.
    past_session = council_services.session_create(
        council=council,
        date=timezone.localdate(),
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
            signer_title="KT. CHỦ TỊCH — PHÓ CHỦ TỊCH",  # Nghị định 30/2020: the signer's own title, no unit
        )
        # Four eyes: ocop.thainguyen drafted it, kiemtra.thainguyen checks and issues it.
        checker = users["kiemtra.thainguyen"]
        decision_services.decision_check(decision=decision, by=checker)
        # The OCOP office submits the council's result (Điều 7.3đ) the day it is found: the story's council met today,
        # and a tờ trình is not dated before the result it submits (decision_issue_check).
        decision_services.decision_issue(
            decision=decision,
            number="2468/QĐ-UBND",
            by=checker,
            date=timezone.localdate(),
            submission_number="125/TTr-SNNMT",
            submission_date=timezone.localdate(),
        )
        out(f"  Quyết định {decision.number}: Miến dong Tài Hoan {result.final_star} sao, giấy chứng nhận PDF.")
    council_services.session_close(session=past_session, by=secretary)
    _seed_potential_five(
        registration=registration, council=council, evaluation_round=evaluation_round, users=users, out=out
    )

    # Mật ong rừng Hương Rừng (re-evaluation, officer-entered paper dossier): on the agenda of a written-opinion
    # session, the council's default for a re-evaluation (Điều 7.6d: it meets only when opinions diverge), for a live
    # scoring demo; its date is the deadline for the opinions. Its commune, Dương Sơn, merged into Côn Minh.
    honey = registration_create(
        product=products["Mật ong rừng Hương Rừng"],
        kind=RegistrationKind.REEVALUATION,
        by=commune_user,
        evaluation_round=evaluation_round,
    )
    _file_dossier(registration=honey, user=commune_user)
    _commune_check(registration=honey, user=commune_user, raw_material="Mật ong rừng khai thác tại xã Dương Sơn (cũ).")
    _advisory_review(registration=honey, users=users)
    written_session = council_services.session_create(
        council=council,
        date=timezone.localdate() + dt.timedelta(days=3),
        round=evaluation_round,
        mode=SessionMode.WRITTEN,
        by=secretary,
    )
    council_services.session_add_registration(session=written_session, registration=honey, by=secretary)
    out("  Mật ong rừng Hương Rừng chờ Hội đồng cho ý kiến bằng văn bản (đánh giá lại, Điều 7.6d).")

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
    seed_supervision(users=users, province=province, out=out)
    return {"users": len(users), "products": Product.objects.count(), "certificates": Certificate.objects.count()}


def _round_taking_proposals(*, officer: User, province: AdministrativeUnit) -> EvaluationRound:
    """The round the story files its dossiers into. The commune proposes them today, so the round still takes
    proposals today (D26 Điều 5, evaluation.services.round_calendar): the year's round 1 until 30/4, its round 2
    until 30/10, and after that an extra round of the year, which rests on the council's Quy chế and a plan."""
    today = timezone.localdate()
    year = today.year
    for number in REGULAR_NUMBERS:
        proposals_due, _done_by = round_default_dates(level=Level.PROVINCE, year=year, number=number)
        if today <= proposals_due:
            title = f"Đợt {number} năm {year} tỉnh Thái Nguyên"
            return round_create(by=officer, level=Level.PROVINCE, year=year, number=number, unit=province, title=title)
    return round_create(
        by=officer,
        level=Level.PROVINCE,
        year=year,
        number=3,
        unit=province,
        title=f"Đợt bổ sung năm {year} tỉnh Thái Nguyên",
        basis=(
            "Quy chế hoạt động của Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh (Quyết định 1735/QĐ-UBND); "
            f"Kế hoạch 212/KH-UBND ngày {today:%d/%m/%Y} đánh giá, phân hạng sản phẩm OCOP đợt bổ sung năm {year}"
        ),
        proposals_due=max(today, dt.date(year, 12, 15)),
        done_by=dt.date(year, 12, 31),
    )


def _seed_potential_five(*, registration: Registration, council, evaluation_round, users: dict, out) -> None:
    """Miến dong Tài Hoan, now 4★, applies to be raised to 5★ (seed 003: Na Rì's "1 from 4→5★"; the province's plan
    of the year targets one such upgrade): the dossier goes through the commune and the advisory team, the council
    scores it 90 or more with every minimum up to 5★ met, and it waits "Chờ UBND tỉnh phê duyệt, gửi Bộ" for the
    province's OCOP office to record the Chủ tịch UBND tỉnh's approval and the letter to the ministry (Điều 7.3e):
    ocop.thainguyen's "Phê duyệt kết quả, gửi Bộ"."""
    registration.refresh_from_db()
    if registration.status != RegistrationStatus.DECIDED:  # no 4★ certificate to upgrade (another result)
        return
    producer_user, commune_user = users["htx.taihoan"], users["canbo.conminh"]
    secretary = users["hoidong.thuky"]
    upgrade = registration_create(
        product=registration.product,
        kind=RegistrationKind.UPGRADE,
        by=producer_user,
        evaluation_round=evaluation_round,
        previous=registration,
    )
    _file_dossier(registration=upgrade, user=producer_user, best=True)
    _commune_check(
        registration=upgrade,
        user=commune_user,
        raw_material="Củ dong riềng trồng tại xã Côn Minh, vùng nguyên liệu được chứng nhận hữu cơ.",
    )
    _advisory_review(registration=upgrade, users=users)
    session = council_services.session_create(
        council=council,
        date=timezone.localdate(),
        location="Hội trường Sở NN&MT",
        round=evaluation_round,
        by=secretary,
    )
    _score_in_session(registration=upgrade, session=session, users=users, best=True)
    council_services.session_close(session=session, by=secretary)
    result = upgrade.results.order_by("-pk").first()
    out(f"  Nâng hạng Miến dong Tài Hoan: {result.mean_score} điểm, {upgrade.get_status_display()} (tiềm năng 5 sao).")


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
            "signed_on": this_year_on(3, 10),
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
