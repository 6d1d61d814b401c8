"""Thin tasks: ids in, one service call."""

from celery import shared_task


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def supervision_notify_producer_task(event: str, pk: int) -> None:
    from supervision.services import supervision_notify_producer

    supervision_notify_producer(event=event, pk=pk)
