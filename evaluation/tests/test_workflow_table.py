"""The workflow table (evaluation/workflow.py): well formed, applied by the one transition service (role, reason,
compare-and-swap, audit row, notices), and what the detail page offers is what the table allows."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from evaluation.choices import RegistrationStatus as S
from evaluation.models import Registration
from evaluation.permissions.registrations import ACTIONS, registration_actions_for
from evaluation.services.workflow import TransitionRefused, registration_transition
from evaluation.tests.factories import paper_registration_in, registration_in
from evaluation.workflow import AUDIENCES, STEPS, finalise_step, sources, step_for, transitions
from ocop.choices import Role
from ocop.models import AuditEvent, Notification
from products.models import Product


def test_every_row_names_real_statuses_and_roles_and_is_named_once():
    names = [s.name for s in STEPS]
    assert len(names) == len(set(names))
    for step in STEPS:
        assert step.sources <= set(S.values), step.name
        assert step.target is None or step.target in S.values, step.name
        assert step.roles is None or step.roles <= set(Role.values), step.name
        assert step.roles is not None or step.actor, f"{step.name}: who guards it must be said"
        assert all(n.audience in AUDIENCES for n in step.notices), step.name
    # Every status but the initial one is reached by some row, and the permission names come from the table.
    assert {s.target for s in transitions()} >= set(S.values)
    assert set(ACTIONS) == {s.name for s in STEPS if s.roles is not None}


def test_a_verb_picks_its_row_by_the_stage():
    assert step_for("return", S.SUBMITTED).name == "commune_return"
    assert step_for("return", S.FORWARDED).name == "province_return"
    assert step_for("reject", S.ADVISORY_REVIEW).name == "reject"
    assert step_for("return", S.DRAFT).name == "province_return"  # none applies: the last row refuses
    assert finalise_step(eliminated=False, potential_five=True, recognisable=True, province=True).target == (
        S.PROVINCE_APPROVAL
    )
    assert finalise_step(eliminated=False, potential_five=False, recognisable=True, province=False).target == S.SCORED


@pytest.mark.django_db
def test_the_service_applies_a_row_with_its_audit_and_notice(cast, django_capture_on_commit_callbacks):
    registration = registration_in(cast, status=S.FORWARDED)
    with django_capture_on_commit_callbacks(execute=True):
        moved = registration_transition(
            registration=registration, verb="reject", by=cast.province_officer, reason="  Hồ sơ giả  "
        )
    assert moved.status == S.REJECTED and moved.status_reason == "Hồ sơ giả"
    event = AuditEvent.objects.get(action="registration.reject", target_id=str(registration.pk))
    assert event.changes == {"status": [S.FORWARDED, S.REJECTED], "reason": "Hồ sơ giả"}
    notice = Notification.objects.get(user=cast.producer_owner)
    assert registration.product.name in notice.message and "Hồ sơ giả" in notice.message


@pytest.mark.django_db
def test_the_service_refuses_a_wrong_role_a_missing_reason_and_a_stale_status(cast):
    registration = registration_in(cast, status=S.FORWARDED)
    with pytest.raises(PermissionDenied):
        registration_transition(registration=registration, verb="reject", by=cast.commune_officer, reason="x")
    with pytest.raises(ValidationError) as exc:
        registration_transition(registration=registration, verb="reject", by=cast.province_officer, reason=" ")
    assert "reason" in exc.value.message_dict
    # Moved meanwhile, by nobody the trail names: the compare-and-swap writes nothing and blames no one.
    Registration.objects.filter(pk=registration.pk).update(status=S.ADVISORY_REVIEW)
    with pytest.raises(TransitionRefused, match="vừa được thay đổi sau khi bạn mở trang"):
        registration_transition(registration=registration, verb="start_review", by=cast.province_officer)
    assert Registration.objects.get(pk=registration.pk).status == S.ADVISORY_REVIEW
    assert not AuditEvent.objects.filter(action="registration.start_review").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status,role,expected",
    [
        (S.DRAFT, "producer_owner", {"submit", "withdraw", "edit", "edit_round"}),
        (S.SUPPLEMENT_REQUESTED, "producer_owner", {"supply", "withdraw", "edit"}),
        (S.SUBMITTED, "commune_officer", {"forward", "commune_return", "commune_reject", "commune_report"}),
        # The advisory team neither refuses nor eliminates (Điều 7.3c: it reports to the council's chair), nor receives
        # or returns a forwarded dossier: the province's OCOP office does (Điều 7.3a).
        (S.FORWARDED, "advisory_member", {"test_result"}),
        (
            S.ADVISORY_REVIEW,
            "advisory_member",
            {"request_supplement", "mark_ready", "site_visit", "test_request", "test_result"},
        ),
        (S.FORWARDED, "province_officer", {"start_review", "province_return", "reject", "test_result"}),
        (S.FORWARDED, "viewer", set()),
        # Điều 7.3e: the province approves and sends a potential 5★; the ministry receives it, it does not send it.
        (S.PROVINCE_APPROVAL, "province_officer", {"refer_central", "test_result"}),
        (S.PROVINCE_APPROVAL, "central_officer", {"test_result"}),
        (S.PROVINCE_APPROVAL, "commune_officer", set()),
        (S.DECIDED, "producer_owner", {"copy"}),
    ],
)
def test_the_detail_page_offers_what_the_table_allows(cast, status, role, expected):
    registration = registration_in(cast, status=status)
    if status == S.DECIDED:  # its certificate live: what a copy needs (the `copy` guard)
        Product.objects.filter(pk=registration.product_id).update(status="recognised", current_star=3)
        registration.refresh_from_db()
    allowed = registration_actions_for(getattr(cast, role), registration)
    assert {name for name, ok in allowed.items() if ok and name != "create"} == expected
    for name in expected - {"test_result"}:
        assert status in sources(name)


@pytest.mark.django_db
def test_an_officer_withdraws_only_a_paper_dossier_it_typed_in(cast):
    online = registration_in(cast, status=S.SUBMITTED)
    paper = paper_registration_in(cast, status=S.SUBMITTED)  # of a producer without an account
    assert not registration_actions_for(cast.commune_officer, online)["withdraw"]
    assert registration_actions_for(cast.commune_officer, paper)["withdraw"]
    assert registration_actions_for(cast.producer_owner, online)["withdraw"]
