"""The dossier's official papers as printable PDFs laid out as in D26 Phụ lục III: Mẫu 01 (phiếu đăng ký),
Mẫu 02 (báo cáo tự đánh giá, with the producer's self-scores per criterion) and Mẫu 03 (the commune's
report). Filled from what the app already holds, so neither the producer nor the commune retypes them; they
are printed, signed, sealed and uploaded back as the dossier's documents. Rendering is ocop.pdf's."""

from django.core.exceptions import PermissionDenied

from ocop.choices import Role
from ocop.pdf import render_pdf

from .models import CommuneReport, Registration
from .selectors.registrations import selfassessment_sheet

FORMS = {"01": "mau01", "02": "mau02", "03": "mau03"}
SAMPLES_REQUIRED = 5  # D26 Điều 6.2d: five samples, none for tourism (set 26)


def can_print_form(user, form: str) -> bool:
    """Mẫu 01 and 02 are the producer's papers: everyone who sees the dossier may print them. Mẫu 03 is the
    commune's report to the province (Điều 7.2): officers print it, the producer does not."""
    if form == "03":
        return user.role != Role.PRODUCER
    return True


def _unit_name(unit) -> str:
    return unit.name if unit is not None else "……………"


def dossier_form_pdf(*, registration: Registration, form: str, user) -> bytes:
    if form not in FORMS:
        raise ValueError(form)
    if not can_print_form(user, form):
        raise PermissionDenied
    product = registration.product
    producer = product.producer
    product_set = product.product_set
    classification = (
        f"{product_set.group.sector.name}, {product_set.group.name}, {product_set.name}" if product_set else "……………"
    )
    commune = registration.commune
    context = {
        "r": registration,
        "product": product,
        "producer": producer,
        "address": producer.full_address,
        "classification": classification,
        "commune_name": _unit_name(commune),
        "province_name": _unit_name(commune.parent if commune.parent_id else None),
        "samples": "—" if product_set and product_set.number == 26 else SAMPLES_REQUIRED,
    }
    if form == "02":
        context["sheet"] = selfassessment_sheet(registration)
        context["scorecard"] = registration.scorecard
    if form == "03":
        context["report"] = CommuneReport.objects.filter(registration=registration).first()
    return render_pdf(f"evaluation/pdf/forms/{FORMS[form]}.html", context)
