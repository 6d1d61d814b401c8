"""GET /jobs/<id>/status/: the one status JSON every job page polls. Only the person who started the job sees
it; everyone else gets a 404 (there is no read-only view of someone else's job, so no 403)."""

import pytest
from django.urls import reverse

from ocop.choices import JobKind, JobStatus
from ocop.models import BackgroundJob

pytestmark = pytest.mark.django_db

ROLES = [
    "producer_owner",
    "other_producer",
    "commune_officer",
    "other_commune_officer",
    "advisory_member",
    "council_member",
    "council_chair",
    "central_officer",
    "viewer",
    "outsider",
    "admin",
]


@pytest.fixture
def job(cast):
    return BackgroundJob.objects.create(
        kind=JobKind.CERTIFICATES_ZIP,
        task="x",
        created_by=cast.province_officer,
        total=25,
        done=6,
        status=JobStatus.RUNNING,
    )


def test_it_answers_the_one_shape_to_who_started_the_job(login, cast, job):
    response = login(cast.province_officer).get(reverse("job_status", args=[job.pk]))
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    assert response.json() == {
        "id": job.pk,
        "kind": "certificates.zip",
        "status": "running",
        "status_label": "Đang chạy",
        "done": 6,
        "total": 25,
        "percent": 24,
        "error": "",
        "finished": False,
    }


@pytest.mark.parametrize("role", ROLES)
def test_anyone_else_gets_a_404(login, cast, job, role):
    assert login(getattr(cast, role)).get(reverse("job_status", args=[job.pk])).status_code == 404


def test_anonymous_is_sent_to_the_login(client, job):
    response = client.get(reverse("job_status", args=[job.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_missing_job_is_a_404_and_post_is_a_405(login, cast, job):
    client = login(cast.province_officer)
    assert client.get(reverse("job_status", args=[job.pk + 1000])).status_code == 404
    assert client.post(reverse("job_status", args=[job.pk])).status_code == 405
