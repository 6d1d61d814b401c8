"""A written-opinion session (D26 Điều 7.6d) has no roll: a member who opened a sheet (a draft) and never answered
held the item for ever — the result waits for every assigned member's sheet, a member with a sheet cannot be
unassigned, and nobody can be marked absent. Once the opinions' deadline (the session's date) has passed, the chair
or the office records that the member gave no opinion: the draft is set aside, the member no longer counts among
those who answer, and the submitted sheets decide if the quorum rule is still met (the rule is unchanged)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from evaluation.choices import RegistrationKind, SessionMode, SheetStatus
from evaluation.models import CouncilResult, CouncilSession, ScoreSheet
from evaluation.selectors.councils import item_state
from evaluation.services.councils import item_assign_members
from evaluation.services.results import item_finalise
from ocop.models import AuditEvent, Notification

from .factories import make_council, make_registration, make_scorecard, save_draft, submit

pytestmark = pytest.mark.django_db

FIVE = [("council_third", "member"), ("council_fourth", "member"), ("council_fifth", "member")]


def _written(cast, members=FIVE, days_ago=1):
    card = make_scorecard()
    council = make_council(cast, members=members)
    session = CouncilSession.objects.create(
        council=council, date=timezone.localdate() - timedelta(days=days_ago), mode=SessionMode.WRITTEN
    )
    registration = make_registration(cast, card)
    registration.kind = RegistrationKind.REEVALUATION
    registration.save(update_fields=["kind"])
    from evaluation.services.councils import session_add_registration

    item = session_add_registration(session=session, registration=registration, by=cast.province_officer)
    return card, council, item


def _silent(item, member, by):
    from evaluation.services.conflicts import no_opinion_record

    return no_opinion_record(item=item, member=member, reason="Quá hạn, không có ý kiến", by=by)


def test_a_member_who_never_answers_no_longer_holds_the_result_once_the_deadline_is_past(cast):
    card, council, item = _written(cast)
    silent, *others = council.members.order_by("-role", "id")  # a plain member first, the chair among the others
    draft = save_draft(item, silent, card)
    for member in others:
        submit(item, member, card, take=False)
    assert not item_state(user=None, item=item).all_sheets_in
    with pytest.raises(ValidationError):  # the dead end: no way to unassign a member who has a sheet
        item_assign_members(item=item, member_ids={m.pk for m in others}, by=cast.province_officer)
    _silent(item, silent, cast.province_officer)
    assert ScoreSheet.objects.get(pk=draft.pk).status == SheetStatus.SUPERSEDED
    state = item_state(user=None, item=item)
    assert state.quorum.met and state.all_sheets_in and silent not in state.scorers  # 4 of 5, 3/4 needed
    assert Notification.objects.filter(user=silent.user, message__contains="không có ý kiến").exists()
    assert AuditEvent.objects.filter(action="agenda_item.no_opinion").exists()
    item_finalise(item=item, by=cast.council_chair)
    result = CouncilResult.objects.get(item=item)
    assert silent.pk not in {t["member_id"] for t in result.member_totals} and len(result.member_totals) == 4


def test_the_quorum_rule_still_holds(cast):
    card, council, item = _written(cast, members=[("council_third", "member")])  # 3 members: 3 needed
    chair, member, third = council.members.order_by("id")
    save_draft(item, third, card)
    submit(item, chair, card, take=False)
    submit(item, member, card, take=False)
    _silent(item, third, cast.council_chair)
    state = item_state(user=None, item=item)
    assert not state.quorum.met and not state.ready
    with pytest.raises(ValidationError, match="túc số"):
        item_finalise(item=item, by=cast.council_chair)


def test_it_is_refused_before_the_deadline(cast):
    card, council, item = _written(cast, days_ago=0)  # the opinions are due by the end of today
    chair, member, *rest = council.members.order_by("id")
    draft = save_draft(item, member, card)
    with pytest.raises(ValidationError, match="hạn"):
        _silent(item, member, cast.council_chair)
    assert ScoreSheet.objects.get(pk=draft.pk).status == SheetStatus.DRAFT


def test_it_is_refused_for_a_submitted_sheet_and_to_a_plain_member_and_the_member_answers_no_more(cast):
    card, council, item = _written(cast)
    chair, member, third, *rest = council.members.order_by("id")
    submit(item, member, card, take=False)
    save_draft(item, third, card)
    with pytest.raises(ValidationError):
        _silent(item, member, cast.council_chair)
    with pytest.raises(ValidationError):
        _silent(item, third, member.user)
    _silent(item, third, cast.council_chair)
    from evaluation.services.conflicts import scoresheet_open

    with pytest.raises(ValidationError, match="không có ý kiến"):
        scoresheet_open(item=item, member=third, by=third.user)


def test_the_session_page_offers_it_once_the_deadline_is_past(cast, login):
    from django.urls import reverse

    card, council, item = _written(cast)
    silent = council.members.get(user=cast.council_member)
    save_draft(item, silent, card)
    client = login(cast.province_officer)
    page = client.get(reverse("evaluation:session_detail", args=[item.session_id])).content.decode()
    assert 'data-testid="no-opinion"' in page
    client.post(
        reverse("evaluation:item_no_opinion", args=[item.pk]), {"member": silent.pk, "reason": "Quá hạn 01/12/2026"}
    )
    assert item.assignments.get(member=silent).no_opinion_reason == "Quá hạn 01/12/2026"
    page = client.get(reverse("evaluation:session_detail", args=[item.session_id])).content.decode()
    assert 'data-testid="no-opinion-recorded"' in page and 'data-testid="no-opinion"' not in page
    from evaluation.selectors.member_sheets import pending_sheets_count

    assert pending_sheets_count(user=cast.council_member) == 0  # no longer on the member's list of sheets to fill


def _silent_member_page(cast, login):
    """A member recorded as giving no opinion, their draft set aside, signed in."""
    card, council, item = _written(cast)
    silent = council.members.get(user=cast.council_member)
    draft = save_draft(item, silent, card)
    _silent(item, silent, cast.council_chair)
    return card, item, draft, login(cast.council_member)


def test_the_sheet_page_tells_the_member_their_sheet_is_set_aside_and_holds_no_form(cast, login):
    from django.urls import reverse

    card, item, draft, client = _silent_member_page(cast, login)
    response = client.get(reverse("evaluation:sheet_edit", args=[item.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="sheet-set-aside"' in page and "Quá hạn, không có ý kiến" in page
    assert 'id="scoresheet"' not in page and "<textarea" not in page and 'type="radio"' not in page


def test_what_a_page_still_open_sends_is_refused_and_nothing_is_written(cast, login):
    from django.urls import reverse

    from .factories import choices_for

    card, item, draft, client = _silent_member_page(cast, login)
    data = {f"c{k}": v for k, v in choices_for(card, c1=0).items()} | {"version": draft.version, "sheet": draft.pk}
    for action in ("save", "submit"):
        response = client.post(reverse("evaluation:sheet_edit", args=[item.pk]), data | {"action": action})
        assert response.status_code == 403 and 'data-testid="sheet-set-aside"' in response.content.decode()
    response = client.post(reverse("evaluation:sheet_submit", args=[draft.pk]), data)
    assert response.status_code == 403 and 'data-testid="sheet-set-aside"' in response.content.decode()
    response = client.post(reverse("evaluation:sheet_autosave", args=[draft.pk]), data)
    assert response.status_code == 400 and "để riêng" in response.json()["errors"][0]
    response = client.post(reverse("evaluation:conflict_declare", args=[item.pk]), {"has_conflict": "no"})
    assert response.status_code == 403
    sheet = ScoreSheet.objects.get(pk=draft.pk)
    assert sheet.status == SheetStatus.SUPERSEDED and sheet.version == draft.version and sheet.total == draft.total


def test_a_member_recorded_before_declaring_cannot_open_a_sheet_by_declaring(cast):
    """Recorded as giving no opinion without ever opening the dossier: declaring now would open a new draft."""
    from evaluation.services.conflicts import conflict_declare

    card, council, item = _written(cast)
    silent = council.members.get(user=cast.council_member)
    _silent(item, silent, cast.council_chair)
    with pytest.raises(ValidationError, match="không có ý kiến"):
        conflict_declare(item=item, member=silent, has_conflict=False, by=silent.user)
    assert not ScoreSheet.objects.filter(item=item, member=silent).exists()


def test_the_minutes_say_the_member_gave_no_opinion(cast, login):
    import subprocess

    from django.urls import reverse

    card, council, item = _written(cast)
    silent = council.members.get(user=cast.council_member)
    save_draft(item, silent, card)
    _silent(item, silent, cast.council_chair)
    pdf = login(cast.council_chair).get(reverse("evaluation:session_minutes_pdf", args=[item.session_id]))
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True).stdout.decode()
    text = " ".join(text.split())
    assert f"{silent.user}: không có ý kiến (ghi nhận ngày 02/12/2026: Quá hạn, không có ý kiến)" in text


def test_the_session_page_tells_the_member_instead_of_offering_to_score(cast, login):
    from django.urls import reverse

    card, item, draft, client = _silent_member_page(cast, login)
    page = client.get(reverse("evaluation:session_detail", args=[item.session_id])).content.decode()
    assert 'data-testid="own-no-opinion"' in page and 'data-testid="open-sheet"' not in page
