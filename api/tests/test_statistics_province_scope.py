"""A province's client asking the statistics of another province (`?province=<another>`) was answered 404, as if
the address did not exist, while the lists answer a filter the client may not use with a 400 problem document
naming the parameter (a commune of another province, the `province` the lists leave out: api.parameters). The
statistics now answer the same way: a 400 naming `province`, with the query's other errors at once, in the
client's language; and their schema says which provinces a client may ask for."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_another_province_is_a_400_naming_the_parameter_as_the_lists_answer(api, cast):
    caller = api.as_("province_read")
    statistics = caller.get(reverse("api:statistics"), {"province": cast.other_province.pk})
    far_commune = caller.get(reverse("api:producer_list"), {"commune": 91001})  # the lists' refusal of a unit
    for response in (statistics, far_commune):
        assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    problem, listed = statistics.json(), far_commune.json()
    assert problem["type"] == listed["type"] == "urn:ocop:problem:invalid"
    assert problem["title"] == listed["title"] and problem["detail"] == listed["detail"]
    assert problem["errors"] == {
        "province": [
            f"Tỉnh, thành phố “{cast.other_province.pk}” không có hoặc ngoài phạm vi của ứng dụng này: ứng dụng "
            "của một tỉnh chỉ xem được thống kê của tỉnh đó."
        ]
    }


def test_its_own_province_and_any_province_for_a_national_client_are_answered(api, cast):
    assert api.as_("province_read").get(reverse("api:statistics"), {"province": cast.province.pk}).status_code == 200
    national = api.as_("national_read")
    assert national.get(reverse("api:statistics"), {"province": cast.other_province.pk}).status_code == 200
    missing = national.get(reverse("api:statistics"), {"province": 987654321}, HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 400
    assert missing.json()["errors"]["province"][0].startswith("The province “987654321” does not exist")


def test_the_refusal_comes_with_the_querys_other_errors_at_once(api, cast):
    caller = api.as_("other_province_read")
    response = caller.get(reverse("api:statistics"), {"province": cast.province.pk, "ordering": "-id"})
    assert response.status_code == 400 and set(response.json()["errors"]) == {"province", "ordering"}


def test_the_schema_says_which_provinces_a_client_may_ask_for(api, cast):
    def described(language):
        schema = api.as_(None).get(reverse("api:schema"), {"format": "json"}, HTTP_ACCEPT_LANGUAGE=language).json()
        (province,) = [
            p for p in schema["paths"]["/api/v1/statistics/"]["get"]["parameters"] if p["name"] == "province"
        ]
        return province["description"]

    assert "ứng dụng của một tỉnh: chỉ tỉnh đó; tỉnh khác: lỗi 400" in described("vi")
    assert "a province's client: its own province only; any other is a 400" in described("en")
