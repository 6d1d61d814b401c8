"""Thin Celery tasks for decisions and certificates: ids in, one service call each."""

from celery import shared_task
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

__all__ = [
    "certificate_notify_issued_task",
    "certificate_notify_revoked_task",
    "certificate_render_pdf_task",
    "certificate_zip_assemble_task",
    "certificate_zip_chunk_task",
    "certificate_zip_task",
    "decision_render_certificates_task",
]


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def certificate_render_pdf_task(
    certificate_id: int, reason: str = "", by_id: int | None = None, new_version: bool = False
) -> None:
    from certificates.services.certificates import certificate_render_pdf
    from ocop.models import User

    by = User.objects.filter(pk=by_id).first() if by_id else None
    # returns at once if already rendered (unless a correction asks for a new version)
    certificate_render_pdf(certificate_id=certificate_id, reason=reason, by=by, new_version=new_version)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def decision_render_certificates_task(decision_id: int) -> None:
    from certificates.services.certificates import decision_render_certificates

    decision_render_certificates(decision_id=decision_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def certificate_zip_task(job_id: int) -> None:
    from certificates.services.batches import zip_job_run

    zip_job_run(job_id=job_id)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=3, default_retry_delay=10)
def certificate_zip_chunk_task(self, job_id: int, index: int, attempt: int) -> None:
    """One slice of a decision's ZIP; retried when it fails (rendering is idempotent, so a retry renders only
    what is missing), and after the last retry the job fails with the chunk's error."""
    from certificates.services.batches import zip_chunk_failed, zip_chunk_run

    try:
        zip_chunk_run(job_id=job_id, index=index, attempt=attempt)
    except Exception as exc:
        if self.request.retries >= self.max_retries:
            zip_chunk_failed(job_id=job_id, index=index, attempt=attempt, error=str(exc))
            raise
        raise self.retry(exc=exc) from exc


@shared_task(acks_late=True, reject_on_worker_lost=True)
def certificate_zip_assemble_task(job_id: int, attempt: int) -> None:
    from certificates.services.batches import zip_assemble_run

    zip_assemble_run(job_id=job_id, attempt=attempt)


def _notify_producer(certificate_id: int, template: str, message: Promise, *, in_app: bool = True) -> None:
    """The producer's members in the app, then the producer's addresses by e-mail. `in_app` False on a retry: the
    attempt that failed on the e-mail (OSError) had already written the in-app notice, in its own commit."""
    from django.urls import reverse

    from certificates.models import Certificate
    from ocop.emails import office_reply_to, send_templated_to
    from ocop.phrases import Phrase
    from ocop.selectors import issuer_in_text
    from ocop.services import notify

    certificate = Certificate.objects.select_related("product__producer__commune", "decision").get(pk=certificate_id)
    producer = certificate.product.producer
    members = list(producer.members.filter(is_active=True))
    url = reverse("certificates:certificate_detail", args=[certificate.pk])
    if in_app:
        notify(
            users=members, message=Phrase(message, name=certificate.product_name, number=certificate.number), url=url
        )
    revocation = getattr(certificate, "revocation", None) if certificate.status == "revoked" else None
    send_templated_to(
        template,
        users=members,
        addresses=[producer.email],
        # The issuer as a sentence names it, not in the decision heading's capitals.
        context={
            "certificate": certificate,
            "revocation": revocation,
            "url": url,
            "issuer": issuer_in_text(certificate.decision),
        },
        reply_to=office_reply_to(producer.commune.parent_id),  # the province's standing OCOP office
    )


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def certificate_notify_issued_task(self, certificate_id: int) -> None:
    _notify_producer(
        certificate_id,
        "certificate_issued",
        gettext_lazy("Sản phẩm “%(name)s” đã được cấp giấy chứng nhận OCOP số %(number)s."),
        in_app=not self.request.retries,
    )


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def certificate_notify_revoked_task(self, certificate_id: int) -> None:
    _notify_producer(
        certificate_id,
        "certificate_revoked",
        gettext_lazy("Giấy chứng nhận OCOP số %(number)s của sản phẩm “%(name)s” đã bị thu hồi."),
        in_app=not self.request.retries,
    )
