"""A list export larger than ocop.services.EXPORT_ASYNC_ROWS is written by a background job, not in the request: a
country's 42,000 products took ~20 s to write, near the web worker's 30 s timeout. The job writes the same
workbook, with the list page's filters and in the scope of the person who asked; its page shows the progress and
the file; nobody else sees the job (404)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ocop.choices import JobKind, JobStatus
from ocop.models import BackgroundJob

from .factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setattr("ocop.services.EXPORT_ASYNC_ROWS", 2)


def _names(content: bytes) -> list[str]:
    rows = list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))
    return sorted(row[2] for row in rows[1:])


def test_a_large_export_is_written_by_a_job_with_the_lists_filters(
    cast, login, small_limit, django_capture_on_commit_callbacks
):
    for name in ("Miến dong 1", "Miến dong 2", "Miến dong 3", "Mật ong"):
        ProductFactory(producer=cast.producer, name=name, search_text=name.lower().replace("ế", "e"))
    ProductFactory(producer=cast.other_producer_org, name="Miến dong xa", search_text="mien dong xa")
    client = login(cast.province_officer)
    with django_capture_on_commit_callbacks(execute=True):  # the outbox hands the task over after the commit
        response = client.get(reverse("products:product_export"), {"q": "mien"})
    job = BackgroundJob.objects.get(kind=JobKind.EXPORT)
    assert response.status_code == 302 and response["Location"] == reverse("job_detail", args=[job.pk])
    assert (job.created_by, job.total, job.params["filters"]) == (cast.province_officer, 3, {"q": ["mien"]})
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.done == 3
    page = client.get(reverse("job_detail", args=[job.pk]))
    assert page.status_code == 200 and reverse("job_download", args=[job.pk]) in page.content.decode()
    download = client.get(reverse("job_download", args=[job.pk]))
    assert download.status_code == 200 and "san-pham-ocop-" in download["Content-Disposition"]
    # The filtered list of the province: the other province's product is not in it, nor the one not matching.
    assert _names(b"".join(download.streaming_content)) == ["Miến dong 1", "Miến dong 2", "Miến dong 3"]


def test_a_small_export_is_still_answered_at_once(cast, login, small_limit):
    ProductFactory(producer=cast.producer, name="Miến dong 1")
    response = login(cast.province_officer).get(reverse("products:product_export"))
    assert response.status_code == 200 and _names(response.content) == ["Miến dong 1"]
    assert not BackgroundJob.objects.filter(kind=JobKind.EXPORT).exists()


def test_a_producers_export_job_and_only_its_owner_sees_it(
    cast, login, small_limit, django_capture_on_commit_callbacks
):
    client = login(cast.province_officer)
    for i in range(3):
        from .factories import ProducerFactory

        ProducerFactory(commune=cast.commune, name=f"HTX số {i}")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("products:producer_export"))
    job = BackgroundJob.objects.get(kind=JobKind.EXPORT)
    assert response["Location"] == reverse("job_detail", args=[job.pk]) and job.params["export"] == "producers"
    rows = list(
        load_workbook(io.BytesIO(b"".join(client.get(reverse("job_download", args=[job.pk])).streaming_content)))
        .worksheets[0]
        .iter_rows(values_only=True)
    )
    assert {f"HTX số {i}" for i in range(3)} <= {row[1] for row in rows[1:]}
    other = login(cast.outsider)
    assert other.get(reverse("job_detail", args=[job.pk])).status_code == 404
    assert other.get(reverse("job_download", args=[job.pk])).status_code == 404


def test_a_job_still_running_offers_no_file(cast, login):
    job = BackgroundJob.objects.create(
        kind=JobKind.EXPORT, task="products.tasks.export_job_run_task", created_by=cast.province_officer, total=9
    )
    client = login(cast.province_officer)
    page = client.get(reverse("job_detail", args=[job.pk]))
    assert page.status_code == 200 and 'data-testid="job-download"' not in page.content.decode()
    assert client.get(reverse("job_download", args=[job.pk])).status_code == 404
