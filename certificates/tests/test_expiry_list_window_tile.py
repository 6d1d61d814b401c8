"""The expiry list's "in the window" count tile counts the certificates still to file, as the home page's tile does
(window_unfiled: dossier_filed_q), and opens exactly those: one whose re-evaluation is filed is no task any more."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus as S

from .factories import make_certificate
from .test_expiry_list_in_time import filed

pytestmark = pytest.mark.django_db

LIST = reverse("certificates:expiry_list")


def test_the_window_tile_counts_only_the_certificates_still_to_file(login, cast):
    valid_until = timezone.localdate() + datetime.timedelta(days=150)  # the window is open
    done = make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=valid_until)
    filed(done, timezone.localdate() - datetime.timedelta(days=2))
    todo = make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=valid_until)

    client = login(cast.commune_officer)
    html = client.get(LIST).content.decode()
    tiles = re.search(r'data-testid="expiry-counts">(.*?)</div>\s*<button', html, re.S).group(1)
    tile = re.search(r'href="([^"]*phase=window[^"]*)"><span[^>]*>(\d+)</span>', tiles)
    assert tile.group(2) == "1"
    opened = client.get(tile.group(1).replace("&amp;", "&")).context["page"].object_list
    assert {c.number for c in opened} == {todo.number}
