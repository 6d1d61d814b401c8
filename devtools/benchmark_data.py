"""The data of `manage.py benchmark`: a country's worth of OCOP records, bulk-inserted with the values the
services would have written (reference data go through their own loaders).

Sizes at scale 1.0 (ocop-domain.md §10): 34 provinces × ~98 communes, ~8,500 producers, ~18,000 live certificates
(~540 a province) issued in two rounds a year per province over the last three years, plus the ones that ran out
in the last few months (expired or extended), the current rounds (~65 dossiers per province per round, at every
step of the procedure) and the re-evaluations started from certificates near their expiry. Every live
certificate has its own product, so there are ~24,000 products in all (18,000 recognised, ~2,000 expired, ~4,400
in the current rounds).
"""

from __future__ import annotations

import datetime as dt
import io
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from ocop.db import analyze
from ocop.text import fold

from .benchmark import Report, timer

# National figures at scale 1.0 (ocop-domain.md §10).
LIVE_CERTIFICATES = 18_000  # certificates still running; with ten years of rounds ~60,000 certificates in all
PRODUCERS = 20_000
RECERTIFIED = 0.55  # share of a round's certificates given to a product whose certificate ran out, when one has
FAILED_PER_ROUND = 0.56  # dossiers a closed round did not recognise, per certificate it issued
FAILED_STATUSES = (("not_recognised", 0.6), ("rejected", 0.15), ("withdrawn", 0.15), ("eliminated", 0.1))
SCORE_CHOICES = 2_000_000  # criterion choices on the score sheets of the most recent council sessions
COUNCIL_SIZE = 5
ROUND_DOSSIERS = 65  # per province and round in the current rounds
ROUNDS_PER_YEAR = 2
VALIDITY_MONTHS = 36
HISTORY_MONTHS = 120  # ten years of rounds: the certificates of the first seven have run out
STAR_SHARES = ((3, 0.73), (4, 0.263), (5, 0.007))
KIND_SHARES = (("coop", 0.38), ("sme", 0.24), ("household", 0.35), ("coop_group", 0.02), ("farm", 0.01))
BATCH = 2000

PRODUCT_WORDS = [
    "Miến dong",
    "Mật ong hoa nhãn",
    "Nước mắm cá cơm",
    "Chè Shan tuyết",
    "Gạo ST25",
    "Cà phê Robusta",
    "Bưởi da xanh",
    "Vải thiều",
    "Rượu ngô men lá",
    "Tương bần",
    "Bánh đa nem",
    "Măng khô",
    "Mắm tôm",
    "Trà hoa vàng",
    "Tinh dầu quế",
    "Hồi khô",
    "Gà đồi",
    "Chả cá",
    "Nem chua",
    "Kẹo dừa",
    "Hạt điều rang muối",
    "Tiêu đen",
    "Mứt gừng",
    "Cao dược liệu",
    "Thổ cẩm",
    "Mây tre đan",
    "Gốm",
    "Lụa tơ tằm",
    "Lan hồ điệp",
    "Du lịch cộng đồng",
    "Bánh chưng",
    "Sâm",
    "Nấm linh chi",
    "Dầu lạc",
    "Tỏi cô đơn",
    "Cam sành",
    "Chuối sấy",
    "Xoài cát",
    "Trà atisô",
    "Bột sắn dây",
]
PRODUCER_PREFIX = {
    "coop": "HTX",
    "sme": "Công ty TNHH",
    "household": "Hộ kinh doanh",
    "coop_group": "Tổ hợp tác",
    "farm": "Trang trại",
}
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
GIVEN = ["Văn An", "Thị Bình", "Văn Cường", "Thị Dung", "Đức Hải", "Thị Hoa", "Minh Khôi", "Thị Lan", "Quốc Việt"]
# The current rounds: a dossier at every step of the procedure.
OPEN_STATUSES = (
    ("draft", 0.15),
    ("submitted", 0.2),
    ("forwarded", 0.15),
    ("advisory_review", 0.15),
    ("supplement_requested", 0.05),
    ("ready_for_council", 0.15),
    ("scored", 0.1),
    ("returned", 0.05),
)


def _weighted(rng: random.Random, shares) -> str:
    values, weights = zip(*shares, strict=True)
    return rng.choices(values, weights=weights)[0]


@dataclass
class Dataset:
    today: dt.date
    central_officer: object = None
    province_officer: object = None
    council_member: object = None
    sheet_item_id: int | None = None
    certificate_ids: list[int] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    sheet_note: str = ""
    scorers: list = field(default_factory=list)  # council members with a draft sheet each (the autosave load)


TODAY_KEY = "benchmark:today"  # a Counter row: the day the data were generated for (`--reuse` measures that day)
SCORERS = 8


FILLED: list = []  # the tables `_bulk` filled, analysed at the end of `generate`


def _bulk(model, rows: list) -> list:
    FILLED.append(model)
    return model.objects.bulk_create(rows, batch_size=BATCH)


def generate(*, scale: float, seed: int = 2026, today: dt.date | None = None, report: Report) -> Dataset:
    """Fill the (empty, migrated) database at `scale` of the national size. Reference data (units, criteria)
    are loaded through their own loaders; everything else is bulk-inserted with the values the services
    would have written."""
    from certificates.choices import CertificateStatus, DecisionStatus, IssuerLevel, NoticeKind
    from certificates.models import (
        Certificate,
        CertificateNotice,
        CertificateReevaluation,
        DecisionEntry,
        RecognitionDecision,
    )
    from certificates.services.expiry import expected_status
    from evaluation.choices import LegalBasis, Level, RegistrationKind, RegistrationStatus
    from evaluation.models import CouncilResult, CriteriaVersion, EvaluationRound, Registration
    from ocop.admin_units import admin_units_load
    from ocop.models import AdministrativeUnit, Counter, User
    from products.models import Producer, Product, ProductSet

    rng = random.Random(seed)
    today = today or timezone.localdate()
    data = Dataset(today=today)

    t = {}
    with timer(t):
        admin_units_load(current_only=True)
    report.add("load administrative units", round(t["ms"] / 1000, 1), "s", "34 provinces, 3,321 communes")

    with timer(t):
        versions = _load_criteria(data)
    report.add("load criteria (3 rule sets)", round(t["ms"] / 1000, 1), "s", data.sheet_note)
    if LegalBasis.D26 not in versions:
        versions[LegalBasis.D26] = CriteriaVersion.objects.create(
            legal_basis=LegalBasis.D26, title="QĐ 26/2026/QĐ-TTg", effective_from=dt.date(2026, 5, 22)
        )
    d26 = versions[LegalBasis.D26]

    start = time.perf_counter()
    provinces = list(AdministrativeUnit.objects.current().provinces().order_by("code"))
    communes_of: dict[int, list] = {p.pk: [] for p in provinces}
    for c in AdministrativeUnit.objects.current().communes().order_by("code"):
        communes_of.setdefault(c.parent_id, []).append(c)
    province_by_id = {p.pk: p for p in provinces}
    sets = list(ProductSet.objects.order_by("number"))
    n_provinces = len(provinces)

    # People: a central officer, one OCOP officer per province, one officer per commune.
    password = make_password("benchmark-pass")
    users = [User(username="bench_central", role="central_officer", email="central@bench.test", password=password)]
    users += [
        User(
            username=f"bench_prov_{p.code}",
            role="province_officer",
            unit=p,
            email=f"prov{p.code}@bench.test",
            password=password,
        )
        for p in provinces
    ]
    users += [
        User(
            username=f"bench_xa_{c.code}",
            role="commune_officer",
            unit=c,
            email=f"xa{c.code}@bench.test",
            password=password,
        )
        for cs in communes_of.values()
        for c in cs
    ]
    users = _bulk(User, users)
    data.central_officer = User.objects.get(username="bench_central")
    focus = provinces[0]  # the province officer we measure (Hà Nội, code 01)
    data.province_officer = User.objects.get(username=f"bench_prov_{focus.code}")

    # Producers, spread over the communes of every province.
    n_producers = max(n_provinces, round(PRODUCERS * scale))
    all_communes = [c for cs in communes_of.values() for c in cs]
    producers = []
    for i in range(n_producers):
        commune = (
            all_communes[rng.randrange(len(all_communes))] if i >= n_provinces else communes_of[provinces[i].pk][0]
        )
        kind = _weighted(rng, KIND_SHARES)
        rep = f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"
        name = (
            f"{PRODUCER_PREFIX[kind]} {rng.choice(PRODUCT_WORDS)} {commune.name}"
            if kind != "household"
            else (f"{PRODUCER_PREFIX[kind]} {rep}")
        )
        tax = f"{4000000000 + i:010d}" if kind in {"coop", "sme"} else None
        address = f"Thôn {rng.randint(1, 12)}, {commune.full_name or commune.name}"
        producers.append(
            Producer(
                kind=kind,
                name=name,
                tax_code=tax,
                legal_rep_name=rep,
                address=address,
                commune=commune,
                phone=f"09{rng.randint(10_000_000, 99_999_999)}",
                email=f"chu-the-{i}@bench.test",
                search_text=fold(" ".join(x for x in [name, tax or "", rep, address] if x)),
            )
        )
    producers = _bulk(Producer, producers)
    producers_of: dict[int, list] = {p.pk: [] for p in provinces}
    for p in producers:
        producers_of[p.commune.parent_id].append(p)

    serials: dict[int, int] = {}

    def new_product(province, year: int, status: str, star: int | None) -> Product:
        producer = rng.choice(producers_of[province.pk])
        commune = producer.commune
        serials[commune.pk] = serials.get(commune.pk, 0) + 1
        pset = rng.choice(sets)
        name = f"{rng.choice(PRODUCT_WORDS)} {commune.name}"
        brand = f"{name.split()[0]} {rng.choice(SURNAMES)}"
        product = Product(
            producer=producer,
            product_set=pset,
            name=name,
            brand=brand,
            code_province=province.code,
            code_commune=commune.code,
            code_serial=serials[commune.pk],
            code_year=year,
            status=status,
            current_star=star,
            description="Sản phẩm sinh ra cho phép đo hiệu năng.",
        )
        product.search_text = fold(f"{name} {brand} {product.code} {producer.name}")
        return product

    # Rounds: two a year per province, each province on its own calendar; the certificates of a round share
    # the decision's date, so the expiry sweep moves them in clusters as it does in real life.
    per_round = max(1, round(LIVE_CERTIFICATES * scale / n_provinces / (VALIDITY_MONTHS / 12 * ROUNDS_PER_YEAR)))
    failed_per_round = round(per_round * FAILED_PER_ROUND)
    rounds, decisions, plan = [], [], []  # plan: (province, round index, decision date, n certificates)
    first = today - relativedelta(months=HISTORY_MONTHS)
    for province in provinces:
        offset = rng.randrange(0, 180)
        day = first + dt.timedelta(days=offset)
        number_in_year: dict[int, int] = {}
        while day <= today - dt.timedelta(days=20):
            number_in_year[day.year] = number_in_year.get(day.year, 0) + 1
            basis = (
                LegalBasis.D26
                if day >= dt.date(2026, 5, 22)
                else (LegalBasis.D1489 if day >= dt.date(2025, 7, 6) else LegalBasis.D148)
            )
            version = versions.get(basis, d26)
            rounds.append(
                EvaluationRound(
                    level=Level.PROVINCE,
                    unit=province,
                    year=day.year,
                    number=number_in_year[day.year],
                    title=f"Đợt {number_in_year[day.year]}/{day.year}",
                    proposals_due=day - dt.timedelta(days=90),
                    done_by=day,
                    criteria_version=version,
                    status="closed",
                )
            )
            decisions.append(
                RecognitionDecision(
                    number=f"{len(decisions) + 1}/QĐ-UBND",
                    date=day,
                    issuer_level=IssuerLevel.PROVINCE,
                    issuer_unit=province,
                    issuer_name=f"ỦY BAN NHÂN DÂN {province.name.upper()}",
                    signer_name=f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}",
                    signer_title="Phó Chủ tịch",
                    legal_basis=basis,
                    status=DecisionStatus.ISSUED,
                    issued_at=timezone.make_aware(dt.datetime.combine(day, dt.time(9))),
                )
            )
            plan.append((province, day, basis, version))
            day += dt.timedelta(days=182 + rng.randrange(-20, 20))
        # The current round, still open: dossiers at every step.
        rounds.append(
            EvaluationRound(
                level=Level.PROVINCE,
                unit=province,
                year=today.year,
                number=number_in_year.get(today.year, 0) + 1,
                title="Đợt hiện tại",
                proposals_due=today + dt.timedelta(days=30),
                done_by=today + dt.timedelta(days=120),
                criteria_version=d26,
                status="evaluating",
            )
        )
    rounds = _bulk(EvaluationRound, rounds)
    decisions = _bulk(RecognitionDecision, decisions)
    closed_rounds = [r for r in rounds if r.status == "closed"]
    open_round_of = {r.unit_id: r for r in rounds if r.status == "evaluating"}

    # Recognised products, their decided dossiers, council results, annex lines and certificates. Over ten years
    # of rounds a product whose certificate ran out is often evaluated again (a new certificate for the same
    # product): about half of the certificates issued after the first three years are such re-certifications.
    cert_products, regs, meta = [], [], []
    unique_products: list = []
    lapsed: dict[int, list] = {p.pk: [] for p in provinces}  # products whose last certificate has run out
    last_until: dict[int, dt.date] = {}  # id(product) → valid_until of its latest certificate
    pending: dict[int, list] = {p.pk: [] for p in provinces}  # (valid_until, product) not yet lapsed
    failed_plan = []  # (round, province, day, version): dossiers of a closed round that were not recognised
    for (province, day, basis, version), evaluation_round in zip(plan, closed_rounds, strict=True):
        still = []
        for until, product in pending[province.pk]:
            if until < day:
                lapsed[province.pk].append(product)
            else:
                still.append((until, product))
        pending[province.pk] = still
        for _ in range(per_round):
            star = int(_weighted(rng, STAR_SHARES))
            valid_until = day + relativedelta(months=VALIDITY_MONTHS)
            pool = lapsed[province.pk]
            if pool and rng.random() < RECERTIFIED:
                product = pool.pop(rng.randrange(len(pool)))
                product.current_star = star
                kind = RegistrationKind.REEVALUATION
            else:
                product = new_product(province, day.year, "recognised", star)
                unique_products.append(product)
                kind = RegistrationKind.FIRST
            last_until[id(product)] = valid_until
            pending[province.pk].append((valid_until, product))
            cert_products.append(product)
            meta.append((province, day, basis, version, evaluation_round, star, valid_until, kind))
        failed_plan += [(evaluation_round, province, day, version)] * failed_per_round
    for product in unique_products:
        product.status = "recognised" if last_until[id(product)] >= today else "expired"
    _bulk(Product, unique_products)
    products = cert_products
    for product, (province, day, basis, version, evaluation_round, _star, _vu, kind) in zip(
        products, meta, strict=True
    ):
        regs.append(
            Registration(
                product=product,
                round=evaluation_round,
                kind=kind,
                status=RegistrationStatus.DECIDED,
                legal_basis=basis,
                criteria_version=version,
                commune=product.producer.commune,
                year=day.year,
                form_number=f"{product.code_serial}/PĐK-{province.code}-{product.code_commune}-{day.year}",
                submitted_at=timezone.make_aware(dt.datetime.combine(day - dt.timedelta(days=100), dt.time(10))),
            )
        )
    # Dossiers of the closed rounds that were not recognised (a product of the province tried and failed).
    products_of_province: dict[str, list] = {}
    for product in unique_products:
        products_of_province.setdefault(product.code_province, []).append(product)
    for evaluation_round, province, day, version in failed_plan:
        candidates = products_of_province.get(province.code)
        if not candidates:
            continue
        product = rng.choice(candidates)
        regs.append(
            Registration(
                product=product,
                round=evaluation_round,
                kind=RegistrationKind.FIRST,
                status=_weighted(rng, FAILED_STATUSES),
                legal_basis=version.legal_basis,
                criteria_version=version,
                commune=product.producer.commune,
                year=day.year,
                submitted_at=timezone.make_aware(dt.datetime.combine(day - dt.timedelta(days=100), dt.time(10))),
            )
        )
    regs = _bulk(Registration, regs)
    regs = regs[: len(meta)]  # the decided ones, one per certificate
    results = _bulk(
        CouncilResult,
        [
            CouncilResult(
                registration=reg,
                level=Level.PROVINCE,
                mean_score=Decimal(50 + 17 * (star - 3) + rng.randint(0, 15)),
                band_star=star,
                final_star=star,
                potential_five=star == 5,
                recognisable=True,
            )
            for reg, (_p, _d, _b, _v, _r, star, _vu, _k) in zip(regs, meta, strict=True)
        ],
    )
    sheet_start = time.perf_counter()
    sheet_counts = _score_sheets(
        decided=[(reg, m[0], m[1]) for reg, m in zip(regs, meta, strict=True)],
        today=today,
        rng=rng,
        password=password,
        budget=round(SCORE_CHOICES * scale),
    )
    sheet_s = time.perf_counter() - sheet_start
    decision_of = {}
    for decision, (province, day, _b, _v) in zip(decisions, plan, strict=True):
        decision_of[(province.pk, day)] = decision
    entries, certificates, order = [], [], {}
    watched = {CertificateStatus.VALID, CertificateStatus.RENEWAL_WINDOW, CertificateStatus.EXPIRING}
    yesterday = today - dt.timedelta(days=1)
    for product, reg, result, (province, day, basis, _v, _r, star, valid_until, _k) in zip(
        products, regs, results, meta, strict=True
    ):
        decision = decision_of[(province.pk, day)]
        order[decision.pk] = order.get(decision.pk, 0) + 1
        entries.append(
            DecisionEntry(
                decision=decision,
                result=result,
                registration=reg,
                product=product,
                star=star,
                mean_score=result.mean_score,
                order=order[decision.pk],
            )
        )
        # The status the nightly job gave it yesterday; today's run is measured below.
        status = expected_status(valid_until, yesterday)
        certificates.append(
            Certificate(
                number=f"{order[decision.pk]}/{decision.number}/GCN",
                decision=decision,
                registration=reg,
                product=product,
                star=star,
                mean_score=result.mean_score,
                product_name=product.name,
                product_code=product.code,
                producer_name=product.producer.name,
                producer_address=product.producer.address,
                issued_on=day,
                valid_until=valid_until,
                status=status if status in watched else CertificateStatus.EXPIRED,
                legal_basis=basis,
                status_changed_on=yesterday,
            )
        )
    _bulk(DecisionEntry, entries)
    certificates = _bulk(Certificate, certificates)
    data.certificate_ids = [c.pk for c in certificates]

    # The steps the watch has already taken (so that today's run only does today's work).
    notices = []
    for c in certificates:
        d = (c.valid_until - yesterday).days
        sent = timezone.make_aware(dt.datetime.combine(yesterday, dt.time(7)))
        steps = [
            (d <= 180, NoticeKind.RENEWAL_WINDOW),
            (d < 120, NoticeKind.WINDOW_CLOSED),
            (d <= 30, NoticeKind.EXPIRING),
            (d < 0, NoticeKind.EXPIRED),
        ]
        notices += [
            CertificateNotice(certificate=c, kind=kind, day=yesterday, sent_at=sent, in_app_at=sent, attempts=1)
            for taken, kind in steps
            if taken
        ]
    _bulk(CertificateNotice, notices)

    # Re-evaluations started from about half of the certificates that are near their expiry.
    reeval_regs, reeval_links = [], []
    near = [
        (c, reg)
        for c, reg in zip(certificates, regs, strict=True)
        if c.status in {CertificateStatus.RENEWAL_WINDOW, CertificateStatus.EXPIRING}
    ]
    for c, reg in near:
        if rng.random() < 0.5:
            reeval_regs.append(
                Registration(
                    product_id=c.product_id,
                    round=open_round_of[province_by_id[reg.commune.parent_id].pk],
                    kind=RegistrationKind.REEVALUATION,
                    status=rng.choice(["submitted", "forwarded", "draft"]),
                    criteria_version=d26,
                    commune=reg.commune,
                    year=today.year,
                    previous=reg,
                    submitted_at=timezone.now(),
                )
            )
            reeval_links.append(c)
    reeval_regs = _bulk(Registration, reeval_regs)
    _bulk(
        CertificateReevaluation,
        [
            CertificateReevaluation(certificate=c, registration=r)
            for c, r in zip(reeval_links, reeval_regs, strict=True)
        ],
    )

    # The current rounds: new products with dossiers at every step.
    new_products, new_meta = [], []
    n_open = max(1, round(ROUND_DOSSIERS * scale * ROUNDS_PER_YEAR))
    for province in provinces:
        for _ in range(n_open):
            status = _weighted(rng, OPEN_STATUSES)
            new_products.append(
                new_product(province, today.year, "new" if status == "draft" else "in_evaluation", None)
            )
            new_meta.append((province, status))
    new_products = _bulk(Product, new_products)
    _bulk(
        Registration,
        [
            Registration(
                product=product,
                round=open_round_of[province.pk],
                kind=RegistrationKind.FIRST,
                status=status,
                criteria_version=d26,
                commune=product.producer.commune,
                year=today.year,
                submitted_at=None if status == "draft" else timezone.now() - dt.timedelta(days=rng.randint(1, 40)),
                commune_due_on=today + dt.timedelta(days=rng.randint(-5, 20)),
            )
            for product, (province, status) in zip(new_products, new_meta, strict=True)
        ],
    )
    _bulk(Counter, [Counter(key=f"product-code:{pk}", value=v) for pk, v in serials.items()])
    Counter.objects.create(key=TODAY_KEY, value=today.toordinal())
    report.add("generate data (bulk)", round(time.perf_counter() - start, 1), "s", f"score sheets: {sheet_s:.1f} s")

    counts = {
        "producers": Producer.objects.count(),
        "products": Product.objects.count(),
        "registrations": Registration.objects.count(),
        "certificates": Certificate.objects.count(),
        "live certificates": Certificate.objects.filter(
            status__in=[CertificateStatus.VALID, CertificateStatus.RENEWAL_WINDOW, CertificateStatus.EXPIRING]
        ).count(),
        "users": User.objects.count(),
        **sheet_counts,
    }
    for name, n in counts.items():
        report.add(f"rows: {name}", n, "rows")
    report.add(
        f"rows: {focus.name} live certificates",
        Certificate.objects.filter(
            product__producer__commune__parent=focus,
            status__in=[CertificateStatus.VALID, CertificateStatus.RENEWAL_WINDOW, CertificateStatus.EXPIRING],
        ).count(),
        "rows",
        "the measured province officer's province",
    )
    data.counts = counts
    _setup_scoring(data, focus=focus, rng=rng)
    # A country's worth of rows in tables autovacuum last saw empty: measure with fresh statistics, as production
    # would have them (bulk_create runs in autocommit here, so every row is visible to ANALYZE).
    analyzed = analyze(*FILLED, AdministrativeUnit)
    FILLED.clear()
    report.add("ANALYZE after the bulk load", len(analyzed), "tables", "PostgreSQL only; 0 on SQLite")
    return data


def _load_criteria(data: Dataset) -> dict:
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


def _setup_scoring(data: Dataset, *, focus, rng: random.Random) -> None:
    """A provincial council with five members, a session with one dossier of the current round on its agenda,
    and a member who has declared no conflict: the scoring sheet page of that member."""
    try:
        from evaluation.models import Council, CouncilMember, CouncilSession, Registration, Scorecard
        from evaluation.services.councils import session_add_registration, session_set_attendance
        from evaluation.services.scoresheets import conflict_declare
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
        session = CouncilSession.objects.create(council=council, date=data.today, location="UBND tỉnh")
        item = session_add_registration(session=session, registration=registration, by=officer)
        session_set_attendance(session=session, present_member_ids={m.pk for m in members}, by=officer)
        for member in members[1:]:
            conflict_declare(item=item, member=member, has_conflict=False, reason="", by=member.user)
        data.council_member = members[1].user
        data.scorers = [m.user for m in members[1:]]
        data.sheet_item_id = item.pk
    except Exception as exc:  # noqa: BLE001 — the councils area is still moving; measure the rest and say why
        data.sheet_note = f"scoring sheet not set up: {exc!r}"[:160]


def _score_sheets(*, decided: list, today: dt.date, rng: random.Random, password: str, budget: int) -> dict:
    """The councils' score sheets of the most recent decided dossiers, newest first, until `budget` criterion
    choices are written: one council of five per province, a closed session per round, an agenda item per
    dossier and one submitted sheet per member with a choice on every criterion of the dossier's scorecard.
    `decided` holds (registration, province, decision day). The choices go in with COPY on PostgreSQL (two
    million rows), bulk_create elsewhere."""
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
    for reg, province, day in sorted(decided, key=lambda row: row[2], reverse=True):
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
    councils = _bulk(
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
    users = _bulk(
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
    members = _bulk(
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
    _bulk(CouncilSession, list(sessions.values()))
    order: dict[int, int] = {}
    items = []
    for reg, province, _day, _card in chosen:
        session = sessions[(province.pk, reg.round_id)]
        order[session.pk] = order.get(session.pk, 0) + 1
        items.append(AgendaItem(session=session, registration=reg, order=order[session.pk]))
    items = _bulk(AgendaItem, items)
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
    sheets = _bulk(ScoreSheet, sheets)
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


def reload(*, report: Report) -> Dataset:
    """The Dataset of a database a previous run generated and kept (`--keep`, then `--reuse`)."""
    from certificates.models import Certificate
    from evaluation.models.councils import ConflictDeclaration
    from ocop.models import Counter, User

    day = Counter.objects.filter(key=TODAY_KEY).values_list("value", flat=True).first()
    if day is None:
        raise RuntimeError("this database was not generated by the benchmark (no benchmark:today counter)")
    data = Dataset(today=dt.date.fromordinal(day))
    data.central_officer = User.objects.get(username="bench_central")
    data.province_officer = User.objects.filter(username__startswith="bench_prov_").order_by("username").first()
    declarations = list(
        ConflictDeclaration.objects.filter(member__user__username__startswith="bench_council_")
        .select_related("member__user")
        .order_by("member__user__username")
    )
    if declarations:
        data.sheet_item_id = declarations[0].item_id
        data.scorers = [d.member.user for d in declarations]
        data.council_member = data.scorers[0]
    data.certificate_ids = list(Certificate.objects.order_by("pk").values_list("pk", flat=True))
    report.add("reused data: certificates", len(data.certificate_ids), "rows", f"generated for {data.today:%d/%m/%Y}")
    return data
