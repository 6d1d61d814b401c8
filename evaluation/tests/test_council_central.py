"""The central level (D26 Điều 7.4): a province result of 90 or more goes to the central council, which scores it
again; ≥90 there is 5★ for the ministry, below 90 the province may recognise 3–4★ on the central result (7.4g)."""

from certificates.choices import IssuerLevel
from certificates.services.eligibility import eligible_results
from evaluation.choices import RegistrationStatus
from evaluation.models import CouncilResult

from .factories import central_session, forwarded_to_central, submit


def test_it_lets_the_central_council_score_a_forwarded_product_and_award_five_stars(cast):
    s = forwarded_to_central(cast)
    item, members = central_session(cast, s)
    for member in members:
        submit(item, member, s.card, c2=2)  # 97
    result = CouncilResult.objects.get(item=item)
    assert (result.level, result.final_star, result.potential_five) == ("central", 5, False)
    s.registration.refresh_from_db()
    assert s.registration.status == RegistrationStatus.SCORED
    assert list(eligible_results(issuer_level=IssuerLevel.MINISTRY, issuer_unit=None)) == [result]


def test_it_lets_the_province_recognise_four_stars_when_the_central_result_is_below_90(cast):
    s = forwarded_to_central(cast)
    item, members = central_session(cast, s)
    for member in members:
        submit(item, member, s.card, c1=15, c2=5)  # 85: 4★ at central
    result = CouncilResult.objects.get(item=item)
    assert (result.level, result.final_star) == ("central", 4)
    assert list(eligible_results(issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province)) == [result]
    assert not eligible_results(issuer_level=IssuerLevel.MINISTRY, issuer_unit=None).exists()


def test_it_explains_the_province_fallback_on_the_central_result_page(cast, login):
    from django.urls import reverse

    s = forwarded_to_central(cast)
    item, members = central_session(cast, s)
    for member in members:
        submit(item, member, s.card, c1=15, c2=5)
    page = login(cast.central_officer).get(reverse("evaluation:result_detail", args=[item.pk])).content.decode()
    assert 'data-testid="central-fallback"' in page and "Điều 7.4g" in page
