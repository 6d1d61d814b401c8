from celery import shared_task


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def producer_invite_send_task(user_id: int, producer_id: int, by_id: int) -> int:
    from .services import producer_invite_send  # imported here: services import tasks

    return producer_invite_send(user_id=user_id, producer_id=producer_id, by_id=by_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def import_job_run_task(job_id: int) -> None:
    from .imports import import_job_run  # imported here: the import module imports tasks

    import_job_run(job_id=job_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def export_job_run_task(job_id: int) -> None:
    """A registry list too large to export in a request (ocop.downloads.export_response), for the person who asked,
    in their scope and with their filters, as the list page gives it."""
    from ocop.services import export_job_run

    from . import excel, selectors

    export_job_run(
        job_id=job_id,
        builders={
            "producers": lambda *, user, filters, progress: excel.export_producers(
                selectors.producer_list(user=user, filters=filters), progress
            ),
            "products": lambda *, user, filters, progress: excel.export_products(
                selectors.product_list(user=user, filters=filters), progress
            ),
        },
    )
