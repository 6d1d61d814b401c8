"""A producer's home says what an inspection asked it to fix and by when (the remedy request of an inspection's
conclusion, D26 Điều 9), beside its dossiers, and counts the requests waiting for its report."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from supervision import services as supervision
from supervision.choices import Outcome, RemedyStatus, SelectionReason, Severity
from supervision.models import Remedy
from supervision.tests.factories import certificate_for, recorded, with_finding

pytestmark = pytest.mark.django_db

HOME = reverse("home")


def remedy_for(cast, *, name: str = "Miến dong", due_on: date = date(2026, 12, 21)) -> Remedy:
    """An ad hoc inspection of the cast's producer concluded "Yêu cầu khắc phục, hạn `due_on`"."""
    inspection = supervision.inspection_open_ad_hoc(
        certificate=certificate_for(cast, name=name),
        reason=SelectionReason.AGENCY,
        detail="Phản ánh của Chi cục Quản lý thị trường.",
        inspectors=[cast.central_officer],
        scheduled_on=timezone.localdate(),
        by=cast.central_officer,
    )
    recorded(cast, inspection, items=with_finding(Severity.MAJOR), by=cast.central_officer)
    supervision.inspection_conclude(
        inspection=inspection,
        by=cast.central_officer,
        outcome=Outcome.REMEDY,
        remedy_required="Sửa nhãn: bỏ biểu trưng 5 sao.",
        remedy_due_on=due_on,
    )
    return inspection.remedy


def test_the_producer_sees_the_remedy_request_with_its_deadline_and_opens_it(cast, login):
    remedy = remedy_for(cast)
    client = login(cast.producer_owner)
    response = client.get(HOME)
    html = response.content.decode()
    [item] = response.context["worklist"]["remedies"]
    assert item["remedy"] == remedy and item["yours"] and not item["overdue"]
    # the deadline kept on one line (supervision_tags.remedy_due)
    assert "hạn\N{NO-BREAK SPACE}21/12/2026" in html and "Sửa nhãn: bỏ biểu trưng 5 sao." in html
    assert "Không có hồ sơ nào đang xử lý." not in html
    detail = reverse("supervision:inspection_detail", args=[remedy.inspection_id])
    assert detail in html and reverse("supervision:remedy_answer", args=[remedy.pk]) in html
    assert client.get(detail).status_code == 200
    panel = response.context["panels"]["remedies_open"]
    assert panel["count"] == 1
    assert client.get(panel["url"]).context["page"].paginator.count == 1  # the count opens the same inspection


def test_another_producer_sees_nothing_of_it(cast, login):
    remedy_for(cast)
    response = login(cast.other_producer).get(HOME)
    html = response.content.decode()
    assert response.context["worklist"]["remedies"] == []
    assert response.context["panels"]["remedies_open"]["count"] == 0
    assert 'data-testid="my-remedy"' not in html and "Không có hồ sơ nào đang xử lý." in html


def test_a_deadline_passed_is_highlighted_and_a_reported_remedy_waits_for_the_inspectors(cast, login):
    late = remedy_for(cast, name="Miến dong")
    Remedy.objects.filter(pk=late.pk).update(due_on=date(2026, 11, 30))
    answered = remedy_for(cast, name="Chè búp")
    Remedy.objects.filter(pk=answered.pk).update(status=RemedyStatus.ANSWERED)
    Remedy.objects.filter(pk=remedy_for(cast, name="Mật ong").pk).update(status=RemedyStatus.ACCEPTED)
    response = login(cast.producer_owner).get(HOME)
    items = response.context["worklist"]["remedies"]
    assert [item["remedy"].pk for item in items] == [late.pk, answered.pk]  # the one done is not listed
    assert items[0]["overdue"] and not items[1]["overdue"] and not items[1]["yours"]
    html = response.content.decode()
    assert "Quá hạn khắc phục" in html and 'class="text-danger fw-semibold" data-testid="remedy-due"' in html
    assert html.count('data-testid="my-remedy"') == 2
    assert response.context["panels"]["remedies_open"]["count"] == 1


def test_an_officers_home_has_no_remedy_worklist_nor_count(cast, login):
    remedy_for(cast)
    response = login(cast.province_officer).get(HOME)
    assert "worklist" not in response.context and "remedies_open" not in response.context["panels"]


def test_the_remedies_cost_the_same_queries_for_one_or_many(cast, login):
    client = login(cast.producer_owner)
    remedy_for(cast, name="Sản phẩm 0")
    client.get(HOME)
    with CaptureQueriesContext(connection) as one:
        client.get(HOME)
    for n in range(1, 4):
        remedy_for(cast, name=f"Sản phẩm {n}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(HOME)
    assert len(response.context["worklist"]["remedies"]) == 4
    assert len(many.captured_queries) == len(one.captured_queries)


def _sent_back(cast, remedy: Remedy, times: int) -> None:
    """The producer reports and the inspectors send it back, `times` over."""
    for _ in range(times):
        supervision.remedy_answer(remedy=Remedy.objects.get(pk=remedy.pk), by=cast.producer_owner, answer="Đã sửa.")
        supervision.remedy_review(
            remedy=Remedy.objects.get(pk=remedy.pk), by=cast.central_officer, accept=False, note="Chưa thấy nhãn mới."
        )


def test_the_home_says_where_each_remedy_stands_as_the_inspectors_read_it(cast, login):
    """A remedy past its deadline whose report was sent back read "Quá hạn khắc phục" alone on the producer's home,
    where the inspection's page says both (supervision.models.remedy_state)."""
    late = remedy_for(cast, name="Miến dong")
    _sent_back(cast, late, 1)
    Remedy.objects.filter(pk=late.pk).update(due_on=date(2026, 11, 30))
    twice = remedy_for(cast, name="Chè búp")
    _sent_back(cast, twice, 2)
    answered = remedy_for(cast, name="Mật ong")
    _sent_back(cast, answered, 1)
    supervision.remedy_answer(remedy=Remedy.objects.get(pk=answered.pk), by=cast.producer_owner, answer="Gửi ảnh.")
    remedy_for(cast, name="Nấm hương")
    html = login(cast.producer_owner).get(HOME).content.decode()
    states = [
        " ".join(state.split()) for state in re.findall(r'data-testid="remedy-state">(.*?)</span>', html, flags=re.S)
    ]
    assert states == [
        "Quá hạn khắc phục · đã bị trả lại 1 lần",
        "Báo cáo chưa được chấp nhận, yêu cầu khắc phục lại · đã bị trả lại 2 lần",
        "Chờ chủ thể khắc phục",
        "Chủ thể đã báo cáo, chờ đoàn kiểm tra xem xét · đã bị trả lại 1 lần",
    ]
    inspection = login(cast.producer_owner).get(reverse("supervision:inspection_detail", args=[late.inspection_id]))
    assert "Quá hạn khắc phục · đã bị trả lại 1 lần" in inspection.content.decode()  # the same words


def test_the_times_sent_back_cost_no_query(cast, login):
    client = login(cast.producer_owner)
    remedy_for(cast, name="Sản phẩm 0")
    client.get(HOME)
    with CaptureQueriesContext(connection) as one:
        client.get(HOME)
    for n in range(1, 4):
        _sent_back(cast, remedy_for(cast, name=f"Sản phẩm {n}"), n)
    with CaptureQueriesContext(connection) as many:
        assert "đã bị trả lại 3 lần" in client.get(HOME).content.decode()
    assert len(many.captured_queries) == len(one.captured_queries)
