"""Withdrawing a dossier is the producer's own act (D26 Điều 7.1). An officer records it for a producer that has no
account of its own (a paper dossier typed in on its behalf), and only while the dossier is with the officer's side:
the commune until it forwards the dossier to the province (its confirmation says "UBND xã không sửa hay trả lại hồ
sơ được nữa"), the province's OCOP office from then on. A producer with an account withdraws it itself."""

import pytest
from django.core.exceptions import PermissionDenied

from evaluation.choices import RegistrationStatus as S
from evaluation.models import Registration
from evaluation.services.transitions import registration_withdraw
from evaluation.tests.factories import paper_registration_in, registration_in
from ocop.models import AuditEvent

pytestmark = pytest.mark.django_db

WITH_THE_COMMUNE = [S.DRAFT, S.SUBMITTED, S.RETURNED]
FORWARDED = [S.FORWARDED, S.ADVISORY_REVIEW, S.SUPPLEMENT_REQUESTED]


def _status(registration):
    return Registration.objects.get(pk=registration.pk).status


@pytest.mark.parametrize("status", WITH_THE_COMMUNE)
def test_the_commune_records_the_withdrawal_of_a_paper_dossier_it_holds(cast, status):
    registration = paper_registration_in(cast, status=status)
    registration_withdraw(registration=registration, by=cast.commune_officer, reason="Chủ thể có đơn xin rút")
    assert _status(registration) == S.WITHDRAWN


@pytest.mark.parametrize("status", FORWARDED)
def test_the_commune_cannot_withdraw_a_dossier_it_has_forwarded(cast, status):
    registration = paper_registration_in(cast, status=status)
    with pytest.raises(PermissionDenied):
        registration_withdraw(registration=registration, by=cast.commune_officer, reason="Chủ thể có đơn xin rút")
    assert _status(registration) == status
    assert not AuditEvent.objects.filter(action="registration.withdraw").exists()


@pytest.mark.parametrize("status", FORWARDED)
def test_the_provinces_office_records_the_withdrawal_of_a_paper_dossier_it_holds(cast, status):
    registration = paper_registration_in(cast, status=status)
    registration_withdraw(registration=registration, by=cast.province_officer, reason="Chủ thể có đơn xin rút")
    assert _status(registration) == S.WITHDRAWN


def test_the_provinces_office_does_not_withdraw_what_the_commune_is_checking(cast):
    registration = paper_registration_in(cast, status=S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        registration_withdraw(registration=registration, by=cast.province_officer, reason="Chủ thể có đơn xin rút")
    assert _status(registration) == S.SUBMITTED


@pytest.mark.parametrize("status", [S.SUBMITTED, S.ADVISORY_REVIEW])
def test_no_officer_withdraws_for_a_producer_with_its_own_account(cast, status):
    # Typed in by the commune's officer from the paper dossier, but the producer has an account to act with.
    registration = registration_in(cast, status=status, entered_by_officer=True, created_by=cast.commune_officer)
    for officer in (cast.commune_officer, cast.province_officer, cast.central_officer):
        with pytest.raises(PermissionDenied):
            registration_withdraw(registration=registration, by=officer, reason="Chủ thể xin rút")
    assert _status(registration) == status
    registration_withdraw(registration=registration, by=cast.producer_owner, reason="Chúng tôi xin rút hồ sơ")
    assert _status(registration) == S.WITHDRAWN


@pytest.mark.parametrize("status", [*WITH_THE_COMMUNE, *FORWARDED])
def test_the_producer_withdraws_its_own_dossier_wherever_it_is(cast, status):
    registration = registration_in(cast, status=status)
    registration_withdraw(registration=registration, by=cast.producer_owner, reason="Chúng tôi xin rút hồ sơ")
    assert _status(registration) == S.WITHDRAWN
