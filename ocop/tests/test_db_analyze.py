"""ANALYZE after bulk loads (ocop.db.analyze): the loaders refresh PostgreSQL's planner statistics of the
tables they filled; on SQLite nothing is sent."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ocop.admin_units import admin_units_load
from ocop.db import analyze
from ocop.models import AdministrativeUnit, AdministrativeUnitSuccession
from products import excel
from products.imports import import_apply
from products.models import Producer

pytestmark = pytest.mark.django_db


def _analyzed(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].upper().startswith("ANALYZE")]


@pytest.mark.postgres
def test_it_analyzes_each_table_once_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with CaptureQueriesContext(connection) as ctx:
        names = analyze(AdministrativeUnit, Producer, AdministrativeUnit)
    assert names == ["ocop_administrativeunit", "products_producer"]
    assert _analyzed(ctx.captured_queries) == ['ANALYZE "ocop_administrativeunit"', 'ANALYZE "products_producer"']


def test_it_sends_nothing_on_sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with CaptureQueriesContext(connection) as ctx:
        assert analyze(AdministrativeUnit) == []
    assert ctx.captured_queries == []


@pytest.fixture
def seen(monkeypatch):
    """The tables each analyze() call was given (the call itself is covered above)."""
    calls = []
    monkeypatch.setattr("ocop.admin_units.analyze", lambda *m: calls.append({x._meta.db_table for x in m}))
    monkeypatch.setattr("products.imports.analyze", lambda *m: calls.append({x._meta.db_table for x in m}))
    return calls


def test_load_admin_units_analyzes_the_unit_tables_after_commit(seen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        admin_units_load(current_only=True)
        assert seen == []  # not before the rows are committed
    assert seen == [{AdministrativeUnit._meta.db_table, AdministrativeUnitSuccession._meta.db_table}]


def test_a_large_import_analyzes_the_filled_table(cast, seen, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(excel, "ANALYZE_AFTER_ROWS", 2)
    monkeypatch.setattr(excel, "validate_rows", lambda **kw: ([], []))
    with django_capture_on_commit_callbacks(execute=True):
        import_apply(kind="producers", rows=[], by=cast.commune_officer)
    assert seen == []  # below the threshold
    checked = [{"row": n, "_existing": None, "data": {}} for n in (2, 3)]
    monkeypatch.setattr(excel, "validate_rows", lambda **kw: (checked, []))
    monkeypatch.setattr("products.imports.producer_create", lambda **kw: None)
    with django_capture_on_commit_callbacks(execute=True):
        result = import_apply(kind="producers", rows=[{}, {}], by=cast.commune_officer)
    assert result["created"] == 2
    assert seen == [{Producer._meta.db_table}]
