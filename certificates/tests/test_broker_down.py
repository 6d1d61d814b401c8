"""Redis down while an officer issues a decision or asks for the ZIP: the page reports success (the decision
IS issued), says the PDFs will follow, and the queued work waits in the outbox until the broker is back; then
the PDFs are rendered and the producers notified, once. Also: a ZIP job whose worker died finishes once."""

import datetime
import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from certificates.choices import DecisionStatus, IssuerLevel
from certificates.services.batches import zip_job_run
from certificates.services.decisions import decision_check, decision_create
from certificates.tests.factories import checker_for, issued_decision, result_for
from ocop.celery import app
from ocop.choices import JobKind, JobStatus
from ocop.models import BackgroundJob, OutboxMessage
from ocop.services import job_claim, job_progress, outbox_relay

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(monkeypatch):
    """Celery talks to a broker, and that broker refuses connections (as Redis does when stopped)."""

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    app.conf.task_always_eager = False
    monkeypatch.setattr(app, "send_task", refuse)
    yield
    app.conf.task_always_eager = True


def _broker_back(monkeypatch):
    monkeypatch.undo()
    app.conf.task_always_eager = True  # the "worker" runs what is sent, in-process
    OutboxMessage.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    return outbox_relay()


def test_issuing_with_the_broker_down_succeeds_and_the_pdfs_follow(
    login, cast, broker_down, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    draft = decision_create(
        by=cast.province_officer,
        issuer_level=IssuerLevel.PROVINCE,
        issuer_unit=cast.province,
        results=[result_for(cast.producer, name="Gạo ST25 Sóc Trăng")],
    )
    checker = checker_for(cast.province_officer)  # four eyes: the drafter neither checks nor issues
    decision_check(decision=draft, by=checker)
    client = login(checker)
    today = timezone.localdate().strftime("%d/%m/%Y")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("certificates:decision_issue", args=[draft.pk]),
            {"number": "1427/QĐ-UBND", "date": today, "confirmed": "1"},
        )
    assert response.status_code == 302  # not a 500
    page = client.get(response["Location"]).content.decode()
    assert "sẽ có sau ít phút" in page and 'data-testid="pdf-pending"' in page
    draft.refresh_from_db()
    certificate = draft.certificates.get()
    assert draft.status == DecisionStatus.ISSUED and not certificate.pdf_sha256
    pending = OutboxMessage.objects.filter(sent_at=None)
    assert sorted(pending.values_list("task", flat=True)) == [
        "certificates.tasks.decisions.certificate_notify_issued_task",
        "certificates.tasks.decisions.decision_render_certificates_task",
    ]
    assert all("Connection refused" in e for e in pending.values_list("last_error", flat=True))
    assert mailoutbox == []

    assert _broker_back(monkeypatch) == 2
    certificate.refresh_from_db()
    assert certificate.pdf_sha256
    assert len(mailoutbox) == 1 and certificate.number in mailoutbox[0].body
    assert not OutboxMessage.objects.filter(sent_at=None).exists()
    assert _broker_back(monkeypatch) == 0  # delivered once
    assert len(mailoutbox) == 1
    assert 'data-testid="pdf-pending"' not in client.get(response["Location"]).content.decode()


@pytest.fixture
def decision(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return issued_decision(
            province=cast.province,
            by=cast.province_officer,
            results=[result_for(cast.producer), result_for(cast.producer), result_for(cast.producer)],
        )


def test_asking_for_the_zip_with_the_broker_down_shows_a_waiting_job_that_runs_later(
    login, cast, decision, broker_down, monkeypatch, django_capture_on_commit_callbacks
):
    client = login(cast.province_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("certificates:decision_zip", args=[decision.pk]))
    assert response.status_code == 302
    job = BackgroundJob.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert job.status == JobStatus.PENDING and "sẽ được xử lý trong giây lát" in page
    assert _broker_back(monkeypatch) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.output_file


def test_a_zip_whose_worker_died_mid_way_is_finished_once_by_the_next_worker(cast, decision, settings):
    settings.OCOP_JOB_STALE_SECONDS = 60
    job = BackgroundJob.objects.create(
        kind=JobKind.CERTIFICATES_ZIP,
        task="x",
        created_by=cast.province_officer,
        total=3,
        params={"decision_id": decision.pk},
    )
    dead = job_claim(job_id=job.pk)  # the first worker claimed it, did one certificate, and was killed
    job_progress(job=dead, done=1)
    assert zip_job_run(job_id=job.pk).status == JobStatus.RUNNING  # a redelivery while it may be alive: nothing
    BackgroundJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(seconds=61))

    finished = zip_job_run(job_id=job.pk)
    assert finished.status == JobStatus.DONE and finished.done == 3 and finished.attempts == 2
    with default_storage.open(finished.output_file.name, "rb") as handle:
        names = zipfile.ZipFile(io.BytesIO(handle.read())).namelist()
    assert sorted(names) == sorted(f"{c.number.replace('/', '_')}.pdf" for c in decision.certificates.all())
    _, files = default_storage.listdir("certificates/zips")
    assert len([f for f in files if f.startswith(f"{job.pk}-")]) == 1
    assert zip_job_run(job_id=job.pk).output_file.name == finished.output_file.name  # and never again
