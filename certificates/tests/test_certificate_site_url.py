"""Issue 12 item 12: without SITE_URL (development) the QR code and the verification link use the address
the browser used, so a demo served on another port prints codes that open there."""

import subprocess

import pytest
from django.urls import reverse

from certificates.tests.factories import issued_decision, result_for

pytestmark = pytest.mark.django_db


def test_a_certificate_issued_on_another_port_carries_that_address(
    cast, client, settings, django_capture_on_commit_callbacks, tmp_path
):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    from ocop.site import RequestSiteMiddleware

    # The certificates are rendered on commit while the issuing request is being served.
    def issue(request):
        with django_capture_on_commit_callbacks(execute=True):
            return issued_decision(
                province=cast.province, by=cast.province_officer, results=[result_for(cast.producer)]
            )

    from django.test import RequestFactory

    decision = RequestSiteMiddleware(issue)(RequestFactory().get("/", HTTP_HOST="127.0.0.1:8765"))
    certificate = decision.certificates.get()
    certificate.refresh_from_db()
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(certificate.pdf.read())
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    scanned = subprocess.run(
        ["zbarimg", "-q", "--raw", str(tmp_path / "page.png")], capture_output=True, text=True, check=True
    ).stdout.strip()
    path = reverse("certificates:certificate_verify", args=[certificate.verify_token])
    assert scanned == f"http://127.0.0.1:8765{path}"

    client.force_login(cast.province_officer)
    page = client.get(reverse("certificates:certificate_detail", args=[certificate.pk]), HTTP_HOST="127.0.0.1:8765")
    assert f"http://127.0.0.1:8765{path}" in page.content.decode()


def test_with_site_url_the_configured_address_is_printed(cast, client, settings):
    settings.SITE_URL = "https://ocop.example.vn"
    from certificates.services.certificates import certificate_verify_url
    from certificates.tests.factories import CertificateFactory

    certificate = CertificateFactory(product=result_for(cast.producer).registration.product)
    assert certificate_verify_url(certificate).startswith("https://ocop.example.vn/")
