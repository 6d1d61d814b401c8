"""On a phone the expiry list is a stack of cards (.table-stack, static/css/ocop.css). What a producer most needs there
is until when the re-evaluation dossier may be filed (Điều 7.6a): the card must carry the window's dates, labelled,
not hide them below the md breakpoint as it did (the status said "in the filing window" and never until when)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus as S

from .factories import make_certificate

pytestmark = pytest.mark.django_db


def test_it_shows_the_filing_window_on_a_phone_card(cast, login):
    valid_until = timezone.localdate() + datetime.timedelta(days=150)
    make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=valid_until)
    body = login(cast.producer_owner).get(reverse("certificates:expiry_list")).content.decode()
    cell = re.search(r'<td[^>]*data-testid="expiry-window"[^>]*>(.*?)</td>', body)
    assert cell is not None
    assert "d-none" not in cell.group(0)  # shown at every width
    assert 'data-label="Thời hạn nộp"' in cell.group(0)  # the card's label for it
    start, end = valid_until - datetime.timedelta(days=180), valid_until - datetime.timedelta(days=120)
    assert cell.group(1) == f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"
