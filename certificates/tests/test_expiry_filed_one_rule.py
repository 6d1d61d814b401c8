"""One rule of "filed" in the expiry watch (selectors.expiry.renewal_filed_q). A re-evaluation filed by the certificate's
last day and back with its producer to complete is filed: the filing day is its first submission (Điều 7.6a), and a
return is not the authority's result, so the certificate stays in use past its expiry (Điều 12.3). The row reads
"filed late (or in time), returned to complete"; the tiles "… chưa nộp hồ sơ" and the "Đã nộp hồ sơ" filter they open
must not count it among those still to file, and the producer is not told to file any more, neither by the notices
of the window's steps nor on the home page: all of them ask the same rule."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus as S
from certificates.choices import NoticeKind
from certificates.models import CertificateNotice
from certificates.selectors.expiry import expiry_counts
from certificates.services.expiry import certificates_flag_expiring, renewal_window

from .factories import make_certificate, make_registration
from .test_expiry_list_in_time import filed

pytestmark = pytest.mark.django_db

LIST = reverse("certificates:expiry_list")
FILED_LATE_RETURNED = "Đã nộp muộn (Điều 12.3), bị trả lại để hoàn thiện"
FILED_IN_TIME_RETURNED = "Đã nộp trong thời hạn, bị trả lại để hoàn thiện"


def _tile(client, phase: str) -> tuple[int, list[str]]:
    """The count of the list's tile for `phase` and the numbers of the rows it opens."""
    html = client.get(LIST).content.decode()
    tiles = re.search(r'data-testid="expiry-counts">(.*?)</div>\s*<button', html, re.S).group(1)
    tile = re.search(rf'href="([^"]*phase={phase}[^"]*)"><span[^>]*>(\d+)</span>', tiles)
    opened = client.get(tile.group(1).replace("&amp;", "&")).context["page"].object_list
    return int(tile.group(2)), sorted(c.number for c in opened)


def test_a_late_dossier_returned_to_complete_is_filed_on_the_tiles_as_on_its_row(login, cast):
    valid_until = timezone.localdate() + datetime.timedelta(days=90)  # the window closed 30 days ago
    _start, end = renewal_window(valid_until)
    returned, missed = (make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=valid_until) for _ in "ab")
    filed(returned, end + datetime.timedelta(days=5), status="returned")  # late, then back with the producer
    client = login(cast.commune_officer)
    labels = {c.number: str(c.phase["label"]) for c in client.get(LIST).context["page"].object_list}
    assert labels[returned.number] == FILED_LATE_RETURNED
    assert _tile(client, "late") == (1, [missed.number])
    assert expiry_counts(user=cast.commune_officer)["late_unfiled"] == 1
    assert [c.number for c in client.get(LIST, {"dossier": "true"}).context["page"].object_list] == [returned.number]


def test_a_dossier_filed_in_the_window_and_returned_is_filed_on_the_window_tile(login, cast):
    valid_until = timezone.localdate() + datetime.timedelta(days=150)  # the window is open
    start, _end = renewal_window(valid_until)
    returned, untouched = (
        make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=valid_until) for _ in "ab"
    )
    filed(returned, start, status="returned")
    client = login(cast.commune_officer)
    labels = {c.number: str(c.phase["label"]) for c in client.get(LIST).context["page"].object_list}
    assert labels[returned.number] == FILED_IN_TIME_RETURNED
    assert _tile(client, "window") == (1, [untouched.number])


def test_the_producer_is_not_told_the_window_closed_once_a_late_dossier_is_back_to_complete(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    valid_until = datetime.date(2029, 8, 5)
    _start, end = renewal_window(valid_until)
    certificate = make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=valid_until)
    # Filed late, and returned to complete before the night's sweep first saw the window closed (a missed night).
    filed(certificate, end + datetime.timedelta(days=3), status="returned")
    with django_capture_on_commit_callbacks(execute=True):
        certificates_flag_expiring(today=end + datetime.timedelta(days=5))
    notice = CertificateNotice.objects.get(certificate=certificate, kind=NoticeKind.WINDOW_CLOSED)
    assert notice.sent_at is not None and notice.recipients == ""  # recorded for the officers, not sent
    assert [m for m in mailoutbox if not m.subject.startswith("OCOP:") and certificate.number in m.subject] == []


def test_the_producer_home_asks_the_officers_rule_whether_to_file_now(login, cast):
    # A dossier of the product filed (an upgrade, Điều 7.5): the officers' list counts the certificate as filed, so
    # the producer's home does not say "file now" for it either.
    valid_until = timezone.localdate() + datetime.timedelta(days=150)
    upgraded, untouched = (
        make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=valid_until) for _ in "ab"
    )
    make_registration(upgraded.product, kind="upgrade", status="submitted")
    assert expiry_counts(user=cast.commune_officer)["window_unfiled"] == 1
    html = login(cast.producer_owner).get(reverse("home")).content.decode()
    section = html.split('data-testid="my-certificates"')[1]
    rows = {c.number: row for c in (upgraded, untouched) for row in section.split("<li") if c.number in row}
    assert 'data-testid="window-open"' not in rows[upgraded.number]
    assert 'data-testid="window-open"' in rows[untouched.number]
