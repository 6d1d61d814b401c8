"""The decision draft page of a province says which scored dossiers no decision can take, and links to them: a kept
upgrade (Điều 7.5, the office concludes it "không đạt") and a 5★ re-evaluation the provincial council scored (Điều
7.6e, the office sends it to the ministry). Without it "Chưa có sản phẩm nào được Hội đồng cấp tỉnh chấm đạt 3 hoặc 4
sao mà chưa có quyết định công nhận" was untrue beside a 4★ upgrade waiting as "scored"."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from certificates.tests.factories import CertificateFactory
from evaluation.choices import Level
from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as S
from evaluation.tests.factories import CouncilResultFactory, RegistrationFactory
from products.services import product_refresh_status
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

URL = reverse("certificates:decision_create")


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


def _pending(page: str) -> str:
    return page.split('data-testid="pending-acts"', 1)[1].split("</div>", 1)[0]


def test_the_province_is_told_of_each_with_its_list(cast, login):
    kept = scored(cast, name="Miến dong", kind=K.UPGRADE, held=4, star=4)
    five = scored(cast, name="Chè Shan tuyết", kind=K.REEVALUATION, held=5, star=4)
    client = login(cast.province_officer)
    page = client.get(URL).content.decode()
    assert 'data-testid="no-eligible-results"' in page
    block = _pending(page)
    for name, dossier in (("upgrade_kept", kept), ("to_central", five)):
        url = f"{reverse('evaluation:registration_list')}?pending={name}"
        assert url in block, name
        listed = client.get(url).context["page"].object_list
        assert [r.pk for r in listed] == [dossier.pk], name


def test_nothing_is_said_when_there_is_none_nor_to_the_ministry(cast, login):
    assert 'data-testid="pending-acts"' not in login(cast.province_officer).get(URL).content.decode()
    scored(cast, name="Miến dong", kind=K.UPGRADE, held=4, star=4)
    assert 'data-testid="pending-acts"' not in login(cast.central_officer).get(URL).content.decode()
