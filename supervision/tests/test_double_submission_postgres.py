"""Two parallel sendings of one ad hoc inspection or one complaint on PostgreSQL with real parallel connections:
one record and a clear message, never two identical rows."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from ocop.testing import race_in_parallel
from supervision import services
from supervision.models import Complaint, Inspection

from .factories import certificate_for, inspector

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TEXT = "Sản phẩm bày bán ở chợ dùng nhãn 5 sao, giấy chứng nhận ghi 4 sao."


def test_two_parallel_ad_hoc_inspections_of_one_certificate_end_in_one(cast):
    certificate = certificate_for(cast)
    who = inspector(cast)

    def open_ad_hoc():
        services.inspection_open_ad_hoc(
            certificate=certificate,
            reason="agency",
            detail="Chi cục Quản lý thị trường: nhãn ghi sai hạng sao.",
            inspectors=[who],
            scheduled_on=timezone.localdate(),
            by=cast.province_officer,
        )

    first, second = race_in_parallel(open_ad_hoc, open_ad_hoc)
    assert connection.vendor == "postgresql"
    assert first is None
    assert isinstance(second, ValidationError) and "chưa kết luận" in second.messages[0]
    assert Inspection.objects.filter(certificate=certificate).count() == 1


def test_two_parallel_identical_complaints_end_in_one(cast):
    product = certificate_for(cast).product
    token = uuid.uuid4()  # one form sent twice

    def submit():
        services.complaint_submit(
            product=product, text=TEXT, name="Lê Văn An", contact="0912 345 678", submission=token
        )

    first, second = race_in_parallel(submit, submit)
    assert first is None
    assert isinstance(second, ValidationError) and "đã được ghi nhận" in second.messages[0]
    assert Complaint.objects.filter(product=product).count() == 1
