"""A decision larger than one chunk is rendered in parallel chunk tasks and zipped once: every certificate
exactly once, progress from every chunk, a retried or redelivered chunk counted once, a failed one retried."""

import io
import zipfile
from unittest import mock

import pytest
from django.core.files.storage import default_storage

from certificates.models import CertificatePdf
from certificates.services import batches
from certificates.services.batches import zip_assemble_run, zip_chunk_run, zip_job_run, zip_job_start
from certificates.tasks.decisions import certificate_zip_chunk_task
from certificates.tests.factories import issued_decision, result_for
from ocop.celery import app
from ocop.choices import JobStatus
from ocop.models import BackgroundJob, OutboxMessage

pytestmark = pytest.mark.django_db

CHUNK = "certificates.tasks.decisions.certificate_zip_chunk_task"
ASSEMBLE = "certificates.tasks.decisions.certificate_zip_assemble_task"


@pytest.fixture
def decision(cast, settings):
    settings.OCOP_CERTIFICATE_CHUNK = 2
    return issued_decision(  # five certificates, no PDF yet (their render tasks are not run here)
        province=cast.province, by=cast.province_officer, results=[result_for(cast.producer) for _ in range(5)]
    )


def _names(job: BackgroundJob) -> list[str]:
    with default_storage.open(job.output_file.name, "rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read())).namelist()


def _expected(decision) -> list[str]:
    return sorted(f"{c.number.replace('/', '_')}.pdf" for c in decision.certificates.all())


def test_the_batch_is_split_into_chunk_tasks_and_zipped_once_with_every_certificate(
    cast, decision, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = zip_job_start(decision=decision, by=cast.province_officer)
    job.refresh_from_db()
    chunks = OutboxMessage.objects.filter(task=CHUNK).order_by("pk")
    assert [m.args for m in chunks] == [[job.pk, 0, 1], [job.pk, 1, 1], [job.pk, 2, 1]]  # 2 + 2 + 1, queued together
    assert OutboxMessage.objects.filter(task=ASSEMBLE).count() == 1
    assert job.status == JobStatus.DONE and job.done == job.total == 5
    assert job.result["chunks_done"] == [0, 1, 2]
    names = _names(job)
    assert sorted(names) == _expected(decision) and len(names) == len(set(names)) == 5
    assert CertificatePdf.objects.filter(certificate__decision=decision).count() == 5  # one render each


def test_a_redelivered_chunk_and_a_retried_one_are_counted_once(cast, decision, monkeypatch):
    monkeypatch.setitem(app.conf, "task_eager_propagates", False)
    job = BackgroundJob.objects.create(
        kind="certificates_zip", task="x", created_by=cast.province_officer, params={"decision_id": decision.pk}
    )
    job = zip_job_run(job_id=job.pk)  # the chunks are queued (not run: nothing commits in this test)
    assert job.status == JobStatus.RUNNING and job.result["chunks"] == 3

    assert zip_chunk_run(job_id=job.pk, index=0, attempt=1)
    assert zip_chunk_run(job_id=job.pk, index=0, attempt=1)  # redelivered after it had finished
    job.refresh_from_db()
    assert job.done == 2 and job.result["chunks_done"] == [0]  # progress from the chunk: two of five

    real = batches.certificate_render_pdf
    failing = {"left": 1}

    def flaky(**kwargs):  # the second certificate of chunk 1 fails once (a storage hiccup)
        if failing["left"] and kwargs["certificate_id"] == ids[3]:
            failing["left"] -= 1
            raise OSError("storage unavailable")
        return real(**kwargs)

    ids = list(decision.certificates.order_by("number").values_list("pk", flat=True))
    with mock.patch.object(batches, "certificate_render_pdf", side_effect=flaky):
        result = certificate_zip_chunk_task.apply(args=[job.pk, 1, 1])  # fails, retried (eagerly here), succeeds
    assert failing["left"] == 0 and result.successful()
    job.refresh_from_db()
    assert job.done == 4 and job.result["chunks_done"] == [0, 1]
    assert zip_chunk_run(job_id=job.pk, index=2, attempt=1)
    assert zip_chunk_run(job_id=job.pk, index=1, attempt=1)  # and chunk 1 delivered once more
    job.refresh_from_db()
    assert job.done == 5 and job.result["chunks_done"] == [0, 1, 2]
    assert OutboxMessage.objects.filter(task=ASSEMBLE).count() == 1  # the last chunk queued the assembly once
    assert CertificatePdf.objects.filter(certificate__decision=decision).count() == 5  # nothing rendered twice

    finished = zip_assemble_run(job_id=job.pk, attempt=1)
    assert finished.status == JobStatus.DONE and sorted(_names(finished)) == _expected(decision)
    assert zip_assemble_run(job_id=job.pk, attempt=1).output_file.name == finished.output_file.name  # once
    _, files = default_storage.listdir("certificates/zips")
    assert len([f for f in files if f.startswith(f"{job.pk}-")]) == 1


def test_a_chunk_that_keeps_failing_fails_the_job_with_its_error(cast, decision, monkeypatch):
    monkeypatch.setitem(app.conf, "task_eager_propagates", False)  # as a worker: the retries run, then it fails
    job = BackgroundJob.objects.create(
        kind="certificates_zip",
        task="x",
        created_by=cast.province_officer,
        params={"decision_id": decision.pk},
        language="en",  # the officer works in English: the error is theirs to read
    )
    zip_job_run(job_id=job.pk)
    with mock.patch.object(batches, "certificate_render_pdf", side_effect=OSError("disk full")):
        result = certificate_zip_chunk_task.apply(args=[job.pk, 0, 1])
    assert result.failed() and isinstance(result.result, OSError)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error == "Part 1: disk full"
    assert not zip_chunk_run(job_id=job.pk, index=1, attempt=1)  # the other chunks then do nothing


def test_chunks_of_an_attempt_whose_worker_died_do_nothing_after_the_reclaim(cast, decision):
    job = BackgroundJob.objects.create(
        kind="certificates_zip", task="x", created_by=cast.province_officer, params={"decision_id": decision.pk}
    )
    zip_job_run(job_id=job.pk)
    BackgroundJob.objects.filter(pk=job.pk).update(attempts=2)  # reclaimed since (ocop.services.job_claim)
    assert not zip_chunk_run(job_id=job.pk, index=0, attempt=1)
    assert CertificatePdf.objects.filter(certificate__decision=decision).count() == 0
