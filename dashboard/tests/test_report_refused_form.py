"""A report asked for with a period the form refuses (a year out of range or not a number, a period it does not
know) draws no report: it answers 400, as a refused signer of its PDF does and as the same form refused by the
background build does (report_job_create), with each message beside its field and what was typed kept."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = reverse("dashboard_report")


@pytest.mark.parametrize(
    ("typed", "field"),
    [({"year": "20266"}, "year"), ({"year": "hai nghìn"}, "year"), ({"period": "q5"}, "period")],
)
def test_a_refused_period_answers_400_beside_its_field_keeping_what_was_typed(cast, login, typed, field):
    response = login(cast.province_officer).get(URL, {"period": "q2", "year": "2026", **typed})
    assert response.status_code == 400
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert form[field].value() == typed[field]
    html = response.content.decode()
    assert 'class="invalid-feedback' in html and "report" not in response.context


def test_a_year_out_of_range_says_which_years_a_report_covers(cast, login):
    response = login(cast.province_officer).get(URL, {"period": "year", "year": "20266"})
    assert response.context["form"].errors["year"] == [
        "Năm báo cáo từ 2018 (năm Chương trình OCOP bắt đầu, Quyết định 490/QĐ-TTg) đến 2100."
    ]


def test_a_period_the_form_takes_answers_200(cast, login):
    assert login(cast.province_officer).get(URL, {"period": "q2", "year": "2026"}).status_code == 200
