"""The dossier page says its outcome: the council's result once the producer may know it (Điều 7.3g), the
certificate issued on it, and the council's result page when it opens for the reader."""

import pytest
from django.urls import reverse

from evaluation.choices import RegistrationStatus as S

from .factories import issued_decision, result_for

pytestmark = pytest.mark.django_db


def _page(client, registration) -> str:
    return client.get(reverse("evaluation:registration_detail", args=[registration.pk])).content.decode()


def test_a_decided_dossier_shows_the_councils_result_and_the_certificate_issued_on_it(cast, login):
    result = result_for(cast.producer, star=4)
    decision = issued_decision(province=cast.province, by=cast.province_officer, results=[result])
    certificate = decision.certificates.get()
    registration = result.registration
    registration.refresh_from_db()
    assert registration.status == S.DECIDED
    for user in (cast.producer_owner, cast.province_officer, cast.commune_officer):
        html = _page(login(user), registration)
        assert 'data-testid="outcome"' in html, user
        assert 'data-testid="result-mean">75,50<' in html and "4 sao" in html
        certificate_url = reverse("certificates:certificate_detail", args=[certificate.pk])
        assert f'<a href="{certificate_url}">{certificate.number}</a>' in html
        assert f"Quyết định số {decision.number} ngày" in html
    # The product's timeline writes the score as the rest of the interface does (a decimal comma in Vietnamese).
    product_page = login(cast.producer_owner).get(reverse("products:product_detail", args=[registration.product_id]))
    assert "Điểm trung bình 75,50, 4 sao" in product_page.content.decode()
    client = login(cast.producer_owner)
    client.cookies["django_language"] = "en"
    product_page = client.get(reverse("products:product_detail", args=[registration.product_id])).content.decode()
    assert "Average score 75.50, 4 stars" in product_page and ">First evaluation dossier, 2026</a>" in product_page


def test_the_producer_does_not_learn_the_result_before_it_is_announced(cast, login):
    result = result_for(cast.producer, star=4)  # scored, no decision yet
    registration = result.registration
    assert registration.status == S.SCORED
    html = _page(login(cast.producer_owner), registration)
    assert 'data-testid="outcome"' not in html and "75,50" not in html
    officer = _page(login(cast.province_officer), registration)
    assert 'data-testid="outcome"' in officer and 'data-testid="outcome-certificate"' not in officer


def test_a_result_not_recognised_is_shown_to_the_producer_once_notified(cast, login):
    result = result_for(cast.producer, star=3, final_star=2, mean_score="45.00", recognisable=False)
    registration = result.registration
    type(registration).objects.filter(pk=registration.pk).update(status=S.NOT_RECOGNISED)
    registration.refresh_from_db()
    client = login(cast.producer_owner)
    assert 'data-testid="outcome"' not in _page(client, registration)
    type(registration).objects.filter(pk=registration.pk).update(result_notified_status=S.NOT_RECOGNISED)
    html = _page(client, registration)
    assert 'data-testid="outcome"' in html and "45,00" in html
    assert "Không đủ điều kiện công nhận (dưới 3 sao)" in html


def test_a_one_star_result_reads_one_star_in_english(cast, login):
    result = result_for(cast.producer, star=3, final_star=1, band_star=1, mean_score="40.00", recognisable=False)
    client = login(cast.province_officer)
    client.cookies["django_language"] = "en"
    html = _page(client, result.registration)
    assert "1 star</span>" in html and "Rating by score: 1 star " in html and "1 stars" not in html
