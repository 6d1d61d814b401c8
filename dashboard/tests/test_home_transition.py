"""D26 Điều 12.2: the province's OCOP office, which runs the evaluation, counts on its home the transitional dossiers
(filed before 22/05/2026, not evaluated then) still open past their 60 or 30 days, when there are any; the count opens
the registration list on exactly those (evaluation.selectors.transition)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from dashboard.selectors import home_panels
from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as S
from evaluation.models import CouncilResult
from evaluation.tests.factories import CouncilResultFactory, registration_in

pytestmark = pytest.mark.django_db

VN = dt.timezone(dt.timedelta(hours=7))
BEFORE = dt.datetime(2026, 4, 10, 9, tzinfo=VN)
KEY = "transitional_overdue"


@pytest.fixture
def dossiers(cast):
    late = registration_in(cast, status=S.DECIDED, submitted_at=BEFORE, name="Mật ong xong muộn")
    result = CouncilResultFactory(registration=late, mean_score=Decimal("70.00"))
    CouncilResult.objects.filter(pk=result.pk).update(decided_at=dt.datetime(2026, 8, 5, 15, tzinfo=VN))
    return {
        "open": registration_in(cast, status=S.ADVISORY_REVIEW, submitted_at=BEFORE, name="Miến dong chờ"),
        "returned": registration_in(
            cast, status=S.RETURNED, kind=K.REEVALUATION, submitted_at=BEFORE, name="Gà đồi trả lại"
        ),
        "late": late,  # finished, late: the list's "late", not the home's open count
        "d26": registration_in(cast, status=S.SUBMITTED, name="Cam sành mới"),
        "withdrawn": registration_in(cast, status=S.WITHDRAWN, submitted_at=BEFORE, name="Chè đã rút"),
    }


def test_the_offices_home_counts_the_open_ones_and_opens_their_list(cast, login, dossiers):
    panel = home_panels(user=cast.province_officer)[KEY]
    assert panel["count"] == 2
    assert "Điều 12.2" in panel["label"]
    client = login(cast.province_officer)
    page = client.get(panel["url"]).context["page"]
    assert {r.pk for r in page.object_list} == {dossiers["open"].pk, dossiers["returned"].pk}
    home = client.get(reverse("home")).content.decode()
    assert f'data-testid="panel-{KEY}"' in home and "?transition=overdue" in home


def test_none_is_shown_when_none_is_overdue(cast, login):
    registration_in(cast, status=S.SUBMITTED, name="Cam sành mới")  # filed under D26
    assert KEY not in home_panels(user=cast.province_officer)
    assert f'data-testid="panel-{KEY}"' not in login(cast.province_officer).get(reverse("home")).content.decode()


@pytest.mark.parametrize(
    "who", ["producer_owner", "commune_officer", "advisory_member", "viewer", "central_officer", "council_member"]
)
def test_other_roles_are_not_shown_the_offices_count(cast, login, dossiers, who):
    user = getattr(cast, who)
    assert KEY not in home_panels(user=user), who
    assert f'data-testid="panel-{KEY}"' not in login(user).get(reverse("home")).content.decode()


def test_another_provinces_office_counts_none_of_them(cast, dossiers):
    assert KEY not in home_panels(user=cast.outsider)  # the officer of the cast's second province
