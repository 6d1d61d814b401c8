"""The suite's PostgreSQL sessions plan joins in the order the query writes them (conftest.py): searching the join
orders of a ten-table page query took longer than running it on a test's rows. Production keeps the search."""

import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from conftest import _plan_joins_in_written_order


@pytest.mark.postgres
def test_the_suites_sessions_plan_joins_as_written(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW join_collapse_limit")
        assert cursor.fetchone()[0] == "1"
        cursor.execute("SHOW from_collapse_limit")
        assert cursor.fetchone()[0] == "1"
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"  # production's own option (settings.py) is kept beside it


def test_it_adds_the_options_to_postgresql_only():
    databases = {
        "default": {"ENGINE": "django.db.backends.postgresql", "OPTIONS": {"options": "-c jit=off"}},
        "other": {"ENGINE": "django.db.backends.sqlite3", "OPTIONS": {"timeout": 20}},
    }
    _plan_joins_in_written_order(databases)
    assert databases["default"]["OPTIONS"]["options"] == (
        "-c jit=off -c join_collapse_limit=1 -c from_collapse_limit=1"
    )
    assert databases["other"]["OPTIONS"] == {"timeout": 20}


def test_production_settings_keep_postgresqls_join_search():
    code = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
    env = {"DJANGO_SETTINGS_MODULE": "ocop.settings", "DATABASE_URL": "postgres://u@127.0.0.1:5432/ocop", "PATH": ""}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    ).stdout
    assert "jit=off" in out and "collapse" not in out
