"""Stops of Phụ lục II (D26): those a score already states apply by themselves; the others are the council's finding,
recorded by the chair with the evidence and the reason — never a vote of sheets. An eliminated dossier is told the
ground in writing (Điều 7.3g)."""

import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluation.choices import RegistrationStatus
from evaluation.models import CouncilResult, CouncilSession, KnockoutRule, Option, Scorecard
from evaluation.selectors.councils import item_state
from evaluation.services.conflicts import scoresheet_open
from evaluation.services.councils import session_add_registration, session_set_attendance
from evaluation.services.notices import result_notice
from evaluation.services.results import finding_record, item_finalise
from evaluation.services.scoresheets import SheetInput
from evaluation.services.sheet_submission import scoresheet_submit
from evaluation.tests.factories import criterion_by_number, load_real_criteria

from .factories import declare_and_open, make_council, make_registration, setup_scoring, submit


def _real_session(cast, number):
    version = load_real_criteria()
    card = Scorecard.objects.get(version=version, number=number)
    council = make_council(cast, members=[("council_third", "member")])
    session = CouncilSession.objects.create(council=council, date=timezone.localdate())
    registration = make_registration(cast, card, name="Nước uống đóng chai")
    item = session_add_registration(session=session, registration=registration, by=cast.province_officer)
    members = list(council.members.all())
    session_set_attendance(session=session, present_member_ids={m.pk for m in members}, by=cast.province_officer)
    return card, item, members, registration


def _best(card, **chosen):
    """The best option of every criterion, except `chosen` criterion number → option text."""
    choices = {}
    for option in Option.objects.filter(criterion__group__part__scorecard=card).select_related("criterion"):
        crit = option.criterion
        if crit.number in chosen:
            if option.text == chosen[crit.number]:
                choices[crit.pk] = option.pk
            continue
        current = choices.get(crit.pk)
        if crit.is_yes_no:
            choices[crit.pk] = "yes"
        elif current is None or option.points > Option.objects.get(pk=current).points:
            choices[crit.pk] = option.pk
    return choices


def _submit(item, member, choices):
    declare_and_open(item, member)
    sheet = scoresheet_open(item=item, member=member, by=member.user)
    return scoresheet_submit(
        sheet=sheet, version=sheet.version, data=SheetInput(choices=choices, comments={}), by=member.user
    )


@pytest.mark.django_db
def test_the_data_attaches_each_stop_a_score_states_to_its_criteria():
    """Phụ lục II notes: set 16 "Nếu được 0 điểm tại một trong các chỉ tiêu trên" (6.1–6.4, note under 6.4); set 11
    "Có tạp chất" at 6.1.1; sets 19–20 no product declaration (group 6). Set 1 prints no contaminant option and set 13's
    0-point option says "chấp nhận được": there the council records the finding."""
    version = load_real_criteria()
    rules = {
        (r.scorecard.number, r.code): r
        for r in KnockoutRule.objects.filter(scorecard__version=version).select_related("scorecard")
    }
    sensory = rules[(16, "zero_sensory")]
    assert sorted(c.number for c in sensory.trigger_criteria.all()) == ["6.1", "6.2", "6.3", "6.4"]
    assert [(o.criterion.number, o.text) for o in rules[(11, "contaminants")].trigger_options.all()] == [
        ("6.1.1", "Có tạp chất")
    ]
    for number in (19, 20):
        assert [c.number for c in rules[(number, "no_cosmetic_declaration")].trigger_criteria.all()] == ["6"]
    for number in (1, 13):
        rule = rules[(number, "contaminants")]
        assert not rule.trigger_options.exists() and not rule.trigger_criteria.exists()
    assert not rules[(16, "dossier")].trigger_criteria.exists()  # a forged dossier is a finding


def test_it_eliminates_a_set_16_water_whose_every_sheet_finds_contaminants(cast):
    """The case of the issue: "Có tạp chất" (0) at 6.1 on every sheet, everything else at its best — it used to reach
    97 and go to the ministry. Set 16's note stops the evaluation (Phụ lục II, bộ 16, ghi chú mục 6)."""
    card, item, members, registration = _real_session(cast, 16)
    choices = _best(card, **{"6.1": "Có tạp chất"})
    for member in members:
        sheet = _submit(item, member, choices)
        assert sheet.stops == [KnockoutRule.objects.get(scorecard=card, code="zero_sensory").pk]
    outcome = item_finalise(item=item, by=cast.council_chair)
    result = outcome.result
    assert result.eliminated and result.final_star == 0 and not result.potential_five
    assert [s["code"] for s in result.stops] == ["zero_sensory"] and result.stops[0]["source"] == "score"
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.ELIMINATED
    assert "0 điểm" in result_notice(registration, result).source()


def test_it_lets_a_sheet_that_states_a_stop_leave_the_rest_unscored(cast):
    """ "… sẽ không đánh giá các bước tiếp theo": a sheet with a 0 on a set 16 sensory indicator may be submitted."""
    card, item, members, _registration = _real_session(cast, 16)
    crit = criterion_by_number(card, "6.2")
    sheet = _submit(item, members[0], {crit.pk: crit.options.get(points=0).pk})
    assert sheet.status == "submitted" and sheet.stops


def test_it_holds_the_result_when_the_sheets_disagree_on_a_stop(cast):
    card, item, members, _registration = _real_session(cast, 16)
    _submit(item, members[0], _best(card, **{"6.1": "Có tạp chất"}))
    for member in members[1:]:
        _submit(item, member, _best(card))
    state = item_state(user=None, item=item)
    assert state.stop_split and state.needs_discussion
    with pytest.raises(ValidationError, match="căn cứ dừng đánh giá"):
        item_finalise(item=item, by=cast.council_chair)
    assert not CouncilResult.objects.exists()


STOP_SPLIT = (
    "Các phiếu không thống nhất về căn cứ dừng đánh giá (Phụ lục II): Hội đồng thảo luận rồi các thành viên chấm lại."
)


def test_the_minutes_say_the_sheets_disagree_on_a_stop_with_the_session_page_s_words(cast, login):
    """The minutes said only "Chưa tổng hợp kết quả." for an item where one sheet found contaminants (a stop of
    Phụ lục II, set 16) and the others did not, while the session page said why the item waits."""
    card, item, members, _registration = _real_session(cast, 16)
    _submit(item, members[0], _best(card, **{"6.1": "Có tạp chất"}))
    for member in members[1:]:
        _submit(item, member, _best(card))
    state = item_state(user=None, item=item)
    assert state.stop_split and not state.spread_exceeded  # the stop alone holds the result
    client = login(cast.council_chair)
    page = client.get(reverse("evaluation:session_detail", args=[item.session.pk])).content.decode()
    assert STOP_SPLIT in page
    pdf = client.get(reverse("evaluation:session_minutes_pdf", args=[item.session.pk])).content
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    text = " ".join(text.split())  # lines wrap in the PDF
    assert STOP_SPLIT in text and "Chưa tổng hợp kết quả." not in text


def test_it_eliminates_on_the_chairs_finding_with_evidence_and_reason(cast):
    s = setup_scoring(cast)
    rule = KnockoutRule.objects.create(
        scorecard=s.card, code="dossier", text="Hồ sơ bị loại khi: Giả mạo hồ sơ", order=1
    )
    submit(s.item, s.member, s.card)  # one sheet in; the finding stops the evaluation
    with pytest.raises(ValidationError, match="Chủ tịch"):
        finding_record(
            item=s.item, rule=rule, evidence="Giấy chứng nhận ATTP", reason="Giả mạo", by=cast.council_member
        )
    with pytest.raises(ValidationError):
        finding_record(item=s.item, rule=rule, evidence="", reason="Giả mạo", by=cast.council_chair)
    finding_record(
        item=s.item,
        rule=rule,
        evidence="Giấy chứng nhận ATTP số 12/2026 không có trong sổ cấp của Sở",
        reason="Giả mạo hồ sơ",
        by=cast.council_chair,
    )
    assert item_state(user=None, item=s.item).ready
    result = item_finalise(item=s.item, by=cast.council_chair).result
    assert result.eliminated and result.stops[0]["source"] == "finding"
    assert result.stops[0]["evidence"].startswith("Giấy chứng nhận ATTP số 12/2026")
    s.registration.refresh_from_db()
    notice = result_notice(s.registration, result).source()
    assert "Giả mạo hồ sơ" in notice and "Lý do loại" in notice


def test_it_refuses_a_finding_on_a_rule_of_another_scorecard(cast):
    s = setup_scoring(cast)
    other = setup_scoring(cast, extra_members=(("council_fifth", "member"),))
    rule = KnockoutRule.objects.create(scorecard=other.card, code="dossier", text="Giả mạo hồ sơ", order=1)
    with pytest.raises(ValidationError):
        finding_record(item=s.item, rule=rule, evidence="x", reason="y", by=cast.council_chair)


@pytest.mark.django_db
def test_export_criteria_carries_the_stops_and_the_notes():
    import json
    from io import StringIO

    from django.core.management import call_command

    load_real_criteria()
    out = StringIO()
    call_command("export_criteria", "--legal-basis", "26/2026", stdout=out)
    cards = {c["number"]: c for c in json.loads(out.getvalue())["scorecards"]}
    sensory = next(k for k in cards[16]["knockouts"] if k["code"] == "zero_sensory")
    assert sensory["zero_on"] == ["6.1", "6.2", "6.3", "6.4"] and sensory["stops_evaluation"] is True
    assert "0 điểm" in sensory["text"]
    contaminants = next(k for k in cards[5]["knockouts"] if k["code"] == "contaminants")
    assert contaminants["trigger_options"] == [{"criterion": "6.1", "text": "Có tạp chất"}]
    dossier = next(k for k in cards[5]["knockouts"] if k["code"] == "dossier")
    assert dossier["zero_on"] == [] and dossier["trigger_options"] == []  # the council's finding


def test_it_tells_only_the_chair_and_only_once_every_sheet_is_in_that_every_sheet_states_a_stop(cast, login):
    """ "Mọi phiếu đều ghi nhận căn cứ dừng đánh giá…: kết quả sẽ là hồ sơ bị loại" told the secretary, the managers
    and the viewers the outcome before the result, and did so from the first sheet in. Only the chair, who is about
    to take the result, reads it now, once every sheet is in."""
    card, item, members, _registration = _real_session(cast, 16)
    choices = _best(card, **{"6.1": "Có tạp chất"})
    url = reverse("evaluation:session_detail", args=[item.session.pk])
    _submit(item, members[0], choices)
    assert 'data-testid="stops-agreed"' not in login(cast.council_chair).get(url).content.decode()
    for member in members[1:]:
        _submit(item, member, choices)
    assert item_state(user=None, item=item).ready and not CouncilResult.objects.exists()
    assert 'data-testid="stops-agreed"' in login(cast.council_chair).get(url).content.decode()
    for user in (cast.council_member, cast.province_officer, cast.viewer):
        assert 'data-testid="stops-agreed"' not in login(user).get(url).content.decode(), user
