"""Registrations: bare rows for the apps above (RegistrationFactory, CouncilResultFactory), and rounds and
registrations put straight into a status, with their dossier.

    card = scorecard_for(product)                 # the small scorecard of .criteria, bound to the set
    reg = registration_in(cast, status="submitted")
    RegistrationFactory(product=…, status=…)       # a bare row, no workflow (certificates' tests)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from evaluation.choices import Level, RegistrationKind, RegistrationStatus, RoundStatus
from evaluation.models import CouncilResult, EvaluationRound, Registration, Scorecard
from evaluation.models.registrations import CHECKLIST
from products.models import Product
from products.tests.factories import ProducerFactory, ProductFactory, make_product

from .criteria import criteria_version, small_scorecard
from .files import pdf_upload

# ---------------------------------------------------------------- bare rows (no workflow)


def reevaluation_filed_at(product: Product, *, kind: str, status: str) -> dt.datetime | None:
    """When a re-evaluation of `product` written straight into `status` was filed (its first submission, what
    evaluation.selectors.reevaluation.filed_before_expiry judges), as it would have been: now while the certificate it
    renews is still valid, or, once that certificate is past its last valid day, on that day at 09:00 (the latest it
    could have been filed, late, Điều 12.3: a first submission after it is refused, and such a dossier extends nothing).
    None for a draft, which was never filed, and for a first evaluation (left as the rows always were). A test that
    means another day passes `submitted_at` and `first_submitted_at` itself."""
    from evaluation import hooks

    if kind != RegistrationKind.REEVALUATION or status == RegistrationStatus.DRAFT:
        return None
    now = timezone.now()
    last_day = hooks.certificate_expiry(product.pk)
    if last_day is None or last_day >= timezone.localdate(now):
        return now
    return timezone.make_aware(dt.datetime.combine(last_day, dt.time(9)))


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A registration row written directly, SCORED by default (for the apps above, whose tests need the row and
    not the evaluation workflow that produced it). A re-evaluation past the draft carries the day it was filed
    (`reevaluation_filed_at`): the extension of Điều 12.3 holds only one filed by its certificate's last day."""

    class Meta:
        model = Registration

    product = factory.SubFactory(ProductFactory)
    criteria_version = factory.LazyFunction(criteria_version)
    commune = factory.LazyAttribute(lambda o: o.product.producer.commune)
    year = 2026
    kind = RegistrationKind.FIRST
    status = RegistrationStatus.SCORED
    submitted_at = factory.LazyAttribute(lambda o: reevaluation_filed_at(o.product, kind=o.kind, status=o.status))
    first_submitted_at = factory.SelfAttribute("submitted_at")


class CouncilResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilResult

    registration = factory.SubFactory(RegistrationFactory)
    level = Level.PROVINCE
    mean_score = Decimal("75.50")
    band_star = 4
    final_star = 4


# ---------------------------------------------------------------- registrations


def scorecard_for(product: Product) -> Scorecard:
    existing = Scorecard.objects.filter(version=criteria_version(), product_set=product.product_set).first()
    return existing or small_scorecard(product_set=product.product_set)


def province_round(province, *, year: int = 2026, number: int = 2, status: str = RoundStatus.OPEN) -> EvaluationRound:
    existing = EvaluationRound.objects.filter(level=Level.PROVINCE, unit=province, year=year, number=number).first()
    if existing:
        return existing
    return EvaluationRound.objects.create(
        level=Level.PROVINCE,
        unit=province,
        year=year,
        number=number,
        title=f"Đợt {number}/{year}",
        proposals_due=dt.date(year, 10, 30) if number == 2 else dt.date(year, 4, 30),
        done_by=dt.date(year, 12, 30) if number == 2 else dt.date(year, 6, 30),
        criteria_version=criteria_version(),
        status=status,
    )


def round_taking_proposals(cast) -> EvaluationRound:
    """A round of the cast's province still taking proposals on the tests' day (02/12/2026): round 1 of 2027, until
    30/04/2027. The commune proposes a dossier only by its round's deadline (services.round_calendar), and the
    default round of `registration_in`, round 2 of 2026, took proposals until 30/10/2026."""
    return province_round(cast.province, year=2027, number=1)


def registration_in(
    cast,
    *,
    status: str = RegistrationStatus.DRAFT,
    kind: str = RegistrationKind.FIRST,
    product: Product | None = None,
    name: str | None = None,
    **fields,
) -> Registration:
    """A registration of the cast's producer, put straight into `status` (for guard and access tests)."""
    product = product or make_product(cast.producer, name or f"Sản phẩm {Registration.objects.count() + 1}", number=1)
    card = scorecard_for(product)
    values = {
        "product": product,
        "kind": kind,
        "status": status,
        "round": province_round(cast.province),
        "criteria_version": card.version,
        "scorecard": card,
        "commune": product.producer.commune,
        "year": 2026,
        "created_by": cast.producer_owner,
    }
    if status not in {RegistrationStatus.DRAFT}:
        # Filed (first submission and latest): when the test says, else now, or a re-evaluation by its certificate's
        # last day (reevaluation_filed_at).
        filed_at = fields.get("submitted_at") or reevaluation_filed_at(product, kind=kind, status=status)
        filed_at = filed_at or timezone.now()
        values.update(
            submitted_at=filed_at,
            first_submitted_at=filed_at,
            commune_due_on=timezone.localdate() + dt.timedelta(days=21),
        )
    values.update(fields)
    return Registration.objects.create(**values)


def paper_registration_in(cast, *, status: str = RegistrationStatus.DRAFT, **fields) -> Registration:
    """A registration of a producer of the cast's commune that has no account, typed in by the commune's officer
    from its paper dossier (the officer acts for it: evaluation.permissions.registrations.may_withdraw)."""
    producer = ProducerFactory(name="HTX Hương Rừng", commune=cast.commune)
    values = {"entered_by_officer": True, "created_by": cast.commune_officer, **fields}
    return registration_in(cast, status=status, product=make_product(producer, "Mật ong rừng Hương Rừng"), **values)


def complete_dossier(registration: Registration, by) -> None:
    """Answer every criterion (the top option) and attach every document the checklist needs."""
    from evaluation.models import Criterion
    from evaluation.services.documents import document_upload
    from evaluation.services.dossier import selfassessment_save

    answers = {}
    for criterion in Criterion.objects.filter(group__part__scorecard_id=registration.scorecard_id).prefetch_related(
        "options"
    ):
        options = sorted(criterion.options.all(), key=lambda o: o.points)
        answers[criterion.pk] = options[-1].pk if options else "yes"
    selfassessment_save(registration=registration, answers=answers, by=by)
    for kind in CHECKLIST[registration.kind]:
        document_upload(registration=registration, kind=kind, uploaded_file=pdf_upload(f"{kind}.pdf"), by=by)


# ---------------------------------------------------------------- the written result notice

_notice_numbers = iter(range(1, 1_000_000))


def notice_paper(**values) -> dict:
    """What the OCOP office issues a written result notice with (services.notices.registration_notify_result, the
    notice form): a number of its own each call, today's date, the office and its signer."""
    return {
        "number": f"{next(_notice_numbers)}/TB-SNNMT",
        "date": timezone.localdate(),
        "issuer_name": "Sở Nông nghiệp và Môi trường",
        "signer_name": "Nguyễn Văn Bình",
        "signer_title": "KT. GIÁM ĐỐC — PHÓ GIÁM ĐỐC",
        **values,
    }


def notice_form(**values) -> dict:
    """notice_paper as the notice form posts it (the date as dd/mm/yyyy)."""
    paper = notice_paper(**values)
    day = paper["date"]
    return {**paper, "date": day.strftime("%d/%m/%Y") if isinstance(day, dt.date) else day}
