"""Hủy dự thảo: a recognition or correction decision not yet issued can be discarded by an officer who may write it,
after a confirmation step; its results and products are released for another decision; an issued decision never is.
Before, a correction draft whose product's certificate was revoked could be neither issued nor emptied, and stayed
pending on the province's home for good."""

import datetime
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from certificates.choices import DecisionStatus, IssuerLevel
from certificates.models import DecisionEntry, RecognitionDecision
from certificates.selectors.decisions import decisions_pending_count
from certificates.services.decisions import decision_check, decision_correct, decision_create, decision_issue
from certificates.services.drafts import DraftAlreadyDiscarded, decision_discard
from certificates.services.eligibility import eligible_results
from certificates.tests.factories import checker_for, issued_decision, result_for, revoke_with_four_eyes
from ocop.models import AuditEvent

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 2)


@pytest.fixture
def result(cast):
    return result_for(cast.producer, name="Gạo ST25 Sóc Trăng")


@pytest.fixture
def draft(cast, result):
    return decision_create(
        by=cast.province_officer, issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province, results=[result]
    )


@pytest.fixture
def stuck_correction(cast):
    """A correction drafted, then the certificate of its only line revoked: it can be neither issued nor emptied."""
    original = issued_decision(
        province=cast.province,
        by=cast.province_officer,
        results=[result_for(cast.producer, name="Mắm tôm Hậu Lộc")],
        number="10/QĐ-UBND",
        on=TODAY - timedelta(40),
    )
    correction = decision_correct(decision=original, by=cast.province_officer)
    revoke_with_four_eyes(certificate=original.certificates.get(), by=cast.province_officer)
    return correction


def discard_url(decision) -> str:
    return reverse("certificates:decision_discard", args=[decision.pk])


# --- the service ---------------------------------------------------------------------------------------------------


def test_a_discarded_draft_releases_its_results_for_another_decision(cast, result, draft):
    assert result not in eligible_results(issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province)

    decision_discard(decision=draft, by=cast.province_officer)

    assert not RecognitionDecision.objects.filter(pk=draft.pk).exists()
    assert not DecisionEntry.objects.filter(decision_id=draft.pk).exists()
    assert result in eligible_results(issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province)
    again = decision_create(
        by=cast.province_officer, issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province, results=[result]
    )
    assert again.entries.get().result == result
    event = AuditEvent.objects.get(action="decision.discard")
    assert event.target_id == str(draft.pk) and event.actor == cast.province_officer
    assert event.changes["products"] == ["Gạo ST25 Sóc Trăng"] and event.changes["results"] == [result.pk]


def test_a_stuck_correction_draft_is_discarded_and_leaves_nothing_pending(cast, stuck_correction):
    assert decisions_pending_count(user=cast.province_officer) == 1
    checker = checker_for(cast.province_officer)
    decision_check(decision=stuck_correction, by=checker)
    with pytest.raises(ValidationError, match="Trả lại dự thảo"):
        decision_issue(decision=stuck_correction, number="11/QĐ-UBND", date=TODAY, by=checker)

    decision_discard(decision=stuck_correction, by=checker)  # the second officer may too: same right as editing it

    assert decisions_pending_count(user=cast.province_officer) == 0
    assert not RecognitionDecision.objects.filter(pk=stuck_correction.pk).exists()
    assert AuditEvent.objects.get(action="decision.discard").changes["corrects"] == "10/QĐ-UBND"


def test_an_issued_decision_is_never_discarded(cast):
    decision = issued_decision(province=cast.province, by=cast.province_officer, results=[result_for(cast.producer)])
    with pytest.raises(ValidationError, match="đã được ban hành nên không thể hủy"):
        decision_discard(decision=decision, by=cast.province_officer)
    assert RecognitionDecision.objects.get(pk=decision.pk).status == DecisionStatus.ISSUED
    assert not AuditEvent.objects.filter(action="decision.discard").exists()


def test_a_draft_issued_since_it_was_read_is_not_discarded(cast, draft):
    """Compare-and-swap: the page read a draft; another officer checked and issued it meanwhile."""
    stale = RecognitionDecision.objects.get(pk=draft.pk)
    checker = checker_for(cast.province_officer)
    decision_check(decision=draft, by=checker)
    decision_issue(decision=draft, number="12/QĐ-UBND", date=TODAY, by=checker)
    with pytest.raises(ValidationError, match="12/QĐ-UBND đã được ban hành"):
        decision_discard(decision=stale, by=cast.province_officer)
    assert RecognitionDecision.objects.get(pk=draft.pk).certificates.count() == 1


def test_a_second_discard_is_told_who_discarded_it(cast, draft):
    checker = checker_for(cast.province_officer)
    decision_discard(decision=draft, by=checker)
    with pytest.raises(DraftAlreadyDiscarded) as refused:
        decision_discard(decision=draft, by=cast.province_officer)
    assert refused.value.messages == [f"Dự thảo quyết định đã được {checker} hủy lúc 02/12/2026 10:00."]
    assert AuditEvent.objects.filter(action="decision.discard").count() == 1


@pytest.mark.parametrize("who", ["outsider", "viewer", "central_officer", "commune_officer"])
def test_who_may_not_write_the_decision_may_not_discard_it(cast, draft, who):
    with pytest.raises(PermissionDenied):
        decision_discard(decision=draft, by=getattr(cast, who))
    assert RecognitionDecision.objects.filter(pk=draft.pk).exists()


# --- the page ------------------------------------------------------------------------------------------------------


def test_the_button_is_shown_to_who_may_discard_a_decision_not_yet_issued(login, cast, draft):
    detail = reverse("certificates:decision_detail", args=[draft.pk])
    assert 'data-testid="decision-discard"' in login(cast.province_officer).get(detail).content.decode()
    assert 'data-testid="decision-discard"' in login(checker_for(cast.province_officer)).get(detail).content.decode()
    assert 'data-testid="decision-discard"' not in login(cast.viewer).get(detail).content.decode()


def test_an_issued_decision_has_no_discard_button_and_its_post_is_refused(login, cast):
    decision = issued_decision(province=cast.province, by=cast.province_officer, results=[result_for(cast.producer)])
    client = login(cast.province_officer)
    assert (
        'data-testid="decision-discard"'
        not in client.get(reverse("certificates:decision_detail", args=[decision.pk])).content.decode()
    )
    response = client.post(discard_url(decision), {"confirmed": "1"}, follow=True)
    assert "Chỉ hủy được dự thảo chưa ban hành" in response.content.decode()
    assert RecognitionDecision.objects.filter(pk=decision.pk).exists()


def test_the_officer_confirms_before_the_draft_is_discarded(login, cast, stuck_correction):
    client = login(cast.province_officer)
    assert client.get(discard_url(stuck_correction)).status_code == 405

    asked = client.post(discard_url(stuck_correction))
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Xác nhận hủy dự thảo" in page and "Mắm tôm Hậu Lộc" in page
    assert RecognitionDecision.objects.filter(pk=stuck_correction.pk).exists()

    done = client.post(discard_url(stuck_correction), {"confirmed": "1"})
    assert done.status_code == 302 and done["Location"] == reverse("certificates:decision_list")
    assert not RecognitionDecision.objects.filter(pk=stuck_correction.pk).exists()
    home = client.get(reverse("certificates:decision_list"), follow=True).content.decode()
    assert "Đã hủy dự thảo quyết định" in home


def test_a_second_confirmed_click_is_told_the_draft_is_gone_not_a_404(login, cast, draft):
    checker = checker_for(cast.province_officer)
    login(checker).post(discard_url(draft), {"confirmed": "1"})
    client = login(cast.province_officer)
    response = client.post(discard_url(draft), {"confirmed": "1"}, follow=True)
    assert response.status_code == 200
    assert f"Dự thảo quyết định đã được {checker} hủy lúc 02/12/2026 10:00." in response.content.decode()
    # Whoever could not see the draft still gets a 404 (nothing said about another province's decisions).
    assert login(cast.outsider).post(discard_url(draft), {"confirmed": "1"}).status_code == 404


@pytest.mark.parametrize(("who", "status"), [("viewer", 403), ("outsider", 404), ("producer_owner", 404)])
def test_roles_that_may_not_discard_are_refused(login, cast, draft, who, status):
    response = login(getattr(cast, who)).post(discard_url(draft), {"confirmed": "1"})
    assert response.status_code == status
    assert RecognitionDecision.objects.filter(pk=draft.pk).exists()
