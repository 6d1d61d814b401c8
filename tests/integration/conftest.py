"""Fixtures for the production-topology tests: real Celery worker, beat and gunicorn processes against the
PostgreSQL test database that pytest-django created and a Redis broker.

They run only with DATABASE_URL (PostgreSQL) and REDIS_URL set. Without them they skip on a developer's
machine, and FAIL when CI=true, so that CI can never go green without having run them.

The processes use a redis-server of their own on a free port, never a database of the machine's shared Redis:
every other suite on the machine used that database too, and their workers took our tasks (ours theirs) whenever
two suites ran at once. Every process is started with its
own pid file and stopped by that pid in a finally block.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


def _require_topology() -> None:
    missing = [name for name in ("DATABASE_URL", "REDIS_URL") if not os.environ.get(name)]
    if not missing and not settings.IS_POSTGRES:
        missing = ["DATABASE_URL (PostgreSQL)"]
    if missing:
        message = f"production-topology tests need {', '.join(missing)}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " — CI must run them", pytrace=False)
        pytest.skip(message)


def _with_path(url: str, path: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))


@pytest.fixture(scope="module")
def topology(django_db_setup, tmp_path_factory):
    """The environment the subprocesses share: the test database, a redis-server of their own, a run dir."""
    _require_topology()
    from django.db import connection

    database_url = _with_path(os.environ["DATABASE_URL"], "/" + connection.settings_dict["NAME"])
    run_dir = tmp_path_factory.mktemp("topology")
    redis_server = OwnRedis(run_dir)
    redis_server.start()
    redis_url = redis_server.url
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")},
        "DJANGO_SETTINGS_MODULE": "ocop.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "CONN_MAX_AGE": "0",
        "PYTHONUNBUFFERED": "1",
    }
    try:
        yield {"env": env, "redis_url": redis_url, "run_dir": run_dir}
    finally:
        redis_server.stop()


def worker_command(node: str) -> list[str]:
    """A solo Celery worker named `node`, without the chatter (gossip, mingle, heartbeat) of a cluster."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "ocop",
        "worker",
        "--pool",
        "solo",
        "--loglevel",
        "INFO",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "-n",
        f"{node}@%h",
    ]


def gunicorn_command(port: int) -> list[str]:
    """One gunicorn worker of the app on a loopback port."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "ocop.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--no-control-socket",
        "--timeout",
        "60",
    ]


class Process:
    """A subprocess started with its own pid file, stopped by the pid read from that file."""

    def __init__(self, name: str, args: list[str], *, env: dict, run_dir: Path, pid_option: str):
        self.name = name
        self.pidfile = run_dir / f"{name}.pid"
        self.logfile = run_dir / f"{name}.log"
        self._log = self.logfile.open("ab")
        self.popen = subprocess.Popen(
            [*args, pid_option, str(self.pidfile)],
            cwd=BASE_DIR,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )

    def log(self) -> str:
        return self.logfile.read_text(errors="replace") if self.logfile.exists() else ""

    def wait_for_pidfile(self, timeout: float = 30) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                raise AssertionError(f"{self.name} exited with {self.popen.returncode}:\n{self.log()[-3000:]}")
            if self.pidfile.exists() and self.pidfile.read_text().strip():
                return int(self.pidfile.read_text().strip())
            time.sleep(0.05)
        raise AssertionError(f"{self.name} wrote no pid file in {timeout}s:\n{self.log()[-3000:]}")

    def _pid(self) -> int:
        try:
            return int(self.pidfile.read_text().strip()) if self.pidfile.exists() else self.popen.pid
        except ValueError:
            return self.popen.pid

    def terminate(self) -> None:
        """SIGTERM without waiting, so that several processes shut down at the same time (`stop_all`)."""
        try:
            if self.popen.poll() is None:
                os.kill(self._pid(), signal.SIGTERM)
        except ProcessLookupError:
            pass

    def stop(self, timeout: float = 20) -> None:
        pid = self._pid()
        try:
            if self.popen.poll() is None:
                os.kill(pid, signal.SIGTERM)
                try:
                    self.popen.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    os.kill(pid, signal.SIGKILL)
                    self.popen.wait(timeout=10)
        except ProcessLookupError:
            pass
        finally:
            self._log.close()


def stop_all(*processes: "Process | None") -> None:
    """Stop each process by its own pid: all are sent SIGTERM first, then each is waited for (and killed if it
    hangs), so their graceful shutdowns overlap instead of adding up."""
    processes = [p for p in processes if p is not None]
    for process in processes:
        process.terminate()
    for process in processes:
        process.stop()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OwnRedis:
    """A redis-server of our own, on a free port, with no persistence; stopped by its own pid."""

    def __init__(self, run_dir: Path):
        self.port = free_port()
        self.run_dir = run_dir
        self.process = None
        self.generation = 0

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.generation += 1
        self.process = Process(
            f"redis-{self.generation}",
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.run_dir),
            ],
            env=dict(os.environ),
            run_dir=self.run_dir,
            pid_option="--pidfile",
        )
        self.process.wait_for_pidfile()

        wait_until(lambda: _ping(self.url), timeout=20, what="our redis-server to answer")

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()
            self.process = None


def _ping(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture(scope="module")
def worker(topology):
    """One real `celery -A ocop worker` on the private Redis database."""
    process = Process(
        "worker",
        worker_command(f"it-{uuid.uuid4().hex[:8]}"),
        env=topology["env"],
        run_dir=topology["run_dir"],
        pid_option="--pidfile",
    )
    try:
        process.wait_for_pidfile()
        yield process
    finally:
        process.stop()


@pytest.fixture(scope="module")
def web(topology):
    """gunicorn on a free loopback port, answering /healthz before the tests start."""
    import urllib.request

    port = free_port()
    process = Process(
        "gunicorn",
        gunicorn_command(port),
        env=topology["env"],
        run_dir=topology["run_dir"],
        pid_option="--pid",
    )
    base = f"http://127.0.0.1:{port}"
    try:
        process.wait_for_pidfile()
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or process.popen.poll() is not None:
                raise AssertionError(f"gunicorn did not become healthy:\n{process.log()[-3000:]}")
            time.sleep(0.1)
        process.base_url = base
        yield process
    finally:
        process.stop()


def wait_until(condition, *, timeout: float = 60, interval: float = 0.1, what: str = "condition", logs=()):
    """Bounded polling: the condition's value once truthy, or a failure with the processes' logs. Each look is
    one small query or file read, so looking ten times a second costs nothing and a test does not sit idle for
    up to half a second at every step."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    tails = "\n".join(f"--- {p.name} ---\n{p.log()[-4000:]}" for p in logs)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}\n{tails}")
