"""The producer's home kept showing "Nộp hồ sơ đánh giá lại từ … · đang mở" (a task, in green) after the dossier was
filed: a re-evaluation filed within the window (the expiry list's rule, certificates.selectors.expiry.filed_in_window_q)
turns the line into the dossier's progress, as the expiry list words it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus as S
from certificates.tests.factories import make_certificate, make_registration
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def rows_of(client) -> list[str]:
    section = client.get(reverse("home")).content.decode().split('data-testid="my-certificates"')[1]
    return section.split('data-testid="my-certificate"')[1:]


def test_the_window_is_no_longer_a_task_once_the_reevaluation_is_filed(cast, login):
    today = timezone.localdate()
    valid_until = today + datetime.timedelta(days=150)  # the window is open
    filed = make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=valid_until)
    to_file = make_certificate(
        cast.producer, status=S.RENEWAL_WINDOW, valid_until=valid_until + datetime.timedelta(days=1)
    )
    make_registration(to_file.product, kind="reevaluation", status="draft")  # not filed yet: still a task
    registration = make_registration(filed.product, kind="reevaluation", status="submitted")
    at = timezone.now() - datetime.timedelta(days=2)
    type(registration).objects.filter(pk=registration.pk).update(submitted_at=at, first_submitted_at=at)

    rows = rows_of(login(cast.producer_owner))
    assert len(rows) == 2 and filed.number in rows[0] and to_file.number in rows[1]
    assert 'data-testid="window-open"' not in rows[0] and "text-success" not in rows[0]
    assert "Đã nộp hồ sơ đánh giá lại trong thời hạn, chờ kết quả" in rows[0]
    assert reverse("evaluation:registration_detail", args=[registration.pk]) in rows[0]  # the line follows the dossier
    assert 'data-testid="window-open"' in rows[1]


def test_a_dossier_filed_in_time_and_returned_says_so(cast, login):
    valid_until = timezone.localdate() + datetime.timedelta(days=150)
    certificate = make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=valid_until)
    registration = make_registration(certificate.product, kind="reevaluation", status="returned")
    at = timezone.now() - datetime.timedelta(days=2)
    type(registration).objects.filter(pk=registration.pk).update(submitted_at=at, first_submitted_at=at)
    ProductFactory(producer=cast.producer)
    (row,) = rows_of(login(cast.producer_owner))
    assert "Đã nộp trong thời hạn, bị trả lại để hoàn thiện" in row and 'data-testid="window-open"' not in row


def test_a_dossier_filed_late_says_filed_late_not_the_window(cast, login):
    """Filed after the window closed, by the last day (Điều 12.3): the line reads "filed late" as the expiry list
    does (states.filed_label), not the missed window, and follows the dossier."""
    valid_until = timezone.localdate() + datetime.timedelta(days=90)  # the window closed 30 days ago
    certificate = make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=valid_until)
    registration = make_registration(certificate.product, kind="reevaluation", status="submitted")
    at = timezone.now() - datetime.timedelta(days=2)
    type(registration).objects.filter(pk=registration.pk).update(submitted_at=at, first_submitted_at=at)
    (row,) = rows_of(login(cast.producer_owner))
    assert "Đã nộp hồ sơ đánh giá lại muộn (sau thời hạn)" in row
    assert 'data-testid="window-note"' not in row and "Nộp hồ sơ đánh giá lại từ" not in row
    assert reverse("evaluation:registration_detail", args=[registration.pk]) in row
