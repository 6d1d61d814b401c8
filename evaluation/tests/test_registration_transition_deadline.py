"""D26 Điều 12.2: a dossier filed before 22/05/2026 and not evaluated by then finishes under the 2021–2025 rules within
60 days (first evaluation, upgrade: by 21/07/2026) or 30 days (re-evaluation: by 21/06/2026). One rule
(evaluation.selectors.transition) gives its deadline, and says whether it finished after it or is still open past it:
the dossier page reads it in Python, the registration list's filter and the office's home count on the database."""

import datetime as dt
from decimal import Decimal

import pytest

from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as S
from evaluation.models import CouncilResult, Registration
from evaluation.selectors.transition import (
    transitional_deadline,
    transitional_late_q,
    transitional_overdue_q,
    transitional_state,
)
from evaluation.tests.factories import CouncilResultFactory, make_product, registration_in

pytestmark = pytest.mark.django_db

VN = dt.timezone(dt.timedelta(hours=7))
BEFORE = dt.datetime(2026, 4, 10, 9, tzinfo=VN)  # filed under 148/1489
LAST_EVENING = dt.datetime(2026, 5, 21, 23, 30, tzinfo=VN)  # 16:30 UTC: still 21/05 in Việt Nam
AFTER = dt.datetime(2026, 5, 22, 0, 30, tzinfo=VN)  # the day D26 took effect
TODAY = dt.date(2026, 12, 2)


def dossier(cast, *, status, kind=K.FIRST, filed=BEFORE, result_on: dt.date | None = None, **fields):
    registration = registration_in(cast, status=status, kind=kind, submitted_at=filed, **fields)
    if result_on is not None:
        result = CouncilResultFactory(registration=registration, mean_score=Decimal("72.00"))
        at = dt.datetime.combine(result_on, dt.time(15), tzinfo=VN)
        CouncilResult.objects.filter(pk=result.pk).update(decided_at=at)
    return registration


@pytest.mark.parametrize(
    ("kind", "deadline"),
    [(K.FIRST, dt.date(2026, 7, 21)), (K.UPGRADE, dt.date(2026, 7, 21)), (K.REEVALUATION, dt.date(2026, 6, 21))],
)
def test_it_gives_a_dossier_pending_on_22_05_2026_its_deadline_by_kind(cast, kind, deadline):
    registration = dossier(cast, status=S.ADVISORY_REVIEW, kind=kind)
    assert transitional_deadline(registration) == deadline
    assert transitional_state(registration, today=TODAY) == {
        "deadline": deadline,
        "finished_on": None,
        "late": False,
        "overdue": True,
    }
    on_the_day = transitional_state(registration, today=deadline)
    assert on_the_day["overdue"] is False  # the last day is still in time


def test_it_concerns_only_dossiers_filed_before_d26_and_not_evaluated_by_then(cast):
    # Filed on the evening of 21/05 in Việt Nam (already 22/05 nowhere): pending when D26 took effect.
    assert transitional_deadline(dossier(cast, status=S.SUBMITTED, filed=LAST_EVENING)) == dt.date(2026, 7, 21)
    # Filed under D26: its own rules and deadlines, not Điều 12.2.
    assert transitional_deadline(dossier(cast, status=S.SUBMITTED, filed=AFTER)) is None
    # A draft was never filed.
    assert transitional_deadline(registration_in(cast, status=S.DRAFT)) is None
    # Evaluated (its result on record) before D26 took effect: not pending then, even if decided later.
    assert transitional_deadline(dossier(cast, status=S.DECIDED, result_on=dt.date(2026, 5, 15))) is None
    assert transitional_deadline(dossier(cast, status=S.SCORED, result_on=dt.date(2026, 5, 21))) is None
    # Withdrawn or rejected: ended without an evaluation, nothing to finish.
    assert transitional_deadline(dossier(cast, status=S.WITHDRAWN)) is None
    assert transitional_deadline(dossier(cast, status=S.REJECTED)) is None


def test_it_says_whether_the_result_came_after_the_deadline(cast):
    late = dossier(cast, status=S.DECIDED, result_on=dt.date(2026, 8, 5))
    assert transitional_state(late, today=TODAY) == {
        "deadline": dt.date(2026, 7, 21),
        "finished_on": dt.date(2026, 8, 5),
        "late": True,
        "overdue": False,
    }
    in_time = dossier(cast, status=S.NOT_RECOGNISED, result_on=dt.date(2026, 7, 21))
    assert transitional_state(in_time, today=TODAY)["late"] is False
    # A re-evaluation had 30 days: a result on 01/07/2026 is late.
    reevaluation = dossier(cast, status=S.SCORED, kind=K.REEVALUATION, result_on=dt.date(2026, 7, 1))
    assert transitional_state(reevaluation, today=TODAY)["late"] is True


def test_a_potential_five_star_waiting_for_the_ministry_is_not_finished(cast):
    """The province's result of a potential 5★ is not the classification: the central council's is (Điều 7.4)."""
    for status in (S.PROVINCE_APPROVAL, S.FORWARDED_TO_CENTRAL):
        registration = dossier(cast, status=status, kind=K.UPGRADE, result_on=dt.date(2026, 7, 1))
        state = transitional_state(registration, today=TODAY)
        assert state["finished_on"] is None and state["overdue"] is True, status


def test_the_list_and_the_home_read_the_same_rule_on_the_database(cast):
    """Every status and kind, filed before, on the evening before and after 22/05/2026, with no result or one before
    22/05, on a deadline or after both: the conditions on the database select exactly the dossiers the Python rule
    calls overdue and late."""
    from evaluation.selectors.dossier import OUTCOME_STATUSES

    product = make_product(cast.producer, "Miến dong", number=1)
    days = (dt.date(2026, 5, 20), dt.date(2026, 6, 21), dt.date(2026, 7, 22))
    for kind in K.values:
        for status in S.values:
            if status == S.DRAFT:
                dossier(cast, status=status, kind=kind, filed=None, product=product)
                continue
            for filed in (BEFORE, LAST_EVENING, AFTER):
                dossier(cast, status=status, kind=kind, filed=filed, product=product)
            if status in OUTCOME_STATUSES:
                for result_on in days:
                    dossier(cast, status=status, kind=kind, result_on=result_on, product=product)
    rows = list(Registration.objects.all())
    states = {r.pk: transitional_state(r, today=TODAY) for r in rows}
    overdue = {pk for pk, state in states.items() if state and state["overdue"]}
    late = {pk for pk, state in states.items() if state and state["late"]}
    assert overdue and late
    queryset = Registration.objects.all()
    assert set(queryset.filter(transitional_overdue_q(TODAY)).values_list("pk", flat=True)) == overdue
    assert set(queryset.filter(transitional_late_q()).values_list("pk", flat=True)) == late


def test_before_the_first_deadline_none_is_overdue_and_the_home_still_counts(cast):
    """Until 21/06/2026 no deadline of Điều 12.2 had passed: the condition is false, not an empty IN the home page's
    aggregate cannot compile."""
    from django.db.models import Count

    dossier(cast, status=S.ADVISORY_REVIEW)
    counted = Registration.objects.aggregate(n=Count("id", filter=transitional_overdue_q(dt.date(2026, 6, 1))))
    assert counted == {"n": 0}
    assert Registration.objects.filter(transitional_overdue_q(dt.date(2026, 6, 22))).count() == 0  # only 30 days run
    assert Registration.objects.filter(transitional_overdue_q(dt.date(2026, 7, 22))).count() == 1
