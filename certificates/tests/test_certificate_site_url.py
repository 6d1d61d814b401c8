"""Issue 12 item 12: without SITE_URL (development) the QR code and the verification link use the address
the browser used, so a demo served on another port prints codes that open there."""

import hashlib
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


def _scanned(content: bytes, tmp_path) -> str:
    """The address the PDF's QR code opens, as a phone reads it from the printed page."""
    pdf = tmp_path / "scanned.pdf"
    pdf.write_bytes(content)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "scan")], check=True)
    return subprocess.run(
        ["zbarimg", "-q", "--raw", str(tmp_path / "scan.png")], capture_output=True, text=True, check=True
    ).stdout.strip()


def _issued_outside_a_request(cast, django_capture_on_commit_callbacks):
    """A certificate issued and rendered as the demo's seeding does: by a command, outside any request."""
    with django_capture_on_commit_callbacks(execute=True):
        decision = issued_decision(
            province=cast.province, by=cast.province_officer, results=[result_for(cast.producer)]
        )
    certificate = decision.certificates.get()
    certificate.refresh_from_db()
    return certificate


def test_without_site_url_a_seeded_certificate_downloads_with_the_address_being_served(
    cast, client, settings, django_capture_on_commit_callbacks, tmp_path
):
    """The demo seeded by `make run` (no SITE_URL) and served on another port: its certificate's QR code opens the
    address the demo is served at, not the seeding command's http://127.0.0.1:8000. The stored file stays as it
    was (never rewritten by a download)."""
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    certificate = _issued_outside_a_request(cast, django_capture_on_commit_callbacks)
    path = reverse("certificates:certificate_verify", args=[certificate.verify_token])
    assert _scanned(certificate.pdf.read(), tmp_path) == f"http://127.0.0.1:8000{path}"
    stored = (certificate.pdf.name, certificate.pdf_sha256)

    client.force_login(cast.producer_owner)
    url = reverse("certificates:certificate_download", args=[certificate.pk])
    response = client.get(url, HTTP_HOST="127.0.0.1:8765")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert _scanned(b"".join(response), tmp_path) == f"http://127.0.0.1:8765{path}"
    certificate.refresh_from_db()
    assert (certificate.pdf.name, certificate.pdf_sha256) == stored and certificate.pdf_versions.count() == 1
    # Served at the address the file carries, the stored file itself.
    response = client.get(url, HTTP_HOST="127.0.0.1:8000")
    assert response["X-Content-SHA256"] == certificate.pdf_sha256


def test_with_site_url_the_stored_certificate_is_served_byte_identical(
    cast, client, settings, django_capture_on_commit_callbacks, tmp_path
):
    """A real installation prints the configured address once, at issuance: whatever address a later download
    comes from, the file handed out is the one on record (a printed QR code keeps opening what it was printed with)."""
    settings.SITE_URL = "https://ocop.example.vn"
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    certificate = _issued_outside_a_request(cast, django_capture_on_commit_callbacks)
    assert certificate.pdf_site_url == "https://ocop.example.vn"
    client.force_login(cast.producer_owner)
    response = client.get(
        reverse("certificates:certificate_download", args=[certificate.pk]), HTTP_HOST="127.0.0.1:8765"
    )
    content = b"".join(response)
    assert hashlib.sha256(content).hexdigest() == certificate.pdf_sha256 == response["X-Content-SHA256"]
    path = reverse("certificates:certificate_verify", args=[certificate.verify_token])
    assert _scanned(content, tmp_path) == f"https://ocop.example.vn{path}"
