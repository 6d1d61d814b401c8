"""Points as people read them: two decimals, with the decimal separator of the active language (60,00 in the
Vietnamese UI, 60.00 in English). Templates use the `points` filter (`{% load points %}`); Python text that
ends up on a page or in a notice (notifications, e-mails) calls `format_points` — never `str(Decimal)`."""

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
