"""A recognition decision never replaces a certificate it may not (kept_certificate_q):

- an upgrade (Điều 7.5) whose star does not exceed the product's live certificate's is no upgrade: the product
  keeps what it has;
- a province never replaces a 5★ certificate, the Minister's (Điều 4.1b): a 5★ product's re-evaluation is the
  ministry's (Điều 7.6e). Only a dossier the central council evaluated, below 90 there, may end in the province's
  3★/4★ recognition (Điều 7.6e last paragraph, 7.4g), which replaces it.

The tester's case: Miến dong's live 5★ certificate TW-2026-0001 (decision 15/QĐ-BNNMT); an upgrade filed by the
producer, scored 83 (4★) by the provincial council; the province's decision issued 19-2026-0003 (4★) and the
Minister's certificate became "Đã được thay thế". Such results are not offered for a decision, and an annex that
already holds one (drafted before) is refused at issue, naming the product. A re-evaluation with a lower star still
replaces the certificate."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus, DecisionStatus, IssuerLevel
from certificates.models import Certificate, DecisionEntry, RecognitionDecision
from certificates.services.decisions import decision_create, decision_issue
from certificates.services.eligibility import eligible_results
from certificates.tests.factories import CertificateFactory, checker_for, issued_decision
from evaluation.choices import Level
from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as S
from evaluation.models import CouncilResult
from evaluation.tests.factories import CouncilResultFactory, RegistrationFactory
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

MINISTRY_NAME = "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"
SCORES = {3: Decimal("62.00"), 4: Decimal("83.00"), 5: Decimal("93.00")}


def holding(cast, *, star: int, name: str = "Miến dong Tài Hoan") -> Certificate:
    """A product of the cast's producer with a live certificate of `star`: the Minister's for 5★ (TW-2026-0001,
    15/QĐ-BNNMT), the province's otherwise."""
    product = ProductFactory(producer=cast.producer, name=name)
    if star == 5:
        return CertificateFactory(
            product=product,
            star=5,
            number="TW-2026-0001/GCN-OCOP",
            decision__number="15/QĐ-BNNMT",
            decision__date=date(2026, 3, 10),
            decision__issuer_level=IssuerLevel.MINISTRY,
            decision__issuer_name=MINISTRY_NAME,
        )
    return CertificateFactory(product=product, star=star, decision__date=date(2025, 6, 20))


def result_of(product, *, kind: str, star: int, level: str = Level.PROVINCE) -> CouncilResult:
    """The council's result on a dossier of `kind`, scored and waiting for its decision (a dossier scored before
    the council's rule knew the star held: the decision's rule must hold on its own)."""
    registration = RegistrationFactory(product=product, kind=kind, status=S.SCORED)
    return CouncilResultFactory(
        registration=registration, level=level, final_star=star, band_star=star, mean_score=SCORES[star]
    )


def province_eligible(cast) -> list:
    return list(eligible_results(issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province))


def drafted_before(cast, results, *, level=IssuerLevel.PROVINCE) -> RecognitionDecision:
    """A decision checked with `results` in its annex, drafted while they were still offered."""
    decision = RecognitionDecision.objects.create(
        issuer_level=level,
        issuer_unit=cast.province if level == IssuerLevel.PROVINCE else None,
        issuer_name="ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM" if level == IssuerLevel.PROVINCE else MINISTRY_NAME,
        status=DecisionStatus.CHECKED,
        created_by=cast.province_officer if level == IssuerLevel.PROVINCE else cast.central_officer,
    )
    for order, result in enumerate(results, start=1):
        DecisionEntry.objects.create(
            decision=decision,
            result=result,
            registration=result.registration,
            product=result.registration.product,
            star=result.final_star,
            mean_score=result.mean_score,
            order=order,
        )
    return decision


def issue(decision, by, number="1901/QĐ-UBND"):
    return decision_issue(decision=decision, number=number, date=timezone.localdate(), by=checker_for(by))


def test_the_testers_case_the_ministrys_five_stars_are_kept(cast):
    held = holding(cast, star=5)
    upgrade = result_of(held.product, kind=K.UPGRADE, star=4)
    assert province_eligible(cast) == []
    with pytest.raises(ValidationError):
        decision_create(
            by=cast.province_officer, issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province, results=[upgrade]
        )
    decision = drafted_before(cast, [upgrade])
    with pytest.raises(ValidationError) as raised:
        issue(decision, cast.province_officer)
    message = raised.value.messages[0]
    assert "“Miến dong Tài Hoan”" in message and "TW-2026-0001/GCN-OCOP" in message
    decision.refresh_from_db()
    held.refresh_from_db()
    upgrade.registration.refresh_from_db()
    assert (decision.status, decision.number) == (DecisionStatus.CHECKED, "")
    assert (held.status, held.superseded_by) == (CertificateStatus.VALID, None)
    assert list(Certificate.objects.filter(product=held.product)) == [held]
    assert upgrade.registration.status == S.SCORED


@pytest.mark.parametrize(("held_star", "star"), [(4, 4), (4, 3), (3, 3)])
def test_an_upgrade_not_above_the_star_held_replaces_nothing(cast, held_star, star):
    held = holding(cast, star=held_star)
    upgrade = result_of(held.product, kind=K.UPGRADE, star=star)
    assert province_eligible(cast) == []
    with pytest.raises(ValidationError) as raised:
        issue(drafted_before(cast, [upgrade]), cast.province_officer)
    assert raised.value.messages == [
        f"Không ban hành được quyết định: “Miến dong Tài Hoan”: kết quả nâng hạng {star} sao không cao hơn giấy chứng "
        f"nhận {held.number} ({held_star} sao) đang có hiệu lực: không đạt nâng hạng, sản phẩm giữ giấy chứng nhận "
        "hiện có (Điều 7.5). Trả lại dự thảo và bỏ các sản phẩm này khỏi phụ lục."
    ]
    held.refresh_from_db()
    assert held.status == CertificateStatus.VALID


def test_an_upgrade_above_the_star_held_replaces_it(cast):
    held = holding(cast, star=3)
    upgrade = result_of(held.product, kind=K.UPGRADE, star=4)
    assert province_eligible(cast) == [upgrade]
    issued_decision(province=cast.province, by=cast.province_officer, results=[upgrade])
    held.refresh_from_db()
    new = Certificate.objects.exclude(pk=held.pk).get(product=held.product)
    assert (held.status, held.superseded_by, new.star) == (CertificateStatus.SUPERSEDED, new, 4)


def test_the_ministry_recognises_a_four_star_products_upgrade_to_five(cast):
    held = holding(cast, star=4)
    upgrade = result_of(held.product, kind=K.UPGRADE, star=5, level=Level.CENTRAL)
    assert list(eligible_results(issuer_level=IssuerLevel.MINISTRY, issuer_unit=None)) == [upgrade]
    issued_decision(
        province=None, by=cast.central_officer, results=[upgrade], number="16/QĐ-BNNMT", level=IssuerLevel.MINISTRY
    )
    held.refresh_from_db()
    assert held.status == CertificateStatus.SUPERSEDED and held.superseded_by.star == 5


def test_a_re_evaluation_with_a_lower_star_still_replaces_the_certificate(cast):
    """Điều 7.6: the re-evaluation rates the product again; its 3★ is the product's star from now on."""
    held = holding(cast, star=4)
    renewal = result_of(held.product, kind=K.REEVALUATION, star=3)
    assert province_eligible(cast) == [renewal]
    issued_decision(province=cast.province, by=cast.province_officer, results=[renewal])
    held.refresh_from_db()
    new = Certificate.objects.exclude(pk=held.pk).get(product=held.product)
    assert (held.status, held.superseded_by, new.star) == (CertificateStatus.SUPERSEDED, new, 3)


@pytest.mark.parametrize("kind", [K.REEVALUATION, K.FIRST])
def test_a_provincial_result_never_replaces_the_ministrys_five_stars(cast, kind):
    """A 5★ product's re-evaluation goes to the ministry (Điều 7.6e): a provincial council's result on it (a dossier
    scored before that rule, or entered some other way) is refused all the same."""
    held = holding(cast, star=5)
    provincial = result_of(held.product, kind=kind, star=4)
    assert province_eligible(cast) == []
    with pytest.raises(ValidationError) as raised:
        issue(drafted_before(cast, [provincial]), cast.province_officer)
    assert raised.value.messages == [
        "Không ban hành được quyết định: “Miến dong Tài Hoan”: đang có giấy chứng nhận 5 sao TW-2026-0001/GCN-OCOP của "
        "Bộ trưởng Bộ Nông nghiệp và Môi trường; quyết định của UBND tỉnh không thay thế được (đánh giá lại sản phẩm 5 "
        "sao do Bộ thực hiện, Điều 7.6e). Trả lại dự thảo và bỏ các sản phẩm này khỏi phụ lục."
    ]
    held.refresh_from_db()
    assert held.status == CertificateStatus.VALID


def test_the_ministrys_re_evaluation_below_ninety_may_end_in_the_provinces_recognition(cast):
    """Điều 7.6e (last paragraph) → 7.4g: the central council re-evaluated the 5★ product and gave 83; the Chủ tịch
    UBND tỉnh may recognise 4★ on that result, which replaces the 5★ certificate."""
    held = holding(cast, star=5)
    central = result_of(held.product, kind=K.REEVALUATION, star=4, level=Level.CENTRAL)
    assert province_eligible(cast) == [central]
    issued_decision(province=cast.province, by=cast.province_officer, results=[central])
    held.refresh_from_db()
    new = Certificate.objects.exclude(pk=held.pk).get(product=held.product)
    assert (held.status, held.superseded_by, new.star) == (CertificateStatus.SUPERSEDED, new, 4)


def test_an_annex_is_refused_whole_and_names_each_product(cast):
    five = holding(cast, star=5)
    four = holding(cast, star=4, name="Gạo nếp cái hoa vàng")
    fine = result_of(ProductFactory(producer=cast.producer, name="Mật ong rừng"), kind=K.FIRST, star=4)
    decision = drafted_before(
        cast, [result_of(five.product, kind=K.UPGRADE, star=4), fine, result_of(four.product, kind=K.UPGRADE, star=4)]
    )
    with pytest.raises(ValidationError) as raised:
        issue(decision, cast.province_officer)
    message = raised.value.messages[0]
    assert "“Miến dong Tài Hoan”" in message and "“Gạo nếp cái hoa vàng”" in message and "Mật ong rừng" not in message
    assert not Certificate.objects.filter(decision=decision).exists()


def test_the_issue_page_shows_the_refusal(cast, login):
    held = holding(cast, star=5)
    decision = drafted_before(cast, [result_of(held.product, kind=K.UPGRADE, star=4)])
    response = login(checker_for(cast.province_officer)).post(
        reverse("certificates:decision_issue", args=[decision.pk]),
        {"number": "1901/QĐ-UBND", "date": timezone.localdate().strftime("%d/%m/%Y"), "confirmed": "1"},
    )
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1 and "“Miến dong Tài Hoan”" in errors[0] and "TW-2026-0001/GCN-OCOP" in errors[0]
    assert 'value="1901/QĐ-UBND"' in response.content.decode()
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.CHECKED


def test_the_drafting_page_does_not_offer_it(cast, login):
    held = holding(cast, star=5)
    result_of(held.product, kind=K.UPGRADE, star=4)
    page = login(cast.province_officer).get(reverse("certificates:decision_create")).content.decode()
    assert 'data-testid="no-eligible-results"' in page and "Miến dong Tài Hoan" not in page
