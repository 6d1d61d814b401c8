"""A recognition decision checked or issued twice (a double click, two tabs, a browser retrying the POST): the
first copy does it, the second writes nothing (no second audit row, certificate or notice) and lands on the
decision page saying who issued (or checked) it and when, never a refusal as if it could not be done. The same
with two parallel connections on PostgreSQL: test_double_submission_postgres.py."""

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.choices import DecisionStatus, IssuerLevel
from certificates.models import Certificate
from certificates.services import decisions as decision_services
from certificates.services.decisions import DecisionAlreadyDone, decision_check, decision_create, decision_issue
from certificates.tests.factories import checker_for, result_for
from ocop.models import AuditEvent, Notification, OutboxMessage

pytestmark = pytest.mark.django_db

ISSUED = "Quyết định số 1427/QĐ-UBND ngày 02/12/2026 đã được {who} ban hành lúc 02/12/2026 10:00."


@pytest.fixture
def draft(cast):
    return decision_create(
        by=cast.province_officer,
        issuer_level=IssuerLevel.PROVINCE,
        issuer_unit=cast.province,
        results=[result_for(cast.producer, name="Gạo ST25 Sóc Trăng")],
    )


@pytest.fixture
def checker(cast):
    return checker_for(cast.province_officer)


def written():
    """What an issuance writes, counted: a second copy must leave every number as the first left it."""
    return {
        "issue audit": AuditEvent.objects.filter(action="decision.issue").count(),
        "check audit": AuditEvent.objects.filter(action="decision.check").count(),
        "certificates": Certificate.objects.count(),
        "certificate audit": AuditEvent.objects.filter(action="certificate.issue").count(),
        "notices": Notification.objects.count(),
        "outbox": OutboxMessage.objects.count(),
    }


def issue_post(client, decision):
    today = timezone.localdate().strftime("%d/%m/%Y")
    return client.post(
        reverse("certificates:decision_issue", args=[decision.pk]),
        {"number": "1427/QĐ-UBND", "date": today, "confirmed": "1"},
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_it_tells_the_second_issue_who_issued_it_and_writes_nothing(cast, draft, checker):
    decision_check(decision=draft, by=checker)
    decision_issue(decision=draft, number="1427/QĐ-UBND", date=timezone.localdate(), by=checker)
    before = written()
    with pytest.raises(DecisionAlreadyDone) as exc:
        decision_issue(decision=draft, number="1427/QĐ-UBND", date=timezone.localdate(), by=checker)
    assert exc.value.messages == [ISSUED.format(who=checker)]
    assert written() == before


def test_a_second_issue_with_another_number_still_says_it_is_issued(cast, draft, checker):
    decision_check(decision=draft, by=checker)
    decision_issue(decision=draft, number="1427/QĐ-UBND", date=timezone.localdate(), by=checker)
    with pytest.raises(DecisionAlreadyDone) as exc:
        decision_issue(decision=draft, number="1428/QĐ-UBND", date=timezone.localdate(), by=checker)
    assert "1427/QĐ-UBND" in exc.value.messages[0]
    draft.refresh_from_db()
    assert draft.number == "1427/QĐ-UBND" and draft.certificates.count() == 1


def test_the_issue_post_replayed_lands_on_the_decision_page_saying_who_issued_it(
    login, cast, draft, checker, django_capture_on_commit_callbacks
):
    decision_check(decision=draft, by=checker)
    client = login(checker)
    with django_capture_on_commit_callbacks(execute=True):
        first = issue_post(client, draft)
    assert first.status_code == 302
    assert messages_of(client.get(first["Location"]))[0].startswith("Đã ban hành quyết định.")
    before = written()
    assert before["notices"] and before["certificates"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = issue_post(client, draft)
    assert response.status_code == 302
    assert response["Location"] == reverse("certificates:decision_detail", args=[draft.pk])
    page = client.get(response["Location"])
    assert messages_of(page) == [ISSUED.format(who=checker)]
    assert "đã kiểm tra và chưa ban hành" not in page.content.decode()
    assert written() == before


def test_the_issue_that_lost_the_race_after_its_page_was_read_lands_on_the_decision_page(
    login, cast, draft, checker, monkeypatch
):
    """The view read the decision CHECKED; the other tab's copy commits before this one's service call."""
    decision_check(decision=draft, by=checker)
    real = decision_services.decision_issue

    def other_tab_first(**kwargs):
        real(**kwargs)  # the other tab's copy
        return real(**kwargs)

    monkeypatch.setattr(decision_services, "decision_issue", other_tab_first)
    client = login(checker)
    response = issue_post(client, draft)
    assert response.status_code == 302
    assert response["Location"] == reverse("certificates:decision_detail", args=[draft.pk])
    assert messages_of(client.get(response["Location"])) == [ISSUED.format(who=checker)]
    assert AuditEvent.objects.filter(action="decision.issue").count() == 1
    assert Certificate.objects.count() == 1


def test_the_issue_page_of_an_issued_decision_sends_to_the_decision(login, cast, draft, checker):
    decision_check(decision=draft, by=checker)
    decision_issue(decision=draft, number="1427/QĐ-UBND", date=timezone.localdate(), by=checker)
    client = login(checker)
    response = client.get(reverse("certificates:decision_issue", args=[draft.pk]))
    assert response.status_code == 302
    assert messages_of(client.get(response["Location"])) == [ISSUED.format(who=checker)]


def test_the_check_post_replayed_says_who_checked_it(login, cast, draft, checker):
    client = login(checker)
    url = reverse("certificates:decision_check", args=[draft.pk])
    client.post(url, follow=True)  # the first copy, its message read
    response = client.post(url, follow=True)
    assert response.redirect_chain == [(reverse("certificates:decision_detail", args=[draft.pk]), 302)]
    assert messages_of(response) == [f"Dự thảo đã được {checker} kiểm tra lúc 02/12/2026 10:00; có thể ban hành."]
    assert AuditEvent.objects.filter(action="decision.check").count() == 1
    draft.refresh_from_db()
    assert draft.status == DecisionStatus.CHECKED and draft.checked_by == checker


def test_a_check_sent_after_the_issue_says_it_is_issued(login, cast, draft, checker):
    decision_check(decision=draft, by=checker)
    decision_issue(decision=draft, number="1427/QĐ-UBND", date=timezone.localdate(), by=checker)
    before = written()
    response = login(checker).post(reverse("certificates:decision_check", args=[draft.pk]), follow=True)
    assert messages_of(response) == [ISSUED.format(who=checker)]
    assert written() == before


def test_the_return_to_draft_replayed_says_it_is_back_in_draft(login, cast, draft, checker):
    """Its second copy was told "Chỉ trả lại được quyết định đã kiểm tra, chưa ban hành", an error, as if the
    return had failed."""
    decision_check(decision=draft, by=checker)
    client = login(checker)
    url = reverse("certificates:decision_return", args=[draft.pk])
    client.post(url, follow=True)  # the first copy, its message read
    before = AuditEvent.objects.count()
    response = client.post(url, follow=True)
    assert response.redirect_chain == [(reverse("certificates:decision_detail", args=[draft.pk]), 302)]
    assert [(m.level_tag, str(m)) for m in response.context["messages"]] == [
        ("info", "Quyết định đã được trả lại thành dự thảo để sửa.")
    ]
    assert AuditEvent.objects.count() == before
    draft.refresh_from_db()
    assert draft.status == DecisionStatus.DRAFT


def test_the_english_page_says_it_in_english(login, cast, draft, checker):
    decision_check(decision=draft, by=checker)
    decision_issue(decision=draft, number="1427/QĐ-UBND", date=timezone.localdate(), by=checker)
    client = login(checker)
    client.cookies["django_language"] = "en"
    response = issue_post(client, draft)
    message = messages_of(client.get(response["Location"]))[0]
    assert message.startswith("Decision No. 1427/QĐ-UBND of 02/12/2026 was already issued by")
