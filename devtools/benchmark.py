"""National-scale benchmark: measure the pages and jobs that must stay fast at the size of the whole country.
Run through `manage.py benchmark` (ocop/management/commands/benchmark.py), which provides the throwaway
database; the data come from `devtools/benchmark_data.py`. This module only measures, in whatever database it is
given, and returns the figures (`Report`: name, value, unit, note)."""

from __future__ import annotations

import datetime as dt
import gc
import statistics
import tempfile
import time
import tracemalloc
import warnings
from collections.abc import Callable
from contextlib import contextmanager
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
NIGHTS = 7  # usual nights of the expiry sweep measured one after the other


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
def _timer(result: dict):
    start = time.perf_counter()
    yield
    result["ms"] = (time.perf_counter() - start) * 1000


@contextmanager
def _peak(result: dict):
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


def _host() -> str:
    hosts = [h for h in settings.ALLOWED_HOSTS if h != "*"]
    if "testserver" in hosts or not hosts or "*" in settings.ALLOWED_HOSTS:
        return "testserver"
    return hosts[0].lstrip(".")


def _page(report: Report, client: Client, label: str, url: str, runs: int) -> None:
    """Median time of `runs` GETs after one warm-up, and the SQL queries of one request."""
    kwargs = {"HTTP_HOST": _host(), "secure": bool(getattr(settings, "SECURE_SSL_REDIRECT", False))}
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


def measure(data: Dataset, *, runs: int, report: Report) -> None:
    roles = [("province", data.province_officer), ("national", data.central_officer)]
    pages = [
        ("product list", "products:product_list", ""),
        ("producer list", "products:producer_list", ""),
        ("registration list", "evaluation:registration_list", ""),
        ("certificate list", "certificates:certificate_list", ""),
        ("expiry list", "certificates:expiry_list", ""),
        (f"product search '{SEARCH_TERM}'", "products:product_list", "?q=" + SEARCH_TERM.replace(" ", "+")),
        ("statistics dashboard", "dashboard_statistics", ""),
        ("annual report page", "dashboard_report", "?period=year&year=2025"),
        ("annual report Excel", "dashboard_report", "?period=year&year=2025&format=xlsx"),
    ]
    for role, user in roles:
        client = _client(user)
        for label, name, query in pages:
            _page(report, client, f"{label} ({role})", reverse(name) + query, runs)

    if data.sheet_item_id:
        _page(
            report,
            _client(data.council_member),
            "scoring sheet (council member)",
            reverse("evaluation:sheet_edit", args=[data.sheet_item_id]),
            runs,
        )
    else:
        report.add("scoring sheet (council member)", None, "ms", data.sheet_note or "skipped")

    _public(data, runs=runs, report=report)
    _export(data, runs=runs, report=report)
    _pdf(data, report=report)
    _sweep(data, report=report)


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
        response = Client().get(short, HTTP_HOST=_host())
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
        kwargs = {"HTTP_HOST": _host(), "secure": bool(getattr(settings, "SECURE_SSL_REDIRECT", False))}
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
            _page(report, Client(), f"{label} (cached)", url, runs)

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
    url = reverse("products:product_export")
    kwargs = {"HTTP_HOST": _host(), "secure": bool(getattr(settings, "SECURE_SSL_REDIRECT", False))}
    for role, user in [("province", data.province_officer), ("national", data.central_officer)]:
        client = _client(user)
        label = f"product Excel export ({role})"
        try:
            times, size = [], 0
            for _ in range(max(1, min(runs, 3))):
                start = time.perf_counter()
                response = client.get(url, **kwargs)
                times.append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    raise RuntimeError(f"HTTP {response.status_code}")
                size = len(response.content)
            mem = {}
            with _peak(mem):
                client.get(url, **kwargs)
        except Exception as exc:  # noqa: BLE001 — a broken step is reported, the rest still runs
            report.add(label, None, "ms", f"error: {exc!r}"[:120])
            continue
        report.add(label, round(statistics.median(times), 1), "ms")
        report.add(f"product Excel export ({role}) size", round(size / 1024, 1), "KiB")
        report.add(f"product Excel export ({role}) peak memory", round(mem["peak_mib"], 1), "MiB", "tracemalloc")


def _pdf(data: Dataset, *, report: Report) -> None:
    from certificates.services.certificates import certificate_render_pdf

    ids = data.certificate_ids[:2]
    for label, pk in zip(("certificate PDF render (cold)", "certificate PDF render (warm)"), ids, strict=False):
        try:
            t = {}
            with _timer(t):
                certificate_render_pdf(certificate_id=pk)
            report.add(label, round(t["ms"], 1), "ms", "first render in this process" if "cold" in label else "")
        except Exception as exc:  # noqa: BLE001 — a broken step is reported, the rest still runs
            report.add(label, None, "ms", f"error: {exc!r}"[:120])


def _sweep(data: Dataset, *, report: Report) -> None:
    """The nightly expiry job over every certificate: today's run (the usual night: only today's steps), then
    a catch-up a year later (a job that never ran: thousands of steps), the latter under tracemalloc.
    Deliveries (producer e-mails, officer digests) are Celery tasks in production: here they are counted,
    not run, and one delivery is timed on its own."""
    from certificates.models import CertificateNotice
    from certificates.services import expiry
    from certificates.services.expiry import sweep

    queued = []
    if not hasattr(sweep, "_queue"):  # the expiry module changed: say so rather than run the e-mails inline
        report.add("expiry sweep", None, "ms", "certificates.services.expiry.sweep._queue not found; not measured")
        return
    with (
        mock.patch.object(sweep, "_queue", lambda task, pk: queued.append((task.name, pk))),
        mock.patch.object(sweep.logger, "info", lambda *a, **k: None),  # one log line per night: noise here
    ):
        # A week of usual nights: only the steps of each day (certificates move in clusters, per decision).
        times, steps, label = [], 0, f"expiry sweep, nightly run (median of {NIGHTS} nights)"
        try:
            for night in range(NIGHTS):
                t = {}
                with _timer(t):
                    counts = expiry.certificates_flag_expiring(today=data.today + dt.timedelta(days=night))
                times.append(t["ms"])
                steps += _steps(counts)
            report.add(
                label,
                round(statistics.median(times), 1),
                "ms",
                f"max {max(times):,.1f} ms; {steps} steps in {NIGHTS} nights",
            )
        except Exception as exc:  # noqa: BLE001 — a broken step is reported, the rest still runs
            report.add(label, None, "ms", f"error: {exc!r}"[:120])
        # A job that never ran for a year: thousands of steps at once, under tracemalloc.
        label = "expiry sweep, catch-up one year later"
        queued.clear()
        t, mem = {}, {}
        try:
            with _peak(mem), _timer(t):
                counts = expiry.certificates_flag_expiring(today=data.today + dt.timedelta(days=365))
            report.add(
                label,
                round(t["ms"], 1),
                "ms",
                f"{_steps(counts)} steps, {counts.get('notices_queued', 0)} notices + "
                f"{counts.get('digests_queued', 0)} digests queued (timed under tracemalloc)",
            )
            report.add(f"{label} peak memory", round(mem["peak_mib"], 2), "MiB", "tracemalloc")
        except Exception as exc:  # noqa: BLE001 — a broken step is reported, the rest still runs
            report.add(label, None, "ms", f"error: {exc!r}"[:120])
    notice = CertificateNotice.objects.filter(sent_at=None).order_by("pk").first()
    if notice is not None:
        t = {}
        try:
            with _timer(t):
                expiry.certificate_notice_deliver(notice_id=notice.pk)
            report.add("expiry notice delivery (one e-mail)", round(t["ms"], 1), "ms", "locmem e-mail backend")
        except Exception as exc:  # noqa: BLE001 — a broken step is reported, the rest still runs
            report.add("expiry notice delivery (one e-mail)", None, "ms", f"error: {exc!r}"[:120])


def _steps(counts: dict) -> int:
    return sum(v for k, v in counts.items() if k not in {"notices_queued", "digests_queued"})


def run(*, scale: float, runs: int, seed: int = 2026, progress: Callable[[str], None] | None = None) -> Report:
    """Generate at `scale`, measure, return the figures. The caller provides a throwaway database."""
    from .benchmark_data import generate

    report = Report()
    say = progress or (lambda _msg: None)
    media = tempfile.TemporaryDirectory(prefix="ocop-bench-media-")
    with media, override_settings(MEDIA_ROOT=media.name, EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        say(f"generating data at scale {scale} …")
        data = generate(scale=scale, seed=seed, report=report)
        say("measuring …")
        with _as_in_production():
            measure(data, runs=runs, report=report)
    return report
