"""An OPTIONS request answered DRF's metadata with the view's docstring as its "description": a note to the API's
developers, in English, whatever the client's language (a Vietnamese client of /api/v1/statistics/ was told "Not a
list: any parameter but `province` is refused."). The docstrings stay out of the schema
(SPECTACULAR_SETTINGS["DISABLE_DOCSTRING_DESCRIPTIONS"]) and now out of OPTIONS too (api.metadata.ApiMetadata); the
documentation (/api/v1/docs/) is where an operation is described, in the reader's language."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# One endpoint of each kind: the index, a public list, a client list with a write, a client record, the statistics.
ENDPOINTS = [
    ("root", None, {}),
    ("public_product_list", None, {}),
    ("registration_list", "province_write", {}),
    ("producer_detail", "province_read", {"pk": 1}),
    ("statistics", "province_read", {}),
]


@pytest.mark.parametrize(("name", "scope", "kwargs"), ENDPOINTS)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_options_answers_no_developer_docstring(api, cast, name, scope, kwargs, language):
    response = api.as_(scope).options(reverse(f"api:{name}", kwargs=kwargs), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200 and response["Content-Language"] == language
    body = response.json()
    assert "description" not in body
    assert body["renders"] == ["application/json"] and body["parses"] == ["application/json"]


def test_a_write_still_describes_its_fields(api, cast):
    body = api.as_("province_write").options(reverse("api:registration_list")).json()
    assert "product_id" in body["actions"]["POST"]
