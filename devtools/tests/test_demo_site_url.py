"""The demo's certificates print the address the demo is served at: seeded for one address (an earlier `make run`,
another port) and run again with SITE_URL, each rendered certificate gets one new PDF version whose QR code opens
SITE_URL; a further run changes nothing."""

import subprocess

import pytest
from django.urls import reverse

from certificates.tests.factories import issued_decision, result_for
from devtools.demo import certificates_for_site

pytestmark = pytest.mark.django_db


def _scanned(certificate, tmp_path) -> str:
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(certificate.pdf.read())
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    return subprocess.run(
        ["zbarimg", "-q", "--raw", str(tmp_path / "page.png")], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_a_demo_seeded_for_another_address_prints_site_url_once(
    cast, settings, django_capture_on_commit_callbacks, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = ""  # seeded by `make run` on its default address
    with django_capture_on_commit_callbacks(execute=True):
        decision = issued_decision(
            province=cast.province, by=cast.province_officer, results=[result_for(cast.producer)]
        )
    certificate = decision.certificates.get()
    path = reverse("certificates:certificate_verify", args=[certificate.verify_token])
    certificate.refresh_from_db()
    assert _scanned(certificate, tmp_path) == f"http://127.0.0.1:8000{path}"

    settings.SITE_URL = "http://127.0.0.1:9000"  # `make run SITE_URL=http://127.0.0.1:9000 PORT=9000`
    assert certificates_for_site(out=lambda line: None) == 1
    certificate.refresh_from_db()
    assert _scanned(certificate, tmp_path) == f"http://127.0.0.1:9000{path}"
    assert certificate.pdf_site_url == "http://127.0.0.1:9000" and certificate.pdf_versions.count() == 2
    assert certificates_for_site(out=lambda line: None) == 0  # idempotent
    assert certificate.pdf_versions.count() == 2
