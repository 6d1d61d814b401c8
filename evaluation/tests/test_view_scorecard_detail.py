"""evaluation:scorecard_detail — the official sheet layout, readable by every signed-in user."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation.models import Scorecard
from evaluation.tests.factories import load_real_criteria, small_scorecard


def url(card):
    return reverse("evaluation:scorecard_detail", args=[card.pk])


@pytest.mark.parametrize("role", ["producer_owner", "commune_officer", "council_member", "viewer", "outsider"])
def test_it_shows_the_sheet_to_every_signed_in_role(cast, login, role):
    card = small_scorecard()
    response = login(getattr(cast, role)).get(url(card))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Tên sản phẩm",
        "Mã số sản phẩm",
        "Tên chủ thể sản xuất",
        "Hồ sơ bị loại khi: Giả mạo hồ sơ",
        "Ý kiến của người đánh giá",
        "Người đánh giá",
        "Ký và ghi rõ họ tên",
        "TỔNG CỘNG",
        "1.1. Nguồn nguyên liệu",
        "Đạt một phần",
        "***",
    ):
        assert text in html, text
    assert reverse("evaluation:scorecard_pdf", args=[card.pk]) in html


def test_it_sends_anonymous_visitors_to_the_login_page(client, db):
    card = small_scorecard()
    assert client.get(url(card)).status_code == 302


def test_it_refuses_post(cast, login):
    card = small_scorecard()
    assert login(cast.viewer).post(url(card)).status_code == 405


def test_it_answers_404_for_a_missing_scorecard(cast, login):
    assert login(cast.viewer).get(reverse("evaluation:scorecard_detail", args=[987654])).status_code == 404


def test_it_prints_the_official_set_one_with_markers_conditions_and_yes_no(cast, login):
    version = load_real_criteria()
    card = Scorecard.objects.get(version=version, number=1)
    html = login(cast.producer_owner).get(url(card)).content.decode()
    assert "1. Bộ sản phẩm: Rau, củ, quả, hạt tươi" in html
    assert "Yêu cầu: 100% sản phẩm được trồng trên địa bàn cấp tỉnh" in html
    assert "Chỉ áp dụng khi có câu chuyện sản phẩm" in html
    assert "2.4. Ghi nhãn hàng hóa có sử dụng song ngữ" in html
    assert html.count('class="marker"') == 7 + 12 + 3
    assert ">100<" in html


def test_it_shows_both_cases_of_set_26(cast, login):
    version = load_real_criteria()
    card = Scorecard.objects.get(version=version, number=26)
    html = login(cast.viewer).get(url(card)).content.decode()
    assert html.count("a. Trường hợp 1") == 3
    assert html.count("b. Trường hợp 2") == 3


def test_it_reads_40_points_for_set_26_part_a_where_the_decision_prints_35(cast, login):
    """The heading is printed from the part's maximum (its points cell says 40: 14 + 12 + 14). Why the data differs
    from the heading's "(35 Điểm)" is the maintainers' note (criteria_parser.PART_TITLE_FIXES), kept with the part and
    in the export, not printed on the sheet as if the decision said it (test_scorecard_editor_notes.py)."""
    version = load_real_criteria()
    card = Scorecard.objects.get(version=version, number=26)
    html = login(cast.viewer).get(url(card)).content.decode()
    assert re.search(r"Phần A: [^<(]*\(40 Điểm\)", html) and not re.search(r"Phần A: [^<(]*\(35 Điểm\)", html)
    assert "(35 Điểm)" in card.parts.get(letter="A").correction_note


def test_it_uses_a_constant_number_of_queries_whatever_the_sheet_size(cast, login):
    """No N+1: a sheet's queries do not grow with its criteria (set 5: 33 criteria, set 26: 31 with cases, the
    small factory sheet: 4). Sheets with sub-groups (sets 11, 13) add the same two prefetches each."""
    version = load_real_criteria()
    small = small_scorecard(number=90)
    client = login(cast.viewer)

    def count(card):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(card)).status_code == 200
        return len(ctx.captured_queries)

    count(small)  # warm caches (session, user)
    sheets = Scorecard.objects.filter(version=version)
    assert count(small) == count(sheets.get(number=5)) == count(sheets.get(number=26))
    assert count(sheets.get(number=11)) == count(sheets.get(number=13))


def test_it_shows_a_legacy_structure_without_options(cast, login):
    from evaluation.services.criteria import criteria_load_all

    criteria_load_all()
    card = Scorecard.objects.get(version__legal_basis="1048/2019")
    html = login(cast.viewer).get(url(card)).content.decode()
    assert "chỉ lưu cấu trúc" in html
    assert "(35 Điểm)" in html and "(40 Điểm)" in html
    assert 'class="marker"' not in html
