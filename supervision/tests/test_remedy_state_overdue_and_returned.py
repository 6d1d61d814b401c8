"""A remedy both past its deadline and once sent back to the producer is two facts: the inspection list said "Quá hạn
khắc phục" alone, and the inspection's page only "Chờ chủ thể khắc phục", so an inspector could not tell a producer
who never reported from one whose report was not accepted. Both are said, on the list (its page and its export), on
the inspection's page and on the producer's report page, the list still in a constant number of queries."""

import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from supervision import services
from supervision.choices import Outcome, Severity
from supervision.models import Remedy

from .factories import plan_for, recorded, scheduled, with_finding

pytestmark = pytest.mark.django_db

INSPECTIONS = reverse("supervision:inspection_list")
TODAY = dt.date(2026, 12, 2)
PAST = TODAY - dt.timedelta(days=3)


def _remedy(cast, plan=None) -> Remedy:
    inspection = recorded(cast, scheduled(cast, plan=plan or plan_for(cast)), items=with_finding(Severity.MAJOR))
    services.inspection_conclude(
        inspection=inspection,
        by=inspection.inspectors.first(),
        outcome=Outcome.REMEDY,
        remedy_required="Thay nhãn ghi đúng 4 sao.",
        remedy_due_on=TODAY + dt.timedelta(days=20),
    )
    return Remedy.objects.get(inspection=inspection)


def _returned(cast, remedy: Remedy, times: int, *, due_on: dt.date | None = None) -> Remedy:
    """The producer reports and the inspectors send it back, `times` over; then the deadline becomes `due_on`."""
    for _ in range(times):
        services.remedy_answer(remedy=Remedy.objects.get(pk=remedy.pk), by=cast.producer_owner, answer="Đã in nhãn.")
        services.remedy_review(
            remedy=Remedy.objects.get(pk=remedy.pk),
            by=remedy.inspection.inspectors.first(),
            accept=False,
            note="Chưa thấy ảnh nhãn mới.",
        )
    if due_on is not None:
        Remedy.objects.filter(pk=remedy.pk).update(due_on=due_on)
    return Remedy.objects.get(pk=remedy.pk)


def _states(html: str) -> list[str]:
    return [re.sub(r"\s+", " ", s).strip() for s in re.findall(r'data-testid="remedy-state">(.*?)</span>', html)]


def test_the_list_says_overdue_and_how_many_times_the_report_was_sent_back(cast, login):
    plan = plan_for(cast)
    _returned(cast, _remedy(cast, plan), 1, due_on=PAST)
    _returned(cast, _remedy(cast, plan), 2, due_on=PAST)
    _returned(cast, _remedy(cast, plan), 2)
    _remedy(cast, plan)
    page = login(cast.province_officer).get(INSPECTIONS).content.decode()
    assert sorted(_states(page)) == sorted(
        [
            "Quá hạn khắc phục · đã bị trả lại 1 lần · hạn 29/11/2026",
            "Quá hạn khắc phục · đã bị trả lại 2 lần · hạn 29/11/2026",
            "Báo cáo chưa được chấp nhận, yêu cầu khắc phục lại · đã bị trả lại 2 lần · hạn 22/12/2026",
            "Chờ chủ thể khắc phục · hạn 22/12/2026",
        ]
    )


def test_a_report_sent_again_after_a_return_says_so_while_it_waits_for_review(cast, login):
    remedy = _returned(cast, _remedy(cast), 1)
    services.remedy_answer(remedy=remedy, by=cast.producer_owner, answer="Đã in nhãn mới, có ảnh.")
    page = login(cast.province_officer).get(INSPECTIONS).content.decode()
    assert _states(page) == ["Chủ thể đã báo cáo, chờ đoàn kiểm tra xem xét · đã bị trả lại 1 lần"]


def test_the_export_says_both(cast, login):
    from openpyxl import load_workbook

    _returned(cast, _remedy(cast), 1, due_on=PAST)
    response = login(cast.province_officer).get(reverse("supervision:inspection_export"))
    _header, *rows = load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True)
    assert [row[-2] for row in rows] == ["Quá hạn khắc phục · đã bị trả lại 1 lần"]


def test_the_inspections_page_and_the_report_page_say_both(cast, login):
    remedy = _returned(cast, _remedy(cast), 1, due_on=PAST)
    detail = reverse("supervision:inspection_detail", args=[remedy.inspection_id])
    expected = ["Quá hạn khắc phục · đã bị trả lại 1 lần"]
    assert _states(login(cast.province_officer).get(detail).content.decode()) == expected
    producer = login(cast.producer_owner)
    assert _states(producer.get(detail).content.decode()) == expected
    answer = producer.get(reverse("supervision:remedy_answer", args=[remedy.pk])).content.decode()
    assert _states(answer) == expected


def test_the_list_counts_the_returns_in_a_constant_number_of_queries(cast, login):
    plan = plan_for(cast)
    _returned(cast, _remedy(cast, plan), 1, due_on=PAST)
    client = login(cast.province_officer)
    client.get(INSPECTIONS)
    with CaptureQueriesContext(connection) as one:
        client.get(INSPECTIONS)
    for times in (0, 1, 2):
        _returned(cast, _remedy(cast, plan), times, due_on=PAST)
    with CaptureQueriesContext(connection) as many:
        assert "đã bị trả lại 2 lần" in client.get(INSPECTIONS).content.decode()
    assert len(many.captured_queries) == len(one.captured_queries) <= 12
