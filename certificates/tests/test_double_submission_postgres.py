"""Issue 11.3 on PostgreSQL with real parallel connections: a double click or two tabs end in one record and a
clear message, never an IntegrityError (a 500). The first request holds its transaction open until the second
has passed every check and waits on the unique index, which is exactly the window a double click hits."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from certificates.choices import DecisionStatus, IssuerLevel
from certificates.models import RecognitionDecision
from certificates.services.decisions import DecisionAlreadyDone, decision_check, decision_create, decision_issue
from certificates.tests.factories import checker_for, result_for
from evaluation.models.scoresheets import ConflictDeclaration
from evaluation.services.conflicts import conflict_declare
from evaluation.tests.factories import setup_scoring
from ocop.models import AuditEvent, OutboxMessage
from ocop.testing import race_in_parallel

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_parallel_conflict_declarations_end_in_one_with_a_message(cast):
    s = setup_scoring(cast)

    def declare():
        conflict_declare(item=s.item, member=s.member, has_conflict=False, by=s.member.user)

    first, second = race_in_parallel(declare, declare)
    assert connection.vendor == "postgresql"
    assert first is None
    assert isinstance(second, ValidationError)
    assert "đã kê khai xung đột lợi ích" in " ".join(second.messages)
    assert ConflictDeclaration.objects.filter(item=s.item, member=s.member).count() == 1


def test_two_parallel_issuances_sharing_a_number_end_in_one_with_a_message(cast):
    decisions = []
    for _ in range(2):
        draft = decision_create(
            by=cast.province_officer,
            issuer_level=IssuerLevel.PROVINCE,
            issuer_unit=cast.province,
            results=[result_for(cast.producer)],
        )
        decisions.append(decision_check(decision=draft, by=checker_for(cast.province_officer)))

    def issue(decision):
        return lambda: decision_issue(
            decision=decision, number="1427/QĐ-UBND", date=timezone.localdate(), by=checker_for(cast.province_officer)
        )

    first, second = race_in_parallel(issue(decisions[0]), issue(decisions[1]))
    assert first is None
    assert isinstance(second, ValidationError)
    assert "Cơ quan này đã có quyết định mang số này trong năm đó." in second.messages
    assert RecognitionDecision.objects.filter(number="1427/QĐ-UBND", status=DecisionStatus.ISSUED).count() == 1
    assert RecognitionDecision.objects.get(pk=decisions[1].pk).status == DecisionStatus.CHECKED
    assert decisions[1].certificates.count() == 0  # nothing half-written


def test_the_same_decision_issued_from_two_tabs_is_issued_once(cast):
    draft = decision_create(
        by=cast.province_officer,
        issuer_level=IssuerLevel.PROVINCE,
        issuer_unit=cast.province,
        results=[result_for(cast.producer)],
    )
    decision = decision_check(decision=draft, by=checker_for(cast.province_officer))

    def issue():
        decision_issue(
            decision=decision, number="15/QĐ-UBND", date=timezone.localdate(), by=checker_for(cast.province_officer)
        )

    first, second = race_in_parallel(issue, issue)
    assert first is None and isinstance(second, DecisionAlreadyDone)  # not "only a checked decision can be issued"
    checker = checker_for(cast.province_officer)
    assert second.messages == [
        f"Quyết định số 15/QĐ-UBND ngày 02/12/2026 đã được {checker} ban hành lúc 02/12/2026 10:00."
    ]
    assert decision.certificates.count() == 1
    assert AuditEvent.objects.filter(action="decision.issue").count() == 1
    assert AuditEvent.objects.filter(action="certificate.issue").count() == 1
    assert OutboxMessage.objects.filter(task__endswith="certificate_notify_issued_task").count() == 1


def test_the_same_draft_checked_from_two_tabs_is_checked_once_and_the_second_told_by_whom(cast):
    draft = decision_create(
        by=cast.province_officer,
        issuer_level=IssuerLevel.PROVINCE,
        issuer_unit=cast.province,
        results=[result_for(cast.producer)],
    )
    checker = checker_for(cast.province_officer)

    def check():
        decision_check(decision=draft, by=checker)

    first, second = race_in_parallel(check, check)
    assert first is None and isinstance(second, DecisionAlreadyDone)
    assert second.messages == [f"Dự thảo đã được {checker} kiểm tra lúc 02/12/2026 10:00; có thể ban hành."]
    assert AuditEvent.objects.filter(action="decision.check").count() == 1
