"""The re-evaluation filing window (D26 Điều 7.6a, 12.3): pure dates and the product's certificate expiry (a hook)."""

import datetime as dt

from django.db.models import DateField, Q, QuerySet, Value
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import hooks
from ..choices import (
    D26_IN_FORCE_ON,
    FILED_STATUSES,
    REEVALUATION_PENDING_STATUSES,
    RegistrationKind,
    RegistrationStatus,
)
from ..models import Registration

S = RegistrationStatus


# ---------------------------------------------------------------- dossiers filed and not yet decided


def filed_dossiers_of(product) -> QuerySet:
    """The product's dossiers filed and not yet decided (FILED_STATUSES; `product` may be an OuterRef): the
    officers' expiry watch stops chasing the producer. A draft, or a dossier returned to complete, has not been
    filed (the producer is still to act on it)."""
    return Registration.objects.filter(product=product, status__in=FILED_STATUSES)


def filed_reevaluations_of(product) -> QuerySet:
    """The product's re-evaluations filed and not yet decided (filed_dossiers_of): the producer is no longer told
    to file one (the "window closing" and "window closed" reminders)."""
    return filed_dossiers_of(product).filter(kind=RegistrationKind.REEVALUATION)


def reevaluation_filed(product_id: int) -> bool:
    """Whether a re-evaluation of the product is filed and not yet decided (filed_reevaluations_of)."""
    return filed_reevaluations_of(product_id).exists()


def renewing_reevaluations_of(product, valid_until) -> QuerySet:
    """The product's re-evaluations first filed on or before `valid_until` (`filed_before_expiry_of`), whatever became
    of them since: those that renew its certificate valid until that day. Pending the authority's decision they
    extend it (`pending_reevaluations_of`); one decided, withdrawn or refused since extended it until then, which
    the certificate's own record dates (certificates.models.status.live_on_q, for a day that is past). `product`
    and `valid_until` may be OuterRefs."""
    return filed_before_expiry_of(
        Registration.objects.filter(product=product, kind=RegistrationKind.REEVALUATION), valid_until
    )


def pending_reevaluations_of(product, valid_until) -> QuerySet:
    """The product's re-evaluations pending the authority's decision (REEVALUATION_PENDING_STATUSES: filed, or
    returned to the producer to complete, and not withdrawn, rejected or decided) that renew its certificate valid
    until `valid_until` (`filed_before_expiry_of`: first filed on or before that last day): what keeps that
    certificate alive after its expiry, for up to 180 days (Điều 12.3; certificates.models.status.effective_status).
    The one rule of the extension: the nightly sweep, the status of the day and every page that shows it read it.
    `product` and `valid_until` may be OuterRefs (the certificate's own fields). A first submission after the last day
    is refused anyway, but the extension does not rest on that: a dossier filed after it (written by another path, or
    before that refusal existed) renews nothing and extends nothing, before the sweep as after it."""
    return renewing_reevaluations_of(product, valid_until).filter(status__in=REEVALUATION_PENDING_STATUSES)


def reevaluation_pending(product_id: int, valid_until: dt.date) -> bool:
    """Whether a re-evaluation of the product that renews its certificate valid until `valid_until` is pending the
    authority's decision (pending_reevaluations_of)."""
    return pending_reevaluations_of(product_id, valid_until).exists()


# ---------------------------------------------------------------- re-evaluation window (Điều 7.6a)

# A re-evaluation dossier reaches the commune "không sớm hơn 180 ngày và không muộn hơn 120 ngày" before the
# certificate expires (calendar days). The rule lives here so that both the registration pages and the
# certificates app's one-click re-evaluation use it; evaluation never imports certificates, so the
# certificates app tells us how to find a product's certificate expiry (`evaluation.hooks.certificate_expiry`).
REEVALUATION_OPENS_DAYS = 180
REEVALUATION_CLOSES_DAYS = 120


def reevaluation_window(valid_until: dt.date) -> tuple[dt.date, dt.date] | None:
    """First and last day on which a re-evaluation dossier may be filed (Điều 7.6a), under the law in force: the
    window is D26's, so it opens at the earliest on the day D26 took effect (22/05/2026, Điều 11.1), and there is
    none when it would have closed before that day (a certificate that expired before it, or expiring by
    18/09/2026: it expired, or expires, under the earlier rules, which set no such window; a re-evaluation filed
    before its expiry is late, Điều 12.3). None when there is no D26 window. The one rule of the window: the expiry
    watch (its list, phases, counts, export, notices), the certificate's page, the homes and the registration pages
    read it, and `reevaluations_filed_in_window_of` is it on the database."""
    start = max(valid_until - dt.timedelta(days=REEVALUATION_OPENS_DAYS), D26_IN_FORCE_ON)
    end = valid_until - dt.timedelta(days=REEVALUATION_CLOSES_DAYS)
    return (start, end) if start <= end else None


WINDOW_NONE_EXPIRED = gettext_lazy(
    "Hết hạn ngày %(exp)s, trước khi Quyết định 26/2026/QĐ-TTg có hiệu lực (22/05/2026): "
    "hết hạn theo quy định trước đó, không có thời hạn nộp hồ sơ đánh giá lại theo Điều 7 khoản 6."
)
WINDOW_NONE_TRANSITION = gettext_lazy(
    "Thời hạn nộp hồ sơ đánh giá lại (Điều 7 khoản 6) đã qua trước khi Quyết định 26/2026/QĐ-TTg có hiệu lực "
    "(22/05/2026): hồ sơ nộp trước ngày hết hạn %(exp)s là nộp muộn (Điều 12 khoản 3)."
)


def reevaluation_window_note(valid_until: dt.date) -> str | None:
    """Why a certificate has no D26 re-evaluation window (reevaluation_window is None), or None when it has one."""
    if reevaluation_window(valid_until) is not None:
        return None
    note = WINDOW_NONE_EXPIRED if valid_until < D26_IN_FORCE_ON else WINDOW_NONE_TRANSITION
    return str(note) % {"exp": f"{valid_until:%d/%m/%Y}"}


# ---------------------------------------------------------------- the filing day (Điều 7.1, 7.6a)


def filed_on(registration: Registration) -> dt.date | None:
    """The day a dossier was filed (nộp hồ sơ, Điều 7.1), which is what a re-evaluation's window judges (Điều 7.6a:
    "thời gian nộp hồ sơ"): the day in Việt Nam of its FIRST submission to the commune. A dossier returned to the
    producer to complete (Điều 7.3a) and submitted again was filed on its first day, the later submission completes
    it; `submitted_at`, the latest submission, is what the commune's 15 working days run from (Điều 7.2), not the
    filing. None for a dossier never submitted. The one rule of "in time or late": `filed_on_expression` is it for
    the database (the expiry watch), `filing_window_state` the window state it gives a dossier (its page, its
    submission), `filed_before_expiry` whether it still renews its certificate once that has expired."""
    at = registration.first_submitted_at or registration.submitted_at  # a row written before the first was kept
    return timezone.localdate(at) if at is not None else None


def filed_on_expression() -> TruncDate:
    """`filed_on` as an expression on a registration's fields (the local date: TruncDate uses the current time
    zone, Asia/Ho_Chi_Minh)."""
    return TruncDate(Coalesce("first_submitted_at", "submitted_at"))


def reevaluations_filed_in_window_of(product, valid_until) -> QuerySet:
    """The product's re-evaluations pending the authority's decision (pending_reevaluations_of: filed, or returned to
    the producer to complete) whose filing day (`filed_on_expression`: the first submission, not a resubmission after
    a return) falls within the window of a certificate valid until `valid_until` (reevaluation_window, as a
    condition on the database: `product` and `valid_until` may be OuterRefs). Filed in time, its producer is not
    late once the window has closed (the expiry watch's phases, its "file now" notices)."""
    return (
        pending_reevaluations_of(product, valid_until)
        .filter(  # `filed_on` is aliased there
            filed_on__gte=Cast(valid_until - dt.timedelta(days=REEVALUATION_OPENS_DAYS), DateField()),
            filed_on__lte=Cast(valid_until - dt.timedelta(days=REEVALUATION_CLOSES_DAYS), DateField()),
        )
        .filter(
            filed_on__gte=D26_IN_FORCE_ON  # the window opens at the earliest when D26 took effect (reevaluation_window)
        )
    )


def reevaluations_filed_early_of(product, valid_until) -> QuerySet:
    """The product's re-evaluations pending the authority's decision (pending_reevaluations_of) first filed before
    the window of a certificate valid until `valid_until` opened (reevaluation_window, on the database: before 180
    days ahead of the expiry, or before D26 took effect, for a certificate that has a D26 window at all). The filing
    refuses that today (reevaluation_window_error, "early"), but a dossier on record so (written by another path,
    or before that refusal) is neither filed within the window nor late: the expiry watch says which (its labels,
    certificates.services.expiry.states.filed_label). `product` and `valid_until` may be OuterRefs."""
    has_window = GreaterThanOrEqual(
        Cast(valid_until - dt.timedelta(days=REEVALUATION_CLOSES_DAYS), DateField()), Value(D26_IN_FORCE_ON)
    )
    opens = Cast(valid_until - dt.timedelta(days=REEVALUATION_OPENS_DAYS), DateField())
    return pending_reevaluations_of(product, valid_until).filter(
        has_window, Q(filed_on__lt=opens) | Q(filed_on__lt=D26_IN_FORCE_ON)
    )


def reevaluation_filed_in_window(product_id: int, valid_until: dt.date) -> bool:
    """Whether a re-evaluation of the product pending a decision was filed within the window of the certificate
    valid until `valid_until` (reevaluations_filed_in_window_of)."""
    return reevaluations_filed_in_window_of(product_id, valid_until).exists()


def filed_before_expiry(registration: Registration, valid_until: dt.date) -> bool:
    """The one rule of "expired" for a re-evaluation dossier: whether it was filed (`filed_on`: its first
    submission, the day in Việt Nam) on or before `valid_until`, the last valid day of the certificate it renews.
    Then it renews that certificate (filed within the window of Điều 7.6a, or late, Điều 12.3), and still does when it
    is returned to the producer to complete and submitted again after that day. It is judged on the filing day
    alone, so neither the hour it is read at nor whether the night's expiry sweep (00:30) has stored "extended" yet
    can change the answer. A dossier never filed (None) or first filed after that day renews nothing: a first
    evaluation is needed. `filing_window_state` applies it (the dossier's submission, its page), and the extension
    of Điều 12.3 through `filed_before_expiry_of`, the same rule on the database (pending_reevaluations_of)."""
    day = filed_on(registration)
    return day is not None and day <= valid_until


def filed_before_expiry_of(registrations: QuerySet, valid_until) -> QuerySet:
    """`filed_before_expiry` on the database: the dossiers of `registrations` first filed (`filed_on_expression`, the
    day in Việt Nam) on or before `valid_until`, a date or an OuterRef to a certificate's last valid day; one never
    filed (no submission) is not among them. The queryset carries the filing day as the alias `filed_on`.
    evaluation/tests/test_filed_before_expiry_one_rule.py holds it to the Python rule on the boundary minutes."""
    return registrations.alias(filed_on=filed_on_expression()).filter(filed_on__lte=valid_until)


def filing_window_state(
    registration: Registration, *, today: dt.date | None = None, valid_until: dt.date | None = None
) -> dict | None:
    """The window of the dossier's certificate (`window_state`) as the dossier is judged: a dossier filed before
    its certificate expired (`filed_before_expiry`) on the day it was filed (`filed_on`, added as "filed_on"), so
    that one filed within the window, returned to complete and submitted again after the window has closed, or
    after the expiry itself, is in time ("open"), or late ("late", the certificate extended, Điều 12.3), not
    "expired", before the night's sweep as after it; a dossier never filed before then is judged today. None when
    no certificate is on record. `valid_until`: the expiry of the certificate it renews when known (the dossier's
    page names that certificate, hooks.reevaluation_certificate), otherwise the product's (hooks.certificate_expiry)."""
    valid_until = valid_until or hooks.certificate_expiry(registration.product_id)
    if valid_until is None:
        return None
    if filed_before_expiry(registration, valid_until):
        day = filed_on(registration)
        return {**window_state(valid_until, day), "filed_on": day}
    return window_state(valid_until, today or timezone.localdate())


def reevaluation_window_state(*, product_id: int, today: dt.date | None = None) -> dict | None:
    """Where today falls against the filing window of the product's certificate (`window_state`). None when no
    certificate is on record (a paper certificate: its copy is in the dossier checklist)."""
    valid_until = hooks.certificate_expiry(product_id)
    if valid_until is None:
        return None
    return window_state(valid_until, today or timezone.localdate())


def window_state(valid_until: dt.date, today: dt.date) -> dict:
    """Where `today` falls against the filing window of a certificate valid until `valid_until`: "early"
    (refused), "open", "late" (after the window, before expiry: accepted, the certificate is extended while the
    dossier is pending, Điều 12.3) or "expired" (refused: a new first evaluation is needed). A certificate without
    a D26 window (reevaluation_window) is "late" until its expiry; "start"/"end" are then None."""
    window = reevaluation_window(valid_until)
    start, end = window or (None, None)
    if window is None:
        state = "late" if today <= valid_until else "expired"
    elif today < start:
        state = "early"
    elif today <= end:
        state = "open"
    elif today <= valid_until:
        state = "late"
    else:
        state = "expired"
    return {"state": state, "valid_until": valid_until, "start": start, "end": end}


# The states in which a re-evaluation may be filed (Điều 7.6a, and late until the expiry, Điều 12.3).
FILING_STATES = frozenset({"open", "late"})


def reevaluation_window_error(window: dict | None) -> str | None:
    """The refusal for a re-evaluation filed outside what Điều 7.6a and 12.3 allow, or None."""
    if window is None:
        return None
    if window["state"] == "early":
        return _(
            "Chưa đến thời hạn nộp hồ sơ đánh giá lại: giấy chứng nhận hết hạn ngày %(exp)s, "
            "hồ sơ nộp từ ngày %(start)s đến ngày %(end)s (Điều 7.6a)."
        ) % {
            "exp": f"{window['valid_until']:%d/%m/%Y}",
            "start": f"{window['start']:%d/%m/%Y}",
            "end": f"{window['end']:%d/%m/%Y}",
        }
    if window["state"] == "expired":
        return _("Giấy chứng nhận đã hết hạn ngày %(exp)s: không còn đánh giá lại, hãy đăng ký đánh giá lần đầu.") % {
            "exp": f"{window['valid_until']:%d/%m/%Y}"
        }
    return None
