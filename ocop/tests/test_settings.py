import os
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

ROOT = Path(__file__).resolve().parents[2]
# What the tests set themselves: removed from the environment the settings are read in.
SET_BY_TESTS = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def run_manage(*args, env_extra):
    env = {k: v for k, v in os.environ.items() if k not in SET_BY_TESTS}
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_it_passes_check_deploy_with_a_production_environment():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra={
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "ocop.example.vn",
            "SITE_URL": "https://ocop.example.vn",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def read_settings(monkeypatch, **env_extra) -> dict:
    """The settings module's values when read in this environment with `env_extra`, the way manage.py reads them
    at start (the module only reads the environment): a refusal is the ImproperlyConfigured that stops manage.py.
    Reading it here takes milliseconds where a manage.py process took a second or more (the deploy check above
    still starts one)."""
    for name in SET_BY_TESTS:
        monkeypatch.delenv(name, raising=False)
    for name, value in env_extra.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "ocop" / "settings.py"), run_name="ocop_settings_read_in_a_test")


def test_it_refuses_to_start_with_debug_off_and_the_default_secret_key(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        read_settings(monkeypatch, DEBUG="0", ALLOWED_HOSTS="ocop.example.vn")


def test_it_rejects_a_junk_boolean(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be a boolean"):
        read_settings(monkeypatch, DEBUG="maybe")


@pytest.mark.django_db
def test_it_shows_the_debug_banner_only_when_debug_is_on(client, settings):
    settings.DEBUG = True
    assert "Chế độ DEBUG đang bật" in client.get("/accounts/login/").content.decode()
    settings.DEBUG = False
    assert "Chế độ DEBUG đang bật" not in client.get("/accounts/login/").content.decode()


def test_it_refuses_a_short_secret_key_with_debug_off(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="at least 50 characters"):
        read_settings(monkeypatch, DEBUG="0", SECRET_KEY="x" * 49, ALLOWED_HOSTS="ocop.example.vn")


def proxy_header(monkeypatch, **env_extra):
    production = {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "ocop.example.vn",
        "SITE_URL": "https://ocop.example.vn",
    }
    return repr(read_settings(monkeypatch, **production | env_extra).get("SECURE_PROXY_SSL_HEADER"))


def test_it_trusts_x_forwarded_proto_only_behind_a_declared_proxy(monkeypatch):
    assert proxy_header(monkeypatch) == "None"
    assert proxy_header(monkeypatch, BEHIND_PROXY="1") == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_the_client_address_comes_from_the_proxy_only_when_declared(rf, settings):
    from ocop.security import client_ip

    request = rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    settings.BEHIND_PROXY = False
    assert client_ip(request) == "10.0.0.5"
    settings.BEHIND_PROXY = True
    assert client_ip(request) == "203.0.113.7"  # the entry our proxy appended, not the one the client forged


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit():
    """JIT compiling cost a province's decision list 45 ms for a 2 ms query (ocop/settings.py)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: CI runs it there (DATABASE_URL)")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


EMBEDDED_WRITERS = """
import threading, time
from django.db import connection, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE counter (id integer PRIMARY KEY, n integer)")
    cursor.execute("INSERT INTO counter VALUES (1, 0), (2, 0)")
errors, both_read = [], threading.Barrier(2)

def write(pk):
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT n FROM counter WHERE id = %s", [pk])
            try:
                both_read.wait(timeout=1)
            except threading.BrokenBarrierError:
                pass  # the other one waits for this one's transaction instead of reading beside it
            time.sleep(0.2)
            cursor.execute("UPDATE counter SET n = n + 1 WHERE id = %s", [pk])
    except Exception as error:
        errors.append(repr(error))
    finally:
        connection.close()

threads = [threading.Thread(target=write, args=(pk,)) for pk in (1, 2)]
[thread.start() for thread in threads]
[thread.join() for thread in threads]
with connection.cursor() as cursor:
    cursor.execute("SELECT sum(n) FROM counter")
    print("errors", errors, "written", cursor.fetchone()[0])
"""


def test_two_writers_at_once_on_the_embedded_database_both_succeed(tmp_path):
    """On the embedded default (SQLite), two requests that read and then write in a transaction at the same moment:
    SQLite refuses a read lock's upgrade at once when another connection is writing ("database is locked", a 500
    for one of the two users) whatever the timeout. Transactions start as writers (BEGIN IMMEDIATE) and wait their
    turn instead."""
    run = run_manage(
        "shell", "-c", EMBEDDED_WRITERS, env_extra={"DATABASE_URL": "", "SQLITE_PATH": str(tmp_path / "db.sqlite3")}
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[-1].split() == ["errors", "[]", "written", "2"], run.stdout
