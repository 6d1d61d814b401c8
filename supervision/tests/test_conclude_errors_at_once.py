"""The conclude page says every wrong field in its first answer: a conclusion date the form cannot read does not
hide, until the next submit, what the conclusion's rules (inspection_conclusion_check) say of the rest. What was typed
stays, and nothing is concluded."""

import pytest
from django.urls import reverse

from supervision.choices import InspectionStatus, Outcome, Severity
from supervision.models import Remedy

from .factories import recorded, with_finding

pytestmark = pytest.mark.django_db


def test_an_unreadable_date_and_a_remedy_with_nothing_to_put_right_are_refused_at_once(cast, login):
    inspection = recorded(cast, items=with_finding(Severity.MINOR))
    post = {"outcome": Outcome.REMEDY, "concluded_on": "31/02/2026", "remedy_required": "", "remedy_due_on": ""}
    response = login(inspection.inspectors.first()).post(
        reverse("supervision:inspection_conclude", args=[inspection.pk]), post
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["concluded_on"] == [
        "Ngày kết luận: không có ngày “31/02/2026”, tháng 2/2026 chỉ có ngày 1 đến ngày 28. Nhập theo dạng dd/mm/yyyy (ngày/tháng/năm), ví dụ 15/03/2026."
    ]
    assert form.errors["remedy_required"] == ["Ghi nội dung phải khắc phục."]
    assert 'value="31/02/2026"' in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.IN_PROGRESS and not Remedy.objects.exists()


def test_an_empty_date_and_a_compliant_conclusion_of_a_heavy_finding_are_refused_at_once(cast, login):
    inspection = recorded(cast, items=with_finding(Severity.MAJOR))
    response = login(inspection.inspectors.first()).post(
        reverse("supervision:inspection_conclude", args=[inspection.pk]),
        {"outcome": Outcome.COMPLIANT, "concluded_on": ""},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["concluded_on"] == ["Trường này là bắt buộc."]
    assert form.errors["outcome"] == ["Có phát hiện mức nặng: không thể kết luận đạt."]
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.IN_PROGRESS
