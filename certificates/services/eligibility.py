"""What a recognition decision may recognise: the council results a new decision of an issuer may list
(eligible_results), and the certificates its recognition may not replace (kept_certificate_q), refused again when
the decision is issued (refuse_kept_certificates). decision_create and decision_issue (certificates.services.decisions)
apply these rules."""

import operator
from datetime import date
from functools import reduce

from django.core.exceptions import ValidationError
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from evaluation.choices import Level, RegistrationKind, RegistrationStatus, Star
from evaluation.models import CouncilResult
from evaluation.workflow import sources
from ocop.models import AdministrativeUnit
from ocop.text import vi_order

from ..choices import IssuerLevel
from ..models import Certificate, DecisionEntry, RecognitionDecision
from ..models.status import live_today_q

# Registration statuses from which a result can still be recognised (the workflow table's "decide" row).
DECIDABLE = sorted(sources("decide"))


def kept_certificate_q(*, issuer_level: str, today: date, product: str, star: str, registration: str) -> dict[str, Q]:
    """What a recognition by a decision of `issuer_level` may not replace: the product's certificate live today
    (live_today_q, what certificate_supersede would move) stays, and the recognition is refused. As conditions on
    rows that name a product, a star and a dossier (`product`, `star`, `registration`: their field paths), so that a
    council result (eligible_results) and an annex line (decision_issue) are judged by the one rule:

    - "upgrade": an upgrade whose star does not exceed the live certificate's is no upgrade (Điều 7.5,
      evaluation.workflow.upgrade_achieved): the product keeps the certificate it has;
    - "five_star": a province never replaces a 5★ certificate, the Minister's (Điều 4.1b): a 5★ product's
      re-evaluation is the ministry's (Điều 7.6e), not a provincial council's. Only a dossier the central council
      evaluated may end in the province's 3★/4★ recognition (Điều 7.6e last paragraph, 7.4g: the product fell short
      of 90 there), and that one replaces the 5★ certificate.
    """
    live = Certificate.objects.filter(live_today_q(today=today), product=OuterRef(product))
    kept = {
        "upgrade": Q(**{f"{registration}__kind": RegistrationKind.UPGRADE})
        & Exists(live.filter(star__gte=OuterRef(star))),
    }
    if issuer_level != IssuerLevel.MINISTRY:
        ministry_rated = CouncilResult.objects.filter(registration=OuterRef(registration), level=Level.CENTRAL)
        kept["five_star"] = Exists(live.filter(star=Star.FIVE)) & ~Exists(ministry_rated)
    return kept


def eligible_results(*, issuer_level: str, issuer_unit: AdministrativeUnit | None):
    """Council results that a new decision of this issuer may recognise: ≥3★, not eliminated, the dossier
    still awaiting a decision, and not already on any decision. A province recognises 3–4★ (its own
    results, or the central council's when the product fell short of 90, Điều 7.4g); the ministry 5★. Never one
    that would replace a certificate it may not (kept_certificate_q: an upgrade not above the star the product
    holds, a province's over a 5★ product)."""
    kept = kept_certificate_q(
        issuer_level=issuer_level,
        today=timezone.localdate(),
        product="registration__product",
        star="final_star",
        registration="registration",
    )
    qs = (
        CouncilResult.objects.filter(eliminated=False, registration__status__in=DECIDABLE)
        .exclude(pk__in=DecisionEntry.objects.filter(result__isnull=False).values("result_id"))
        # A result a newer one of the same dossier supersedes (sent back for a new evaluation, Điều 7.4g) is history.
        .exclude(registration__results__decided_at__gt=F("decided_at"))
        .exclude(reduce(operator.or_, kept.values()))
        .select_related("registration__product__producer__commune")
    )
    if issuer_level == IssuerLevel.MINISTRY:
        return qs.filter(level=Level.CENTRAL, final_star=5).order_by(vi_order("registration__product__name"), "pk")
    if issuer_level == IssuerLevel.PROVINCE and issuer_unit is not None:
        qs = qs.filter(final_star__in=[3, 4], registration__commune__parent=issuer_unit)
        # Its own council's result, unless the dossier went to the ministry with it: a 5★ re-evaluation sent on from
        # "scored" (evaluation's forward_central) waits for the central council's result, which alone the province
        # may recognise (Điều 7.4g), even once the 5★ certificate is no longer in force.
        own = Q(level=Level.PROVINCE, potential_five=False) & ~Q(
            registration__status=RegistrationStatus.FORWARDED_TO_CENTRAL
        )
        return qs.filter(own | Q(level=Level.CENTRAL)).order_by(vi_order("registration__product__name"), "pk")
    return qs.none()


KEPT_UPGRADE = gettext_lazy(
    "“%(p)s”: kết quả nâng hạng %(s)s sao không cao hơn giấy chứng nhận %(n)s (%(h)s sao) đang có hiệu lực: không đạt "
    "nâng hạng, sản phẩm giữ giấy chứng nhận hiện có (Điều 7.5)"
)
KEPT_FIVE_STAR = gettext_lazy(
    "“%(p)s”: đang có giấy chứng nhận 5 sao %(n)s của Bộ trưởng Bộ Nông nghiệp và Môi trường; quyết định của UBND tỉnh "
    "không thay thế được (đánh giá lại sản phẩm 5 sao do Bộ thực hiện, Điều 7.6e)"
)
KEPT_REFUSAL = gettext_lazy(
    "Không ban hành được quyết định: %(lines)s. Trả lại dự thảo và bỏ các sản phẩm này khỏi phụ lục."
)


def refuse_kept_certificates(decision: RecognitionDecision) -> None:
    """Refuse, naming each product, an annex whose recognition would replace a certificate it may not
    (kept_certificate_q). A correcting decision's lines replace the certificates they correct, with their star:
    they are the correction's own rule (corrected_in_force)."""
    if decision.corrects_id:
        return
    today = timezone.localdate()
    kept = kept_certificate_q(
        issuer_level=decision.issuer_level, today=today, product="product", star="star", registration="registration"
    )
    refused = {rule: set(decision.entries.filter(q).values_list("pk", flat=True)) for rule, q in kept.items()}
    if not any(refused.values()):
        return
    wording = {"upgrade": KEPT_UPGRADE, "five_star": KEPT_FIVE_STAR}
    lines = []
    for entry in decision.entries.select_related("product").order_by("order", "pk"):
        rule = next((r for r in ("five_star", "upgrade") if entry.pk in refused.get(r, ())), None)
        if rule is None:
            continue
        held = (
            Certificate.objects.filter(live_today_q(today=today), product=entry.product_id)
            .order_by("-star", "-valid_until", "pk")
            .first()
        )
        values = {"p": entry.product.name, "s": entry.star, "n": held.number, "h": held.star}
        lines.append(wording[rule] % values)
    raise ValidationError(KEPT_REFUSAL % {"lines": "; ".join(lines)}, code="kept_certificate")
