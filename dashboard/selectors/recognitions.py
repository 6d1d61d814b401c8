"""Products, not certificates: a product recognised twice in a period (a 4★ certificate, then a 5★ upgrade the same
year) is one product recognised in it, counted under the star of its last certificate of the period (issue 14's
report, the plans' progress, the lists behind their figures: certificates.selectors.recognitions, which the
certificate list's `last` filter applies too)."""

from __future__ import annotations

from certificates.selectors.recognitions import last_in_period_q, later_in_period

__all__ = ["last_in_period_q", "later_in_period"]
