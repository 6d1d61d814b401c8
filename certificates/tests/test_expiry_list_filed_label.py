"""A certificate whose re-evaluation is filed and pending reads as filed on the expiry list (its page, the phone card
of each row, the Excel export), whatever phase its dates put it in: in its last 30 days not "expiring soon" (a
warning to act), and filed after the window but by its last day not "late, nothing filed" but filed late, which
keeps the certificate in use while it is decided (Điều 12.3)."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from certificates.choices import CertificateStatus as S
from certificates.services.expiry import renewal_window

from .factories import make_certificate
from .test_expiry_list_in_time import IN_TIME_LABEL, LATE_LABEL, filed

pytestmark = pytest.mark.django_db

LIST = reverse("certificates:expiry_list")
FILED_LATE_LABEL = (
    "Đã nộp hồ sơ đánh giá lại muộn (sau thời hạn), giấy chứng nhận tiếp tục được sử dụng đến khi có kết quả "
    "(Điều 12.3)"
)


def labels_everywhere(client) -> tuple[dict, str, dict]:
    """The rows' labels on the page, the page's HTML (the phone card is the row) and the Excel export's."""
    response = client.get(LIST)
    page = {c.number: str(c.phase["label"]) for c in response.context["page"].object_list}
    sheet = load_workbook(io.BytesIO(client.get(reverse("certificates:expiry_export")).content)).active
    header, *rows = sheet.values
    column = header.index("Tình trạng")
    return page, response.content.decode(), {row[0]: row[column] for row in rows}


def badge(html: str, number: str) -> str:
    row = re.search(r'<tr data-testid="expiry-row">(?:(?!</tr>).)*?' + re.escape(number) + r".*?</tr>", html, re.S)
    return re.search(r'<span class="badge[^"]*">(.*?)</span>', row.group(0)).group(1)


def test_an_expiring_certificate_whose_reevaluation_is_filed_reads_as_filed(login, cast):
    valid_until = timezone.localdate() + datetime.timedelta(days=20)
    start, _end = renewal_window(valid_until)
    in_time = make_certificate(cast.producer, status=S.EXPIRING, valid_until=valid_until)
    filed(in_time, start + datetime.timedelta(days=2))
    nothing = make_certificate(cast.producer, status=S.EXPIRING, valid_until=valid_until)

    page, html, exported = labels_everywhere(login(cast.commune_officer))
    assert page == {in_time.number: IN_TIME_LABEL, nothing.number: "Sắp hết hạn"}
    assert badge(html, in_time.number) == IN_TIME_LABEL
    assert exported == page


def test_a_reevaluation_filed_after_the_window_reads_as_filed_late(login, cast):
    closed_until = timezone.localdate() + datetime.timedelta(days=90)  # the window closed 30 days ago
    late = make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=closed_until)
    filed(late, timezone.localdate() - datetime.timedelta(days=3))
    nothing = make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=closed_until)
    expiring_until = timezone.localdate() + datetime.timedelta(days=20)
    late_expiring = make_certificate(cast.producer, status=S.EXPIRING, valid_until=expiring_until)
    filed(late_expiring, timezone.localdate() - datetime.timedelta(days=1))

    page, html, exported = labels_everywhere(login(cast.commune_officer))
    assert page == {late.number: FILED_LATE_LABEL, nothing.number: LATE_LABEL, late_expiring.number: FILED_LATE_LABEL}
    assert badge(html, late.number) == FILED_LATE_LABEL
    assert exported == page
