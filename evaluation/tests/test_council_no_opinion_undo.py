"""A member's "no opinion" in a written-opinion session (services.conflicts.no_opinion_record) taken back by whoever
runs the session, while the item has no result (no_opinion_undo): recorded by mistake, or the opinion was in on
paper. The member answers again and the draft set aside by the record comes back."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation.choices import SheetStatus
from evaluation.models import ScoreSheet
from evaluation.selectors.councils import item_state
from evaluation.services.conflicts import conflict_declare, no_opinion_undo, scoresheet_open
from ocop.models import AuditEvent, Notification

from .factories import save_draft, submit
from .test_council_written_silent import _silent, _written

pytestmark = pytest.mark.django_db


@pytest.fixture
def silent(cast):
    """A written session past its deadline: the cast's council member recorded as giving no opinion on their draft,
    the four others' sheets in."""
    card, council, item = _written(cast)
    member = council.members.get(user=cast.council_member)
    draft = save_draft(item, member, card, c1=15)
    for other in council.members.exclude(pk=member.pk):
        submit(item, other, card, take=False)
    _silent(item, member, cast.council_chair)
    return item, member, ScoreSheet.objects.get(pk=draft.pk), card


def test_it_brings_the_member_and_their_draft_back(cast, silent):
    item, member, draft, card = silent
    assert item_state(user=None, item=item).all_sheets_in
    no_opinion_undo(item=item, member=member, by=cast.council_chair)
    assignment = item.assignments.get(member=member)
    assert assignment.no_opinion_at is None and assignment.no_opinion_reason == ""
    sheet = ScoreSheet.objects.get(pk=draft.pk)
    assert sheet.status == SheetStatus.DRAFT and sheet.version == draft.version + 1 and sheet.total == draft.total
    state = item_state(user=None, item=item)
    assert member in state.scorers and not state.all_sheets_in  # the council waits for their sheet again
    assert scoresheet_open(item=item, member=member, by=member.user).pk == draft.pk
    audit = AuditEvent.objects.get(action="agenda_item.no_opinion_undo")
    assert audit.changes["member"] == member.pk and audit.changes["drafts_restored"] == [draft.pk]
    assert audit.changes["reason"] == "Quá hạn, không có ý kiến"
    assert Notification.objects.filter(user=member.user, message__contains="hủy ghi nhận").exists()
    submit(item, member, card, take=False)
    assert item_state(user=None, item=item).all_sheets_in


def test_a_member_recorded_before_declaring_declares_and_scores_as_before(cast):
    card, council, item = _written(cast)
    member = council.members.get(user=cast.council_member)
    _silent(item, member, cast.council_chair)
    no_opinion_undo(item=item, member=member, by=cast.province_officer)
    conflict_declare(item=item, member=member, has_conflict=False, by=member.user)
    assert ScoreSheet.objects.get(item=item, member=member).status == SheetStatus.DRAFT
    assert AuditEvent.objects.get(action="agenda_item.no_opinion_undo").changes["drafts_restored"] == []


def test_it_is_refused_twice_to_a_plain_member_and_once_the_result_is_taken(cast, silent):
    from evaluation.services.results import item_finalise

    item, member, draft, card = silent
    plain = item.session.council.members.filter(role="member").exclude(pk=member.pk).first()
    with pytest.raises(ValidationError, match="Chỉ Chủ tịch, Thư ký"):
        no_opinion_undo(item=item, member=member, by=plain.user)
    item_finalise(item=item, by=cast.council_chair)
    with pytest.raises(ValidationError, match="kết quả"):
        no_opinion_undo(item=item, member=member, by=cast.council_chair)
    assert ScoreSheet.objects.get(pk=draft.pk).status == SheetStatus.SUPERSEDED
    assert item.assignments.get(member=member).no_opinion_at is not None
    assert not AuditEvent.objects.filter(action="agenda_item.no_opinion_undo").exists()


def test_a_second_undo_finds_it_taken_back(cast, silent):
    item, member, draft, card = silent
    no_opinion_undo(item=item, member=member, by=cast.council_chair)
    with pytest.raises(ValidationError, match="đã được hủy ghi nhận"):
        no_opinion_undo(item=item, member=member, by=cast.province_officer)
    assert ScoreSheet.objects.get(pk=draft.pk).version == draft.version + 1
    assert AuditEvent.objects.filter(action="agenda_item.no_opinion_undo").count() == 1


# ---------------------------------------------------------------- the view


def _url(item):
    return reverse("evaluation:item_no_opinion_undo", args=[item.pk])


def test_the_session_page_offers_it_and_the_chair_and_the_office_undo(cast, login, silent):
    item, member, draft, card = silent
    for user in (cast.council_chair, cast.province_officer):
        client = login(user)
        page = client.get(reverse("evaluation:session_detail", args=[item.session_id])).content.decode()
        assert 'data-testid="no-opinion-undo"' in page
        response = client.post(_url(item), {"member": member.pk})
        assert response.status_code == 302
        assert item.assignments.get(member=member).no_opinion_at is None
        _silent(item, member, cast.council_chair)
    page = login(cast.council_member).get(reverse("evaluation:session_detail", args=[item.session_id]))
    assert 'data-testid="no-opinion-undo"' not in page.content.decode()


@pytest.mark.parametrize(
    ("who", "status"), [("council_member", 403), ("viewer", 403), ("outsider", 404), ("producer_owner", 404)]
)
def test_others_are_refused(cast, login, silent, who, status):
    item, member, draft, card = silent
    response = login(getattr(cast, who)).post(_url(item), {"member": member.pk})
    assert response.status_code == status
    assert item.assignments.get(member=member).no_opinion_at is not None


def test_it_answers_405_to_a_get_404_for_a_missing_item_and_names_an_unassigned_member(cast, login, silent):
    item, member, draft, card = silent
    client = login(cast.council_chair)
    assert client.get(_url(item)).status_code == 405
    assert (
        client.post(reverse("evaluation:item_no_opinion_undo", args=[999999]), {"member": member.pk}).status_code == 404
    )
    response = client.post(_url(item), {"member": "abc"}, follow=True)
    assert "Thành viên không được phân công hồ sơ này." in response.content.decode()
    assert item.assignments.get(member=member).no_opinion_at is not None
