"""A historic certificate's signed, stamped scan is kept with the SHA-256 of the file as uploaded: on its page, on
its decision's page and with the download; scans recorded before are given theirs by certificates 0027."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certificates.choices import IssuerLevel
from certificates.models import Certificate
from certificates.tests.factories import CertificateFactory, DecisionFactory, historic_certificate
from ocop.models import AuditEvent
from ocop.testing import migration_run
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

CONTENT = b"%PDF-1.4 the old certificate, signed and stamped"
SHA = hashlib.sha256(CONTENT).hexdigest()


def record(cast, **kw):
    return historic_certificate(cast, **kw)


def test_it_keeps_the_hash_of_the_scan_as_uploaded(cast):
    certificate = record(cast, scan=SimpleUploadedFile("gcn.pdf", CONTENT, content_type="application/pdf"))
    certificate.refresh_from_db()
    assert certificate.scan_sha256 == SHA
    with certificate.scan.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == SHA
    audit = AuditEvent.objects.get(action="certificate.record_historic")
    assert audit.changes["scan_sha256"] == SHA


def test_without_a_scan_there_is_no_scan_hash(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = record(cast)
    certificate.refresh_from_db()
    assert certificate.scan_sha256 == "" and certificate.pdf_sha256


def test_the_pages_and_the_download_show_it(login, cast):
    certificate = record(cast, scan=SimpleUploadedFile("gcn.pdf", CONTENT, content_type="application/pdf"))
    client = login(cast.province_officer)
    page = client.get(reverse("certificates:certificate_detail", args=[certificate.pk]))
    assert f'data-testid="scan-sha256">{SHA}<' in page.content.decode()
    page = client.get(reverse("certificates:decision_detail", args=[certificate.decision_id]))
    assert f'data-testid="scan-sha256">{SHA}<' in page.content.decode()
    response = client.get(reverse("certificates:certificate_download", args=[certificate.pk]))
    assert response.status_code == 200 and response["X-Content-SHA256"] == SHA


def test_the_backfill_hashes_the_scans_recorded_before(cast):
    decision = DecisionFactory(issuer_level=IssuerLevel.DISTRICT, is_historic=True)
    scanned = CertificateFactory(product=ProductFactory(producer=cast.producer), decision=decision, is_historic=True)
    scanned.scan.save("old.pdf", ContentFile(CONTENT), save=False)
    Certificate.objects.filter(pk=scanned.pk).update(scan=scanned.scan.name, scan_sha256="")
    lost = CertificateFactory(product=ProductFactory(producer=cast.producer), decision=decision, is_historic=True)
    Certificate.objects.filter(pk=lost.pk).update(scan="certificates/scans/2024/gone.pdf", scan_sha256="")
    rendered = CertificateFactory(product=ProductFactory(producer=cast.producer), decision=decision)
    migration_run("certificates", "0027_certificate_scan_sha256_backfill")
    hashes = dict(Certificate.objects.values_list("pk", "scan_sha256"))
    assert hashes == {scanned.pk: SHA, lost.pk: "", rendered.pk: ""}
    migration_run("certificates", "0027_certificate_scan_sha256_backfill")  # again: nothing changes
    assert dict(Certificate.objects.values_list("pk", "scan_sha256")) == hashes
