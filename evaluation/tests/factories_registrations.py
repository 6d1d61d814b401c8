"""Rounds, registrations and dossier files for tests.

card = scorecard_for(product)                 # the small scorecard of factories_criteria, bound to the set
reg = registration_in(cast, status="submitted")
pdf_upload("label.pdf"), png_upload(), exe_renamed("label.pdf")
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from evaluation.choices import Level, RegistrationKind, RegistrationStatus, RoundStatus
from evaluation.models import EvaluationRound, Registration, Scorecard
from evaluation.models.registrations import CHECKLIST
from evaluation.tests.factories_criteria import criteria_version, small_scorecard
from products.models import Product
from products.tests.factories import product_set

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 64
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 200


def use_private_media(settings, tmp_path):
    """Send stored files to a temporary folder (Django resets default_storage when STORAGES changes)."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = str(root)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(root)}},
    }
    return root


@pytest.fixture
def private_media(settings, tmp_path):
    """Stored files go to a temporary folder (and we can look at what was left behind)."""
    return use_private_media(settings, tmp_path)


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def pdf_upload(name: str = "tai-lieu.pdf", extra: bytes = b"") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES + extra, content_type="application/pdf")


def png_upload(name: str = "nhan.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def exe_renamed(name: str = "nhan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, EXE_BYTES, content_type="application/pdf")


def xlsx_upload(name: str = "ke-hoach.xlsx") -> SimpleUploadedFile:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active["A1"] = "Phương án kinh doanh"
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


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


def make_product(producer, name: str = "Mật ong rừng Hoà An") -> Product:
    from ocop.text import fold

    return Product.objects.create(producer=producer, product_set=product_set(1), name=name, search_text=fold(name))


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
    product = product or make_product(cast.producer, name or f"Sản phẩm {Registration.objects.count() + 1}")
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
        values.update(submitted_at=timezone.now(), commune_due_on=timezone.localdate() + dt.timedelta(days=21))
    values.update(fields)
    return Registration.objects.create(**values)


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
