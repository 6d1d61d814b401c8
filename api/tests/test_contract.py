"""The API against its own OpenAPI schema: schemathesis generates requests for every operation (valid and
invalid ones, bounded, with a fixed seed) and sends them through the WSGI app; any 500, undocumented status,
content type or response that does not match the schema fails the test.

(schemathesis' own pytest integration reads `request.node._nodeid`, which pytest 9 no longer has, so the
operations are driven through hypothesis directly: one `@given` run per operation.)

One check is left out: `positive_data_acceptance`, which expects every schema-valid request to succeed. A filter
naming a province, commune or round that does not exist (or lies outside the client's scope) is a well-typed
id the schema cannot rule out, and the API answers it 400 with the field named, as the web's filter form does.
In the negative mode (schema-violating requests) `negative_data_rejection` is left out as well: it counts a
request whose removed Authorization header the test puts back as "accepted bad data". Every operation refuses a
query parameter it does not read, 400 naming it (api.parameters): the lists, the lookup, the statistics, the
root, the records' details and the sync export, a page number (`page`) or a web list's ordering (`o`) included. The negative mode still fails on any 500, any undocumented status and any answer
(problem documents included) that does not match the schema."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, seed, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from ocop.wsgi import application

from .factories import certified_world, make_client

pytestmark = [pytest.mark.slow(20), pytest.mark.django_db]

SCHEMA_URL = "/api/v1/schema/?format=json"
# Per operation and mode: up to 20 requests × 20 operations. A deeper run takes more examples and another seed from
# the environment, e.g. OCOP_CONTRACT_EXAMPLES=400 OCOP_CONTRACT_SEED=4242.
EXAMPLES = int(os.environ.get("OCOP_CONTRACT_EXAMPLES", "10"))
SEED = int(os.environ.get("OCOP_CONTRACT_SEED", "20261202"))


@pytest.fixture
def keep_connection():
    """The real WSGI handler closes the database connection when a request finishes; inside a test that would
    drop the test's transaction (on PostgreSQL). Django's own test client unhooks the same signal."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def unthrottled(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"client": "1000000/min", "anonymous": "1000000/min"},
    }


def _run(operation, mode, headers):
    @seed(SEED)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        excluded = [positive_data_acceptance]
        if mode == GenerationMode.NEGATIVE:
            excluded.append(negative_data_rejection)
        case.call_and_validate(headers=headers, excluded_checks=excluded)

    check()


def test_every_operation_keeps_to_the_schema(cast, unthrottled, keep_connection):
    certified_world(cast)
    _client, token = make_client(cast, "national_write")
    schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, application)
    # Over WSGI schemathesis reads the body as sent, where an HTTP client would undo the gzip it asked for.
    headers = {"Authorization": f"Bearer {token}", "Accept-Encoding": "identity"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 18
    for operation in operations:
        _run(operation, GenerationMode.POSITIVE, headers)
        try:
            _run(operation, GenerationMode.NEGATIVE, headers)
        except Unsatisfiable:
            # Nothing in the operation can be made invalid (no parameter, or only free strings): the positive
            # run covered it.
            pass
