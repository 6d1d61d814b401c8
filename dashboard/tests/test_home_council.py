"""A council member's home page: the dossiers they score, each with its next step, instead of registry counts that
are always zero for them (they read dossiers, not the registry); the advisory team's count is of its own reviews."""

import pytest
from django.urls import reverse

from dashboard.selectors import home_panels
from evaluation.choices import SessionStatus
from evaluation.models import AgendaItem, CouncilSession
from evaluation.selectors.member_sheets import led_sessions, member_sheet_worklist, pending_sheets_count
from evaluation.tests.factories import declare_and_open, save_draft, setup_scoring, submit

pytestmark = pytest.mark.django_db

HOME = reverse("home")


def _steps(user) -> list[tuple[str, str]]:
    return [(row["item"].registration.product.name, row["step"]) for row in member_sheet_worklist(user=user)]


def test_each_dossier_shows_the_members_next_step_the_submitted_last(cast):
    s = setup_scoring(cast, items=4)
    save_draft(s.items[1], s.member, s.card)
    AgendaItem.objects.filter(pk=s.items[1].pk).update(scoring_round=2)  # to be scored again: no sheet of round 2
    save_draft(s.items[2], s.member, s.card)
    submit(s.items[0], s.member, s.card, take=False)
    assert _steps(cast.council_member) == [
        ("Sản phẩm 2", "open"),
        ("Sản phẩm 3", "draft"),
        ("Sản phẩm 4", "declare"),
        ("Sản phẩm 1", "submitted"),
    ]
    assert pending_sheets_count(user=cast.council_member) == 3


def test_the_home_page_says_when_a_dossier_is_to_be_scored_again(cast, login):
    s = setup_scoring(cast)
    submit(s.item, s.member, s.card, take=False)
    AgendaItem.objects.filter(pk=s.item.pk).update(scoring_round=2)
    page = login(cast.council_member).get(HOME).content.decode()
    assert "Chưa chấm" in page and "chấm lại, vòng 2" in page


def test_recused_closed_and_decided_items_leave_the_list(cast):
    s = setup_scoring(cast, items=2)
    declare_and_open(s.items[0], s.member, conflict=True, reason="Tôi là xã viên HTX")
    assert _steps(cast.council_member) == [("Sản phẩm 2", "declare")]
    for member in s.members:
        submit(s.items[1], member, s.card)  # the last sheet in: the chair takes the result
    assert s.items[1].result is not None
    assert _steps(cast.council_member) == []

    later = setup_scoring(cast, extra_members=())
    CouncilSession.objects.filter(pk=later.session.pk).update(status=SessionStatus.CLOSED)
    assert _steps(cast.council_member) == []


def test_the_list_costs_one_query_for_one_dossier_or_many(cast, django_assert_num_queries):
    s = setup_scoring(cast, items=1)
    with django_assert_num_queries(1):
        assert len(member_sheet_worklist(user=cast.council_member)) == 1
    more = setup_scoring(cast, items=6, extra_members=())  # a second council, the member on both
    save_draft(more.items[0], more.member, more.card)
    submit(s.item, s.member, s.card, take=False)
    with django_assert_num_queries(1):
        assert len(member_sheet_worklist(user=cast.council_member)) == 7


def test_the_home_page_lists_the_sheets_with_links_and_no_registry_counts(cast, login):
    s = setup_scoring(cast, items=2)
    sheet = submit(s.items[1], s.member, s.card, take=False)
    page = login(cast.council_member).get(HOME).content.decode()
    assert page.count('data-testid="my-sheet"') == 2
    assert f'href="{reverse("evaluation:sheet_edit", args=[s.items[0].pk])}"' in page
    assert f'href="{reverse("evaluation:sheet_pdf", args=[sheet.pk])}"' in page
    assert f'href="{reverse("evaluation:session_detail", args=[s.session.pk])}"' in page
    assert "Cần kê khai xung đột lợi ích" in page and "Đã nộp phiếu" in page
    assert 'data-testid="panel-sheets_to_submit"' in page
    for absent in ("panel-products", "panel-producers", "panel-registrations_waiting", "panel-registrations_overdue"):
        assert f'data-testid="{absent}"' not in page


def test_a_member_with_nothing_to_score_is_told_so(cast, login):
    page = login(cast.council_member).get(HOME).content.decode()
    assert "Không có hồ sơ nào chờ bạn chấm điểm." in page


@pytest.mark.parametrize("who", ["province_officer", "commune_officer", "producer_owner", "advisory_member"])
def test_other_roles_have_no_sheet_list(cast, login, who):
    setup_scoring(cast)
    assert 'data-testid="my-sheets"' not in login(getattr(cast, who)).get(HOME).content.decode()


def test_the_advisory_team_counts_its_reviews_and_not_the_registry(cast):
    panels = home_panels(user=cast.advisory_member)
    assert set(panels) == {"registrations_waiting"}
    assert panels["registrations_waiting"]["label"] == "Hồ sơ Tổ tư vấn đang xem xét"
    assert panels["registrations_waiting"]["url"].endswith("?status=advisory_review")


@pytest.mark.parametrize("who", ["advisory_member", "province_officer", "commune_officer", "producer_owner"])
def test_each_sides_waiting_count_is_what_its_link_lists(cast, login, who):
    """The advisory team's tile counted the dossiers forwarded to the province (still the office's to check) with
    those it reviews, and linked to the latter only: 2 on the tile, 1 in the list behind it."""
    from evaluation.choices import RegistrationStatus as S
    from evaluation.tests.factories import registration_in

    for status in (S.DRAFT, S.SUBMITTED, S.FORWARDED, S.ADVISORY_REVIEW, S.SUPPLEMENT_REQUESTED, S.READY_FOR_COUNCIL):
        registration_in(cast, status=status, name=f"Sản phẩm {status}")
    client = login(getattr(cast, who))
    panel = client.get(HOME).context["panels"]["registrations_waiting"]
    listed = client.get(panel["url"]).context["page"]
    assert panel["count"] == len(listed) >= 1


def test_the_viewer_counts_what_waits_for_the_province_as_the_province_officer_does(cast, login):
    """A potential 5★ waiting for the province's approval and letter (Điều 7.3e) is the province's to act on: the
    officer's tile counted it and the viewer's tile, under the same label, did not (1 against 0)."""
    from evaluation.choices import RegistrationStatus as S
    from evaluation.tests.factories import registration_in

    for status in (S.FORWARDED, S.ADVISORY_REVIEW, S.PROVINCE_APPROVAL, S.DRAFT):
        registration_in(cast, status=status, name=f"Sản phẩm {status}")
    counts = {}
    for who in ("province_officer", "viewer"):
        client = login(getattr(cast, who))
        panel = client.get(HOME).context["panels"]["registrations_waiting"]
        assert panel["label"] == "Hồ sơ chờ cấp tỉnh xem xét"
        counts[who] = (panel["count"], len(client.get(panel["url"]).context["page"]))
    assert counts == {"province_officer": (3, 3), "viewer": (3, 3)}


def test_each_overdue_count_is_what_its_link_lists(cast, login):
    """ "Quá hạn xã kiểm tra" counted the commune's late checks but its list added the re-evaluations past 45 days;
    "Đánh giá lại quá 45 ngày" listed the re-evaluations late at the commune too. Each opens its own deadline now."""
    import datetime as dt

    from evaluation.choices import RegistrationKind as K
    from evaluation.choices import RegistrationStatus as S
    from evaluation.tests.factories import registration_in

    long_ago = dt.date(2026, 1, 2)
    registration_in(cast, status=S.SUBMITTED, name="Xã trễ, lần đầu", commune_due_on=long_ago)
    registration_in(cast, status=S.SUBMITTED, kind=K.REEVALUATION, name="Xã trễ, đánh giá lại", commune_due_on=long_ago)
    registration_in(cast, status=S.READY_FOR_COUNCIL, kind=K.REEVALUATION, name="Quá 45", reevaluation_due_on=long_ago)
    client = login(cast.province_officer)
    panels = client.get(HOME).context["panels"]
    for key, expected in (("registrations_overdue", 2), ("reevaluations_overdue", 1)):
        listed = client.get(panels[key]["url"]).context["page"]
        assert panels[key]["count"] == len(listed) == expected, key
    assert len(client.get(reverse("evaluation:registration_list"), {"overdue": "any"}).context["page"]) == 3


def test_the_chair_sees_the_sessions_they_run_with_the_results_taken(cast, login):
    s = setup_scoring(cast, items=2)
    for member in s.members:
        submit(s.items[0], member, s.card)  # the last sheet in: the result of the first dossier is taken
    page = login(cast.council_chair).get(HOME).content.decode()
    assert page.count('data-testid="led-session"') == 1
    assert f'href="{reverse("evaluation:session_detail", args=[s.session.pk])}"' in page
    assert "1/2 hồ sơ có kết quả" in page
    assert 'data-testid="led-sessions"' not in login(cast.council_member).get(HOME).content.decode()

    CouncilSession.objects.filter(pk=s.session.pk).update(status=SessionStatus.CLOSED)
    assert 'data-testid="led-sessions"' not in login(cast.council_chair).get(HOME).content.decode()


def test_the_sessions_run_cost_one_query_for_one_or_many(cast, django_assert_num_queries):
    setup_scoring(cast, items=1)
    with django_assert_num_queries(1):
        assert [s.item_count for s in led_sessions(user=cast.council_chair)] == [1]
    setup_scoring(cast, items=3, extra_members=())
    with django_assert_num_queries(1):
        assert [s.item_count for s in led_sessions(user=cast.council_chair)] == [1, 3]
    assert led_sessions(user=cast.council_member) == []


def test_the_count_of_dossiers_waiting_for_the_members_sheet_opens_exactly_those(cast, login):
    """The home's "Hồ sơ chờ bạn nộp phiếu chấm" opened the sessions list, whose rows are sessions: it now opens the
    list's section of the dossiers waiting for the member's sheet, one row each."""
    s = setup_scoring(cast, items=3)
    submit(s.items[0], s.member, s.card)
    client = login(cast.council_member)
    panel = client.get(reverse("home")).context["panels"]["sheets_to_submit"]
    assert panel["count"] == 2 and panel["url"].endswith("#pending-sheets")
    page = client.get(panel["url"].split("#")[0]).content.decode()
    assert 'id="pending-sheets"' in page and page.count('data-testid="pending-sheet"') == 2


def test_the_ministry_counts_what_the_provinces_have_sent_it(cast, login):
    """The ministry's officer got the province's tile, "Hồ sơ chờ cấp tỉnh xem xét", counting what waits for a
    province (0 of what it had to act on), while the dossiers the provinces had sent it went uncounted."""
    from evaluation.choices import RegistrationStatus as S
    from evaluation.tests.factories import registration_in

    for status in (S.FORWARDED, S.ADVISORY_REVIEW, S.PROVINCE_APPROVAL, S.FORWARDED_TO_CENTRAL, S.DECIDED):
        registration_in(cast, status=status, name=f"Sản phẩm {status}")
    client = login(cast.central_officer)
    panel = client.get(HOME).context["panels"]["registrations_waiting"]
    assert panel["label"] == "Hồ sơ các tỉnh gửi Bộ, chờ Hội đồng trung ương"
    listed = client.get(panel["url"]).context["page"]
    assert panel["count"] == len(listed) == 1
    assert listed[0].status == S.FORWARDED_TO_CENTRAL
