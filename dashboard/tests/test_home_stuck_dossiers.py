"""Scored dossiers no decision can take are not "awaiting a decision" (evaluation.selectors.dossier: upgrade_kept,
central_reevaluation_scored; certificates' eligible_results leaves their results out). The province's OCOP office
has an act for each: an upgrade not above the star held ends "không đạt" with the written notice (Điều 7.5, 7.3g),
a 5★ product's re-evaluation the provincial council scored goes to the ministry (Điều 6.3b, 7.6e). Its home page
counts each under that act, and the count opens the list of exactly those dossiers; the statistics page counts a
kept upgrade's result as not recognised, as it counts an upgrade the council found not above the star held."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from certificates.choices import IssuerLevel
from certificates.services.eligibility import eligible_results
from certificates.tests.factories import CertificateFactory
from dashboard.selectors import home_panels
from dashboard.selectors.statistics import programme_statistics
from evaluation.choices import Level
from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as S
from evaluation.tests.factories import CouncilResultFactory, RegistrationFactory
from products.services import product_refresh_status
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 7)
HOME = reverse("home")


def scored(cast, *, name: str, kind: str, held: int, star: int):
    """A `kind` dossier scored `star` by the provincial council; the product holds a live `held`★ certificate."""
    product = ProductFactory(producer=cast.producer, name=name)
    CertificateFactory(product=product, star=held, decision__date=date(2025, 6, 20))
    product_refresh_status(product=product)
    registration = RegistrationFactory(product=product, kind=kind, status=S.SCORED)
    CouncilResultFactory(
        registration=registration, final_star=star, band_star=star, mean_score=Decimal("83.00"), level=Level.PROVINCE
    )
    return registration


@pytest.fixture
def dossiers(cast):
    return {
        "kept": scored(cast, name="Miến dong", kind=K.UPGRADE, held=4, star=4),
        "upgraded": scored(cast, name="Mật ong bạc hà", kind=K.UPGRADE, held=3, star=4),
        "five_star": scored(cast, name="Chè Shan tuyết", kind=K.REEVALUATION, held=5, star=4),
        "reevaluated": scored(cast, name="Cam sành", kind=K.REEVALUATION, held=4, star=4),
    }


def _listed(client, url: str) -> set[int]:
    page = client.get(url).context["page"]
    return {registration.pk for registration in page.object_list}


def test_the_offices_home_counts_each_under_its_act_and_opens_its_list(cast, login, dossiers):
    awaiting = eligible_results(issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province)
    assert {r.registration_id for r in awaiting} == {dossiers["upgraded"].pk, dossiers["reevaluated"].pk}
    panels = home_panels(user=cast.province_officer)
    client = login(cast.province_officer)
    for key, dossier in (("upgrades_kept", "kept"), ("reevaluations_to_central", "five_star")):
        assert panels[key]["count"] == 1, key
        assert _listed(client, panels[key]["url"]) == {dossiers[dossier].pk}, key
    page = client.get(HOME).content.decode()
    assert 'data-testid="panel-upgrades_kept"' in page and 'data-testid="panel-reevaluations_to_central"' in page


def test_none_is_shown_when_there_is_none(cast):
    panels = home_panels(user=cast.province_officer)
    assert "upgrades_kept" not in panels and "reevaluations_to_central" not in panels


def test_a_kept_upgrade_is_not_recognised_on_the_statistics_page(cast, login, dossiers):
    stats = programme_statistics(user=cast.province_officer, today=TODAY)
    (year,) = [row for row in stats["evaluated"] if row["label"] == 2026]
    # Four products evaluated; the kept upgrade awaits no decision: not recognised. The three others still may be
    # recognised (a decision, or the ministry's council for the 5★ re-evaluation).
    assert (year["evaluated"], year["recognised"], year["not_recognised"]) == (4, 0, 1)
    assert _listed_figure(login(cast.province_officer), year["not_recognised_url"]) == 1


def _listed_figure(client, url: str) -> int:
    context = client.get(url).context
    return context["total"] if "total" in context else context["page"].paginator.count
