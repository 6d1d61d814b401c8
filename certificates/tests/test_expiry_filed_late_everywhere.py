"""A re-evaluation filed after the window closed, by the certificate's last day (late, Điều 12.3), reads "filed late"
wherever the expiry watch speaks of the certificate (states.filed_label): the officers' daily digest listed it as
"window missed" while the list said "filed late", and the list's "window missed" tile counted it among the
certificates still to file (now `late_unfiled`, as the window's tile counts `window_unfiled`)."""

import datetime
import re

import pytest
from django.urls import reverse

from certificates.choices import CertificateStatus as S
from certificates.services.expiry import certificates_flag_expiring, renewal_window

from .factories import make_certificate
from .test_expiry_list_in_time import closed, filed  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

LIST = reverse("certificates:expiry_list")
FILED_LATE = (
    "Đã nộp hồ sơ đánh giá lại muộn (sau thời hạn), giấy chứng nhận tiếp tục được sử dụng đến khi có kết quả "
    "(Điều 12.3)"
)
MISSED = "Đã hết thời hạn nộp hồ sơ đánh giá lại"


def test_the_digest_says_filed_late_not_window_missed(cast, mailoutbox, django_capture_on_commit_callbacks):
    valid_until = datetime.date(2029, 8, 5)
    _start, end = renewal_window(valid_until)
    late = make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=valid_until)
    filed(late, end + datetime.timedelta(days=1))  # the day after the window closed: late, by the last day
    missed = make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=valid_until)
    with django_capture_on_commit_callbacks(execute=True):
        certificates_flag_expiring(today=end + datetime.timedelta(days=1))
    digest = next(m for m in mailoutbox if m.subject.startswith("OCOP:") and cast.commune_officer.email in m.to)
    lines = [line for line in digest.body.splitlines() if line.startswith("- ")]
    line_of = {c.number: next(line for line in lines if c.number in line) for c in (late, missed)}
    assert line_of[late.number].startswith(f"- {FILED_LATE}:")
    assert line_of[missed.number].startswith(f"- {MISSED}:")


def test_the_missed_window_tile_counts_only_the_certificates_still_to_file(login, cast, closed):  # noqa: F811
    client = login(cast.commune_officer)
    html = client.get(LIST).content.decode()
    tiles = re.search(r'data-testid="expiry-counts">(.*?)</div>\s*<button', html, re.S).group(1)
    tile = re.search(r'href="([^"]*phase=late[^"]*)"><span[^>]*>(\d+)</span>', tiles)
    assert tile.group(2) == "2"  # not the one filed late since
    opened = client.get(tile.group(1).replace("&amp;", "&")).context["page"].object_list
    assert {c.number for c in opened} == {closed["nothing"].number, closed["withdrawn"].number}
    assert {str(c.phase["label"]) for c in opened} == {"Quá thời hạn nộp hồ sơ (chỉ nộp muộn, Điều 12.3)"}
