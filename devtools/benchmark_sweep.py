"""The benchmark's `sweep` step: the nightly expiry job (certificates.services.expiry) over every certificate of
the generated country."""

from __future__ import annotations

import datetime as dt
import statistics
from typing import TYPE_CHECKING
from unittest import mock

from django.db import transaction

from .benchmark import Report, peak_memory, timer

if TYPE_CHECKING:
    from .benchmark_data import Dataset

NIGHTS = 7  # usual nights of the expiry sweep measured one after the other


def measure_sweep(data: Dataset, *, report: Report) -> None:
    """The nightly expiry job over every certificate: today's run (the usual night: only today's steps), then
    a catch-up a year later (a job that never ran: thousands of steps), the latter under tracemalloc.
    Deliveries (producer e-mails, officer digests) are Celery tasks in production: here they are counted,
    not run, and one delivery is timed on its own."""
    with transaction.atomic():
        _sweep_measured(data, report=report)
        # Leave the certificates as generated: a kept database measured again (`--reuse`) sweeps the same nights.
        transaction.set_rollback(True)


def _sweep_measured(data: Dataset, *, report: Report) -> None:
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
                with timer(t):
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
            with peak_memory(mem), timer(t):
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
            with timer(t):
                expiry.certificate_notice_deliver(notice_id=notice.pk)
            report.add("expiry notice delivery (one e-mail)", round(t["ms"], 1), "ms", "locmem e-mail backend")
        except Exception as exc:  # noqa: BLE001 — a broken step is reported, the rest still runs
            report.add("expiry notice delivery (one e-mail)", None, "ms", f"error: {exc!r}"[:120])


def _steps(counts: dict) -> int:
    return sum(v for k, v in counts.items() if k not in {"notices_queued", "digests_queued"})
