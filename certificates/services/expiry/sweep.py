"""The expiry watch's daily sweep: moves certificates through their states in guarded chunks, records each step
once, then queues the producer notices and the officer digests of the day."""

import datetime
import logging
from collections.abc import Iterator

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from ocop.cache import public_cache_bump
from ocop.choices import Role
from ocop.models import AdministrativeUnit, User
from ocop.services import audit_record, outbox_enqueue, outbox_enqueue_many
from products.choices import ProductStatus
from products.models import Product
from products.services import product_refresh_status

from ... import hooks as certificate_hooks
from ...choices import LIVE_STATUSES, CertificateStatus, NoticeKind
from ...models import Certificate, CertificateNotice, OfficerDigest
from ...models.status import live_today_q
from ...selectors.expiry import dossier_filed_q
from .delivery import MAX_ATTEMPTS
from .states import (
    CLOSING_REMINDER_DAYS,
    EXPIRING_DAYS,
    PREPARE_DAYS,
    WATCHED,
    WINDOW_CLOSES_DAYS,
    WINDOW_OPENS_DAYS,
    days_left,
)

S = CertificateStatus

logger = logging.getLogger(__name__)

CHUNK = 500


def _ids_in_chunks(queryset: QuerySet, size: int | None = None) -> Iterator[list[int]]:
    """Ids of `queryset` in ascending chunks (keyset pagination: bounded memory, no long-lived cursor, and rows
    that leave the queryset while we work do not shift the pages). `size` defaults to CHUNK, read at call time."""
    size = size or CHUNK
    last = 0
    while True:
        ids = list(queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size])
        if not ids:
            return
        yield ids
        last = ids[-1]


def _step(candidates: QuerySet, *, kind: str, today: datetime.date, to_status: str | None) -> int:
    """Move `candidates` to `to_status` (None: status unchanged) and record the step `kind` for each of them.
    Returns how many certificates took the step now."""
    taken = 0
    for chunk in _ids_in_chunks(candidates):
        with transaction.atomic():
            # Lock and re-read under the guard: a concurrent run waits here, then finds nothing left to move.
            ids = list(candidates.filter(pk__in=chunk).select_for_update(of=("self",)).values_list("pk", flat=True))
            if not ids:
                continue
            if to_status is not None:
                Certificate.objects.filter(pk__in=ids, status__in=WATCHED).exclude(status=to_status).update(
                    status=to_status, status_changed_on=today, updated_at=timezone.now()
                )
                # An expired certificate's product leaves the public catalogue. Every province's figures go stale
                # (no unit named): the nightly sweep touches most of them, and the day in their keys moved anyway.
                public_cache_bump()
                if to_status == S.EXPIRED:
                    # Its product is no longer recognised: the stored status the officers' lists and counts read.
                    for product in Product.objects.filter(certificates__pk__in=ids).distinct():
                        product_refresh_status(product=product)
            CertificateNotice.objects.bulk_create(
                [CertificateNotice(certificate_id=pk, kind=kind, day=today) for pk in ids], ignore_conflicts=True
            )
            audit_record(
                actor=None,
                action=f"certificate.expiry.{kind}",
                changes={"status": to_status or "", "certificate_ids": ids},
            )
            taken += len(ids)
    return taken


def certificates_flag_expiring(*, today: datetime.date | None = None) -> dict:
    """Run the state machine of this module for `today` (default: today in Asia/Ho_Chi_Minh), then queue the
    producer notices and the officer digests. Idempotent; not one big transaction on purpose (each chunk
    commits on its own so a national sweep never holds thousands of row locks).
    Returns {step: how many certificates took it, "notices_queued": …, "digests_queued": …}."""
    today = today or timezone.localdate()

    def on_or_before(days: int) -> datetime.date:
        return today + datetime.timedelta(days=days)

    # The window closing is recorded unless a dossier is properly filed (dossier_filed_q: a re-evaluation or an
    # upgrade with the commune or the province). One filed and returned to complete is filed by the list's rule
    # (renewal_filed_q: nobody asks the producer to file again, delivery does not send the reminder), yet at risk: the
    # council's 45 days run only from a complete dossier (Điều 7.6g) and it is the producer's turn while the window
    # closes, so the step stays recorded and the officers' digest lists it as such (delivery.digest_step_label).
    properly_filed = dossier_filed_q()
    has_notice = {
        kind: Exists(CertificateNotice.objects.filter(certificate_id=OuterRef("pk"), kind=kind))
        for kind in NoticeKind.values
    }
    live = Certificate.objects.filter(status__in=(S.VALID, S.RENEWAL_WINDOW, S.EXPIRING))
    counts = {}

    # Latest states first, so that a certificate the job has not seen for a while jumps straight to its state.
    past_expiry = live.filter(valid_until__lt=today)
    counts["extended"] = _step(
        past_expiry.filter(live_today_q(today=today)),  # a re-evaluation pending, within its 180 days
        kind=NoticeKind.EXTENDED,
        today=today,
        to_status=S.EXTENDED,
    )
    counts["expired"] = _step(past_expiry, kind=NoticeKind.EXPIRED, today=today, to_status=S.EXPIRED)
    counts["extension_ended"] = _step(
        Certificate.objects.filter(status=S.EXTENDED).exclude(live_today_q(today=today)),
        kind=NoticeKind.EXPIRED,
        today=today,
        to_status=S.EXPIRED,
    )
    counts["expiring"] = _step(
        Certificate.objects.filter(
            status__in=(S.VALID, S.RENEWAL_WINDOW), valid_until__gte=today, valid_until__lte=on_or_before(EXPIRING_DAYS)
        ),
        kind=NoticeKind.EXPIRING,
        today=today,
        to_status=S.EXPIRING,
    )
    counts["renewal_window"] = _step(
        Certificate.objects.filter(
            status=S.VALID,
            valid_until__gte=on_or_before(WINDOW_CLOSES_DAYS),
            valid_until__lte=on_or_before(WINDOW_OPENS_DAYS),
        ),
        kind=NoticeKind.RENEWAL_WINDOW,
        today=today,
        to_status=S.RENEWAL_WINDOW,
    )
    counts["prepare"] = _step(
        Certificate.objects.filter(
            status=S.VALID,
            valid_until__gt=on_or_before(WINDOW_OPENS_DAYS),
            valid_until__lte=on_or_before(PREPARE_DAYS),
        ).filter(~has_notice[NoticeKind.PREPARE]),
        kind=NoticeKind.PREPARE,
        today=today,
        to_status=None,
    )
    counts["window_closing"] = _step(
        _window_closing_candidates(
            Certificate.objects.filter(
                status=S.RENEWAL_WINDOW,
                valid_until__gte=on_or_before(WINDOW_CLOSES_DAYS),
                valid_until__lte=on_or_before(CLOSING_REMINDER_DAYS),
            ).filter(~has_notice[NoticeKind.WINDOW_CLOSING], ~properly_filed)
        ),
        kind=NoticeKind.WINDOW_CLOSING,
        today=today,
        to_status=None,
    )
    # d in 31..119: entering the phase late, or having been in the window until yesterday.
    counts["window_closed"] = _step(
        Certificate.objects.filter(
            status__in=(S.VALID, S.RENEWAL_WINDOW),
            valid_until__gt=on_or_before(EXPIRING_DAYS),
            valid_until__lt=on_or_before(WINDOW_CLOSES_DAYS),
        ).filter(~has_notice[NoticeKind.WINDOW_CLOSED]),
        kind=NoticeKind.WINDOW_CLOSED,
        today=today,
        to_status=S.RENEWAL_WINDOW,
    )
    counts["products_refreshed"] = _products_without_live_certificate_refresh()
    counts["notices_queued"] = certificate_notices_queue()
    counts["digests_queued"] = officer_digests_queue(day=today)
    logger.info("expiry watch %s: %s", today.isoformat(), counts)
    return counts


def certificate_extension_end(product_id: int) -> int:
    """The product's re-evaluation stopped pending without a decision (withdrawn, rejected, eliminated, not
    recognised; evaluation.hooks.reevaluation_ended, called by the move in the same transaction): its extended
    certificate (Điều 12.3) expires now, as `effective_status` already says on the verification page, with the
    step the sweep would take the next night (status, product, notice). A certificate still extended by another
    pending re-evaluation of the product stays so (live_today_q). Returns how many certificates took the step."""
    today = timezone.localdate()
    ended = Certificate.objects.filter(product_id=product_id, status=S.EXTENDED).exclude(live_today_q(today=today))
    return certificates_expire_now(ids=list(ended.values_list("pk", flat=True)), today=today)


def certificates_expire_now(*, ids: list[int], today: datetime.date) -> int:
    """Those of `ids` stored live that no longer certify their product on `today` (past their last day and not
    extended, live_today_q) take now the step the sweep would take the next night: stored expired, their product's
    status derived again, the producer's notice recorded and queued. Any other certificate is left as it is.
    Inside the caller's transaction, if any. Returns how many certificates took the step."""
    from ...tasks.expiry import certificate_notice_deliver_task

    lapsed = Certificate.objects.filter(pk__in=ids, status__in=LIVE_STATUSES).exclude(live_today_q(today=today))
    ids = list(lapsed.values_list("pk", flat=True))
    if not ids:
        return 0
    taken = _step(Certificate.objects.filter(pk__in=ids), kind=NoticeKind.EXPIRED, today=today, to_status=S.EXPIRED)
    notices = CertificateNotice.objects.filter(certificate_id__in=ids, kind=NoticeKind.EXPIRED, sent_at=None)
    _queue(certificate_notice_deliver_task, list(notices.values_list("pk", flat=True)))
    return taken


def _products_without_live_certificate_refresh() -> int:
    """Products stored as recognised that hold no live certificate: their certificate left the live statuses by a
    path that did not store the product's status (an expiry swept before that step existed, a data fix): their
    status is derived again, every night, so that the officers' lists and counts heal by themselves."""
    stale = Product.objects.filter(status=ProductStatus.RECOGNISED).exclude(
        Exists(Certificate.objects.filter(product_id=OuterRef("pk"), status__in=LIVE_STATUSES))
    )
    refreshed = 0
    for product in stale.iterator(chunk_size=CHUNK):
        with transaction.atomic():
            product_refresh_status(product=product)
        refreshed += 1
    return refreshed


def _window_closing_candidates(candidates: QuerySet) -> QuerySet:
    """`candidates` without the certificates whose "window open" notice came at d ≤ 130 (it already said when
    the window closes; a second e-mail days later would only repeat it). At most the certificates of eleven
    expiry days are read here, in chunks."""
    opened = Subquery(
        CertificateNotice.objects.filter(certificate_id=OuterRef("pk"), kind=NoticeKind.RENEWAL_WINDOW).values("day")[
            :1
        ]
    )
    late = []
    for ids in _ids_in_chunks(candidates):
        for pk, valid_until, opened_on in (
            Certificate.objects.filter(pk__in=ids)
            .annotate(opened_on=opened)
            .values_list("pk", "valid_until", "opened_on")
        ):
            if opened_on is not None and days_left(valid_until, opened_on) <= CLOSING_REMINDER_DAYS:
                late.append(pk)
    return candidates.exclude(pk__in=late)


def _queue(task, ids: list[int]) -> None:
    """Queue one delivery per row through the outbox (sent after the commit; kept when the broker is down).
    A failing delivery must not stop the sweep (robust): the row keeps its error, stays unsent, and the next
    run queues it again."""
    outbox_enqueue_many(task=task, calls=[((pk,), {}) for pk in ids], robust=True)


def certificate_notices_queue() -> int:
    """Queue a delivery task for every notice not sent yet (today's, and earlier failures still under the
    attempt cap). A notice queued twice is still sent once: delivery claims it first."""
    from ...tasks.expiry import certificate_notice_deliver_task

    queued = 0
    unsent = CertificateNotice.objects.filter(sent_at=None, attempts__lt=MAX_ATTEMPTS)
    for ids in _ids_in_chunks(unsent):
        _queue(certificate_notice_deliver_task, ids)
        queued += len(ids)
    return queued


def responsible_officers(*, day: datetime.date) -> QuerySet:
    """Commune officers of the communes and province officers of the provinces where a certificate took a
    step on `day` (active, with an e-mail address)."""
    communes = CertificateNotice.objects.filter(day=day).values("certificate__product__producer__commune_id")
    provinces = AdministrativeUnit.objects.filter(pk__in=communes).values("parent_id")
    responsible = Q(role=Role.COMMUNE_OFFICER, unit_id__in=communes) | Q(
        role=Role.PROVINCE_OFFICER, unit_id__in=provinces
    )
    for ids in certificate_hooks.digest_recipients(day=day):  # e.g. supervision: overdue remedies, 15-day limits
        responsible |= Q(pk__in=ids)
    return User.objects.filter(is_active=True).exclude(email="").filter(responsible)


def officer_digests_queue(*, day: datetime.date) -> int:
    """Create the day's digest rows (one per officer and day) and queue those not sent yet."""
    from ...tasks.expiry import officer_digest_deliver_task

    for ids in _ids_in_chunks(responsible_officers(day=day)):
        OfficerDigest.objects.bulk_create([OfficerDigest(user_id=pk, day=day) for pk in ids], ignore_conflicts=True)
    queued = 0
    for ids in _ids_in_chunks(OfficerDigest.objects.filter(day=day, sent_at=None, attempts__lt=MAX_ATTEMPTS)):
        _queue(officer_digest_deliver_task, ids)
        queued += len(ids)
    return queued


def expiry_check_request(*, by: User) -> None:
    """An officer asks for the daily check now (it runs on the worker once this request commits)."""
    from ...tasks.expiry import certificates_flag_expiring_task

    audit_record(actor=by, action="certificate.expiry.run_requested")
    outbox_enqueue(task=certificates_flag_expiring_task)
