from celery import shared_task


@shared_task(acks_late=True, reject_on_worker_lost=True)
def import_job_run_task(job_id: int) -> None:
    from .services import import_job_run  # imported here: services import tasks

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
