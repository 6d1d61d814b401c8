"""The producer's dossier line read "Chờ cấp tỉnh tiếp nhận · hạn 22/01/2027" months after that day with no mark,
while the officers got a count of it: a step past its day is marked overdue for the producer too, by the dossier's own
rules (Registration.is_reevaluation_overdue, is_commune_overdue, is_completion_overdue)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.choices import RegistrationStatus as S
from evaluation.tests.factories import registration_in

pytestmark = pytest.mark.django_db


def test_a_step_past_its_day_is_marked_overdue_on_the_producers_home(cast, login):
    today = timezone.localdate()
    late = registration_in(
        cast, status=S.FORWARDED, kind="reevaluation", name="Mật ong", reevaluation_due_on=today - datetime.timedelta(1)
    )
    unchecked = registration_in(
        cast, status=S.SUBMITTED, name="Miến dong", commune_due_on=today - datetime.timedelta(3)
    )
    on_time = registration_in(
        cast, status=S.ADVISORY_REVIEW, kind="reevaluation", name="Trà", reevaluation_due_on=today
    )
    response = login(cast.producer_owner).get(reverse("home"))
    overdue = {d["registration"].pk: d["overdue"] for d in response.context["worklist"]["dossiers"]}
    assert overdue == {late.pk: True, unchecked.pk: True, on_time.pk: False}
    section = response.content.decode().split('data-testid="my-dossiers"')[1].split("</section>")[0]
    items = {
        name: part
        for part in section.split('<li class="list-group-item"')[1:]
        for name in ("Mật ong", "Miến dong", "Trà")
        if name in part
    }
    assert 'data-testid="dossier-overdue"' in items["Mật ong"] and "Quá hạn" in items["Mật ong"]
    assert 'data-testid="dossier-overdue"' in items["Miến dong"]
    assert 'data-testid="dossier-overdue"' not in items["Trà"]
