"""What the one-click re-evaluation says once it has made (or found) the dossier. It said "made from the last dossier"
every time: also for an old certificate recorded without any dossier in the system, whose draft starts empty (no
self-assessment, no documents), and for a second click that made nothing and opened the dossier already there."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus as S
from evaluation.tests.factories import criteria_version

from .factories import make_certificate, make_product, make_registration

pytestmark = pytest.mark.django_db

FROM_PREVIOUS = "từ hồ sơ lần trước"


@pytest.fixture(autouse=True)
def _criteria_in_force(db):
    criteria_version()


def _start(client, certificate) -> str:
    response = client.post(reverse("certificates:certificate_start_reevaluation", args=[certificate.pk]), follow=True)
    assert response.redirect_chain[0][1] == 302
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def _certificate(cast, *, with_dossier: bool):
    product = make_product(cast.producer)
    previous = make_registration(product, kind="first", status="decided") if with_dossier else None
    return make_certificate(
        cast.producer,
        product=product,
        registration=previous,
        status=S.RENEWAL_WINDOW,
        valid_until=timezone.localdate() + datetime.timedelta(days=150),
    )


def test_it_says_a_dossier_was_copied_only_when_one_was(cast, login):
    client = login(cast.producer_owner)
    assert FROM_PREVIOUS in _start(client, _certificate(cast, with_dossier=True))


def test_an_old_certificate_without_a_dossier_gets_an_empty_draft_said_so(cast, login):
    said = _start(login(cast.producer_owner), _certificate(cast, with_dossier=False))
    assert FROM_PREVIOUS not in said
    assert "Đã lập hồ sơ đánh giá lại" in said and "Mẫu 02" in said


def test_a_second_click_opens_the_dossier_already_there(cast, login):
    client = login(cast.producer_owner)
    certificate = _certificate(cast, with_dossier=True)
    _start(client, certificate)
    said = _start(client, certificate)
    assert "Đã lập" not in said
    assert "đã có hồ sơ" in said
