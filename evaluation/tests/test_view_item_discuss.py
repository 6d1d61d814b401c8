"""The council's procedure on the session page (ocop-domain.md §7; D26 Phụ lục II): the chair, the secretary and the
item's scorers are told that the totals are further apart than the Quy chế allows and which criteria differ most —
without a figure before the result (the Quy chế's confidentiality) — the chair records the discussion, the members
re-score, the minutes print every round; the chair records a knock-out finding; the chair alone takes the result."""

import subprocess

import pytest
from django.urls import reverse

from evaluation.models import CouncilFinding, CouncilResult, Discussion, KnockoutRule

from .factories import setup_scoring, submit


def _spread(cast):
    s = setup_scoring(cast)
    submit(s.item, s.chair, s.card)  # 100
    submit(s.item, s.member, s.card)  # 100
    submit(s.item, s.others[0], s.card, c1=0, c2=1)  # 66: spread 34
    return s


def _detail(s):
    return reverse("evaluation:session_detail", args=[s.session.pk])


SPREAD_EXCEEDED = (
    "Chênh lệch tổng điểm giữa các thành viên vượt mức cho phép (10 điểm): Hội đồng thảo luận rồi các thành viên "
    "chấm lại."
)


FIGURES = ("100,00", "66,00", "88,67", "34,00", "(chênh")  # the totals, the mean, the spread, a criterion's gap


def _divergent(page: str) -> str:
    return page[page.index('data-testid="divergent"') :].split("</ul>")[0]


def test_it_tells_the_chair_the_spread_is_over_the_limit_and_the_criteria_that_differ_most_without_figures(cast, login):
    """The chair runs the discussion: the page says the totals are further apart than the Quy chế allows and lists
    the criteria that differ most, most first — not the totals, the spread, nor who chose what (the chair's own
    sheet being in showed all of them)."""
    s = _spread(cast)
    page = login(cast.council_chair).get(_detail(s)).content.decode()
    assert 'data-testid="needs-discussion"' in page and SPREAD_EXCEEDED in page
    divergent = _divergent(page)
    assert divergent.index("6.1 Cảm quan") < divergent.index("7 Dinh dưỡng")  # 30 apart before 4 apart
    assert str(cast.council_member) not in divergent and not any(figure in page for figure in FIGURES)
    assert 'data-testid="discuss"' in page and 'data-testid="finalise" disabled' in page
    assert "Cần thảo luận và chấm lại trước." in page


def test_it_tells_each_scoring_member_the_item_goes_to_discussion_and_what_is_in_dispute(cast, login):
    """A member saw nothing of the spread rule: the item just waited. Every scorer now reads that the council
    discusses and re-scores and the criteria in dispute, without the others' figures, then what the council agreed
    when it is asked to re-score."""
    s = _spread(cast)
    client = login(cast.council_member)
    page = client.get(_detail(s)).content.decode()
    assert 'data-testid="needs-discussion"' in page and SPREAD_EXCEEDED in page
    assert "6.1 Cảm quan" in _divergent(page) and not any(figure in page for figure in FIGURES)
    assert 'data-testid="discuss"' not in page and 'data-testid="finalise"' not in page  # the chair's acts

    login(cast.council_chair).post(
        reverse("evaluation:item_discuss", args=[s.item.pk]), {"note": "Thống nhất cách chấm cảm quan."}
    )
    page = client.get(_detail(s)).content.decode()
    assert 'data-testid="needs-discussion"' not in page and 'data-testid="open-sheet"' in page  # re-score
    assert "Thống nhất cách chấm cảm quan." in page and not any(figure in page for figure in FIGURES)


def test_it_tells_a_chair_who_scores_nothing_the_criteria_in_dispute_and_managers_only_that_it_waits(cast, login):
    """The criteria that differ most were shown only to a chair whose own sheet was in: a chair who runs the session
    without scoring the item could not lead its discussion. Managers and viewers, who take no part in it, see that the
    item waits for one, not the criteria."""
    from evaluation.services.councils import item_assign_members

    s = setup_scoring(cast, extra_members=(("council_third", "member"), ("council_fourth", "member")))
    scorers = [s.member, *s.others]
    item_assign_members(item=s.item, member_ids={m.pk for m in scorers}, by=cast.province_officer)
    for member, points in zip(scorers, ({}, {}, {"c1": 0, "c2": 1}), strict=True):
        submit(s.item, member, s.card, **points)  # 100, 100, 66
    page = login(cast.council_chair).get(_detail(s)).content.decode()
    assert SPREAD_EXCEEDED in page and "6.1 Cảm quan" in _divergent(page) and 'data-testid="discuss"' in page
    assert not any(figure in page for figure in FIGURES)
    for user in (cast.province_officer, cast.viewer):
        page = login(user).get(_detail(s)).content.decode()
        assert SPREAD_EXCEEDED in page and 'data-testid="divergent"' not in page, user
        assert not any(figure in page for figure in FIGURES), user


def test_it_records_the_discussion_and_the_members_re_score_then_the_minutes_print_every_round(cast, login):
    s = _spread(cast)
    response = login(cast.council_chair).post(
        reverse("evaluation:item_discuss", args=[s.item.pk]), {"note": "Thống nhất cách chấm cảm quan."}
    )
    assert response.status_code == 302
    discussion = Discussion.objects.get(item=s.item)
    assert discussion.note == "Thống nhất cách chấm cảm quan." and discussion.scoring_round == 1
    for member in s.members:
        submit(member=member, item=s.item, card=s.card, c2=2)  # 97 each
    result = CouncilResult.objects.get(item=s.item)
    assert result.scoring_round == 2
    pdf = login(cast.council_chair).get(reverse("evaluation:session_minutes_pdf", args=[s.session.pk])).content
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    text = " ".join(text.split())  # lines wrap in the PDF
    assert "Vòng chấm 1" in text and "Vòng chấm 2" in text
    assert "66,00" in text and "97,00" in text and "Thống nhất cách chấm cảm quan." in text


def test_the_minutes_say_the_spread_exceeded_the_limit_with_the_session_page_s_words(cast, login):
    """The minutes said only "Chưa tổng hợp kết quả." for an item whose totals were 34 points apart (limit 10). They
    say why it waits, without the figures, which wait for the result."""
    s = _spread(cast)
    client = login(cast.council_chair)
    page = client.get(_detail(s)).content.decode()
    assert SPREAD_EXCEEDED in page
    pdf = client.get(reverse("evaluation:session_minutes_pdf", args=[s.session.pk])).content
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    text = " ".join(text.split())  # lines wrap in the PDF
    assert SPREAD_EXCEEDED in text and "Chưa tổng hợp kết quả." not in text
    assert "Điểm chưa được công bố." in text and not any(figure in text for figure in FIGURES)


@pytest.mark.parametrize("who", ["council_member", "province_officer", "viewer"])
def test_it_refuses_the_chairs_acts_to_everyone_else(cast, login, who):
    s = _spread(cast)
    client = login(getattr(cast, who))
    assert client.post(reverse("evaluation:item_discuss", args=[s.item.pk]), {"note": "x"}).status_code == 403
    assert client.post(reverse("evaluation:item_finalise", args=[s.item.pk])).status_code == 403
    assert client.post(reverse("evaluation:finding_record", args=[s.item.pk]), {}).status_code == 403
    assert not Discussion.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "producer_owner", "commune_officer"])
def test_it_returns_404_to_outsiders(cast, login, who):
    s = _spread(cast)
    client = login(getattr(cast, who))
    assert client.post(reverse("evaluation:item_discuss", args=[s.item.pk]), {"note": "x"}).status_code == 404
    assert client.post(reverse("evaluation:finding_record", args=[s.item.pk]), {}).status_code == 404


def test_it_sends_anonymous_users_to_login_and_refuses_get_and_missing_items(cast, client, login):
    s = _spread(cast)
    url = reverse("evaluation:item_discuss", args=[s.item.pk])
    assert "login" in client.post(url, {"note": "x"})["Location"]
    chair = login(cast.council_chair)
    assert chair.get(url).status_code == 405
    assert chair.get(reverse("evaluation:finding_record", args=[s.item.pk])).status_code == 405
    assert chair.post(reverse("evaluation:item_discuss", args=[999999]), {"note": "x"}).status_code == 404


def test_it_records_a_finding_from_the_session_page_and_prints_it_in_the_minutes(cast, login):
    s = setup_scoring(cast)
    rule = KnockoutRule.objects.create(scorecard=s.card, code="copied_product", text="Bị loại nếu giống hệt", order=1)
    client = login(cast.council_chair)
    page = client.get(_detail(s)).content.decode()
    assert 'data-testid="finding-form"' in page and f'<option value="{rule.pk}">' in page
    response = client.post(
        reverse("evaluation:finding_record", args=[s.item.pk]),
        {"rule": rule.pk, "evidence": "Nhãn trùng sản phẩm của HTX khác", "reason": "Sao chép sản phẩm"},
    )
    assert response.status_code == 302 and CouncilFinding.objects.filter(item=s.item, rule=rule).exists()
    assert client.post(reverse("evaluation:item_finalise", args=[s.item.pk])).status_code == 302
    assert CouncilResult.objects.get(item=s.item).eliminated
    result_page = client.get(reverse("evaluation:result_detail", args=[s.item.pk])).content.decode()
    assert 'data-testid="result-stops"' in result_page and "Nhãn trùng sản phẩm của HTX khác" in result_page
    pdf = client.get(reverse("evaluation:session_minutes_pdf", args=[s.session.pk])).content
    text = " ".join(
        subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode().split()
    )
    assert "Nhãn trùng sản phẩm của HTX khác" in text and "hồ sơ bị loại" in text


def test_it_keeps_an_invalid_finding_out(cast, login):
    s = setup_scoring(cast)
    rule = KnockoutRule.objects.create(scorecard=s.card, code="dossier", text="Giả mạo hồ sơ", order=1)
    response = login(cast.council_chair).post(
        reverse("evaluation:finding_record", args=[s.item.pk]), {"rule": rule.pk, "evidence": "", "reason": "x"}
    )
    assert response.status_code == 400 and not CouncilFinding.objects.exists()


def test_a_refused_finding_comes_back_with_what_was_typed_and_the_error_beside_its_field(cast, login):
    """Walking the demo as the chair: a finding refused (here its evidence too long, or blank once trimmed) sent the
    page back with one message at the top, "Cần chọn căn cứ loại, nêu chứng cứ và lý do.", whatever was wrong, and
    the rule, evidence and reason typed were gone."""
    s = setup_scoring(cast)
    rule = KnockoutRule.objects.create(scorecard=s.card, code="dossier", text="Giả mạo hồ sơ", order=1)
    response = login(cast.council_chair).post(
        reverse("evaluation:finding_record", args=[s.item.pk]),
        {"rule": rule.pk, "evidence": "x" * 4001, "reason": "Giấy chứng nhận ATTP không có trong sổ cấp"},
    )
    page = response.content.decode()
    assert response.status_code == 400 and not CouncilFinding.objects.exists()
    assert 'data-testid="finding-form" open' in page
    assert f'<option value="{rule.pk}" selected>' in page
    assert ">Giấy chứng nhận ATTP không có trong sổ cấp</textarea>" in page
    assert 'data-testid="finding-error-evidence"' in page and "4000" in page
    assert 'data-testid="finding-error-reason"' not in page
    assert "Cần chọn căn cứ loại, nêu chứng cứ và lý do." not in page
    blank = login(cast.council_chair).post(
        reverse("evaluation:finding_record", args=[s.item.pk]), {"rule": rule.pk, "evidence": "Sổ cấp", "reason": "  "}
    )
    assert blank.status_code == 400 and 'data-testid="finding-error-reason"' in blank.content.decode()
    assert ">Sổ cấp</textarea>" in blank.content.decode()


def test_a_refused_discussion_note_comes_back_with_what_was_typed(cast, login):
    s = _spread(cast)
    note = "Thống nhất cách chấm cảm quan. " * 200  # over the 4000 characters of the minutes' note
    response = login(cast.council_chair).post(reverse("evaluation:item_discuss", args=[s.item.pk]), {"note": note})
    page = response.content.decode()
    assert response.status_code == 400 and not Discussion.objects.exists()
    assert 'data-testid="discuss-error"' in page and "Thống nhất cách chấm cảm quan. Thống nhất" in page


def test_it_tells_the_secretary_the_result_waits_for_the_chair(cast, login):
    s = setup_scoring(cast, extra_members=(("council_third", "member"), ("council_secretary", "secretary")))
    for member in s.members:
        submit(s.item, member, s.card, take=False)
    secretary = s.council.members.get(role="secretary").user
    page = login(secretary).get(_detail(s)).content.decode()
    assert 'data-testid="awaiting-chair"' in page and 'data-testid="finalise"' not in page


def test_it_shows_the_chair_several_discussions_with_a_constant_number_of_queries(cast, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def spread_items(n):
        s = setup_scoring(cast, items=n, extra_members=((f"council_x{n}", "member"),))
        for item in s.items:
            submit(item, s.chair, s.card)  # 100
            submit(item, s.member, s.card)  # 100
            submit(item, s.others[0], s.card, c1=0, c2=1)  # 66
        return s

    client = login(cast.council_chair)
    counts = []
    for n in (1, 3):
        s = spread_items(n)
        client.get(_detail(s))  # warm caches
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(_detail(s)).content.decode()
        assert page.count('data-testid="divergent"') == n
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
