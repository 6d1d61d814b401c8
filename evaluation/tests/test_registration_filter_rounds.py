"""Issue 15: the registration list's round filter offers the rounds that matter, not every round of the country."""

from django.urls import reverse
from django.utils import timezone

from evaluation.models import RoundStatus

from .factories import province_round


def offered(client, **params) -> set[int]:
    form = client.get(reverse("evaluation:registration_list"), params).context["filter"].form
    return {round_.pk for round_ in form.fields["round"].queryset}


def test_without_a_year_it_offers_the_running_and_recent_rounds_and_the_chosen_one(cast, login):
    year = timezone.localdate().year
    running = province_round(cast.province, year=year - 5, number=1, status=RoundStatus.EVALUATING)
    recent = province_round(cast.province, year=year - 1, number=1, status=RoundStatus.CLOSED)
    old = province_round(cast.province, year=year - 4, number=1, status=RoundStatus.CLOSED)
    client = login(cast.central_officer)
    assert offered(client) == {running.pk, recent.pk}
    assert offered(client, year=year - 4) == {old.pk}
    # A link to an old round still filters by it.
    assert offered(client, round=old.pk) == {running.pk, recent.pk, old.pk}
