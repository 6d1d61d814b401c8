"""The inspection list (its page, its phone layout, its Excel export) says where each "Yêu cầu khắc phục" stands:
awaiting the producer's report (with its deadline), overdue by the digest's rule, asked again after a rejected
report, reported and awaiting review, or remedied; and it is filtered by overdue remedies, in a constant number of
queries."""

import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from supervision import services
from supervision.choices import Outcome, Severity
from supervision.models import Remedy

from .factories import plan_for, recorded, scheduled, with_finding

pytestmark = pytest.mark.django_db

INSPECTIONS = reverse("supervision:inspection_list")
TODAY = dt.date(2026, 12, 2)


def _remedied(cast, plan, due_on: dt.date):
    inspection = recorded(cast, scheduled(cast, plan=plan), items=with_finding(Severity.MAJOR))
    services.inspection_conclude(
        inspection=inspection,
        by=inspection.inspectors.first(),
        outcome=Outcome.REMEDY,
        remedy_required="Thay nhãn ghi đúng 4 sao.",
        remedy_due_on=due_on,
    )
    return Remedy.objects.get(inspection=inspection)


def _remedies(cast) -> dict[str, Remedy]:
    plan = plan_for(cast)
    later = TODAY + dt.timedelta(days=20)
    remedies = {key: _remedied(cast, plan, later) for key in ("open", "overdue", "rejected", "answered", "accepted")}
    Remedy.objects.filter(pk=remedies["overdue"].pk).update(due_on=TODAY - dt.timedelta(days=3))
    for key in ("rejected", "answered", "accepted"):
        services.remedy_answer(remedy=remedies[key], by=cast.producer_owner, answer="Đã in lại nhãn.")
    for key, accept in (("rejected", False), ("accepted", True)):
        remedy = remedies[key]
        services.remedy_review(
            remedy=remedy, by=remedy.inspection.inspectors.first(), accept=accept, note="Chưa thấy ảnh nhãn mới."
        )
    return {key: Remedy.objects.get(pk=r.pk) for key, r in remedies.items()}


def _states(html: str) -> list[str]:
    return [re.sub(r"\s+", " ", s).strip() for s in re.findall(r'data-testid="remedy-state">(.*?)</span>', html)]


def test_the_list_shows_where_each_remedy_stands_with_its_deadline_while_it_waits(cast, login):
    assert timezone.localdate() == TODAY
    _remedies(cast)
    page = login(cast.province_officer).get(INSPECTIONS).content.decode()
    assert sorted(_states(page)) == sorted(
        [
            "Chờ chủ thể khắc phục · hạn 22/12/2026",
            "Quá hạn khắc phục · hạn 29/11/2026",
            "Báo cáo chưa được chấp nhận, yêu cầu khắc phục lại · hạn 22/12/2026",
            "Chủ thể đã báo cáo, chờ đoàn kiểm tra xem xét",
            "Đã khắc phục",
        ]
    )


def test_the_overdue_filter_keeps_the_overdue_remedy_alone(cast, login):
    remedies = _remedies(cast)
    page = login(cast.province_officer).get(INSPECTIONS, {"remedy": "overdue"}).content.decode()
    assert _states(page) == ["Quá hạn khắc phục · hạn 29/11/2026"]
    assert f"/giam-sat/kiem-tra/{remedies['overdue'].inspection_id}/" in page


def test_the_export_has_the_remedy_state_and_its_deadline(cast, login):
    from openpyxl import load_workbook

    _remedies(cast)
    response = login(cast.province_officer).get(reverse("supervision:inspection_export"))
    header, *rows = load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True)
    assert header[-2:] == ("Khắc phục", "Hạn khắc phục")
    assert sorted((r[-2], r[-1].date() if r[-1] else None) for r in rows) == sorted(
        [
            ("Chờ chủ thể khắc phục", dt.date(2026, 12, 22)),
            ("Quá hạn khắc phục", dt.date(2026, 11, 29)),
            ("Báo cáo chưa được chấp nhận, yêu cầu khắc phục lại", dt.date(2026, 12, 22)),
            ("Chủ thể đã báo cáo, chờ đoàn kiểm tra xem xét", None),
            ("Đã khắc phục", None),
        ]
    )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_list_with_remedies_runs_a_constant_number_of_queries(cast, login):
    plan = plan_for(cast)
    _remedied(cast, plan, TODAY + dt.timedelta(days=5))
    client = login(cast.province_officer)
    client.get(INSPECTIONS)
    one = _queries(client, INSPECTIONS)
    for _ in range(5):
        remedy = _remedied(cast, plan, TODAY + dt.timedelta(days=5))
        Remedy.objects.filter(pk=remedy.pk).update(due_on=TODAY - dt.timedelta(days=1))  # overdue
    assert _queries(client, INSPECTIONS) == one
