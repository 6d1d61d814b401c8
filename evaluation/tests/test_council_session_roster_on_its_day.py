"""A session's quorum total is the members of the council on the session's day (council_rule.members_on_q): a member
who joins later counted in every past session's total, and a closed session's "cần 3 (trên 3)" became "cần 3 (trên
4)" the day someone joined, its minutes with it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation.models.councils import AgendaItem, Attendance, CouncilSession
from evaluation.selectors.councils import item_state
from evaluation.services.councils import council_member_add, session_close
from ocop.models import AuditEvent
from ocop.testing import make_user

from .factories import make_council, setup_scoring, submit

HELD_ON = datetime.date(2026, 11, 20)  # before the pinned today, 2026-12-02


def held_earlier(cast, *, close: bool):
    """Three members scored a session held on HELD_ON; closed when `close`."""
    s = setup_scoring(cast)
    for member in s.members:
        submit(s.item, member, s.card, take=False)
    CouncilSession.objects.filter(pk=s.session.pk).update(date=HELD_ON)
    s.session.refresh_from_db()
    if close:
        session_close(session=s.session, by=cast.province_officer)
    return s


def quorum_of(item):
    return item_state(user=None, item=AgendaItem.objects.get(pk=item.pk)).quorum


@pytest.mark.parametrize("close", [True, False], ids=["closed", "not closed"])
def test_a_member_who_joins_later_does_not_count_in_an_earlier_session(cast, close):
    s = held_earlier(cast, close=close)
    assert (quorum_of(s.item).members_total, quorum_of(s.item).required) == (3, 3)
    newcomer = make_user("council_newcomer", "council_member", cast.province)
    council_member_add(council=s.council, user=newcomer, role="member", by=cast.province_officer)  # joins today
    quorum = quorum_of(s.item)
    assert (quorum.members_total, quorum.required, quorum.met) == (3, 3, True)


def test_a_member_who_joined_by_the_sessions_day_counts(cast):
    s = held_earlier(cast, close=False)
    newcomer = make_user("council_newcomer", "council_member", cast.province)
    member = council_member_add(
        council=s.council, user=newcomer, role="member", joined_on=HELD_ON, by=cast.province_officer
    )
    assert quorum_of(s.item).members_total == 4
    assert AuditEvent.objects.get(action="council.member_add").changes["joined_on"] == "2026-11-20"
    assert member.joined_on == HELD_ON


def test_a_later_member_is_neither_on_the_roll_nor_assigned_in_an_earlier_session(cast):
    from evaluation.services.councils import item_assign_members, session_set_attendance

    s = held_earlier(cast, close=False)
    newcomer = council_member_add(
        council=s.council,
        user=make_user("council_newcomer", "council_member", cast.province),
        role="member",
        by=cast.province_officer,
    )
    session_set_attendance(
        session=s.session, present_member_ids={m.pk for m in s.members} | {newcomer.pk}, by=cast.province_officer
    )
    assert not Attendance.objects.filter(session=s.session, member=newcomer).exists()
    item_assign_members(item=s.item, member_ids={m.pk for m in s.members} | {newcomer.pk}, by=cast.province_officer)
    assert not s.item.assignments.filter(member=newcomer).exists()


def test_the_session_page_shows_the_total_of_its_day(cast, login):
    s = held_earlier(cast, close=True)
    council_member_add(
        council=s.council,
        user=make_user("council_newcomer", "council_member", cast.province),
        role="member",
        by=cast.province_officer,
    )
    html = login(cast.province_officer).get(reverse("evaluation:session_detail", args=[s.session.pk]))
    assert "3 thành viên chấm / cần 3 (trên 3)" in " ".join(html.content.decode().split())


@pytest.mark.parametrize(
    "joined,message",
    [
        (datetime.date(2026, 12, 3), "không thể sau hôm nay"),
        (datetime.date(2026, 5, 31), "trước ngày quyết định thành lập"),  # the factory's council: 01/06/2026
    ],
)
def test_a_joining_day_to_come_or_before_the_council_is_refused_beside_the_field(cast, joined, message):
    s = setup_scoring(cast)
    with pytest.raises(ValidationError) as refused:
        council_member_add(
            council=s.council,
            user=make_user("council_newcomer", "council_member", cast.province),
            role="member",
            joined_on=joined,
            by=cast.province_officer,
        )
    assert message in refused.value.message_dict["joined_on"][0]


def test_a_member_is_added_with_the_day_they_joined_and_a_day_to_come_is_refused_beside_it(cast, login):
    council = make_council(cast)
    newcomer = make_user("council_newcomer", "council_member", cast.province)
    client = login(cast.province_officer)
    url = reverse("evaluation:council_member_add", args=[council.pk])
    response = client.post(url, {"user": newcomer.pk, "role": "member", "joined_on": "03/12/2026"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "không thể sau hôm nay" in _field_html(html, "joined_on") and 'value="03/12/2026"' in _field_html(
        html, "joined_on"
    )
    assert client.post(url, {"user": newcomer.pk, "role": "member", "joined_on": "15/11/2026"}).status_code == 302
    assert str(council.members.get(user=newcomer).joined_on) == "2026-11-15"


def _field_html(html, name):
    at = html.index(f'id="id_{name}"')
    return html[at - 300 : at + 700]
