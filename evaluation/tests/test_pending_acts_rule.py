"""The scored dossiers no decision can take are one rule, read two ways: per dossier (the dossier page's act,
selectors.dossier.upgrade_kept and central_reevaluation_scored) and on the database (the office's home count and the
registration list's `pending`: upgrade_kept_q, central_reevaluation_scored_q). They agree, case by case; a producer is
not offered the filter, which would tell its kept upgrade apart before the result is announced (Điều 7.3g)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from certificates.tests.factories import CertificateFactory
from evaluation.choices import Level
from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as S
from evaluation.models import Registration
from evaluation.selectors.dossier import (
    PENDING_ACTS,
    central_reevaluation_scored,
    upgrade_kept,
)
from evaluation.tests.factories import CouncilResultFactory, RegistrationFactory
from products.services import product_refresh_status
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

CASES = [
    # kind, status, star held, results (level, star, eliminated), upgrade_kept, to_central
    (K.UPGRADE, S.SCORED, 4, [(Level.PROVINCE, 4, False)], True, False),
    (K.UPGRADE, S.SCORED, 4, [(Level.PROVINCE, 3, False)], True, False),
    (K.UPGRADE, S.SCORED, 3, [(Level.PROVINCE, 4, False)], False, False),
    (K.UPGRADE, S.SCORED, None, [(Level.PROVINCE, 4, False)], False, False),
    (K.UPGRADE, S.NOT_RECOGNISED, 4, [(Level.PROVINCE, 4, False)], False, False),
    (K.UPGRADE, S.SCORED, 4, [(Level.PROVINCE, 4, False), (Level.PROVINCE, 5, True)], False, False),
    (K.FIRST, S.SCORED, 4, [(Level.PROVINCE, 4, False)], False, False),
    (K.REEVALUATION, S.SCORED, 5, [(Level.PROVINCE, 4, False)], False, True),
    (K.REEVALUATION, S.SCORED, 5, [(Level.PROVINCE, 4, False), (Level.CENTRAL, 4, False)], False, False),
    (K.REEVALUATION, S.SCORED, 4, [(Level.PROVINCE, 4, False)], False, False),
    (K.REEVALUATION, S.FORWARDED_TO_CENTRAL, 5, [(Level.PROVINCE, 4, False)], False, False),
]


def _dossier(cast, index, kind, status, held, results):
    product = ProductFactory(producer=cast.producer, name=f"Sản phẩm {index}")
    if held:
        CertificateFactory(product=product, star=held, decision__date=date(2025, 6, 20))
        product_refresh_status(product=product)
    registration = RegistrationFactory(product=product, kind=kind, status=status)
    for order, (level, star, eliminated) in enumerate(results):
        result = CouncilResultFactory(
            registration=registration,
            level=level,
            final_star=star,
            band_star=star,
            eliminated=eliminated,
            mean_score=Decimal("80.00"),
        )
        result.__class__.objects.filter(pk=result.pk).update(decided_at=result.decided_at.replace(day=1 + order))
    return Registration.objects.select_related("product").get(pk=registration.pk)


@pytest.mark.parametrize("index", range(len(CASES)))
def test_the_dossier_rule_and_the_database_rule_agree(cast, index):
    kind, status, held, results, kept, to_central = CASES[index]
    registration = _dossier(cast, index, kind, status, held, results)
    assert upgrade_kept(registration) is kept
    assert central_reevaluation_scored(registration) is to_central
    on_database = {
        name: Registration.objects.filter(q(), pk=registration.pk).exists() for name, q in PENDING_ACTS.items()
    }
    assert on_database == {"upgrade_kept": kept, "to_central": to_central}


def test_a_producer_is_not_offered_the_filter(cast, login):
    registration = _dossier(cast, 0, *CASES[0][:4])
    url = reverse("evaluation:registration_list")
    page = login(cast.producer_owner).get(url, {"pending": "upgrade_kept"})
    assert 'name="pending"' not in page.content.decode()
    officer = login(cast.province_officer).get(url, {"pending": "upgrade_kept"})
    assert 'name="pending"' in officer.content.decode()
    assert [r.pk for r in officer.context["page"].object_list] == [registration.pk]


def test_the_dossier_and_the_list_say_it_waits_for_the_offices_act_not_a_decision(cast, login):
    kept = _dossier(cast, 0, *CASES[0][:4])
    decidable = _dossier(cast, 2, *CASES[2][:4])
    to_central = _dossier(cast, 7, *CASES[7][:4])
    client = login(cast.province_officer)
    waits = {
        kept.pk: "kết luận không đạt nâng hạng",
        decidable.pk: "Quyết định công nhận",
        to_central.pk: "gửi Bộ đánh giá lại",
    }
    for pk, words in waits.items():
        page = client.get(reverse("evaluation:registration_detail", args=[pk])).content.decode()
        assert words in page.split('data-testid="waiting-row">', 1)[1].split("</dd>", 1)[0], words
    rows = client.get(reverse("evaluation:registration_list")).content.decode().split('data-testid="registration-row"')
    for pk, words in waits.items():
        (row,) = [r for r in rows[1:] if f"/{pk}/" in r.split("</tr>", 1)[0]]
        assert words in row.split("</tr>", 1)[0], words
