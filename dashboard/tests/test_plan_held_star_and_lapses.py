"""Two rules of dashboard.selectors.plans the targets had only on one side:
- an upgrade target that names its starting star ("nâng hạng từ 3 sao lên 4 sao") counts, among the dossiers under
  evaluation, the upgrades of products that hold that star today (their live certificate's: the star the upgrade
  must exceed, Điều 7.5), as it counts among the certificates the upgrades from that star (`previous_star`);
- a certificate recorded without its dossier, after an earlier one of the product that had expired before the new
  decision's date, is a recognition (a lapsed product comes back through a first evaluation), not a re-evaluation
  or an upgrade, which keep a certificate still in force (Điều 7.6a)."""

import datetime as dt
from datetime import date

import pytest
import time_machine

from certificates.tests.factories import CertificateFactory, RegistrationFactory
from dashboard.choices import TargetMetric as M
from dashboard.models import Plan
from dashboard.selectors.plans import plan_progress, target_pipeline
from dashboard.services import plan_create
from evaluation.choices import RegistrationKind, RegistrationStatus
from products.services import product_refresh_status
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

DURING = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))  # the plan runs


def plan_of_the_year(cast, targets):
    return plan_create(
        by=cast.province_officer,
        fields={
            "unit": cast.province,
            "number": "45/KH-UBND",
            "signed_on": date(2026, 3, 10),
            "title": "Kế hoạch OCOP 2026",
            "period_start": date(2026, 1, 1),
            "period_end": date(2026, 12, 31),
        },
        targets=targets,
    )


def by_label(plan):
    return {row["target"].label: row for row in plan_progress(plan)}


def holding(cast, star, issued=date(2025, 3, 1)):
    """A product whose live certificate is `star` (Product.current_star stored, as the certificates app keeps it)."""
    product = ProductFactory(producer=cast.producer)
    CertificateFactory(product=product, star=star, issued_on=issued)
    product_refresh_status(product=product)
    return product


def upgrade_under_way(product):
    dossier = RegistrationFactory(product=product, kind=RegistrationKind.UPGRADE)
    type(dossier).objects.filter(pk=dossier.pk).update(status=RegistrationStatus.READY_FOR_COUNCIL)
    return dossier


@time_machine.travel(DURING, tick=False)
def test_an_upgrade_target_from_a_star_counts_the_upgrades_of_products_holding_that_star(
    cast, django_assert_num_queries
):
    """Two upgrades wait for the council, of a 3★ product and of a 4★ one: "từ 3 sao lên 4 sao" counted both, as did
    "từ 4 sao lên 5 sao". Each counts the one whose product holds its starting star; a target naming none, both."""
    from_three = upgrade_under_way(holding(cast, 3))
    from_four = upgrade_under_way(holding(cast, 4))
    plan = plan_of_the_year(
        cast,
        [
            {"metric": M.UPGRADED, "from_star": 3, "star": 4, "quantity": 2},
            {"metric": M.UPGRADED, "from_star": 4, "star": 5, "quantity": 1},
            {"metric": M.RECOGNISED_STAR, "star": 4, "quantity": 5},
            {"metric": M.UPGRADED, "quantity": 3},
        ],
    )
    rows = by_label(plan)
    three_four = rows["Sản phẩm được nâng hạng sao từ 3 sao lên 4 sao"]
    assert [r.pk for r in target_pipeline(three_four["target"])] == [from_three.pk]
    assert three_four["pipeline"] == 1
    four_five = rows["Sản phẩm được nâng hạng sao từ 4 sao lên 5 sao"]
    assert [r.pk for r in target_pipeline(four_five["target"])] == [from_four.pk]
    assert four_five["pipeline"] == 1
    any_upgrade = rows["Sản phẩm được nâng hạng sao"]
    assert {r.pk for r in target_pipeline(any_upgrade["target"])} == {from_three.pk, from_four.pk}
    plan = Plan.objects.select_related("unit").get(pk=plan.pk)  # as the plan's page reads it
    with django_assert_num_queries(3):  # the plan's three queries, whatever its targets
        assert [row["pipeline"] for row in plan_progress(plan)] == [1, 1, 0, 2]
