"""The expiry watch: a daily job moves certificates through their validity states by date, tells the producer
at each step and sends each responsible officer one digest a day; and the way back to re-evaluation.

State machine. With d = valid_until − today (calendar days; valid_until is the last valid day, Điều 4.3):

    VALID           d ≥ 181
    RENEWAL_WINDOW  31 ≤ d ≤ 180   the re-evaluation phase. D26 Điều 7.6a: the dossier is filed "không sớm hơn
                                   180 ngày và không muộn hơn 120 ngày" before expiry, so the window itself is
                                   120 ≤ d ≤ 180 (first day valid_until − 180, last day valid_until − 120; for
                                   expiry 05/08/2029: 06/02/2029–07/04/2029). From d = 119 the window is closed:
                                   the status stays RENEWAL_WINDOW (the certificate is still valid and a dossier
                                   can still be filed late, Điều 12.3), and the step is recorded as the event
                                   WINDOW_CLOSED (its own notice, shown as "quá hạn nộp" on the list).
    EXPIRING        0 ≤ d ≤ 30     the last 30 days (148-era rule: holders told ≥ 30 days ahead); d = 0 is the
                                   expiry day itself, still valid.
    EXPIRED         d ≤ −1         from the day after valid_until …
    EXTENDED        −180 ≤ d ≤ −1  … unless a re-evaluation dossier for the product is pending then: Điều 12.3
                                   keeps the certificate valid until the authority decides, for at most 180 days
                                   after expiry (OCOP_EXPIRY_EXTENSION_DAYS, 0 turns it off). EXTENDED becomes
                                   EXPIRED once d < −180 or when no dossier is pending any more.
                                   Interpretation: "pending" = a re-evaluation registration of the product
                                   filed (submitted) and not yet decided; a dossier filed in time but still
                                   undecided at expiry is covered a fortiori. A draft does not count.
    REVOKED, SUPERSEDED            terminal; never touched here (superseding happens when the new certificate
                                   of a re-evaluation is issued, certificates.services.decisions).

Reminders that change no status (domain reference §8: notify at −210, −180, −130, −120 and 0 days):
    PREPARE         181 ≤ d ≤ 210  a month before the window opens, so the producer gathers what the dossier
                                   needs (test reports, legal papers still in force) and can file on day one.
    WINDOW_CLOSING  120 ≤ d ≤ 130  the window closes within ten days and no re-evaluation dossier has been
                                   filed for the product; not sent to a certificate whose "window open"
                                   notice itself came at d ≤ 130 (that notice already gave the closing date).

Boundary days: d = 181 → VALID, 180 → RENEWAL_WINDOW (notice "renewal_window"), 120 → still in the window,
119 → WINDOW_CLOSED event, 31 → RENEWAL_WINDOW, 30 → EXPIRING, 0 → EXPIRING, −1 → EXPIRED or EXTENDED.

A certificate the job has not seen for a while (a missed night, a historic certificate entered late) jumps
straight to the state its date calls for, with the notice of that state only (entering at d = 60 says "window
closed", not "window open").

Job steps (`certificates_flag_expiring`): each transition is a guarded bulk `update()` (status and date
condition in the WHERE clause) over ids read in keyset chunks, so memory is bounded and two concurrent runs
cannot move a row twice. In the chunk's transaction the step is written as a `CertificateNotice` row, unique per
(certificate, kind), plus one audit event per chunk. After the sweep, the producer notices that are not sent yet
and the officer digests of the day (unique per (officer, day)) are queued, each claimed by compare-and-swap
before its e-mail goes out. Run twice: nothing moves twice, nobody is notified twice.

Notices: the claim is `CertificateNotice.claimed_at` (one row per certificate and step); once sent, the time is
mirrored on the certificate's own renewal/expiring/expired_notice_sent_at. A failed send gives the claim back
with its error; the worker retries with backoff, and every run re-queues what is still unsent (the list shows
the error meanwhile). A digest covers the steps of its day; steps added by a second run later that same day
after the digest went out are on the list page but not in a second e-mail (one digest per officer and day).
"""

import datetime
import logging
from collections.abc import Iterator

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluation.choices import RegistrationKind, RegistrationStatus
from evaluation.models import Registration
from evaluation.selectors.reevaluation import REEVALUATION_CLOSES_DAYS, REEVALUATION_OPENS_DAYS, reevaluation_window
from ocop.cache import public_cache_bump
from ocop.choices import Role
from ocop.emails import office_reply_to, send_templated
from ocop.models import AdministrativeUnit, User
from ocop.permissions import unit_scope_q
from ocop.services import audit_record, notify, outbox_enqueue, outbox_enqueue_many
from ocop.site import site_url

from .. import hooks as certificate_hooks
from ..choices import CertificateStatus
from ..models import Certificate
from ..models_expiry import (
    CertificateNotice,
    CertificateReevaluation,
    NoticeKind,
    OfficerDigest,
)

logger = logging.getLogger(__name__)

S = CertificateStatus

# Điều 7.6a: not earlier than 180 and not later than 120 days before expiry; the rule itself lives in
# evaluation (the registration pages apply it too), see evaluation.selectors.reevaluation.reevaluation_window.
WINDOW_OPENS_DAYS = REEVALUATION_OPENS_DAYS
WINDOW_CLOSES_DAYS = REEVALUATION_CLOSES_DAYS
EXPIRING_DAYS = 30
PREPARE_DAYS = 210  # reminder: prepare the dossier, the window opens in 30 days
CLOSING_REMINDER_DAYS = 130  # reminder: the window closes in 10 days
CHUNK = 500
# A claim older than this belongs to a worker that died mid-send; another may take it over.
CLAIM_TIMEOUT = datetime.timedelta(minutes=15)
# Notices still unsent after this many attempts are left for a person to look at (shown on the list).
MAX_ATTEMPTS = 30

# The statuses the watch moves; REVOKED and SUPERSEDED are never touched.
WATCHED = (S.VALID, S.RENEWAL_WINDOW, S.EXPIRING, S.EXTENDED)

# A re-evaluation dossier that has been filed and not yet decided keeps the certificate alive (Điều 12.3).
PENDING_REEVALUATION = (
    RegistrationStatus.SUBMITTED,
    RegistrationStatus.FORWARDED,
    RegistrationStatus.ADVISORY_REVIEW,
    RegistrationStatus.SUPPLEMENT_REQUESTED,
    RegistrationStatus.READY_FOR_COUNCIL,
    RegistrationStatus.SCORED,
    RegistrationStatus.FORWARDED_TO_CENTRAL,
)
# A re-evaluation started from a certificate that is still open (a second click returns it).
CLOSED_REGISTRATION = (
    RegistrationStatus.DECIDED,
    RegistrationStatus.NOT_RECOGNISED,
    RegistrationStatus.WITHDRAWN,
    RegistrationStatus.REJECTED,
    RegistrationStatus.ELIMINATED,
)


def open_dossiers_of(product) -> QuerySet:
    """The product's dossiers still in progress (`product` may be an OuterRef): one is enough, no second one."""
    return Registration.objects.filter(product=product).exclude(status__in=CLOSED_REGISTRATION)


# Where the sent time of a step is mirrored on the certificate itself.
NOTICE_FIELD = {
    NoticeKind.RENEWAL_WINDOW: "renewal_notice_sent_at",
    NoticeKind.EXPIRING: "expiring_notice_sent_at",
    NoticeKind.EXPIRED: "expired_notice_sent_at",
}


def extension_days() -> int:
    return int(getattr(settings, "OCOP_EXPIRY_EXTENSION_DAYS", 180))


def extension_ends(valid_until: datetime.date) -> datetime.date:
    """The last day an extended certificate may last without a result (Điều 12.3)."""
    return valid_until + datetime.timedelta(days=extension_days())


# ---------------------------------------------------------------------------------------------------------
# Dates


def renewal_window(valid_until: datetime.date) -> tuple[datetime.date, datetime.date]:
    """First and last day on which a re-evaluation dossier may be filed (Điều 7.6a)."""
    return reevaluation_window(valid_until)


def product_certificate_expiry(product_id: int) -> datetime.date | None:
    """The expiry of the certificate a re-evaluation of this product renews (registered with evaluation in
    CertificatesConfig.ready, so a re-evaluation filed from the registration pages meets the same window)."""
    return (
        Certificate.objects.filter(product_id=product_id, status__in=(S.VALID, S.RENEWAL_WINDOW, S.EXPIRING))
        .order_by("-valid_until")
        .values_list("valid_until", flat=True)
        .first()
    )


def days_left(valid_until: datetime.date, today: datetime.date) -> int:
    return (valid_until - today).days


def expected_status(valid_until: datetime.date, today: datetime.date, *, pending_dossier: bool = False) -> str:
    """The status the state machine above gives a watched certificate on `today` (for display and tests)."""
    d = days_left(valid_until, today)
    if d > WINDOW_OPENS_DAYS:
        return S.VALID
    if d > EXPIRING_DAYS:
        return S.RENEWAL_WINDOW
    if d >= 0:
        return S.EXPIRING
    if pending_dossier and d >= -extension_days():
        return S.EXTENDED
    return S.EXPIRED


def status_today(certificate: Certificate, today: datetime.date) -> str:
    """The status the certificate has today even if tonight's sweep has not run yet (between midnight and the
    00:30 job, or on a missed night): what the public verification page shows. Terminal statuses and
    certificates still before their expiry keep their stored status."""
    status = certificate.status
    if status in (S.REVOKED, S.SUPERSEDED) or certificate.valid_until >= today:
        return status
    if status == S.EXPIRED:
        return status
    pending = _reevaluation_pending(certificate.product_id)
    return expected_status(certificate.valid_until, today, pending_dossier=pending)


def phase(certificate: Certificate, today: datetime.date) -> dict:
    """What the expiry list shows for a certificate: a short label, a Bootstrap colour and the days left."""
    d = days_left(certificate.valid_until, today)
    status = certificate.status
    if status == S.VALID:
        start, _end = renewal_window(certificate.valid_until)
        label = _("Chuẩn bị hồ sơ: nộp từ %(start)s") % {"start": f"{start:%d/%m/%Y}"}
        colour = "secondary"
    elif status == S.RENEWAL_WINDOW and d >= WINDOW_CLOSES_DAYS:
        label, colour = _("Trong thời hạn nộp hồ sơ đánh giá lại"), "info"
    elif status == S.RENEWAL_WINDOW:
        label, colour = _("Quá thời hạn nộp hồ sơ (chỉ nộp muộn, Điều 12.3)"), "warning"
    elif status == S.EXPIRING:
        label, colour = _("Sắp hết hạn"), "warning"
    elif status == S.EXTENDED:
        label, colour = _("Gia hạn chờ kết quả (Điều 12.3)"), "primary"
    elif status == S.EXPIRED:
        label, colour = _("Hết hạn"), "danger"
    else:
        label, colour = certificate.get_status_display(), "secondary"
    return {"label": label, "colour": colour, "days_left": d}


# ---------------------------------------------------------------------------------------------------------
# The daily sweep


def _ids_in_chunks(queryset: QuerySet, size: int = CHUNK) -> Iterator[list[int]]:
    """Ids of `queryset` in ascending chunks (keyset pagination: bounded memory, no long-lived cursor, and rows
    that leave the queryset while we work do not shift the pages)."""
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
                public_cache_bump()  # an expired certificate's product leaves the public catalogue
            CertificateNotice.objects.bulk_create(
                [CertificateNotice(certificate_id=pk, kind=kind, day=today) for pk in ids], ignore_conflicts=True
            )
            audit_record(
                actor=None,
                action=f"certificate.expiry.{kind}",
                summary=f"{len(ids)} giấy chứng nhận, ngày {today:%d/%m/%Y}",
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

    pending = Exists(
        Registration.objects.filter(
            product_id=OuterRef("product_id"),
            kind=RegistrationKind.REEVALUATION,
            status__in=PENDING_REEVALUATION,
        )
    )
    has_notice = {
        kind: Exists(CertificateNotice.objects.filter(certificate_id=OuterRef("pk"), kind=kind))
        for kind in NoticeKind.values
    }
    extension_floor = today - datetime.timedelta(days=extension_days())
    live = Certificate.objects.filter(status__in=(S.VALID, S.RENEWAL_WINDOW, S.EXPIRING))
    counts = {}

    # Latest states first, so that a certificate the job has not seen for a while jumps straight to its state.
    past_expiry = live.filter(valid_until__lt=today)
    counts["extended"] = _step(
        past_expiry.filter(pending, valid_until__gte=extension_floor),
        kind=NoticeKind.EXTENDED,
        today=today,
        to_status=S.EXTENDED,
    )
    counts["expired"] = _step(past_expiry, kind=NoticeKind.EXPIRED, today=today, to_status=S.EXPIRED)
    counts["extension_ended"] = _step(
        Certificate.objects.filter(status=S.EXTENDED).filter(Q(valid_until__lt=extension_floor) | ~pending),
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
            ).filter(~has_notice[NoticeKind.WINDOW_CLOSING], ~pending)
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
    counts["notices_queued"] = certificate_notices_queue()
    counts["digests_queued"] = officer_digests_queue(day=today)
    logger.info("expiry watch %s: %s", today.isoformat(), counts)
    return counts


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
    from ..tasks.expiry import certificate_notice_deliver_task

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
    from ..tasks.expiry import officer_digest_deliver_task

    for ids in _ids_in_chunks(responsible_officers(day=day)):
        OfficerDigest.objects.bulk_create([OfficerDigest(user_id=pk, day=day) for pk in ids], ignore_conflicts=True)
    queued = 0
    for ids in _ids_in_chunks(OfficerDigest.objects.filter(day=day, sent_at=None, attempts__lt=MAX_ATTEMPTS)):
        _queue(officer_digest_deliver_task, ids)
        queued += len(ids)
    return queued


# ---------------------------------------------------------------------------------------------------------
# Delivery: claim, send, record


def _claim(model, pk: int, now) -> bool:
    """Compare-and-swap claim of an unsent row: only one worker sends it (a stale claim may be taken over)."""
    return bool(
        model.objects.filter(pk=pk, sent_at=None)
        .filter(Q(claimed_at=None) | Q(claimed_at__lt=now - CLAIM_TIMEOUT))
        .update(claimed_at=now, attempts=F("attempts") + 1, last_attempt_at=now)
    )


def _release(model, pk: int, now, exc: BaseException) -> None:
    """A failed send gives the claim back (the retry may take it) and leaves its error where people see it."""
    model.objects.filter(pk=pk, claimed_at=now).update(
        claimed_at=None, last_error=f"{exc.__class__.__name__}: {exc}"[:500]
    )


def _absolute(path: str) -> str:
    return f"{site_url()}{path}"


def _notice_message(notice: CertificateNotice, certificate: Certificate) -> str:
    name, until = certificate.product_name, f"{certificate.valid_until:%d/%m/%Y}"
    start, end = renewal_window(certificate.valid_until)
    return {
        NoticeKind.PREPARE: _(
            "Giấy chứng nhận OCOP %(number)s (%(name)s) hết hạn ngày %(until)s. Thời hạn nộp hồ sơ đánh giá lại "
            "mở từ %(start)s đến %(end)s: hãy chuẩn bị hồ sơ ngay từ bây giờ."
        ),
        NoticeKind.WINDOW_CLOSING: _(
            "Còn %(left)s ngày để nộp hồ sơ đánh giá lại giấy chứng nhận OCOP %(number)s (%(name)s): hạn cuối %(end)s."
        ),
        NoticeKind.RENEWAL_WINDOW: _(
            "Giấy chứng nhận OCOP %(number)s (%(name)s) hết hạn ngày %(until)s. Hãy nộp hồ sơ đánh giá lại từ "
            "%(start)s đến %(end)s."
        ),
        NoticeKind.WINDOW_CLOSED: _(
            "Đã hết thời hạn nộp hồ sơ đánh giá lại cho giấy chứng nhận %(number)s (%(name)s), hết hạn ngày "
            "%(until)s. Hãy nộp hồ sơ ngay."
        ),
        NoticeKind.EXPIRING: _("Giấy chứng nhận OCOP %(number)s (%(name)s) sẽ hết hạn ngày %(until)s."),
        NoticeKind.EXTENDED: _(
            "Giấy chứng nhận OCOP %(number)s (%(name)s) được tiếp tục sử dụng trong khi chờ kết quả đánh giá lại."
        ),
        NoticeKind.EXPIRED: _("Giấy chứng nhận OCOP %(number)s (%(name)s) đã hết hạn từ ngày %(until)s."),
    }[notice.kind] % {
        "number": certificate.number,
        "name": name,
        "until": until,
        "start": f"{start:%d/%m/%Y}",
        "end": f"{end:%d/%m/%Y}",
        "left": max((end - notice.day).days, 0) + 1,
    }


# Notices that ask the producer to file a re-evaluation dossier: pointless once one is filed.
FILE_NOW_NOTICES = (NoticeKind.WINDOW_CLOSING, NoticeKind.WINDOW_CLOSED)


def _reevaluation_pending(product_id: int) -> bool:
    return Registration.objects.filter(
        product_id=product_id, kind=RegistrationKind.REEVALUATION, status__in=PENDING_REEVALUATION
    ).exists()


def certificate_notice_deliver(*, notice_id: int) -> bool:
    """Tell the producer about one step: an in-app notice to each member (exactly once: its claim commits with
    the notices) and one e-mail to the producer's address and its members (claimed by compare-and-swap; a
    failure releases the claim, records the error and re-raises so the task retries). True if sent now."""
    notice = (
        CertificateNotice.objects.select_related("certificate__product__producer__commune").filter(pk=notice_id).first()
    )
    if notice is None or notice.sent_at is not None:
        return False
    certificate = notice.certificate
    if notice.kind in FILE_NOW_NOTICES and _reevaluation_pending(certificate.product_id):
        # "File your dossier now" to a producer who has filed would be wrong: the step stays recorded (the
        # officers' digest lists it), the producer is not told.
        now = timezone.now()
        CertificateNotice.objects.filter(pk=notice.pk, sent_at=None).update(
            sent_at=now, in_app_at=now, last_error="", recipients=""
        )
        return False
    producer = certificate.product.producer
    members = list(producer.members.filter(is_active=True))
    message = _notice_message(notice, certificate)
    # Before the window the certificate is not on the expiry list yet: its own page says when to file.
    url = (
        reverse("certificates:certificate_detail", args=[certificate.pk])
        if notice.kind == NoticeKind.PREPARE
        else reverse("certificates:expiry_list")
    )
    with transaction.atomic():
        if CertificateNotice.objects.filter(pk=notice.pk, in_app_at=None).update(in_app_at=timezone.now()):
            notify(users=members, message=message, url=url)

    now = timezone.now()
    if not _claim(CertificateNotice, notice.pk, now):
        return False
    recipients = sorted({address for address in [producer.email, *(m.email for m in members)] if address})
    start, end = renewal_window(certificate.valid_until)
    context = {
        "certificate": certificate,
        "producer": producer,
        "notice": notice,
        "message": message,
        "window_start": start,
        "window_end": end,
        "days_to_file": max((end - notice.day).days, 0) + 1,
        "extension_until": certificate.valid_until + datetime.timedelta(days=extension_days()),
        "list_url": _absolute(url),
    }
    try:
        send_templated(
            f"certificate_{notice.kind}",
            to=recipients,
            context=context,
            reply_to=office_reply_to(producer.commune.parent_id),  # the province's standing OCOP office
        )
    except Exception as exc:  # any failure releases the claim; re-raised for the retry
        _release(CertificateNotice, notice.pk, now, exc)
        raise
    CertificateNotice.objects.filter(pk=notice.pk, claimed_at=now).update(
        sent_at=now,
        last_error="" if recipients else _("Chủ thể chưa có địa chỉ e-mail"),
        recipients=", ".join(recipients)[:500],
    )
    field = NOTICE_FIELD.get(notice.kind)
    if field:
        Certificate.objects.filter(pk=certificate.pk, **{field: None}).update(**{field: now})
    return True


DIGEST_LINES = 200  # a longer day is summarised with a count and a link to the list


def officer_digest_deliver(*, digest_id: int) -> bool:
    """Send one officer the day's digest: every certificate of their scope that took a step that day, in one
    e-mail. Claimed by compare-and-swap like the producer notices. True if sent now."""
    digest = OfficerDigest.objects.select_related("user__unit").filter(pk=digest_id).first()
    if digest is None or digest.sent_at is not None:
        return False
    now = timezone.now()
    if not _claim(OfficerDigest, digest.pk, now):
        return False
    user = digest.user
    notices = CertificateNotice.objects.filter(day=digest.day).filter(
        unit_scope_q(user, "certificate__product__producer__commune")
    )
    total = notices.count()
    sections = [section for section in certificate_hooks.digest_sections(user=user, day=digest.day) if section]
    lines = list(
        notices.select_related("certificate__product__producer__commune").order_by(
            "certificate__valid_until", "certificate_id"
        )[:DIGEST_LINES]
    )
    context = {
        "user": user,
        "day": digest.day,
        "notices": lines,
        "total": total,
        "more": max(total - len(lines), 0),
        "list_url": _absolute(reverse("certificates:expiry_list")),
        "sections": [{**section, "url": _absolute(section["url"])} for section in sections],
    }
    try:
        if total or sections:
            send_templated("officer_digest", to=[user.email], context=context)
    except Exception as exc:  # any failure releases the claim; re-raised for the retry
        _release(OfficerDigest, digest.pk, now, exc)
        raise
    with transaction.atomic():
        done = OfficerDigest.objects.filter(pk=digest.pk, claimed_at=now).update(
            sent_at=now, certificate_count=total, last_error=""
        )
        for section in sections if done else ():  # the other lines' in-app twins (e.g. overdue remedies)
            notify(users=[user], url=section["url"], message=section["title"])
        if done and total:  # the in-app twin of the e-mail, once: it commits with the sent mark
            notify(
                users=[user],
                url=reverse("certificates:expiry_list"),
                message=_("%(n)s giấy chứng nhận thuộc địa bàn đến mốc nhắc hạn hoặc đổi trạng thái ngày %(day)s.")
                % {"n": total, "day": f"{digest.day:%d/%m/%Y}"},
            )
    return True


# ---------------------------------------------------------------------------------------------------------
# Back to evaluation


REEVALUATION_FROM = (S.VALID, S.RENEWAL_WINDOW, S.EXPIRING)


def may_start_reevaluations(user: User) -> bool:
    """Roles that file dossiers: the producer, and officers typing one in on its behalf (never a viewer)."""
    return user.is_authenticated and not user.is_read_only and (user.role == Role.PRODUCER or user.is_officer)


def can_start_reevaluation(user: User, certificate: Certificate, today: datetime.date | None = None) -> bool:
    """The producer of the product or an officer may file from the first day of the window (d ≤ 180) until
    the expiry day, also late (Điều 12.3). A read-only viewer, an advisory or council member may not."""
    today = today or timezone.localdate()
    if not may_start_reevaluations(user):
        return False
    return certificate.status in REEVALUATION_FROM and 0 <= days_left(certificate.valid_until, today) <= 180


@transaction.atomic
def certificate_start_reevaluation(
    *, certificate: Certificate, by: User, today: datetime.date | None = None
) -> Registration:
    """One click from a certificate to a draft re-evaluation dossier, pre-filled from the last dossier
    (`registration_create_from_previous`), or a fresh draft for a historic certificate without one. The link
    certificate → registration is kept (CertificateReevaluation): when the new result is recognised, this is
    the certificate to supersede. A second click returns the open dossier instead of a new one."""
    today = today or timezone.localdate()
    # Serialise double clicks on the same certificate.
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    open_link = (
        CertificateReevaluation.objects.filter(certificate=certificate)
        .exclude(registration__status__in=CLOSED_REGISTRATION)
        .select_related("registration")
        .first()
    )
    if open_link is not None:
        return open_link.registration
    if not may_start_reevaluations(by):
        raise PermissionDenied
    d = days_left(certificate.valid_until, today)
    if certificate.status not in REEVALUATION_FROM or d < 0:
        raise ValidationError(_("Giấy chứng nhận này không còn có thể đánh giá lại."))
    if d > WINDOW_OPENS_DAYS:
        start, _end = renewal_window(certificate.valid_until)
        raise ValidationError(
            _("Chưa đến thời hạn nộp hồ sơ đánh giá lại: sớm nhất từ ngày %(start)s (Điều 7.6a).")
            % {"start": f"{start:%d/%m/%Y}"}
        )
    in_progress = open_dossiers_of(certificate.product_id).order_by("-id").first()
    if in_progress is not None:  # filed already, from the registration form: that one is the re-evaluation
        return in_progress
    from evaluation.services.dossier import registration_create, registration_create_from_previous

    if certificate.registration_id is not None:
        registration = registration_create_from_previous(
            previous=certificate.registration, kind=RegistrationKind.REEVALUATION, by=by
        )
    else:
        registration = registration_create(product=certificate.product, kind=RegistrationKind.REEVALUATION, by=by)
    CertificateReevaluation.objects.create(certificate=certificate, registration=registration, started_by=by)
    audit_record(
        actor=by,
        action="certificate.reevaluation_start",
        target=certificate,
        summary=f"Hồ sơ đánh giá lại #{registration.pk}",
        changes={"registration": registration.pk},
    )
    return registration


def certificate_replaced_by_registration(*, registration: Registration) -> Certificate | None:
    """The certificate a re-evaluation dossier was started from (to supersede once its new certificate is
    issued): the explicit one-click link first, otherwise the live certificate of the previous dossier."""
    link = CertificateReevaluation.objects.filter(registration=registration).select_related("certificate").first()
    if link is not None:
        return link.certificate
    if registration.previous_id is None:
        return None
    return (
        Certificate.objects.filter(registration_id=registration.previous_id, status__in=WATCHED)
        .order_by("-issued_on")
        .first()
    )


def expiry_check_request(*, by: User) -> None:
    """An officer asks for the daily check now (it runs on the worker once this request commits)."""
    from ..tasks.expiry import certificates_flag_expiring_task

    audit_record(actor=by, action="certificate.expiry.run_requested")
    outbox_enqueue(task=certificates_flag_expiring_task)
