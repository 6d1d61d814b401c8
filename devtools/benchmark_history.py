"""The benchmark's past, for devtools/benchmark_data.py: ten years of closed rounds in every province, with their
recognition decisions, the recognised products (a product whose certificate ran out often recognised again), the
decided and failed dossiers, the council results and score sheets (benchmark_scoring), the annex lines and
certificates, the steps the expiry watch has already taken and the re-evaluations started from certificates near
their expiry; and each province's current round, still open. Bulk-inserted with the values the services would
have written."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from .benchmark_data import (
    FAILED_PER_ROUND,
    FAILED_STATUSES,
    HISTORY_MONTHS,
    LIVE_CERTIFICATES,
    RECERTIFIED,
    ROUNDS_PER_YEAR,
    SCORE_CHOICES,
    SCORED_FAILED,
    STAR_SHARES,
    VALIDITY_MONTHS,
    Dataset,
    bulk_create,
    weighted,
)
from .benchmark_names import GIVEN, SURNAMES


def history_generate(
    *,
    data: Dataset,
    rng: random.Random,
    scale: float,
    provinces: list,
    versions: dict,
    new_product: Callable,
    password: str,
) -> tuple[dict, dict, float]:
    """The closed rounds of every province and what they left (see the module's docstring), and each province's
    current round. `new_product` builds an unsaved product of a province (generate's, which numbers it in its
    commune). Returns the current round of each province (by its id), the score sheets' row counts and the seconds
    their generation took. Draws from `rng` in the order generate always has, so a seed gives the same data."""
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
    from evaluation.models import CouncilResult, EvaluationRound, Registration
    from products.models import Product

    from .benchmark_scoring import score_sheets_generate

    today = data.today
    n_provinces = len(provinces)
    province_by_id = {p.pk: p for p in provinces}
    d26 = versions[LegalBasis.D26]

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
    rounds = bulk_create(EvaluationRound, rounds)
    decisions = bulk_create(RecognitionDecision, decisions)
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
            star = int(weighted(rng, STAR_SHARES))
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
    bulk_create(Product, unique_products)
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
    failed_meta = []  # (province, decision day) of each dossier appended below
    for evaluation_round, province, day, version in failed_plan:
        candidates = products_of_province.get(province.code)
        if not candidates:
            continue
        product = rng.choice(candidates)
        failed_meta.append((province, day))
        regs.append(
            Registration(
                product=product,
                round=evaluation_round,
                kind=RegistrationKind.FIRST,
                status=weighted(rng, FAILED_STATUSES),
                legal_basis=version.legal_basis,
                criteria_version=version,
                commune=product.producer.commune,
                year=day.year,
                submitted_at=timezone.make_aware(dt.datetime.combine(day - dt.timedelta(days=100), dt.time(10))),
            )
        )
    regs = bulk_create(Registration, regs)
    # The council scored the not recognised ones too ("eliminated": a minimum not met on the sheets).
    council_failed = [
        (reg, province, day)
        for reg, (province, day) in zip(regs[len(meta) :], failed_meta, strict=True)
        if reg.status in SCORED_FAILED
    ]
    regs = regs[: len(meta)]  # the decided ones, one per certificate
    results = bulk_create(
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
    sheet_counts = score_sheets_generate(
        scored=[(reg, m[0], m[1]) for reg, m in zip(regs, meta, strict=True)] + council_failed,
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
                issuer_name=decision.issuer_name,  # bulk_create skips save(), which copies it
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
    bulk_create(DecisionEntry, entries)
    certificates = bulk_create(Certificate, certificates)
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
    bulk_create(CertificateNotice, notices)

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
    reeval_regs = bulk_create(Registration, reeval_regs)
    bulk_create(
        CertificateReevaluation,
        [
            CertificateReevaluation(certificate=c, registration=r)
            for c, r in zip(reeval_links, reeval_regs, strict=True)
        ],
    )
    return open_round_of, sheet_counts, sheet_s
