from celery import shared_task


@shared_task(acks_late=True, reject_on_worker_lost=True)
def report_job_run_task(job_id: int) -> None:
    from .services import report_job_run  # imported here: services import tasks

    report_job_run(job_id=job_id)


@shared_task
def statistics_warm_task() -> int:
    """Nightly, after the expiry sweep: every province's counts cached for the day's first national dashboard."""
    from .selectors.national import statistics_warm

    return statistics_warm()
