"""Thin Celery tasks of the API app: one service call each; retries live here."""

import smtplib

from celery import shared_task


@shared_task
def apiclients_warn_expiring_task() -> list[int]:
    """Daily (ocop/celery.py; also manage.py warn_expiring_tokens): tokens about to expire, once per token."""
    from .services import apiclients_warn_expiring

    return apiclients_warn_expiring()


# SMTP and network failures are worth retrying (smtplib's errors are OSErrors); a template error is not.
@shared_task(autoretry_for=(OSError, smtplib.SMTPException), retry_backoff=True, max_retries=5)
def apiclient_expiry_warning_send_task(client_ids: list[int]) -> list[str]:
    from .services import apiclient_expiry_warning_send

    return apiclient_expiry_warning_send(client_ids=client_ids)
