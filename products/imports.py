"""The registry's Excel import of producers and products: a small file checked and written at once, a large one by a
background job (claimed, with progress, written all rows or none). Each row is written by the registry's own
services (products.services), with their checks and audit."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import ngettext

from ocop.choices import JobKind
from ocop.db import analyze
from ocop.models import BackgroundJob, User
from ocop.services import audit_record, job_claim, job_fail, job_finish, job_language, job_progress, job_start
from ocop.text import nfc

from .models import Producer, Product
from .permissions import is_registry_officer
from .services import producer_create, producer_update, product_create, product_update


def import_start(*, kind: str, upload, by: User) -> tuple[BackgroundJob | None, dict | None]:
    """Read the file; small files are checked and imported at once (result returned, no job), large ones get a
    background job and a Celery task queued through the outbox (result None). Nothing is written when any row
    has an error."""
    from . import excel

    if not is_registry_officer(by) or by.is_read_only:
        raise PermissionDenied
    rows = excel.read_rows(kind=kind, upload=upload)
    upload.seek(0)
    if len(rows) <= excel.IMPORT_ASYNC_ROWS:
        return None, import_apply(kind=kind, rows=rows, by=by)
    from .tasks import import_job_run_task

    file_name = nfc(getattr(upload, "name", "") or "")  # shown on the job's page: NFC like every typed text
    upload.name = f"products/imports/{uuid.uuid4().hex}.xlsx"
    job = job_start(
        kind=JobKind.IMPORT_PRODUCERS if kind == "producers" else JobKind.IMPORT_PRODUCTS,
        task=import_job_run_task,
        by=by,
        total=len(rows),
        params={"kind": kind},
        input_file=upload,
        file_name=file_name,
    )
    return job, None


def import_apply(*, kind: str, rows: list[dict], by: User, progress=None) -> dict:
    """Check every row, then write all of them in one transaction, or none if any row is wrong."""
    from . import excel

    checked, errors = excel.validate_rows(kind=kind, rows=rows, by=by, progress=progress)
    if errors:
        return {"created": 0, "updated": 0, "unchanged": 0, "errors": errors}
    created = updated = unchanged = 0
    with transaction.atomic():
        for row in checked:
            try:
                obj = row.pop("_existing")
                if obj is None:
                    if kind == "producers":
                        producer_create(by=by, data=row["data"])
                    else:
                        product_create(producer=row.pop("_producer"), by=by, data=row["data"])
                    created += 1
                    continue
                if kind == "producers":
                    saved = producer_update(producer=obj, by=by, data=row["data"])
                else:
                    saved = product_update(product=obj, by=by, data=row["data"])
                if saved.updated_at != obj.updated_at:  # an update that changes no field saves nothing
                    updated += 1
                else:
                    unchanged += 1
            except ValidationError as exc:
                # A rule only the database knows (e.g. a race on a tax code): undo everything.
                transaction.set_rollback(True)
                return {"created": 0, "updated": 0, "unchanged": 0, "errors": excel.errors_from(row["row"], exc, kind)}
        audit_record(
            actor=by,
            action=f"{kind}.import",
            changes={"created": created, "updated": updated},
        )
        if len(checked) >= excel.ANALYZE_AFTER_ROWS:  # thousands of new rows: fresh planner statistics
            filled = (Producer,) if kind == "producers" else (Product,)
            transaction.on_commit(lambda: analyze(*filled))
    return {"created": created, "updated": updated, "unchanged": unchanged, "errors": []}


def import_job_run(*, job_id: int) -> BackgroundJob | None:
    """Run a queued import once: claim it (or reclaim it from a worker that died), check every row with
    progress, then write all rows or none in one transaction (a crash mid-way writes nothing, so the restart
    cannot duplicate a row)."""
    from . import excel

    job = job_claim(job_id=job_id)
    if job is None:
        return None
    kind = job.params["kind"]
    try:
        with job.input_file.open("rb") as handle:
            rows = excel.read_rows(kind=kind, upload=handle)

        def progress(done: int) -> None:
            job_progress(job=job, done=done, total=len(rows))

        with job_language(job):  # the row errors are the asker's to read
            try:
                result = import_apply(kind=kind, rows=rows, by=job.created_by, progress=progress)
            except ValidationError as exc:
                result = {
                    "created": 0,
                    "updated": 0,
                    "unchanged": 0,
                    "errors": [{"row": None, "column": "", "message": m} for m in exc.messages],
                }
    except Exception as exc:  # the job row must say what went wrong, or it stays "running" and is queued forever
        job_fail(job=job, error=" ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
        raise
    with job_language(job):
        if result["errors"]:
            return job_fail(
                job=job,
                error=ngettext(
                    "Tệp có %(n)s lỗi; chưa nhập dòng nào.",
                    "Tệp có %(n)s lỗi; chưa nhập dòng nào.",
                    len(result["errors"]),
                )
                % {"n": len(result["errors"])},
                result=result,
            )
    return job_finish(job=job, result=result, done=len(rows))
