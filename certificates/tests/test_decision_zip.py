import io
import zipfile
from urllib.parse import quote

import pytest
from django.urls import reverse

from certificates.tests.factories import checker_for, issued_decision, result_for
from ocop.choices import JobKind, JobStatus
from ocop.models import BackgroundJob

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
    job = BackgroundJob.objects.get()
    assert job.kind == JobKind.CERTIFICATES_ZIP and job.params == {"decision_id": decision.pk}
    assert response.status_code == 302
    assert response["Location"] == reverse("certificates:decision_zip_status", args=[decision.pk, job.pk])
    status = client.get(reverse("job_status", args=[job.pk])).json()
    assert status["status"] == JobStatus.DONE and status["percent"] == 100 and status["done"] == 2
    assert status["finished"] is True
    page = client.get(response["Location"]).content.decode()
    assert 'role="progressbar"' in page and 'id="zip-download"' in page
    assert "job-progress.js" not in page and "http-equiv" not in page  # finished: nothing polls any more
    download = client.get(reverse("certificates:decision_zip_download", args=[decision.pk, job.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = sorted(archive.namelist())
    assert names == sorted(f"{c.number.replace('/', '_')}.pdf" for c in decision.certificates.all())
    assert all(archive.read(n).startswith(b"%PDF-") for n in names)


def test_starting_it_twice_while_it_waits_leads_to_the_same_job(login, cast, decision):
    """A double click on "Tải ZIP" (or two tabs) follows the job already waiting instead of building the same ZIP
    again; once it is done, a new start builds a new one (the certificates may have changed)."""
    client = login(cast.province_officer)
    url = reverse("certificates:decision_zip", args=[decision.pk])
    first, second = client.post(url), client.post(url)  # the worker has not run it (no commit in the test)
    assert BackgroundJob.objects.count() == 1
    assert first["Location"] == second["Location"]
    other = login(checker_for(cast.province_officer)).post(url)  # another officer's job is theirs
    assert BackgroundJob.objects.count() == 2 and other["Location"] != first["Location"]
    BackgroundJob.objects.update(status=JobStatus.DONE)
    login(cast.province_officer).post(url)
    assert BackgroundJob.objects.count() == 3


def test_running_the_job_twice_builds_once(cast, decision):
    from certificates.services.batches import zip_job_run

    job = BackgroundJob.objects.create(
        kind=JobKind.CERTIFICATES_ZIP,
        task="x",
        created_by=cast.province_officer,
        total=2,
        params={"decision_id": decision.pk},
    )
    first = zip_job_run(job_id=job.pk)
    second = zip_job_run(job_id=job.pk)
    assert first.output_file.name and first.output_file.name == second.output_file.name
    assert second.attempts == 1


def test_others_cannot_see_a_job(login, cast, decision, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        login(cast.province_officer).post(reverse("certificates:decision_zip", args=[decision.pk]))
    job = BackgroundJob.objects.get()
    for name in ("decision_zip_download", "decision_zip_status"):
        url = reverse(f"certificates:{name}", args=[decision.pk, job.pk])
        assert login(cast.outsider).get(url).status_code == 404
        assert login(cast.viewer).get(url).status_code == 404  # someone else's job


def test_get_is_405_for_starting(login, cast, decision):
    assert login(cast.province_officer).get(reverse("certificates:decision_zip", args=[decision.pk])).status_code == 405


def test_the_page_of_a_running_job_polls_with_the_static_script(login, cast, decision):
    job = BackgroundJob.objects.create(
        kind=JobKind.CERTIFICATES_ZIP,
        task="x",
        created_by=cast.province_officer,
        total=25,
        done=6,
        status=JobStatus.RUNNING,
        params={"decision_id": decision.pk},
    )
    page = (
        login(cast.province_officer)
        .get(reverse("certificates:decision_zip_status", args=[decision.pk, job.pk]))
        .content.decode()
    )
    assert 'src="/static/js/job-progress.js"' in page and "<script>" not in page.split("job-progress.js")[0][-200:]
    assert f'data-job-status-url="{reverse("job_status", args=[job.pk])}"' in page
    assert 'aria-valuenow="24"' in page and "(6/25)" in page
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page


def test_behind_nginx_the_stored_zip_is_sent_by_the_proxy(login, cast, decision, settings):
    """OCOP_SENDFILE=x-accel: the ZIP (stored) leaves through the proxy's internal location, no Python body;
    unset, it is streamed by Django (the first test)."""
    from certificates.services.batches import zip_job_run

    settings.OCOP_SENDFILE = "x-accel"
    job = BackgroundJob.objects.create(
        kind=JobKind.CERTIFICATES_ZIP, task="x", created_by=cast.province_officer, params={"decision_id": decision.pk}
    )
    job = zip_job_run(job_id=job.pk)
    response = login(cast.province_officer).get(
        reverse("certificates:decision_zip_download", args=[decision.pk, job.pk])
    )
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == "/protected-media/" + quote(job.output_file.name)  # "Đ" percent-encoded
    assert response["Content-Type"] == "application/zip" and "attachment" in response["Content-Disposition"]


def test_a_zip_whose_task_was_lost_before_its_claim_is_queued_again(
    login, cast, decision, settings, django_capture_on_commit_callbacks
):
    """The task left the outbox, but never claimed the job: the worker could not reach the database when it took the
    message (the failed task is acknowledged), or Redis restarted and lost its queue. The job stayed PENDING for
    ever, and since a second "Tải ZIP" follows the job still waiting, the officer could never have the ZIP again.
    The sweep queues a job left waiting past the stale period again, once per period."""
    import datetime

    from django.utils import timezone

    from ocop.models import OutboxMessage
    from ocop.services import jobs_requeue_stale, outbox_relay

    settings.OCOP_JOB_STALE_SECONDS = 60
    client = login(cast.province_officer)
    url = reverse("certificates:decision_zip", args=[decision.pk])
    first = client.post(url)  # the message is sent to the broker and lost: the job is never claimed
    OutboxMessage.objects.update(sent_at=timezone.now())
    job = BackgroundJob.objects.get()
    assert jobs_requeue_stale() == 0  # a fresh job waits for its worker
    BackgroundJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=10))
    assert client.post(url)["Location"] == first["Location"]  # a second click still follows the waiting job
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs_requeue_stale() == 1
    assert jobs_requeue_stale() == 0  # once per stale period, not at every sweep
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.output_file.name and job.done == 2
    assert outbox_relay(grace=datetime.timedelta(0)) == 0  # nothing left waiting
