"""Issue 12 item 11: after thu hồi (D26 Điều 8) a certificate's download carries a clear "ĐÃ THU HỒI" mark
with the revoking decision and its date; the original file stays stored, unchanged (same hash)."""

import hashlib
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.choices import RevocationGround
from certificates.tests.factories import issued_decision, result_for, revoke_with_four_eyes

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        decision = issued_decision(
            province=cast.province,
            by=cast.province_officer,
            results=[result_for(cast.producer, name="Miến dong Bình Liêu")],
        )
    c = decision.certificates.get()
    c.refresh_from_db()
    return c


def _text(response, tmp_path) -> str:
    path = tmp_path / "download.pdf"
    path.write_bytes(response.getvalue())
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _revoke(certificate, by, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        revoke_with_four_eyes(
            certificate=certificate,
            by=by,
            ground=RevocationGround.STOPPED_PRODUCTION,
            decision_number="88/QĐ-UBND",
            decision_date=timezone.localdate(),
        )
    certificate.refresh_from_db()


def test_a_live_certificate_downloads_without_the_mark(login, cast, certificate, tmp_path):
    response = login(cast.producer_owner).get(reverse("certificates:certificate_download", args=[certificate.pk]))
    assert "ĐÃ THU HỒI" not in _text(response, tmp_path)


def test_a_revoked_certificate_downloads_with_the_mark_the_decision_and_the_date(
    login, cast, certificate, tmp_path, django_capture_on_commit_callbacks
):
    stored_name, stored_sha = certificate.pdf.name, certificate.pdf_sha256
    _revoke(certificate, cast.province_officer, django_capture_on_commit_callbacks)
    for user in (cast.producer_owner, cast.province_officer):
        response = login(user).get(reverse("certificates:certificate_download", args=[certificate.pk]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert "DA-THU-HOI" in response["Content-Disposition"]
        text = " ".join(_text(response, tmp_path).split())
        assert "ĐÃ THU HỒI" in text
        assert "88/QĐ-UBND" in text and timezone.localdate().strftime("%d/%m/%Y") in text
        assert "điểm đ khoản 1 Điều 8" in text
        assert "Miến dong Bình Liêu" in text  # still the certificate as issued
    # The original stays stored, unchanged, for the record.
    certificate.refresh_from_db()
    assert (certificate.pdf.name, certificate.pdf_sha256) == (stored_name, stored_sha)
    with certificate.pdf.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == stored_sha


def test_outsiders_still_get_404_for_a_revoked_one(login, cast, certificate, django_capture_on_commit_callbacks):
    _revoke(certificate, cast.province_officer, django_capture_on_commit_callbacks)
    url = reverse("certificates:certificate_download", args=[certificate.pk])
    assert login(cast.outsider).get(url).status_code == 404
