"""The one rule that tells a later recognition (a re-evaluation, an upgrade) from a recognition of a product back
after its certificate ended (dashboard.selectors.plans.held_at_decision): the product held a certificate in force on
the new decision's date. Two ways out of force were missing from it:
- a revoked certificate (Điều 8) ends on its revocation decision's date, however long it was printed valid for: a
  product recognised again after it is recognised, like a lapsed one, not re-evaluated nor upgraded;
- an upgrade (Điều 7.5) keeps nothing: its product's certificate may lapse while the dossier is evaluated, and the
  decision then replaces nothing (evaluation.workflow.upgrade_achieved: no star held, nothing to exceed). Its
  certificate is a recognition, and so is the dossier in the pipeline (its product holds no star today); it counted
  as an upgrade from the lapsed star, as a re-evaluation when it came back at that star, or under no target at all
  when it came back lower.
A re-evaluation filed before expiry keeps the certificate until its decision, for at most 180 days (Điều 12.3)."""

import datetime as dt
from datetime import date

import pytest
import time_machine

from certificates.choices import CertificateStatus, RevocationGround, RevocationStatus
from certificates.models import Revocation
from certificates.tests.factories import CertificateFactory, RegistrationFactory
from dashboard.choices import TargetMetric as M
from dashboard.selectors.plans import target_certificates, target_pipeline
from dashboard.tests.factories import plan_of_2026, progress_by_label
from evaluation.choices import RegistrationKind, RegistrationStatus
from products.services import product_refresh_status
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

DURING = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))  # the plan runs

TARGETS = [
    {"metric": M.REEVALUATED, "quantity": 10},
    {"metric": M.UPGRADED, "quantity": 2},
    {"metric": M.UPGRADED, "from_star": 3, "star": 4, "quantity": 2},
    {"metric": M.RECOGNISED_STAR, "star": 3, "quantity": 8},
    {"metric": M.RECOGNISED_STAR, "star": 4, "quantity": 8},
    {"metric": M.NEW_RECOGNISED, "quantity": 30},
]
REEVALUATED = "Sản phẩm được đánh giá lại (giữ hạng)"
UPGRADED = "Sản phẩm được nâng hạng sao"
THREE_TO_FOUR = "Sản phẩm được nâng hạng sao từ 3 sao lên 4 sao"
AT_THREE = "Sản phẩm được công nhận theo hạng sao 3 sao"
AT_FOUR = "Sản phẩm được công nhận theo hạng sao 4 sao"
NEW = "Sản phẩm mới được công nhận từ 3 sao"


def recorded(product, star, issued, **extra):
    """A certificate recorded without its dossier (a historic one), issued on its decision's date."""
    return CertificateFactory(product=product, star=star, issued_on=issued, decision__date=issued, **extra)


def from_dossier(product, star, issued, kind):
    dossier = RegistrationFactory(product=product, kind=kind, status=RegistrationStatus.DECIDED)
    return CertificateFactory(product=product, star=star, issued_on=issued, decision__date=issued, registration=dossier)


def revoked(product, star, issued, on):
    """A certificate of `product`, valid for 36 months from `issued`, revoked by a decision of `on` (recorded as the
    revocation service leaves it: the decision, the status and the day it changed)."""
    certificate = recorded(product, star, issued, status=CertificateStatus.REVOKED, status_changed_on=on)
    Revocation.objects.create(
        certificate=certificate,
        status=RevocationStatus.ISSUED,
        ground=RevocationGround.STOPPED_PRODUCTION,
        decision_number=f"{certificate.pk}/QĐ-UBND",
        decision_date=on,
    )
    return certificate


def counted(rows, label):
    return {c.pk for c in target_certificates(rows[label]["target"])}


@time_machine.travel(DURING, tick=False)
def test_a_certificate_recorded_after_the_earlier_one_was_revoked_is_a_recognition(cast):
    """The 4★ of 2025 was printed valid until 2028 but revoked on 01/06/2025; the 4★ recorded on 10/05/2026 renewed
    nothing (the product was no longer certified), and a 3★ revoked before a 4★ is no upgrade: both are
    recognitions at 4★, neither a new product. Revoked after the new decision, the earlier one was still in force."""
    again = ProductFactory(producer=cast.producer)
    revoked(again, 4, date(2025, 1, 10), on=date(2025, 6, 1))
    back = recorded(again, 4, date(2026, 5, 10))
    higher = ProductFactory(producer=cast.producer)
    revoked(higher, 3, date(2025, 2, 14), on=date(2026, 2, 2))
    raised = recorded(higher, 4, date(2026, 3, 14))
    renewed_product = ProductFactory(producer=cast.producer)
    revoked(renewed_product, 3, date(2023, 9, 1), on=date(2026, 10, 1))
    renewed = recorded(renewed_product, 3, date(2026, 7, 1))  # revoked after it: in force on its date
    rows = progress_by_label(plan_of_2026(cast, TARGETS))
    assert counted(rows, REEVALUATED) == {renewed.pk}
    assert counted(rows, UPGRADED) == set() and rows[UPGRADED]["achieved"] == 0
    assert counted(rows, AT_FOUR) == {back.pk, raised.pk} and rows[AT_FOUR]["achieved"] == 2
    assert rows[NEW]["achieved"] == 0


@time_machine.travel(DURING, tick=False)
def test_a_dossier_decided_after_the_products_certificate_was_revoked_is_a_recognition(cast):
    """A re-evaluation and an upgrade filed while the certificate was in force, decided after its revocation: the
    decision renewed or raised nothing."""
    renewed = ProductFactory(producer=cast.producer)
    revoked(renewed, 4, date(2023, 11, 1), on=date(2026, 4, 1))
    renewal = from_dossier(renewed, 4, date(2026, 6, 1), RegistrationKind.REEVALUATION)
    raised = ProductFactory(producer=cast.producer)
    revoked(raised, 3, date(2025, 1, 5), on=date(2026, 4, 1))
    upgrade = from_dossier(raised, 4, date(2026, 6, 1), RegistrationKind.UPGRADE)
    rows = progress_by_label(plan_of_2026(cast, TARGETS))
    assert rows[REEVALUATED]["achieved"] == 0 and rows[UPGRADED]["achieved"] == 0
    assert rows[THREE_TO_FOUR]["achieved"] == 0
    assert counted(rows, AT_FOUR) == {renewal.pk, upgrade.pk}


@time_machine.travel(DURING, tick=False)
def test_an_upgrade_whose_certificate_lapsed_before_its_decision_is_a_recognition(cast):
    """Three upgrades filed in time, decided after the product's certificate lapsed (valid until 13/03/2026): the 3★
    product recognised at 4★, the 4★ one at 4★ again, the other 4★ one at 3★ (no star held: nothing to exceed).
    Each is a recognition at its star: not an upgrade from 3★, not a re-evaluation, and not nothing at all."""
    lapsed = {"valid_until": date(2026, 3, 13), "status": CertificateStatus.EXPIRED}
    products = [ProductFactory(producer=cast.producer) for _ in range(3)]
    for product, star in zip(products, (3, 4, 4), strict=True):
        recorded(product, star, date(2023, 3, 14), **lapsed)
    certificates = [
        from_dossier(product, star, date(2026, 6, 2), RegistrationKind.UPGRADE)
        for product, star in zip(products, (4, 4, 3), strict=True)
    ]
    rows = progress_by_label(plan_of_2026(cast, TARGETS))
    assert rows[UPGRADED]["achieved"] == 0 and rows[THREE_TO_FOUR]["achieved"] == 0
    assert rows[REEVALUATED]["achieved"] == 0
    assert counted(rows, AT_FOUR) == {certificates[0].pk, certificates[1].pk}
    assert counted(rows, AT_THREE) == {certificates[2].pk}
    assert rows[NEW]["achieved"] == 0


@time_machine.travel(DURING, tick=False)
def test_a_reevaluation_decided_within_the_extension_keeps_the_certificate(cast):
    """Filed in time, decided 100 days after the certificate's last day (Điều 12.3: in force until the decision, at
    most 180 days): a re-evaluation. Decided 200 days after, the certificate had lapsed: a recognition."""
    kept = ProductFactory(producer=cast.producer)
    old = recorded(kept, 4, date(2023, 1, 20), valid_until=date(2026, 1, 20), status=CertificateStatus.EXTENDED)
    renewal = from_dossier(kept, 4, date(2026, 4, 30), RegistrationKind.REEVALUATION)
    type(old).objects.filter(pk=old.pk).update(status=CertificateStatus.SUPERSEDED, superseded_by=renewal)
    late = ProductFactory(producer=cast.producer)
    recorded(late, 4, date(2023, 1, 20), valid_until=date(2026, 1, 20), status=CertificateStatus.EXPIRED)
    after = from_dossier(late, 4, date(2026, 8, 8), RegistrationKind.REEVALUATION)
    rows = progress_by_label(plan_of_2026(cast, TARGETS))
    assert counted(rows, REEVALUATED) == {renewal.pk}
    assert counted(rows, AT_FOUR) == {after.pk}


@time_machine.travel(DURING, tick=False)
def test_an_upgrade_under_way_of_a_product_whose_certificate_lapsed_counts_as_a_recognition(cast):
    """The pipeline follows the certificates: an upgrade (or a re-evaluation) of a product that holds no certificate
    in force today leads to a recognition, so it waits under the star targets, not under the upgrades."""
    lapsed = ProductFactory(producer=cast.producer)
    recorded(lapsed, 3, date(2023, 3, 14), valid_until=date(2026, 3, 13), status=CertificateStatus.EXPIRED)
    product_refresh_status(product=lapsed)
    assert lapsed.current_star is None
    upgrade = RegistrationFactory(product=lapsed, kind=RegistrationKind.UPGRADE)
    type(upgrade).objects.filter(pk=upgrade.pk).update(status=RegistrationStatus.READY_FOR_COUNCIL)
    held = ProductFactory(producer=cast.producer)
    recorded(held, 3, date(2025, 3, 14))
    product_refresh_status(product=held)
    under_way = RegistrationFactory(product=held, kind=RegistrationKind.UPGRADE)
    type(under_way).objects.filter(pk=under_way.pk).update(status=RegistrationStatus.READY_FOR_COUNCIL)
    rows = progress_by_label(plan_of_2026(cast, TARGETS))
    assert [r.pk for r in target_pipeline(rows[UPGRADED]["target"])] == [under_way.pk]
    assert rows[UPGRADED]["pipeline"] == 1
    assert [r.pk for r in target_pipeline(rows[THREE_TO_FOUR]["target"])] == [under_way.pk]
    for label in (AT_THREE, AT_FOUR):
        assert [r.pk for r in target_pipeline(rows[label]["target"])] == [upgrade.pk]
        assert rows[label]["pipeline"] == 1
    assert rows[NEW]["pipeline"] == 0  # certified before: not a new product
