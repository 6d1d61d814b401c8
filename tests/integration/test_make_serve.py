"""`make serve` end to end: the test runs bin/serve, the very script the Makefile's `serve` target runs, with a
production environment (DEBUG=0, the static manifest on) and checks that pages and their hashed static files
are served. The regression: collectstatic ran without STATIC_MANIFEST=1 while gunicorn ran with it, so every
page failed with "Missing staticfiles manifest entry"."""

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import BASE_DIR, free_port, wait_until

pytestmark = pytest.mark.integration


def test_the_makefile_serve_target_runs_bin_serve():
    makefile = (BASE_DIR / "Makefile").read_text()
    recipe = makefile.split("\nserve:", 1)[1].split("\n\n", 1)[0]
    assert "./bin/serve" in recipe
    assert "collectstatic" not in recipe and "gunicorn" not in recipe  # one place for the steps


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")
    except OSError:
        return 0, ""


def _stop(*pidfiles: Path, child: subprocess.Popen) -> list[int]:
    """SIGTERM to each process by the pid in its own file, all at once so their shutdowns overlap; then wait for
    each, and SIGKILL one still there after 20 s (returned). `child` is the test's own process (bin/serve, exec'd into
    gunicorn): once it exits it stays a zombie until waited for, which a signal 0 still finds, so it is waited for
    instead of probed (probing it held every run for the whole 20 s)."""
    pids = []
    for pidfile in pidfiles:
        try:
            pid = int(pidfile.read_text().strip())
            os.kill(pid, signal.SIGTERM)
        except (OSError, ValueError):  # no pid file, no pid in it, or the process is gone already
            continue
        pids.append(pid)
    deadline = time.monotonic() + 20
    killed = []
    for pid in pids:
        while time.monotonic() < deadline:
            if _gone(pid, child):
                break
            time.sleep(0.05)
        else:
            killed.append(pid)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    return killed


def _gone(pid: int, child: subprocess.Popen) -> bool:
    if pid == child.pid:
        return child.poll() is not None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def _wait_for_pidfiles(pidfiles: list[Path], run_dir: Path, timeout: float = 60) -> None:
    def written():
        return all(pidfile.exists() and pidfile.read_text().strip() for pidfile in pidfiles)

    try:
        wait_until(written, timeout=timeout, what="the pid files of " + ", ".join(p.name for p in pidfiles))
    except AssertionError as exc:
        logs = "\n".join(
            f"--- {log.name} ---\n{log.read_text(errors='replace')[-2000:]}" for log in run_dir.glob("*.log")
        )
        raise AssertionError(f"{exc}\n{logs}") from None


@pytest.mark.slow(25)
def test_bin_serve_serves_pages_with_the_static_manifest(transactional_db, topology, tmp_path):
    port = free_port()
    run_dir = tmp_path / "run"
    env = {
        **topology["env"],
        "DEBUG": "0",
        "SECRET_KEY": "integration-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(tmp_path / "static"),
        "STATIC_MANIFEST": "0",  # what a shell may carry; bin/serve must override it for every step
        "VENV": str(Path(sys.executable).parent.parent),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "RUN_DIR": str(run_dir),
        "WEB_WORKERS": "1",
    }
    pidfiles = [run_dir / name for name in ("gunicorn.pid", "beat.pid", "worker.pid")]
    log = (tmp_path / "serve.log").open("ab")
    process = subprocess.Popen(
        [str(BASE_DIR / "bin" / "serve")], cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    stopped = False  # once stopped, the processes have removed their pid files: none is waited for again
    try:

        def healthy():
            if process.poll() is not None:
                raise AssertionError((tmp_path / "serve.log").read_text(errors="replace")[-4000:])
            return _get(f"{base}/healthz")[0] == 200

        wait_until(healthy, timeout=180, what="bin/serve to answer /healthz")
        status, page = _get(f"{base}/accounts/login/")
        assert status == 200, page[-2000:]
        css = re.search(r'href="(/static/vendor/bootstrap-5\.3\.9/css/bootstrap\.min\.[0-9a-f]{12}\.css)"', page)
        assert css, "the page does not link the hashed (manifest) file name"
        assert _get(base + css.group(1))[0] == 200
        # Compressed once at collectstatic (WhiteNoise serves the .br/.gz), source maps left as they are (settings).
        static = tmp_path / "static"
        assert (static / (css.group(1).removeprefix("/static/") + ".br")).exists()
        assert list(static.rglob("*.map")) and not list(static.rglob("*.map.br")) + list(static.rglob("*.map.gz"))
        # The detached worker and beat write their pid files once they have started, which may be after gunicorn
        # answers (under load, seconds after): wait for them rather than look once.
        _wait_for_pidfiles(pidfiles, run_dir)
        # A deploy stops them with SIGTERM: each finishes what it holds and exits, none needs a SIGKILL.
        killed = _stop(*pidfiles, child=process)
        stopped = True
        assert not killed, "still running 20 s after SIGTERM"
    finally:
        if not stopped:  # after a failure above: a process still starting is stopped too, not left running
            with contextlib.suppress(AssertionError):
                _wait_for_pidfiles(pidfiles, run_dir, timeout=30)
            _stop(*pidfiles, child=process)
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=20)
        log.close()
