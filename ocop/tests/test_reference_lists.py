"""The filter forms' reference lists (units, sectors, groups, product sets) kept by each process
(ocop.filters.listed_choices): built once, and built again as soon as one of those records changes, in this process
at once and in the others once the change commits."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop import filters
from ocop.admin_units import admin_units_load
from ocop.cache import reference_version
from ocop.testing import make_unit
from products.tests.factories import product_set

LIST = reverse("products:product_list")


def _communes_offered(client) -> list[str]:
    form = client.get(LIST).context["filter"].form
    return [str(label) for value, label in form.fields["commune"].choices if value != ""]


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(LIST).status_code == 200
    return len(ctx.captured_queries)


def test_a_list_page_builds_its_reference_lists_once(cast, login):
    client = login(cast.province_officer)
    cold = _queries(client)
    warm = _queries(client)
    assert warm < cold  # the units, sectors, groups and sets came from this process's lists
    filters.forget_reference_lists()
    assert _queries(client) == cold


def test_a_new_commune_is_offered_on_the_next_page(cast, login):
    client = login(cast.province_officer)
    assert "Xã Mới Lập" not in _communes_offered(client)
    make_unit(level="commune", code="90009", name="Xã Mới Lập", parent=cast.province)
    assert "Xã Mới Lập" in _communes_offered(client)


def test_a_renamed_product_set_is_shown_under_its_new_name(cast, login):
    client = login(cast.province_officer)
    listed = product_set(7)
    client.get(LIST)
    listed.name = "Bộ đã đổi tên"
    listed.save()
    labels = [str(label) for _value, label in client.get(LIST).context["filter"].form.fields["product_set"].choices]
    assert any("Bộ đã đổi tên" in label for label in labels)


def test_another_process_lists_afresh_once_the_change_commits(cast, login, django_capture_on_commit_callbacks):
    """Another web process keeps its own lists: it sees the new reference version once the change commits."""
    client = login(cast.province_officer)
    client.get(LIST)
    other_process = dict(filters._REFERENCE_LISTS)  # what a process that did not make the change still holds
    before = reference_version()
    with django_capture_on_commit_callbacks(execute=True):
        make_unit(level="commune", code="90008", name="Xã Bên Sông", parent=cast.province)
    assert reference_version() != before
    filters._REFERENCE_LISTS.update(other_process)
    assert "Xã Bên Sông" in _communes_offered(client)


def test_the_units_loader_clears_the_lists_it_writes_in_bulk(cast, login, monkeypatch):
    client = login(cast.province_officer)
    client.get(LIST)
    assert filters._REFERENCE_LISTS
    monkeypatch.setattr("ocop.admin_units._load_current", lambda result: (setattr(result, "created", 1), ({}, {}))[1])
    admin_units_load(current_only=True)
    assert not filters._REFERENCE_LISTS


def test_a_cache_outage_lists_from_the_database(cast, login, monkeypatch):
    monkeypatch.setattr(filters, "reference_version", lambda: None)
    client = login(cast.province_officer)
    assert _queries(client) == _queries(client)
    assert not filters._REFERENCE_LISTS
