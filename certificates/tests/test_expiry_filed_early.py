"""A re-evaluation filed before its certificate's window opened (Điều 7.6a: "không sớm hơn 180 ngày") and still
pending is not a late filing: the filing refuses it today (reevaluation_window_error), but a dossier on record so
(written by another path, or before that refusal) reads "filed before the window", not "filed late (after the
window)", on the expiry list and the producer's home (states.filed_label). One filed late still reads late."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus as S
from certificates.services.expiry import renewal_window

from .factories import make_certificate
from .test_expiry_list_in_time import filed

pytestmark = pytest.mark.django_db

LIST = reverse("certificates:expiry_list")
EARLY = "Đã nộp hồ sơ đánh giá lại trước thời hạn nộp (Điều 7.6a), chờ kết quả"
LATE = (
    "Đã nộp hồ sơ đánh giá lại muộn (sau thời hạn), giấy chứng nhận tiếp tục được sử dụng đến khi có kết quả "
    "(Điều 12.3)"
)


@pytest.mark.parametrize("days_left", [90, 150])  # the window closed, and still open
def test_a_dossier_filed_before_the_window_opened_does_not_read_late(login, cast, days_left):
    valid_until = timezone.localdate() + datetime.timedelta(days=days_left)
    start, end = renewal_window(valid_until)
    early, late = (make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=valid_until) for _ in "ab")
    filed(early, start - datetime.timedelta(days=5))
    if days_left < 120:
        filed(late, end + datetime.timedelta(days=1))
    labels = {
        c.number: str(c.phase["label"]) for c in login(cast.commune_officer).get(LIST).context["page"].object_list
    }
    assert labels[early.number] == EARLY
    if days_left < 120:
        assert labels[late.number] == LATE
    home = login(cast.producer_owner).get(reverse("home")).content.decode()
    assert EARLY in home and "nộp muộn (sau thời hạn)" not in home.split(early.number)[1].split("</li>")[0]
