"""D26 Điều 7.6g: "Thời gian tổ chức đánh giá, phân hạng lại sản phẩm OCOP không quá 45 ngày kể từ ngày nhận đủ hồ sơ
đề nghị của UBND cấp xã hoặc UBND cấp tỉnh" — a due date, an overdue flag, one notice and a home-page line, like the
commune's 15 working days (Điều 7.2)."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as S
from evaluation.selectors.registrations import registration_counts_for_home
from evaluation.services.notices import registrations_notify_overdue
from evaluation.services.workflow import reevaluation_clock
from evaluation.tests.factories import registration_in
from ocop.models import AuditEvent, Notification

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 14)


def test_it_counts_45_calendar_days_from_the_complete_dossier_and_only_for_re_evaluations(cast):
    reevaluation = registration_in(cast, status=S.SUBMITTED, kind=K.REEVALUATION)
    first = registration_in(cast, status=S.SUBMITTED)
    assert reevaluation_clock(reevaluation, today=dt.date(2026, 12, 1)) == {
        "reevaluation_due_on": dt.date(2027, 1, 15),  # 45 days: 30 in December + 15
        "reevaluation_overdue_notified_at": None,
    }
    assert reevaluation_clock(first, today=dt.date(2026, 12, 1)) == {}


def test_it_sets_the_due_date_when_the_province_receives_the_dossier(cast):
    from evaluation.models import CommuneReport
    from evaluation.services.transitions import registration_forward

    registration = registration_in(cast, status=S.SUBMITTED, kind=K.REEVALUATION, name="Miến dong đánh giá lại")
    CommuneReport.objects.create(
        registration=registration,
        proposal="forward",
        dossier_complete=True,
        name_consistent=True,
        samples_received=5,
        letter_number="125/UBND-NN",
        letter_date="2026-12-02",
    )
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC), tick=False):
        registration_forward(registration=registration, by=cast.commune_officer)
    registration.refresh_from_db()
    assert registration.reevaluation_due_on == dt.date(2027, 1, 15)


def test_it_flags_notifies_once_and_counts_an_overdue_re_evaluation(cast, django_capture_on_commit_callbacks):
    late = registration_in(
        cast, status=S.READY_FOR_COUNCIL, kind=K.REEVALUATION, name="Chè quá hạn", reevaluation_due_on=TODAY
    )
    registration_in(cast, status=S.DECIDED, kind=K.REEVALUATION, name="Đã quyết định", reevaluation_due_on=TODAY)
    registration_in(cast, status=S.ADVISORY_REVIEW, kind=K.REEVALUATION, name="Đang xem xét", reevaluation_due_on=TODAY)
    tomorrow = TODAY + dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert registrations_notify_overdue(today=tomorrow) == 2  # the decided re-evaluation is over
    assert registrations_notify_overdue(today=tomorrow) == 0  # a rerun sends nothing more
    notices = Notification.objects.filter(message__contains="Chè quá hạn")
    assert notices.filter(user=cast.province_officer, message__contains="Điều 7.6g").count() == 1
    assert AuditEvent.objects.filter(action="registration.reevaluation_overdue", target_id=str(late.pk)).count() == 1
    with time_machine.travel(dt.datetime(2026, 12, 15, 9, tzinfo=dt.UTC), tick=False):
        late.refresh_from_db()
        assert late.is_reevaluation_overdue
        assert registration_counts_for_home(user=cast.province_officer)["reevaluation_overdue"] == 2


def test_it_shows_the_due_date_and_the_overdue_mark_on_the_dossier_and_the_home_page(cast, login):
    late = registration_in(
        cast, status=S.READY_FOR_COUNCIL, kind=K.REEVALUATION, reevaluation_due_on=dt.date(2026, 1, 2)
    )
    client = login(cast.province_officer)
    page = client.get(reverse("evaluation:registration_detail", args=[late.pk])).content.decode()
    due = page[page.index('data-testid="reevaluation-due"') :]
    assert "02/01/2026" in due[:200] and "Quá hạn" in due[:300]
    home = client.get(reverse("home")).content.decode()
    assert "Đánh giá lại quá 45 ngày (Điều 7.6g)" in home
    listing = client.get(reverse("evaluation:registration_list") + "?overdue=reevaluation").content.decode()
    assert 'data-reevaluation-overdue="1"' in listing


def test_the_home_counts_read_only_the_dossiers_under_way(cast):
    """Every home-page count is of dossiers in a few statuses: the query reads those through the status index
    (WHERE status IN …), not the country's ten years of dossiers (126 ms on the ministry's home page)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from evaluation.selectors.registrations import registration_counts_for_home

    with CaptureQueriesContext(connection) as captured:
        registration_counts_for_home(user=cast.central_officer)
    (sql,) = [q["sql"] for q in captured.captured_queries]
    where = sql.split(" WHERE ", 1)[1] if " WHERE " in sql else ""
    assert '"evaluation_registration"."status" IN (' in where
