"""The past-evaluation form says the service's rules (the star against the score, the unit against the level) with the
form's own refusals in one answer, as the API's same write does (HistoricEvaluationForm.check_with_the_service)."""

from django.urls import reverse

from certificates.tests.factories import ProductFactory
from dashboard.models import HistoricEvaluation


def test_the_form_refuses_a_long_note_and_a_star_the_score_does_not_reach_at_once(cast, login):
    product = ProductFactory(producer=cast.producer)
    data = {
        "product": product.pk,
        "evaluated_on": "10/05/2024",
        "mean_score": "48.50",
        "star": "4",  # 48.5 points are in the 2★ band: the service's rule
        "level": "province",
        "unit": cast.province.pk,
        "note": "x" * 301,  # the form takes 300 characters
    }
    response = login(cast.province_officer).post(reverse("dashboard_historic_evaluation_create"), data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"note", "star"}
    assert 'value="48.50"' in response.content.decode()
    assert not HistoricEvaluation.objects.exists()


def test_a_form_right_in_every_field_is_recorded(cast, login):
    product = ProductFactory(producer=cast.producer)
    data = {
        "product": product.pk,
        "evaluated_on": "10/05/2024",
        "mean_score": "48.50",
        "star": "2",
        "level": "province",
        "unit": cast.province.pk,
    }
    response = login(cast.province_officer).post(reverse("dashboard_historic_evaluation_create"), data)
    assert response.status_code == 302
    assert HistoricEvaluation.objects.get().star == 2
