"""The session minutes (PDF), the Excel export of every member's choices, and the result page."""

import io
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from evaluation.services.councils import session_add_registration

from .factories import make_registration, setup_scoring, submit


def _scored_session(cast, items=1):
    s = setup_scoring(cast, items=items)
    for item in s.items:
        submit(item, s.chair, s.card, c2=2)  # 97
        submit(item, s.member, s.card, c2=1)  # 96
        submit(item, s.others[0], s.card, c2=0)  # 95
    return s


def test_it_renders_the_minutes_with_each_members_totals_and_the_result(cast, login):
    s = _scored_session(cast)
    response = login(cast.council_chair).get(reverse("evaluation:session_minutes_pdf", args=[s.session.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "BIÊN BẢN PHIÊN HỌP" in text and "Council Member" in text
    assert "97,00" in text and "96,00" in text and "95,00" in text
    # A province's 96 points are a potential 5★ sent to the ministry, not 5 stars (Điều 7.3e, 4.1).
    line = " ".join(text.split())
    assert "Kết quả: tiềm năng 5 sao (96,00 điểm)" in line and "đạt 5 sao" not in line
    fonts = subprocess.run(["pdffonts", "-"], input=response.content, capture_output=True, check=True).stdout.decode()
    assert "Be-Vietnam-Pro" in fonts and "DejaVu" not in fonts  # page numbers too use the document's typeface


def test_it_exports_every_members_choice_on_every_criterion(cast, login):
    s = _scored_session(cast)
    response = login(cast.province_officer).get(reverse("evaluation:session_export", args=[s.session.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 3 * 5  # 3 members × 5 criteria
    nutrition = sorted((r[2], r[9]) for r in rows if r[7].startswith("7 "))
    assert nutrition == [("Council Chair", 2), ("Council Member", 1), ("Council Third", 0)]
    assert {r[8] for r in rows if r[7].startswith("2.4 ")} == {"Có"}


def test_it_exports_with_a_constant_number_of_queries(cast, login):
    s = _scored_session(cast)
    client = login(cast.council_chair)
    url = reverse("evaluation:session_export", args=[s.session.pk])
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for i in range(9):
        item = session_add_registration(
            session=s.session, by=cast.province_officer, registration=make_registration(cast, s.card, name=f"Thêm {i}")
        )
        for member in s.members:
            submit(item, member, s.card)
    with CaptureQueriesContext(connection) as ten:
        response = client.get(url)
    assert load_workbook(io.BytesIO(response.content)).active.max_row == 1 + 10 * 15
    assert len(one.captured_queries) == len(ten.captured_queries)


def test_it_shows_the_result_as_a_potential_five_stars_with_part_means(cast, login):
    s = _scored_session(cast)
    page = login(cast.council_chair).get(reverse("evaluation:result_detail", args=[s.item.pk])).content.decode()
    assert "96,00" in page and "Tiềm năng 5 sao" in page and 'aria-label="5 sao"' not in page
    assert "A: 40,00" in page


@pytest.mark.parametrize("name", ["session_minutes_pdf", "session_export"])
def test_it_refuses_documents_to_plain_members_outsiders_and_wrong_methods(cast, login, name):
    s = _scored_session(cast)
    url = reverse(f"evaluation:{name}", args=[s.session.pk])
    assert login(cast.council_member).get(url).status_code == 403
    assert login(cast.outsider).get(url).status_code == 404
    assert login(cast.producer_owner).get(url).status_code == 404
    assert login(cast.council_chair).post(url).status_code == 405
    assert login(cast.council_chair).get(reverse(f"evaluation:{name}", args=[999999])).status_code == 404


def test_it_finalises_from_the_button_when_sheets_are_all_in(cast, login):
    s = setup_scoring(cast, extra_members=(("council_third", "member"), ("council_fourth", "member")))
    from evaluation.models.councils import Attendance

    for member in [s.chair, s.member, s.others[0]]:
        submit(s.item, member, s.card)
    assert not hasattr(s.item, "result")
    # the fourth member was present but leaves: the secretary records it and the chair finalises
    Attendance.objects.filter(session=s.session, member=s.others[1]).update(present=False)
    response = login(cast.council_chair).post(reverse("evaluation:item_finalise", args=[s.item.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("evaluation:result_detail", args=[s.item.pk])


def test_it_explains_why_it_cannot_finalise(cast, login):
    s = setup_scoring(cast)
    submit(s.item, s.chair, s.card)
    response = login(cast.council_chair).post(reverse("evaluation:item_finalise", args=[s.item.pk]), follow=True)
    assert "Còn thành viên chưa nộp phiếu" in response.content.decode()


def test_the_minutes_carry_the_heading_of_an_administrative_document(cast, login):
    """Nghị định 30/2020: the national motto and the place-and-date line, which the minutes lacked (only the council's
    name stood above the title)."""
    from ocop.templatetags.documents import document_date, document_place

    s = _scored_session(cast)
    response = login(cast.council_chair).get(reverse("evaluation:session_minutes_pdf", args=[s.session.pk]))
    text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True)
    line = " ".join(text.stdout.decode().split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in line and "Độc lập - Tự do - Hạnh phúc" in line
    council = s.session.council
    place = document_place(council.unit.name) if council.unit_id else "Hà Nội"
    assert f"{place}, {document_date(s.session.date)}" in line, line
