"""Confidentiality (ocop-domain.md §7; the councils' Quy chế: "Không tiết lộ thông tin, kết quả trước khi cuộc đánh
giá kết thúc"): until the item's council result exists nobody — a member whose own sheet is in, the chair, the
secretary, a manager — learns other members' scores or the mean from any page, JSON answer, export or PDF; producers
see nothing before the decision."""

import io
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluation.choices import RegistrationStatus
from evaluation.selectors.councils import item_state

from .factories import declare_and_open, save_draft, setup_scoring, submit


def _pdf_text(content: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()


def test_it_hides_other_scores_and_the_mean_from_a_member_who_has_not_submitted(cast, login):
    s = setup_scoring(cast)
    submit(s.item, s.chair, s.card, c2=2)  # 97
    submit(s.item, s.member, s.card, c2=1)  # 96
    third = s.others[0]
    save_draft(s.item, third, s.card, c2=3)  # 98, a draft
    client = login(third.user)

    page = client.get(reverse("evaluation:session_detail", args=[s.session.pk])).content.decode()
    assert "97,00" not in page and "96,00" not in page and 'data-testid="member-totals"' not in page
    assert 'data-testid="mean"' not in page and "được giữ kín cho đến khi Hội đồng tổng hợp kết quả" in page

    sheet_page = client.get(reverse("evaluation:sheet_edit", args=[s.item.pk])).content.decode()
    assert "97,00" not in sheet_page and "96,00" not in sheet_page and 'data-testid="mean"' not in sheet_page

    assert client.get(reverse("evaluation:result_detail", args=[s.item.pk])).status_code == 403
    assert client.get(reverse("evaluation:session_export", args=[s.session.pk])).status_code == 403
    assert client.get(reverse("evaluation:session_minutes_pdf", args=[s.session.pk])).status_code == 403

    sheet = third.sheets.get()
    response = client.post(
        reverse("evaluation:sheet_autosave", args=[sheet.pk]),
        {"version": sheet.version, f"c{s.card.c['7'].pk}": s.card.c["7"].options.get(points=3).pk},
    )
    assert set(response.json()) == {"ok", "version", "total"}

    assert not item_state(user=third.user, item=s.item).visible


def test_it_hides_other_scores_and_the_mean_from_a_member_who_has_submitted_until_the_result(cast, login):
    """A member whose own sheet was in saw the others' totals and the mean while the council was still scoring."""
    s = setup_scoring(cast, extra_members=(("council_third", "member"), ("council_fourth", "member")))
    chair_sheet = submit(s.item, s.chair, s.card, c2=2)  # 97
    own = submit(s.item, s.member, s.card, c2=1)  # 96: the member's own sheet is in, two are still out
    client = login(cast.council_member)
    url = reverse("evaluation:session_detail", args=[s.session.pk])

    page = client.get(url).content.decode()
    assert "97,00" not in page and "96,50" not in page and 'data-testid="member-totals"' not in page
    assert 'data-testid="mean"' not in page and 'data-testid="scores-hidden"' in page
    # what the page showed before stays: how many sheets are in, and the member's own signed sheet
    assert "Đã nộp 2/4 phiếu" in page and 'data-testid="own-sheet-pdf"' in page
    assert client.get(reverse("evaluation:sheet_pdf", args=[own.pk])).status_code == 200
    assert client.get(reverse("evaluation:sheet_pdf", args=[chair_sheet.pk])).status_code == 403
    assert client.get(reverse("evaluation:result_detail", args=[s.item.pk])).status_code == 403
    assert not item_state(user=cast.council_member, item=s.item).visible

    for member in s.others:
        submit(s.item, member, s.card, c2=0)  # 95 each: the last sheet, the chair takes the result
    page = client.get(url).content.decode()
    assert 'data-testid="result-link"' in page and 'data-testid="scores-hidden"' not in page
    assert "97,00" in page and "96,00" in page and "95,75" in page  # (97 + 96 + 95 + 95) / 4


@pytest.mark.parametrize("role", ["chair", "secretary"])
def test_it_hides_scores_from_the_chair_and_the_secretary_whose_own_sheets_are_in(cast, login, role):
    """The chair and the secretary run the session: they see who has submitted, not what anyone scored — neither on
    the page nor in the export, the minutes or another member's signed sheet — until the result exists."""
    s = setup_scoring(cast, extra_members=(("council_third", "member"), ("council_secretary", "secretary")))
    secretary = s.council.members.get(role="secretary")
    submit(s.item, s.chair, s.card, c2=2)  # 97
    submit(s.item, secretary, s.card, c2=1)  # 96
    member_sheet = submit(s.item, s.member, s.card, c2=3)  # 98; the third member has not submitted
    client = login(s.chair.user if role == "chair" else secretary.user)

    page = client.get(reverse("evaluation:session_detail", args=[s.session.pk])).content.decode()
    assert not any(total in page for total in ("97,00", "96,00", "98,00"))
    assert 'data-testid="member-totals"' not in page and 'data-testid="mean"' not in page
    assert "Đã nộp 3/4 phiếu" in page and page.count(": Đã nộp") == 3  # who has submitted: the progress list

    workbook = load_workbook(io.BytesIO(client.get(reverse("evaluation:session_export", args=[s.session.pk])).content))
    assert workbook.active.max_row == 1  # headers only

    text = _pdf_text(client.get(reverse("evaluation:session_minutes_pdf", args=[s.session.pk])).content)
    assert not any(total in text for total in ("97,00", "96,00", "98,00")) and "Điểm chưa được công bố" in text

    assert client.get(reverse("evaluation:sheet_pdf", args=[member_sheet.pk])).status_code == 403
    assert client.get(reverse("evaluation:result_detail", args=[s.item.pk])).status_code == 403


def test_it_hides_scores_from_an_unsubmitted_chair_in_the_page_the_export_and_the_minutes(cast, login):
    s = setup_scoring(cast)
    submit(s.item, s.member, s.card, c2=2)  # 97
    submit(s.item, s.others[0], s.card, c2=1)  # 96
    client = login(cast.council_chair)
    page = client.get(reverse("evaluation:session_detail", args=[s.session.pk])).content.decode()
    assert "97,00" not in page and "96,00" not in page and 'data-testid="member-totals"' not in page
    # the chair sees progress and declarations, not scores
    assert "Đã nộp 2/3 phiếu" in page and "Không có xung đột lợi ích" in page

    workbook = load_workbook(io.BytesIO(client.get(reverse("evaluation:session_export", args=[s.session.pk])).content))
    assert workbook.active.max_row == 1  # headers only

    text = _pdf_text(client.get(reverse("evaluation:session_minutes_pdf", args=[s.session.pk])).content)
    assert "97" not in text and "96" not in text and "Điểm chưa được công bố" in text


def test_it_hides_scores_from_managers_and_recused_members_until_the_result(cast, login):
    s = setup_scoring(cast, extra_members=(("council_third", "member"), ("council_fourth", "member")))
    declare_and_open(s.item, s.others[1], conflict=True, reason="Người thân")
    submit(s.item, s.chair, s.card, c2=2)
    submit(s.item, s.member, s.card, c2=1)
    for user in (cast.province_officer, cast.viewer, cast.central_officer):
        page = login(user).get(reverse("evaluation:session_detail", args=[s.session.pk])).content.decode()
        assert "97,00" not in page and 'data-testid="member-totals"' not in page, user
    assert not item_state(user=s.others[1].user, item=s.item).visible
    submit(s.item, s.others[0], s.card, c2=0)  # the result is computed
    page = login(cast.province_officer).get(reverse("evaluation:session_detail", args=[s.session.pk])).content.decode()
    assert "97,00" in page and 'data-testid="result-link"' in page


def test_it_shows_the_producer_nothing_before_the_decision(cast, login):
    s = setup_scoring(cast)
    for member in s.members:
        submit(s.item, member, s.card)
    client = login(cast.producer_owner)
    assert client.get(reverse("evaluation:result_detail", args=[s.item.pk])).status_code == 404
    assert client.get(reverse("evaluation:session_detail", args=[s.session.pk])).status_code == 404
    s.registration.refresh_from_db()
    type(s.registration).objects.filter(pk=s.registration.pk).update(status=RegistrationStatus.DECIDED)
    response = client.get(reverse("evaluation:result_detail", args=[s.item.pk]))
    assert response.status_code == 200 and "100,00" in response.content.decode()
    assert login(cast.other_producer).get(reverse("evaluation:result_detail", args=[s.item.pk])).status_code == 404


def test_it_hides_the_earlier_round_from_the_members_who_re_score_until_the_result(cast, login):
    """After the spread rule sent the item back, a member re-scored with the first round's totals in view (84 against
    100 and 100), which bias the re-score. They now see what the council agreed, not the figures, in the page and in
    their sheet's autosave answers, until the result."""
    from evaluation.services.results import item_discuss

    s = setup_scoring(cast)
    submit(s.item, s.chair, s.card)  # 100
    submit(s.item, s.member, s.card)  # 100
    submit(s.item, s.others[0], s.card, c1=15, c2=4)  # 84: spread 16, the council must discuss
    item_discuss(item=s.item, note="Thảo luận tiêu chí 6.1", by=cast.council_chair)  # round 2
    submit(s.item, s.chair, s.card, c2=2)  # round 2: 97
    client = login(cast.council_member)
    url = reverse("evaluation:session_detail", args=[s.session.pk])

    page = client.get(url).content.decode()
    assert 'data-testid="previous-round"' in page and "Thảo luận tiêu chí 6.1" in page
    assert not any(figure in page for figure in ("84,00", "100,00", "94,67", "16,00", "97,00"))
    assert 'data-testid="member-totals"' not in page and 'data-testid="open-sheet"' in page

    sheet = s.member.sheets.get(scoring_round=2)
    nutrition = s.card.c["7"]
    answer = client.post(
        reverse("evaluation:sheet_autosave", args=[sheet.pk]),
        {"version": sheet.version, f"c{nutrition.pk}": nutrition.options.get(points=3).pk},
    )
    sheet.refresh_from_db()
    assert answer.status_code == 200 and answer.json() == {
        "ok": True,
        "version": sheet.version,
        "total": float(sheet.total),
    }
    stale = client.post(reverse("evaluation:sheet_autosave", args=[sheet.pk]), {"version": sheet.version - 1})
    assert stale.status_code == 409 and set(stale.json()) == {"ok", "errors"}
    for body in (answer.content.decode(), stale.content.decode()):
        assert "84" not in body and "mean" not in body and "97" not in body

    officer_page = login(cast.province_officer).get(url).content.decode()
    assert "84,00" not in officer_page and "Thảo luận tiêu chí 6.1" not in officer_page

    submit(s.item, s.member, s.card, c2=2)  # 97
    submit(s.item, s.others[0], s.card, c2=2)  # 97: the result
    page = client.get(url).content.decode()
    assert 'data-testid="result-link"' in page and "84,00" in page and "94,67" in page  # round 1, now told


def test_it_does_not_tell_the_producer_the_outcome_through_the_registration_status(cast, login):
    s = setup_scoring(cast)
    for member in s.members:
        submit(s.item, member, s.card)  # 100: potential 5★, waiting for the province's approval and letter
    s.registration.refresh_from_db()
    assert s.registration.status == RegistrationStatus.PROVINCE_APPROVAL
    client = login(cast.producer_owner)
    detail = client.get(reverse("evaluation:registration_detail", args=[s.registration.pk])).content.decode()
    assert "chờ công bố kết quả" in detail and "tiềm năng 5 sao" not in detail.lower()
    listing = client.get(reverse("evaluation:registration_list")).content.decode()
    badges = [chunk.split("</span>")[0] for chunk in listing.split('data-testid="status">')[1:]]
    assert badges and all("chờ công bố kết quả" in badge for badge in badges)
    officer = login(cast.province_officer).get(reverse("evaluation:registration_detail", args=[s.registration.pk]))
    assert "Chờ UBND tỉnh phê duyệt, gửi Bộ" in officer.content.decode()


def test_the_dossier_page_links_the_result_page_to_whom_it_opens(cast, login):
    s = setup_scoring(cast)
    for member in s.members:
        submit(s.item, member, s.card)
    url = reverse("evaluation:registration_detail", args=[s.registration.pk])
    link = f'href="{reverse("evaluation:result_detail", args=[s.item.pk])}" data-testid="outcome-result-link"'
    assert link in login(cast.province_officer).get(url).content.decode()
    assert 'data-testid="outcome"' not in login(cast.producer_owner).get(url).content.decode()  # not announced
    type(s.registration).objects.filter(pk=s.registration.pk).update(status=RegistrationStatus.DECIDED)
    assert link in login(cast.producer_owner).get(url).content.decode()
    # The commune officer reads the dossier but sees no council session: the outcome without the link.
    commune = login(cast.commune_officer).get(url).content.decode()
    assert 'data-testid="outcome"' in commune and link not in commune
