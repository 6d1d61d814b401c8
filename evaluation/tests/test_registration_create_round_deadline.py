"""The service that files a dossier (services.dossier.registration_create, its check registration_create_check)
checked only the round's status: the proposals deadline (Điều 5.1 of D26, services.checks.round_filing_refusal) was
the registration form's alone, so any other caller filed a new dossier into a round the commune could no longer
propose it in. The service now refuses it, with the form's reason, beside the round; the form still says it beside the
field, once (api/tests/test_registration_round_deadline.py: the API's 400 likewise)."""

import pytest
from django.core.exceptions import ValidationError

from evaluation.choices import RegistrationKind
from evaluation.models import Registration
from evaluation.services.checks import round_filing_refusal
from evaluation.services.dossier import registration_create, registration_create_check
from evaluation.tests.factories import make_product, province_round, round_taking_proposals, scorecard_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(cast):
    product = make_product(cast.producer, "Miến dong Côn Minh")
    scorecard_for(product)
    return product


def test_the_service_refuses_a_round_past_its_proposals_deadline_whoever_calls_it(cast, product):
    past = province_round(cast.province)  # open, proposals until 30/10/2026; the tests' day is 02/12/2026
    with pytest.raises(ValidationError) as refused:
        registration_create(product=product, kind=RegistrationKind.FIRST, by=cast.producer_owner, evaluation_round=past)
    assert refused.value.message_dict == {"round": [round_filing_refusal(past)]}
    assert "30/10/2026" in refused.value.message_dict["round"][0]
    assert not Registration.objects.filter(product=product).exists()


def test_the_service_files_into_a_round_still_taking_proposals(cast, product):
    taking = round_taking_proposals(cast)
    registration = registration_create(
        product=product, kind=RegistrationKind.FIRST, by=cast.producer_owner, evaluation_round=taking
    )
    assert registration.round == taking


def test_a_reevaluation_is_not_refused_for_its_rounds_deadline(cast, product):
    """Bound by its certificate's window (Điều 7.6), not by a round's dates."""
    past = province_round(cast.province)
    registration_create_check(
        product=product, kind=RegistrationKind.REEVALUATION, evaluation_round=past, case_variant=0
    )
