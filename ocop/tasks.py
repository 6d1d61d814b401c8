"""Thin Celery tasks of the core app: the outbox relay and the recovery of jobs whose worker died."""

from celery import shared_task


@shared_task(name="ocop.outbox_relay")
def outbox_relay_task() -> int:
    from ocop.services import outbox_relay

    return outbox_relay()


@shared_task(name="ocop.outbox_prune")
def outbox_prune_task() -> int:
    from ocop.services import outbox_prune

    return outbox_prune()


@shared_task(name="ocop.jobs_requeue_stale")
def jobs_requeue_stale_task() -> int:
    from ocop.services import jobs_requeue_stale

    return jobs_requeue_stale()


@shared_task(name="ocop.password_reset_send", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def password_reset_send_task(user_id: int, language: str) -> int:
    from ocop.emails import password_reset_send

    return password_reset_send(user_id=user_id, language=language)
