"""A product whose only dossier filed is an upgrade (nâng hạng, Điều 7.5), not a re-evaluation, is "filed" by the
expiry watch's one rule (selectors.expiry.renewal_filed_q: the tiles do not count it among those still to file), so
its row says so, with the dossier's link, as a re-evaluation's row does: it read "in the window to file" (or "window
missed") while the tile beside it had left it out. The Excel export, the officers' digest and the producer's home
read the same label (states.filed_label)."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from certificates.choices import CertificateStatus as S
from certificates.selectors.expiry import expiry_counts
from certificates.services.expiry import certificates_flag_expiring, renewal_window

from .factories import make_certificate, make_registration

pytestmark = pytest.mark.django_db

LIST = reverse("certificates:expiry_list")
UPGRADE_FILED = "Đã nộp hồ sơ nâng hạng (Điều 7.5), chờ kết quả"


def _row(html: str, number: str) -> str:
    return next(row for row in html.split('data-testid="expiry-row"')[1:] if number in row).split("</tr>")[0]


@pytest.mark.parametrize(("days_left", "tile"), [(150, "window_unfiled"), (90, "late_unfiled")])
def test_an_upgrade_filed_reads_filed_on_its_row_with_the_dossier_link(login, cast, days_left, tile):
    valid_until = timezone.localdate() + datetime.timedelta(days=days_left)
    upgraded, untouched = (
        make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=valid_until) for _ in "ab"
    )
    upgrade = make_registration(upgraded.product, kind="upgrade", status="submitted")
    assert expiry_counts(user=cast.commune_officer)[tile] == 1  # the tile: filed, not to chase
    client = login(cast.commune_officer)
    response = client.get(LIST)
    labels = {c.number: str(c.phase["label"]) for c in response.context["page"].object_list}
    assert labels[upgraded.number] == UPGRADE_FILED
    assert labels[untouched.number] != UPGRADE_FILED
    row = _row(response.content.decode(), upgraded.number)
    assert UPGRADE_FILED in row and "Hồ sơ nâng hạng" in row
    assert reverse("evaluation:registration_detail", args=[upgrade.pk]) in row

    sheet = load_workbook(io.BytesIO(client.get(reverse("certificates:expiry_export")).content)).active
    header, *rows = sheet.values
    exported = {row[0]: row[header.index("Tình trạng")] for row in rows}
    assert exported[upgraded.number] == UPGRADE_FILED


def test_a_draft_upgrade_is_not_filed(login, cast):
    certificate = make_certificate(
        cast.producer, status=S.RENEWAL_WINDOW, valid_until=timezone.localdate() + datetime.timedelta(days=150)
    )
    make_registration(certificate.product, kind="upgrade", status="draft")
    [row] = login(cast.commune_officer).get(LIST).context["page"].object_list
    assert str(row.phase["label"]) == "Trong thời hạn nộp hồ sơ đánh giá lại"


def test_the_digest_says_the_upgrade_is_filed_not_window_missed(cast, mailoutbox, django_capture_on_commit_callbacks):
    valid_until = datetime.date(2029, 8, 5)
    _start, end = renewal_window(valid_until)
    certificate = make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=valid_until)
    make_registration(certificate.product, kind="upgrade", status="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        certificates_flag_expiring(today=end + datetime.timedelta(days=1))  # the window closed
    digest = next(m for m in mailoutbox if m.subject.startswith("OCOP:") and cast.commune_officer.email in m.to)
    [line] = [line for line in digest.body.splitlines() if line.startswith("- ") and certificate.number in line]
    assert line.startswith(f"- {UPGRADE_FILED}:")


def test_the_producer_home_links_the_upgrade_filed(login, cast):
    certificate = make_certificate(
        cast.producer, status=S.RENEWAL_WINDOW, valid_until=timezone.localdate() + datetime.timedelta(days=150)
    )
    upgrade = make_registration(certificate.product, kind="upgrade", status="submitted")
    html = login(cast.producer_owner).get(reverse("home")).content.decode()
    line = html.split('data-testid="reevaluation-filed"')[1].split("</div>")[0]
    assert UPGRADE_FILED in line
    assert reverse("evaluation:registration_detail", args=[upgrade.pk]) in line
