"""The expiry watch's state machine by date (see the package docstring): the windows, the status a
certificate should have on a day, and what the list shows for it."""

import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluation.choices import RegistrationKind
from evaluation.models import Registration
from evaluation.selectors.reevaluation import (
    REEVALUATION_CLOSES_DAYS,
    REEVALUATION_OPENS_DAYS,
    reevaluation_window,
)
from evaluation.workflow import CLOSED
from ocop.phrases import Phrase

from ...choices import LIVE_STATUSES, CertificateStatus
from ...models import Certificate
from ...models.status import effective_status, extension_days

S = CertificateStatus

# Điều 7.6a: not earlier than 180 and not later than 120 days before expiry; the rule itself lives in
# evaluation (the registration pages apply it too), see evaluation.selectors.reevaluation.reevaluation_window.
WINDOW_OPENS_DAYS = REEVALUATION_OPENS_DAYS
WINDOW_CLOSES_DAYS = REEVALUATION_CLOSES_DAYS
EXPIRING_DAYS = 30
PREPARE_DAYS = 210  # reminder: prepare the dossier, the window opens in 30 days
CLOSING_REMINDER_DAYS = 130  # reminder: the window closes in 10 days

# The statuses the watch moves; REVOKED and SUPERSEDED are never touched.
WATCHED = (S.VALID, S.RENEWAL_WINDOW, S.EXPIRING, S.EXTENDED)


def open_dossiers_of(product) -> QuerySet:
    """The product's dossiers still in progress (`product` may be an OuterRef), drafts included: one is enough,
    no second one is started."""
    return Registration.objects.filter(product=product).exclude(status__in=CLOSED)


def extension_ends(valid_until: datetime.date) -> datetime.date:
    """The last day an extended certificate may last without a result (Điều 12.3)."""
    return valid_until + datetime.timedelta(days=extension_days())


EXTENSION_NOTE = gettext_lazy(
    "Giấy chứng nhận được gia hạn theo Điều 12 khoản 3 Quyết định 26/2026/QĐ-TTg trong khi chờ quyết định về việc "
    "đánh giá lại, chậm nhất đến hết ngày %(until)s."
)


def extension_note(valid_until: datetime.date) -> Phrase:
    """What the public and the producer are told of the validity of an EXTENDED certificate: not the last valid day
    printed on it, but that it is extended under Điều 12.3 while its re-evaluation is decided, at most until the
    extension's last day (extension_ends). One wording for every reader: the verification page and the lookup by
    number, the public product page, the certificate's pages, the producer's notice and e-mail (the template filter
    `extension_note` of certificate_ui); the API gives the day itself (`extended_until`)."""
    return Phrase(EXTENSION_NOTE, until=f"{extension_ends(valid_until):%d/%m/%Y}")


def renewal_window(valid_until: datetime.date) -> tuple[datetime.date, datetime.date] | None:
    """First and last day on which a re-evaluation dossier may be filed (Điều 7.6a), None when the certificate has
    no D26 window (it expired, or its window closed, before D26 took effect: reevaluation_window)."""
    return reevaluation_window(valid_until)


def product_certificate_expiry(product_id: int) -> datetime.date | None:
    """The expiry of the certificate a re-evaluation of this product renews (registered with evaluation in
    CertificatesConfig.ready, so a re-evaluation filed from the registration pages meets the same window): the last
    valid day of its live certificate, an extended one included, so that the day after it reads the same whether the
    night's sweep has stored "extended" yet or not; a dossier is judged against it on the day it was filed
    (evaluation.selectors.reevaluation.filed_before_expiry). When the product's newest certificate has expired, its
    expiry: a draft never filed before it is refused as "expired" (a first evaluation is needed), as a new one is."""
    certificates = Certificate.objects.filter(product_id=product_id)
    live = (
        certificates.filter(status__in=LIVE_STATUSES)
        .order_by("-valid_until")
        .values_list("valid_until", flat=True)
        .first()
    )
    if live is not None:
        return live
    newest = certificates.order_by("-issued_on", "-pk").values_list("status", "valid_until").first()
    return newest[1] if newest is not None and newest[0] == S.EXPIRED else None


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
    # Past the expiry: extended or expired, by the one rule every reader applies.
    return effective_status(S.EXPIRING, valid_until, today, reevaluation_pending=pending_dossier)


def filed_in_window_label(*, dossier_filed: bool) -> tuple:
    """The label and colour of a certificate whose re-evaluation was filed within its window and is not yet decided
    (certificates.selectors.expiry.filed_in_window_q): waiting for the result, or back with the producer to complete
    (`dossier_filed` False: not late, but the producer's turn). One wording for the expiry list, its phone card and
    Excel export (`phase`) and the officers' daily digest (delivery.digest_step_label); lazy, for an e-mail written in
    its reader's language."""
    if dossier_filed:
        return gettext_lazy("Đã nộp hồ sơ đánh giá lại trong thời hạn, chờ kết quả"), "info"
    return gettext_lazy("Đã nộp trong thời hạn, bị trả lại để hoàn thiện"), "warning"


def filed_late_label(*, dossier_filed: bool) -> tuple:
    """The label and colour of a certificate whose re-evaluation was filed after its window closed but by its last
    valid day (late, Điều 12.3: evaluation.selectors.reevaluation.pending_reevaluations_of) and is not yet decided:
    filed, not "to file", and what that late filing means, the certificate stays in use while it is decided.
    `dossier_filed` as for filed_in_window_label."""
    if dossier_filed:
        return (
            gettext_lazy(
                "Đã nộp hồ sơ đánh giá lại muộn (sau thời hạn), giấy chứng nhận tiếp tục được sử dụng đến khi có "
                "kết quả (Điều 12.3)"
            ),
            "info",
        )
    return gettext_lazy("Đã nộp muộn (Điều 12.3), bị trả lại để hoàn thiện"), "warning"


def filed_early_label(*, dossier_filed: bool) -> tuple:
    """The label and colour of a certificate whose pending re-evaluation was filed before its window opened
    (certificates.selectors.expiry.filed_early_q: the filing refuses that today, a dossier on record so is not late).
    `dossier_filed` as for filed_in_window_label."""
    if dossier_filed:
        return gettext_lazy("Đã nộp hồ sơ đánh giá lại trước thời hạn nộp (Điều 7.6a), chờ kết quả"), "info"
    return gettext_lazy("Đã nộp trước thời hạn nộp, bị trả lại để hoàn thiện"), "warning"


def filed_other_label(kind: str) -> tuple:
    """The label and colour of a certificate whose product has another dossier than its re-evaluation filed and not
    yet decided (certificates.selectors.expiry.filed_dossier_kind): an upgrade (Điều 7.5) is filed by the expiry
    watch's one rule (renewal_filed_q: the tiles do not count it among those to file), and the row says which."""
    if kind == RegistrationKind.UPGRADE:
        return gettext_lazy("Đã nộp hồ sơ nâng hạng (Điều 7.5), chờ kết quả"), "info"
    if kind == RegistrationKind.REEVALUATION:  # filed, though not by this certificate's last day
        return gettext_lazy("Đã nộp hồ sơ đánh giá lại, chờ kết quả"), "info"
    return gettext_lazy("Đã nộp hồ sơ đánh giá sản phẩm, chờ kết quả"), "info"


def filed_label(certificate: Certificate) -> tuple | None:
    """The label and colour of a certificate of the expiry list whose renewal is filed by the one rule of "filed"
    (certificates.selectors.expiry.renewal_filed_q) and not yet decided: its re-evaluation within its window
    (`filed_in_window`, filed_in_window_label), before it opened (`filed_early`, filed_early_label) or late, after it
    and by its last day (`reevaluation_pending` and neither, filed_late_label); else another dossier of the product
    filed, an upgrade (`filed_dossier_kind`, filed_other_label); None when nothing is filed. The list's rows carry
    these annotations (certificates.selectors.expiry.certificate_expiry_list), as the digest's notices do."""
    dossier_filed = getattr(certificate, "dossier_filed", True)
    if getattr(certificate, "filed_in_window", False):
        return filed_in_window_label(dossier_filed=dossier_filed)
    if getattr(certificate, "filed_early", False):
        return filed_early_label(dossier_filed=dossier_filed)
    if getattr(certificate, "reevaluation_pending", False):
        return filed_late_label(dossier_filed=dossier_filed)
    if kind := getattr(certificate, "filed_dossier_kind", None):
        return filed_other_label(kind)
    return None


def phase(certificate: Certificate, today: datetime.date) -> dict:
    """What the expiry list shows for a certificate: a short label, a Bootstrap colour and the days left. A certificate
    whose producer filed its re-evaluation within the window says so (filed_in_window_label), while the window is open
    as after it; after the window it is in time, not late, even once
    the dossier was returned to complete and submitted again after the window: the list's rows carry
    `filed_in_window` (certificates.selectors.expiry.filed_in_window_q, the rule its phase filter applies: the first
    submission, evaluation.selectors.reevaluation.filed_on) and `dossier_filed` (not while it is back with the
    producer), and `status_today`, the status of the day (certificates.models.status.status_today, for `today`): the
    morning after its last day, before the night's sweep, a certificate reads extended or expired, not "expiring"."""
    d = days_left(certificate.valid_until, today)
    status = certificate.status_today
    window = renewal_window(certificate.valid_until)
    # Before D26 took effect, a window it gives opens on 22/05/2026 at the earliest: until then, still to prepare.
    opens_later = window is not None and today < window[0]
    if status == S.VALID or (status == S.RENEWAL_WINDOW and opens_later):
        if window is not None:
            label = _("Chuẩn bị hồ sơ: nộp từ %(start)s") % {"start": f"{window[0]:%d/%m/%Y}"}
        else:  # no D26 window (reevaluation_window): a re-evaluation filed before the expiry is late (Điều 12.3)
            label = _("Chuẩn bị hồ sơ đánh giá lại")
        colour = "secondary"
    elif status in (S.RENEWAL_WINDOW, S.EXPIRING) and (filed := filed_label(certificate)):
        # Filed (in the window, before it, or late and by its last day): said so while the window is still open as
        # after it, not "in the window to file", "to file late" nor "expiring soon".
        label, colour = filed
    elif status == S.RENEWAL_WINDOW and window is not None and d >= WINDOW_CLOSES_DAYS:
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
        label, colour = S(status).label, "secondary"
    return {"label": label, "colour": colour, "days_left": d}
