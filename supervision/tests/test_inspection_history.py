"""An inspection's and its remedy's history on the inspection's page: every act was written to the audit trail
(AuditAction) but no page showed it. The officers who read histories (ocop.permissions.sees_audit_history) read each
act's who, when and what, the records named (the inspectors by name, not their ids; the checklist's areas and
results by their labels; a photo without its storage path) in their language; the producer keeps its reports and
the inspectors' reasons, the viewer the page, without the officers' history, as on a dossier."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from supervision import services
from supervision.choices import Outcome, SelectionReason, Severity
from supervision.models import Remedy

from .factories import certificate_for, other_province_inspector, plan_for, png, recorded, with_finding
from .factories import inspector as inspector_of
from .test_remedy_reports import FIRST, REASON, SECOND

pytestmark = pytest.mark.django_db

NEW_DUE = dt.timedelta(days=10)


def _page(client, inspection):
    return client.get(reverse("supervision:inspection_detail", args=[inspection.pk]))


def _section(response, testid: str) -> str:
    """The page from the history card `testid` on (the remedy's comes before the inspection's)."""
    assert response.status_code == 200
    text = response.content.decode()
    assert f'data-testid="{testid}"' in text
    return text.split(f'data-testid="{testid}"')[1]


@pytest.fixture
def remedy(cast):
    """Every act on an inspection and its remedy: scheduled, recorded with a finding and a photo, concluded with a
    remedy; the producer's report rejected with a new deadline, and its second report."""
    inspector = inspector_of(cast)
    inspection = services.inspection_schedule(
        plan=plan_for(cast),
        certificate=certificate_for(cast),
        reason=SelectionReason.NOT_INSPECTED,
        other_reasons=[SelectionReason.EXPIRING],
        inspectors=[inspector, cast.advisory_member],  # two: no change from one to the other
        scheduled_on=timezone.localdate(),
        by=cast.province_officer,
    )
    recorded(cast, inspection, items=with_finding(Severity.MAJOR), by=inspector)
    services.inspection_add_photo(inspection=inspection, by=inspector, upload=png("tem.png"), caption="Tem")
    services.inspection_conclude(
        inspection=inspection,
        by=inspector,
        outcome=Outcome.REMEDY,
        remedy_required="Thay nhãn ghi đúng 4 sao.",
        remedy_due_on=dt.date(2027, 1, 1),
    )
    remedy = Remedy.objects.get(inspection=inspection)
    services.remedy_answer(remedy=remedy, by=cast.producer_owner, answer=FIRST, uploads=[png("nhan-cu.png")])
    services.remedy_review(
        remedy=remedy, by=inspector, accept=False, note=REASON, due_on=timezone.localdate() + NEW_DUE
    )
    services.remedy_answer(remedy=remedy, by=cast.producer_owner, answer=SECOND, uploads=[png("bao-bi.png")])
    return remedy


def test_the_province_officer_reads_the_inspections_history_naming_its_records(cast, login, remedy):
    inspection = remedy.inspection
    inspector = inspector_of(cast)
    history = _section(_page(login(cast.province_officer), inspection), "audit-history")
    # who, when, what: the acts by name, each with its author and moment
    for act in ("Lên lịch kiểm tra", "Ghi biên bản kiểm tra", "Thêm ảnh kiểm tra", "Kết luận kiểm tra"):
        assert f"<strong>{act}</strong>" in history
    assert cast.province_officer.get_full_name() in history and inspector.get_full_name() in history
    assert timezone.localdate().strftime("%d/%m/%Y") in history
    # the moment kept whole beside a long act's name on a phone
    assert '<span class="text-muted text-nowrap ms-2">' + timezone.localdate().strftime("%d/%m/%Y") in history
    # the inspectors by name, the checklist by its areas and results, the deadline labelled, the photo unnamed
    # both inspectors (a list of two read as a change from the one to the other), both reasons by their labels
    assert f"<li>Người kiểm tra: {inspector}, {cast.advisory_member}</li>" in history
    reasons = "Chưa được kiểm tra trong 36 tháng, Sắp hết hạn mà chưa được kiểm tra"
    assert f"<li>Lý do chọn: {reasons}</li>" in history
    assert "<li>Sử dụng nhãn hiệu OCOP (Điều 9.3b): Có phát hiện</li>" in history
    assert "<li>Duy trì các tiêu chí theo hồ sơ đã được đánh giá, phân hạng (Điều 9.3a): Đạt</li>" in history
    assert "<li>Hạn khắc phục: 01/01/2027</li>" in history
    assert "<li>Ảnh: thêm ảnh mới</li>" in history
    for stored in ("inspectors:", "mark:", ": finding", "remedy_due_on", "supervision/", str(inspector.pk) + "<"):
        assert stored not in history


def test_the_remedys_history_has_its_reports_reviews_and_new_deadline(cast, login, remedy):
    inspection = remedy.inspection
    inspector = inspector_of(cast)
    response = _page(login(cast.province_officer), inspection)
    text, section = response.content.decode(), _section(response, "remedy-history")
    # in the remedy's own section, under its own heading
    assert text.index('data-testid="remedy"') < text.index('data-testid="remedy-history"')
    assert "Lịch sử khắc phục" in section
    assert section.count("<strong>Báo cáo khắc phục</strong>") == 2
    assert "<strong>Xem xét kết quả khắc phục</strong>" in section and REASON in section
    assert cast.producer_owner.get_full_name() in section and inspector.get_full_name() in section
    assert "<li>Chấp nhận báo cáo: Không</li>" in section
    assert "<li>Báo cáo trước (chưa được chấp nhận): Báo cáo khắc phục ngày 02/12/2026</li>" in section
    # the rejection moved the deadline: its history says from when to when
    new_due = (timezone.localdate() + NEW_DUE).strftime("%d/%m/%Y")
    assert f"<li>Hạn khắc phục: 01/01/2027 → {new_due}</li>" in section


def test_the_history_reads_in_the_readers_language(cast, login, remedy):
    officer = cast.province_officer
    officer.language = "en"
    officer.save(update_fields=["language"])
    response = _page(login(officer), remedy.inspection)
    history = _section(response, "audit-history")
    assert "<strong>Inspection concluded</strong>" in history and "Kết luận kiểm tra" not in history
    assert "<li>Remedy deadline: 01/01/2027</li>" in history
    assert "<li>Inspectors: " in history and "<li>Use of the OCOP mark (Article 9.3b): Finding</li>" in history
    assert "<li>Photo: new photo added</li>" in history
    section = _section(response, "remedy-history")
    assert "Remedy history" in section and "Lịch sử khắc phục" not in section


@pytest.mark.parametrize("who", ["producer_owner", "viewer"])
def test_the_producer_and_the_viewer_read_the_page_without_the_officers_history(cast, login, remedy, who):
    response = _page(login(getattr(cast, who)), remedy.inspection)
    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-testid="audit-history"' not in text and 'data-testid="remedy-history"' not in text
    # the producer's reports and the inspectors' reason stay on its page
    assert REASON in text


def test_another_province_gets_404_and_a_visitor_the_sign_in(cast, login, remedy):
    assert _page(login(other_province_inspector(cast)), remedy.inspection).status_code == 404
    assert _page(login(cast.outsider), remedy.inspection).status_code == 404
    response = _page(Client(), remedy.inspection)
    assert response.status_code == 302 and "next=" in response["Location"]


def test_the_history_is_no_part_of_the_printed_record(cast, login, remedy):
    text = _page(login(cast.province_officer), remedy.inspection).content.decode()
    for testid in ("audit-history", "remedy-history"):
        assert re.search(rf'<div class="d-print-none">\s*<div class="card mt-3" data-testid="{testid}">', text)
