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

from certificates.choices import CertificateStatus
from certificates.tests.factories import CertificateFactory, RegistrationFactory
from dashboard.choices import TargetMetric as M
from dashboard.models import Plan
from dashboard.selectors.plans import plan_progress, target_certificates, target_pipeline
from dashboard.tests.factories import plan_of_2026, progress_by_label
from evaluation.choices import RegistrationKind, RegistrationStatus
from products.services import product_refresh_status
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

DURING = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))  # the plan runs


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
    plan = plan_of_2026(
        cast,
        [
            {"metric": M.UPGRADED, "from_star": 3, "star": 4, "quantity": 2},
            {"metric": M.UPGRADED, "from_star": 4, "star": 5, "quantity": 1},
            {"metric": M.RECOGNISED_STAR, "star": 4, "quantity": 5},
            {"metric": M.UPGRADED, "quantity": 3},
        ],
    )
    rows = progress_by_label(plan)
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


def recorded(product, star, issued, **extra):
    """A certificate recorded without its dossier (a historic one), issued on its decision's date."""
    return CertificateFactory(product=product, star=star, issued_on=issued, decision__date=issued, **extra)


LAPSE_TARGETS = [
    {"metric": M.REEVALUATED, "quantity": 10},
    {"metric": M.UPGRADED, "quantity": 2},
    {"metric": M.RECOGNISED_STAR, "star": 4, "quantity": 8},
    {"metric": M.NEW_RECOGNISED, "quantity": 30},
]


def test_a_certificate_recorded_after_an_earlier_one_lapsed_is_a_recognition(cast):
    """The 4★ of 2019 expired on 01/06/2022; the product's 4★ of 10/05/2026, recorded without its dossier, is not its
    re-evaluation (nothing was kept in force), and a 3★ lapsed before a 4★ is no upgrade: both are recognitions at
    4★, neither a new product (each was certified before). Lapsed the day before the decision is enough."""
    again = ProductFactory(producer=cast.producer)
    recorded(again, 4, date(2019, 6, 1), status=CertificateStatus.EXPIRED)
    back = recorded(again, 4, date(2026, 5, 10))
    higher = ProductFactory(producer=cast.producer)
    recorded(higher, 3, date(2023, 3, 14), valid_until=date(2026, 3, 13), status=CertificateStatus.EXPIRED)
    raised = recorded(higher, 4, date(2026, 3, 14))
    rows = progress_by_label(plan_of_2026(cast, LAPSE_TARGETS))
    assert rows["Sản phẩm được đánh giá lại (giữ hạng)"]["achieved"] == 0
    assert rows["Sản phẩm được nâng hạng sao"]["achieved"] == 0
    star = rows["Sản phẩm được công nhận theo hạng sao 4 sao"]
    assert {c.pk for c in target_certificates(star["target"])} == {back.pk, raised.pk}
    assert star["achieved"] == 2
    assert rows["Sản phẩm mới được công nhận từ 3 sao"]["achieved"] == 0


def test_a_certificate_recorded_while_the_earlier_one_was_in_force_is_a_later_recognition(cast):
    """The 4★ of 2023 was valid until 01/06/2026: the 4★ recorded on 10/05/2026 renewed it (a re-evaluation), and a
    4★ recorded on its last valid day after a 3★ raised it (an upgrade); neither counts under the 4★ target."""
    kept = ProductFactory(producer=cast.producer)
    recorded(kept, 4, date(2023, 6, 1))
    renewed = recorded(kept, 4, date(2026, 5, 10))
    higher = ProductFactory(producer=cast.producer)
    recorded(higher, 3, date(2023, 3, 14), valid_until=date(2026, 3, 14))
    raised = recorded(higher, 4, date(2026, 3, 14))
    rows = progress_by_label(plan_of_2026(cast, LAPSE_TARGETS))
    reevaluated = rows["Sản phẩm được đánh giá lại (giữ hạng)"]
    assert [c.pk for c in target_certificates(reevaluated["target"])] == [renewed.pk] and reevaluated["achieved"] == 1
    upgraded = rows["Sản phẩm được nâng hạng sao"]
    assert [c.pk for c in target_certificates(upgraded["target"])] == [raised.pk] and upgraded["achieved"] == 1
    assert rows["Sản phẩm được công nhận theo hạng sao 4 sao"]["achieved"] == 0
