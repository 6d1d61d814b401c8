"""Reads for decisions and certificates, always starting from `for_user`; the public verification view
has its own selector that returns only what is printed."""

import datetime
from datetime import timedelta

from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluation.choices import FILED_STATUSES
from evaluation.selectors.reevaluation import (
    REEVALUATION_CLOSES_DAYS,
    filed_dossiers_of,
    pending_reevaluations_of,
    reevaluations_filed_in_window_of,
)
from evaluation.workflow import CLOSED
from ocop.cache import cached_read, figures_version
from ocop.choices import Role
from ocop.db import count_of
from ocop.downloads import secure_link_url
from ocop.hooks import DecisionNumber
from ocop.models import User
from ocop.selectors import decision_issuer_name, issuer_key
from ocop.text import fold, nfc, vi_order
from products.models import public_address
from products.selectors import timeline_at, timeline_url

from . import hooks as certificate_hooks
from .choices import LIVE_STATUSES, CertificateStatus, DecisionStatus, PublicVerdict, RevocationStatus
from .choices import CertificateStatus as S
from .models import (
    VERIFY_TOKEN,
    Certificate,
    CertificateNotice,
    CertificateReevaluation,
    DecisionEntry,
    RecognitionDecision,
    Revocation,
    VerificationDay,
    live_today_q,
    status_today,
)


def decision_list(*, user: User, filters: dict | None = None) -> QuerySet:
    from .filters import DecisionFilter

    qs = (
        RecognitionDecision.objects.for_user(user)
        .select_related("issuer_unit")
        .annotate(
            # Subqueries, not a join and GROUP BY: the page's rows are counted, not every decision before paging.
            entry_count=count_of(DecisionEntry.objects.filter(decision=OuterRef("pk"))),
            # A historic decision has no entries, only the certificates typed in from it (issue 12 item 15).
            certificate_count=count_of(Certificate.objects.filter(decision=OuterRef("pk"))),
        )
        # Drafts (no date until issued) first, then the register by the decisions' own dates: one typed in from
        # the archive today takes its place among its year's, not above the latest.
        .order_by(F("date").desc(nulls_first=True), "-id")
    )
    return DecisionFilter(filters or {}, queryset=qs).qs


def decision_visible(*, user: User, decision_id: int) -> bool:
    return RecognitionDecision.objects.for_user(user).filter(pk=decision_id).exists()


def decision_entries(*, decision: RecognitionDecision) -> QuerySet:
    return (
        DecisionEntry.objects.filter(decision=decision)
        .select_related("product__producer__commune", "result")
        .order_by("order", "pk")
    )


def certificate_list(*, user: User, filters: dict | None = None) -> QuerySet:
    """The certificates of `user`'s scope, each with `status_today` (the status of the day, which the rows show and
    the status filters select by: CertificateFilter), filtered: the web list and the API's."""
    from .filters import CertificateFilter

    qs = (
        Certificate.objects.for_user(user)
        .with_status_today(timezone.localdate())
        .select_related("decision")
        .order_by("-issued_on", vi_order("product_name"))
    )
    if user.role != "producer":
        # How often buyers scanned the QR code: a correlated count, computed for the rows of the page only.
        visits = (
            VerificationDay.objects.filter(certificate=OuterRef("pk"))
            .order_by()
            .values("certificate")
            .annotate(n=Sum("count"))
            .values("n")
        )
        qs = qs.annotate(visit_count=Coalesce(Subquery(visits, output_field=IntegerField()), 0))
    return CertificateFilter(filters or {}, queryset=qs).qs


def certificate_visit_count(*, certificate: Certificate) -> int:
    return certificate.visit_days.aggregate(n=Coalesce(Sum("count"), 0))["n"]


VISIT_RECENT_DAYS = 30


def certificate_visit_stats(*, certificate: Certificate) -> dict:
    """Verification visits of one certificate for officers: in all, in the last 30 days, and the latest (one
    query)."""
    since = timezone.localdate() - timedelta(days=VISIT_RECENT_DAYS)
    return certificate.visit_days.aggregate(
        total=Coalesce(Sum("count"), 0),
        recent=Coalesce(Sum("count", filter=Q(day__gt=since)), 0),
        last_on=Max("day"),
    ) | {"recent_days": VISIT_RECENT_DAYS}


def certificate_visit_summary(*, user: User) -> dict:
    """Verification visits of the last 30 days in `user`'s scope (one query): all of them, and those on
    certificates that no longer certify the product (expired, revoked, superseded) with how many such
    certificates — products possibly still sold under the OCOP mark. "No longer" is said by the status of the day
    (status_today), as the list's filter of these certificates (scanned_while_invalid) reads it."""
    from .filters import INVALID_STATUSES

    today = timezone.localdate()
    since = today - timedelta(days=VISIT_RECENT_DAYS)
    scope = Certificate.objects.for_user(user)
    invalid = Q(
        certificate__in=scope.alias(status_today=status_today(today=today))
        .filter(status_today__in=INVALID_STATUSES)
        .values("pk")
    )
    return VerificationDay.objects.filter(certificate__in=scope.values("pk"), day__gt=since).aggregate(
        total=Coalesce(Sum("count"), 0),
        invalid=Coalesce(Sum("count", filter=invalid), 0),
        invalid_certificates=Count("certificate", filter=invalid, distinct=True),
    ) | {"days": VISIT_RECENT_DAYS}


def certificate_public(*, token: str) -> dict | None:
    """What the QR code may reveal: the printed fields and the live status. No dossier, no contacts."""
    if not VERIFY_TOKEN.fullmatch(token):
        return None
    certificate = (
        Certificate.objects.select_related(
            "decision", "revocation", "superseded_by", "product__producer__commune__parent"
        )
        .filter(verify_token=token)
        .first()
    )
    if certificate is None:
        return None
    from .services.expiry.states import extension_ends

    today = timezone.localdate()
    status = certificate.effective_status(today)
    revocation = getattr(certificate, "revocation", None) if status == CertificateStatus.REVOKED else None
    successor = _live_successor(certificate, today) if status == CertificateStatus.SUPERSEDED else None
    extended_until = None
    if status == CertificateStatus.EXTENDED:
        extended_until = extension_ends(certificate.valid_until)
    return {
        "id": certificate.pk,
        "product_id": certificate.product_id,  # the public product page, linked while the certificate is live
        "number": certificate.number,
        "verify_token": certificate.verify_token,  # what the QR code holds: its page's address
        "product_name": certificate.product_name,
        "product_code": certificate.product_code,
        "producer_name": certificate.producer_name,
        "producer_address": certificate_public_address(certificate),
        "star": certificate.star,
        "star_range": range(certificate.star),
        "issued_on": certificate.issued_on,
        "valid_until": certificate.valid_until,
        "decision_number": certificate.decision.number,
        "decision_date": certificate.decision.date,
        "issuer_name": certificate.decision.issuer_name,
        "status": status,
        "status_label": CertificateStatus(status).label,
        "is_live": status in LIVE_STATUSES,
        "verdict": public_verdict(status),
        "revocation": revocation,
        "successor": successor,
        "extended_until": extended_until,
        "is_historic": certificate.is_historic,
        # A line from the app above (supervision: an open remedy, when the province publishes it); live only.
        "public_note": certificate_hooks.public_certificate_note(certificate.pk) if status in LIVE_STATUSES else "",
        "checked_at": timezone.localtime(),
    }


VERIFY_BY_NUMBER_LIMIT = 10  # historic numbers are unique per decision only: a few certificates may share one


def certificate_tokens_by_number(*, number: str) -> list[str]:
    """The verification tokens of the certificates printed with `number` (the latest first, at most
    VERIFY_BY_NUMBER_LIMIT), as a buyer types it: surrounding spaces and letter case do not matter
    ("101/gcn-tn " finds "101/GCN-TN"). The public lookup by number (the portal's form, the API) reads only this,
    then each certificate's public view (certificate_public)."""
    number = nfc(number).replace("\x00", "").strip()
    if not number:
        return []
    return list(
        Certificate.objects.filter(number__iexact=number)
        .order_by("-issued_on", "-pk")
        .values_list("verify_token", flat=True)[:VERIFY_BY_NUMBER_LIMIT]
    )


def _live_successor(certificate: Certificate, today: datetime.date) -> Certificate | None:
    """The certificate that certifies a superseded one's product today, to point a buyer to: its successor while
    live, else the product's live certificate (the successor itself superseded in turn, say). None when the product
    holds no live certificate: its newer one was revoked or has lapsed, and the OCOP mark may not be used."""
    successor = certificate.superseded_by
    if successor is not None and successor.effective_status(today) in LIVE_STATUSES:
        return successor
    return (
        Certificate.objects.filter(live_today_q(today=today), product_id=certificate.product_id)
        .order_by("-star", "-issued_on", "-pk")
        .first()
    )


def certificate_public_address(certificate: Certificate) -> str:
    """The producer's address as the public verification (page and API) shows it: the address printed on the
    certificate when the producer agreed to publish its contacts (Producer.public_contact, the rule of the public
    portal, products.models.public_address), otherwise only its commune and province. A household business's
    printed address is its home.
    Reads `certificate.product.producer.commune.parent` (select them with the certificate)."""
    producer = certificate.product.producer
    return public_address(
        full_address=certificate.producer_address, commune=producer.commune, consent=producer.public_contact
    )


def public_verdict(status: str) -> PublicVerdict:
    """What a buyer is told of a certificate in `status` (the verification page, the portal, the API): does it
    certify the product today? The officers' phases (re-evaluation window, expiring) are all simply valid."""
    if status == CertificateStatus.EXTENDED:
        return PublicVerdict.EXTENDED
    if status in LIVE_STATUSES:
        return PublicVerdict.VALID
    if status in (CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED):
        return PublicVerdict(status)
    return PublicVerdict.EXPIRED


def producer_live_certificate_count(*, user: User) -> int:
    """The producer's certificates in force today (live_today_q, as the home page lists them beside the count)."""
    return Certificate.objects.for_user(user).filter(live_today_q(today=timezone.localdate())).count()


def decisions_pending_count(*, user: User) -> int:
    """Drafted or checked decisions in the user's scope, not yet issued."""
    from .choices import PENDING_DECISION_STATUSES

    return RecognitionDecision.objects.for_user(user).filter(status__in=PENDING_DECISION_STATUSES).count()


def product_timeline_certificates(*, product, user) -> list[dict]:
    """The product page's history entries for its certificates (products.hooks.product_timeline_entries), each with
    its status of the day (models.status_today)."""
    entries = []
    certificates = product.certificates.with_status_today(timezone.localdate())
    for cert in certificates.select_related("decision").order_by("issued_on"):
        entries.append(
            {
                "at": timeline_at(cert.issued_on),
                "kind": "certificate",
                "icon": "award",
                "title": _("Giấy chứng nhận số %(number)s") % {"number": cert.number},
                "detail": _("%(star)s sao, hiệu lực đến %(until)s · %(status)s")
                % {
                    "star": cert.star,
                    "until": cert.valid_until.strftime("%d/%m/%Y"),
                    "status": CertificateStatus(cert.status_today).label,
                },
                "star": cert.star,
                "url": timeline_url("certificates:certificate_detail", cert.pk),
            }
        )
    return entries


def revocation_proposal_of(certificate: Certificate) -> Revocation | None:
    """The certificate's pending proposal of thu hồi, if any, read fresh (not from a cached relation)."""
    return (
        Revocation.objects.select_related("proposed_by")
        .filter(certificate=certificate, status=RevocationStatus.PROPOSED)
        .first()
    )


def revocation_of(certificate: Certificate) -> Revocation | None:
    """The certificate's revocation row (proposed or issued) with its proposer and issuer, in one query."""
    return Revocation.objects.select_related("proposed_by", "revoked_by").filter(certificate=certificate).first()


# ---------------------------------------------------------------------------------------------------------
# The expiry watch
#
# Reads of the expiry watch: the expiry list (page and Excel export share it) and the home-page counts.
# Every read starts from `Certificate.objects.for_user`.


# Who reads the expiry list: officers (and read-only viewers) of a unit, and producers for their own products.
LIST_ROLES = frozenset(
    {Role.PRODUCER, Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN, Role.VIEWER}
)
EXPIRED_RECENT_DAYS = 365

# What the expiry list shows: certificates on their way out, and those already out (until re-evaluated).
LISTED = (S.RENEWAL_WINDOW, S.EXPIRING, S.EXTENDED, S.EXPIRED)


def _renewed(today: datetime.date) -> Exists:
    """The product has a later certificate live on `today` (live_today_q, its status of the day): its old expired one
    is done with and leaves the watch."""
    return Exists(
        Certificate.objects.filter(
            live_today_q(today=today), product=OuterRef("product"), valid_until__gt=OuterRef("valid_until")
        )
    )


def _expired_and_renewed(today: datetime.date) -> Exists:
    """A certificate expired on `today` whose product has a later one live on `today` (`_renewed`), both by their
    status of the day (the outer one's `status_today`, which the queryset must carry; live_today_q): the morning after
    a certificate's last day, before the sweep, an old one expired overnight leaves the watch once a newer one is live,
    and a newer one expired overnight no longer keeps an old one off it. One EXISTS whose outer condition sits inside
    it: `NOT` of it is an anti-join PostgreSQL runs as one hash join over the live certificates, where
    `NOT (expired AND EXISTS …)` ran the sub-query once per listed row (42,000 times on the national list). A
    product's certificates share its province copy: saying so lets a province's list hash only its own live
    certificates instead of the country's 18,000 (its count 16 ms → ~2 ms)."""
    return Exists(
        Certificate.objects.filter(
            live_today_q(today=today),
            Exact(OuterRef("status_today"), Value(S.EXPIRED)),
            province=OuterRef("province"),
            product=OuterRef("product"),
            valid_until__gt=OuterRef("valid_until"),
        )
    )


# What the expiry list page reads of each row (the Excel export reads every column): a row of all the certificate's,
# product's, producer's and commune's columns is ~3 KB to send and to turn into four model instances.
EXPIRY_PAGE_FIELDS = (
    *("number", "product", "province", "star", "product_name", "producer_name", "valid_until", "status"),
    *("product__producer", "product__producer__commune__name", "product__producer__commune__full_name"),
)


def certificate_expiry_list(
    *, user: User, filters: dict | None = None, today: datetime.date | None = None
) -> tuple[QuerySet, "ExpiryFilter"]:  # noqa: F821
    """The certificates of `user`'s scope in the expiry phases, filtered, the soonest expiry first and then the
    most recently expired, with what the list needs in one query: the commune, the last failed
    notice, the open re-evaluation and `status_today`, the status of the day (models.status_today), which the rows'
    phase (states.phase), the phase filter and the counts (expiry_phase_q) read: the morning after a certificate's
    last day, before the night's sweep has stored it, it is already extended (Điều 12.3) or expired here, as on the
    producer's home and the verification page."""
    from .filters import ExpiryFilter

    today = today or timezone.localdate()

    failed = CertificateNotice.objects.filter(certificate=OuterRef("pk"), sent_at=None).exclude(last_error="")
    reevaluation = CertificateReevaluation.objects.filter(certificate=OuterRef("pk")).exclude(
        registration__status__in=CLOSED
    )
    from .services.expiry.states import PREPARE_DAYS, open_dossiers_of

    open_dossiers = open_dossiers_of(OuterRef("product"))

    # Also the valid certificates whose window opens within a month (the −210 reminder): time to prepare.
    upcoming = Q(status=S.VALID, valid_until__lte=today + datetime.timedelta(PREPARE_DAYS))
    qs = (
        Certificate.objects.for_user(user)
        # By the stored status, a superset of what is listed today: a certificate past its last day the sweep has not
        # moved yet is stored in one of these (or valid, and then "upcoming"), and its status of the day is listed.
        .filter(Q(status__in=LISTED) | upcoming)
        .with_status_today(today)
        .filter(~_expired_and_renewed(today))
        # Only what the page shows (the commune): each joined table costs the planner more than the query runs
        # (the sector's three joins took a province's first page from ~1 ms to ~5 ms of planning); the Excel
        # export adds the sector (`exports.expiry_workbook`).
        .select_related("product__producer__commune")
        .annotate(
            notice_error=Subquery(failed.order_by("-id").values("last_error")[:1]),
            notice_unsent=Exists(CertificateNotice.objects.filter(certificate=OuterRef("pk"), sent_at=None)),
            reevaluation_id=Subquery(reevaluation.order_by("-id").values("registration_id")[:1]),
            # Any dossier of the product still in progress (filed from the registration form, not by the
            # one-click start): the list links it instead of offering a second re-evaluation (issue 12 item 15).
            open_dossier_id=Subquery(open_dossiers.order_by("-id").values("id")[:1]),
            dossier_filed=dossier_filed_q(),  # a draft links above, but the producer has not filed it yet
            # Filed by the certificate's last day and back with the producer to complete: "to complete", not "not
            # filed" (it keeps the certificate extended past that day, Điều 12.3).
            dossier_to_complete=Exists(
                pending_reevaluations_of(OuterRef("product"), OuterRef("valid_until")).exclude(
                    status__in=FILED_STATUSES
                )
            ),
            filed_in_window=filed_in_window_q(),  # after the window: in time, or late (states.phase)
        )
        # Most urgent first: live certificates by expiry date, then the expired ones, latest first. By the stored
        # status, which certificate_expiry_order indexes (the national list reads its first page from the index): a
        # certificate the sweep has not yet moved past its last day, expired or extended today, comes first among the
        # live ones by its date, next to the extended ones, until the night moves it.
        .order_by(
            Case(When(status=S.EXPIRED, then=Value(1)), default=Value(0), output_field=IntegerField()),
            Case(When(status=S.EXPIRED, then=F("valid_until"))).desc(nulls_last=True),
            "valid_until",
            "pk",
        )
    )
    filterset = ExpiryFilter(filters or None, queryset=qs, user=user, today=today)
    return filterset.qs, filterset


def expiry_list_count(certificates: QuerySet, *, user: User, filters) -> int:
    """The number of certificates in `user`'s expiry list with `filters` (certificate_expiry_list): counted once
    per version of the scope's figures and day (ocop.cache: every change of a certificate bumps it, the nightly
    sweep included), since the national list counts ~30,000 rows a page (issue 15)."""
    params = [user.role, user.unit_id, user.is_superuser, user.pk if user.role == Role.PRODUCER else None]
    params.append(sorted((key, filters.getlist(key)) for key in filters if key != "page"))
    return cached_read(
        "expiry-list-count",
        params,
        certificates.count,
        version=figures_version(user=user),
        prefix="certificates",
        seconds=COUNTS_SECONDS * 60,
    )


def expired_since() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=EXPIRED_RECENT_DAYS)


COUNTS_SECONDS = 60  # the counts panel of the expiry list and the home page is cached this long (issue 15)


def expiry_counts(*, user: User) -> dict:
    """Counts for the home page: in the re-evaluation phase, expiring, and expired within the last 12 months of
    `user`'s scope, and the proposals of thu hồi waiting for an officer to issue them (the second pair of eyes,
    Điều 8; they open the certificate list's `revocation_proposed` filter), in one query. Officers see the counts of their unit: shared by the unit's officers for a
    minute (statuses move once a night; a re-evaluation started shows within the minute)."""
    if user.role == "producer" or user.is_superuser:
        return _expiry_counts(user)
    key = f"expiry-counts-4:{user.role}:{user.unit_id}:{timezone.localdate():%Y%m%d}"
    counts = cache.get(key)
    if counts is None:
        counts = _expiry_counts(user)
        cache.set(key, counts, COUNTS_SECONDS)
    return counts


def _expiry_counts(user: User) -> dict:
    today = timezone.localdate()
    window = expiry_phase_q("window", today=today)
    certificates = Certificate.objects.for_user(user).alias(status_today=status_today(today=today))
    return certificates.aggregate(
        window=Count("pk", filter=window),
        window_unfiled=Count("pk", filter=window & ~dossier_filed_q()),
        late=Count("pk", filter=expiry_phase_q("late", today=today)),
        expiring=Count("pk", filter=expiry_phase_q("expiring", today=today)),
        expired=Count(
            "pk",
            filter=expiry_phase_q("expired", today=today) & Q(valid_until__gte=expired_since()) & ~Q(_renewed(today)),
        ),
        revocations_pending=Count("pk", filter=Q(revocation__status=RevocationStatus.PROPOSED)),
    )


def certificate_search_q(value: str, prefix: str = "") -> Q:
    """Every word of `value` in the certificate's number, the product and producer names printed on it, its issuer
    as named on the decision ("huyện Na Rì", "Bắc Kạn": a former district or province), or the product's own search
    text (its names today, without accents: "mat ong" finds "Mật ong"); `prefix` reaches the certificate from
    another model ("certificate__")."""
    q = Q()
    for word in nfc(value).split():
        q &= (
            Q(**{f"{prefix}number__icontains": word})
            | Q(**{f"{prefix}product_name__icontains": word})
            | Q(**{f"{prefix}producer_name__icontains": word})
            | Q(**{f"{prefix}decision__issuer_name__icontains": word})
            | Q(**{f"{prefix}product__search_text__contains": fold(word)})
        )
    return q


def certificates_matching(certificates: QuerySet, text: str, *, limit: int = 6) -> list[Certificate]:
    """The certificates of `certificates` that `text` names: the one whose number it is, or else those whose number,
    product or producer hold every word of it (at most `limit`, by number), so a form can take a product's name
    where the officer does not have the certificate at hand."""
    text = nfc(text).strip()
    if not text:
        return []
    exact = certificates.filter(number=text).first()
    if exact is not None:
        return [exact]
    return list(certificates.filter(certificate_search_q(text)).order_by("number", "pk")[:limit])


def live_certificates_matching(*, user: User, text: str) -> list[Certificate]:
    """certificates_matching among the live certificates in `user`'s scope."""
    return certificates_matching(Certificate.objects.for_user(user).filter(status__in=LIVE_STATUSES), text)


def expiry_phase_q(phase: str, *, today: datetime.date) -> Q:
    """The certificates in one phase of the expiry watch on `today` (the list's "Tình trạng", certificates.filters.
    PHASES): the list's filter and the counts of the list and of the home page read the phases here, by the status
    of the day (`status_today`, which the queryset carries: models.status_today for `today`), not by the one the
    night's sweep last stored. The re-evaluation window is open from 180 to 120 days before expiry (Điều 7.6a); after
    it, a producer who filed a re-evaluation within it is in time (`in_time`), one who did not is late (can file only
    late, Điều 12.3)."""
    closes = today + timedelta(days=REEVALUATION_CLOSES_DAYS)
    closed = Q(status_today=S.RENEWAL_WINDOW, valid_until__lt=closes)
    return {
        "upcoming": Q(status_today=S.VALID),
        "window": Q(status_today=S.RENEWAL_WINDOW, valid_until__gte=closes),
        "in_time": closed & filed_in_window_q(),
        "late": closed & ~filed_in_window_q(),
        "expiring": Q(status_today=S.EXPIRING),
        "extended": Q(status_today=S.EXTENDED),
        "expired": Q(status_today=S.EXPIRED),
    }[phase]


def filed_in_window_q() -> Q:
    """The certificates whose product has a re-evaluation filed within the certificate's own window (Điều 7.6a, by its
    first submission: evaluation.selectors.reevaluation.reevaluations_filed_in_window_of) and not yet decided: the
    expiry watch's phase after the window reads it (expiry_phase_q; the list's rows are annotated with it,
    `filed_in_window`)."""
    return Q(Exists(reevaluations_filed_in_window_of(OuterRef("product"), OuterRef("valid_until"))))


def dossier_filed_q() -> Q:
    """The certificates whose product has a dossier filed and not yet decided (its re-evaluation, or another one):
    the expiry list's filter and the officers' home count tell them from those whose producer has filed nothing,
    a draft or a dossier returned to complete being nothing filed (evaluation.choices.FILED_STATUSES)."""
    return Q(Exists(filed_dossiers_of(OuterRef("product"))))


def registration_certificates(user: User, registration) -> list[dict]:
    """The certificates issued on `registration`'s result that `user` may open, the latest first (a correction issues
    a new one), each with its status of the day (models.status_today): what the dossier page says of its outcome
    (evaluation.hooks.registration_certificates)."""
    certificates = (
        Certificate.objects.for_user(user)
        .with_status_today(timezone.localdate())
        .filter(registration=registration)
        .select_related("decision")
        .order_by("-issued_on", "-pk")
    )
    return [
        {
            "number": certificate.number,
            "status": CertificateStatus(certificate.status_today).label,
            "url": reverse("certificates:certificate_detail", args=[certificate.pk]),
            "decision": certificate.decision.number,
            "issued_on": certificate.issued_on,
        }
        for certificate in certificates
    ]


def certificate_open_dossier(*, user: User, certificate: Certificate):
    """The latest dossier of the certificate's product still in progress (states.open_dossiers_of: a draft, one filed,
    or one returned to the producer to complete) that `user` may open (Registration.objects.for_user), or None: the
    certificate's page links it while it lasts, before the expiry (the re-evaluation to finish rather than a second
    one) as after it (the re-evaluation that keeps the certificate extended, Điều 12.3, with the authority or back
    with the producer to complete), whether or not a re-evaluation could still be started."""
    from evaluation.models import Registration

    from .services.expiry.states import open_dossiers_of

    visible = Registration.objects.for_user(user).values("pk")
    return open_dossiers_of(certificate.product_id).filter(pk__in=visible).order_by("-id").first()


def certificate_stored_document(certificate: Certificate):
    """(the stored file, its download name) of a certificate handed out as stored: its rendered PDF, or the scan of a
    historic one. None when it must go through the download view: revoked (the marked copy is made there) or not
    rendered yet."""
    if certificate.status == CertificateStatus.REVOKED or not certificate.has_document:
        return None
    document = certificate.pdf if certificate.pdf_sha256 else certificate.scan
    return document, f"giay-chung-nhan-{certificate.number}.{document.name.rsplit('.', 1)[-1]}"


def certificate_download_link(certificate: Certificate, *, session_key: str | None) -> str | None:
    """The proxy's signed link to the stored file (OCOP_SENDFILE=secure-link) for a viewer who may download it;
    None when the download view must answer."""
    stored = certificate_stored_document(certificate)
    if stored is None:
        return None
    document, name = stored
    return secure_link_url(document, filename=name, session_key=session_key)


def revocation_issuer(certificate: Certificate) -> str:
    """Who issues the decision revoking `certificate` (Điều 8.2): the Minister a 5★ one, the Chủ tịch UBND of the
    product's province today a 3★ or 4★ one (a former district's certificate included: districts are no more)."""
    if certificate.star == 5:
        return decision_issuer_name(None)
    return decision_issuer_name(certificate.province) if certificate.province_id else ""


def decision_numbers(number: str, year: int) -> list[DecisionNumber]:
    """ocop.hooks.decision_numbers: the recognition decisions (issued here or recorded from before this system) and
    the revocation decisions under `number` in `year`. One revocation decision may revoke several certificates:
    its rows share the number and the date."""
    recognitions = RecognitionDecision.objects.filter(
        status=DecisionStatus.ISSUED, number=number, date__year=year
    ).values_list("pk", "issuer_name")
    revocations = Revocation.objects.filter(
        status=RevocationStatus.ISSUED, decision_number=number, decision_date__year=year
    ).select_related("certificate__province")
    return [DecisionNumber(issuer, ("recognition", pk)) for pk, issuer in recognitions] + [
        DecisionNumber(revocation_issuer(r.certificate), ("revocation", r.decision_date)) for r in revocations
    ]


def historic_number_holder(*, issuer: str, number: str, year: int) -> Certificate | None:
    """The certificate of `issuer` (its name however written: ocop.selectors.issuer_key) that bears `number` among
    those issued in `year`, or None: an old certificate's typed number must name one certificate of its issuer in its
    year, as the public verification page looks it up."""
    key = issuer_key(issuer)
    same = Certificate.objects.filter(number=number, issued_on__year=year).select_related("decision")
    return next((c for c in same if issuer_key(c.decision.issuer_name) == key), None)
