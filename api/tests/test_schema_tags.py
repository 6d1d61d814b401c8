"""The documentation's sections are named and described in Vietnamese, as the rest of the site: they were the code's
English tags ("registry", "national sync") without a word of description."""

import pytest
import yaml
from django.urls import reverse

from api.choices import ApiTag

pytestmark = pytest.mark.django_db


def _schema(api, **params) -> dict:
    response = api.as_(None).get(reverse("api:schema"), {"format": "json", **params})
    assert response.status_code == 200
    return response.json()


def _operation_tags(schema: dict) -> set[str]:
    return {
        tag for operations in schema["paths"].values() for operation in operations.values() for tag in operation["tags"]
    }


def test_every_section_has_a_vietnamese_name_and_a_description_in_order(api, cast):
    schema = _schema(api)
    names = [tag["name"] for tag in schema["tags"]]
    assert names == [
        "Dữ liệu công khai",
        "Chủ thể và sản phẩm",
        "Hồ sơ đánh giá, phân hạng",
        "Quyết định và giấy chứng nhận",
        "Kết quả đánh giá trước đây",
        "Thống kê",
        "Đồng bộ cơ sở dữ liệu OCOP quốc gia",
    ]
    assert all(tag["description"] for tag in schema["tags"])
    # Each operation sits in one of them: no English section appears beside the named ones.
    assert _operation_tags(schema) == set(names)
    assert "không cần mã truy cập" in schema["tags"][0]["description"]


def test_the_sections_follow_the_readers_language(api, cast):
    schema = _schema(api, lang="en")  # drf-spectacular's own parameter
    assert [tag["name"] for tag in schema["tags"]][:2] == ["Public data", "Producers and products"]
    assert _operation_tags(schema) == {tag["name"] for tag in schema["tags"]}


def test_the_yaml_the_docs_page_reads_has_them_too(api, cast):
    response = api.as_(None).get(reverse("api:schema"))
    schema = yaml.safe_load(response.content)
    assert schema["tags"][-1]["name"] == "Đồng bộ cơ sở dữ liệu OCOP quốc gia"


def test_an_operation_tagged_outside_the_sections_fails_loudly():
    from django.core.exceptions import ImproperlyConfigured

    from api.schema import name_tags

    schema = {"paths": {"/api/v1/x/": {"get": {"tags": ["registry"]}, "post": {"tags": ["oops"]}}}}
    with pytest.raises(ImproperlyConfigured, match="oops"):
        name_tags(schema, None, None, True)
    assert ApiTag.REGISTRY.label == "Chủ thể và sản phẩm"
