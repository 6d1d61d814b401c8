"""Drafts sent twice at once, on PostgreSQL with real parallel connections: two discards of one draft (a double click,
or the drafter and the second officer) end in one discard and a message naming who did it; two copies of the "Tạo dự
thảo" form both land on the one draft created, never on the empty form."""

import pytest
from django.test import Client
from django.urls import reverse

from certificates.choices import IssuerLevel
from certificates.models import RecognitionDecision
from certificates.services.decisions import decision_create
from certificates.services.drafts import DraftAlreadyDiscarded, decision_discard
from certificates.tests.factories import checker_for, result_for
from ocop.models import AuditEvent
from ocop.testing import race_in_parallel

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_officers_discarding_one_draft_at_once_discard_it_once(cast):
    draft = decision_create(
        by=cast.province_officer,
        issuer_level=IssuerLevel.PROVINCE,
        issuer_unit=cast.province,
        results=[result_for(cast.producer)],
    )
    checker = checker_for(cast.province_officer)

    first, second = race_in_parallel(
        lambda: decision_discard(decision=draft, by=checker),
        lambda: decision_discard(decision=draft, by=cast.province_officer),
    )

    assert first is None and isinstance(second, DraftAlreadyDiscarded)
    assert second.messages == [f"Dự thảo quyết định đã được {checker} hủy lúc 02/12/2026 10:00."]
    assert not RecognitionDecision.objects.exists()
    assert AuditEvent.objects.filter(action="decision.discard").count() == 1


def test_a_double_click_on_create_draft_lands_both_copies_on_the_one_draft(cast):
    result = result_for(cast.producer, star=3)
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(cast.province_officer)
    responses = {}

    def post(i):
        def send():
            responses[i] = clients[i].post(reverse("certificates:decision_create"), {"results": [result.pk]})

        return send

    first, second = race_in_parallel(post(0), post(1))

    assert first is None and second is None
    decision = RecognitionDecision.objects.get()
    detail = reverse("certificates:decision_detail", args=[decision.pk])
    assert [responses[0].status_code, responses[1].status_code] == [302, 302]
    assert responses[0]["Location"] == detail and responses[1]["Location"] == detail
    page = clients[1].get(detail).content.decode()
    assert f"đã được {cast.province_officer} tạo lúc 02/12/2026 10:00" in page


def test_a_double_click_on_correct_makes_one_correction_draft(cast, django_capture_on_commit_callbacks):
    """ "Đính chính" checked for a correction draft in the making without a lock: two clicks (or two officers) at
    once each made one, and the decision had two drafts correcting it."""
    from certificates.services.decisions import decision_correct
    from certificates.tests.factories import issued_decision

    with django_capture_on_commit_callbacks(execute=True):
        decision = issued_decision(
            province=cast.province, by=cast.province_officer, results=[result_for(cast.producer)]
        )
    first, second = race_in_parallel(
        lambda: decision_correct(decision=decision, by=cast.province_officer),
        lambda: decision_correct(decision=decision, by=cast.province_officer),
    )
    assert first is None
    assert second is not None and "đã có một dự thảo đính chính" in " ".join(second.messages)
    assert RecognitionDecision.objects.filter(corrects=decision).count() == 1
