"""Back to evaluation: from a certificate in its window to a draft re-evaluation dossier, and from a recognised
re-evaluation to the certificate it supersedes."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluation.choices import REEVALUATION_PENDING_STATUSES, RegistrationKind
from evaluation.models import Registration
from evaluation.selectors.reevaluation import FILING_STATES, pending_reevaluations_of, window_state
from evaluation.workflow import CLOSED
from ocop.choices import Role
from ocop.models import User
from ocop.services import audit_record
from products.permissions import acts_for_producer

from ...choices import CertificateStatus
from ...models import Certificate, CertificateReevaluation
from ...models.status import extended_q
from .states import WATCHED, open_dossiers_of

S = CertificateStatus

REEVALUATION_FROM = (S.VALID, S.RENEWAL_WINDOW, S.EXPIRING)


def may_start_reevaluations(user: User) -> bool:
    """Roles that file dossiers: the producer, and officers typing one in on its behalf (never a viewer)."""
    return user.is_authenticated and not user.is_read_only and (user.role == Role.PRODUCER or user.is_officer)


def _in_filing_window(user: User, certificate: Certificate, today: datetime.date) -> bool:
    return (
        may_start_reevaluations(user)
        and certificate.status in REEVALUATION_FROM
        and window_state(certificate.valid_until, today)["state"] in FILING_STATES
    )


def can_start_reevaluation(
    user: User, certificate: Certificate, today: datetime.date | None = None, *, acts: bool | None = None
) -> bool:
    """The producer of the product or an officer may file from the first day of the window (d ≤ 180) until
    the expiry day, also late (Điều 12.3). A read-only viewer, an advisory or council member may not. Filing is the
    producer's own act: an officer files only for a producer without an account (acts_for_producer; `acts`, when a
    list has asked it for its rows at once); one with an account files itself, told by the watch's own notices (the
    window's opening, then its reminders: `delivery`)."""
    if not _in_filing_window(user, certificate, today or timezone.localdate()):
        return False
    return acts if acts is not None else acts_for_producer(user, certificate.product.producer)


def producer_files_itself(
    user: User, certificate: Certificate, today: datetime.date | None = None, *, acts: bool | None = None
) -> bool:
    """An officer who would file the certificate's re-evaluation but for its producer, which has an account and
    files it itself (can_start_reevaluation): the pages say so instead of offering the button."""
    if not _in_filing_window(user, certificate, today or timezone.localdate()):
        return False
    return not (acts if acts is not None else acts_for_producer(user, certificate.product.producer))


def reevaluation_prefilled(certificate: Certificate) -> bool:
    """Whether the one-click re-evaluation of `certificate` (certificate_start_reevaluation) starts from its last
    dossier, to update, or empty, for an old certificate recorded without its dossier (nothing to pre-fill from: the
    producer self-assesses and uploads every document). What the start does and what the watch's notices promise
    (delivery: the e-mails of the window's steps) read it here."""
    return certificate.registration_id is not None


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
        .exclude(registration__status__in=CLOSED)
        .select_related("registration")
        .first()
    )
    if open_link is not None:
        return open_link.registration
    if not may_start_reevaluations(by) or not acts_for_producer(by, certificate.product.producer):
        raise PermissionDenied  # filing is the producer's own act: an officer's only for a producer without an account
    window = window_state(certificate.valid_until, today)
    if certificate.status not in REEVALUATION_FROM or window["state"] == "expired":
        raise ValidationError(_("Giấy chứng nhận này không còn có thể đánh giá lại."))
    if window["state"] == "early":
        raise ValidationError(
            _("Chưa đến thời hạn nộp hồ sơ đánh giá lại: sớm nhất từ ngày %(start)s (Điều 7.6a).")
            % {"start": f"{window['start']:%d/%m/%Y}"}
        )
    in_progress = open_dossiers_of(certificate.product_id).order_by("-id").first()
    if in_progress is not None:  # filed already, from the registration form: that one is the re-evaluation
        return in_progress
    from evaluation.services.dossier import registration_create, registration_create_from_previous

    if reevaluation_prefilled(certificate):
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


def certificates_lost_with(registration: Registration, today: datetime.date | None = None) -> list[str]:
    """What stopping `registration` without a decision (withdrawn by the producer, rejected by an office) costs in
    certificates, for the page that does it to say before the act (evaluation.hooks.reevaluation_stop_losses): each
    certificate of the product that this pending re-evaluation alone keeps in use past its last day (Điều 12.3,
    extended_q) expires at once (certificate_extension_end), and for good: a dossier filed after that last day renews
    nothing (pending_reevaluations_of), the product starts again with a first evaluation. A certificate still in force
    whose window has closed (window_state "late") keeps nothing after its last day once this dossier stops: a new one
    would be filed late, and without one by that day it lapses then (`_window_missed_warning`). Empty when nothing is
    lost (not a pending re-evaluation, the window still open, or another pending dossier of the product keeps it)."""
    if registration.kind != RegistrationKind.REEVALUATION or registration.status not in REEVALUATION_PENDING_STATUSES:
        return []
    today = today or timezone.localdate()
    lost = []

    def renews_alone(certificate: Certificate) -> bool:
        renewing = pending_reevaluations_of(certificate.product_id, certificate.valid_until)
        return renewing.filter(pk=registration.pk).exists() and not renewing.exclude(pk=registration.pk).exists()

    in_force = Certificate.objects.filter(
        product_id=registration.product_id, status__in=REEVALUATION_FROM, valid_until__gte=today
    ).order_by("valid_until", "pk")
    for certificate in in_force:
        if window_state(certificate.valid_until, today)["state"] == "late" and renews_alone(certificate):
            lost.append(_window_missed_warning(certificate))
    for certificate in Certificate.objects.filter(extended_q(day=today), product_id=registration.product_id):
        if renews_alone(certificate):
            lost.append(
                _(
                    "Giấy chứng nhận %(number)s đã hết hạn ngày %(until)s và đang được gia hạn theo Điều 12 khoản 3 "
                    "Quyết định 26/2026/QĐ-TTg chỉ nhờ hồ sơ đánh giá lại này. Hồ sơ dừng tại đây thì giấy chứng nhận "
                    "hết hiệu lực ngay hôm nay, sản phẩm không còn là sản phẩm OCOP; hồ sơ nộp sau ngày hết hạn không "
                    "còn là đánh giá lại: sản phẩm phải đăng ký đánh giá lần đầu."
                )
                % {"number": certificate.number, "until": f"{certificate.valid_until:%d/%m/%Y}"}
            )
    return lost


def _window_missed_warning(certificate: Certificate) -> str:
    """certificates_lost_with's warning for a certificate still in force whose filing window has closed."""
    return _(
        "Đã quá thời hạn nộp hồ sơ đánh giá lại giấy chứng nhận %(number)s (Điều 7 khoản 6 điểm a). Hồ sơ này dừng tại "
        "đây thì hồ sơ nộp lại là nộp muộn (Điều 12 khoản 3); không có hồ sơ nào nộp đến hết ngày hết hạn %(until)s "
        "thì giấy chứng nhận hết hiệu lực sau ngày đó, và hồ sơ nộp sau ngày hết hạn không còn là đánh giá lại: sản "
        "phẩm phải đăng ký đánh giá lần đầu."
    ) % {"number": certificate.number, "until": f"{certificate.valid_until:%d/%m/%Y}"}
