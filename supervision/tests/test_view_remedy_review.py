"""The inspectors' review of a remedy's report, on the inspection's page: a refusal shows beside its field, in the
same answer as the others, and what the inspector typed (the reason, the new deadline) stays in the form."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from supervision import services
from supervision.choices import RemedyStatus

from .test_outcomes import remedied

pytestmark = pytest.mark.django_db

REASON = "Ảnh chưa cho thấy nhãn mới trên bao bì; gửi ảnh bao bì thực tế."


def answered(cast):
    inspection = remedied(cast)
    services.remedy_answer(remedy=inspection.remedy, by=cast.producer_owner, answer="Đã in lại nhãn 4 sao.")
    return inspection.remedy


def review(cast, login, remedy, data):
    client = login(remedy.inspection.inspectors.first())
    return client.post(reverse("supervision:remedy_review", args=[remedy.pk]), data)


def test_it_refuses_a_wrong_new_deadline_beside_it_and_keeps_the_reason(cast, login):
    """The form's refusal of a date that does not exist was reported as "choose accept or reject" (the inspector had
    chosen), at the top of a page that had emptied the reason typed."""
    remedy = answered(cast)
    response = review(cast, login, remedy, {"decision": "reject", "note": REASON, "due_on": "31/02/2027"})
    assert response.status_code == 400
    form = response.context["review_form"]
    assert list(form.errors) == ["due_on"]
    page = response.content.decode()
    assert "Chọn chấp nhận hoặc chưa chấp nhận." not in page
    assert REASON in page and 'value="31/02/2027"' in page
    remedy.refresh_from_db()
    assert remedy.status == RemedyStatus.ANSWERED and remedy.review_note == ""


def test_it_refuses_a_rejection_without_its_reason_and_a_past_deadline_at_once(cast, login):
    remedy = answered(cast)
    past = timezone.localdate() - dt.timedelta(days=1)
    response = review(cast, login, remedy, {"decision": "reject", "note": " ", "due_on": f"{past:%d/%m/%Y}"})
    assert response.status_code == 400
    errors = response.context["review_form"].errors
    assert errors["note"] == ["Ghi lý do chưa chấp nhận để chủ thể khắc phục tiếp."]
    assert errors["due_on"] == [f"Hạn mới phải sau hôm nay ({timezone.localdate():%d/%m/%Y})."]
    assert f'value="{past:%d/%m/%Y}"' in response.content.decode()
    remedy.refresh_from_db()
    assert remedy.status == RemedyStatus.ANSWERED


def test_it_records_a_rejection_with_its_reason_and_new_deadline(cast, login):
    remedy = answered(cast)
    due = timezone.localdate() + dt.timedelta(days=20)
    response = review(cast, login, remedy, {"decision": "reject", "note": REASON, "due_on": f"{due:%d/%m/%Y}"})
    assert response.status_code == 302
    remedy.refresh_from_db()
    assert (remedy.status, remedy.review_note, remedy.due_on) == (RemedyStatus.OPEN, REASON, due)
