"""Thin Celery tasks of the expiry watch: ids in, one service call each; retries live here."""

import datetime
import smtplib

from celery import shared_task

__all__ = [
    "certificate_notice_deliver_task",
    "certificates_flag_expiring_task",
    "officer_digest_deliver_task",
]

# SMTP and network failures are worth retrying (smtplib's errors are OSErrors); a template error is not.
RETRYABLE = (OSError, smtplib.SMTPException)


@shared_task(name="certificates.flag_expiring")
def certificates_flag_expiring_task(today: str | None = None) -> dict:
    """The daily job (scheduled in ocop/celery.py; also `manage.py flag_expiring_certificates`)."""
    from certificates.services.expiry import certificates_flag_expiring

    day = datetime.date.fromisoformat(today) if today else None
    return certificates_flag_expiring(today=day)


@shared_task(name="certificates.notice_deliver", autoretry_for=RETRYABLE, retry_backoff=60,
             retry_backoff_max=3600, retry_jitter=True, max_retries=6)
def certificate_notice_deliver_task(notice_id: int) -> bool:
    from certificates.services.expiry import certificate_notice_deliver

    return certificate_notice_deliver(notice_id=notice_id)


@shared_task(name="certificates.digest_deliver", autoretry_for=RETRYABLE, retry_backoff=60,
             retry_backoff_max=3600, retry_jitter=True, max_retries=6)
def officer_digest_deliver_task(digest_id: int) -> bool:
    from certificates.services.expiry import officer_digest_deliver

    return officer_digest_deliver(digest_id=digest_id)
