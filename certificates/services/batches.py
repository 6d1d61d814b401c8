"""The certificates of a decision as one ZIP (a BackgroundJob), rendered in parallel chunks.

A decision of a thousand certificates took minutes in one task (~200 ms a certificate). A batch larger than one
chunk (settings.OCOP_CERTIFICATE_CHUNK) is fanned out instead: the claiming task queues one chunk task per slice
of the decision's certificates (in certificate-number order), the worker's processes render them side by side,
and the chunk that completes the set queues the one task that assembles the ZIP. Celery's chord would do the
counting, but this app runs without a result backend (CELERY_RESULT_BACKEND = None); the job row is the counter:

- each chunk records itself in `result["chunks_done"]` under the job row's lock (a set: a retried or redelivered
  chunk counts once) and reports progress as the number of the decision's certificates that have a document, so
  a re-rendered certificate is never counted twice;
- rendering is idempotent (certificate_render_pdf returns at once when the PDF exists), so a retried chunk
  renders only what its failed attempt had not;
- the archive is built once, from the decision's certificate list (each certificate exactly once, whatever the
  chunks did), and stored only at the end;
- chunk tasks carry the claim's attempt number: after a reclaim (a worker died, ocop.services.job_claim) the
  chunks of the earlier attempt do nothing.
"""

import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from ocop.choices import JobKind, JobStatus
from ocop.models import BackgroundJob, User
from ocop.services import (
    job_claim,
    job_fail,
    job_finish,
    job_language,
    job_progress,
    job_start,
    outbox_enqueue,
    outbox_enqueue_many,
)

from ..choices import DecisionStatus
from ..models import Certificate, RecognitionDecision
from .certificates import certificate_render_pdf


@transaction.atomic
def zip_job_start(*, decision: RecognitionDecision, by: User) -> BackgroundJob:
    """A background job that builds the decision's certificates as one ZIP (queued through the outbox)."""
    if decision.status != DecisionStatus.ISSUED:
        raise ValidationError(_("Quyết định chưa ban hành."))
    from ..tasks.decisions import certificate_zip_task

    return job_start(
        kind=JobKind.CERTIFICATES_ZIP,
        task=certificate_zip_task,
        by=by,
        total=decision.certificates.count(),
        params={"decision_id": decision.pk},
        once=True,
    )


def _certificate_ids(job: BackgroundJob) -> list[int]:
    return list(
        Certificate.objects.filter(decision_id=job.params["decision_id"])
        .order_by("number")
        .values_list("pk", flat=True)
    )


def _documented(job: BackgroundJob) -> int:
    """How many of the decision's certificates have their document (rendered PDF or recorded scan)."""
    return Certificate.objects.filter(decision_id=job.params["decision_id"]).exclude(pdf_sha256="", scan="").count()


def zip_job_run(*, job_id: int) -> BackgroundJob:
    """Claim the job (compare-and-swap: a retried or duplicated task does nothing; a job whose worker died is
    claimed again and starts over). A batch that fits one chunk is rendered and zipped here, with progress and
    a heartbeat after each certificate; a larger one is split into chunk tasks (module docstring)."""
    job = job_claim(job_id=job_id)
    if job is None:
        return BackgroundJob.objects.get(pk=job_id)
    try:
        ids = _certificate_ids(job)
        size = settings.OCOP_CERTIFICATE_CHUNK
        if len(ids) <= size:
            for done, pk in enumerate(ids, start=1):
                certificate_render_pdf(certificate_id=pk)
                job_progress(job=job, done=done, total=len(ids))
            return _assemble(job, ids)
        from ..tasks.decisions import certificate_zip_chunk_task

        chunks = (len(ids) + size - 1) // size
        with transaction.atomic():
            BackgroundJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
                total=len(ids), result={"chunk_size": size, "chunks": chunks, "chunks_done": []}
            )
            outbox_enqueue_many(
                task=certificate_zip_chunk_task, calls=[((job.pk, index, job.attempts), {}) for index in range(chunks)]
            )
    except Exception as exc:  # the job row must say what went wrong
        job_fail(job=job, error=str(exc))
        raise
    job.refresh_from_db()
    return job


def zip_chunk_run(*, job_id: int, index: int, attempt: int) -> bool:
    """Render chunk `index` of the job's certificates and record it; the chunk that completes the set queues
    the assembly (once). False when there is nothing to do: the job is finished or failed, or was reclaimed
    since this chunk was queued (`attempt`)."""
    job = BackgroundJob.objects.filter(pk=job_id, status=JobStatus.RUNNING, attempts=attempt).first()
    if job is None or "chunk_size" not in job.result:
        return False
    size = job.result["chunk_size"]
    for pk in _certificate_ids(job)[index * size : (index + 1) * size]:
        certificate_render_pdf(certificate_id=pk)
        job_progress(job=job, done=_documented(job))  # a count of documents: a retried chunk never adds twice
    from ..tasks.decisions import certificate_zip_assemble_task

    with transaction.atomic():
        job = BackgroundJob.objects.select_for_update().filter(pk=job_id, status=JobStatus.RUNNING).first()
        if job is None or job.attempts != attempt:
            return False
        done = sorted({*job.result["chunks_done"], index})
        complete = len(done) == job.result["chunks"] and not job.result.get("assembling")
        job.result = {**job.result, "chunks_done": done, "assembling": job.result.get("assembling") or complete}
        job.save(update_fields=["result"])
        if complete:
            outbox_enqueue(task=certificate_zip_assemble_task, args=[job.pk, attempt])
    return True


def zip_chunk_failed(*, job_id: int, index: int, attempt: int, error: str) -> None:
    """A chunk that failed after its retries fails the job (the page shows the error; asking again starts over)."""
    job = BackgroundJob.objects.filter(pk=job_id, status=JobStatus.RUNNING, attempts=attempt).first()
    if job is not None:
        with job_language(job):  # the asker reads it
            message = _("Phần %(index)s: %(error)s") % {"index": index + 1, "error": error}
        job_fail(job=job, error=message)


def zip_assemble_run(*, job_id: int, attempt: int) -> BackgroundJob:
    """Build and store the ZIP of a job whose chunks are all done; nothing when it is already built."""
    job = BackgroundJob.objects.filter(pk=job_id, status=JobStatus.RUNNING, attempts=attempt).first()
    if job is None:
        return BackgroundJob.objects.get(pk=job_id)
    try:
        return _assemble(job, _certificate_ids(job))
    except Exception as exc:
        job_fail(job=job, error=str(exc))
        raise


def _assemble(job: BackgroundJob, ids: list[int]) -> BackgroundJob:
    """One entry per certificate of the decision, in number order (a missing PDF is rendered first); the
    archive is stored only when complete, so a restart never leaves half a ZIP or two of them."""
    decision = RecognitionDecision.objects.get(pk=job.params["decision_id"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for pk in ids:
            certificate = certificate_render_pdf(certificate_id=pk)
            document = certificate.pdf if certificate.pdf_sha256 else certificate.scan
            if document:
                with document.open("rb") as handle:
                    extension = document.name.rsplit(".", 1)[-1]
                    archive.writestr(f"{certificate.number.replace('/', '_')}.{extension}", handle.read())
    safe_number = (decision.number or str(decision.pk)).replace("/", "_")
    name = default_storage.save(
        f"certificates/zips/{job.pk}-{get_random_string(12)}-{safe_number}.zip", ContentFile(buffer.getvalue())
    )
    return job_finish(job=job, output_file=name, done=len(ids))
