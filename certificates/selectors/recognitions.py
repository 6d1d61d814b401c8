"""Products, not certificates: a product recognised twice in a period (a 4★ certificate, then a 5★ upgrade the same
year) is one product recognised in it, under the star of its last certificate of the period. The dashboards' figures
(the report, the statistics page, the plans' progress) count so, and the certificate list's `last` filter shows
those rows, the list behind each of them."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q

from ..models import Certificate


def later_in_period(start: dt.date | None, end: dt.date | None, *, among: Q | None = None):
    """The certificates of the outer certificate's product issued after it (the same day: recorded after it) from
    `start` to `end` (inclusive; a missing bound leaves that side open), among those `among` selects (a round's,
    those recorded from before the system), as a subquery for an EXISTS: none for the product's last one."""
    later = Certificate.objects.filter(product=OuterRef("product"))
    later = later.filter(
        Q(issued_on__gt=OuterRef("issued_on")) | Q(issued_on=OuterRef("issued_on"), pk__gt=OuterRef("pk"))
    )
    if start:
        later = later.filter(issued_on__gte=start)
    if end:
        later = later.filter(issued_on__lte=end)
    return later.filter(among) if among is not None else later


def last_in_period_q(start: dt.date | None, end: dt.date | None, *, among: Q | None = None) -> Q:
    """A product's last certificate issued from `start` to `end` (inclusive), among those `among` selects (the
    certificate itself must be one of them too): each product once, at its last star."""
    return ~Q(Exists(later_in_period(start, end, among=among)))
