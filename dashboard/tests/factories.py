"""Council results as the statistics and the report count them: a dossier not recognised (its status says so) and
dossiers still waiting for their decision (ocop-domain.md §6), which are neither recognised nor not recognised.

`certificates.tests.factories.result_for` leaves every registration SCORED (a result waiting for its decision);
these put it where the council's result or what followed it took it."""

import datetime as dt
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from certificates.choices import IssuerLevel
from certificates.services.decisions import decision_create
from certificates.tests.factories import result_for
from evaluation.choices import Level, RegistrationStatus
from evaluation.models import CouncilResult, Registration


def settled(result, status: str, *, on: dt.datetime | None = None):
    """`result` with its registration put in `status` (and the result dated `on`, the day the council took it)."""
    Registration.objects.filter(pk=result.registration_id).update(status=status)
    if on is not None:
        CouncilResult.objects.filter(pk=result.pk).update(decided_at=on)  # auto_now_add
    result.refresh_from_db()
    result.registration.refresh_from_db()
    return result


def not_recognised(producer, *, on: dt.datetime | None = None):
    """A 2★ result: the dossier is not recognised (D26 Điều 7.3e)."""
    result = result_for(producer, star=3, mean_score=Decimal("45.00"), band_star=2, final_star=2)
    return settled(result, RegistrationStatus.NOT_RECOGNISED, on=on)


def awaiting_decision(cast, *, on: dt.datetime | None = None) -> list:
    """Three results whose dossiers wait for their decision: a 4★ whose decision is drafted and not issued yet
    (SCORED), a potential 5★ forwarded to the central council (FORWARDED_TO_CENTRAL) and a central result sent back
    for a new provincial evaluation (READY_FOR_COUNCIL, Điều 7.4g)."""
    scored = settled(result_for(cast.producer, star=4), RegistrationStatus.SCORED, on=on)
    decision_create(
        by=cast.province_officer,
        issuer_level=IssuerLevel.PROVINCE,
        issuer_unit=cast.province,
        results=[scored],
        signer_name="Nguyễn Văn Ký",
        signer_title="KT. CHỦ TỊCH – PHÓ CHỦ TỊCH",
    )
    forwarded = settled(result_for(cast.producer, star=5), RegistrationStatus.FORWARDED_TO_CENTRAL, on=on)
    sent_back = result_for(cast.producer, star=4, level=Level.CENTRAL)
    sent_back = settled(sent_back, RegistrationStatus.READY_FOR_COUNCIL, on=on)
    return [scored, forwarded, sent_back]


def workbook(headings, *rows) -> SimpleUploadedFile:
    """An Excel upload: a sheet of `headings` and `rows`, as an officer sends it to an import page."""
    book = Workbook()
    sheet = book.active
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("nhap.xlsx", buffer.getvalue())


def plan_of_2026(cast, targets: list[dict]):
    """The province's programme plan for 2026 (45/KH-UBND, 01/01–31/12/2026) with `targets`, made through the service
    as its officer makes it: the period the pinned day (02/12/2026) falls in."""
    from dashboard.services import plan_create

    return plan_create(
        by=cast.province_officer,
        fields={
            "unit": cast.province,
            "number": "45/KH-UBND",
            "signed_on": dt.date(2026, 3, 10),
            "title": "Kế hoạch OCOP 2026",
            "period_start": dt.date(2026, 1, 1),
            "period_end": dt.date(2026, 12, 31),
        },
        targets=targets,
    )


def progress_by_label(plan) -> dict:
    """The plan's progress rows by their target's label."""
    from dashboard.selectors.plans import plan_progress

    return {row["target"].label: row for row in plan_progress(plan)}
