"""Reads of the API. Nothing here decides what is public or who sees what: the public endpoints call the portal's
and the certificates' public selectors, the client endpoints start from the app's `for_user` selectors, and the
national-sync export (a province's products and certificates) reads by `.values()` in chunks so that a whole
province streams in bounded memory.

Stable ids: every record is identified by its database id, which never changes or is reused; products also carry
their OCOP code and certificates their number. Units are given with their official codes, and the old → new unit
mapping (the 2025 reorganisation) comes with each snapshot."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from certificates.choices import RevocationStatus
from certificates.models import Certificate
from certificates.models.status import effective_status, extension_days
from certificates.selectors.numbers import certificate_tokens_by_number
from certificates.selectors.verification import certificate_public
from ocop.models import AdministrativeUnit, AdministrativeUnitSuccession, User
from products.models import PRODUCT_CODE_FIELDS, Product, product_code

from .choices import EXPORT_CHUNK
from .serializers import api_datetime

# ---------------------------------------------------------------------------------------------------------
# Public: certificate verification by number (the token lookup is
# certificates.selectors.verification.certificate_public)


def certificates_verify_by_number(*, number: str) -> list[dict]:
    """Every certificate printed with `number` (any case, spaces around ignored), each as the QR code's public page
    shows it."""
    return [certificate_verification(token=token) for token in certificate_tokens_by_number(number=number)]


def certificate_verification(*, token: str) -> dict | None:
    found = certificate_public(token=token)
    if found is None:
        return None
    found["verify_url"] = reverse("certificates:certificate_verify", args=[token])
    return found


# ---------------------------------------------------------------------------------------------------------
# National sync: a province's products and certificates

PRODUCT_SYNC_FIELDS = (
    "id",
    "name",
    "brand",
    "description",
    "code_province",
    "code_commune",
    "code_serial",
    "code_year",
    "legacy_code",
    "status",
    "current_star",
    "product_set__number",
    "product_set__name",
    "product_set__group__sector__code",
    "producer_id",
    "producer__name",
    "producer__kind",
    "producer__tax_code",
    "producer__address",
    "producer__commune_id",
    "producer__commune__code",
    "producer__commune__name",
    "producer__historic_commune_id",
    "producer__historic_commune__code",
    "producer__historic_commune__name",
    "created_at",
    "updated_at",
    "producer__updated_at",
)

CERTIFICATE_SYNC_FIELDS = (
    "id",
    "number",
    "product_id",
    "registration_id",
    "star",
    "mean_score",
    "product_name",
    "product_code",
    "producer_name",
    "producer_address",
    "issued_on",
    "valid_until",
    "status",
    "legal_basis",
    "is_historic",
    "superseded_by_id",
    "decision_id",
    "decision__number",
    "decision__date",
    "decision__issuer_level",
    "decision__issuer_name",
    "revocation__status",
    "revocation__ground",
    "revocation__decision_number",
    "revocation__decision_date",
    "created_at",
    "updated_at",
)


def province_products(*, user: User, province_id: int) -> QuerySet[Product]:
    return Product.objects.for_user(user).filter(province_id=province_id)


def province_certificates(*, user: User, province_id: int) -> QuerySet[Certificate]:
    return Certificate.objects.for_user(user).filter(province_id=province_id)


def changed_products(qs: QuerySet[Product], since: dt.datetime) -> QuerySet[Product]:
    """Products changed after `since`: the product itself (status and star included) or its producer."""
    return qs.filter(Q(updated_at__gt=since) | Q(producer__updated_at__gt=since))


def changed_certificates(qs: QuerySet[Certificate], since: dt.datetime, today: dt.date) -> QuerySet[Certificate]:
    """Certificates written after `since`, and those whose status changed since then by the date alone, past their
    last valid day or past the 180 days of an extension (the nightly sweep may not have run: the status given is
    today's, see `_certificate_row`)."""
    first_day = timezone.localtime(since).date() - dt.timedelta(days=1)
    extension = dt.timedelta(days=extension_days())
    lapsed = Q(valid_until__gte=first_day, valid_until__lt=today)
    extension_ended = Q(valid_until__gte=first_day - extension, valid_until__lt=today - extension)
    return qs.filter(Q(updated_at__gt=since) | lapsed | extension_ended)


def _unit(pk, code, name) -> dict | None:
    return None if pk is None else {"id": pk, "code": code, "name": name}


def _product_row(r: dict) -> dict:
    return {
        "id": r["id"],
        "code": product_code(*(r[name] for name in PRODUCT_CODE_FIELDS)),
        "name": r["name"],
        "brand": r["brand"],
        "description": r["description"],
        "status": r["status"],
        "current_star": r["current_star"],
        "product_set": r["product_set__number"],
        "product_set_name": r["product_set__name"],
        "sector": r["product_set__group__sector__code"],
        "producer": {
            "id": r["producer_id"],
            "name": r["producer__name"],
            "kind": r["producer__kind"],
            "tax_code": r["producer__tax_code"],
            "address": r["producer__address"],
            "commune": _unit(r["producer__commune_id"], r["producer__commune__code"], r["producer__commune__name"]),
            "historic_commune": _unit(
                r["producer__historic_commune_id"],
                r["producer__historic_commune__code"],
                r["producer__historic_commune__name"],
            ),
        },
        "created_at": api_datetime(r["created_at"]),
        "updated_at": api_datetime(max(r["updated_at"], r["producer__updated_at"])),
    }


def _certificate_row(r: dict, today: dt.date) -> dict:
    revocation = None
    if r["revocation__status"] == RevocationStatus.ISSUED:
        revocation = {
            "ground": r["revocation__ground"],
            "decision_number": r["revocation__decision_number"],
            "decision_date": r["revocation__decision_date"].isoformat() if r["revocation__decision_date"] else None,
        }
    return {
        "id": r["id"],
        "number": r["number"],
        "product_id": r["product_id"],
        "registration_id": r["registration_id"],
        "star": r["star"],
        "mean_score": str(r["mean_score"]) if r["mean_score"] is not None else None,
        "product_name": r["product_name"],
        "product_code": r["product_code"],
        "producer_name": r["producer_name"],
        "producer_address": r["producer_address"],
        "issued_on": r["issued_on"].isoformat(),
        "valid_until": r["valid_until"].isoformat(),
        "status": effective_status(
            r["status"], r["valid_until"], today, reevaluation_pending=r["reevaluation_pending"]
        ),
        "legal_basis": r["legal_basis"],
        "is_historic": r["is_historic"],
        "superseded_by_id": r["superseded_by_id"],
        "decision": {
            "id": r["decision_id"],
            "number": r["decision__number"],
            "date": r["decision__date"].isoformat() if r["decision__date"] else None,
            "issuer_level": r["decision__issuer_level"],
            "issuer_name": r["decision__issuer_name"],
        },
        "revocation": revocation,
        "created_at": api_datetime(r["created_at"]),
        "updated_at": api_datetime(r["updated_at"]),
    }


def product_rows(qs: QuerySet[Product]) -> Iterator[dict]:
    for r in qs.order_by("pk").values(*PRODUCT_SYNC_FIELDS).iterator(chunk_size=EXPORT_CHUNK):
        yield _product_row(r)


def certificate_rows(qs: QuerySet[Certificate], today: dt.date | None = None) -> Iterator[dict]:
    today = today or timezone.localdate()
    rows = qs.with_reevaluation_pending().order_by("pk").values(*CERTIFICATE_SYNC_FIELDS, "reevaluation_pending")
    for r in rows.iterator(chunk_size=EXPORT_CHUNK):
        yield _certificate_row(r, today)


def unit_mapping(*, province_id: int) -> list[dict]:
    """Old (before 01/07/2025) → new units for the province: the province itself and its communes."""
    rows = (
        AdministrativeUnitSuccession.objects.filter(Q(new_id=province_id) | Q(new__parent_id=province_id))
        .order_by("old__level", "old__code", "new__code")
        .values(
            "old_id",
            "old__code",
            "old__name",
            "old__level",
            "new_id",
            "new__code",
            "new__name",
            "new__level",
            "is_primary",
        )
    )
    return [
        {
            "old": {"id": r["old_id"], "code": r["old__code"], "name": r["old__name"], "level": r["old__level"]},
            "new": {"id": r["new_id"], "code": r["new__code"], "name": r["new__name"], "level": r["new__level"]},
            "is_primary": r["is_primary"],
        }
        for r in rows
    ]


def province_ref(province: AdministrativeUnit) -> dict:
    return {"id": province.pk, "code": province.code, "name": province.name}
