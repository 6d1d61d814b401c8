"""The inspection record names the units as Nghị định 30/2020/NĐ-CP writes them (Phụ lục II, mục II): "Ủy ban nhân
dân tỉnh Thử Nghiệm" (upper-cased by the heading's style only), the producer's commune "Xã Hoà An, tỉnh Thử
Nghiệm", and the place the on-site record proposes the same."""

import re

import pytest
from django.urls import reverse

from .factories import recorded, scheduled

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspection(cast):
    cast.commune.full_name = f"{cast.commune.name}, {cast.province.name}"
    cast.commune.save(update_fields=["full_name"])
    return recorded(cast)


def test_the_record_names_the_province_and_the_commune_as_a_sentence_does(cast, login, inspection):
    html = login(cast.province_officer).get(reverse("supervision:inspection_detail", args=[inspection.pk]))
    text = " ".join(re.sub(r"<[^>]+>", " ", html.content.decode()).split())
    assert "Ủy ban nhân dân tỉnh Thử Nghiệm" in text
    assert f"{cast.producer.name} · Xã Hoà An, tỉnh Thử Nghiệm" in text
    assert "Tỉnh Thử Nghiệm" not in text


def test_the_on_site_record_proposes_the_commune_as_a_line_of_its_own_writes_it(cast, login):
    cast.commune.full_name = f"{cast.commune.name}, {cast.province.name}"
    cast.commune.save(update_fields=["full_name"])
    inspection = scheduled(cast)
    page = login(inspection.inspectors.first()).get(reverse("supervision:inspection_record", args=[inspection.pk]))
    field = re.search(r'<input[^>]*name="place"[^>]*>', page.content.decode()).group(0)
    assert 'value="Xã Hoà An, tỉnh Thử Nghiệm"' in field, field
