"""The progress page of a queued import refreshes itself without JavaScript until the job ends."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from ocop.choices import JobKind
from ocop.models import BackgroundJob

pytestmark = pytest.mark.django_db


def test_the_page_refreshes_while_running_and_stops_when_done(cast, login):
    job = BackgroundJob(
        kind=JobKind.IMPORT_PRODUCERS, task="x", created_by=cast.commune_officer, total=400, done=100, status="running"
    )
    job.input_file.save("job.xlsx", ContentFile(b"x"), save=True)
    client = login(cast.commune_officer)
    page = client.get(reverse("products:import_job_detail", args=[job.pk])).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page and 'aria-valuenow="25"' in page
    BackgroundJob.objects.filter(pk=job.pk).update(status="done", done=400, finished_at=timezone.now())
    page = client.get(reverse("products:import_job_detail", args=[job.pk])).content.decode()
    assert "http-equiv" not in page and 'aria-valuenow="100"' in page
