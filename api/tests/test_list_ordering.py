"""The client lists page by cursor in id order. The registrations list documented the web list's ordering `o`
(values like -submitted_at) and took it, but the cursor ignored it: a client read pages in id order believing them
sorted. `o` is no longer documented, and sending it is a 400 naming it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.tests.factories import RegistrationFactory
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_an_ordering_is_refused_not_silently_ignored(api, cast):
    now = timezone.now()
    for days in (9, 1):  # the older dossier has the lower id
        RegistrationFactory(
            product=ProductFactory(producer=cast.producer),
            status="submitted",
            submitted_at=now - datetime.timedelta(days=days),
        )
    caller = api.as_("province_read")
    response = caller.get(reverse("api:registration_list"), {"o": "-submitted_at"})
    assert response.status_code == 400 and "o" in response.json()["errors"]
    rows = caller.get(reverse("api:registration_list")).json()["results"]
    assert [r["id"] for r in rows] == sorted(r["id"] for r in rows) and len(rows) == 2


def test_the_schema_documents_no_ordering_on_any_list(api, cast):
    schema = api.as_(None).get("/api/v1/schema/?format=json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            names = {p["name"] for p in operation.get("parameters", [])}
            assert "o" not in names, f"{method.upper()} {path}"
