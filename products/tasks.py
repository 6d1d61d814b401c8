from celery import shared_task


@shared_task(acks_late=True, reject_on_worker_lost=True)
def import_job_run_task(job_id: int) -> None:
    from .services import import_job_run  # imported here: services import tasks

    import_job_run(job_id=job_id)
