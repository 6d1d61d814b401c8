"""The officer's side of a correction over certificates no longer in force (test_decision_correct_in_force.py holds
the rule): the refusal is said on the decision's page, the draft's page names the products left out and why and
flags a line whose certificate ended since the draft, and an issue refused for it answers beside the issue form with
what to do, never a server error nor the database constraint's English name."""

import datetime
from datetime import timedelta

import pytest
from django.urls import reverse

from certificates.choices import DecisionStatus
from certificates.models import Certificate
from certificates.services.decisions import decision_check, decision_correct
from certificates.tests.factories import checker_for, issued_decision, result_for, revoke_with_four_eyes

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 2)
VN = datetime.timezone(timedelta(hours=7))


@pytest.fixture
def original(cast):
    results = [
        result_for(cast.producer, name="Chè Shan tuyết Mộc Châu"),
        result_for(cast.producer, name="Mắm tôm Hậu Lộc"),
    ]
    return issued_decision(
        province=cast.province, by=cast.province_officer, results=results, number="10/QĐ-UBND", on=TODAY - timedelta(40)
    )


def shrimp(decision) -> Certificate:
    return decision.certificates.get(product__name="Mắm tôm Hậu Lộc")


def detail(decision) -> str:
    return reverse("certificates:decision_detail", args=[decision.pk])


def issue(client, decision, *, on: datetime.date = TODAY):
    return client.post(
        reverse("certificates:decision_issue", args=[decision.pk]),
        {"number": "11/QĐ-UBND", "date": on.strftime("%d/%m/%Y"), "confirmed": "1"},
    )


def test_a_correction_with_nothing_in_force_is_refused_on_the_decisions_page(login, cast, original):
    for certificate in original.certificates.all():
        revoke_with_four_eyes(certificate=certificate, by=cast.province_officer)
    client = login(cast.province_officer)

    response = client.post(reverse("certificates:decision_correct", args=[original.pk]))

    assert response.status_code == 302 and response["Location"] == detail(original)
    page = client.get(detail(original)).content.decode()
    assert "Không đính chính được" in page
    assert "“Mắm tôm Hậu Lộc”" in page and "“Chè Shan tuyết Mộc Châu”" in page and "đã bị thu hồi" in page
    assert not original.corrections.exists()


def test_the_drafts_page_names_the_products_left_out_and_why(login, cast, original):
    revoke_with_four_eyes(certificate=shrimp(original), by=cast.province_officer)
    client = login(cast.province_officer)

    response = client.post(reverse("certificates:decision_correct", args=[original.pk]))

    correction = original.corrections.get()
    assert response["Location"] == detail(correction)
    page = client.get(detail(correction))
    assert page.status_code == 200
    left_out = page.context["correction"].left_out
    assert left_out == [f"“Mắm tôm Hậu Lộc”: giấy chứng nhận số {shrimp(original).number} đã bị thu hồi"]
    html = page.content.decode()
    assert 'data-testid="correction-left-out"' in html and 'data-testid="correction-ended"' not in html
    assert "cần được đánh giá lại" in html
    assert "Sản phẩm không đưa vào (giấy chứng nhận không còn hiệu lực)" in html and "left_out" not in html  # history


def test_the_drafts_page_flags_a_line_whose_certificate_ended_since(login, cast, original):
    correction = decision_correct(decision=original, by=cast.province_officer)
    revoke_with_four_eyes(certificate=shrimp(original), by=cast.province_officer)

    page = login(cast.province_officer).get(detail(correction))

    ended = correction.entries.get(product__name="Mắm tôm Hậu Lộc")
    assert list(page.context["correction"].ended) == [ended.pk]
    html = page.content.decode()
    assert 'data-testid="correction-ended"' in html and "bỏ các dòng này khỏi phụ lục" in html
    remove = reverse("certificates:decision_entry_remove", args=[correction.pk, ended.pk])
    assert remove in html  # the line's own button takes it out


def test_an_ordinary_decisions_page_says_nothing_of_corrections(login, cast, original):
    page = login(cast.province_officer).get(detail(original))
    assert page.context["correction"] is None
    assert 'data-testid="correction-' not in page.content.decode()


def test_an_issue_refused_for_a_revoked_line_says_why_beside_the_form(login, cast, original):
    correction = decision_correct(decision=original, by=cast.province_officer)
    checker = checker_for(cast.province_officer)
    decision_check(decision=correction, by=checker)
    revoke_with_four_eyes(certificate=shrimp(original), by=cast.province_officer)
    client = login(checker)

    response = issue(client, correction)

    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert "“Mắm tôm Hậu Lộc”" in errors and "đã bị thu hồi" in errors and "Trả lại dự thảo" in errors, errors
    html = response.content.decode()
    assert 'value="11/QĐ-UBND"' in html  # what the officer typed stays
    assert "Dự thảo quyết định" in html  # the breadcrumb names the draft, not the number the refusal rolled back
    correction.refresh_from_db()
    assert correction.status == DecisionStatus.CHECKED and not correction.certificates.exists()
    # The draft's page then flags the line, and says to return the draft first.
    page = client.get(detail(correction)).content.decode()
    assert 'data-testid="correction-ended"' in page and "Trả lại dự thảo để bỏ dòng." in page

    client.cookies["django_language"] = "en"
    errors = " ".join(issue(client, correction).context["form"].non_field_errors())
    assert "The correcting decision cannot be issued" in errors and "has been revoked" in errors, errors


def test_an_issue_the_morning_after_the_last_day_answers_with_the_reason(login, cast, time_machine):
    """Drafted and checked on 30/11, the certificate's last day 01/12; issued on 02/12 at 00:10, before the sweep:
    before, the officer read “Constraint “certificate_valid_after_issue” is violated.”"""
    time_machine.move_to(datetime.datetime(2026, 11, 30, 10, tzinfo=VN))
    result = result_for(cast.producer, name="Mắm tôm Hậu Lộc")
    original = issued_decision(
        province=cast.province, by=cast.province_officer, results=[result], on=datetime.date(2023, 12, 1)
    )
    correction = decision_correct(decision=original, by=cast.province_officer)
    checker = checker_for(cast.province_officer)
    decision_check(decision=correction, by=checker)
    time_machine.move_to(datetime.datetime(2026, 12, 2, 0, 10, tzinfo=VN))

    response = issue(login(checker), correction)

    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert "“Mắm tôm Hậu Lộc”" in errors and "đã hết hạn (hiệu lực đến 01/12/2026)" in errors, errors
    assert "Constraint" not in errors
    correction.refresh_from_db()
    assert correction.status == DecisionStatus.CHECKED
