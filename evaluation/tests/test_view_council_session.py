"""Council and session pages: who sees what, who may run a session, and constant query counts."""

import pytest
from django.urls import reverse

from evaluation.models import AgendaItem, Council
from evaluation.models.councils import Attendance
from ocop.testing import make_user

from .factories import make_council, make_registration, setup_scoring


def detail(session):
    return reverse("evaluation:session_detail", args=[session.pk])


def test_it_lists_the_councils_of_the_officers_province_only(cast, login):
    make_council(cast)
    Council.objects.create(level="province", unit=cast.other_province, name="Hội đồng tỉnh khác")
    page = login(cast.province_officer).get(reverse("evaluation:council_list")).content.decode()
    assert "Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh" in page and "Hội đồng tỉnh khác" not in page
    page = login(cast.outsider).get(reverse("evaluation:council_list")).content.decode()
    assert "Hội đồng tỉnh khác" in page and "phân hạng sản phẩm OCOP tỉnh" not in page


def test_councils_set_up_the_same_day_read_in_vietnamese_order(cast):
    """Two councils of one decision date (one per sector, say) were listed in code-point order, Đ after Z."""
    from evaluation.selectors.council_lists import council_list

    for name in ("Hội đồng Thủ công mỹ nghệ", "Hội đồng Đồ uống", "Hội đồng Dược liệu"):
        Council.objects.create(level="province", unit=cast.province, name=name, decision_date="2026-03-02")
    names = [council.name for council in council_list(user=cast.province_officer)]
    assert names == ["Hội đồng Dược liệu", "Hội đồng Đồ uống", "Hội đồng Thủ công mỹ nghệ"]


def test_a_member_reads_how_many_members_the_council_has_not_just_themself(cast):
    """The list is filtered by the reader's own membership: counting the members over that same join counted one,
    the reader, on a member's list of a council of three (the office saw three)."""
    from evaluation.selectors.council_lists import council_list

    council = make_council(cast, members=[("hoidong.tv9", "member")])
    council.members.create(user=make_user("hoidong.cu", "council_member", cast.province), role="member", active=False)
    for reader in (cast.council_member, cast.council_chair, cast.province_officer):
        (listed,) = council_list(user=reader)
        assert listed.member_count == 3, reader


def test_it_lets_a_province_officer_create_a_council_with_its_rules(cast, login):
    client = login(cast.province_officer)
    response = client.post(
        reverse("evaluation:council_create"),
        {
            "kind": "council",
            "level": "province",
            "name": "Hội đồng OCOP tỉnh 2026",
            "decision_number": "45/QĐ-UBND",
            "decision_date": "15/03/2026",
            "quorum_numerator": 3,
            "quorum_denominator": 4,
            "chair_required": "on",
            "max_spread": "10",
            "aggregation": "mean",
        },
    )
    council = Council.objects.get(name="Hội đồng OCOP tỉnh 2026")
    assert response.status_code == 302 and council.unit == cast.province and council.decision_date.day == 15
    page = client.get(reverse("evaluation:council_detail", args=[council.pk])).content.decode()
    assert "≥ 3/4" in page and "45/QĐ-UBND" in page


def test_it_shows_term_and_quorum_errors_next_to_their_fields_and_keeps_the_input(cast, login):
    response = login(cast.province_officer).post(
        reverse("evaluation:council_create"),
        {
            "kind": "council",
            "level": "province",
            "name": "Hội đồng OCOP tỉnh 2026",
            "decision_number": "45/QĐ-UBND",
            "term_from": "01/06/2026",
            "term_to": "01/01/2026",
            "quorum_numerator": 5,
            "quorum_denominator": 4,
            "max_spread": "10",
            "aggregation": "mean",
        },
    )
    form = response.context["form"]
    assert response.status_code == 200 and not Council.objects.filter(name="Hội đồng OCOP tỉnh 2026").exists()
    assert "Nhiệm kỳ không thể kết thúc trước ngày bắt đầu nhiệm kỳ (01/06/2026)." in form.errors["term_to"]
    assert "Tử số túc số không được lớn hơn mẫu số (ví dụ 3/4)." in form.errors["quorum_numerator"]
    assert not form.non_field_errors()
    assert 'value="45/QĐ-UBND"' in response.content.decode()


def test_it_refuses_an_establishing_decision_not_numbered_or_still_to_come_beside_its_fields(cast, login):
    """The ministry typed "abc" and a date of next year: both refused at once, beside their fields, input kept."""
    response = login(cast.central_officer).post(
        reverse("evaluation:council_create"),
        {
            "kind": "council",
            "level": "central",
            "name": "Hội đồng OCOP cấp trung ương",
            "decision_number": "abc",
            "decision_date": "01/12/2099",
            "quorum_numerator": 5,
            "quorum_denominator": 7,
            "max_spread": "10",
            "aggregation": "mean",
        },
    )
    form = response.context["form"]
    assert response.status_code == 200 and not Council.objects.filter(name="Hội đồng OCOP cấp trung ương").exists()
    assert form.errors["decision_number"] == ["Số quyết định phải có dạng số/ký hiệu, ví dụ 1427/QĐ-UBND."]
    assert form.errors["decision_date"][0].startswith("Ngày quyết định không thể sau hôm nay (")
    assert not form.non_field_errors()
    assert 'value="abc"' in response.content.decode() and 'value="01/12/2099"' in response.content.decode()


def test_it_refuses_council_creation_to_members_and_viewers(cast, login):
    assert login(cast.council_member).get(reverse("evaluation:council_create")).status_code == 403
    assert login(cast.viewer).post(reverse("evaluation:council_create"), {}).status_code == 403


def test_it_adds_members_and_sessions_for_the_manager_only(cast, login):
    council = make_council(cast)
    client = login(cast.province_officer)
    response = client.post(
        reverse("evaluation:council_member_add", args=[council.pk]),
        {"user": cast.advisory_member.pk, "role": "secretary", "agency": "Sở NN&MT"},
    )
    assert response.status_code == 302 and council.members.filter(user=cast.advisory_member, role="secretary").exists()
    response = client.post(reverse("evaluation:session_create", args=[council.pk]), {"date": "20/06/2026"})
    assert response.status_code == 302 and council.sessions.get().date.month == 6
    assert (
        login(cast.council_chair).post(reverse("evaluation:council_member_add", args=[council.pk]), {}).status_code
        == 403
    )
    assert login(cast.outsider).get(reverse("evaluation:council_detail", args=[council.pk])).status_code == 404
    assert login(cast.viewer).get(reverse("evaluation:council_detail", args=[council.pk])).status_code == 200


def test_it_adds_a_ready_registration_and_records_attendance(cast, login):
    s = setup_scoring(cast)
    registration = make_registration(cast, s.card, name="Trà hoa vàng")
    client = login(cast.province_officer)
    response = client.post(
        reverse("evaluation:session_item_add", args=[s.session.pk]), {"registration": registration.pk}
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(registration=registration)
    assert item.assignments.count() == 3
    client.post(reverse("evaluation:session_attendance", args=[s.session.pk]), {"present": [s.chair.pk]})
    assert set(Attendance.objects.filter(session=s.session, present=True).values_list("member_id", flat=True)) == {
        s.chair.pk
    }


def test_it_lets_the_secretary_put_a_ready_dossier_of_the_province_on_the_agenda(cast, login):
    s = setup_scoring(cast)
    secretary = s.others[0].user
    s.others[0].role = "secretary"
    s.others[0].save()
    ready = make_registration(cast, s.card, name="Trà hoa vàng")
    client = login(secretary)
    page = client.get(detail(s.session)).content.decode()
    assert "Trà hoa vàng" in page and 'data-testid="nothing-to-add"' not in page
    response = client.post(reverse("evaluation:session_item_add", args=[s.session.pk]), {"registration": ready.pk})
    assert response.status_code == 302 and AgendaItem.objects.filter(registration=ready, session=s.session).exists()
    # A plain member still does not see dossiers that are not on the agenda.
    assert (
        "Trà hoa vàng"
        not in login(cast.council_member).get(detail(s.session)).content.decode().split("Hồ sơ trong phiên họp")[0]
    )


def test_it_refuses_a_registration_that_is_not_ready(cast, login):
    s = setup_scoring(cast)
    draft = make_registration(cast, s.card, status="draft", name="Nháp")
    login(cast.province_officer).post(
        reverse("evaluation:session_item_add", args=[s.session.pk]), {"registration": draft.pk}
    )
    assert not AgendaItem.objects.filter(registration=draft).exists()


def test_it_lets_the_secretary_assign_and_shows_plain_members_only_their_items(cast, login):
    s = setup_scoring(cast, extra_members=(("council_third", "secretary"),), items=2)
    secretary = s.others[0]
    client = login(secretary.user)
    response = client.post(
        reverse("evaluation:item_assign", args=[s.items[1].pk]), {"members": [s.chair.pk, secretary.pk]}
    )
    assert response.status_code == 302
    page = login(cast.council_member).get(detail(s.session)).content.decode()
    assert "Sản phẩm 1" in page and "Sản phẩm 2" not in page
    assert login(secretary.user).get(detail(s.session)).content.decode().count('data-testid="item-') == 2


def test_it_hides_a_recused_item_from_the_member(cast, login):
    from .factories import declare_and_open

    s = setup_scoring(cast)
    declare_and_open(s.item, s.member, conflict=True, reason="Người nhà")
    page = login(cast.council_member).get(detail(s.session)).content.decode()
    assert "Sản phẩm 1" not in page
    chair_page = login(cast.council_chair).get(detail(s.session)).content.decode()
    assert "Có xung đột lợi ích — không tham gia" in chair_page and "Người nhà" in chair_page


def test_it_refuses_running_the_session_to_plain_members_and_viewers(cast, login):
    s = setup_scoring(cast)
    for user in (cast.council_member, cast.viewer):
        assert login(user).post(reverse("evaluation:session_attendance", args=[s.session.pk]), {}).status_code == 403
        assert login(user).post(reverse("evaluation:item_finalise", args=[s.item.pk])).status_code == 403


@pytest.mark.parametrize("who", ["outsider", "producer_owner", "commune_officer", "advisory_member"])
def test_it_returns_404_to_people_outside_the_council(cast, login, who):
    s = setup_scoring(cast)
    assert login(getattr(cast, who)).get(detail(s.session)).status_code == 404
    assert (
        login(getattr(cast, who)).post(reverse("evaluation:session_attendance", args=[s.session.pk])).status_code == 404
    )


def test_it_returns_404_for_missing_sessions_and_405_for_wrong_methods(cast, login):
    s = setup_scoring(cast)
    client = login(cast.council_chair)
    assert client.get(reverse("evaluation:session_detail", args=[999999])).status_code == 404
    assert client.post(detail(s.session)).status_code == 405
    assert client.get(reverse("evaluation:session_attendance", args=[s.session.pk])).status_code == 405
    assert client.get(reverse("evaluation:item_finalise", args=[s.item.pk])).status_code == 405


def test_it_shows_the_session_list_to_members(cast, login):
    s = setup_scoring(cast)
    page = login(cast.council_member).get(reverse("evaluation:session_list")).content.decode()
    assert s.session.date.strftime("%d/%m/%Y") in page and "chưa nộp phiếu chấm" in page
    assert (
        s.session.date.strftime("%d/%m/%Y")
        not in login(cast.outsider).get(reverse("evaluation:session_list")).content.decode()
    )


def _count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["council_chair", "province_officer"])
def test_it_shows_the_session_page_with_a_constant_number_of_queries(cast, login, who):
    one = setup_scoring(cast, items=1)
    from evaluation.tests.factories import submit

    for member in one.members:
        submit(one.item, member, one.card)
    client = login(getattr(cast, who))
    n1 = _count(client, detail(one.session))
    from evaluation.services.councils import session_add_registration

    for i in range(9):
        item = session_add_registration(
            session=one.session,
            by=cast.province_officer,
            registration=make_registration(cast, one.card, name=f"Thêm {i}"),
        )
        for member in one.members:
            submit(item, member, one.card)
    n10 = _count(client, detail(one.session))
    assert n1 == n10


def test_a_member_counts_the_dossiers_of_a_session_they_are_shown(cast, login):
    """The session list counted every dossier on the agenda; a member not leading the council is shown only those
    assigned to them and not recused, and read 3 on the list and 1 on the session's page."""
    from evaluation.models.councils import Assignment
    from evaluation.tests.factories import declare_and_open

    s = setup_scoring(cast, items=3)
    Assignment.objects.filter(item=s.items[1], member=s.member).delete()
    declare_and_open(s.items[2], s.member, conflict=True, reason="Người nhà của chủ thể")
    for who, expected in ((cast.council_member, 1), (cast.council_chair, 3), (cast.province_officer, 3)):
        client = login(who)
        (listed,) = client.get(reverse("evaluation:session_list")).context["sessions"]
        (on_council,) = client.get(reverse("evaluation:council_detail", args=[s.council.pk])).context["sessions"]
        assert listed.item_count == on_council.item_count == expected, who
    page = login(cast.council_member).get(detail(s.session)).content.decode()
    assert "Sản phẩm 1" in page and "Sản phẩm 2" not in page and "Sản phẩm 3" not in page


@pytest.mark.parametrize("name", ["council_list", "session_list"])
def test_it_lists_with_a_constant_number_of_queries(cast, login, name):
    from evaluation.models import CouncilSession

    s = setup_scoring(cast)
    client = login(cast.council_member)
    url = reverse(f"evaluation:{name}")
    n1 = _count(client, url)
    for i in range(9):
        other = Council.objects.create(level="province", unit=cast.province, name=f"Hội đồng {i}")
        other.members.create(user=cast.council_member, role="member")
        CouncilSession.objects.create(council=other, date=s.session.date)
    n10 = _count(client, url)
    assert n1 == n10
    page = client.get(url).content.decode()
    if name == "session_list":  # ten sessions, and the one dossier waiting for the member's sheet names its own
        assert page.count(s.session.date.strftime("%d/%m/%Y")) == 10 + page.count('data-testid="pending-sheet"')
        assert page.count('data-testid="pending-sheet"') == 1
    else:
        assert page.count('href="/councils/') == 10


def test_it_closes_the_session_and_then_no_sheet_changes(cast, login):
    from django.core.exceptions import ValidationError

    from evaluation.models import ScoreSheet
    from evaluation.services.scoresheets import SheetInput, scoresheet_save

    from .factories import choices_for, declare_and_open

    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    assert login(cast.council_member).post(reverse("evaluation:session_close", args=[s.session.pk])).status_code == 403
    response = login(cast.council_chair).post(
        reverse("evaluation:session_close", args=[s.session.pk]), {"confirmed": "1"}
    )
    assert response.status_code == 302
    s.session.refresh_from_db()
    assert s.session.status == "closed" and s.session.closed_at is not None
    sheet = ScoreSheet.objects.get(pk=sheet.pk)
    with pytest.raises(ValidationError, match="kết thúc"):
        scoresheet_save(
            sheet=sheet,
            version=sheet.version,
            by=cast.council_member,
            data=SheetInput(choices=choices_for(s.card), comments={}),
        )
    assert login(cast.outsider).post(reverse("evaluation:session_close", args=[s.session.pk])).status_code == 404
    assert login(cast.council_chair).get(reverse("evaluation:session_close", args=[s.session.pk])).status_code == 405


def test_it_does_not_put_a_dossier_on_two_agendas_at_once(cast, login):
    from evaluation.models import CouncilSession

    s = setup_scoring(cast)
    later = CouncilSession.objects.create(council=s.council, date=s.session.date)
    client = login(cast.province_officer)
    client.post(reverse("evaluation:session_item_add", args=[later.pk]), {"registration": s.registration.pk})
    assert not later.items.exists()
    page = client.get(detail(later)).content.decode()
    assert f'<option value="{s.registration.pk}"' not in page
    from django.core.exceptions import ValidationError

    from evaluation.services.councils import session_add_registration

    with pytest.raises(ValidationError, match="chưa có kết quả"):
        session_add_registration(session=later, registration=s.registration, by=cast.province_officer)


def test_it_lets_a_dossier_left_without_result_move_to_a_later_session(cast, login):
    from evaluation.models import CouncilSession
    from evaluation.services.councils import session_add_registration, session_close

    s = setup_scoring(cast)
    session_close(session=s.session, by=cast.province_officer)
    later = CouncilSession.objects.create(council=s.council, date=s.session.date)
    page = login(cast.province_officer).get(detail(later)).content.decode()
    assert f'<option value="{s.registration.pk}"' in page
    item = session_add_registration(session=later, registration=s.registration, by=cast.province_officer)
    assert item.session == later


def test_it_sets_up_councils_only_at_the_officers_own_level_with_the_central_quorum_by_default(cast, login):
    data = {
        "kind": "council",
        "level": "central",
        "name": "Hội đồng cấp trung ương?",
        "quorum_numerator": 3,
        "quorum_denominator": 4,
        "max_spread": "10",
        "aggregation": "mean",
    }
    response = login(cast.province_officer).post(reverse("evaluation:council_create"), data)
    assert response.status_code == 200 and "level" in response.context["form"].errors
    assert not Council.objects.exists()
    central = login(cast.central_officer)
    form = central.get(reverse("evaluation:council_create")).context["form"]
    assert [c for c, _ in form.fields["level"].choices] == ["central"]
    assert (form["quorum_numerator"].value(), form["quorum_denominator"].value()) == (5, 7)
    assert central.post(reverse("evaluation:council_create"), data | {"level": "province"}).status_code == 200
    assert central.post(reverse("evaluation:council_create"), data).status_code == 302
    assert Council.objects.get().level == "central"


def test_it_does_not_let_an_advisory_team_hold_scoring_sessions(cast, login):
    from evaluation.tests.factories import make_council

    team = make_council(cast, kind="advisory")
    client = login(cast.province_officer)
    assert "Tạo phiên họp" not in client.get(reverse("evaluation:council_detail", args=[team.pk])).content.decode()
    response = client.post(reverse("evaluation:session_create", args=[team.pk]), {"date": "20/11/2026"})
    assert response.status_code == 200 and "Tổ tư vấn không tổ chức phiên chấm điểm" in response.content.decode()
    assert not team.sessions.exists()


def test_it_lets_the_manager_replace_the_chair_and_keeps_the_former_member_on_record(cast, login):
    from evaluation.models import CouncilMember
    from evaluation.tests.factories import make_council
    from ocop.testing import make_user

    council = make_council(cast)
    old_chair = council.members.get(role="chair")
    url = reverse("evaluation:council_member_deactivate", args=[council.pk, old_chair.pk])
    assert login(cast.council_chair).post(url).status_code == 403
    assert login(cast.outsider).post(url).status_code == 404
    client = login(cast.province_officer)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    old_chair.refresh_from_db()
    assert not old_chair.active
    new_chair = make_user("chu_tich_moi", "council_member", cast.province)
    client.post(reverse("evaluation:council_member_add", args=[council.pk]), {"user": new_chair.pk, "role": "chair"})
    assert CouncilMember.objects.get(council=council, role="chair", active=True).user == new_chair
    page = client.get(reverse("evaluation:council_detail", args=[council.pk])).content.decode()
    assert "Đã thôi" in page


def test_it_refuses_to_remove_a_member_who_is_scoring_an_open_dossier(cast, login):
    from evaluation.tests.factories import save_draft

    s = setup_scoring(cast)
    save_draft(s.item, s.member, s.card)
    url = reverse("evaluation:council_member_deactivate", args=[s.council.pk, s.member.pk])
    response = login(cast.province_officer).post(url, follow=True)
    assert "đang chấm hồ sơ chưa có kết quả" in response.content.decode()
    s.member.refresh_from_db()
    assert s.member.active


def test_it_keeps_a_former_members_totals_in_the_minutes_of_a_past_session(cast, login):
    import subprocess

    from evaluation.services.councils import council_member_deactivate, session_close
    from evaluation.tests.factories import submit

    s = setup_scoring(cast)
    for member, c2 in zip(s.members, (2, 1, 0), strict=True):
        submit(s.item, member, s.card, c2=c2)
    session_close(session=s.session, by=cast.province_officer)
    council_member_deactivate(member=s.others[0], by=cast.province_officer)
    pdf = login(cast.council_chair).get(reverse("evaluation:session_minutes_pdf", args=[s.session.pk])).content
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "95,00" in text and "96,00" in text  # the former member's total and the unchanged mean


def test_it_refuses_a_negative_spread_or_a_zero_quorum_next_to_the_fields(cast, login):
    data = {
        "kind": "council",
        "level": "province",
        "name": "Hội đồng thử",
        "quorum_numerator": 0,
        "quorum_denominator": 4,
        "max_spread": "-1",
        "aggregation": "mean",
    }
    response = login(cast.province_officer).post(reverse("evaluation:council_create"), data)
    errors = response.context["form"].errors
    assert response.status_code == 200 and {"max_spread", "quorum_numerator"} <= set(errors)
    assert response.context["form"]["name"].value() == "Hội đồng thử"


def test_it_marks_a_province_result_of_90_or_more_as_potential_five_stars_on_the_session_page(cast, login):
    from .factories import submit

    s = setup_scoring(cast)
    for member, c2 in zip(s.members, (5, 2, 0), strict=True):
        submit(s.item, member, s.card, c2=c2)
    page = login(cast.council_chair).get(detail(s.session)).content.decode()
    assert 'data-testid="result-potential-five">tiềm năng 5 sao<' in page


def test_it_says_why_the_result_cannot_be_computed_yet(cast, login):
    from .factories import submit

    s = setup_scoring(cast)
    submit(s.item, s.chair, s.card, c1=15, c2=5)
    page = login(cast.council_chair).get(detail(s.session)).content.decode()
    assert 'data-testid="finalise-blocked">Chờ các thành viên nộp phiếu (1/3).<' in page
