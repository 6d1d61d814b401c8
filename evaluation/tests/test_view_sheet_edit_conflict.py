"""The sheet's own form (no JavaScript) saved after the sheet changed elsewhere. The page refused the save (409) with
"hãy tải lại trang" but went on from the sheet's new version, still holding its own choices: saving again put them
over what the other tab or device had saved, which the member had never seen. The refused page now shows, next to
each criterion that differs, what is saved against what the page holds (the page keeps its choices), and goes on
from the version it shows: saving again is a choice made having seen it, and a change made after that is refused
again (ocop.edits, as on other edit pages). Likewise for a save refused for another reason, a sheet submitted
elsewhere, the meeting closed, a page of an earlier scoring round and a sign-in that ended before the save."""

import re
import time

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from evaluation.choices import SheetStatus
from evaluation.models import ScoreSheet
from evaluation.services.scoresheets import SheetInput, scoresheet_save
from evaluation.services.sheet_submission import scoresheet_submit
from ocop.testing import form_as_shown

from .factories import choices_for, declare_and_open, setup_scoring, submit


def url(item):
    return reverse("evaluation:sheet_edit", args=[item.pk])


def _open(client, item) -> dict:
    """The member opens the sheet page: what its form would send."""
    response = client.get(url(item))
    assert response.status_code == 200
    return form_as_shown(response)


def _elsewhere(s, *, action=scoresheet_save, comment="", **points):
    """The member's other tab (or phone) saves, or submits, the sheet as it is now."""
    sheet = ScoreSheet.objects.get(item=s.item, member=s.member, scoring_round=s.item.scoring_round)
    data = SheetInput(choices=choices_for(s.card, **points), comments={}, comment=comment)
    return action(sheet=sheet, version=sheet.version, data=data, by=s.member.user)


def _choose(page, criterion, points) -> dict:
    page[f"c{criterion.pk}"] = str(criterion.option_pks[points])
    return page


def _fieldset(html: str, criterion) -> str:
    match = re.search(rf'<fieldset[^>]* data-criterion="{criterion.pk}".*?</fieldset>', html, re.S)
    assert match, f"no fieldset for {criterion.number}"
    return match.group(0)


def _points(sheet, criterion) -> int:
    return ScoreSheet.objects.get(pk=sheet.pk).scores.get(criterion=criterion).points


def _checked(html: str, criterion, points) -> bool:
    return f'value="{criterion.option_pks[points]}" data-points="{points}" checked' in html


def test_each_criterion_both_changed_shows_what_the_other_tab_saved_against_what_the_page_holds(cast, login):
    s = setup_scoring(cast)
    declare_and_open(s.item, s.member)
    client = login(cast.council_member)
    page = _open(client, s.item)
    sheet = _elsewhere(s, c2=5, comment="Bao bì đẹp")
    nutrition = s.card.c["7"]
    page = _choose(page, nutrition, 1) | {"action": "save"}
    response = client.post(url(s.item), page)
    html = response.content.decode()
    assert response.status_code == 409
    assert 'data-testid="sheet-changed-elsewhere"' in html
    assert "hãy tải lại trang" not in html  # reloading would lose what the page holds
    mark = _fieldset(html, nutrition)
    assert 'data-testid="criterion-conflict"' in mark
    assert "Bản đã lưu ở thẻ/thiết bị khác: “" in mark and "(5 điểm)”. Trang này: “" in mark and "(1 điểm)”" in mark
    # only what both changed is listed at the top, linked to it; what only the other tab changed is shown as saved
    assert [anchor for anchor, _label in response.context["differing"]] == [f"criterion-{nutrition.pk}"]
    assert f'href="#criterion-{nutrition.pk}"' in html
    assert len(response.context["kept"]) == 5  # the four other criteria and the comment
    story = s.card.c["6.1"]
    assert _checked(html, story, 30) and 'data-testid="criterion-kept"' in _fieldset(html, story)
    assert ">Bao bì đẹp</textarea>" in html and "Trang này: “(trống)”" not in html
    assert html.count('data-testid="field-kept"') == 1  # beside the comment
    assert _checked(html, nutrition, 1) and not _checked(html, nutrition, 5)  # the page keeps its choice
    assert form_as_shown(response)["version"] == str(sheet.version)  # … and goes on from the version it shows
    assert _points(sheet, nutrition) == 5  # nothing written


def _note(sheet, criterion) -> str:
    return ScoreSheet.objects.get(pk=sheet.pk).scores.get(criterion=criterion).comment


def test_two_tabs_changing_different_criteria_are_both_saved_without_a_conflict(cast, login):
    """Each tab saved the whole page: the second put the first tab's criterion back to what it was when the second
    tab was opened, or (since the conflict page) asked the member about a criterion only the other tab changed."""
    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    client = login(cast.council_member)
    story, nutrition = s.card.c["6.1"], s.card.c["7"]
    first, second = _open(client, s.item), _open(client, s.item)
    first = _choose(first, story, 15) | {f"note{story.pk}": "Có câu chuyện sản phẩm", "action": "save"}
    assert client.post(url(s.item), first).status_code == 302
    second = _choose(second, nutrition, 1) | {"comment": "Cần bổ sung phiếu kiểm nghiệm", "action": "save"}
    response = client.post(url(s.item), second)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _points(sheet, story) == 15 and _note(sheet, story) == "Có câu chuyện sản phẩm"  # the first tab's
    assert _points(sheet, nutrition) == 1  # the second tab's
    sheet.refresh_from_db()
    assert sheet.comment == "Cần bổ sung phiếu kiểm nghiệm" and sheet.total == 16 and sheet.version == 3
    assert "được giữ nguyên" in client.get(response["Location"]).content.decode()  # the member is told


def _both_change_nutrition(cast, login):
    """Two tabs of the member's sheet: the first saves 5 points on criterion 7 and 20 on 1.1; the second chooses 1
    on 7 and 15 on 6.1, and saves: what the server answers."""
    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    client = login(cast.council_member)
    story, nutrition, label = s.card.c["6.1"], s.card.c["7"], s.card.c["1.1"]
    first, second = _open(client, s.item), _open(client, s.item)
    first = _choose(_choose(first, nutrition, 5), label, 20) | {"action": "save"}
    assert client.post(url(s.item), first).status_code == 302
    second = _choose(_choose(second, nutrition, 1), story, 15) | {"action": "save"}
    return s, sheet, client, client.post(url(s.item), second)


def test_two_tabs_changing_the_same_criterion_differently_show_only_that_criterion(cast, login):
    s, sheet, _client, response = _both_change_nutrition(cast, login)
    story, nutrition = s.card.c["6.1"], s.card.c["7"]
    html = response.content.decode()
    assert response.status_code == 409
    assert [anchor for anchor, _label in response.context["differing"]] == [f"criterion-{nutrition.pk}"]
    assert html.count('data-testid="criterion-conflict"') == 1
    assert "(5 điểm)”. Trang này: “" in _fieldset(html, nutrition)
    assert _checked(html, story, 15) and _checked(html, nutrition, 1)  # the page keeps all it changed …
    assert _checked(html, s.card.c["1.1"], 20)  # … and shows what only the other tab changed, as saved there
    assert not ScoreSheet.objects.get(pk=sheet.pk).scores.filter(criterion=story).exists()  # nothing written


def test_the_second_save_writes_the_decision_and_the_pages_own_changes_only(cast, login):
    """Saved again, the conflict page wrote the whole page: 1.1, which only the other tab had answered, went back
    to this page's blank, and the other tab's answer was lost without a word."""
    s, sheet, client, response = _both_change_nutrition(cast, login)
    story, nutrition, label = s.card.c["6.1"], s.card.c["7"], s.card.c["1.1"]
    assert client.post(url(s.item), form_as_shown(response) | {"action": "save"}).status_code == 302
    assert (_points(sheet, nutrition), _points(sheet, story), _points(sheet, label)) == (1, 15, 20)


def test_a_criterion_changed_elsewhere_while_the_member_reads_the_conflict_is_kept(cast, login):
    s, sheet, client, response = _both_change_nutrition(cast, login)
    nutrition, brand = s.card.c["7"], s.card.c["4.1"]
    again = form_as_shown(response) | {"action": "save"}
    _elsewhere_one(s, brand, 25)  # the other tab, meanwhile, on another criterion
    assert client.post(url(s.item), again).status_code == 302
    assert (_points(sheet, nutrition), _points(sheet, brand), _points(sheet, s.card.c["1.1"])) == (1, 25, 20)


def _elsewhere_one(s, criterion, points):
    """The other tab, going on from what is saved now, changes one criterion."""
    sheet = ScoreSheet.objects.get(item=s.item, member=s.member, scoring_round=s.item.scoring_round)
    choices = {score.criterion_id: score.option_id for score in sheet.scores.filter(answered=True)}
    choices[criterion.pk] = criterion.option_pks[points]
    data = SheetInput(choices=choices, comments={}, comment=sheet.comment)
    return scoresheet_save(sheet=sheet, version=sheet.version, data=data, by=s.member.user)


def test_two_tabs_choosing_the_same_answer_is_no_conflict(cast, login):
    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    client = login(cast.council_member)
    nutrition = s.card.c["7"]
    first, second = _open(client, s.item), _open(client, s.item)
    assert client.post(url(s.item), _choose(first, nutrition, 5) | {"action": "save"}).status_code == 302
    assert client.post(url(s.item), _choose(second, nutrition, 5) | {"action": "save"}).status_code == 302
    assert _points(sheet, nutrition) == 5


def test_notes_follow_the_same_rule(cast, login):
    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    client = login(cast.council_member)
    story, nutrition = s.card.c["6.1"], s.card.c["7"]
    first, second = _open(client, s.item), _open(client, s.item)
    first |= {f"note{story.pk}": "Đạt", f"note{nutrition.pk}": "Thiếu phiếu kiểm nghiệm", "action": "save"}
    assert client.post(url(s.item), first).status_code == 302
    second |= {f"note{nutrition.pk}": "Đủ", "comment": "Tốt", "action": "save"}
    response = client.post(url(s.item), second)
    assert response.status_code == 409
    assert [anchor for anchor, _label in response.context["differing"]] == [f"criterion-{nutrition.pk}"]
    assert "“Thiếu phiếu kiểm nghiệm”. Trang này: “Đủ”" in _fieldset(response.content.decode(), nutrition)
    assert client.post(url(s.item), form_as_shown(response) | {"action": "save"}).status_code == 302
    sheet.refresh_from_db()
    assert (_note(sheet, story), _note(sheet, nutrition), sheet.comment) == ("Đạt", "Đủ", "Tốt")


def test_a_note_saved_elsewhere_shows_beside_the_note(cast, login):
    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    client = login(cast.council_member)
    nutrition = s.card.c["7"]
    page = _open(client, s.item) | {f"note{nutrition.pk}": "Đạt", "action": "save"}
    data = SheetInput(choices={}, comments={nutrition.pk: "Thiếu phiếu kiểm nghiệm"})
    scoresheet_save(sheet=sheet, version=sheet.version, data=data, by=cast.council_member)
    response = client.post(url(s.item), page)
    assert response.status_code == 409
    mark = _fieldset(response.content.decode(), nutrition)
    note = mark[mark.index("<details") :]
    assert note.startswith('<details class="mt-1" open>')
    assert "“Thiếu phiếu kiểm nghiệm”. Trang này: “Đạt”" in note


def test_saving_again_after_seeing_the_other_tab_writes_the_page_on_purpose(cast, login):
    s = setup_scoring(cast)
    declare_and_open(s.item, s.member)
    client = login(cast.council_member)
    page = _choose(_open(client, s.item), s.card.c["7"], 1) | {"action": "save"}
    sheet = _elsewhere(s, c2=5)
    again = form_as_shown(client.post(url(s.item), page)) | {"action": "save"}
    assert client.post(url(s.item), again).status_code == 302
    assert _points(sheet, s.card.c["7"]) == 1


def test_a_change_made_after_the_conflict_page_was_shown_is_refused_again(cast, login):
    s = setup_scoring(cast)
    declare_and_open(s.item, s.member)
    client = login(cast.council_member)
    page = _choose(_open(client, s.item), s.card.c["7"], 1) | {"action": "save"}
    _elsewhere(s, c2=5)
    again = form_as_shown(client.post(url(s.item), page)) | {"action": "save"}
    sheet = _elsewhere(s, c2=3)  # a third change, while the member reads the conflict
    response = client.post(url(s.item), again)
    assert response.status_code == 409
    assert "(3 điểm)”. Trang này: “" in _fieldset(response.content.decode(), s.card.c["7"])
    assert _points(sheet, s.card.c["7"]) == 3


def test_a_save_refused_for_a_mistake_still_shows_what_changed_meanwhile(cast, login):
    """Refused for a missing reason, the page went on from the sheet's new version without a word about it: once
    the reason was typed, the save put the page's choices over the other tab's."""
    s = setup_scoring(cast)
    declare_and_open(s.item, s.member)
    client = login(cast.council_member)
    page = _choose(_open(client, s.item), s.card.c["7"], 1) | {"action": "save", "knocked_out": "on"}
    sheet = _elsewhere(s, c2=5)
    response = client.post(url(s.item), page)
    html = response.content.decode()
    assert "Cần nêu lý do loại hồ sơ." in html
    assert "(5 điểm)”. Trang này: “" in _fieldset(html, s.card.c["7"])
    assert _points(sheet, s.card.c["7"]) == 5


def test_a_save_refused_for_a_mistake_keeps_the_version_the_page_was_loaded_at(cast, login):
    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    client = login(cast.council_member)
    page = _choose(_open(client, s.item), s.card.c["7"], 1) | {"action": "save", "knocked_out": "on"}
    response = client.post(url(s.item), page)
    assert response.status_code == 400 and "Cần nêu lý do loại hồ sơ." in response.content.decode()
    assert 'data-testid="sheet-changed-elsewhere"' not in response.content.decode()  # nothing changed elsewhere
    again = form_as_shown(response)
    assert again["version"] == str(sheet.version) and again["knocked_out"] == ["on"]


def test_a_sheet_submitted_elsewhere_shows_as_submitted_beside_what_the_page_sent(cast, login):
    """The locked page showed the refused page's choices in its disabled fields, as if they had been submitted."""
    s = setup_scoring(cast)
    declare_and_open(s.item, s.member)
    client = login(cast.council_member)
    nutrition = s.card.c["7"]
    page = _choose(_open(client, s.item), nutrition, 1) | {"action": "save"}
    sheet = _elsewhere(s, action=scoresheet_submit, c2=5)
    response = client.post(url(s.item), page)
    html = response.content.decode()
    assert response.status_code == 409
    assert 'data-testid="sheet-locked"' in html and 'data-testid="submit-sheet"' not in html
    assert "Phiếu đã được nộp ở thẻ/thiết bị khác" in html
    assert _checked(html, nutrition, 5) and not _checked(html, nutrition, 1)  # the sheet as submitted …
    assert "Bản đã nộp: “" in _fieldset(html, nutrition) and "Trang này (chưa được lưu): “" in html  # … and the page
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED and _points(sheet, nutrition) == 5


def test_a_save_after_the_meeting_closed_keeps_the_page_and_shows_what_changed(cast, login):
    from evaluation.services.councils import session_close

    s = setup_scoring(cast)
    declare_and_open(s.item, s.member)
    client = login(cast.council_member)
    page = _choose(_open(client, s.item), s.card.c["7"], 1) | {"action": "save"}
    sheet = _elsewhere(s, c2=5)
    session_close(session=s.session, by=cast.province_officer)
    response = client.post(url(s.item), page)
    html = response.content.decode()
    assert "Phiên họp đã kết thúc." in html
    assert "(5 điểm)”. Trang này: “" in _fieldset(html, s.card.c["7"])
    assert _checked(html, s.card.c["7"], 1)
    assert _points(sheet, s.card.c["7"]) == 5


def test_a_page_of_an_earlier_scoring_round_does_not_save_over_the_new_rounds_sheet(cast, login):
    """The item went to a second round after a discussion: the new sheet starts again at version 1, and a page
    of the first round's sheet loaded at that version saved over it."""
    from evaluation.services.results import item_discuss

    s = setup_scoring(cast)
    declare_and_open(s.item, s.member)
    client = login(cast.council_member)
    page = _choose(_open(client, s.item), s.card.c["7"], 1) | {"action": "save"}
    assert page["version"] == "1"
    submit(s.item, s.member, s.card)
    submit(s.item, s.others[0], s.card)
    submit(s.item, s.chair, s.card, c1=0, c2=1)  # 66 against 100: the council discusses and scores again
    item_discuss(item=s.item, note="Thống nhất cách hiểu tiêu chí 6.1.", by=cast.council_chair)
    s.item.refresh_from_db()
    new = ScoreSheet.objects.get(item=s.item, member=s.member, scoring_round=2)
    assert new.version == 1
    response = client.post(url(s.item), page)
    assert response.status_code == 409
    assert "(5 điểm)”. Trang này: “" in _fieldset(response.content.decode(), s.card.c["7"])
    assert form_as_shown(response)["sheet"] == str(new.pk)
    assert _points(new, s.card.c["7"]) == 5


def _sign_in_again(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": "ocop-test-pass"})
    assert response.status_code == 302, response.content.decode()[:2000]


def _sign_in_ends(client, how: str) -> None:
    """The sign-in ends while the page is open: 31 minutes without a request, or signed out elsewhere."""
    if how == "idle":
        session = client.session
        session["last_seen"] = int(time.time()) - 31 * 60
        session.save()
    else:
        Session.objects.all().delete()


@pytest.mark.parametrize("how", ["idle", "signed_out"])
def test_a_save_sent_after_the_sign_in_ended_is_shown_again_once_signed_in(cast, login, settings, how):
    """Without JavaScript nothing said the sign-in had ended (idle, signed out elsewhere): the save went to the
    sign-in page and what the page held was gone once the member was back."""
    settings.OFFICER_IDLE_MINUTES = 30
    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    client = login(cast.council_member)
    nutrition = s.card.c["7"]
    page = _choose(_open(client, s.item), nutrition, 1) | {"action": "save", "comment": "Cần bổ sung phiếu kiểm nghiệm"}
    _sign_in_ends(client, how)
    response = client.post(url(s.item), page)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not ScoreSheet.objects.get(pk=sheet.pk).scores.exists()
    _sign_in_again(client, cast.council_member)
    response = client.get(url(s.item))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Phiên đăng nhập đã hết khi bạn gửi phiếu, nên phiếu chưa được lưu." in html
    assert _checked(html, nutrition, 1) and "Cần bổ sung phiếu kiểm nghiệm" in html
    assert client.post(url(s.item), form_as_shown(response) | {"action": "save"}).status_code == 302
    assert _points(sheet, nutrition) == 1 and ScoreSheet.objects.get(pk=sheet.pk).comment.startswith("Cần bổ sung")
    assert "Phiên đăng nhập đã hết khi" not in client.get(url(s.item)).content.decode()  # shown once


def test_a_save_sent_after_the_sign_in_ended_is_compared_with_what_was_saved_meanwhile(cast, login):
    s = setup_scoring(cast)
    declare_and_open(s.item, s.member)
    client = login(cast.council_member)
    page = _choose(_open(client, s.item), s.card.c["7"], 1) | {"action": "save"}
    Session.objects.all().delete()
    client.post(url(s.item), page)
    sheet = _elsewhere(s, c2=5)  # saved on the member's phone meanwhile
    _sign_in_again(client, cast.council_member)
    html = client.get(url(s.item)).content.decode()
    assert "(5 điểm)”. Trang này: “" in _fieldset(html, s.card.c["7"])
    assert _points(sheet, s.card.c["7"]) == 5


def test_what_a_member_sent_after_the_sign_in_ended_is_never_shown_to_another_member(cast, login):
    from evaluation.views.scoresheets import UNSENT_KEY

    s = setup_scoring(cast)
    declare_and_open(s.item, s.member)
    declare_and_open(s.item, s.chair)
    client = login(cast.council_member)
    page = _choose(_open(client, s.item), s.card.c["7"], 1) | {"action": "save"}
    Session.objects.all().delete()
    client.post(url(s.item), page)
    _sign_in_again(client, cast.council_chair)  # another member signs in on the same browser
    html = client.get(url(s.item)).content.decode()
    assert "Phiên đăng nhập đã hết khi" not in html and not _checked(html, s.card.c["7"], 1)
    assert UNSENT_KEY not in client.session  # dropped, not kept


def test_the_conflict_pages_pass_the_html_checker(cast, login):
    from tests.markup.checker import assert_valid

    s = setup_scoring(cast)
    declare_and_open(s.item, s.member)
    client = login(cast.council_member)
    nutrition = s.card.c["7"]
    page = _choose(_open(client, s.item), nutrition, 1) | {f"note{nutrition.pk}": "Đạt", "action": "save"}
    _elsewhere(s, c2=5, comment="Bao bì đẹp")
    draft = client.post(url(s.item), page).content.decode()
    _elsewhere(s, action=scoresheet_submit, c2=4)
    submitted = client.post(url(s.item), page).content.decode()
    assert "Bản đã nộp: “" in submitted
    assert_valid({"draft": draft, "submitted": submitted})
