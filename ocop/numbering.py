"""The numbers of documents: an issuer numbers all its decisions of a year in one sequence (Nghị định 30/2020/NĐ-CP,
Phụ lục I), whatever they decide, and a number is the same however it was typed (ocop.text.decision_number_key).
Checked by the services that write a number, in turn per issuer and year."""

import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Counter
from .text import DECISION_NUMBER_TAKEN


def issuer_year_lock(*, issuer: str, year: int) -> None:
    """Take, until the writing transaction ends, the lock of the numbers of `issuer` (its name however written:
    ocop.selectors.issuer_key) in `year`: the pair's Counter row. A number is checked, then written, under it, so two
    writes of one number at once (two kinds of decision, which no single table's constraint sees; or one number typed
    two ways, "12/QD-UBND" and "12/QĐ-UBND", which no constraint sees either) cannot both pass."""
    from .selectors import issuer_key

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("issuer_year_lock must run inside a transaction")
    key = f"decision-number:{hashlib.sha256(issuer_key(issuer).encode()).hexdigest()[:32]}:{year}"
    Counter.objects.get_or_create(key=key)
    Counter.objects.select_for_update().filter(key=key).first()


def decision_number_check(
    *, issuer: str, number: str, on: datetime.date, decision: tuple, field: str, lock: bool = True
) -> None:
    """Refuse next to `field` the number of a decision of `issuer` dated `on` when another decision of that issuer
    bears it in that year, however typed (ocop.selectors.decision_number_holder: the one rule, for every kind of
    decision; `decision` is the one being written). Inside the writing transaction, under issuer_year_lock: the
    decisions of one issuer and year are written in turn. Without `lock`: a page's check of a form it refuses a
    field of, where nothing is written."""
    from .selectors import decision_number_holder

    if lock:
        issuer_year_lock(issuer=issuer, year=on.year)
    if decision_number_holder(issuer=issuer, number=number, year=on.year, decision=decision) is not None:
        raise ValidationError({field: DECISION_NUMBER_TAKEN}, code="decision_number_taken")
