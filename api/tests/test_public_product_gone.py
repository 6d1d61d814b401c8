"""The public product of a product no longer certified answered 404, the same as an id that never existed, while the
portal's page answers 410 for a revoked one and the verification says "revoked" or "expired". It now answers 410 with
a problem document saying why (urn:ocop:problem:revoked / expired), the certificate's number and dates in words and
as its own fields, for a revoked and an expired product alike; a product never certified stays 404; the list is
unchanged. The schema documents the 410 (the contract test validates this answer against it)."""

import datetime

import pytest
import schemathesis
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from certificates.tests.factories import revoke_with_four_eyes
from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as R
from evaluation.tests.factories import registration_in
from ocop.site import site_url
from portal.tests.factories import certified

from .factories import certified_world
from .test_contract import SCHEMA_URL, keep_connection  # noqa: F401 — a fixture: the WSGI handler keeps the test's connection

pytestmark = pytest.mark.django_db

DECISION = "12/QĐ-UBND"


def _day(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _detail(api, product, **headers):
    return api.as_(None).get(reverse("api:public_product_detail", args=[product.pk]), **headers)


def _revoked(cast, product):
    revoke_with_four_eyes(
        certificate=product.certificates.get(),
        ground="b",
        decision_number=DECISION,
        decision_date=_day(0),
        by=cast.province_officer,
    )
    cache.clear()  # public_cache_bump runs on commit, which the test transaction never reaches


def test_a_revoked_product_answers_410_saying_so(api, cast):
    world = certified_world(cast)
    product = world["mine"]
    certificate = product.certificates.select_related("decision").get()
    _revoked(cast, product)
    response = _detail(api, product)
    assert response.status_code == 410
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "urn:ocop:problem:revoked" and body["status"] == 410
    assert body["detail"] == (
        f"Sản phẩm không còn được công nhận OCOP: giấy chứng nhận số {certificate.number} đã bị thu hồi theo Quyết "
        f"định số {DECISION} ngày {_day(0):%d/%m/%Y}."
    )
    assert body["verdict"] == "revoked" and body["certificate_number"] == certificate.number
    assert body["revocation_number"] == DECISION and body["revocation_date"] == _day(0).isoformat()
    assert body["decision_number"] == certificate.decision.number and body["star"] == 4
    verify = reverse("certificates:certificate_verify", args=[certificate.verify_token])
    assert body["verify_url"] == f"{site_url()}{verify}"
    for private in ("0912345678", "htx@example.vn", "Thôn Đông"):
        assert private not in response.content.decode()


@pytest.mark.parametrize("stored", ["expired", "valid"])  # "valid": lapsed yesterday, before the nightly sweep
def test_an_expired_product_answers_410_saying_so_in_the_clients_language(api, cast, stored):
    world = certified_world(cast)
    product = world["mine"]
    product.certificates.update(status=stored, valid_until=_day(-1))
    certificate = product.certificates.select_related("decision").get()
    body = _detail(api, product).json()
    assert body["type"] == "urn:ocop:problem:expired" and body["status"] == 410
    assert body["detail"] == (
        f"Sản phẩm không còn được công nhận OCOP: giấy chứng nhận số {certificate.number}, hạng 4 sao, công nhận "
        f"theo Quyết định số {certificate.decision.number} ngày {certificate.decision.date:%d/%m/%Y}, đã hết hạn "
        f"ngày {_day(-1):%d/%m/%Y}."
    )
    assert body["verdict"] == "expired" and body["valid_until"] == _day(-1).isoformat()
    assert body["revocation_number"] is None and body["revocation_date"] is None
    english = _detail(api, product, HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["title"] == "No longer recognised"
    assert f"certificate No. {certificate.number}" in english["detail"] and "expired on" in english["detail"]


def test_a_pending_reevaluation_filed_in_time_keeps_the_product(api, cast):
    """Điều 12.3, by the status of the day (live_today_q), as the portal's page and the verification read it."""
    product = certified(cast.producer, name="Miến dong nộp đúng hạn", valid_until=_day(-5))
    filed_at = timezone.make_aware(datetime.datetime.combine(_day(-10), datetime.time(10)))
    registration_in(cast, kind=K.REEVALUATION, status=R.SUBMITTED, product=product, submitted_at=filed_at)
    assert _detail(api, product).status_code == 200


def test_never_certified_stays_404_and_the_list_is_unchanged(api, cast):
    world = certified_world(cast)
    world["far"].certificates.update(status="expired", valid_until=_day(-1))
    response = _detail(api, world["plain"])
    assert response.status_code == 404 and response.json()["type"] == "urn:ocop:problem:not_found"
    rows = api.as_(None).get(reverse("api:public_product_list")).json()["results"]
    assert [r["id"] for r in rows] == [world["mine"].pk]


def test_the_schema_documents_the_410_and_the_answer_keeps_to_it(api, cast, keep_connection):  # noqa: F811
    from ocop.wsgi import application

    world = certified_world(cast)
    _revoked(cast, world["mine"])
    world["far"].certificates.update(status="expired", valid_until=_day(-1))
    schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, application)
    operation = schema.find_operation_by_id("public_products_retrieve")
    documented = operation.definition.raw["responses"]["410"]
    assert list(documented["content"]) == ["application/problem+json"]
    for product in (world["mine"], world["far"]):
        case = operation.Case(path_parameters={"id": product.pk}, headers={"Accept-Encoding": "identity"})
        response = case.call()
        assert response.status_code == 410
        case.validate_response(response)  # status, content type and body as the schema documents them
