"""A call the throttle refuses wrote its audit row like any other: a client flooding the API turned each cheap 429
into a database INSERT, the very load the throttle is there to keep off the database. Now the refusals of a
client leave one row per throttle window (the first, saying how long the window is), and nothing else."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from ocop.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_a_minute(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"client": "3/min", "anonymous": "3/min"},
    }


def _calls(client):
    return AuditEvent.objects.filter(action="api.call", target_id=str(client.pk))


def test_a_flood_of_refused_calls_writes_at_most_one_audit_row(api, cast, three_a_minute):
    caller = api.as_("province_read")
    url = reverse("api:producer_list")
    assert [caller.get(url).status_code for _ in range(3)] == [200, 200, 200]
    assert _calls(caller.api_client).count() == 3  # every answered call is still recorded

    codes = [caller.get(url).status_code for _ in range(25)]

    assert codes == [429] * 25
    refused = _calls(caller.api_client).exclude(summary__endswith=" 200")
    assert refused.count() == 1
    (row,) = refused
    assert row.summary == f"GET {url} 429" and row.changes["throttled_for_seconds"] == 60


def test_the_next_window_records_its_first_refusal_again(api, cast, three_a_minute):
    caller = api.as_("province_read")
    url = reverse("api:product_list")
    for _ in range(6):
        caller.get(url)
    assert _calls(caller.api_client).filter(summary__endswith=" 429").count() == 1
    cache.clear()  # the windows end (the counters' and the record's)
    for _ in range(6):
        caller.get(url)
    assert _calls(caller.api_client).filter(summary__endswith=" 429").count() == 2


def test_each_client_gets_its_own_trace_of_being_refused(api, cast, three_a_minute):
    url = reverse("api:producer_list")
    clients = []
    for scope in ("province_read", "national_read"):
        caller = api.as_(scope)
        clients.append(caller.api_client)
        assert [caller.get(url).status_code for _ in range(5)] == [200, 200, 200, 429, 429]
    for client in clients:
        assert _calls(client).filter(summary__endswith=" 429").count() == 1
