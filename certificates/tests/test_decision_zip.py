import io
import zipfile

import pytest
from django.urls import reverse

from certificates.choices import JobStatus
from certificates.models import CertificateZipJob
from certificates.tests.factories import issued_decision, result_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return issued_decision(
            province=cast.province,
            by=cast.province_officer,
            results=[result_for(cast.producer), result_for(cast.producer)],
        )


def test_it_builds_one_zip_with_every_certificate_and_reports_progress(
    login, cast, decision, django_capture_on_commit_callbacks
):
    client = login(cast.province_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("certificates:decision_zip", args=[decision.pk]))
    job = CertificateZipJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("certificates:decision_zip_status", args=[decision.pk, job.pk])
    status = client.get(response["Location"], HTTP_ACCEPT="application/json").json()
    assert status["status"] == JobStatus.DONE and status["percent"] == 100 and status["done"] == 2
    page = client.get(response["Location"])
    assert page.status_code == 200 and 'role="progressbar"' in page.content.decode()
    download = client.get(status["download"])
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = sorted(archive.namelist())
    assert names == sorted(f"{c.number.replace('/', '_')}.pdf" for c in decision.certificates.all())
    assert all(archive.read(n).startswith(b"%PDF-") for n in names)


def test_running_the_job_twice_builds_once(cast, decision):
    from certificates.services.certificates import zip_job_run

    job = CertificateZipJob.objects.create(decision=decision, requested_by=cast.province_officer, total=2)
    first = zip_job_run(job_id=job.pk)
    second = zip_job_run(job_id=job.pk)
    assert first.file.name == second.file.name


def test_others_cannot_see_a_job(login, cast, decision, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        login(cast.province_officer).post(reverse("certificates:decision_zip", args=[decision.pk]))
    job = CertificateZipJob.objects.get()
    url = reverse("certificates:decision_zip_download", args=[decision.pk, job.pk])
    assert login(cast.outsider).get(url).status_code == 404
    assert login(cast.viewer).get(url).status_code == 404  # someone else's job


def test_get_is_405_for_starting(login, cast, decision):
    assert login(cast.province_officer).get(reverse("certificates:decision_zip", args=[decision.pk])).status_code == 405
