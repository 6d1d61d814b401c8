"""A remedy's history names the report the inspectors did not accept: the producer's next report records it by its
id (`earlier_report`), which the history showed as such ("earlier_report: 5"), beside "files" and "accept" as
stored."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from products.selectors import audit_history
from supervision import services

from .test_remedy_reports import reported_twice

pytestmark = pytest.mark.django_db


def _rows(remedy) -> set[tuple[str, str, str]]:
    return {
        (event.label, row["label"], row["new"]) for event in audit_history(target=remedy) for row in event.change_rows
    }


def test_the_report_sent_back_reads_by_its_date(cast):
    remedy = reported_twice(cast)
    rows = _rows(remedy)
    assert ("Báo cáo khắc phục", "Báo cáo trước (chưa được chấp nhận)", "Báo cáo khắc phục ngày 02/12/2026") in rows
    assert ("Báo cáo khắc phục", "Số tệp minh chứng", 1) in rows
    assert ("Xem xét kết quả khắc phục", "Chấp nhận báo cáo", "Không") in rows
    assert not [row for row in rows if row[1] in {"earlier_report", "files", "accept"}]


def test_the_reports_are_named_in_a_constant_number_of_queries(cast, django_assert_num_queries):
    remedy = reported_twice(cast)
    inspector = remedy.inspection.inspectors.first()
    audit_history(target=remedy)  # warm the content types
    with CaptureQueriesContext(connection) as one:
        audit_history(target=remedy)
    for n in range(3):
        services.remedy_review(remedy=remedy, by=inspector, accept=False, note="Chưa đủ ảnh.")
        services.remedy_answer(remedy=remedy, by=cast.producer_owner, answer=f"Bổ sung ảnh lần {n + 2}.")
    with django_assert_num_queries(len(one.captured_queries)):
        events = audit_history(target=remedy)
    named = [row["new"] for event in events for row in event.change_rows if row["label"].startswith("Báo cáo trước")]
    assert named == ["Báo cáo khắc phục ngày 02/12/2026"] * 4
