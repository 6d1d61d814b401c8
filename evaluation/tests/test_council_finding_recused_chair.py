"""A chair who declared a conflict of interest with a product takes no part in judging it (ocop-domain.md §7,
"Conflict of interest": recusal per member and product; D26 Điều 4.2 "khách quan"). A knock-out finding is the
council's judgement on the dossier, and it eliminates the product by itself (services.results.finding_record): the
chair who stood aside from scoring the product could still record one ("Giả mạo hồ sơ") and so eliminate it, with
no sheet of theirs in the mean. The finding is refused to a recused chair; the members' scores decide."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation.models import CouncilFinding, CouncilResult, KnockoutRule

from .factories import declare_and_open, setup_scoring, submit

pytestmark = pytest.mark.django_db


def _recused_chair(cast):
    s = setup_scoring(cast, extra_members=(("council_third", "member"), ("council_fourth", "member")))
    declare_and_open(s.item, s.chair, conflict=True, reason="Người thân làm Giám đốc HTX")
    rule = KnockoutRule.objects.create(
        scorecard=s.card, code="dossier", text="Hồ sơ bị loại khi: Giả mạo hồ sơ", order=1
    )
    return s, rule


def test_a_chair_who_recused_from_a_product_cannot_eliminate_it_by_a_finding(cast):
    from evaluation.services.results import finding_record

    s, rule = _recused_chair(cast)
    with pytest.raises(ValidationError, match="xung đột lợi ích"):
        finding_record(item=s.item, rule=rule, evidence="Giấy chứng nhận ATTP", reason="Giả mạo", by=cast.council_chair)
    assert not CouncilFinding.objects.exists()
    for member in [s.member, *s.others]:
        submit(s.item, member, s.card)
    result = CouncilResult.objects.get(item=s.item)  # the three members' scores decide
    assert not result.eliminated and result.final_star >= 3


def test_the_session_page_says_why_and_records_nothing(cast, login):
    s, rule = _recused_chair(cast)
    client = login(cast.council_chair)
    response = client.post(
        reverse("evaluation:finding_record", args=[s.item.pk]),
        {"rule": rule.pk, "evidence": "Giấy chứng nhận ATTP", "reason": "Giả mạo"},
        follow=True,
    )
    assert "xung đột lợi ích" in response.content.decode()
    assert not CouncilFinding.objects.exists()


def test_a_chair_who_declared_no_conflict_still_records_the_finding(cast):
    from evaluation.services.results import finding_record

    s, rule = _recused_chair(cast)
    other = setup_scoring(cast, extra_members=(("council_fifth", "member"),))
    rule = KnockoutRule.objects.create(scorecard=other.card, code="dossier", text="Giả mạo hồ sơ", order=1)
    declare_and_open(other.item, other.chair)
    finding_record(item=other.item, rule=rule, evidence="Sổ cấp", reason="Giả mạo", by=cast.council_chair)
    assert CouncilFinding.objects.filter(item=other.item).count() == 1


def test_the_session_page_shows_the_recused_chair_no_finding_form(cast, login):
    s, rule = _recused_chair(cast)
    page = login(cast.council_chair).get(reverse("evaluation:session_detail", args=[s.session.pk])).content.decode()
    assert 'data-testid="finding-recused"' in page and 'data-testid="finding-form"' not in page
