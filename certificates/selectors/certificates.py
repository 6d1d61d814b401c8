"""Reads for certificates: the list, a product's and a dossier's certificates, the search by number or name,
the open dossier and the stored document of one certificate, the historic numbers."""

from django.db.models import IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.downloads import secure_link_url
from ocop.models import User
from ocop.text import fold, nfc, vi_order
from products.selectors import timeline_at, timeline_url

from ..choices import LIVE_STATUSES, CertificateStatus
from ..models import Certificate, VerificationDay
from ..models.status import live_today_q
from .numbers import numbered_certificates


def certificate_list(*, user: User, filters: dict | None = None) -> QuerySet:
    """The certificates of `user`'s scope, each with `status_today` (the status of the day, which the rows show and
    the status filters select by: CertificateFilter), filtered: the web list and the API's."""
    from ..filters import CertificateFilter

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


def producer_live_certificate_count(*, user: User) -> int:
    """The producer's certificates in force today (live_today_q, as the home page lists them beside the count)."""
    return Certificate.objects.for_user(user).filter(live_today_q(today=timezone.localdate())).count()


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
    exact = numbered_certificates(certificates, text)  # however typed: "12/gcn–ubnd" is "12/GCN-UBND"
    if exact:
        return exact[:1]
    return list(certificates.filter(certificate_search_q(text)).order_by("number", "pk")[:limit])


def live_certificates_matching(*, user: User, text: str) -> list[Certificate]:
    """certificates_matching among the live certificates in `user`'s scope."""
    return certificates_matching(Certificate.objects.for_user(user).filter(status__in=LIVE_STATUSES), text)


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


def reevaluation_certificate(user: User, registration) -> dict | None:
    """The certificate a re-evaluation dossier renews, for the dossier's page (evaluation.hooks.
    reevaluation_certificate): its number, star, expiry and status of the day, and its page when `user` may open it.
    The certificate the dossier was started from (certificate_replaced_by_registration: the one-click link, or the
    previous dossier's), otherwise the one whose expiry its filing window is judged against (product_certificate_expiry,
    evaluation.selectors.reevaluation.filing_window_state). None when no certificate is on record."""
    from ..services.expiry.reevaluation import certificate_replaced_by_registration
    from ..services.expiry.states import product_certificate_expiry

    certificate = certificate_replaced_by_registration(registration=registration)
    if certificate is None and (valid_until := product_certificate_expiry(registration.product_id)) is not None:
        certificate = (
            Certificate.objects.filter(product_id=registration.product_id, valid_until=valid_until)
            .order_by("-issued_on", "-pk")
            .first()
        )
    if certificate is None:
        return None
    today = timezone.localdate()
    status = Certificate.objects.with_status_today(today).filter(pk=certificate.pk).values_list("status_today")
    visible = Certificate.objects.for_user(user).filter(pk=certificate.pk).exists()
    return {
        "number": certificate.number,
        "star": certificate.star,
        "valid_until": certificate.valid_until,
        "status": CertificateStatus(status[0][0]).label,
        "url": reverse("certificates:certificate_detail", args=[certificate.pk]) if visible else "",
    }


def certificate_open_dossier(*, user: User, certificate: Certificate):
    """The latest dossier of the certificate's product still in progress (states.open_dossiers_of: a draft, one filed,
    or one returned to the producer to complete) that `user` may open (Registration.objects.for_user), or None: the
    certificate's page links it while it lasts, before the expiry (the re-evaluation to finish rather than a second
    one) as after it (the re-evaluation that keeps the certificate extended, Điều 12.3, with the authority or back
    with the producer to complete), whether or not a re-evaluation could still be started."""
    from evaluation.models import Registration

    from ..services.expiry.states import open_dossiers_of

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
