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
MAX_RETRIES = 6


def backoff(retries: int) -> int:
    """1, 2, 4 … minutes, at most an hour; the next daily run re-queues whatever is still unsent."""
    return min(60 * 2**retries, 3600)


@shared_task(name="certificates.flag_expiring")
def certificates_flag_expiring_task(today: str | None = None) -> dict:
    """The daily job (scheduled in ocop/celery.py; also `manage.py flag_expiring_certificates`)."""
    from certificates.services.expiry.sweep import certificates_flag_expiring

    day = datetime.date.fromisoformat(today) if today else None
    return certificates_flag_expiring(today=day)


# Retried with exponential backoff on a worker. Run eagerly (the embedded default has no worker), a failure is
# not retried on the spot: its error is on the row and the next run sends it again.
@shared_task(bind=True, name="certificates.notice_deliver", max_retries=MAX_RETRIES)
def certificate_notice_deliver_task(self, notice_id: int) -> bool:
    from certificates.services.expiry.delivery import certificate_notice_deliver

    try:
        return certificate_notice_deliver(notice_id=notice_id)
    except RETRYABLE as exc:
        if self.request.is_eager:
            raise
        raise self.retry(exc=exc, countdown=backoff(self.request.retries)) from exc


@shared_task(bind=True, name="certificates.digest_deliver", max_retries=MAX_RETRIES)
def officer_digest_deliver_task(self, digest_id: int) -> bool:
    from certificates.services.expiry.delivery import officer_digest_deliver

    try:
        return officer_digest_deliver(digest_id=digest_id)
    except RETRYABLE as exc:
        if self.request.is_eager:
            raise
        raise self.retry(exc=exc, countdown=backoff(self.request.retries)) from exc


@shared_task(acks_late=True, reject_on_worker_lost=True)
def export_job_run_task(job_id: int) -> None:
    """An expiry list too large to export in a request (ocop.downloads.export_response), for the person who asked,
    in their scope and with their filters, as the list page gives it (today's phases)."""
    from django.utils import timezone

    from ocop.services import export_job_run

    from ..exports import expiry_workbook
    from ..selectors.expiry import certificate_expiry_list

    def expiry(*, user, filters, progress):
        today = timezone.localdate()
        certificates, _filterset = certificate_expiry_list(user=user, filters=filters, today=today)
        return expiry_workbook(certificates, today=today, progress=progress)

    export_job_run(job_id=job_id, builders={"expiry": expiry})
