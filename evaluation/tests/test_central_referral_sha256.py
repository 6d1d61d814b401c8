"""The signed file of the province's papers to the ministry is kept with the SHA-256 of the file as uploaded, as a
certificate's scan is: on the dossier's page where it is offered, with the download (X-Content-SHA256) and in the
audit row; files stored before are given theirs by evaluation 0041."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluation.models import CentralReferral
from evaluation.tests.factories import PDF_BYTES, potential_five, refer_central
from ocop.models import AuditEvent
from ocop.testing import migration_run

pytestmark = pytest.mark.django_db

SHA = hashlib.sha256(PDF_BYTES).hexdigest()


def _signed():
    return SimpleUploadedFile("cong-van.pdf", PDF_BYTES, content_type="application/pdf")


def test_it_keeps_the_hash_of_the_signed_file_as_uploaded(cast, private_media):
    s = potential_five(cast)
    refer_central(s.registration, cast.province_officer, signed_file=_signed())
    referral = CentralReferral.objects.get()
    assert referral.signed_file_sha256 == SHA
    with referral.signed_file.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == SHA
    audit = AuditEvent.objects.filter(changes__letter_number="2150/UBND-KT").get()
    assert audit.changes["signed_file_sha256"] == SHA


def test_without_a_signed_file_there_is_no_hash(cast, private_media):
    s = potential_five(cast)
    refer_central(s.registration, cast.province_officer)
    assert CentralReferral.objects.get().signed_file_sha256 == ""


def test_the_dossier_page_and_the_download_show_it(cast, login, private_media):
    s = potential_five(cast)
    refer_central(s.registration, cast.province_officer, signed_file=_signed())
    referral = CentralReferral.objects.get()
    client = login(cast.central_officer)
    page = client.get(reverse("evaluation:registration_detail", args=[s.registration.pk])).content.decode()
    assert f'data-testid="referral-sha256">{SHA}<' in page
    from tests.markup.checker import assert_valid

    assert_valid({"dossier": page})
    response = client.get(reverse("evaluation:referral_file", args=[referral.pk]))
    assert response.status_code == 200 and response["X-Content-SHA256"] == SHA
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == SHA


def test_the_backfill_hashes_the_signed_files_stored_before(cast, private_media):
    s = potential_five(cast)
    refer_central(s.registration, cast.province_officer)
    stored = CentralReferral.objects.get()
    stored.signed_file.save("old.pdf", ContentFile(PDF_BYTES), save=False)
    CentralReferral.objects.filter(pk=stored.pk).update(signed_file=stored.signed_file.name, signed_file_sha256="")
    lost = CentralReferral.objects.create(
        registration=s.registration,
        letter_number="1/UBND",
        letter_date=stored.letter_date,
        report_number="1/BC-OCOP",
        report_date=stored.letter_date,
        signed_file="evaluation/referrals/2025/gone.pdf",
    )
    unsigned = CentralReferral.objects.create(
        registration=s.registration,
        letter_number="2/UBND",
        letter_date=stored.letter_date,
        report_number="2/BC-OCOP",
        report_date=stored.letter_date,
    )
    migration_run("evaluation", "0042_centralreferral_signed_file_sha256_backfill")
    hashes = dict(CentralReferral.objects.values_list("pk", "signed_file_sha256"))
    assert hashes == {stored.pk: SHA, lost.pk: "", unsigned.pk: ""}
    migration_run("evaluation", "0042_centralreferral_signed_file_sha256_backfill")  # again: nothing changes
    assert dict(CentralReferral.objects.values_list("pk", "signed_file_sha256")) == hashes
