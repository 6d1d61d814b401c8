"""National-scale benchmark: measure the pages and jobs that must stay fast at the size of the whole country.
Run through `manage.py benchmark` (ocop/management/commands/benchmark.py), which provides the throwaway
database; the data come from `devtools/benchmark_data.py`. This module only measures, in whatever database it is
given, and returns the figures (`Report`: name, value, unit, note)."""

from __future__ import annotations

import gc
import statistics
import tempfile
import time
import tracemalloc
import warnings
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING
from unittest import mock

from django.conf import settings
from django.db import connection
from django.template.base import Template
from django.test import Client
from django.test.utils import CaptureQueriesContext, _TestState, override_settings
from django.urls import reverse

if TYPE_CHECKING:
    from .benchmark_data import Dataset

SEARCH_TERM = "mien dong"


@dataclass
class Figure:
    name: str
    value: float | int | None
    unit: str
    note: str = ""


@dataclass
class Report:
    figures: list[Figure] = field(default_factory=list)

    def add(self, name: str, value, unit: str, note: str = "") -> None:
        self.figures.append(Figure(name, value, unit, note))

    def as_dicts(self) -> list[dict]:
        return [asdict(f) for f in self.figures]

    def table(self) -> str:
        rows = [(f.name, _fmt(f.value), f.unit, f.note) for f in self.figures]
        widths = [max(len(r[i]) for r in [("figure", "value", "unit", "note"), *rows]) for i in range(3)]
        lines = [
            f"{'figure':<{widths[0]}}  {'value':>{widths[1]}}  {'unit':<{widths[2]}}  note",
            f"{'-' * widths[0]}  {'-' * widths[1]}  {'-' * widths[2]}  ----",
        ]
        lines += [f"{n:<{widths[0]}}  {v:>{widths[1]}}  {u:<{widths[2]}}  {note}".rstrip() for n, v, u, note in rows]
        return "\n".join(lines)


def _fmt(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return f"{value:,}"


@contextmanager
def timer(result: dict):
    """Time the block: its wall-clock milliseconds go into result["ms"]."""
    start = time.perf_counter()
    yield
    result["ms"] = (time.perf_counter() - start) * 1000


@contextmanager
def peak_memory(result: dict):
    """Peak Python memory (tracemalloc) of the block, in MiB. tracemalloc slows Python code down, so blocks
    measured here are timed in separate runs."""
    gc.collect()
    tracemalloc.start()
    try:
        yield
    finally:
        result["peak_mib"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()


# ---------------------------------------------------------------------------------------------------------
# Measurements


def request_host() -> str:
    hosts = [h for h in settings.ALLOWED_HOSTS if h != "*"]
    if "testserver" in hosts or not hosts or "*" in settings.ALLOWED_HOSTS:
        return "testserver"
    return hosts[0].lstrip(".")


def measure_page(report: Report, client: Client, label: str, url: str, runs: int) -> None:
    """Median time of `runs` GETs after one warm-up, and the SQL queries of one request."""
    kwargs = {"HTTP_HOST": request_host(), "secure": bool(getattr(settings, "SECURE_SSL_REDIRECT", False))}
    try:
        response = client.get(url, **kwargs)  # warm-up (template loading, first-hit caches)
        if response.status_code != 200:
            report.add(label, None, "ms", f"HTTP {response.status_code} — not measured")
            return
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            client.get(url, **kwargs)
            times.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url, **kwargs)
    except Exception as exc:  # noqa: BLE001 — a page of another area that is broken right now
        report.add(label, None, "ms", f"error: {exc!r}"[:120])
        return
    report.add(label, round(statistics.median(times), 1), "ms", f"{len(queries)} queries")


def _page_uncached(report: Report, client: Client, label: str, url: str, runs: int, province=None) -> None:
    """Median time of `runs` GETs, each after the cache was emptied (the first visit of the day), or with
    `province` each after a change in that province (its statistics version moved, as a service moves it)."""
    from django.core.cache import cache

    from ocop.cache import statistics_cache_bump

    kwargs = {"HTTP_HOST": request_host(), "secure": bool(getattr(settings, "SECURE_SSL_REDIRECT", False))}
    times, queries = [], 0
    client.get(url, **kwargs)  # every province's counts in the cache, as a day's first visit leaves them
    for _ in range(max(1, runs)):
        if province is None:
            cache.clear()
        else:
            statistics_cache_bump(units=[province])  # outside a transaction: at once
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            status = client.get(url, **kwargs).status_code
            times.append((time.perf_counter() - start) * 1000)
        queries = len(captured)
        if status != 200:
            report.add(label, None, "ms", f"HTTP {status} — not measured")
            return
    report.add(label, round(statistics.median(times), 1), "ms", f"{queries} queries")


@contextmanager
def _as_in_production():
    """Render as production does: DEBUG off (no SQL log, no template debug info) and templates not
    instrumented by the test framework (setup_test_environment wraps Template._render to record every
    context, which roughly doubles the time of a template-heavy page)."""
    saved = getattr(_TestState, "saved_data", None)
    original = getattr(saved, "template_render", Template._render)
    with (
        override_settings(DEBUG=False),
        mock.patch.object(Template, "_render", original),
        warnings.catch_warnings(),
    ):
        warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collectstatic here
        yield


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


PAGES = [  # measured one request at a time; the first ten and the last five also under the concurrent load
    ("product list", "products:product_list", ""),
    ("producer list", "products:producer_list", ""),
    ("registration list", "evaluation:registration_list", ""),
    ("certificate list", "certificates:certificate_list", ""),
    ("expiry list", "certificates:expiry_list", ""),
    ("decision list", "certificates:decision_list", ""),
    (f"product search '{SEARCH_TERM}'", "products:product_list", "?q=" + SEARCH_TERM.replace(" ", "+")),
    ("statistics dashboard", "dashboard_statistics", ""),
    ("annual report page", "dashboard_report", "?period=year&year=2025"),
    ("annual report Excel", "dashboard_report", "?period=year&year=2025&format=xlsx"),
    ("statistics by former units", "dashboard_statistics", "?units=historic"),
    ("plan list", "dashboard_plan_list", ""),
    ("past evaluations list", "dashboard_historic_evaluation_list", ""),
    ("account list", "accounts:account_list", ""),
    ("home dashboard", "home", ""),
    ("evaluated dossiers (figure list)", "dashboard_figure_list", "?figure=evaluated"),
    ("round list", "evaluation:round_list", ""),
    ("council session list", "evaluation:session_list", ""),
    ("inspection list", "supervision:inspection_list", ""),
]
LOAD_PAGES = [*PAGES[:10], *PAGES[-5:]]


def measure(data: Dataset, *, runs: int, report: Report, skip: frozenset = frozenset(), db_name: str = "") -> None:
    roles = [("province", data.province_officer), ("national", data.central_officer)]
    province = data.province_officer.unit_id
    for role, user in roles:
        client = _client(user)
        for label, name, query in PAGES:
            measure_page(report, client, f"{label} ({role})", reverse(name) + query, runs)
            if name == "dashboard_statistics":  # its figures are cached: also the first visit after a change
                url = reverse(name) + query
                _page_uncached(report, client, f"{label} ({role}, after a change in the province)", url, runs, province)
                _page_uncached(report, client, f"{label} ({role}, uncached)", url, runs)

    if data.sheet_item_id:
        measure_page(
            report,
            _client(data.council_member),
            "scoring sheet (council member)",
            reverse("evaluation:sheet_edit", args=[data.sheet_item_id]),
            runs,
        )
    else:
        report.add("scoring sheet (council member)", None, "ms", data.sheet_note or "skipped")

    def pdf(data: Dataset, *, runs: int, report: Report) -> None:
        _pdf(data, runs=runs, report=report, db_name=db_name)

    steps = {"public": _public, "export": _export, "api": _api, "pdf": pdf, "sweep": _sweep}
    for name, step in steps.items():
        if name in skip:
            report.add(f"{name} (skipped)", None, "", "--skip")
            continue
        step(data, runs=runs, report=report)


API_PAGES = [
    ("API products", "api:product_list", ""),
    ("API producers", "api:producer_list", ""),
    ("API registrations", "api:registration_list", ""),
    ("API certificates", "api:certificate_list", ""),
    ("API council results", "api:council_result_list", ""),
    ("API decisions", "api:decision_list", ""),
    ("API past evaluations", "api:historic_evaluation_list", ""),
]
API_UNTHROTTLED = {"client": None, "anonymous": None}  # rate None: DRF lets every request through


def api_tokens(data: Dataset) -> list[tuple[str, str]]:
    """(role, bearer token) of a new read client of the measured province and of a national one."""
    from api.choices import ClientAccess
    from api.services import apiclient_create

    clients = [("province", data.province_officer.unit), ("national", None)]
    return [
        (
            role,
            apiclient_create(
                name=f"benchmark {role}", province=unit, access=ClientAccess.READ, by=data.central_officer
            )[1],
        )
        for role, unit in clients
    ]


def load_targets(data: Dataset) -> list:
    """The pages of the concurrent load: each list, search and dashboard for a province and a ministry officer,
    the score sheet and its autosave for council members (one sheet each), and the portal's anonymous pages."""
    from evaluation.models import Criterion, Option, ScoreSheet

    from .benchmark_load import Target, session_cookie

    targets = []
    for role, user in [("province", data.province_officer), ("national", data.central_officer)]:
        cookie = session_cookie(user)
        targets += [Target(f"{label} ({role})", reverse(name) + query, cookie) for label, name, query in LOAD_PAGES]
    if data.sheet_item_id and data.scorers:
        sheet_url = reverse("evaluation:sheet_edit", args=[data.sheet_item_id])
        targets.append(Target("scoring sheet (council member)", sheet_url, session_cookie(data.council_member)))
        sheets = []
        for user in data.scorers:
            _client(user).get(sheet_url, HTTP_HOST=request_host())  # opens the member's draft
            sheet = ScoreSheet.objects.select_related("item__registration").get(
                item_id=data.sheet_item_id, member__user=user, status="draft"
            )
            card = sheet.item.registration.scorecard_id
            criteria = list(
                Criterion.objects.filter(group__part__scorecard_id=card, is_yes_no=False)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            options: dict[int, list] = {}
            for oid, cid in Option.objects.filter(criterion_id__in=criteria).values_list("pk", "criterion_id"):
                options.setdefault(cid, []).append(oid)
            criteria = [c for c in criteria if options.get(c)]
            sheets.append(
                {
                    "path": reverse("evaluation:sheet_autosave", args=[sheet.pk]),
                    "cookie": session_cookie(user),
                    "csrf": "b" * 32,
                    "version": sheet.version,
                    "criteria": criteria,
                    "options": options,
                    "choices": {f"c{c}": str(options[c][0]) for c in criteria},
                }
            )
        targets.append(Target("score sheet autosave (council member)", "", autosave=sheets))
    targets += [Target(label, url) for label, url in _public_urls(data)]
    for role, token in api_tokens(data):
        targets += [Target(f"{label} ({role})", reverse(name) + q, token=token) for label, name, q in API_PAGES]
    targets.append(Target("API public products", reverse("api:public_product_list")))
    return targets


def _load(data: Dataset, *, report: Report, seconds: float, users: int, db_name: str, only=()) -> None:
    from .benchmark_load import Gunicorn, machine_load, run_target

    if connection.vendor != "postgresql":
        report.add("concurrent load", None, "ms", "PostgreSQL only (gunicorn against the benchmark database)")
        return
    targets = [t for t in load_targets(data) if not only or any(word in t.label for word in only)]
    server = Gunicorn(db_name=db_name)
    try:
        for target in targets:  # one warm-up request per page and worker (templates, first-hit caches)
            run_target(server.port, target, users=1, seconds=0.5)
        for target in targets:
            before = machine_load()
            result = run_target(server.port, target, users=users, seconds=seconds)
            p50, p95, p99, rate = result.figures()
            note = (
                f"p50 {p50:.0f}, p99 {p99:.0f} ms; {rate:.1f} req/s; {len(result.times_ms)} ok"
                + (f", {len(result.failures)} failed ({result.failures[0]})" if result.failures else "")
                + f"; load {before}"
            )
            report.add(f"load p95: {target.label}", round(p95, 1) if result.times_ms else None, "ms", note)
    finally:
        server.stop()


PUBLIC_USERS = 8  # concurrent anonymous visitors (issue 16: p95 ≤ 100 ms)


def _public_urls(data: Dataset) -> list[tuple[str, str]]:
    """The public catalogue, an accent-free search and a product page (its canonical address)."""
    from certificates.models import Certificate

    urls = [
        ("public catalogue", reverse("portal:catalogue")),
        (f"public search '{SEARCH_TERM}'", reverse("portal:catalogue") + "?q=" + SEARCH_TERM.replace(" ", "+")),
    ]
    product_id = (
        Certificate.objects.filter(pk__in=data.certificate_ids, status="valid", valid_until__gte=data.today)
        .values_list("product_id", flat=True)
        .first()
    )
    if product_id is not None:
        short = reverse("portal:product_short", args=[product_id])
        response = Client().get(short, HTTP_HOST=request_host())
        urls.append(("public product page", response.get("Location", short)))
    return urls


def _public(data: Dataset, *, runs: int, report: Report) -> None:
    """Anonymous pages: each once with an empty cache (the first visitor after a change), then warm (every later
    visitor), then PUBLIC_USERS clients at once over all three (p95). The rate limit is lifted for the run."""
    import threading

    from django.core.cache import cache

    with override_settings(OCOP_PUBLIC_RATE="1000000/m"):
        try:
            urls = _public_urls(data)
        except Exception as exc:  # noqa: BLE001 — a broken step is reported, the rest still runs
            report.add("public pages", None, "ms", f"error: {exc!r}"[:120])
            return
        kwargs = {"HTTP_HOST": request_host(), "secure": bool(getattr(settings, "SECURE_SSL_REDIRECT", False))}
        for label, url in urls:
            times, status, queries = [], 200, 0
            for _ in range(max(1, min(runs, 5))):
                cache.clear()
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    status = Client().get(url, **kwargs).status_code
                    times.append((time.perf_counter() - start) * 1000)
                queries = len(captured)
            if status != 200:
                report.add(f"{label} (uncached)", None, "ms", f"HTTP {status} — not measured")
                continue
            report.add(f"{label} (uncached)", round(statistics.median(times), 1), "ms", f"{queries} queries")
            measure_page(report, Client(), f"{label} (cached)", url, runs)

        # Concurrency, steady state: the cache is warm (as it is between two changes; the first visitor after a
        # change pays the uncached time above). Threads get their own database connection, so this works on a
        # committed database (the command's throwaway one), not inside a test transaction; a failed request is
        # reported, not timed.
        for _label, url in urls:
            Client().get(url, **kwargs)
        per_user = max(5, runs * 3)
        times: list[float] = []
        failures: list[str] = []
        lock = threading.Lock()

        def visitor(offset: int) -> None:
            client = Client()
            try:
                for i in range(per_user):
                    label, url = urls[(offset + i) % len(urls)]
                    start = time.perf_counter()
                    status = client.get(url, **kwargs).status_code
                    elapsed = (time.perf_counter() - start) * 1000
                    with lock:
                        (times.append(elapsed) if status == 200 else failures.append(f"{label}: HTTP {status}"))
            except Exception as exc:  # noqa: BLE001
                with lock:
                    failures.append(repr(exc)[:80])
            finally:
                connection.close()

        threads = [threading.Thread(target=visitor, args=(n,)) for n in range(PUBLIC_USERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        label = f"public pages p95, {PUBLIC_USERS} concurrent anonymous users (warm cache)"
        if failures or not times:
            report.add(label, None, "ms", (failures or ["no request"])[0][:120])
        else:
            p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else times[0]
            report.add(label, round(p95, 1), "ms", f"{len(times)} requests, median {statistics.median(times):.1f} ms")


def _export(data: Dataset, *, runs: int, report: Report) -> None:
    """The product list's Excel export as each officer asks for it: written in the request up to
    ocop.services.EXPORT_ASYNC_ROWS rows (a province), else by a background job (the country), measured as the
    worker runs it."""
    from ocop.models import BackgroundJob

    url = reverse("products:product_export")
    kwargs = {"HTTP_HOST": request_host(), "secure": bool(getattr(settings, "SECURE_SSL_REDIRECT", False))}
    for role, user in [("province", data.province_officer), ("national", data.central_officer)]:
        client = _client(user)
        label = f"product Excel export ({role})"
        try:
            times, size, mem, note = [], 0, {}, ""
            for _ in range(max(1, min(runs, 3))):
                start = time.perf_counter()
                with _tasks_not_sent():
                    response = client.get(url, **kwargs)
                times.append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    break
                size = len(response.content)
            if response.status_code == 302:  # a background job: the request only queued it
                note = f"background job; the request answered in {times[-1]:.0f} ms"
                elapsed, size = _export_job_run(BackgroundJob.objects.filter(created_by=user).latest("pk"))
                times = [elapsed]
                with _tasks_not_sent():
                    client.get(url, **kwargs)  # a job runs once: another one for the memory figure
                _export_job_run(BackgroundJob.objects.filter(created_by=user).latest("pk"), mem=mem)
            elif response.status_code != 200:
                raise RuntimeError(f"HTTP {response.status_code}")
            else:
                with peak_memory(mem):
                    client.get(url, **kwargs)
        except Exception as exc:  # noqa: BLE001 — a broken step is reported, the rest still runs
            report.add(label, None, "ms", f"error: {exc!r}"[:120])
            continue
        report.add(label, round(statistics.median(times), 1), "ms", note)
        report.add(f"product Excel export ({role}) size", round(size / 1024, 1), "KiB")
        report.add(f"product Excel export ({role}) peak memory", round(mem["peak_mib"], 1), "MiB", "tracemalloc")


@contextmanager
def _tasks_not_sent():
    """Tasks queued inside go neither to a broker (whose worker would look for the job in its own database) nor
    run in-process: the benchmark runs and times what it measures itself."""
    from ocop.celery import app

    eager = app.conf.task_always_eager  # (Celery's settings object cannot be patched by mock)
    app.conf.task_always_eager = False
    try:
        with mock.patch.object(app, "send_task"):
            yield
    finally:
        app.conf.task_always_eager = eager


def _export_job_run(job, *, mem: dict | None = None) -> tuple[float, int]:
    """Run a queued export job as a worker would (with `mem`, under tracemalloc): its time in ms and its file's
    size. The job and its file are removed."""
    from django.core.files.storage import default_storage

    from products.tasks import export_job_run_task

    start = time.perf_counter()
    with peak_memory(mem) if mem is not None else nullcontext():
        export_job_run_task.apply(args=[job.pk], throw=True)
    elapsed = (time.perf_counter() - start) * 1000
    job.refresh_from_db()
    if not job.output_file:
        raise RuntimeError(f"export job {job.status}: {job.error[:80]}")
    size = job.output_file.size
    default_storage.delete(job.output_file.name)
    job.delete()
    return elapsed, size


def _api(data: Dataset, *, runs: int, report: Report) -> None:
    from .benchmark_api import measure_api  # the API's lists and a province's national-sync export

    measure_api(data, runs=runs, report=report)


def _pdf(data: Dataset, *, runs: int = 1, report: Report, db_name: str = "") -> None:
    from .benchmark_pdf import measure_pdf  # renders, a started worker, a batch, downloads through nginx

    # Other processes (a started worker, a worker's processes, gunicorn) need a committed benchmark database:
    # none in --in-current-db (the test suite's, inside a transaction).
    measure_pdf(data, runs=runs, report=report, other_processes=bool(db_name))


def _sweep(data: Dataset, *, runs: int = 1, report: Report) -> None:
    from .benchmark_sweep import measure_sweep  # the nightly expiry job, a year's catch-up, one delivery

    measure_sweep(data, report=report)


def run(
    *,
    scale: float,
    runs: int,
    seed: int = 2026,
    progress: Callable[[str], None] | None = None,
    reuse: bool = False,
    load: dict | None = None,
    db_name: str = "",
    skip: frozenset = frozenset(),
) -> Report:
    """Generate at `scale` (or reload what a kept database holds), measure, return the figures. The caller
    provides the benchmark database."""
    from .benchmark_data import generate, reload

    report = Report()
    say = progress or (lambda _msg: None)
    media = tempfile.TemporaryDirectory(prefix="ocop-bench-media-")
    with media, override_settings(MEDIA_ROOT=media.name, EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        if reuse:
            say("reusing the data of the kept benchmark database …")
            data = reload(report=report)
        else:
            say(f"generating data at scale {scale} …")
            data = generate(scale=scale, seed=seed, report=report)
        say("measuring …")
        with _as_in_production():
            measure(data, runs=runs, report=report, skip=skip, db_name=db_name)
        if load and load.get("seconds"):
            say(f"concurrent load: {load['users']} sessions, {load['seconds']} s per page …")
            _load(
                data,
                report=report,
                seconds=load["seconds"],
                users=load["users"],
                db_name=db_name,
                only=load.get("only", ()),
            )
    return report


def machine_load() -> str:
    from .benchmark_load import machine_load as load

    return load()
