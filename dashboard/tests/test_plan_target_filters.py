"""A target that names a star or a sector counts only what it names, whatever its metric: the plan's page showed
"Sản phẩm được công nhận theo hạng sao 4 sao · Đồ uống" and counted a 4★ food product toward it, and "Sản phẩm mới
được công nhận từ 3 sao 5 sao" counted new 3★ products."""

from datetime import date

import pytest

from certificates.tests.factories import CertificateFactory, RegistrationFactory
from dashboard.choices import TargetMetric as M
from dashboard.selectors.plans import plan_progress, target_certificates, target_pipeline
from dashboard.tests.factories import plan_of_2026
from evaluation.choices import RegistrationKind, RegistrationStatus
from products.models import Sector
from products.tests.factories import ProductFactory, product_set

pytestmark = pytest.mark.django_db


def test_a_targets_star_and_sector_narrow_what_it_counts(cast):
    food, drinks = product_set(7), product_set(14)  # Chế biến từ rau, củ, quả, hạt (I); Rượu trắng (II)
    drinks_sector = Sector.objects.get(code="II")
    assert food.group.sector_id != drinks_sector.pk and drinks.group.sector_id == drinks_sector.pk
    noodles = ProductFactory(producer=cast.producer, product_set=food)
    CertificateFactory(product=noodles, star=4, issued_on=date(2026, 5, 20))
    honey = ProductFactory(producer=cast.producer, product_set=food)
    CertificateFactory(product=honey, star=3, issued_on=date(2026, 6, 2))
    kept = ProductFactory(producer=cast.producer, product_set=food)
    CertificateFactory(product=kept, star=3, issued_on=date(2023, 6, 2))
    renewed = RegistrationFactory(product=kept, kind=RegistrationKind.REEVALUATION, status=RegistrationStatus.DECIDED)
    CertificateFactory(product=kept, star=3, issued_on=date(2026, 4, 2), registration=renewed)
    wine = ProductFactory(producer=cast.producer, product_set=drinks)
    RegistrationFactory(product=wine, kind=RegistrationKind.FIRST, status=RegistrationStatus.READY_FOR_COUNCIL)
    plan = plan_of_2026(
        cast,
        [
            {"metric": M.RECOGNISED_STAR, "star": 4, "sector": drinks_sector, "quantity": 2},
            {"metric": M.NEW_RECOGNISED, "star": 5, "quantity": 1},
            {"metric": M.REEVALUATED, "sector": drinks_sector, "quantity": 3},
            {"metric": M.NEW_RECOGNISED, "sector": drinks_sector, "quantity": 3},
            {"metric": M.RECOGNISED_STAR, "star": 4, "quantity": 2},
        ],
    )
    rows = {row["target"].label: row for row in plan_progress(plan)}
    drinks_4 = rows["Sản phẩm được công nhận theo hạng sao 4 sao · Đồ uống"]
    assert drinks_4["achieved"] == 0  # the 4★ is a food product
    assert list(target_certificates(drinks_4["target"])) == []
    assert rows["Sản phẩm mới được công nhận từ 3 sao 5 sao"]["achieved"] == 0  # two new products, at 4★ and 3★
    assert rows["Sản phẩm được đánh giá lại (giữ hạng) · Đồ uống"]["achieved"] == 0  # the re-evaluated one is food
    new_drinks = rows["Sản phẩm mới được công nhận từ 3 sao · Đồ uống"]
    assert (new_drinks["achieved"], new_drinks["pipeline"]) == (0, 1)  # the wine, under evaluation
    assert [r.product for r in target_pipeline(new_drinks["target"])] == [wine]
    assert drinks_4["pipeline"] == 1  # the wine's dossier, not the food products'
    assert rows["Sản phẩm được công nhận theo hạng sao 4 sao"]["achieved"] == 1  # no sector: the food 4★ counts
