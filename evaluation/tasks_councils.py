"""Council tasks: the daily reminder to members with unsubmitted sheets before a session."""

from celery import shared_task

__all__ = ["sheet_reminders_task"]


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def sheet_reminders_task() -> int:
    """Idempotent: each (session, member, day) is claimed before its e-mail is sent."""
    from .services.council_reminders import sheet_reminders_send

    return sheet_reminders_send()
