"""A remedy's reports: when the inspectors reject one and the producer reports again, the earlier report (its words,
its evidence, the inspectors' reason) stays on record, and the new report is not shown under the old reason."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from supervision import services
from supervision.choices import RemedyStatus

from .factories import png
from .test_outcomes import remedied

pytestmark = pytest.mark.django_db

FIRST = "Đã thu hồi 500 nhãn cũ, in lại nhãn 4 sao."
REASON = "Ảnh chưa cho thấy nhãn mới trên bao bì; gửi ảnh bao bì thực tế."
SECOND = "Gửi ảnh bao bì thực tế đang bán tại chợ."


def reported_twice(cast):
    remedy = remedied(cast).remedy
    inspector = remedy.inspection.inspectors.first()
    services.remedy_answer(remedy=remedy, by=cast.producer_owner, answer=FIRST, uploads=[png("nhan-cu.png")])
    services.remedy_review(
        remedy=remedy, by=inspector, accept=False, note=REASON, due_on=timezone.localdate() + dt.timedelta(days=10)
    )
    services.remedy_answer(remedy=remedy, by=cast.producer_owner, answer=SECOND, uploads=[png("bao-bi.png")])
    remedy.refresh_from_db()
    return remedy


def test_it_keeps_the_rejected_report_with_its_evidence_and_reason(cast):
    remedy = reported_twice(cast)
    assert remedy.status == RemedyStatus.ANSWERED and remedy.answer == SECOND
    (earlier,) = remedy.reports.all()
    assert (earlier.answer, earlier.review_note, earlier.answered_by) == (FIRST, REASON, cast.producer_owner)
    assert [e.original_name for e in earlier.evidence.all()] == ["nhan-cu.png"]
    # The new report waits for its own review: the reason given to the earlier one is no longer the remedy's.
    assert remedy.review_note == "" and remedy.reviewed_at is None
    assert [e.original_name for e in remedy.evidence.filter(report=None)] == ["bao-bi.png"]


def test_the_inspection_page_shows_each_report_with_its_own_evidence_and_review(cast, login):
    remedy = reported_twice(cast)
    page = login(remedy.inspection.inspectors.first()).get(
        reverse("supervision:inspection_detail", args=[remedy.inspection_id])
    )
    text = page.content.decode()
    assert FIRST in text and SECOND in text
    # the earlier report, its file and the reason given to it, then the report waiting for review
    assert text.index(FIRST) < text.index("nhan-cu.png") < text.index(REASON) < text.index(SECOND)
    assert text.index(SECOND) < text.index("bao-bi.png")
