"""A "stuck scored 5★ re-evaluation": a 5★ product's re-evaluation that a provincial council scored 3★ or 4★, before
the province sent such dossiers to the ministry (the `forward_central` row), or whose product got its 5★ certificate
after the dossier went before the council. No decision could take it: a province never replaces the Minister's 5★
certificate unless the central council evaluated the dossier (certificates' kept_certificate_q, "five_star"), and
the ministry decides on its own council's results only; nor could it go forward (forward_central started from the
advisory review alone). It stayed "Đã chấm điểm" for ever.

D26 Điều 6.3b, 7.6e: the re-evaluation of a 5★ product is the central council's; the province sends it with its
OCOP office's report (which replaces the provincial council's report) and its letter. The office does so now from
"scored" too, through the same row; the provincial council's result gives way to the central council's."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from certificates.choices import CertificateStatus, IssuerLevel
from certificates.models import Certificate
from certificates.services.eligibility import eligible_results
from certificates.tests.factories import CertificateFactory
from evaluation.choices import Level
from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as S
from evaluation.permissions.registrations import registration_actions_for
from evaluation.tests.factories import CouncilResultFactory, central_session, forward_central, registration_in
from ocop.models import AuditEvent
from products.services import product_refresh_status

pytestmark = pytest.mark.django_db


def stuck(cast, *, held: int = 5, star: int = 4, kind: str = K.REEVALUATION):
    """The product holds a live `held`★ certificate; its `kind` dossier waits as "scored" with a provincial council's
    result of `star`."""
    registration = registration_in(cast, status=S.SCORED, kind=kind, name="Chè Shan tuyết Hà Giang")
    product = registration.product
    CertificateFactory(product=product, star=held, decision__date=date(2025, 6, 20))
    product_refresh_status(product=product)
    registration.refresh_from_db()
    result = CouncilResultFactory(
        registration=registration, final_star=star, band_star=star, mean_score=Decimal("83.00"), level=Level.PROVINCE
    )
    return registration, result


def test_no_decision_takes_a_five_star_re_evaluation_the_province_scored(cast):
    stuck(cast)
    assert not eligible_results(issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province).exists()
    assert not eligible_results(issuer_level=IssuerLevel.MINISTRY, issuer_unit=None).exists()


def test_the_office_sends_it_to_the_ministry_and_the_central_council_takes_it(cast):
    registration, _result = stuck(cast)
    assert registration_actions_for(cast.province_officer, registration)["forward_central"]
    moved = forward_central(registration, cast.province_officer)
    assert moved.status == S.FORWARDED_TO_CENTRAL
    event = AuditEvent.objects.get(action="registration.forward_to_central")
    assert event.changes["status"] == [S.SCORED, S.FORWARDED_TO_CENTRAL]
    # The provincial result is no decision's while the ministry has the dossier.
    assert not eligible_results(issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province).exists()
    item, _members = central_session(cast, SimpleNamespace(registration=moved))
    assert item.registration_id == registration.pk


@pytest.mark.parametrize(
    "case",
    [
        {"held": 4, "star": 4},  # a 4★ product's re-evaluation: the province decides it (Điều 7.6đ)
        {"held": 4, "star": 4, "kind": K.UPGRADE},  # an upgrade: row upgrade_kept (Điều 7.5)
    ],
)
def test_only_a_five_star_re_evaluation_goes_so(cast, case):
    registration, _result = stuck(cast, **case)
    assert not registration_actions_for(cast.province_officer, registration)["forward_central"]
    with pytest.raises(ValidationError, match="5 sao"):
        forward_central(registration, cast.province_officer)


def test_not_one_the_central_council_already_evaluated(cast):
    """A central result below 90 follows Điều 7.4g: the province recognises 3★/4★ on it or sends it back."""
    registration, _result = stuck(cast)
    CouncilResultFactory(registration=registration, final_star=4, band_star=4, level=Level.CENTRAL)
    assert not registration_actions_for(cast.province_officer, registration)["forward_central"]
    with pytest.raises(ValidationError, match="trung ương"):
        forward_central(registration, cast.province_officer)


def test_not_by_the_ministry_nor_the_commune(cast):
    registration, _result = stuck(cast)
    for user in (cast.central_officer, cast.commune_officer):
        assert not registration_actions_for(user, registration)["forward_central"]


def test_its_provincial_result_is_no_decisions_while_the_ministry_has_it_even_once_the_certificate_ends(cast):
    """At the ministry the dossier waits for the central council's result (Điều 7.4g then lets the province recognise
    3★/4★ on it); the provincial council's result it went with is never the province's to recognise, even after the
    5★ certificate is no longer in force (revoked, or past its extension of Điều 12.3)."""
    registration, _result = stuck(cast)
    forward_central(registration, cast.province_officer)
    Certificate.objects.filter(product=registration.product_id).update(status=CertificateStatus.REVOKED)
    assert not eligible_results(issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province).exists()
