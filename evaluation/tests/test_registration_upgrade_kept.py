"""A "stuck scored upgrade": an upgrade (nâng hạng) dossier whose council result is "scored" although its star does not
exceed the star of the product's live certificate: a result taken before the council's rule knew the star held
(CouncilResult.held_star empty), or a certificate the product got since. No decision may recognise it (the decision's
rule, kept_certificate_q, keeps the certificate) and no written notice could be sent ("Sản phẩm đạt được công bố bằng
quyết định công nhận"): it stayed "Đã chấm điểm" for ever, in every officer's to-do.

D26 Điều 7.5: an upgrade that does not reach a higher star is no upgrade; the product keeps its certificate. Điều 7.3g:
the province's OCOP office tells the commune and the producer the result in writing. The office concludes it through
the workflow table (row `upgrade_kept`): "Không đạt", with its audit row, and the written notice."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from certificates.choices import CertificateStatus, IssuerLevel
from certificates.services.eligibility import eligible_results
from certificates.tests.factories import CertificateFactory
from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as S
from evaluation.models import Registration
from evaluation.permissions.registrations import registration_actions_for
from evaluation.services.transitions import registration_upgrade_not_achieved
from evaluation.tests.factories import CouncilResultFactory, RegistrationFactory, notice_paper
from evaluation.workflow import step
from ocop.models import AuditEvent, Notification
from products.models import Product
from products.services import product_refresh_status
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def stuck(cast, *, held: int = 4, star: int = 4, kind: str = K.UPGRADE):
    """The product holds a live certificate of `held` stars; its `kind` dossier waits as "scored" with a result of
    `star` taken before the council's rule knew the star held (held_star empty)."""
    product = ProductFactory(producer=cast.producer, name="Miến dong Tài Hoan")
    certificate = CertificateFactory(product=product, star=held, decision__date=date(2025, 6, 20))
    product_refresh_status(product=product)
    registration = RegistrationFactory(product=product, kind=kind, status=S.SCORED)
    result = CouncilResultFactory(
        registration=registration, final_star=star, band_star=star, mean_score=Decimal("83.00")
    )
    return registration, result, certificate


def test_the_workflow_table_ends_a_scored_upgrade_not_above_the_star_held():
    row = step("upgrade_kept")
    assert row.sources == {S.SCORED} and row.target == S.NOT_RECOGNISED
    assert row.audit_action == "registration.upgrade_not_achieved"


def test_a_stuck_upgrade_ends_not_achieved_with_the_written_notice_and_its_audit_row(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    registration, result, certificate = stuck(cast)
    assert not eligible_results(issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province).exists()
    assert registration_actions_for(cast.province_officer, registration)["upgrade_kept"]
    with django_capture_on_commit_callbacks(execute=True):
        registration_upgrade_not_achieved(registration=registration, by=cast.province_officer, **notice_paper())
    registration.refresh_from_db()
    assert registration.status == S.NOT_RECOGNISED
    assert registration.result_notified_status == S.NOT_RECOGNISED and registration.result_notified_at
    event = AuditEvent.objects.get(action="registration.upgrade_not_achieved")
    assert event.actor == cast.province_officer
    assert event.changes["status"] == [S.SCORED, S.NOT_RECOGNISED]
    assert (event.changes["star"], event.changes["held_star"], event.changes["result"]) == (4, 4, result.pk)
    assert AuditEvent.objects.filter(action="registration.notify_result", target_id=str(registration.pk)).exists()
    result.refresh_from_db()
    assert result.held_star == 4 and result.upgrade_failed
    told = (
        "Sản phẩm “Miến dong Tài Hoan” không đạt nâng hạng: điểm trung bình của Hội đồng là 83,00 điểm, tương ứng "
        "4 sao, không cao hơn hạng 4 sao đang được công nhận; sản phẩm giữ giấy chứng nhận OCOP hiện có."
    )
    assert Notification.objects.get(user=cast.producer_owner).message.startswith(told)
    assert any(told in m.body for m in mailoutbox if cast.producer_owner.email in m.to)
    # Điều 7.3g: the commune is told too.
    assert Notification.objects.filter(user=cast.commune_officer, message__contains="không đạt nâng hạng").count() == 1
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID
    product = Product.objects.get(pk=registration.product_id)
    assert (product.status, product.current_star) == ("recognised", 4)
    assert not registration_actions_for(cast.province_officer, registration)["upgrade_kept"]


def test_a_second_click_changes_nothing(cast):
    registration, _result, _certificate = stuck(cast)
    registration_upgrade_not_achieved(registration=registration, by=cast.province_officer, **notice_paper())
    with pytest.raises(ValidationError):
        registration_upgrade_not_achieved(
            registration=Registration.objects.get(pk=registration.pk), by=cast.province_officer, **notice_paper()
        )
    assert AuditEvent.objects.filter(action="registration.upgrade_not_achieved").count() == 1
    assert Notification.objects.filter(user=cast.producer_owner).count() == 1


@pytest.mark.parametrize(("kind", "held", "star"), [(K.UPGRADE, 3, 4), (K.REEVALUATION, 4, 3)])
def test_a_result_a_decision_may_recognise_is_not_concluded_so(cast, kind, held, star):
    """An upgrade above the star held waits for its decision; a re-evaluation's lower star replaces the certificate."""
    registration, _result, _certificate = stuck(cast, held=held, star=star, kind=kind)
    assert not registration_actions_for(cast.province_officer, registration)["upgrade_kept"]
    with pytest.raises(ValidationError):
        registration_upgrade_not_achieved(registration=registration, by=cast.province_officer, **notice_paper())
    assert Registration.objects.get(pk=registration.pk).status == S.SCORED
    assert not AuditEvent.objects.filter(action="registration.upgrade_not_achieved").exists()


@pytest.mark.parametrize("who", ["producer_owner", "commune_officer", "advisory_member", "viewer", "central_officer"])
def test_only_the_ocop_office_whose_council_took_the_result_concludes_it(cast, who):
    registration, _result, _certificate = stuck(cast)
    assert not registration_actions_for(getattr(cast, who), registration)["upgrade_kept"]
