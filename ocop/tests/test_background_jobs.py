"""Background jobs (ocop.services.job_*): one claim by compare-and-swap, progress with a heartbeat, and a job
whose worker died (a stale heartbeat) claimed again instead of staying "running" forever."""

import datetime

import pytest
from django.utils import timezone

from ocop.choices import JobKind, JobStatus
from ocop.models import BackgroundJob, OutboxMessage
from ocop.services import job_claim, job_fail, job_finish, job_progress, jobs_requeue_stale

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(cast):
    return BackgroundJob.objects.create(
        kind=JobKind.CERTIFICATES_ZIP,
        task="certificates.tasks.decisions.certificate_zip_task",
        created_by=cast.province_officer,
        total=25,
    )


def _beat(job, seconds_ago):
    BackgroundJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(seconds=seconds_ago)
    )


def test_it_is_claimed_once(job):
    claimed = job_claim(job_id=job.pk)
    assert claimed.status == JobStatus.RUNNING and claimed.attempts == 1 and claimed.heartbeat_at
    assert job_claim(job_id=job.pk) is None  # a duplicated task does nothing


def test_progress_keeps_the_claim_alive(job, settings):
    settings.OCOP_JOB_STALE_SECONDS = 60
    claimed = job_claim(job_id=job.pk)
    _beat(job, 50)
    job_progress(job=claimed, done=6)
    job.refresh_from_db()
    assert job.done == 6 and job.percent == 24
    assert timezone.now() - job.heartbeat_at < datetime.timedelta(seconds=5)
    assert job_claim(job_id=job.pk) is None


def test_a_job_whose_worker_died_is_claimed_again_and_starts_over(job, settings):
    settings.OCOP_JOB_STALE_SECONDS = 60
    claimed = job_claim(job_id=job.pk)
    job_progress(job=claimed, done=6)
    _beat(job, 61)  # the worker was killed at 6/25
    again = job_claim(job_id=job.pk)
    assert again is not None and again.status == JobStatus.RUNNING
    assert again.done == 0 and again.attempts == 2


def test_a_finished_job_is_never_claimed_again(job, settings):
    settings.OCOP_JOB_STALE_SECONDS = 60
    claimed = job_claim(job_id=job.pk)
    job_finish(job=claimed, output_file="certificates/zips/x.zip", done=25)
    _beat(job, 3600)
    assert job_claim(job_id=job.pk) is None
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.finished and job.percent == 100 and job.finished_at


def test_fail_records_the_error(job):
    failed = job_fail(job=job_claim(job_id=job.pk), error="Hết dung lượng đĩa")
    assert failed.status == JobStatus.FAILED and failed.error == "Hết dung lượng đĩa" and failed.finished


def test_stale_jobs_are_queued_again_through_the_outbox(job, cast, settings):
    settings.OCOP_JOB_STALE_SECONDS = 60
    alive = BackgroundJob.objects.create(
        kind=JobKind.IMPORT_PRODUCERS, task="products.tasks.import_job_run_task", created_by=cast.commune_officer
    )
    job_claim(job_id=job.pk)
    job_claim(job_id=alive.pk)
    _beat(job, 61)
    assert jobs_requeue_stale() == 1
    assert list(OutboxMessage.objects.values_list("task", "args")) == [
        ("certificates.tasks.decisions.certificate_zip_task", [job.pk])
    ]


def test_the_command_requeues_stale_jobs(job, settings):
    from io import StringIO

    from django.core.management import call_command

    settings.OCOP_JOB_STALE_SECONDS = 60
    job_claim(job_id=job.pk)
    _beat(job, 61)
    out = StringIO()
    call_command("requeue_stale_jobs", stdout=out)
    assert "Đã xếp lại 1 tác vụ." in out.getvalue()
    assert OutboxMessage.objects.filter(args=[job.pk]).count() == 1


def test_a_job_whose_row_fails_leaves_no_uploaded_file(cast, settings, tmp_path, monkeypatch):
    """The uploaded workbook is stored before the job's row and its queued task are written: a failure there rolls
    the job back and now takes the stored file along."""
    from types import SimpleNamespace

    from django.core.files.base import ContentFile
    from django.db import DatabaseError

    import ocop.services
    from ocop.services import job_start

    def database_gone(**kwargs):
        raise DatabaseError("server closed the connection unexpectedly")

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(ocop.services, "outbox_enqueue", database_gone)
    upload = ContentFile(b"PK\x03\x04 workbook", name="products/imports/a.xlsx")
    with pytest.raises(DatabaseError):
        job_start(
            kind=JobKind.IMPORT_PRODUCERS,
            task=SimpleNamespace(name="products.tasks.import_job_run_task"),
            by=cast.province_officer,
            input_file=upload,
        )
    assert not BackgroundJob.objects.exists() and not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_a_job_still_waiting_in_the_outbox_is_left_to_the_relay(cast, settings):
    """A PENDING job past the stale period whose message never reached the broker (Redis down) is the relay's to
    send: the sweep adds no second message beside it; once sent and still unclaimed, the sweep queues it again."""
    from ocop.services import job_start
    from ocop.tasks import outbox_relay_task

    settings.OCOP_JOB_STALE_SECONDS = 60
    job = job_start(kind=JobKind.CERTIFICATES_ZIP, task=outbox_relay_task, by=cast.province_officer)  # not committed
    BackgroundJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=10))
    assert jobs_requeue_stale() == 0 and OutboxMessage.objects.count() == 1
    OutboxMessage.objects.update(sent_at=timezone.now())
    assert jobs_requeue_stale() == 1 and OutboxMessage.objects.filter(sent_at=None, args=[job.pk]).count() == 1
