"""The one job-progress script (static/js/job-progress.js): a network error is shown and the poll retries until
the server answers again; when the job has finished the page shows its outcome."""

import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_poller_shows_a_network_error_retries_and_ends_on_the_outcome(
    page, live_server, cast, sign_in, settings, tmp_path
):
    from ocop.choices import JobKind, JobStatus
    from ocop.models import BackgroundJob

    settings.MEDIA_ROOT = tmp_path / "media"
    job = BackgroundJob(
        kind=JobKind.IMPORT_PRODUCERS,
        task="products.tasks.import_job_run_task",
        created_by=cast.commune_officer,
        status=JobStatus.RUNNING,
        total=400,
        done=100,
        file_name="chu-the.xlsx",
    )
    job.input_file.save("job.xlsx", ContentFile(b"x"), save=True)
    sign_in(page, cast.commune_officer)

    blocked = re.compile(rf".*/jobs/{job.pk}/status/$")
    page.route(blocked, lambda route: route.abort("internetdisconnected"))
    # The page's timers run on a clock the test moves on: the poll's first second and its growing retry delay pass
    # at once instead of in real time (the clock flows on by itself besides).
    page.clock.install()
    page.goto(f"{live_server.url}/imports/{job.pk}/")
    page.clock.run_for(1000)  # the first poll
    warning = page.locator("[data-job-network-error]")
    expect(warning).to_be_visible(timeout=15000)
    expect(warning).to_contain_text("đang thử lại")

    BackgroundJob.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE, done=400, finished_at=timezone.now(), result={"created": 400, "updated": 0, "errors": []}
    )
    page.unroute(blocked)  # the network is back: the next retry answers, and the page shows the outcome
    page.clock.fast_forward(30000)  # the retry, whatever its delay has grown to (at most 30 s)
    expect(page.locator("#job-counts")).to_contain_text("400 mới, 0 cập nhật, 0 không đổi", timeout=40000)
    expect(page.locator("[data-job-state]")).to_contain_text("Hoàn thành")
    expect(page.locator("[data-job-network-error]")).to_be_hidden()
