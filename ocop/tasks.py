"""Thin Celery tasks of the core app: the outbox relay and the recovery of jobs whose worker died."""

from celery import shared_task


@shared_task(name="ocop.outbox_relay")
def outbox_relay_task() -> int:
    from ocop.services import outbox_relay

    return outbox_relay()


@shared_task(name="ocop.jobs_requeue_stale")
def jobs_requeue_stale_task() -> int:
    from ocop.services import jobs_requeue_stale

    return jobs_requeue_stale()
