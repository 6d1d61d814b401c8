"""Council pages as reviewers read them: the meeting's-day reason said once on a session page, the ministry's
empty agenda in its own words, an untitled central round named with its level, and the breadcrumbs of the create
pages."""

import datetime as dt

import pytest
from django.urls import reverse

from evaluation.models import CouncilSession, EvaluationRound

from .factories import criteria_version, make_council, setup_scoring, submit

pytestmark = pytest.mark.django_db

NOT_YET = "Phiên họp ngày 10/12/2026 chưa diễn ra"  # the clock is pinned to 02/12/2026


def _page(client, url_name, *args) -> str:
    response = client.get(reverse(url_name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def test_the_meetings_day_reason_is_said_once_on_the_session_page(cast, login):
    """Before its day the page said the same sentence at the top, over the roll and on each dossier: once now, at
    the top; the roll and the dossier's disabled result point to the day in a few words."""
    s = setup_scoring(cast, items=2)
    CouncilSession.objects.filter(pk=s.session.pk).update(date=dt.date(2026, 12, 10))
    for member in (s.chair, s.member, *s.others):
        submit(s.item, member, s.card, take=False)
    page = _page(login(cast.council_chair), "evaluation:session_detail", s.session.pk)
    assert page.count(NOT_YET) == 1
    assert page.index(NOT_YET) < page.index("Điểm danh thành viên")  # at the top, as the reason
    blocked = page[page.index('data-testid="finalise-blocked"') :].split("</span>")[0]
    assert "Từ ngày họp 10/12/2026." in blocked
    officer_page = _page(login(cast.province_officer), "evaluation:session_detail", s.session.pk)
    assert officer_page.count(NOT_YET) == 1 and "Lưu điểm danh" not in officer_page


def test_a_central_session_with_nothing_to_add_speaks_of_the_dossiers_the_provinces_sent(cast, login):
    council = make_council(cast, level="central")
    session = CouncilSession.objects.create(council=council, date=dt.date(2026, 12, 10), location="Bộ NN&MT")
    page = _page(login(cast.central_officer), "evaluation:session_detail", session.pk)
    nothing = page[page.index('data-testid="nothing-to-add"') :].split("</p>")[0]
    assert "Không có hồ sơ nào do cấp tỉnh gửi lên (tiềm năng 5 sao) đang chờ Hội đồng cấp trung ương." in nothing
    assert "sẵn sàng trình Hội đồng" not in nothing
    province = make_council(cast)
    session = CouncilSession.objects.create(council=province, date=dt.date(2026, 12, 10), location="UBND tỉnh")
    page = _page(login(cast.province_officer), "evaluation:session_detail", session.pk)
    assert "Không có hồ sơ nào sẵn sàng trình Hội đồng." in page


def test_an_untitled_central_round_is_named_with_its_level(cast, login):
    from django.utils import translation

    version = criteria_version()
    dates = {"proposals_due": dt.date(2026, 10, 30), "done_by": dt.date(2026, 12, 31), "criteria_version": version}
    central = EvaluationRound.objects.create(level="central", year=2026, number=2, title="", **dates)
    own = EvaluationRound.objects.create(level="province", unit=cast.province, year=2026, number=2, title="", **dates)
    assert str(central) == "Đợt 2/2026 (cấp trung ương)" and str(own) == "Đợt 2/2026"
    with translation.override("en"):
        assert str(central) == "Round 2/2026 (central level)"
    page = _page(login(cast.province_officer), "evaluation:round_list")  # the "Cấp" column is hidden on a phone
    assert "Đợt 2/2026 (cấp trung ương)</a>" in page and "Đợt 2/2026</a>" in page
    detail = _page(login(cast.province_officer), "evaluation:round_detail", central.pk)
    assert 'aria-current="page">Đợt 2/2026 (cấp trung ương)</li>' in detail


def test_the_create_round_page_has_its_breadcrumb(cast, login):
    page = _page(login(cast.province_officer), "evaluation:round_create")
    crumbs = page[page.index('<ol class="breadcrumb">') :].split("</ol>")[0]
    assert f'<a href="{reverse("evaluation:round_list")}">Đợt đánh giá</a>' in crumbs
    assert 'aria-current="page">Tạo đợt đánh giá</li>' in crumbs


def test_the_create_session_breadcrumb_starts_at_the_councils(cast, login):
    council = make_council(cast)
    page = _page(login(cast.province_officer), "evaluation:session_create", council.pk)
    crumbs = page[page.index('<ol class="breadcrumb">') :].split("</ol>")[0]
    councils = f'<a href="{reverse("evaluation:council_list")}">Hội đồng</a>'
    assert councils in crumbs and crumbs.index(councils) < crumbs.index(council.name)
