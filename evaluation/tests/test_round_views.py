"""Round pages: list, detail and create by role."""

import datetime as dt

import pytest
from django.urls import reverse

from evaluation.models import EvaluationRound
from evaluation.selectors.registrations import round_next
from evaluation.tests.factories import criteria_version, province_round, registration_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "who", ["province_officer", "advisory_member", "viewer", "commune_officer", "producer_owner", "central_officer"]
)
def test_rounds_of_the_province_are_visible(cast, login, who):
    evaluation_round = province_round(cast.province)
    client = login(getattr(cast, who))
    assert "Đợt 2/2026" in client.get(reverse("evaluation:round_list")).content.decode()
    assert client.get(reverse("evaluation:round_detail", args=[evaluation_round.pk])).status_code == 200


def test_rounds_of_another_province_are_404(cast, login):
    evaluation_round = province_round(cast.other_province)
    client = login(cast.province_officer)
    assert client.get(reverse("evaluation:round_detail", args=[evaluation_round.pk])).status_code == 404
    assert "Đợt 2/2026" not in client.get(reverse("evaluation:round_list")).content.decode()
    assert client.get(reverse("evaluation:round_detail", args=[999999])).status_code == 404


def test_round_detail_counts_registrations_by_status(cast, login):
    registration_in(cast, status="submitted")
    registration_in(cast, status="submitted")
    registration_in(cast, status="draft")
    evaluation_round = province_round(cast.province)
    page = login(cast.province_officer).get(reverse("evaluation:round_detail", args=[evaluation_round.pk]))
    counts = {label: n for value, label, n in page.context["counts"]}
    assert counts == {"Nháp": 1, "Đã nộp UBND xã": 2}


def test_a_province_officer_creates_a_round_with_the_default_calendar(cast, login):
    criteria_version()
    client = login(cast.province_officer)
    assert client.get(reverse("evaluation:round_create")).status_code == 200
    response = client.post(reverse("evaluation:round_create"), {"level": "province", "year": "2027", "number": "1"})
    evaluation_round = EvaluationRound.objects.get()
    assert response.status_code == 302 and evaluation_round.unit == cast.province
    assert evaluation_round.proposals_due.strftime("%d/%m/%Y") == "30/04/2027"


def test_the_form_suggests_the_next_round_to_come_not_one_long_past(cast, login):
    """On 02/12/2026 both province rounds of 2026 have had their proposals (30/4, 30/10): left as suggested, the
    form planned a first round of 2026, which also took the scorecards in force then (148/2023, since repealed)."""
    client = login(cast.province_officer)
    form = client.get(reverse("evaluation:round_create")).context["form"]
    assert (form["year"].value(), form["number"].value()) == (2027, 1)
    province_round(cast.province, year=2027, number=1)  # planned already: the one after it
    form = client.get(reverse("evaluation:round_create")).context["form"]
    assert (form["year"].value(), form["number"].value()) == (2027, 2)
    province_round(cast.other_province, year=2027, number=2)  # another province's rounds are its own
    form = client.get(reverse("evaluation:round_create")).context["form"]
    assert (form["year"].value(), form["number"].value()) == (2027, 2)


def test_the_ministry_is_offered_the_next_central_round(cast, login):
    form = login(cast.central_officer).get(reverse("evaluation:round_create")).context["form"]
    # 02/12/2026: the second central round of 2026 takes proposals until 30/01/2027.
    assert (form["level"].value(), form["year"].value(), form["number"].value()) == ("central", 2026, 2)
    assert form["unit"].help_text == "Chỉ với đợt cấp tỉnh: tỉnh tổ chức đợt."  # not "your province": it has none


@pytest.mark.parametrize(
    "level,today,expected",
    [
        ("province", dt.date(2026, 3, 1), (2026, 1)),
        ("province", dt.date(2026, 4, 30), (2026, 1)),
        ("province", dt.date(2026, 5, 1), (2026, 2)),
        ("province", dt.date(2026, 12, 2), (2027, 1)),
        ("central", dt.date(2026, 12, 2), (2026, 2)),  # the second central round takes proposals until 30/01
        ("central", dt.date(2027, 2, 1), (2027, 1)),
    ],
)
def test_the_next_round_follows_the_d26_calendar(level, today, expected):
    assert round_next(level=level, unit_id=None, today=today) == expected


def test_a_bad_date_order_shows_in_the_form(cast, login):
    criteria_version()
    response = login(cast.province_officer).post(
        reverse("evaluation:round_create"),
        {"level": "province", "year": "2027", "number": "1", "proposals_due": "30/06/2027", "done_by": "30/04/2027"},
    )
    assert response.status_code == 200 and not EvaluationRound.objects.exists()
    # Said next to the completion date, not as the database constraint's name.
    page = response.content.decode()
    assert 'id="error_1_id_done_by"' in page
    assert "Hạn hoàn thành không thể trước hạn nhận đề nghị (30/06/2027)." in page  # the day it may be at the earliest
    assert "round_dates_ordered" not in page


@pytest.mark.parametrize("who", ["viewer", "commune_officer", "advisory_member", "producer_owner", "council_member"])
def test_others_may_not_create_rounds(cast, login, who):
    client = login(getattr(cast, who))
    assert client.get(reverse("evaluation:round_create")).status_code == 403
    assert (
        client.post(
            reverse("evaluation:round_create"), {"level": "province", "year": "2027", "number": "1"}
        ).status_code
        == 403
    )


def test_round_list_query_count_does_not_grow(cast, login, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(cast.central_officer)
    province_round(cast.province, year=2020)
    client.get(reverse("evaluation:round_list"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("evaluation:round_list"))
    for year in range(2021, 2030):
        province_round(cast.province, year=year)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(reverse("evaluation:round_list"))


def test_the_round_moves_to_its_next_status_from_its_page(cast, login):
    evaluation_round = province_round(cast.province, status="planned")
    url = reverse("evaluation:round_set_status", args=[evaluation_round.pk])
    client = login(cast.province_officer)
    assert "Chuyển sang" in client.get(reverse("evaluation:round_detail", args=[evaluation_round.pk])).content.decode()
    assert client.get(url).status_code == 405
    assert client.post(url, {"status": "closed"}).status_code == 302  # skipping a step is refused
    evaluation_round.refresh_from_db()
    assert evaluation_round.status == "planned"
    client.post(url, {"status": "open"})
    evaluation_round.refresh_from_db()
    assert evaluation_round.status == "open"
    assert login(cast.viewer).post(url, {"status": "evaluating"}).status_code == 403
    assert login(cast.advisory_member).post(url, {"status": "evaluating"}).status_code == 403
    assert login(cast.outsider).post(url, {"status": "evaluating"}).status_code == 404
    assert login(cast.province_officer).post(reverse("evaluation:round_set_status", args=[99999])).status_code == 404


def test_the_round_list_counts_only_the_dossiers_the_user_may_see(cast, login):
    from evaluation.models import Registration
    from evaluation.tests.factories import make_product

    mine = registration_in(cast, name="Của HTX Tài Hoan")
    registration_in(cast, product=make_product(cast.other_producer_org, "Của chủ thể khác"))
    assert Registration.objects.filter(round=mine.round).count() == 2

    def counts(user):
        response = login(user).get(reverse("evaluation:round_list"))
        return [r.registration_count for r in response.context["page"].object_list if r.pk == mine.round_id]

    assert counts(cast.producer_owner) == [1]
    assert counts(cast.central_officer) == [2]


def test_the_round_list_is_paged_at_a_constant_number_of_queries(cast, login, django_assert_num_queries):
    """Ten years of a country's rounds (~260) were written on one page (890 ms): 50 a page, each counted by itself."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(cast.central_officer)
    province_round(cast.province, year=2000, number=1)
    client.get(reverse("evaluation:round_list"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("evaluation:round_list"))
    for year in range(2001, 2028):
        for number in (1, 2):
            province_round(cast.province, year=year, number=number, status="closed")
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("evaluation:round_list"))
    page = response.context["page"]
    assert (len(page.object_list), page.paginator.count) == (50, 55)
    assert page.object_list[0].year == 2027 and 'rel="next"' in response.content.decode()
    assert len(client.get(reverse("evaluation:round_list"), {"page": 2}).context["page"].object_list) == 5


def test_a_round_without_a_title_is_named_in_the_readers_language():
    from django.utils import translation

    untitled = EvaluationRound(number=2, year=2026, title="")
    assert str(untitled) == "Đợt 2/2026"
    with translation.override("en"):
        assert str(untitled) == "Round 2/2026"
    assert str(EvaluationRound(number=2, year=2026, title="Đợt 2 năm 2026 tỉnh Thái Nguyên")).endswith("Thái Nguyên")


def test_a_province_officer_sees_the_ministrys_round_but_cannot_move_it(cast, login):
    """Province officers read the central rounds (their 5★ dossiers go there) but only the ministry plans and moves
    them: the page offered the province officer the next status of a central round, and the post moved it."""
    from evaluation.choices import Level
    from evaluation.services.rounds import round_create

    central = round_create(
        by=cast.central_officer, level=Level.CENTRAL, year=2026, number=1, criteria_version=criteria_version()
    )
    url = reverse("evaluation:round_set_status", args=[central.pk])
    client = login(cast.province_officer)
    page = client.get(reverse("evaluation:round_detail", args=[central.pk]))
    assert page.status_code == 200 and "Chuyển sang" not in page.content.decode()
    assert client.post(url, {"status": "open"}).status_code == 403
    central.refresh_from_db()
    assert central.status == "planned"

    assert (
        "Chuyển sang"
        in login(cast.central_officer).get(reverse("evaluation:round_detail", args=[central.pk])).content.decode()
    )
    assert login(cast.central_officer).post(url, {"status": "open"}).status_code == 302
    central.refresh_from_db()
    assert central.status == "open"


def test_the_province_extends_its_rounds_deadline_and_the_form_says_so(cast, login):
    from ocop.models import AuditEvent
    from ocop.testing import form_as_shown

    # Planned to take proposals until 15/04/2027; Điều 5 lets round 1 take them until 30/04.
    evaluation_round = province_round(cast.province, year=2027, number=1)
    EvaluationRound.objects.filter(pk=evaluation_round.pk).update(proposals_due=dt.date(2027, 4, 15))
    client = login(cast.province_officer)
    detail = client.get(reverse("evaluation:round_detail", args=[evaluation_round.pk])).content.decode()
    url = reverse("evaluation:round_update", args=[evaluation_round.pk])
    assert f'href="{url}"' in detail
    page = client.get(url)
    assert (
        f'<a class="btn btn-link" href="{reverse("evaluation:round_detail", args=[evaluation_round.pk])}">Huỷ</a>'
        in (page.content.decode())
    )
    data = form_as_shown(page) | {"proposals_due": "30/04/2027"}

    assert client.post(url, data).status_code == 302

    evaluation_round.refresh_from_db()
    assert str(evaluation_round.proposals_due) == "2027-04-30" and str(evaluation_round.done_by) == "2027-06-30"
    assert AuditEvent.objects.get(action="round.update").changes == {"proposals_due": ["2027-04-15", "2027-04-30"]}
    make_product_page = login(cast.producer_owner).get(reverse("evaluation:registration_create")).content.decode()
    assert "Đợt 1/2027 — hạn đề nghị 30/04/2027" in make_product_page


def test_producers_with_a_dossier_still_to_file_in_the_round_learn_the_new_deadline(
    cast, login, mailoutbox, django_capture_on_commit_callbacks
):
    from ocop.models import Notification
    from ocop.testing import form_as_shown

    evaluation_round = province_round(cast.province, year=2027, number=1)
    EvaluationRound.objects.filter(pk=evaluation_round.pk).update(proposals_due=dt.date(2027, 4, 15))
    draft = registration_in(cast, name="Miến dong", round=evaluation_round)
    registration_in(cast, status="submitted", name="Mật ong", round=evaluation_round)  # already filed: nothing to tell
    client = login(cast.province_officer)
    url = reverse("evaluation:round_update", args=[evaluation_round.pk])
    client.post(url, form_as_shown(client.get(url)) | {"title": "Đợt một"})  # no new date: no notice
    assert not Notification.objects.exists()
    assert not mailoutbox
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, form_as_shown(client.get(url)) | {"proposals_due": "30/04/2027"})

    notice = Notification.objects.get()
    assert notice.user == cast.producer_owner
    assert notice.url == reverse("evaluation:registration_detail", args=[draft.pk])
    assert notice.message == "Hạn nhận đề nghị của Đợt một nay là 30/04/2027 (hồ sơ Miến dong)."
    (mail,) = mailoutbox  # and by e-mail, to whoever has an address
    assert mail.to == [cast.producer_owner.email] and mail.subject.startswith("[OCOP] Hạn nhận đề nghị mới: Miến dong")
    assert "Hạn nhận đề nghị của Đợt một nay là 30/04/2027 (hồ sơ Miến dong)." in mail.body
    assert reverse("evaluation:registration_detail", args=[draft.pk]) in mail.body


def test_the_new_deadline_reaches_any_number_of_dossiers_in_the_same_number_of_queries(
    cast, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """A round of the whole province may hold hundreds of drafts: their notices are written together."""
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from evaluation.services.rounds import round_update
    from ocop.models import Notification

    evaluation_round = province_round(cast.province, year=2027, number=1)  # proposals until 30/04/2027 at the latest
    registration_in(cast, name="Miến dong", round=evaluation_round)

    def move_deadline(day):
        fresh = EvaluationRound.objects.get(pk=evaluation_round.pk)
        round_update(evaluation_round=fresh, data={"proposals_due": dt.date(2027, 4, day)}, by=cast.province_officer)

    with django_capture_on_commit_callbacks():
        move_deadline(9)  # what the process reads once and then keeps is read here, untimed: alone, the test counted it
    with django_capture_on_commit_callbacks(), CaptureQueriesContext(connection) as one:
        move_deadline(10)
    for number in range(4):
        registration_in(cast, name=f"Sản phẩm thêm {number}", round=evaluation_round)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(), django_assert_num_queries(len(one.captured_queries)):
        move_deadline(11)
    assert Notification.objects.count() == 5


def test_a_round_edit_keeps_dates_in_order_and_what_was_typed(cast, login):
    from ocop.testing import form_as_shown

    evaluation_round = province_round(cast.province)
    client = login(cast.province_officer)
    url = reverse("evaluation:round_update", args=[evaluation_round.pk])
    data = form_as_shown(client.get(url)) | {"proposals_due": "31/12/2026", "title": "Đợt bổ sung"}
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200 and "Hạn hoàn thành không thể trước hạn nhận đề nghị (31/12/2026)." in page
    assert 'value="Đợt bổ sung"' in page and 'value="31/12/2026"' in page
    evaluation_round.refresh_from_db()
    assert evaluation_round.title == "Đợt 2/2026" and str(evaluation_round.proposals_due) == "2026-10-30"


def test_who_may_change_a_round(cast, login):
    from evaluation.choices import Level
    from evaluation.services.rounds import round_create

    own = province_round(cast.province)
    central = round_create(
        by=cast.central_officer, level=Level.CENTRAL, year=2026, number=1, criteria_version=criteria_version()
    )
    closed = province_round(cast.province, year=2025, status="closed")
    officer = login(cast.province_officer)
    assert officer.get(reverse("evaluation:round_update", args=[own.pk])).status_code == 200
    assert officer.get(reverse("evaluation:round_update", args=[central.pk])).status_code == 403
    assert officer.post(reverse("evaluation:round_update", args=[central.pk]), {"title": "x"}).status_code == 403
    assert login(cast.central_officer).get(reverse("evaluation:round_update", args=[central.pk])).status_code == 200
    assert login(cast.viewer).get(reverse("evaluation:round_update", args=[own.pk])).status_code == 403
    assert login(cast.outsider).get(reverse("evaluation:round_update", args=[own.pk])).status_code == 404
    # A closed round is history: the page no longer offers a change, and a post is refused.
    officer = login(cast.province_officer)
    assert "round-edit" not in officer.get(reverse("evaluation:round_detail", args=[closed.pk])).content.decode()
    response = officer.post(
        reverse("evaluation:round_update", args=[closed.pk]),
        {"title": "Đổi", "proposals_due": "30/10/2025", "done_by": "30/12/2025"},
    )
    assert response.status_code == 200 and "Đợt đánh giá đã kết thúc" in response.content.decode()
    central.refresh_from_db()
    assert central.title == ""


def test_a_round_with_another_years_dates_is_refused_next_to_them(cast, login):
    """QA: a round of 2027 was planned with the deadlines of 2019."""
    criteria_version()
    typed = {"level": "province", "year": "2027", "number": "1", "proposals_due": "30/04/2019", "done_by": "30/06/2019"}
    response = login(cast.province_officer).post(reverse("evaluation:round_create"), typed)
    page = response.content.decode()
    assert response.status_code == 200 and not EvaluationRound.objects.exists()
    assert 'id="error_1_id_proposals_due"' in page and 'id="error_1_id_done_by"' in page
    assert "Ngày này phải nằm trong năm của đợt: từ 01/01/2027 đến 31/12/2027." in page
    assert 'value="30/04/2019"' in page and 'value="30/06/2019"' in page  # what was typed stays


def test_a_round_edit_keeps_its_dates_in_its_year(cast, login):
    from ocop.testing import form_as_shown

    evaluation_round = province_round(cast.province)  # 2026: 30/10 → 30/12
    client = login(cast.province_officer)
    url = reverse("evaluation:round_update", args=[evaluation_round.pk])
    response = client.post(url, form_as_shown(client.get(url)) | {"done_by": "15/01/2027"})
    page = response.content.decode()
    assert response.status_code == 200 and 'id="error_1_id_done_by"' in page and 'value="15/01/2027"' in page
    assert "Ngày này phải nằm trong năm của đợt: từ 01/01/2026 đến 31/12/2026." in page
    evaluation_round.refresh_from_db()
    assert str(evaluation_round.done_by) == "2026-12-30"


def test_the_form_offers_only_the_criteria_version_a_new_rounds_dossiers_take(cast, login):
    """QA: a round planned with QĐ 1048/2019 (structure only) was offered to the commune officer, and its dossiers
    were scored on D26 while its page said 1048."""
    d26, legacy = criteria_version(), criteria_version("1048/2019")
    client = login(cast.province_officer)
    form = client.get(reverse("evaluation:round_create")).context["form"]
    assert list(form.fields["criteria_version"].queryset) == [d26] and form["criteria_version"].value() == d26.pk
    typed = {"level": "province", "year": "2027", "number": "1", "proposals_due": "30/04/2027", "done_by": "30/06/2027"}
    response = client.post(reverse("evaluation:round_create"), typed | {"criteria_version": str(legacy.pk)})
    page = response.content.decode()
    assert response.status_code == 200 and not EvaluationRound.objects.exists()
    assert 'id="error_1_id_criteria_version"' in page and 'value="30/04/2027"' in page


def test_closing_a_closed_round_names_the_statuses(cast, login):
    evaluation_round = province_round(cast.province, status="closed")
    response = login(cast.province_officer).post(
        reverse("evaluation:round_set_status", args=[evaluation_round.pk]), {"status": "closed"}, follow=True
    )
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["Không thể chuyển đợt từ “Đã kết thúc” sang “Đã kết thúc”."]


# ---- the state of the day: a round past its proposals deadline read "Đang nhận hồ sơ" until its organiser moved it on


def _status_cells(html: str) -> list[str]:
    import re

    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r'data-testid="round-status">(.*?)</td>', html)]


def test_a_round_past_its_proposals_deadline_shows_it_no_longer_takes_them(cast, login):
    from evaluation.choices import RoundStatus

    past = province_round(cast.province)  # open, proposals until 30/10/2026, today 02/12/2026
    coming = province_round(cast.province, year=2027, number=1)  # open, proposals until 30/04/2027
    client = login(cast.producer_owner)
    listing = client.get(reverse("evaluation:round_list")).content.decode()
    assert _status_cells(listing) == ["Đang nhận hồ sơ", "Hết hạn nhận hồ sơ"]  # newest first
    page = client.get(reverse("evaluation:round_detail", args=[past.pk])).content.decode()
    assert "Hết hạn nhận hồ sơ" in page and "Đã qua hạn nhận đề nghị ngày 30/10/2026" in page
    assert "Đang nhận hồ sơ" in page  # what the round still records, said in the note
    page = client.get(reverse("evaluation:round_detail", args=[coming.pk])).content.decode()
    assert "Hết hạn nhận hồ sơ" not in page and 'data-testid="round-status-note"' not in page

    past.status = RoundStatus.EVALUATING  # moved on by its organiser: its own status again
    past.save()
    assert _status_cells(client.get(reverse("evaluation:round_list")).content.decode())[1] == "Đang đánh giá"


def test_a_round_still_evaluated_after_its_end_says_so(cast, login):
    from evaluation.choices import RoundStatus

    late = province_round(cast.province, year=2026, number=1, status=RoundStatus.EVALUATING)  # to be done by 30/06
    page = login(cast.province_officer).get(reverse("evaluation:round_detail", args=[late.pk])).content.decode()
    assert "Quá hạn hoàn thành" in page and "sau hạn hoàn thành ngày 30/06/2026" in page


def test_the_status_filter_selects_by_the_state_the_list_shows(cast, login, django_assert_num_queries):
    """The list shows the state of the day (status_today) while its filter read the status last set: "Đang nhận hồ
    sơ" found a round the list said had stopped taking dossiers, and "Hết hạn nhận hồ sơ" was not offered at all."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from evaluation.choices import RoundStatus

    past = province_round(cast.province)  # open, proposals until 30/10/2026, today 02/12/2026
    coming = province_round(cast.province, year=2027, number=1)  # open, proposals until 30/04/2027
    late = province_round(cast.province, year=2026, number=1, status=RoundStatus.EVALUATING)  # done by 30/06/2026
    client = login(cast.province_officer)

    def found(state):
        response = client.get(reverse("evaluation:round_list"), {"status": state})
        assert response.status_code == 200
        return [r.pk for r in response.context["page"].object_list]

    offered = dict(client.get(reverse("evaluation:round_list")).context["filter"].form.fields["status"].choices)
    assert offered["proposals_closed"] == "Hết hạn nhận hồ sơ" and offered["overdue"] == "Quá hạn hoàn thành"
    assert found("open") == [coming.pk]
    assert found("proposals_closed") == [past.pk]
    assert found("evaluating") == []
    assert found("overdue") == [late.pk]
    with CaptureQueriesContext(connection) as one:
        found("proposals_closed")
    for year in range(2010, 2020):
        province_round(cast.province, year=year, number=2, status=RoundStatus.PLANNED)
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(found("proposals_closed")) == 11


@pytest.mark.parametrize("status", ["planned", "open", "evaluating", "closed"])
def test_the_state_of_the_day_is_one_rule_in_python_and_in_sql(cast, status):
    """EvaluationRound.state_today (the round's pages) and round_state_today (the list's filter) agree on the
    days around each deadline."""
    import time_machine

    from evaluation.models.registrations import round_state_today

    evaluation_round = province_round(cast.province, status=status)  # proposals until 30/10, done by 30/12/2026
    rounds = EvaluationRound.objects.filter(pk=evaluation_round.pk)
    for day in ["2026-10-29", "2026-10-30", "2026-10-31", "2026-12-30", "2026-12-31"]:
        today = dt.date.fromisoformat(day)
        with time_machine.travel(dt.datetime.combine(today, dt.time(12)), tick=False):
            expected = EvaluationRound.objects.get(pk=evaluation_round.pk).state_today
        assert rounds.annotate(s=round_state_today(today=today)).get().s == expected, (status, day)


def test_a_central_round_is_organised_by_the_ministry_not_by_nobody(cast, login):
    """The ministry's round read "Đơn vị tổ chức: —" on its page and in the list (it has no province): the ministry
    organises it (D26 Điều 5.2)."""
    from evaluation.choices import Level
    from evaluation.services.rounds import round_create

    central = round_create(
        by=cast.central_officer, level=Level.CENTRAL, year=2026, number=2, criteria_version=criteria_version()
    )
    client = login(cast.central_officer)
    detail = client.get(reverse("evaluation:round_detail", args=[central.pk])).content.decode()
    assert 'data-testid="round-organiser">Bộ Nông nghiệp và Môi trường</dd>' in detail
    listing = client.get(reverse("evaluation:round_list")).content.decode()
    assert 'data-testid="round-organiser">Bộ Nông nghiệp và Môi trường</td>' in listing
