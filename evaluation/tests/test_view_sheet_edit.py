"""The scoring sheet page: the conflict declaration comes first, then the member's own sheet."""

import re

import pytest
from django.urls import reverse

from evaluation.choices import SheetStatus
from evaluation.models import ScoreSheet
from evaluation.models.scoresheets import ConflictDeclaration
from evaluation.selectors.member_sheets import pending_sheets_count

from .factories import choices_for, declare_and_open, setup_scoring, submit


def url(item):
    return reverse("evaluation:sheet_edit", args=[item.pk])


def _post_data(sheet, card, action="save", **points):
    data = {f"c{k}": v for k, v in choices_for(card, **points).items()}
    return {**data, "version": sheet.version, "action": action, "comment": "Sản phẩm tốt"}


def test_it_asks_for_the_conflict_declaration_before_opening_the_dossier(cast, login):
    s = setup_scoring(cast)
    response = login(cast.council_member).get(url(s.item))
    assert response.status_code == 200
    assert "Kê khai xung đột lợi ích" in response.content.decode()
    assert not ScoreSheet.objects.exists()


def test_it_opens_the_sheet_after_declaring_no_conflict(cast, login):
    s = setup_scoring(cast)
    client = login(cast.council_member)
    response = client.post(reverse("evaluation:conflict_declare", args=[s.item.pk]), {"has_conflict": "no"})
    assert response.status_code == 302 and response["Location"] == url(s.item)
    page = client.get(url(s.item)).content.decode()
    assert "Phiếu đánh giá sản phẩm OCOP" in page and "tối thiểu 3★" in page
    assert ScoreSheet.objects.get(member=s.member).status == SheetStatus.DRAFT
    # the evidence to score against is one tap away
    dossier = reverse("evaluation:registration_documents", args=[s.registration.pk])
    assert f'href="{dossier}"' in page and client.get(dossier).status_code == 200


def test_it_recuses_a_member_who_declares_a_conflict_and_hides_the_dossier(cast, login):
    s = setup_scoring(cast)
    client = login(cast.council_member)
    response = client.post(
        reverse("evaluation:conflict_declare", args=[s.item.pk]),
        {"has_conflict": "yes", "reason": "Tôi là xã viên HTX"},
    )
    assert response.status_code == 302
    assert ConflictDeclaration.objects.get(member=s.member).has_conflict
    assert client.get(url(s.item)).status_code == 404
    assert not ScoreSheet.objects.filter(member=s.member).exists()


def test_another_members_conflict_hides_the_dossier_from_that_member_only(cast, login):
    """Each member's declaration is about themselves: a co-member recusing did hide the item (and so the sheet)
    from every member who had declared no conflict, and took it out of their count of sheets to submit."""
    s = setup_scoring(cast)
    declare_and_open(s.item, s.member)
    third = s.others[0]
    declare_and_open(s.item, third, conflict=True, reason="Tôi là xã viên HTX")
    client = login(cast.council_member)
    assert client.get(url(s.item)).status_code == 200
    assert client.get(reverse("evaluation:session_list")).context["pending"] == 1
    assert pending_sheets_count(user=cast.council_member) == 1
    assert login(third.user).get(url(s.item)).status_code == 404


def test_a_sheet_still_to_submit_counts_whoever_else_has_submitted(cast, login):
    s = setup_scoring(cast)
    declare_and_open(s.item, s.member)  # a draft
    submit(s.item, s.chair, s.card)
    assert pending_sheets_count(user=cast.council_member) == 1
    assert pending_sheets_count(user=cast.council_chair) == 0


def test_it_requires_a_reason_for_a_conflict(cast, login):
    s = setup_scoring(cast)
    response = login(cast.council_member).post(
        reverse("evaluation:conflict_declare", args=[s.item.pk]), {"has_conflict": "yes", "reason": ""}
    )
    assert response.status_code == 400 and "Cần nêu lý do" in response.content.decode()
    assert not ConflictDeclaration.objects.exists()


def test_it_saves_a_draft_without_javascript_and_keeps_the_choices(cast, login):
    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    client = login(cast.council_member)
    response = client.post(url(s.item), _post_data(sheet, s.card, c2=3))
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.total == 98 and sheet.status == SheetStatus.DRAFT and sheet.comment == "Sản phẩm tốt"
    page = client.get(url(s.item)).content.decode()
    option = s.card.c["7"].options.get(points=3)
    assert f'value="{option.pk}" data-points="3" checked' in page


def test_it_submits_and_locks_the_sheet(cast, login):
    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    client = login(cast.council_member)
    response = client.post(url(s.item), _post_data(sheet, s.card, action="submit"))
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED
    page = client.get(url(s.item)).content.decode()
    assert 'data-testid="sheet-locked"' in page and "disabled" in page


def test_it_shows_a_clear_message_and_overwrites_nothing_on_a_stale_version(cast, login):
    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    client = login(cast.council_member)
    first = _post_data(sheet, s.card, c2=5)
    second = _post_data(sheet, s.card, c2=0)  # the second tab still holds the old version
    assert client.post(url(s.item), first).status_code == 302
    response = client.post(url(s.item), second)
    assert response.status_code == 409
    assert "Phiếu đã được thay đổi ở thẻ/thiết bị khác" in response.content.decode()
    sheet.refresh_from_db()
    assert sheet.total == 100


def test_it_refuses_submitting_an_incomplete_sheet_and_keeps_what_was_typed(cast, login):
    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    data = _post_data(sheet, s.card, action="submit")
    del data[f"c{s.card.c['7'].pk}"]
    response = login(cast.council_member).post(url(s.item), data)
    assert response.status_code == 400
    assert "Chưa chọn phương án cho 1 tiêu chí: 7." in response.content.decode()
    assert "Sản phẩm tốt" in response.content.decode()
    # not submitted, but the choices sent are kept as the draft (test_view_sheet_submit_refused_keeps)
    answered = set(sheet.scores.filter(answered=True).values_list("criterion_id", flat=True))
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.DRAFT and sheet.total > 0
    assert answered == {c.pk for c in s.card.c.values()} - {s.card.c["7"].pk}


def test_it_hides_items_not_assigned_to_the_member(cast, login):
    s = setup_scoring(cast)
    from evaluation.services.councils import item_assign_members

    item_assign_members(item=s.item, member_ids={s.chair.pk}, by=cast.province_officer)
    assert login(cast.council_member).get(url(s.item)).status_code == 404


@pytest.mark.parametrize("who", ["outsider", "producer_owner", "commune_officer", "advisory_member"])
def test_it_returns_404_to_people_outside_the_council(cast, login, who):
    s = setup_scoring(cast)
    assert login(getattr(cast, who)).get(url(s.item)).status_code == 404


def test_it_returns_404_to_a_manager_who_is_not_a_member(cast, login):
    s = setup_scoring(cast)
    assert login(cast.province_officer).get(url(s.item)).status_code == 404


def test_it_returns_403_to_the_read_only_viewer(cast, login):
    s = setup_scoring(cast)
    from evaluation.models import CouncilMember

    CouncilMember.objects.create(council=s.council, user=cast.viewer, role="member")
    from evaluation.services.councils import item_assign_members

    item_assign_members(item=s.item, member_ids={m.pk for m in s.council.members.all()}, by=cast.province_officer)
    assert login(cast.viewer).get(url(s.item)).status_code == 403


def test_it_returns_404_for_a_missing_item(cast, login):
    assert login(cast.council_member).get(reverse("evaluation:sheet_edit", args=[999999])).status_code == 404


def test_it_rejects_other_methods(cast, login):
    s = setup_scoring(cast)
    assert login(cast.council_member).put(url(s.item)).status_code == 405


def test_it_opens_no_new_sheet_and_takes_no_declaration_once_the_session_is_closed(cast, login):
    from evaluation.models.councils import AgendaItem
    from evaluation.models.scoresheets import ConflictDeclaration
    from evaluation.services.councils import session_close

    from .factories import declare_and_open

    s = setup_scoring(cast)
    declare_and_open(s.item, s.chair)
    session_close(session=s.session, by=cast.province_officer)
    AgendaItem.objects.filter(pk=s.item.pk).update(scoring_round=2)  # sent back for re-scoring before it closed
    response = login(cast.council_chair).get(url(s.item))
    assert response.status_code == 302 and not ScoreSheet.objects.filter(scoring_round=2).exists()
    client = login(cast.council_member)
    response = client.get(url(s.item), follow=True)
    assert "Hồ sơ không còn nhận phiếu chấm" in response.content.decode()
    response = client.post(reverse("evaluation:conflict_declare", args=[s.item.pk]), {"has_conflict": "no"})
    assert response.status_code == 400 and "Phiên họp đã kết thúc" in response.content.decode()
    assert not ConflictDeclaration.objects.filter(member=s.member).exists()


def test_it_counts_every_missing_criterion_and_marks_a_cut_list(cast, login):
    from evaluation.models import Criterion

    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    group = s.card.c["7"].group
    for n in range(10):  # 15 criteria in all, none chosen: the message names 10 and says how many are left
        Criterion.objects.create(group=group, number=f"9.{n}", title=f"Thêm {n}", max_points=0, order=100 + n)
    response = login(cast.council_member).post(url(s.item), {"version": sheet.version, "action": "submit"})
    assert response.status_code == 400
    assert "Chưa chọn phương án cho 15 tiêu chí: 1.1, " in response.content.decode()
    assert " và 5 tiêu chí khác." in response.content.decode()


def _totals(page: str) -> dict[str, str]:
    """The sheet's totals bar as the server wrote it (what a page without JavaScript shows)."""
    parts = dict(re.findall(r'data-total-part="(\w)">(\d+)</strong>', page))
    return {**parts, "all": re.search(r'data-testid="sheet-total">(\d+)</strong>', page).group(1)}


def test_without_javascript_the_totals_are_those_of_the_saved_choices(cast, login):
    """The part totals read 0 whatever was saved: a member without JavaScript saw "A: 0/40 B: 0/25 C: 0/35" under a
    sheet of 98 points."""
    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    client = login(cast.council_member)
    assert client.post(url(s.item), _post_data(sheet, s.card, c2=3, a2=False)).status_code == 302
    assert _totals(client.get(url(s.item)).content.decode()) == {"A": "20", "B": "25", "C": "33", "all": "78"}


def test_a_refused_save_totals_what_the_page_shows_not_what_is_saved(cast, login):
    """A refused submit shows the typed choices again: "Tổng" read the saved total (0 on a new sheet) under them."""
    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    data = _post_data(sheet, s.card, action="submit", b1=15)
    del data[f"c{s.card.c['7'].pk}"]
    response = login(cast.council_member).post(url(s.item), data)
    assert response.status_code == 400
    assert _totals(response.content.decode()) == {"A": "40", "B": "15", "C": "30", "all": "85"}
