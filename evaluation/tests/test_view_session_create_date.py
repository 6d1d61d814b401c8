"""The session form says beside the date field why a day is refused, with the earliest day, and keeps what was
typed (the form accepted 01/01/2020 for a council decided on 01/06/2026)."""

import pytest
from django.urls import reverse

from evaluation.models import CouncilSession

from .factories import make_council, province_round

pytestmark = pytest.mark.django_db


def test_it_refuses_a_day_before_the_councils_decision_beside_the_date_field(cast, login):
    council = make_council(cast)
    url = reverse("evaluation:session_create", args=[council.pk])
    response = login(cast.province_officer).post(url, {"date": "01/01/2020", "location": "Hội trường Sở NN&MT"})
    form = response.context["form"]
    assert response.status_code == 200 and not CouncilSession.objects.exists()
    assert form.errors["date"] == ["Ngày họp không thể trước ngày quyết định thành lập Hội đồng (01/06/2026)."]
    assert not form.non_field_errors()
    body = response.content.decode()
    assert 'value="01/01/2020"' in body and 'value="Hội trường Sở NN&amp;MT"' in body


def test_it_refuses_a_day_before_the_rounds_year_beside_the_date_field(cast, login):
    council = make_council(cast)
    council.decision_date = None
    council.save(update_fields=["decision_date"])
    evaluation_round = province_round(cast.province, year=2026)
    url = reverse("evaluation:session_create", args=[council.pk])
    response = login(cast.province_officer).post(url, {"date": "20/06/2020", "round": evaluation_round.pk})
    assert response.status_code == 200 and not CouncilSession.objects.exists()
    assert response.context["form"].errors["date"] == ["Ngày họp không thể trước năm của đợt đánh giá (01/01/2026)."]
    response = login(cast.province_officer).post(url, {"date": "20/06/2026", "round": evaluation_round.pk})
    assert response.status_code == 302 and CouncilSession.objects.get().round == evaluation_round
