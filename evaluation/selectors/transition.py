"""Dossiers pending when Decision 26/2026 took effect (D26 Điều 12.2) and the deadline it gave them, in one place.

"Những sản phẩm đã được chủ thể OCOP nộp hồ sơ … trước ngày Quyết định này có hiệu lực, nhưng chưa được cấp có thẩm
quyền đánh giá, phân hạng": first evaluations and upgrades finish under the 2021–2025 rules "không quá 60 ngày",
re-evaluations "không quá 30 ngày", from 22/05/2026 (ocop-domain.md §1: by 21/07/2026 and 21/06/2026). The app keeps
such a dossier on the rules it was filed under (it is bound to the criteria set in force the day it was made,
selectors.dossier.criteria_version_in_force); this module tracks the deadline.

- A transitional dossier: first filed (`filed_on`, its first submission to the commune) before 22/05/2026, and not
  finished before then. One withdrawn or rejected ends without an evaluation: it has nothing to finish.
- Finished: its evaluation's outcome is on record (selectors.dossier.registration_outcome's rule: the council's latest
  result, in a status where that result is the dossier's outcome), on the day of that result. A potential 5★ waiting
  for the province's approval or for the central council, and a 5★ product's re-evaluation the province scored that
  goes to the ministry (central_reevaluation_scored), still wait for the evaluation that classifies them.

`transitional_deadline` and `transitional_state` answer for one dossier (its page); `transitional_overdue_q` and
`transitional_late_q` are the same rules on the database (the registration list's filter, the office's home count;
evaluation/tests/test_registration_transition_deadline.py holds them to each other).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ..choices import D26_IN_FORCE_ON, RegistrationKind, RegistrationStatus
from ..models import CouncilResult, Registration
from ..workflow import CLOSED
from .dossier import OUTCOME_STATUSES, central_reevaluation_scored, central_reevaluation_scored_q, latest_result
from .reevaluation import filed_on

S = RegistrationStatus

# D26 Điều 12.2a, b: days "kể từ ngày Quyết định này có hiệu lực", counted from the day after 22/05/2026 (ocop-domain.md
# §1: by 21/07/2026 for a first evaluation or an upgrade, by 21/06/2026 for a re-evaluation).
TRANSITION_DAYS = {
    RegistrationKind.FIRST: 60,
    RegistrationKind.UPGRADE: 60,
    RegistrationKind.REEVALUATION: 30,
}
TRANSITION_DEADLINES = {kind: D26_IN_FORCE_ON + dt.timedelta(days=days) for kind, days in TRANSITION_DAYS.items()}
# Ended without an evaluation: nothing to finish, nothing late.
ENDED_UNEVALUATED = frozenset({S.WITHDRAWN, S.REJECTED})
# The statuses whose latest council result finishes the evaluation (OUTCOME_STATUSES but those waiting for the
# province's approval and the central council, Điều 7.3e, 7.4).
FINISHED_STATUSES = OUTCOME_STATUSES - {S.PROVINCE_APPROVAL, S.FORWARDED_TO_CENTRAL}


def evaluation_finished_on(registration: Registration) -> dt.date | None:
    """The day, in Việt Nam, the dossier's evaluation finished: its latest council result's, when that result is its
    outcome (FINISHED_STATUSES, not one going to the ministry); None while it is still to be evaluated."""
    if registration.status not in FINISHED_STATUSES or central_reevaluation_scored(registration):
        return None
    result = latest_result(registration)
    return timezone.localdate(result.decided_at) if result is not None else None


def transitional_deadline(registration: Registration) -> dt.date | None:
    """D26 Điều 12.2: the day a dossier filed before 22/05/2026 and not evaluated by then must be finished by (60 days
    for a first evaluation or an upgrade, 30 for a re-evaluation); None for any other dossier."""
    filed = filed_on(registration)
    if filed is None or filed >= D26_IN_FORCE_ON or registration.status in ENDED_UNEVALUATED:
        return None
    finished = evaluation_finished_on(registration)
    if finished is None and registration.status in CLOSED:
        return None  # closed with no result on record (a dossier recorded after the fact): nothing to judge
    if finished is not None and finished < D26_IN_FORCE_ON:
        return None  # evaluated under the old rules before D26: not pending then
    return TRANSITION_DEADLINES[registration.kind]


def transitional_state(registration: Registration, *, today: dt.date | None = None) -> dict | None:
    """What the dossier page says of Điều 12.2: its deadline, the day it finished (if it has), and whether it finished
    after the deadline (`late`) or is still open past it (`overdue`). None for a dossier it does not concern."""
    deadline = transitional_deadline(registration)
    if deadline is None:
        return None
    today = today or timezone.localdate()
    finished = evaluation_finished_on(registration)
    return {
        "deadline": deadline,
        "finished_on": finished,
        "late": finished is not None and finished > deadline,
        "overdue": finished is None and today > deadline,
    }


# ---------------------------------------------------------------- the same rules on the database
# Plain conditions on a registration's own columns and EXISTS, no annotation: the home page's one aggregate query
# counts with them as it counts with the other deadlines (selectors.registrations.registration_counts_for_home).


def _start_of(day: dt.date) -> dt.datetime:
    """The first instant of `day` in Việt Nam: a time stamp before it falls on an earlier day there."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _filed_before_d26_q() -> Q:
    """filed_on (the first submission, else the latest, on the day in Việt Nam) before 22/05/2026."""
    start = _start_of(D26_IN_FORCE_ON)
    return Q(first_submitted_at__lt=start) | Q(first_submitted_at__isnull=True, submitted_at__lt=start)


def _results(**conditions) -> Exists:
    return Exists(CouncilResult.objects.filter(registration=OuterRef("pk"), **conditions))


def _finished_q() -> Q:
    """evaluation_finished_on is not None."""
    return Q(status__in=FINISHED_STATUSES) & _results() & ~central_reevaluation_scored_q()


def transitional_overdue_q(today: dt.date) -> Q:
    """Transitional dossiers still open (not finished, not closed) past their deadline on `today`."""
    missed = [kind for kind, deadline in TRANSITION_DEADLINES.items() if deadline < today]
    if not missed:  # none yet (before 22/06/2026): false, without an empty IN that a count's filter cannot compile
        return Q(pk__isnull=True)
    return _filed_before_d26_q() & Q(kind__in=missed) & ~Q(status__in=CLOSED) & ~_finished_q()


def transitional_late_q() -> Q:
    """Transitional dossiers finished after their deadline: the latest result is after it when any result is."""
    after = Q()
    for kind, deadline in TRANSITION_DEADLINES.items():
        after |= Q(kind=kind) & _results(decided_at__gte=_start_of(deadline + dt.timedelta(days=1)))
    return _filed_before_d26_q() & _finished_q() & after
