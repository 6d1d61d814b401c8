"""Thin tasks: ids in, one service call."""

from celery import shared_task


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def supervision_notify_producer_task(self, event: str, pk: int) -> None:
    from supervision.services import supervision_notify_producer

    # A retry follows an e-mail the mail server refused (OSError): the in-app notice was already written.
    supervision_notify_producer(event=event, pk=pk, in_app=not self.request.retries)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def export_job_run_task(job_id: int) -> None:
    """An inspection list too large to export in a request (ocop.downloads.export_response), for the person who
    asked, in their scope and with their filters, as the list page gives it."""
    from ocop.services import export_job_run

    from .exports import inspection_workbook
    from .selectors import inspection_search

    export_job_run(
        job_id=job_id,
        builders={
            "inspections": lambda *, user, filters, progress: inspection_workbook(
                inspection_search(user=user, filters=filters)[0], progress=progress
            )
        },
    )
