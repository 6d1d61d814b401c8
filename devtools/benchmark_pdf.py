"""The benchmark's `pdf` step: what certificates cost (issue 15, item 9).

- the first render in this process (cold) and the next (warm);
- the first render in a started worker: a fresh interpreter that ran the warm-up a worker runs at its start
  (ocop.pdf.warm_up, from worker_process_init / gunicorn post_fork), so nothing of this process helps it;
- a batch: BATCH certificates rendered and stored one after the other in this process, and BATCH more by one
  worker's processes side by side (as the ZIP's chunk tasks run on a Celery worker of default concurrency, one
  process per core); 1,000 certificates are extrapolated from these, and say so;
- a stored certificate downloaded through nginx in front of gunicorn, with the proxy setting (X-Accel-Redirect)
  and without it (streamed by Django), against the same bytes served by nginx as a static file. Needs nginx
  (`apt-get install nginx-light`): without it the figure is skipped with that message. Tests never need it.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection
from django.test.utils import override_settings
from django.urls import reverse

from ocop.downloads import NGINX_SECURE_LINK_LOCATION

from .benchmark import Report, timer

if TYPE_CHECKING:
    from .benchmark_data import Dataset

BATCH = 100  # certificates per batch figure; 1,000 is extrapolated from it
TARGET_BATCH = 1000
DOWNLOADS = 40  # requests per download figure (median)


def measure_pdf(data: Dataset, *, runs: int = 1, report: Report, other_processes: bool = True) -> None:
    from certificates.models import Certificate
    from certificates.services.certificates import certificate_render_pdf

    # Certificates without a document (a kept database reused by a later run has rendered the previous run's).
    unrendered = list(
        Certificate.objects.filter(pdf_sha256="", scan="").order_by("pk").values_list("pk", flat=True)[: 3 + 2 * BATCH]
    )
    ids, fresh = unrendered[:3], unrendered[3:]
    labels = ("certificate PDF render (cold)", "certificate PDF render (warm)")
    for label, pk in zip(labels, ids, strict=False):
        try:
            t = {}
            with timer(t):
                certificate_render_pdf(certificate_id=pk)
            report.add(label, round(t["ms"], 1), "ms", "first render in this process" if "cold" in label else "")
        except Exception as exc:  # noqa: BLE001 — a broken step is reported, the rest still runs
            report.add(label, None, "ms", f"error: {exc!r}"[:120])
    if connection.vendor != "postgresql" or not other_processes:
        note = "needs a benchmark database on PostgreSQL that other processes read (not --in-current-db)"
        report.add("certificate PDF (worker, batch, download)", None, "", note)
        return
    if len(ids) == 3:
        _started_worker(report, ids[2])
    _batch(report, fresh)
    if ids:
        _downloads(data, report, ids[0])


def _env() -> dict:
    from .benchmark_load import database_url

    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ocop.settings",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DATABASE_URL": database_url(connection.settings_dict),
    }


def _started_worker(report: Report, pk: int) -> None:
    label = "certificate PDF render (first in a started worker)"
    code = (
        "import django, time; django.setup();"
        "from ocop.pdf import warm_up; warm_up();"
        "from certificates.services.certificates import certificate_render_pdf;"
        f"t = time.perf_counter(); certificate_render_pdf(certificate_id={pk});"
        "print((time.perf_counter() - t) * 1000)"
    )
    try:
        out = subprocess.run([sys.executable, "-c", code], env=_env(), capture_output=True, text=True, timeout=300)
        value = round(float(out.stdout.strip().splitlines()[-1]), 1)
        report.add(label, value, "ms", "after the warm-up a worker runs at its start; target ≤ 300 ms")
    except Exception as exc:  # noqa: BLE001 — a broken step is reported, the rest still runs
        report.add(label, None, "ms", f"error: {exc!r}"[:120])


# A process of the worker: set up and warm up, say so, wait for the start signal, render its slice, report.
_RENDERER = (
    "import django, json, sys, time; django.setup();"
    "from ocop.pdf import warm_up; warm_up();"
    "from certificates.services.certificates import certificate_render_pdf;"
    "ids = json.loads(sys.argv[1]); print('ready', flush=True); sys.stdin.readline();"
    "start = time.time(); [certificate_render_pdf(certificate_id=pk) for pk in ids];"
    "print(start, time.time(), flush=True)"
)


def _batch(report: Report, fresh: list[int]) -> None:
    from certificates.services.certificates import certificate_render_pdf

    if len(fresh) < 2 * BATCH:
        report.add(f"{TARGET_BATCH:,} certificates", None, "s", f"only {len(fresh)} unrendered certificates")
        return
    note = f"extrapolated ×{TARGET_BATCH // BATCH} from {BATCH} rendered and stored"
    try:
        t = {}
        with timer(t):
            for pk in fresh[:BATCH]:
                certificate_render_pdf(certificate_id=pk)
        report.add(f"{BATCH} certificates, one process", round(t["ms"] / 1000, 1), "s", "rendered and stored in turn")
        report.add(
            f"{TARGET_BATCH:,} certificates, one process",
            round(t["ms"] / 1000 * TARGET_BATCH / BATCH / 60, 2),
            "min",
            note,
        )
        processes = os.cpu_count() or 1  # a Celery worker's default concurrency
        wall = _parallel(fresh[BATCH:], processes)
        report.add(
            f"{TARGET_BATCH:,} certificates, one worker ({processes} processes)",
            round(wall * TARGET_BATCH / BATCH / 60, 2),
            "min",
            f"{note} in {processes} parallel chunks ({wall:.1f} s); target ≤ 4 min",
        )
    except Exception as exc:  # noqa: BLE001 — a broken step is reported, the rest still runs
        report.add(f"{TARGET_BATCH:,} certificates", None, "min", f"error: {exc!r}"[:120])


def _parallel(ids: list[int], processes: int) -> float:
    """Seconds from the first process starting to render until the last one finished (set-up excluded)."""
    size = (len(ids) + processes - 1) // processes
    chunks = [ids[i : i + size] for i in range(0, len(ids), size)]
    popens = [
        subprocess.Popen(
            [sys.executable, "-c", _RENDERER, json.dumps(chunk)],
            env=_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for chunk in chunks
    ]
    try:
        for p in popens:
            if p.stdout.readline().strip() != "ready":
                raise RuntimeError("a renderer process did not start")
        for p in popens:
            p.stdin.write("\n")
            p.stdin.flush()
        spans = [tuple(map(float, p.stdout.readline().split())) for p in popens]
    finally:
        for p in popens:
            p.wait(timeout=600)
    return max(end for _s, end in spans) - min(start for start, _e in spans)


# ---------------------------------------------------------------------------------------------------------
# Downloads through nginx

SECURE_LINK_SECRET = "benchmark-secure-link-secret-0123456789"

NGINX_CONF = """
daemon off;
user root;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
  access_log off;
  sendfile on;
  client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
  types {{ application/pdf pdf; }}
  server {{
    listen 127.0.0.1:{port};
    location {prefix} {{ internal; alias {media}/; }}
    {secure_location}
    location /static-copy/ {{ alias {media}/; }}
    location / {{ proxy_pass http://127.0.0.1:{upstream}; proxy_set_header Host 127.0.0.1; }}
  }}
}}
"""


class Nginx:
    """nginx in front of gunicorn on a free port, its files in a temporary directory; stopped by its pid."""

    def __init__(self, *, upstream: int, media: str):
        from .benchmark_load import free_port

        self.port = free_port()
        self.tmp = tempfile.TemporaryDirectory(prefix="ocop-bench-nginx-")
        conf = Path(self.tmp.name) / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(
                tmp=self.tmp.name,
                port=self.port,
                upstream=upstream,
                media=media.rstrip("/"),
                prefix=settings.OCOP_SENDFILE_PREFIX,
                secure_location=NGINX_SECURE_LINK_LOCATION.format(
                    prefix=settings.OCOP_SECURE_LINK_PREFIX,
                    media=media.rstrip("/"),
                    secret=SECURE_LINK_SECRET,
                    cookie=settings.SESSION_COOKIE_NAME,
                ),
            )
        )
        self.popen = subprocess.Popen([shutil.which("nginx"), "-p", self.tmp.name, "-c", str(conf)])
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                http.client.HTTPConnection("127.0.0.1", self.port, timeout=2).connect()
                return
            except OSError:
                if self.popen.poll() is not None:
                    break
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"nginx did not start (see {self.tmp.name}/error.log)")

    def stop(self) -> None:
        if self.popen.poll() is None:
            os.kill(self.popen.pid, signal.SIGQUIT)
            try:
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.kill(self.popen.pid, signal.SIGKILL)
                self.popen.wait()
        self.tmp.cleanup()


def _median_get(port: int, path: str, cookie: str, expect: bytes) -> float:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": "127.0.0.1", **({"Cookie": cookie} if cookie else {})}
    times = []
    for i in range(DOWNLOADS + 3):
        start = time.perf_counter()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        if i >= 3:  # three to warm the connection and the caches
            times.append((time.perf_counter() - start) * 1000)
        if response.status != 200 or body != expect:
            raise RuntimeError(f"GET {path}: HTTP {response.status}, {len(body)} bytes (expected the stored PDF)")
    conn.close()
    return statistics.median(times)


def _downloads(data: Dataset, report: Report, pk: int) -> None:
    from certificates.models import Certificate
    from certificates.selectors.certificates import certificate_download_link

    from .benchmark_load import Gunicorn, session_cookie

    label = "certificate download via proxy (X-Accel-Redirect) vs static"
    if not shutil.which("nginx"):
        report.add(label, None, "×", "skipped: nginx not installed (apt-get install nginx-light)")
        return
    certificate = Certificate.objects.get(pk=pk)
    with certificate.pdf.open("rb") as handle:
        content = handle.read()
    path = reverse("certificates:certificate_download", args=[pk])
    cookie = session_cookie(data.central_officer)
    media = str(settings.MEDIA_ROOT)
    figures = {}
    try:
        for mode in ("x-accel", ""):
            web = Gunicorn(
                db_name=connection.settings_dict["NAME"], workers=2, env={"OCOP_SENDFILE": mode, "MEDIA_ROOT": media}
            )
            proxy = None
            try:
                proxy = Nginx(upstream=web.port, media=media)
                figures[mode or "streamed"] = _median_get(proxy.port, path, cookie, content)
                if "static" not in figures:  # the same nginx, the same file, no Python
                    figures["static"] = _median_get(proxy.port, "/static-copy/" + certificate.pdf.name, "", content)
                    # OCOP_SENDFILE=secure-link: the page's link, signed for this session, served by nginx alone.
                    with override_settings(OCOP_SENDFILE="secure-link", OCOP_SECURE_LINK_SECRET=SECURE_LINK_SECRET):
                        signed = certificate_download_link(certificate, session_key=cookie.split("=", 1)[1])
                    figures["secure-link"] = _median_get(proxy.port, signed, cookie, content)
            finally:
                if proxy:
                    proxy.stop()
                web.stop()
    except Exception as exc:  # noqa: BLE001 — a broken step is reported, the rest still runs
        report.add(label, None, "×", f"error: {exc!r}"[:160])
        return
    size = f"{len(content) / 1024:.0f} KiB, median of {DOWNLOADS}"
    report.add("certificate download via proxy (X-Accel-Redirect)", round(figures["x-accel"], 1), "ms", size)
    report.add("certificate download streamed by Django", round(figures["streamed"], 1), "ms", "OCOP_SENDFILE unset")
    report.add("same bytes as a static file (nginx)", round(figures["static"], 1), "ms", size)
    report.add(label, round(figures["x-accel"] / figures["static"], 2), "×", "Django checks access on each download")
    report.add("certificate download via signed link (secure_link)", round(figures["secure-link"], 1), "ms", size)
    report.add(
        "certificate download via signed link vs static",
        round(figures["secure-link"] / figures["static"], 2),
        "×",
        "target ≤ 1.5×; access checked when the page made the link",
    )
