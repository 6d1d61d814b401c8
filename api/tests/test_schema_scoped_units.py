"""The schema listed the lists' `province` and `commune` filters without a word, as if every client could send them,
while a province's client is answered 400 for `province` (its lists hold its own province only) and for a commune
of another province. The parameters' descriptions now say so, in the reader's language."""

import pytest
from django.urls import reverse

from ocop.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

SCOPED_LISTS = ("/api/v1/producers/", "/api/v1/products/")


def _parameters(api, language, path):
    schema = api.as_(None).get(reverse("api:schema"), {"format": "json"}, HTTP_ACCEPT_LANGUAGE=language).json()
    return {p["name"]: p.get("description", "") for p in schema["paths"][path]["get"]["parameters"]}


@pytest.mark.parametrize("path", SCOPED_LISTS)
def test_the_unit_filters_say_what_a_province_client_may_send(api, cast, path):
    vi = _parameters(api, "vi", path)
    assert vi["province"] == "Tỉnh, thành phố (chỉ ứng dụng toàn quốc; ứng dụng của một tỉnh gửi tham số này: lỗi 400)"
    assert "chỉ xã, phường của tỉnh đó; xã, phường khác: lỗi 400" in vi["commune"]
    en = _parameters(api, "en", path)
    assert "national clients only; a province's client sending it gets a 400" in en["province"]
    assert "its own province's communes only; any other commune is a 400" in en["commune"]


def test_what_the_descriptions_say_is_what_the_api_does(api, cast):
    far_commune = AdministrativeUnit.objects.get(code="91001")
    caller = api.as_("province_read")
    for name in ("producer_list", "product_list"):
        url = reverse(f"api:{name}")
        assert caller.get(url, {"province": cast.province.pk}).status_code == 400, name
        assert caller.get(url, {"commune": cast.commune.pk}).status_code == 200, name
        assert caller.get(url, {"commune": cast.other_commune.pk}).status_code == 200, name  # 90002, its own
        assert caller.get(url, {"commune": far_commune.pk}).status_code == 400, name
    national = api.as_("national_read")
    assert national.get(reverse("api:producer_list"), {"province": cast.province.pk}).status_code == 200


def test_a_unit_filter_every_client_may_send_is_left_as_it_was(api, cast):
    # The certificates' `province` narrows the rows of the client's scope: no client is refused it.
    assert "lỗi 400" not in _parameters(api, "vi", "/api/v1/certificates/")["province"]
