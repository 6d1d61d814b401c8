"""`manage.py benchmark` at a tiny scale: every figure is printed with a number. No timing is asserted
(STYLE.md §2.8: figures live in the command, never in a test)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from devtools.benchmark import Figure, Report

# A few hundredths of a percent of the country: 34 provinces with one or two records each (~10 s on SQLite).
SCALE = "0.003"

EXPECTED = [
    "load administrative units",
    "load criteria (3 rule sets)",
    "generate data (bulk)",
    "ANALYZE after the bulk load",
    "rows: producers",
    "rows: products",
    "rows: registrations",
    "rows: certificates",
    "rows: live certificates",
    *[
        f"{page} ({role})"
        for role in ("province", "national")
        for page in (
            "product list",
            "producer list",
            "registration list",
            "certificate list",
            "expiry list",
            "product search 'mien dong'",
            "product Excel export",
        )
    ],
    *[
        f"{page} ({state})"
        for page in ("public catalogue", "public search 'mien dong'", "public product page")
        for state in ("uncached", "cached")
    ],
    *[
        f"{page} ({role}{state})"
        for role in ("province", "national")
        for page, states in (
            ("statistics dashboard", ("", ", after a change in the province", ", uncached")),
            ("annual report page", ("",)),
            ("annual report Excel", ("",)),
        )
        for state in states
    ],
    "product Excel export (national) size",
    "product Excel export (national) peak memory",
    "scoring sheet (council member)",
    *[
        f"API {page} ({role})"
        for role in ("province", "national")
        for page in ("products", "producers", "registrations", "certificates")
    ],
    "API public products",
    "API sync export JSON (province)",
    "API sync export JSON (province) peak memory",
    "API sync export Excel (province)",
    "API sync export Excel (province) peak memory",
    "certificate PDF render (cold)",
    "certificate PDF render (warm)",
    "expiry sweep, nightly run (median of 7 nights)",
    "expiry sweep, catch-up one year later",
    "expiry sweep, catch-up one year later peak memory",
    "expiry notice delivery (one e-mail)",
    "total benchmark time",
]


@pytest.fixture
def figures(db, monkeypatch):
    analyzed = []
    monkeypatch.setattr("devtools.benchmark_data.analyze", lambda *models: analyzed.extend(models) or [])
    # A province's few products are exported in the request, the country's (34 or more) by a background job, as
    # at the national size (ocop.downloads.export_response).
    monkeypatch.setattr("ocop.services.EXPORT_ASYNC_ROWS", 30)
    out = io.StringIO()
    call_command(
        "benchmark", "--scale", SCALE, "--runs", "1", "--in-current-db", "--json", stdout=out, stderr=io.StringIO()
    )
    from ocop.models import BackgroundJob

    jobs_left = BackgroundJob.objects.count()  # the export jobs it ran are removed with their files
    return {**json.loads(out.getvalue()), "analyzed": {m._meta.label for m in analyzed}, "jobs_left": jobs_left}


@pytest.mark.slow(40)
def test_one_run_prints_every_figure_analyzes_what_it_filled_and_covers_every_province(figures):
    # One run of the command (~40 s) answers the three questions; a run per question tripled the suite's longest wait.
    _every_figure_has_a_number(figures)
    _it_analyzes_the_tables_it_filled(figures)
    _it_generates_every_province_and_recognised_products(figures)


def _every_figure_has_a_number(figures):
    by_name = {f["name"]: f for f in figures["figures"]}
    missing = [name for name in EXPECTED if name not in by_name]
    assert not missing, missing
    not_numbers = {
        name: by_name[name]["note"] for name in EXPECTED if not isinstance(by_name[name]["value"], int | float)
    }
    assert not not_numbers, not_numbers
    assert figures["scale"] == float(SCALE)


def _it_analyzes_the_tables_it_filled(figures):
    assert {"products.Product", "products.Producer", "certificates.Certificate", "evaluation.Registration"} <= (
        figures["analyzed"]
    )
    assert "ocop.AdministrativeUnit" in figures["analyzed"]


def _it_generates_every_province_and_recognised_products(figures):
    by_name = {f["name"]: f["value"] for f in figures["figures"]}
    # At least one producer and one recognised product per province, whatever the scale.
    assert by_name["rows: producers"] >= 34
    assert by_name["rows: live certificates"] >= 34
    assert by_name["rows: certificates"] >= by_name["rows: live certificates"]
    # Each page line reports its SQL query count.
    assert by_name["product list (national)"] > 0
    notes = {f["name"]: f["note"] for f in figures["figures"]}
    assert notes["product list (province)"].endswith("queries")
    assert notes["product Excel export (national)"].startswith("background job")
    assert not notes["product Excel export (province)"]
    assert by_name["product Excel export (national) size"] > by_name["product Excel export (province) size"] > 0
    assert figures["jobs_left"] == 0


def test_it_prints_an_aligned_table():
    report = Report()
    report.add("product list (province)", 12.345, "ms", "9 queries")
    report.add("rows: products", 20000, "rows")
    report.figures.append(Figure("scoring sheet (council member)", None, "ms", "skipped"))
    lines = report.table().splitlines()
    assert lines[0].startswith("figure")
    assert "12.3" in lines[2] and "20,000" in lines[3] and "—" in lines[4]
    # The unit column starts at the same place on every line.
    assert len({line.index("ms") for line in (lines[2], lines[4])}) == 1


def test_it_refuses_a_scale_out_of_range(db):
    with pytest.raises(CommandError):
        call_command("benchmark", "--scale", "0", "--in-current-db", stdout=io.StringIO())


def _result(*figures, scale=1.0):
    return {
        "database": "postgresql",
        "scale": scale,
        "figures": [dict(zip(("name", "value", "unit", "note"), f, strict=True)) for f in figures],
    }


def test_the_check_fails_a_page_over_its_query_budget_whatever_the_baseline():
    from devtools.benchmark_check import baseline_of, check

    run = _result(
        ("product list (national)", 40.0, "ms", "14 queries"), ("producer list (national)", 9.0, "ms", "9 queries")
    )
    failures = check(run, baseline_of(_result(scale=0.5)))
    assert failures == ["product list (national): 14 queries (budget 12)"]


def test_the_check_fails_a_time_that_regressed_beyond_the_ratio_against_the_same_scale():
    from devtools.benchmark_check import baseline_of, check

    baseline = baseline_of(_result(("expiry list (national)", 100.0, "ms", "8 queries"), ("tiny", 4.0, "ms", "")))
    assert check(_result(("expiry list (national)", 149.0, "ms", "8 queries")), baseline) == []
    assert check(_result(("tiny", 9.0, "ms", "")), baseline) == []  # 2.2× but 5 ms: noise, not a regression
    slower = check(_result(("expiry list (national)", 151.0, "ms", "8 queries")), baseline)
    assert slower == ["expiry list (national): 151.0 ms against 100.0 ms in the baseline (> 1.5×)"]
    # Another scale gives other times: only the budgets are checked.
    assert check(_result(("expiry list (national)", 900.0, "ms", "8 queries"), scale=0.1), baseline) == []


def test_the_committed_baseline_is_a_national_run_on_postgresql():
    from devtools.management.commands.benchmark import BASELINE

    baseline = json.loads(BASELINE.read_text())
    assert (baseline["database"], baseline["scale"]) == ("postgresql", 1.0)
    assert baseline["figures"]["product list (national)"] > 0
