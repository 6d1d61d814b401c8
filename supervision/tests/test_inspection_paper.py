"""The inspection record as the producer receives it: printed, the inspection's page is the biên bản, with the
heading of an administrative document (Nghị định 30/2020: the inspecting body, the national motto, the place and
date, the title) and both sides' signatures. Before, the print began with the product's name and ended on the
checklist: no title, no motto, no date line, nowhere for the producer's representative or the inspectors to sign."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from ocop.templatetags.documents import document_date, document_place

from .factories import recorded

pytestmark = pytest.mark.django_db


def _block(page: str, testid: str) -> str:
    match = re.search(rf'<div class="d-none d-print-block[^"]*" data-testid="{testid}">(.*?)\n</div>', page, re.S)
    assert match, testid
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def test_the_printed_inspection_is_a_record_with_its_heading_and_signatures(cast, login):
    inspection = recorded(cast)
    inspectors = [str(user) for user in inspection.inspectors.all()]
    page = login(cast.province_officer).get(reverse("supervision:inspection_detail", args=[inspection.pk]))
    html = page.content.decode()
    assert "{#" not in html and "Printed, the page" not in html  # the template's own note stays out of the page
    head = _block(html, "paper-head")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in head and "Độc lập - Tự do - Hạnh phúc" in head
    assert f"Ủy ban nhân dân {cast.province.name_in_text}" in head and "Đoàn kiểm tra sản phẩm OCOP" in head
    assert f"{document_place(cast.province.name)}, {document_date(timezone.localdate())}" in head
    assert "BIÊN BẢN KIỂM TRA, GIÁM SÁT SẢN PHẨM OCOP" in head
    sign = _block(html, "paper-sign")
    assert "ĐẠI DIỆN CHỦ THỂ" in sign and "Nguyễn Thị Hoan" in sign and "ĐOÀN KIỂM TRA" in sign
    assert all(name in sign for name in inspectors)


def test_the_producer_prints_the_same_record_of_its_concluded_inspection(cast, login):
    from supervision import services
    from supervision.choices import Outcome

    inspection = recorded(cast)
    services.inspection_conclude(inspection=inspection, by=inspection.inspectors.first(), outcome=Outcome.COMPLIANT)
    page = login(cast.producer_owner).get(reverse("supervision:inspection_detail", args=[inspection.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "BIÊN BẢN KIỂM TRA, GIÁM SÁT SẢN PHẨM OCOP" in _block(html, "paper-head")
    assert "Nguyễn Thị Hoan" in _block(html, "paper-sign")
