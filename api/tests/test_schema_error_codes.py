"""The schema documents a 401 and a 403 for the operations that take a client's token, and for no other: the API's
index /api/v1/ takes none (a token sent is not read) but was documented with both, because the error answers were
chosen by the path ("/public/") rather than by the operation's security."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _operations(api):
    schema = api.as_(None).get(reverse("api:schema"), {"format": "json"}).json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


def test_an_operation_without_a_token_documents_no_401_or_403(api, cast):
    public = [(path, op) for path, _m, op in _operations(api) if not op.get("security")]
    assert "/api/v1/" in {path for path, _op in public}
    for path, operation in public:
        assert not {"401", "403"} & set(operation["responses"]), path
        assert {"400", "404", "429"} <= set(operation["responses"]), path


def test_an_operation_with_a_token_documents_401_and_403(api, cast):
    for path, _method, operation in _operations(api):
        if operation.get("security"):
            assert {"401", "403"} <= set(operation["responses"]), path


def test_the_index_answers_whatever_token_is_sent(api, cast):
    caller = api.as_(None)
    assert caller.get("/api/v1/", HTTP_AUTHORIZATION="Bearer ocop_not-a-token").status_code == 200
