"""A session's date (ocop-domain.md §7): a council meets from the decision that establishes it, and a session of a
round not before the round's year. The tester's session of 01/01/2020 for a council decided on 01/12/2026 was
accepted, and its minutes said the council met six years before it existed."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from evaluation.models import CouncilSession
from evaluation.services.councils import session_create

from .factories import make_council, province_round

pytestmark = pytest.mark.django_db


def test_it_refuses_a_session_before_the_councils_decision_naming_the_earliest_day(cast):
    council = make_council(cast)  # decided on 01/06/2026
    with pytest.raises(ValidationError) as exc:
        session_create(council=council, date=dt.date(2020, 1, 1), by=cast.province_officer)
    assert exc.value.message_dict == {
        "date": ["Ngày họp không thể trước ngày quyết định thành lập Hội đồng (01/06/2026)."]
    }
    assert not CouncilSession.objects.exists()
    session = session_create(council=council, date=dt.date(2026, 6, 1), by=cast.province_officer)  # the day itself
    assert session.date == dt.date(2026, 6, 1)


def test_it_refuses_a_session_of_a_round_before_the_rounds_year(cast):
    council = make_council(cast)
    council.decision_date = dt.date(2025, 3, 12)  # a council of last year's decision serves this year's round
    council.save(update_fields=["decision_date"])
    evaluation_round = province_round(cast.province, year=2026)
    with pytest.raises(ValidationError) as exc:
        session_create(council=council, date=dt.date(2025, 6, 1), round=evaluation_round, by=cast.province_officer)
    assert exc.value.message_dict == {"date": ["Ngày họp không thể trước năm của đợt đánh giá (01/01/2026)."]}
    # Before both: the later of the two days is the earliest the session can be, and is the one named.
    with pytest.raises(ValidationError, match=r"01/01/2026"):
        session_create(council=council, date=dt.date(2020, 1, 1), round=evaluation_round, by=cast.province_officer)
    assert session_create(council=council, date=dt.date(2025, 6, 1), by=cast.province_officer)  # no round
    assert session_create(council=council, date=dt.date(2026, 1, 1), round=evaluation_round, by=cast.province_officer)


def test_a_council_with_no_decision_date_recorded_takes_any_day(cast):
    council = make_council(cast)
    council.decision_date = None
    council.save(update_fields=["decision_date"])
    assert session_create(council=council, date=dt.date(2020, 1, 1), by=cast.province_officer)
