"""Each certificate, and each dossier under evaluation, counts under the one target the programme gives it
(ocop-domain.md §6, §8): a recognition under the new products and the star targets, a re-evaluation under
"đánh giá lại (giữ hạng)", an upgrade under "nâng hạng"; a province's potential 5★ under a 5★ target, never a 4★ one
(dashboard.selectors.plans)."""

import datetime as dt
from datetime import date

import pytest
import time_machine

from certificates.tests.factories import CertificateFactory, RegistrationFactory, result_for
from dashboard.choices import TargetMetric as M
from dashboard.selectors.plans import target_certificates, target_pipeline
from dashboard.tests.factories import plan_of_2026, progress_by_label, settled
from evaluation.choices import RegistrationKind, RegistrationStatus
from evaluation.models import Registration
from evaluation.tests.factories import CouncilResultFactory
from products.services import product_refresh_status
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

DURING = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))  # the plan runs


@time_machine.travel(DURING, tick=False)
def test_a_potential_five_star_under_way_counts_for_five_stars_not_for_four(cast):
    """The council scored a first evaluation 94 points: a potential 5★ waiting for the Chủ tịch UBND tỉnh's approval
    and the letter to the ministry (Điều 7.3e). The province does not recognise it 4★: the plan's "4 sao" target
    counted it among its dossiers under evaluation, as it counted the 4★ product's upgrade to 5★."""
    potential = settled(
        result_for(cast.producer, star=5, final_star=4, potential_five=True), RegistrationStatus.PROVINCE_APPROVAL
    )
    held = ProductFactory(producer=cast.producer)
    CertificateFactory(product=held, star=4, issued_on=date(2025, 3, 1))
    product_refresh_status(product=held)  # it holds 4★ today: its upgrade counts under "từ 4 sao"
    upgrade = RegistrationFactory(
        product=held, kind=RegistrationKind.UPGRADE, status=RegistrationStatus.FORWARDED_TO_CENTRAL
    )
    CouncilResultFactory(registration=upgrade, final_star=4, band_star=5, potential_five=True)
    scored_three = settled(result_for(cast.producer, star=3), RegistrationStatus.SCORED)
    waiting = RegistrationFactory(product=ProductFactory(producer=cast.producer), kind=RegistrationKind.FIRST)
    Registration.objects.filter(pk=waiting.pk).update(status=RegistrationStatus.READY_FOR_COUNCIL)
    plan = plan_of_2026(
        cast,
        [
            {"metric": M.RECOGNISED_STAR, "star": 4, "quantity": 8},
            {"metric": M.RECOGNISED_STAR, "star": 5, "quantity": 1},
            {"metric": M.RECOGNISED_STAR, "star": 3, "quantity": 8},
            {"metric": M.UPGRADED, "from_star": 4, "star": 5, "quantity": 1},
        ],
    )
    rows = progress_by_label(plan)
    four = rows["Sản phẩm được công nhận theo hạng sao 4 sao"]
    assert [r.product for r in target_pipeline(four["target"])] == [waiting.product]  # not yet scored: any star
    assert four["pipeline"] == 1
    five = rows["Sản phẩm được công nhận theo hạng sao 5 sao"]
    assert {r.pk for r in target_pipeline(five["target"])} == {potential.registration_id, waiting.pk}
    assert five["pipeline"] == 2
    three = rows["Sản phẩm được công nhận theo hạng sao 3 sao"]
    assert {r.pk for r in target_pipeline(three["target"])} == {scored_three.registration_id, waiting.pk}
    upgraded = rows["Sản phẩm được nâng hạng sao từ 4 sao lên 5 sao"]
    assert [r.pk for r in target_pipeline(upgraded["target"])] == [upgrade.pk] and upgraded["pipeline"] == 1


@time_machine.travel(DURING, tick=False)
def test_a_reevaluation_counts_as_reevaluated_only(cast):
    """A 3★ product re-evaluated in the year keeps its 3★ (Điều 7.6): it is one product re-evaluated, not also one
    of the products recognised at 3★ that the plan's star target counts (seed 002: "re-evaluate 1 product rated 3★"
    and "bring 17 products to ≥3★" are two targets). Its dossier under evaluation likewise counts once."""
    kept = ProductFactory(producer=cast.producer)
    CertificateFactory(product=kept, star=3, issued_on=date(2023, 6, 2))
    renewed = RegistrationFactory(product=kept, kind=RegistrationKind.REEVALUATION, status=RegistrationStatus.DECIDED)
    CertificateFactory(product=kept, star=3, issued_on=date(2026, 4, 2), registration=renewed)
    new = ProductFactory(producer=cast.producer)
    CertificateFactory(product=new, star=3, issued_on=date(2026, 5, 2))
    due = ProductFactory(producer=cast.producer)
    CertificateFactory(product=due, star=3, issued_on=date(2024, 2, 1))
    filed = RegistrationFactory(product=due, kind=RegistrationKind.REEVALUATION)
    Registration.objects.filter(pk=filed.pk).update(status=RegistrationStatus.READY_FOR_COUNCIL)
    plan = plan_of_2026(
        cast,
        [
            {"metric": M.REEVALUATED, "star": 3, "quantity": 1},
            {"metric": M.RECOGNISED_STAR, "star": 3, "quantity": 17},
            {"metric": M.NEW_RECOGNISED, "quantity": 17},
        ],
    )
    rows = progress_by_label(plan)
    star = rows["Sản phẩm được công nhận theo hạng sao 3 sao"]
    assert [c.product for c in target_certificates(star["target"])] == [new]
    assert (star["achieved"], star["pipeline"]) == (1, 0)
    reevaluated = rows["Sản phẩm được đánh giá lại (giữ hạng) 3 sao"]
    assert [c.product for c in target_certificates(reevaluated["target"])] == [kept]
    assert (reevaluated["achieved"], reevaluated["pipeline"]) == (1, 1)
    assert rows["Sản phẩm mới được công nhận từ 3 sao"]["achieved"] == 1


def test_a_lapsed_product_back_through_a_first_evaluation_is_not_reevaluated(cast):
    """Its 4★ of 2018 lapsed in 2021; in 2026 it is evaluated again as a first evaluation, the only dossier the
    registration form allows once the certificate lapsed. A re-evaluation is the filing before expiry that keeps the
    certificate (Điều 7.6a; 12.3 keeps a late filer's certificate 180 days at most): this is none. It is recognised
    again at 4★ (the star target counts it), and it is not a new product (it was one before)."""
    lapsed = ProductFactory(producer=cast.producer)
    CertificateFactory(product=lapsed, star=4, issued_on=date(2018, 11, 23))
    again = RegistrationFactory(product=lapsed, kind=RegistrationKind.FIRST, status=RegistrationStatus.DECIDED)
    CertificateFactory(product=lapsed, star=4, issued_on=date(2026, 6, 1), registration=again)
    plan = plan_of_2026(
        cast,
        [
            {"metric": M.REEVALUATED, "quantity": 10},
            {"metric": M.RECOGNISED_STAR, "star": 4, "quantity": 8},
            {"metric": M.NEW_RECOGNISED, "quantity": 30},
            {"metric": M.UPGRADED, "quantity": 1},
        ],
    )
    rows = progress_by_label(plan)
    assert list(target_certificates(rows["Sản phẩm được đánh giá lại (giữ hạng)"]["target"])) == []
    assert rows["Sản phẩm được đánh giá lại (giữ hạng)"]["achieved"] == 0
    assert rows["Sản phẩm được công nhận theo hạng sao 4 sao"]["achieved"] == 1
    assert rows["Sản phẩm mới được công nhận từ 3 sao"]["achieved"] == 0
    assert rows["Sản phẩm được nâng hạng sao"]["achieved"] == 0
