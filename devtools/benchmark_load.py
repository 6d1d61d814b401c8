"""The benchmark's concurrent load: gunicorn started as `make serve` starts it (bin/serve: `--workers 3 --preload`,
DEBUG=0, PostgreSQL), then, page after page, `users` concurrent sessions requesting the same page for `seconds`
each, one request after the other per session (a closed loop: a session waits for its answer before asking
again). Reported per page: p50/p95/p99 of the response time as the client sees it (connection included), requests
per second, and failures (any status other than the expected one).

Sessions are created directly in the benchmark database (a session row per user, as a login writes it), so the
load measures pages, not the login form or its lockout. The anonymous pages are requested without a cookie.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


@dataclass
class Target:
    label: str
    path: str
    cookie: str = ""  # "sessionid=…" or "" for an anonymous visitor
    token: str = ""  # an API client's bearer token
    # An autosave: each session posts to its own sheet (one per council member), carrying the version it got.
    autosave: list[dict] = field(default_factory=list)


@dataclass
class LoadResult:
    label: str
    times_ms: list[float]
    failures: list[str]
    seconds: float

    def figures(self) -> tuple[float, float, float, float]:
        ordered = sorted(self.times_ms)
        if not ordered:
            return (0.0, 0.0, 0.0, 0.0)
        pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
        return (statistics.median(ordered), pick(0.95), pick(0.99), len(ordered) / self.seconds)


# gunicorn runs with DEBUG=0, which refuses the development key: the sessions are signed with this one.
SECRET_KEY = os.environ.get("SECRET_KEY") or "benchmark-only-" + "k" * 60


def _backend() -> str:
    """The first backend that loads a user (as Client.force_login picks it: django-axes' comes first and does not)."""
    from django.contrib.auth import load_backend

    return next(p for p in settings.AUTHENTICATION_BACKENDS if hasattr(load_backend(p), "get_user"))


def session_cookie(user) -> str:
    """A logged-in session for `user`, written where Django's session engine reads it, signed (data and
    auth hash) with the key gunicorn runs with."""
    from importlib import import_module

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.test.utils import override_settings

    with override_settings(SECRET_KEY=SECRET_KEY):
        store = import_module(settings.SESSION_ENGINE).SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = _backend()
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url(db: dict) -> str:
    user = urllib.parse.quote(db.get("USER") or "")
    password = urllib.parse.quote(db.get("PASSWORD") or "")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


class Gunicorn:
    """gunicorn as bin/serve execs it (same module, workers and --preload), on a free loopback port, against the
    benchmark database; stopped by its own pid."""

    def __init__(self, *, db_name: str, workers: int = 3, env: dict | None = None):
        from django.db import connection

        self.port = free_port()
        self.log = Path(os.environ.get("TMPDIR", "/tmp")) / f"ocop-bench-gunicorn-{os.getpid()}.log"
        env = {
            **os.environ,
            "DATABASE_URL": database_url({**connection.settings_dict, "NAME": db_name}),
            "DEBUG": "0",
            "SECRET_KEY": SECRET_KEY,
            "SITE_URL": f"http://127.0.0.1:{self.port}",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "STATIC_MANIFEST": "0",
            "OCOP_PUBLIC_RATE": "1000000/m",
            "API_CLIENT_RATE": "1000000/min",
            "API_ANONYMOUS_RATE": "1000000/min",
            **(env or {}),
        }
        self.args = [
            sys.executable,
            "-m",
            "gunicorn",
            "ocop.wsgi:application",
            "--config",
            "python:ocop.gunicorn_conf",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--preload",
            "--no-control-socket",
            "--timeout",
            "120",
        ]
        self._log = self.log.open("ab")
        self.popen = subprocess.Popen(self.args, cwd=BASE_DIR, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        self._wait_ready()

    def _wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.popen.returncode}); see {self.log}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
                conn.getresponse().read()
                return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"gunicorn did not answer within {timeout} s; see {self.log}")

    def stop(self) -> None:
        if self.popen.poll() is None:
            os.kill(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.kill(self.popen.pid, signal.SIGKILL)
                self.popen.wait()
        self._log.close()


def _get(conn: http.client.HTTPConnection, path: str, cookie: str, token: str = "") -> int:
    headers = {"Host": "127.0.0.1"}
    if cookie:
        headers["Cookie"] = cookie
    if token:
        headers["Authorization"] = f"Bearer {token}"
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    return response.status


def _autosave(conn: http.client.HTTPConnection, sheet: dict, n: int) -> int:
    """Post the whole sheet as the page's script does, one choice changed each time (the member clicks on)."""
    choices = dict(sheet["choices"])
    cid = sheet["criteria"][n % len(sheet["criteria"])]
    options = sheet["options"][cid]
    choices[f"c{cid}"] = str(options[n % len(options)])
    body = urllib.parse.urlencode({**choices, "version": sheet["version"], "csrfmiddlewaretoken": sheet["csrf"]})
    conn.request(
        "POST",
        sheet["path"],
        body=body,
        headers={
            "Host": "127.0.0.1",
            "Cookie": f"{sheet['cookie']}; {settings.CSRF_COOKIE_NAME}={sheet['csrf']}",
            "Content-Type": "application/x-www-form-urlencoded",
            "X-CSRFToken": sheet["csrf"],
            "Referer": f"http://127.0.0.1/{sheet['path']}",
        },
    )
    response = conn.getresponse()
    payload = response.read()
    if response.status == 200:
        sheet["version"] = json.loads(payload)["version"]
        sheet["choices"] = choices
    return response.status


def run_target(port: int, target: Target, *, users: int, seconds: float) -> LoadResult:
    times: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    start_line = threading.Barrier(users)

    def session(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        sheet = target.autosave[n % len(target.autosave)] if target.autosave else None
        start_line.wait()
        end = time.perf_counter() + seconds
        i = 0
        while time.perf_counter() < end:
            i += 1
            began = time.perf_counter()
            try:
                status = _autosave(conn, sheet, i) if sheet else _get(conn, target.path, target.cookie, target.token)
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                with lock:
                    failures.append(repr(exc)[:80])
                continue
            elapsed = (time.perf_counter() - began) * 1000
            with lock:
                if status == 200:
                    times.append(elapsed)
                else:
                    failures.append(f"HTTP {status}")
        conn.close()

    began = time.perf_counter()
    threads = [threading.Thread(target=session, args=(n,)) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return LoadResult(target.label, times, failures, time.perf_counter() - began)


def machine_load() -> str:
    """The 1-, 5- and 15-minute load averages, as `uptime` prints them."""
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"
