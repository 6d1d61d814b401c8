"""Certificate numbers come from a counter row bumped with F() + 1 inside the issuing transaction."""

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from certificates.choices import IssuerLevel
from certificates.models import Certificate
from certificates.services.decisions import allocate_certificate_number, decision_check, decision_create, decision_issue
from certificates.tests.factories import DecisionFactory, checker_for, result_for
from ocop.models import Counter


@pytest.mark.django_db
def test_it_never_hands_out_the_same_number_twice(cast):
    decision = DecisionFactory(issuer_unit=cast.province)
    numbers = [allocate_certificate_number(decision=decision) for _ in range(25)]
    assert len(set(numbers)) == 25
    assert numbers[0] == "90-2026-0001/GCN-OCOP" and numbers[-1] == "90-2026-0025/GCN-OCOP"
    assert Counter.objects.get(key="certificate:90-2026").value == 25


@pytest.mark.django_db
def test_each_issuer_and_year_has_its_own_sequence(cast):
    a = DecisionFactory(issuer_unit=cast.province)
    b = DecisionFactory(issuer_unit=cast.other_province)
    older = DecisionFactory(issuer_unit=cast.province, date=a.date.replace(year=2025))
    assert allocate_certificate_number(decision=a).startswith("90-2026-0001")
    assert allocate_certificate_number(decision=b).startswith("91-2026-0001")
    assert allocate_certificate_number(decision=older).startswith("90-2025-0001")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_issuances_get_distinct_contiguous_numbers(cast):
    """Six decisions of three products each, issued at once from six threads (own connections)."""
    decisions = []
    for _ in range(6):
        results = [result_for(cast.producer) for _ in range(3)]
        decision = decision_create(
            by=cast.province_officer, issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province, results=results
        )
        decisions.append(decision_check(decision=decision, by=checker_for(cast.province_officer)))
    checker = checker_for(cast.province_officer)  # four eyes: the drafter cannot issue
    barrier = threading.Barrier(len(decisions))
    errors = []

    def issue(decision, n):
        try:
            barrier.wait(timeout=30)
            decision_issue(decision=decision, number=f"{n}/QĐ-UBND", date=timezone.localdate(), by=checker)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(d, n)) for n, d in enumerate(decisions, start=1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert connection.vendor == "postgresql"
    assert errors == []
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    year = timezone.localdate().year
    assert numbers == [f"90-{year}-{i:04d}/GCN-OCOP" for i in range(1, 19)]
