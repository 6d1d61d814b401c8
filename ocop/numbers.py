"""Numbers as people read them.

- Points: two decimals, with the decimal separator of the active language (60,00 in the Vietnamese UI, 60.00 in
  English). Templates use the `points` filter (`{% load points %}`); Python text that ends up on a page or in a
  notice (notifications, e-mails) calls `format_points` — never `str(Decimal)`.
- Shares: a whole percent rounded half up (`percent`), as a spreadsheet or a reader does (12.5 % is 13 %; Python's
  round() would give 12).
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import number_format

CENT = Decimal("0.01")


def format_points(value) -> str:
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value)).quantize(CENT, ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return str(value)
    return number_format(number, decimal_pos=2, use_l10n=True)


def percent(part, whole) -> int | None:
    """`part` of `whole` as a whole percent, rounded half up; None when `whole` is 0 (no share to speak of)."""
    if not whole:
        return None
    return int((Decimal(100) * Decimal(part) / Decimal(whole)).quantize(Decimal(1), ROUND_HALF_UP))
