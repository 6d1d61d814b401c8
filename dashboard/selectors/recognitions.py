"""Products, not certificates: a product recognised twice in a period (a 4★ certificate, then a 5★ upgrade the same
year) is one product recognised in it, counted under the star of its last certificate of the period (issue 14's
report, the plans' progress, the lists behind their figures)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q

from certificates.models import Certificate


def later_in_period(start: dt.date, end: dt.date):
    """The certificates of the outer certificate's product issued after it in the period (the same day: recorded
    after it), as a subquery for an EXISTS: none for the product's last certificate of the period."""
    return Certificate.objects.filter(product=OuterRef("product"), issued_on__gte=start, issued_on__lte=end).filter(
        Q(issued_on__gt=OuterRef("issued_on")) | Q(issued_on=OuterRef("issued_on"), pk__gt=OuterRef("pk"))
    )


def last_in_period_q(start: dt.date, end: dt.date) -> Q:
    """A product's last certificate issued from `start` to `end` (inclusive): each product once, at its last star."""
    return ~Q(Exists(later_in_period(start, end)))
