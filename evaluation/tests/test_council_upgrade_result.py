"""D26 Điều 7.5: an upgrade (nâng hạng) succeeds only with a star above the one the product holds. A result at or
below it is no upgrade: the council's result is "không đạt" (not recognised), no decision may replace the product's
certificate, and the producer is told in writing (Điều 7.3g) that the upgrade failed and the certificate is kept.
Before, a 5★ product's upgrade scored 83 waited for a decision as a 4★ recognition, and the province's decision
replaced the Minister's certificate. A re-evaluation (Điều 7.6) is not an upgrade: a lower star replaces the
certificate, as it should."""

import pytest
from django.urls import reverse

from certificates.choices import IssuerLevel
from certificates.services.eligibility import eligible_results
from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as S
from evaluation.models import CouncilResult, Registration
from evaluation.services.notices import registration_notify_result
from evaluation.tests.factories import notice_paper
from ocop.models import AuditEvent, Notification
from products.models import Product

from .factories import central_session, forwarded_to_central, setup_scoring, submit

pytestmark = pytest.mark.django_db

FOUR_STARS = {"c1": 15, "c2": 5}  # 85 points: 4★
THREE_STARS = {"b1": 0}  # 75 points, the 4★ minimum of B1 missed: 3★


def of_kind(registration, kind: str, *, held: int | None):
    """The dossier is a `kind` of a product holding a live certificate of `held` stars (Product.current_star, which
    the certificates app keeps)."""
    Registration.objects.filter(pk=registration.pk).update(kind=kind)
    Product.objects.filter(pk=registration.product_id).update(status="recognised", current_star=held)


def scored(s, **points) -> CouncilResult:
    for member in s.members:
        submit(s.item, member, s.card, **points)
    s.registration.refresh_from_db()
    return CouncilResult.objects.get(item=s.item)


@pytest.mark.parametrize("held", [4, 5])
def test_an_upgrade_not_above_the_star_held_is_not_recognised(cast, held):
    s = setup_scoring(cast)
    of_kind(s.registration, K.UPGRADE, held=held)
    result = scored(s, **FOUR_STARS)
    assert (result.final_star, result.recognisable, result.held_star) == (4, True, held)
    assert result.upgrade_failed
    assert s.registration.status == S.NOT_RECOGNISED
    assert AuditEvent.objects.get(action="council_result.finalise").changes["held_star"] == held
    assert not eligible_results(issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province).exists()


def test_an_upgrade_above_the_star_held_waits_for_its_decision(cast):
    s = setup_scoring(cast)
    of_kind(s.registration, K.UPGRADE, held=3)
    result = scored(s, **FOUR_STARS)
    assert (result.final_star, result.held_star, result.upgrade_failed) == (4, 3, False)
    assert s.registration.status == S.SCORED
    assert list(eligible_results(issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province)) == [result]


def test_a_re_evaluation_with_a_lower_star_waits_for_its_decision(cast):
    """Điều 7.6: the re-evaluation rates the product again; 3★ replaces its 4★ certificate."""
    s = setup_scoring(cast)
    of_kind(s.registration, K.REEVALUATION, held=4)
    result = scored(s, **THREE_STARS)
    assert (result.final_star, result.held_star, result.upgrade_failed) == (3, None, False)
    assert s.registration.status == S.SCORED
    assert list(eligible_results(issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province)) == [result]


def test_an_upgrade_reaching_ninety_still_goes_to_the_ministry(cast):
    s = setup_scoring(cast)
    of_kind(s.registration, K.UPGRADE, held=4)
    result = scored(s)  # 100 points: potential 5★, the central council judges it (Điều 7.3e)
    assert result.potential_five and not result.upgrade_failed
    assert s.registration.status == S.PROVINCE_APPROVAL


def test_the_producer_is_told_the_upgrade_failed_and_the_certificate_is_kept(
    cast, login, mailoutbox, django_capture_on_commit_callbacks
):
    s = setup_scoring(cast)
    of_kind(s.registration, K.UPGRADE, held=5)
    scored(s, **FOUR_STARS)
    with django_capture_on_commit_callbacks(execute=True):
        registration_notify_result(registration=s.registration, by=cast.province_officer, **notice_paper())
    told = (
        "Sản phẩm “Sản phẩm 1” không đạt nâng hạng: điểm trung bình của Hội đồng là 85,00 điểm, tương ứng 4 sao, không "
        "cao hơn hạng 5 sao đang được công nhận; sản phẩm giữ giấy chứng nhận OCOP hiện có."
    )
    notice = Notification.objects.get(user=cast.producer_owner, message__contains="nâng hạng")
    assert notice.message.startswith(told) and "không đủ điều kiện công nhận" not in notice.message
    (mail,) = [m for m in mailoutbox if cast.producer_owner.email in m.to]
    assert told in mail.body and "không đủ điều kiện công nhận" not in mail.body
    page = login(cast.producer_owner).get(reverse("evaluation:registration_detail", args=[s.registration.pk]))
    html = page.content.decode()
    assert (
        '<p class="mb-1" data-testid="upgrade-not-achieved">Không đạt nâng hạng: kết quả 4 sao không cao hơn hạng 5 sao '
        "đang được công nhận; sản phẩm giữ giấy chứng nhận hiện có (Điều 7.5).</p>"
    ) in html


def test_a_central_result_not_above_the_star_held_is_no_upgrade_either(cast, login):
    """A 4★ product's upgrade reached 90 at the province; the central council gives 85 (4★). The province has nothing
    to recognise on it (Điều 7.4g would recognise 4★ again, a fresh 36 months for no upgrade)."""
    s = forwarded_to_central(cast)
    of_kind(s.registration, K.UPGRADE, held=4)
    item, members = central_session(cast, s)
    for member in members:
        submit(item, member, s.card, **FOUR_STARS)
    result = CouncilResult.objects.get(item=item)
    s.registration.refresh_from_db()
    assert (result.level, result.final_star, result.held_star) == ("central", 4, 4)
    assert s.registration.status == S.NOT_RECOGNISED
    assert not eligible_results(issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province).exists()
    page = login(cast.central_officer).get(reverse("evaluation:result_detail", args=[item.pk])).content.decode()
    assert 'data-testid="upgrade-not-achieved"' in page and 'data-testid="central-fallback"' not in page
