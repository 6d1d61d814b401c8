"""The data of `manage.py benchmark`: a country's worth of OCOP records, bulk-inserted with the values the
services would have written (reference data go through their own loaders).

Sizes at scale 1.0 (ocop-domain.md §10): 34 provinces × ~98 communes, ~8,500 producers, ~18,000 live certificates
(~540 a province) issued in two rounds a year per province over the last three years, plus the ones that ran out
in the last few months (expired or extended), the current rounds (~65 dossiers per province per round, at every
step of the procedure) and the re-evaluations started from certificates near their expiry. Every live
certificate has its own product, so there are ~24,000 products in all (18,000 recognised, ~2,000 expired, ~4,400
in the current rounds).

This module holds the national figures, the people, the producers and the current rounds' dossiers, and runs the
whole; the ten years of closed rounds (decisions, certificates, the expiry watch's past) are benchmark_history's, the
councils and score sheets benchmark_scoring's.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from ocop.db import analyze
from ocop.text import fold

from .benchmark import Report, timer
from .benchmark_names import GIVEN, PRODUCER_PREFIX, PRODUCT_WORDS, SURNAMES

# National figures at scale 1.0 (ocop-domain.md §10).
LIVE_CERTIFICATES = 18_000  # certificates still running; with ten years of rounds ~60,000 certificates in all
PRODUCERS = 20_000
RECERTIFIED = 0.55  # share of a round's certificates given to a product whose certificate ran out, when one has
FAILED_PER_ROUND = 0.56  # dossiers a closed round did not recognise, per certificate it issued
FAILED_STATUSES = (("not_recognised", 0.6), ("rejected", 0.15), ("withdrawn", 0.15), ("eliminated", 0.1))
SCORE_CHOICES = 2_000_000  # criterion choices on the score sheets of the most recent council sessions
# Members who fill a sheet for every dossier: the example councils of ocop-domain.md §7 have 7 (central 2022) to
# 9 (Lạng Sơn). With five, the dossiers scored under the one rule set with loaded criteria (26/2026) gave only
# 1.26 M choices at scale 1.0.
COUNCIL_SIZE = 7
SCORED_FAILED = {"not_recognised", "eliminated"}  # failed dossiers that reached the council and were scored
ROUND_DOSSIERS = 65  # per province and round in the current rounds
ROUNDS_PER_YEAR = 2
VALIDITY_MONTHS = 36
HISTORY_MONTHS = 120  # ten years of rounds: the certificates of the first seven have run out
STAR_SHARES = ((3, 0.73), (4, 0.263), (5, 0.007))
KIND_SHARES = (("coop", 0.38), ("sme", 0.24), ("household", 0.35), ("coop_group", 0.02), ("farm", 0.01))
BATCH = 2000

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


def weighted(rng: random.Random, shares) -> str:
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


FILLED: list = []  # the tables `bulk_create` filled, analysed at the end of `generate`


def bulk_create(model, rows: list) -> list:
    FILLED.append(model)
    return model.objects.bulk_create(rows, batch_size=BATCH)


def generate(*, scale: float, seed: int = 2026, today: dt.date | None = None, report: Report) -> Dataset:
    """Fill the (empty, migrated) database at `scale` of the national size. Reference data (units, criteria)
    are loaded through their own loaders; everything else is bulk-inserted with the values the services
    would have written."""
    # benchmark_scoring and benchmark_history build on this module (Dataset, bulk_create): imported here, not at
    # the top.
    from certificates.choices import CertificateStatus
    from certificates.models import Certificate
    from evaluation.choices import LegalBasis, RegistrationKind
    from evaluation.models import CriteriaVersion, Registration
    from ocop.admin_units import admin_units_load
    from ocop.models import AdministrativeUnit, Counter, User
    from products.models import Producer, Product, ProductSet
    from products.services import province_refresh

    from .benchmark_history import history_generate
    from .benchmark_scoring import criteria_load_for, scoring_setup

    rng = random.Random(seed)
    today = today or timezone.localdate()
    data = Dataset(today=today)

    t = {}
    with timer(t):
        admin_units_load(current_only=True)
    report.add("load administrative units", round(t["ms"] / 1000, 1), "s", "34 provinces, 3,321 communes")

    with timer(t):
        versions = criteria_load_for(data)
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
    users = bulk_create(User, users)
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
        kind = weighted(rng, KIND_SHARES)
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
    producers = bulk_create(Producer, producers)
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

    open_round_of, sheet_counts, sheet_s = history_generate(
        data=data,
        rng=rng,
        scale=scale,
        provinces=provinces,
        versions=versions,
        new_product=new_product,
        password=password,
    )

    # The current rounds: new products with dossiers at every step.
    new_products, new_meta = [], []
    n_open = max(1, round(ROUND_DOSSIERS * scale * ROUNDS_PER_YEAR))
    for province in provinces:
        for _ in range(n_open):
            status = weighted(rng, OPEN_STATUSES)
            new_products.append(
                new_product(province, today.year, "new" if status == "draft" else "in_evaluation", None)
            )
            new_meta.append((province, status))
    new_products = bulk_create(Product, new_products)
    bulk_create(
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
    bulk_create(Counter, [Counter(key=f"product-code:{pk}", value=v) for pk, v in serials.items()])
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
    t = {}
    with timer(t):  # bulk_create skips save(): the rows get their province copies as a province's would
        province_refresh()
    report.add(
        "province copies filled", round(t["ms"] / 1000, 1), "s", "products.services.province_refresh over every row"
    )
    scoring_setup(data, focus=focus, rng=rng)
    # A country's worth of rows in tables autovacuum last saw empty: measure with fresh statistics, as production
    # would have them (bulk_create runs in autocommit here, so every row is visible to ANALYZE).
    analyzed = analyze(*FILLED, AdministrativeUnit)
    FILLED.clear()
    report.add("ANALYZE after the bulk load", len(analyzed), "tables", "PostgreSQL only; 0 on SQLite")
    return data


def reload(*, report: Report) -> Dataset:
    """The Dataset of a database a previous run generated and kept (`--keep`, then `--reuse`)."""
    from certificates.models import Certificate
    from evaluation.models.scoresheets import ConflictDeclaration
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
    # The migrations just applied may have rewritten columns (a filled copy, a new index): fresh statistics first.
    from evaluation.models import Registration
    from products.models import Producer, Product

    report.add("ANALYZE before measuring", len(analyze(Producer, Product, Registration, Certificate)), "tables")
    return data
