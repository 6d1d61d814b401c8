"""Integration clients for tests, and a caller that signs requests with a client's token."""

from __future__ import annotations

import json

from api.choices import ClientAccess
from api.services import apiclient_create

SCOPES = {
    "province_read": ("province", ClientAccess.READ),
    "province_write": ("province", ClientAccess.READ_WRITE),
    "national_read": (None, ClientAccess.READ),
    "national_write": (None, ClientAccess.READ_WRITE),
    "other_province_read": ("other_province", ClientAccess.READ),
}


def make_client(cast, scope: str, name: str | None = None):
    unit_attr, access = SCOPES[scope]
    province = getattr(cast, unit_attr) if unit_attr else None
    return apiclient_create(name=name or f"Ứng dụng {scope}", province=province, access=access, by=cast.admin)


class ApiCaller:
    def __init__(self, client, cast):
        self.client, self.cast = client, cast
        self.token = None
        self.api_client = None

    def as_(self, scope: str | None):
        if scope is None:
            self.token, self.api_client = None, None
        else:
            self.api_client, self.token = make_client(self.cast, scope)
        return self

    def _headers(self, extra):
        headers = dict(extra)
        if self.token:
            headers.setdefault("HTTP_AUTHORIZATION", f"Bearer {self.token}")
        return headers

    def get(self, url, data=None, **extra):
        return self.client.get(url, data, **self._headers(extra))

    def options(self, url, **extra):
        return self.client.options(url, **self._headers(extra))

    def post(self, url, body=None, **extra):
        return self.client.post(url, json.dumps(body or {}), content_type="application/json", **self._headers(extra))


def certified_world(cast):
    """A certified product of the cast's producer (consented contacts off), an uncertified one, and a certified
    product in the other province; returns them as a dict."""
    from portal.tests.factories import certified
    from products.tests.factories import product_set  # noqa: F401 — the taxonomy is loaded by the conftest

    cast.producer.address = "Thôn Đông, xã Hoà An"
    cast.producer.phone = "0912345678"
    cast.producer.email = "htx@example.vn"
    cast.producer.contact_person = "Trần Văn Liên Hệ"
    cast.producer.business_registration_no = "BRN-4700100102"
    cast.producer.save()
    mine = certified(cast.producer, name="Miến dong Hoà An", star=4)
    from certificates.tests.factories import ProductFactory

    plain = ProductFactory(producer=cast.producer, name="Bánh chưa công nhận")
    far = certified(cast.other_producer_org, name="Chè Xa Xôi", star=3)
    return {"mine": mine, "plain": plain, "far": far}
