"""The central council's "scored at the province" warnings (selectors.council_people.province_scorers) name the
provincial council's members who gave an opinion on the product: a submitted sheet. A member who stood aside there (a
late recusal, a written-opinion member recorded as giving no opinion: services.conflicts) has a sheet set aside,
which counts nowhere: they did not score it, even when that sheet had been submitted once and reopened by the chair
before they stood aside. A sheet reopened and submitted again, or one of an earlier scoring round (a re-scoring keeps
it submitted), still counts. (The clock is pinned to 02/12/2026.)"""

import pytest

from evaluation.choices import RegistrationStatus, SheetStatus
from evaluation.models import Registration, ScoreSheet
from evaluation.selectors.council_people import central_candidates_who_scored, province_scorers
from evaluation.services.conflicts import conflict_declare
from evaluation.services.sheet_submission import scoresheet_reopen

from .factories import save_draft, setup_scoring, submit

pytestmark = pytest.mark.django_db

MEMBERS = (("council_third", "member"), ("council_fourth", "member"), ("council_fifth", "member"))
CONFLICT = "Em ruột là thành viên HTX"


def test_a_member_who_stood_aside_at_the_province_did_not_score_the_product(cast):
    s = setup_scoring(cast, extra_members=MEMBERS)
    third, fourth, fifth = s.others
    # The fourth member drafts, then finds a conflict: the draft is set aside.
    draft = save_draft(s.item, fourth, s.card, c2=5)
    conflict_declare(item=s.item, member=fourth, has_conflict=True, reason=CONFLICT, by=fourth.user)
    # The fifth submits, the chair reopens the sheet, the member then finds a conflict: set aside too.
    withdrawn = submit(s.item, fifth, s.card, take=False, c2=5)
    scoresheet_reopen(sheet=withdrawn, reason="Thành viên xin xem lại", by=cast.council_chair)
    conflict_declare(item=s.item, member=fifth, has_conflict=True, reason=CONFLICT, by=fifth.user)
    # The member's sheet is reopened and submitted again: an opinion given.
    again = submit(s.item, s.member, s.card, take=False, c2=5)
    scoresheet_reopen(sheet=again, reason="Sửa điểm tiêu chí C2", by=cast.council_chair)
    submit(s.item, s.member, s.card, take=False, c2=5)
    for member in (s.chair, third):
        submit(s.item, member, s.card, take=False, c2=5)
    statuses = dict(ScoreSheet.objects.filter(item=s.item).values_list("member_id", "status"))
    assert statuses[fourth.pk] == statuses[fifth.pk] == SheetStatus.SUPERSEDED
    assert ScoreSheet.objects.get(pk=draft.pk).status == SheetStatus.SUPERSEDED

    product = s.registration.product_id
    scorers = province_scorers(product_ids=[product])[product]
    assert set(scorers) == {cast.council_chair.pk, cast.council_member.pk, third.user_id}
    assert set(scorers.values()) == {s.session.date}

    # Once the dossier waits for the central council, its member picker warns of those who scored it, no one else.
    Registration.objects.filter(pk=s.registration.pk).update(status=RegistrationStatus.FORWARDED_TO_CENTRAL)
    everyone = [m.user_id for m in s.members]
    warned = central_candidates_who_scored(user_ids=everyone)
    assert set(warned) == {cast.council_chair.pk, cast.council_member.pk, third.user_id}
    assert fourth.user_id not in warned and fifth.user_id not in warned


def test_a_sheet_of_an_earlier_scoring_round_still_counts(cast):
    s = setup_scoring(cast)
    for member in s.members:
        submit(s.item, member, s.card, take=False)
    # The council re-scores: the round's sheets stay submitted, every scorer gets a draft of the next round.
    ScoreSheet.objects.filter(item=s.item).update(scoring_round=1)
    s.item.scoring_round = 2
    s.item.save(update_fields=["scoring_round"])
    for member in s.members:
        ScoreSheet.objects.create(item=s.item, member=member, scoring_round=2)
    product = s.registration.product_id
    assert set(province_scorers(product_ids=[product])[product]) == {m.user_id for m in s.members}
