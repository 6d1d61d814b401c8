"""The API documentation speaks the site's languages: Vietnamese by default, English when the request asks for it
(Accept-Language, the site's language switch, or drf-spectacular's `?lang=`). Its operations were described by the
views' English docstrings, its paging parameters by Django REST framework's English help and its error answers
in both languages at once, whatever the reader's language."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

VIETNAMESE = re.compile(r"[àáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵđ]", re.I)


def _schema(api, **extra) -> dict:
    response = api.as_(None).get(reverse("api:schema"), {"format": "json"}, **extra)
    assert response.status_code == 200
    return response.json()


def _operations(schema: dict):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield f"{method.upper()} {path}", operation


def _producers(schema: dict) -> dict:
    return schema["paths"]["/api/v1/producers/"]["get"]


def _words(schema: dict) -> list[str]:
    """What a reader of the documentation reads: every summary and description of the operations, their
    parameters and answers, the schemas of the bodies and the authentication."""
    texts = [schema["info"]["description"]]
    for _name, operation in _operations(schema):
        texts += [operation["summary"], operation["description"]]
        texts += [p.get("description", "") for p in operation.get("parameters", [])]
        texts += [answer["description"] for answer in operation["responses"].values()]
    for component in schema["components"]["schemas"].values():
        if "enum" not in component:  # an enum's description lists its values
            texts.append(component.get("description", ""))
        texts += [field.get("description", "") for field in component.get("properties", {}).values()]
    texts += [scheme["description"] for scheme in schema["components"]["securitySchemes"].values()]
    return [text for text in texts if text]


def test_the_schema_is_in_vietnamese_by_default(api, cast):
    schema = _schema(api)
    producers = _producers(schema)
    assert producers["summary"] == "Danh sách chủ thể"
    assert producers["description"].startswith("Chủ thể trong phạm vi của ứng dụng tích hợp")
    parameters = {p["name"]: p for p in producers["parameters"]}
    assert parameters["cursor"]["description"].startswith("Con trỏ trang: giá trị next hoặc previous của trang trước.")
    assert producers["responses"]["401"]["description"] == "Thiếu hoặc sai mã truy cập"
    # every operation is summed up and described, and nothing a reader reads is left in English
    assert all(operation.get("summary") and operation.get("description") for _n, operation in _operations(schema))
    english = [text for text in _words(schema) if not VIETNAMESE.search(text)]
    assert english == []


def test_the_schema_is_in_english_when_the_request_asks_for_it(api, cast):
    schema = _schema(api, HTTP_ACCEPT_LANGUAGE="en")
    producers = _producers(schema)
    assert producers["summary"] == "List producers"
    assert producers["description"].startswith("Producers in the integration client's scope")
    parameters = {p["name"]: p for p in producers["parameters"]}
    assert parameters["cursor"]["description"].startswith(
        "The page cursor: the next or previous value of the page before."
    )
    assert parameters["ordering"]["description"].startswith("The order of the records by id")
    assert producers["responses"]["401"]["description"] == "Missing or invalid token"
    # the field NAMES are the contract: the same in both languages
    assert {p["name"] for p in _producers(_schema(api))["parameters"]} == set(parameters)
    vietnamese = [text for text in _words(schema) if VIETNAMESE.search(text)]
    assert vietnamese == []


def test_drf_spectacular_s_lang_parameter_chooses_the_language_too(api, cast):
    response = api.as_(None).get(reverse("api:schema"), {"format": "json", "lang": "en"})
    assert _producers(response.json())["summary"] == "List producers"
    response = api.as_(None).get(reverse("api:schema"), {"format": "json", "lang": "vi"}, HTTP_ACCEPT_LANGUAGE="en")
    assert _producers(response.json())["summary"] == "Danh sách chủ thể"


def test_the_docs_page_is_in_vietnamese_and_reads_the_vietnamese_schema(api, cast):
    # a browser's own Accept-Language does not choose the page's language, as on the rest of the site
    response = api.as_(None).get(reverse("api:docs"), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html and "<title>Tài liệu API OCOP</title>" in html
    schema_url = re.search(r'data-schema-url="([^"]+)"', html).group(1)
    assert schema_url == f"{reverse('api:schema')}?lang=vi"
    # so what Swagger UI fetches for the page is the Vietnamese schema, whatever that header says
    schema = api.as_(None).get(schema_url, HTTP_ACCEPT_LANGUAGE="en")
    assert schema["Content-Language"] == "vi"
    assert "Danh sách chủ thể" in schema.content.decode() and "List producers" not in schema.content.decode()


def test_the_docs_page_is_in_english_and_reads_the_english_schema(api, cast, client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the site's language switch
    response = api.as_(None).get(reverse("api:docs"))
    html = response.content.decode()
    assert '<html lang="en">' in html and "<title>OCOP API documentation</title>" in html
    schema_url = re.search(r'data-schema-url="([^"]+)"', html).group(1)
    assert schema_url == f"{reverse('api:schema')}?lang=en"
    schema = api.as_(None).get(schema_url)
    assert schema["Content-Language"] == "en"
    assert "List producers" in schema.content.decode() and "Danh sách chủ thể" not in schema.content.decode()


def test_the_docs_page_leads_back_to_the_site_and_switches_its_language(api, cast, client, settings):
    """Swagger UI's page had neither the site's menu nor its language switch: a visitor from the open data page had
    no way back but the browser's, and read it in the language last chosen elsewhere."""
    html = api.as_(None).get(reverse("api:docs")).content.decode()
    assert f'href="{reverse("portal:open_data")}">Dữ liệu mở</a>' in html and f'href="{reverse("home")}"' in html
    assert f'action="{reverse("set_language")}"' in html
    assert 'name="language" value="en" lang="en">English</button>' in html and 'value="vi"' not in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = api.as_(None).get(reverse("api:docs")).content.decode()
    assert ">Open data</a>" in english and 'name="language" value="vi" lang="vi">Tiếng Việt</button>' in english


def test_an_operation_without_its_texts_fails_loudly():
    from django.core.exceptions import ImproperlyConfigured

    from api.schema_texts import describe_operations

    schema = {"paths": {"/api/v1/x/": {"get": {"operationId": "producers_list"}, "post": {"operationId": "oops"}}}}
    with pytest.raises(ImproperlyConfigured, match="oops"):
        describe_operations(schema, None, None, True)
