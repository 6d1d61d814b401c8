"""Factories for the certificates area: product → registration (SCORED) → council result → decision → certificate,
and the expiry watch's builders (a certificate with a given valid_until and status).

They build on the apps below (products' ProductFactory and make_product, evaluation's RegistrationFactory and
CouncilResultFactory, which write the evaluation rows directly, without the council workflow) so this app's tests
stand alone."""

import datetime
import itertools
from datetime import date
from decimal import Decimal

import factory
from django.utils import timezone

from certificates.choices import CertificateStatus, DecisionStatus, IssuerLevel
from certificates.models import Certificate, DecisionEntry, RecognitionDecision
from evaluation.choices import LegalBasis, Level
from evaluation.models import CouncilResult
from evaluation.tests.factories import CouncilResultFactory, RegistrationFactory
from ocop.testing import make_user
from products.tests.factories import ProductFactory, make_product


def result_for(producer, *, star: int = 4, level: str = Level.PROVINCE, name: str | None = None, **kwargs):
    """A SCORED registration of a new product of `producer` with its council result."""
    product_kwargs = {"producer": producer}
    if name:
        product_kwargs["name"] = name
    product = ProductFactory(**product_kwargs)
    registration = RegistrationFactory(product=product)
    score = {3: Decimal("60.00"), 4: Decimal("75.50"), 5: Decimal("92.00")}[star]
    fields = {"final_star": star, "band_star": star, "mean_score": score, **kwargs}
    return CouncilResultFactory(registration=registration, level=level, **fields)


def issued_decision(*, province, by, results, number="1427/QĐ-UBND", on: date | None = None, level=None):
    """An ISSUED decision over `results`, through the real services (so certificates exist)."""
    from certificates.services.decisions import (
        decision_check,
        decision_create,
        decision_issue,
    )

    level = level or IssuerLevel.PROVINCE
    decision = decision_create(
        by=by,
        issuer_level=level,
        issuer_unit=province if level == IssuerLevel.PROVINCE else None,
        results=results,
        signer_name="Nguyễn Văn Ký",
        signer_title="KT. CHỦ TỊCH – PHÓ CHỦ TỊCH",
    )
    other = checker_for(by)
    decision_check(decision=decision, by=other)
    if on is not None:  # a decision of a past day rests on results of that day at the latest
        evaluated = timezone.make_aware(datetime.datetime.combine(on, datetime.time(9)))
        CouncilResult.objects.filter(pk__in=[r.pk for r in results], decided_at__gt=evaluated).update(
            decided_at=evaluated
        )
    return decision_issue(decision=decision, number=number, date=on or timezone.localdate(), by=other)


def checker_for(drafter):
    """A second officer of the drafter's office: four eyes, the drafter can neither check nor issue."""
    from ocop.models import User
    from ocop.testing import make_user

    username = f"{drafter.username}_checker"
    existing = User.objects.filter(username=username).first()
    return existing or make_user(username, drafter.role, drafter.unit, first_name="Kiểm Tra")


class DecisionFactory(factory.django.DjangoModelFactory):
    """A bare issued decision (for certificates built directly, without the issuance service)."""

    class Meta:
        model = RecognitionDecision

    number = factory.Sequence(lambda n: f"{100 + n}/QĐ-UBND")
    date = date(2026, 8, 5)
    issuer_level = IssuerLevel.PROVINCE
    issuer_name = "ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM"
    status = DecisionStatus.ISSUED


class CertificateFactory(factory.django.DjangoModelFactory):
    """A certificate written directly (no PDF): for list, access and verification tests."""

    class Meta:
        model = Certificate

    # Far above what the issuing counter gives in a test (90-2026-0001 onwards): a certificate issued by the service
    # and one from this factory never share a number, however many the process has made before.
    number = factory.Sequence(lambda n: f"90-2026-{8000 + n}/GCN-OCOP")
    decision = factory.SubFactory(DecisionFactory)
    product = None  # pass a product
    star = 4
    product_name = factory.LazyAttribute(lambda o: o.product.name)
    producer_name = factory.LazyAttribute(lambda o: o.product.producer.name)
    producer_address = "Xã Hoà An, Tỉnh Thử Nghiệm"
    issued_on = factory.LazyAttribute(lambda o: o.decision.date)
    valid_until = factory.LazyAttribute(lambda o: date(o.issued_on.year + 3, o.issued_on.month, o.issued_on.day))
    status = CertificateStatus.VALID


__all__ = ["DecisionEntry"]


def agency_conclusion(certificate) -> dict:
    """A competent authority's conclusion (Điều 8.1a, c, e) for a proposal on one of those grounds, dated on the
    certificate's issue: certificate_revoke_propose takes such a ground only with it."""
    return {
        "agency": "Chi cục An toàn vệ sinh thực phẩm",
        "document_number": "12/KL-ATTP",
        "concluded_on": certificate.issued_on,
    }


def revoke_with_four_eyes(
    *,
    certificate,
    by,
    ground="dd",
    detail="Văn bản làm căn cứ thu hồi.",
    decision_number="88/QĐ-UBND",
    decision_date=None,
    issuer=None,
):
    """Thu hồi in its two acts, with the arguments of the former one-step certificate_revoke: `by` proposes,
    `issuer` (by default a second officer of the same office, checker_for) issues the decision. A ground that rests
    on a conclusion is proposed with one: an agency's (agency_conclusion), for b and d an inspection's, for đ the
    commune's confirmation, of the certificate's issue day, as supervision's inspection or case passes it."""
    from django.utils import timezone

    from certificates.choices import COMMUNE_GROUNDS, CONCLUSION_GROUNDS, INSPECTION_GROUNDS
    from certificates.services.revocations import certificate_revoke, certificate_revoke_propose

    conclusion = agency_conclusion(certificate) if ground in CONCLUSION_GROUNDS else {}
    if ground in INSPECTION_GROUNDS:
        conclusion = {"inspection_concluded_on": certificate.issued_on}
    if ground in COMMUNE_GROUNDS:
        conclusion = {"commune_confirmed_on": certificate.issued_on}
    certificate_revoke_propose(certificate=certificate, ground=ground, detail=detail, by=by, **conclusion)
    return certificate_revoke(
        certificate=certificate,
        decision_number=decision_number,
        decision_date=decision_date or timezone.localdate(),
        by=issuer or checker_for(by),
    )


# -----------------------------------------------------------------------------------------------------------------
# The expiry watch: certificates with a given valid_until and status, for a producer of the cast (a
# RecognitionDecision + Certificate, with the product's taxonomy created if missing).

_seq = itertools.count(1)


def make_decision(*, issued_on: datetime.date):
    from certificates.choices import DecisionStatus, IssuerLevel
    from certificates.models import RecognitionDecision

    n = next(_seq)
    return RecognitionDecision.objects.create(
        # Far above the numbers tests type for the province's other decisions (a revocation's "88/QĐ-UBND"): one
        # issuer's decisions of a year never share a number (ocop.selectors.decision_number_holder).
        number=f"{90000 + n}/QĐ-UBND",
        date=issued_on,
        issuer_level=IssuerLevel.PROVINCE,
        issuer_name="UBND Tỉnh Thử Nghiệm",
        status=DecisionStatus.ISSUED,
    )


def make_certificate(
    producer,
    *,
    valid_until: datetime.date,
    status: str = "valid",
    star: int = 4,
    product=None,
    registration=None,
    decision=None,
    **extra,
):
    """A certificate of `producer` valid until `valid_until` (issued 36 months before, roughly)."""
    from certificates.models import Certificate
    from products.services import product_refresh_status

    product = product or make_product(producer)
    issued_on = valid_until - datetime.timedelta(days=3 * 365)
    decision = decision or make_decision(issued_on=issued_on)
    n = next(_seq)
    certificate = Certificate.objects.create(
        number=f"GCN-{n:05d}",
        decision=decision,
        registration=registration,
        product=product,
        star=star,
        product_name=product.name,
        product_code=f"90-90001-{n}-2026",
        producer_name=producer.name,
        producer_address="Xã Hoà An",
        issued_on=issued_on,
        valid_until=valid_until,
        status=status,
        **extra,
    )
    # What the certificates app's services do after every issue: the product's stored status and live star
    # (Product.current_star, which evaluation reads: a copy into a re-evaluation needs it).
    product_refresh_status(product=product)
    return certificate


def make_registration(product, *, kind: str = "first", status: str = "decided", created_by=None):
    """A registration row for `product` in `status` (built directly: tests of the watch need the row, not the
    evaluation workflow that produced it)."""
    return RegistrationFactory(product=product, kind=kind, status=status, created_by=created_by)


def officer(username: str, role: str, unit):
    return make_user(username, role, unit)


def historic_certificate(cast, **kwargs) -> Certificate:
    """A certificate of a district's old decision (148/2023), recorded by the province officer as an officer records
    one from the paper (certificate_record_historic); `kwargs` add or override what the officer types."""
    from certificates.services.certificates import certificate_record_historic

    data = {
        "by": cast.province_officer,
        "product": ProductFactory(producer=cast.producer),
        "number": "15/GCN-UBND",
        "star": 3,
        "issuer_level": IssuerLevel.DISTRICT,
        "issuer_name": "ỦY BAN NHÂN DÂN HUYỆN ĐOAN HÙNG",
        "decision_number": "1427/QĐ-UBND",
        "decision_date": date(2024, 4, 24),
        "legal_basis": LegalBasis.D148,
    }
    return certificate_record_historic(**(data | kwargs))
