"""The expiry watch's deliveries: each producer notice and officer digest is claimed by compare-and-swap, sent
once, and its failure recorded where people see it."""

import datetime

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.emails import office_reply_to, send_templated_to
from ocop.permissions import unit_scope_q
from ocop.phrases import Phrase
from ocop.services import notify
from ocop.site import site_url

from ... import hooks as certificate_hooks
from ...choices import CertificateStatus, NoticeKind
from ...models import Certificate, CertificateNotice, OfficerDigest
from ...selectors.expiry import (
    certificate_renewal_filed,
    dossier_filed_q,
    filed_dossier_kind,
    filed_early_q,
    filed_in_window_q,
    reevaluation_pending_q,
)
from .reevaluation import reevaluation_prefilled
from .states import extension_ends, extension_note, filed_label, renewal_window

S = CertificateStatus

# A claim older than this belongs to a worker that died mid-send; another may take it over.
CLAIM_TIMEOUT = datetime.timedelta(minutes=15)
# Notices still unsent after this many attempts are left for a person to look at (shown on the list).
MAX_ATTEMPTS = 30

# Where the sent time of a step is mirrored on the certificate itself.
NOTICE_FIELD = {
    NoticeKind.RENEWAL_WINDOW: "renewal_notice_sent_at",
    NoticeKind.EXPIRING: "expiring_notice_sent_at",
    NoticeKind.EXPIRED: "expired_notice_sent_at",
}


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


def _was_extended(notice: CertificateNotice, certificate: Certificate) -> bool:
    """An expiry that ends an extension (Điều 12.3): the certificate was in use past its printed last valid day."""
    return (
        notice.kind == NoticeKind.EXPIRED
        and CertificateNotice.objects.filter(certificate=certificate, kind=NoticeKind.EXTENDED).exists()
    )


def _notice_message(notice: CertificateNotice, certificate: Certificate, *, was_extended: bool = False) -> Phrase:
    name, until = certificate.product_name, f"{certificate.valid_until:%d/%m/%Y}"
    start, end = renewal_window(certificate.valid_until) or (None, None)  # none: no D26 window
    if was_extended:
        # Not "valid until" the printed day: it was in use until its extension ended.
        return Phrase(EXTENSION_ENDED, number=certificate.number, name=name)
    text = {
        NoticeKind.PREPARE: gettext_lazy(
            "Giấy chứng nhận OCOP %(number)s (%(name)s) hết hạn ngày %(until)s. Thời hạn nộp hồ sơ đánh giá lại "
            "mở từ %(start)s đến %(end)s: hãy chuẩn bị hồ sơ ngay từ bây giờ."
        ),
        NoticeKind.WINDOW_CLOSING: gettext_lazy(
            "Còn %(left)s ngày để nộp hồ sơ đánh giá lại giấy chứng nhận OCOP %(number)s (%(name)s): hạn cuối %(end)s."
        ),
        NoticeKind.RENEWAL_WINDOW: gettext_lazy(
            "Giấy chứng nhận OCOP %(number)s (%(name)s) hết hạn ngày %(until)s. Hãy nộp hồ sơ đánh giá lại từ "
            "%(start)s đến %(end)s."
        ),
        NoticeKind.WINDOW_CLOSED: gettext_lazy(
            "Đã hết thời hạn nộp hồ sơ đánh giá lại cho giấy chứng nhận %(number)s (%(name)s), hết hạn ngày "
            "%(until)s. Hãy nộp hồ sơ ngay."
        ),
        NoticeKind.EXPIRING: gettext_lazy("Giấy chứng nhận OCOP %(number)s (%(name)s) sẽ hết hạn ngày %(until)s."),
        # Not the printed last valid day: extended, and until when at most (one wording: extension_note).
        NoticeKind.EXTENDED: gettext_lazy(
            "Giấy chứng nhận OCOP %(number)s (%(name)s) đã qua ngày hết hạn ghi trên giấy. %(extension)s %(duty)s"
        ),
        # %(until)s is the last valid day: the certificate expired after it, not "from" it.
        NoticeKind.EXPIRED: gettext_lazy(
            "Giấy chứng nhận OCOP %(number)s (%(name)s) đã hết hạn: hiệu lực đến hết ngày %(until)s."
        ),
    }[notice.kind]
    return Phrase(
        text,
        number=certificate.number,
        name=name,
        until=until,
        start=f"{start:%d/%m/%Y}" if start else "",
        end=f"{end:%d/%m/%Y}" if end else "",
        left=max((end - notice.day).days, 0) + 1 if end else 0,
        extension=extension_note(certificate.valid_until),
        duty=EXTENSION_DUTY,
    )


# Điều 12.3, second sentence: the producer's duty while the certificate is extended (the notice and its e-mail).
EXTENSION_DUTY = gettext_lazy(
    "Trong thời gian gia hạn, chủ thể OCOP phải chịu trách nhiệm về sản phẩm OCOP theo đúng Bộ tiêu chí đánh giá, "
    "phân hạng sản phẩm OCOP và hồ sơ đăng ký đã được cơ quan có thẩm quyền xem xét, công nhận."
)


EXTENSION_ENDED = gettext_lazy(
    "Giấy chứng nhận OCOP %(number)s (%(name)s) đã hết hiệu lực: thời gian gia hạn trong khi chờ quyết định về việc "
    "đánh giá lại (Điều 12 khoản 3 Quyết định 26/2026/QĐ-TTg) đã kết thúc."
)


# Notices that ask the producer to file a re-evaluation dossier: pointless once one is filed.
FILE_NOW_NOTICES = (NoticeKind.WINDOW_CLOSING, NoticeKind.WINDOW_CLOSED)


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
    if notice.kind in FILE_NOW_NOTICES and certificate_renewal_filed(certificate):
        # "File your dossier now" (and, after the window, "you are late") to a producer who has filed would be
        # wrong, also to one who has the dossier back to complete, filed in time or late (its return told them what
        # to do, and when): asked of the rule the officers' expiry list reads (renewal_filed_q), not decided here.
        # The step stays recorded (the officers' digest lists it), the producer is not told.
        now = timezone.now()
        CertificateNotice.objects.filter(pk=notice.pk, sent_at=None).update(
            sent_at=now, in_app_at=now, last_error="", recipients=""
        )
        return False
    producer = certificate.product.producer
    members = list(producer.members.filter(is_active=True))
    was_extended = _was_extended(notice, certificate)
    message = _notice_message(notice, certificate, was_extended=was_extended)
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
    start, end = renewal_window(certificate.valid_until) or (None, None)  # none: no D26 window
    context = {
        "certificate": certificate,
        "producer": producer,
        "notice": notice,
        "message": message,
        "window_start": start,
        "window_end": end,
        "days_to_file": max((end - notice.day).days, 0) + 1 if end else 0,
        "extension_until": extension_ends(certificate.valid_until),
        "was_extended": was_extended,
        # From the last dossier, or empty for a certificate recorded without it: the e-mail says which.
        "prefilled": reevaluation_prefilled(certificate),
        "list_url": _absolute(url),
    }
    try:
        recipients = send_templated_to(
            f"certificate_{notice.kind}",
            users=members,
            addresses=[producer.email],
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


def digest_list_path(day: datetime.date) -> str:
    """The expiry list narrowed to the certificates that took a step on `day`: those a digest of that day counts."""
    return f"{reverse('certificates:expiry_list')}?step_day={day:%d/%m/%Y}"


# The digest's line for a window closing while the certificate's re-evaluation is back with the producer to complete.
WINDOW_CLOSING_RETURNED = gettext_lazy(
    "Sắp hết thời hạn nộp, hồ sơ đánh giá lại bị trả lại chưa hoàn thiện: chủ thể cần hoàn thiện ngay"
)


def digest_step_label(notice: CertificateNotice):
    """What the officers' digest says of a certificate's step (its "Mốc"): the step's name, except a "file now" step
    (the window closing, or closed) of a certificate whose re-evaluation is filed, which reads as the expiry list
    reads it (states.filed_label, by the list's rules, filed_in_window_q and reevaluation_pending_q): filed in time,
    or filed late (or an upgrade filed), not missed; and the window closing on a re-evaluation returned to complete,
    which is at risk (WINDOW_CLOSING_RETURNED). `notice` carries `filed_in_window`, `filed_early`,
    `reevaluation_pending`, `dossier_filed` and `filed_dossier_kind` (officer_digest_deliver). Lazy: the e-mail is
    written in its reader's language."""
    if notice.kind == NoticeKind.WINDOW_CLOSING and notice.reevaluation_pending and not notice.dossier_filed:
        # Its re-evaluation is back with the producer to complete while the window closes: filed (the first
        # submission, Điều 7.6a), but the council's 45 days run only from a complete dossier (Điều 7.6g), and it is
        # the producer's turn: at risk, for the officers to follow up (the sweep records the step for it).
        return WINDOW_CLOSING_RETURNED
    filed = filed_label(notice) if notice.kind in FILE_NOW_NOTICES else None
    return filed[0] if filed else NoticeKind(notice.kind).label


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
        notices.select_related("certificate__product__producer__commune")
        .annotate(  # the expiry list's own rules (states.phase): whether its re-evaluation was filed, in time or late
            filed_in_window=filed_in_window_q("certificate__"),
            filed_early=filed_early_q("certificate__"),
            reevaluation_pending=reevaluation_pending_q("certificate__"),
            dossier_filed=dossier_filed_q("certificate__"),
            filed_dossier_kind=filed_dossier_kind("certificate__"),  # an upgrade filed (states.filed_label)
        )
        .order_by("certificate__valid_until", "certificate_id")[:DIGEST_LINES]
    )
    for notice in lines:
        notice.step_label = digest_step_label(notice)
    context = {
        "user": user,
        "day": digest.day,
        "notices": lines,
        "total": total,
        "more": max(total - len(lines), 0),
        "list_url": _absolute(digest_list_path(digest.day)),
        "sections": [{**section, "url": _absolute(section["url"])} for section in sections],
    }
    try:
        if total or sections:
            send_templated_to("officer_digest", users=[user], context=context)
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
                url=digest_list_path(digest.day),
                message=Phrase.counted(
                    "%(n)s giấy chứng nhận thuộc địa bàn đến mốc nhắc hạn hoặc đổi trạng thái ngày %(day)s.",
                    "%(n)s giấy chứng nhận thuộc địa bàn đến mốc nhắc hạn hoặc đổi trạng thái ngày %(day)s.",
                    "n",
                    n=total,
                    day=f"{digest.day:%d/%m/%Y}",
                ),
            )
    return True
