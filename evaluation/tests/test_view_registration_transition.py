"""D26 Điều 12.2 on the dossier page and in the registration list: a dossier pending when D26 took effect says its
deadline, and whether it finished after it or is still open past it; the list filters the transitional dossiers that
missed it (evaluation.selectors.transition), at a constant number of queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as S
from evaluation.models import CouncilResult
from evaluation.tests.factories import CouncilResultFactory, registration_in

pytestmark = pytest.mark.django_db

VN = dt.timezone(dt.timedelta(hours=7))
BEFORE = dt.datetime(2026, 4, 10, 9, tzinfo=VN)
AFTER = dt.datetime(2026, 6, 10, 9, tzinfo=VN)
LINE = "Hồ sơ chuyển tiếp (Điều 12.2 QĐ 26/2026): hạn hoàn thành 21/07/2026"
OVERDUE = "Đã quá hạn mà chưa hoàn thành đánh giá, phân hạng."
LATE = "Hoàn thành ngày 05/08/2026, sau thời hạn."
READERS = ["producer_owner", "commune_officer", "province_officer", "viewer", "central_officer", "admin"]
OUTSIDERS = ["other_producer", "other_commune_officer", "outsider", "council_member"]


def transitional(cast, *, status=S.ADVISORY_REVIEW, kind=K.FIRST, filed=BEFORE, result_on=None, name=None):
    registration = registration_in(cast, status=status, kind=kind, submitted_at=filed, name=name)
    if result_on is not None:
        result = CouncilResultFactory(registration=registration, mean_score=Decimal("72.00"))
        at = dt.datetime.combine(result_on, dt.time(15), tzinfo=VN)
        CouncilResult.objects.filter(pk=result.pk).update(decided_at=at)
    return registration


def page(client, registration) -> str:
    response = client.get(reverse("evaluation:registration_detail", args=[registration.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("who", [*READERS, "advisory_member"])
def test_every_reader_of_an_open_transitional_dossier_sees_its_deadline_passed(cast, login, who):
    text = page(login(getattr(cast, who)), transitional(cast))
    assert LINE in text and OVERDUE in text, who


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_still_get_404(cast, login, who):
    registration = transitional(cast)
    response = login(getattr(cast, who)).get(reverse("evaluation:registration_detail", args=[registration.pk]))
    assert response.status_code == 404


def test_a_dossier_finished_after_its_deadline_says_so(cast, login):
    registration = transitional(cast, status=S.DECIDED, result_on=dt.date(2026, 8, 5))
    for who in ("province_officer", "producer_owner"):  # decided: the outcome is announced
        text = page(login(getattr(cast, who)), registration)
        assert LINE in text and LATE in text and OVERDUE not in text, who


def test_a_re_evaluation_had_thirty_days_and_finished_in_them(cast, login):
    registration = transitional(cast, status=S.NOT_RECOGNISED, kind=K.REEVALUATION, result_on=dt.date(2026, 6, 20))
    registration.result_notified_status = S.NOT_RECOGNISED  # the written notice announced it (Điều 7.3g)
    registration.save(update_fields=["result_notified_status"])
    text = page(login(cast.province_officer), registration)
    assert "hạn hoàn thành 21/06/2026" in text and "Hoàn thành ngày 20/06/2026, trong thời hạn." in text


def test_the_producer_reads_the_deadline_not_the_day_of_a_result_not_yet_announced(cast, login):
    registration = transitional(cast, status=S.SCORED, result_on=dt.date(2026, 8, 5))
    text = page(login(cast.producer_owner), registration)
    assert LINE in text and "05/08/2026" not in text and OVERDUE not in text
    assert LATE in page(login(cast.province_officer), registration)


def test_a_dossier_filed_under_d26_has_no_transitional_deadline(cast, login):
    text = page(login(cast.province_officer), transitional(cast, filed=AFTER))
    assert "Hồ sơ chuyển tiếp" not in text and 'data-testid="transition"' not in text


# ---------------------------------------------------------------- the list's filter


def listed(client, **query) -> set[int]:
    response = client.get(reverse("evaluation:registration_list"), query)
    assert response.status_code == 200
    return {registration.pk for registration in response.context["page"].object_list}


@pytest.fixture
def dossiers(cast):
    return {
        "overdue": transitional(cast, name="Miến dong quá hạn"),
        "late": transitional(cast, status=S.DECIDED, result_on=dt.date(2026, 8, 5), name="Mật ong muộn"),
        "in_time": transitional(cast, status=S.DECIDED, result_on=dt.date(2026, 7, 1), name="Chè đúng hạn"),
        "d26": transitional(cast, filed=AFTER, name="Cam sành mới"),
    }


@pytest.mark.parametrize("who", ["commune_officer", "province_officer", "viewer", "central_officer"])
def test_officers_filter_the_transitional_dossiers_that_missed_their_deadline(cast, login, dossiers, who):
    client = login(getattr(cast, who))
    assert listed(client, transition="overdue") == {dossiers["overdue"].pk}
    assert listed(client, transition="late") == {dossiers["late"].pk}
    assert listed(client, transition="any") == {dossiers["overdue"].pk, dossiers["late"].pk}
    assert 'name="transition"' in client.get(reverse("evaluation:registration_list")).content.decode()


def test_the_filter_stays_within_the_users_scope(cast, login, dossiers):
    assert listed(login(cast.other_commune_officer), transition="any") == set()


def test_the_producer_has_no_such_filter(cast, login, dossiers):
    """It would date a council result not yet announced (Điều 7.3g); the producer's list ignores it."""
    client = login(cast.producer_owner)
    assert 'name="transition"' not in client.get(reverse("evaluation:registration_list")).content.decode()
    assert listed(client, transition="late") == {d.pk for d in dossiers.values()}


def test_the_filtered_list_keeps_a_constant_number_of_queries(cast, login, django_assert_num_queries):
    client = login(cast.province_officer)
    url = reverse("evaluation:registration_list")
    transitional(cast)
    client.get(url, {"transition": "any"})  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url, {"transition": "any"}).status_code == 200
    for n in range(9):
        transitional(cast, status=S.DECIDED if n % 2 else S.SUBMITTED, result_on=dt.date(2026, 8, 5) if n % 2 else None)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url, {"transition": "any"})
    assert response.context["page"].paginator.count == 10
