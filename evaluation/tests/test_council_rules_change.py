"""The council's other Quy chế settings (quorum, chair, spread, aggregation) change after its set-up
(council_set_rules), under the guard of the secretary's setting: refused beside each field changed while a session
not closed has a submitted sheet or a conclusion; a closed session keeps the settings it was held under
(council_rule.rules_in, the one mechanism the secretary's setting uses too)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from evaluation.models import Council
from evaluation.models.councils import AgendaItem, CouncilSession
from evaluation.selectors.councils import item_state
from evaluation.services.council_rule import RULE_FIELDS, rules_in
from evaluation.services.councils import council_set_rules, council_set_secretary_scores, session_close
from ocop.models import AuditEvent

from .factories import setup_scoring, submit

# chair, member and three more: five members, 3/4 of them is 4
FIVE = (("council_third", "member"), ("council_fourth", "member"), ("council_fifth", "member"))


def state_of(item):
    return item_state(user=None, item=AgendaItem.objects.get(pk=item.pk))


def test_the_office_changes_the_quorum_and_the_spread_with_an_audit_row(cast):
    s = setup_scoring(cast, extra_members=FIVE)
    assert state_of(s.item).quorum.required == 4
    council = council_set_rules(
        council=s.council,
        by=cast.province_officer,
        quorum_numerator=2,
        quorum_denominator=3,
        chair_required=False,
        max_spread=Decimal("8"),
        aggregation="mean",
    )
    assert (council.quorum_numerator, council.quorum_denominator, council.chair_required) == (2, 3, False)
    assert council.max_spread == Decimal("8.00")
    quorum = state_of(s.item).quorum  # a session not closed follows the council
    assert (quorum.required, quorum.chair_required) == (4, False)  # ⌈5 × 2/3⌉
    event = AuditEvent.objects.get(action="council.rules")
    assert event.changes == {
        "quorum_numerator": [3, 2],
        "quorum_denominator": [4, 3],
        "chair_required": [True, False],
        "max_spread": ["10.00", "8"],
    }


def test_nothing_changed_writes_nothing(cast):
    s = setup_scoring(cast)
    council_set_rules(council=s.council, by=cast.province_officer, quorum_numerator=3, max_spread=Decimal("10"))
    assert not AuditEvent.objects.filter(action="council.rules").exists()


def test_it_refuses_beside_each_field_changed_once_a_sheet_is_in(cast):
    s = setup_scoring(cast, extra_members=FIVE)
    submit(s.item, s.member, s.card, take=False)
    with pytest.raises(ValidationError) as refused:
        council_set_rules(
            council=s.council,
            by=cast.province_officer,
            quorum_numerator=2,
            max_spread=Decimal("5"),
            chair_required=True,
        )
    errors = refused.value.message_dict
    assert set(errors) == {"quorum_numerator", "max_spread"}  # chair_required did not change
    assert "đã có phiếu chấm được nộp" in errors["max_spread"][0]
    council = Council.objects.get(pk=s.council.pk)
    assert (council.quorum_numerator, council.max_spread) == (3, Decimal("10.00"))
    assert not AuditEvent.objects.filter(action="council.rules").exists()


def test_a_quorum_above_its_denominator_is_refused_beside_the_field(cast):
    s = setup_scoring(cast)
    with pytest.raises(ValidationError) as refused:
        council_set_rules(council=s.council, by=cast.province_officer, quorum_numerator=5, quorum_denominator=4)
    assert "quorum_numerator" in refused.value.message_dict
    assert Council.objects.get(pk=s.council.pk).quorum_numerator == 3


def test_only_quy_che_settings_are_changed_here(cast):
    s = setup_scoring(cast)
    with pytest.raises(TypeError):
        council_set_rules(council=s.council, by=cast.province_officer, name="Hội đồng khác")


def test_a_closed_session_keeps_every_setting_it_was_held_under(cast):
    s = setup_scoring(cast, extra_members=FIVE)
    for member in s.members:
        submit(s.item, member, s.card, take=False, **({"c2": 1} if member == s.member else {}))  # spread 4
    session_close(session=s.session, by=cast.province_officer)
    session = CouncilSession.objects.get(pk=s.session.pk)
    kept = {name: getattr(session, name) for name in RULE_FIELDS}
    assert kept == {name: getattr(s.council, name) for name in RULE_FIELDS}  # all kept by the close
    before = state_of(s.item)
    council_set_rules(
        council=s.council,
        by=cast.province_officer,
        quorum_numerator=1,
        quorum_denominator=1,
        chair_required=False,
        max_spread=Decimal("2"),
    )
    council_set_secretary_scores(council=s.council, secretary_scores=False, by=cast.province_officer)
    after = state_of(s.item)
    assert after.quorum == before.quorum and after.quorum.required == 4 and after.quorum.chair_required
    assert (
        before.check is not None and after.check == before.check and not after.spread_exceeded
    )  # 4 apart: within the 10 it was held under, not the 2 of now
    rules = rules_in(CouncilSession.objects.select_related("council").get(pk=s.session.pk))
    assert (rules.quorum_numerator, rules.quorum_denominator, rules.max_spread) == (3, 4, Decimal("10.00"))
    # a session not yet held follows the council's new settings
    later = CouncilSession.objects.create(council=s.council, date=s.session.date)
    later = CouncilSession.objects.select_related("council").get(pk=later.pk)
    assert rules_in(later).quorum_denominator == 1 and rules_in(later).secretary_scores is False
