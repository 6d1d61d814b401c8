"""Who refuses a dossier and who eliminates it (D26 Điều 7.2, 7.3; README, "Knock-outs that are facts about the
dossier"). The commune refuses while it checks it, the province's OCOP office from its completeness check until the
council (Điều 7.3a). The advisory team (Tổ tư vấn) reviews, proposes and reports to the council's chair (Điều 7.3c):
it neither refuses nor eliminates on its own. A knock-out is the council's finding, recorded by its chair with the
ground of Phụ lục II, the evidence and the reason: no act eliminates a dossier before the council."""

import pytest
from django.core.exceptions import PermissionDenied

from evaluation.choices import RegistrationStatus as S
from evaluation.models import Registration
from evaluation.permissions.registrations import registration_actions_for
from evaluation.services.transitions import registration_reject
from evaluation.tests.factories import registration_in
from evaluation.workflow import step, transitions
from ocop.models import AuditEvent, Notification

pytestmark = pytest.mark.django_db

BEFORE_THE_COUNCIL = [S.FORWARDED, S.ADVISORY_REVIEW, S.SUPPLEMENT_REQUESTED]


@pytest.mark.parametrize("status", [S.FORWARDED, S.ADVISORY_REVIEW])
def test_it_refuses_the_advisory_teams_rejection_and_tells_nobody(cast, status):
    registration = registration_in(cast, status=status)
    with pytest.raises(PermissionDenied):
        registration_reject(registration=registration, by=cast.advisory_member, reason="Hồ sơ giả mạo giấy tờ")
    assert Registration.objects.get(pk=registration.pk).status == status
    assert not AuditEvent.objects.filter(action="registration.reject").exists()
    assert not Notification.objects.filter(user=cast.producer_owner).exists()


@pytest.mark.parametrize("status", [S.FORWARDED, S.ADVISORY_REVIEW])
def test_the_provinces_ocop_office_refuses_an_ineligible_dossier(cast, status):
    registration = registration_in(cast, status=status)
    registration_reject(registration=registration, by=cast.province_officer, reason="Không thuộc đối tượng OCOP")
    assert Registration.objects.get(pk=registration.pk).status == S.REJECTED
    assert Notification.objects.filter(user=cast.producer_owner).exists()


def test_the_commune_still_refuses_while_it_checks(cast):
    registration = registration_in(cast, status=S.SUBMITTED)
    registration_reject(registration=registration, by=cast.commune_officer, reason="Không thuộc đối tượng OCOP")
    assert Registration.objects.get(pk=registration.pk).status == S.REJECTED


def test_only_the_councils_result_eliminates_a_dossier():
    assert [row.name for row in transitions() if row.target == S.ELIMINATED] == ["council_eliminate"]
    assert step("council_eliminate").roles is None  # taken by the council's chair (services.results)


@pytest.mark.parametrize("status", BEFORE_THE_COUNCIL)
def test_nobody_is_offered_to_eliminate_or_the_advisory_team_to_reject_before_the_council(cast, status):
    registration = registration_in(cast, status=status)
    for who in ("advisory_member", "province_officer", "central_officer", "admin"):
        offered = {name for name, ok in registration_actions_for(getattr(cast, who), registration).items() if ok}
        assert not any(step(name).target == S.ELIMINATED for name in offered), (who, offered)
    offered = {name for name, ok in registration_actions_for(cast.advisory_member, registration).items() if ok}
    assert not any(step(name).target == S.REJECTED for name in offered), offered
