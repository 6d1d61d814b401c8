"""`/xac-minh/`: a buyer types a certificate's number and reaches its verification page, or is told that no
certificate has it; the number's case and surrounding spaces do not matter; throttled with the verification page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from certificates.tests.factories import CertificateFactory, DecisionFactory

from .factories import certified

pytestmark = pytest.mark.django_db

URL = reverse("portal:certificate_lookup")


@pytest.fixture
def certificate(cast):
    product = certified(cast.producer, name="Miến dong Tài Hoan")
    certificate = product.certificates.get()
    Certificate.objects.filter(pk=certificate.pk).update(number="101/GCN-TN")
    certificate.refresh_from_db()
    return certificate


def verify_url(c):
    return reverse("certificates:certificate_verify", args=[c.verify_token])


def test_the_empty_form_is_shown_and_linked_from_the_public_pages(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert 'name="number"' in response.content.decode()
    landing = client.get(reverse("home")).content.decode()
    assert f'href="{URL}"' in landing


@pytest.mark.parametrize("typed", ["101/GCN-TN", "101/gcn-tn", "  101/Gcn-Tn  "])
def test_a_number_leads_to_its_verification_page(client, certificate, typed):
    response = client.get(URL, {"number": typed})
    assert response.status_code == 302 and response["Location"] == verify_url(certificate)


def test_an_unknown_number_is_said_next_to_the_field_and_kept(client, certificate):
    response = client.get(URL, {"number": "999/GCN-TN"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "Không có giấy chứng nhận OCOP nào mang số “999/GCN-TN”" in form.errors["number"][0]
    body = response.content.decode()
    assert 'value="999/GCN-TN"' in body and "nhãn OCOP có thể là giả" in body


def test_an_empty_number_is_required(client):
    response = client.get(URL, {"number": "   "})
    assert response.status_code == 200 and "number" in response.context["form"].errors


def test_historic_certificates_sharing_a_number_are_listed(client, cast, certificate):
    other = CertificateFactory(
        product=certificate.product,
        number="101/GCN-TN",
        decision=DecisionFactory(date=timezone.localdate() - datetime.timedelta(days=2000)),
        status="expired",
        is_historic=True,
    )
    response = client.get(URL, {"number": "101/gcn-tn"})
    assert response.status_code == 200
    body = response.content.decode()
    assert verify_url(certificate) in body and verify_url(other) in body


def test_lookups_share_the_verification_pages_limit(client, certificate, settings, time_machine):
    from django.core.cache import cache

    time_machine.move_to(timezone.now(), tick=False)  # one rate window for every request
    cache.clear()
    settings.VERIFY_RATE = "3/m"
    assert client.get(URL, {"number": "1/X"}, REMOTE_ADDR="10.3.0.1").status_code == 200
    assert client.get(URL, {"number": "2/X"}, REMOTE_ADDR="10.3.0.1").status_code == 200
    assert client.get(verify_url(certificate), REMOTE_ADDR="10.3.0.1").status_code == 200
    limited = client.get(URL, {"number": "101/GCN-TN"}, REMOTE_ADDR="10.3.0.1")
    assert limited.status_code == 429 and 'data-testid="rate-limited"' in limited.content.decode()
    assert client.get(URL, {"number": "101/GCN-TN"}, REMOTE_ADDR="10.3.0.2").status_code == 302


def test_post_is_405(client):
    assert client.post(URL, {"number": "101/GCN-TN"}).status_code == 405
