"""Issue 12 item 10: four eyes on a recognition decision. The officer who drafts it can neither check nor
issue it; the drafter and the checker are recorded and printed (on the page, and on the decision PDF as
Vietnamese administrative papers record who drafted them)."""

import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from certificates.choices import DecisionStatus, IssuerLevel
from certificates.services.decisions import decision_check, decision_create, decision_entry_remove, decision_issue
from certificates.tests.factories import checker_for, result_for
from ocop.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(cast):
    return decision_create(
        by=cast.province_officer,
        issuer_level=IssuerLevel.PROVINCE,
        issuer_unit=cast.province,
        results=[result_for(cast.producer, name="Gạo ST25 Sóc Trăng")],
    )


def test_the_drafter_cannot_check_it(cast, draft):
    with pytest.raises(ValidationError, match="Người soạn thảo"):
        decision_check(decision=draft, by=cast.province_officer)
    draft.refresh_from_db()
    assert draft.status == DecisionStatus.DRAFT and draft.checked_by is None


def test_the_drafter_cannot_issue_it_after_another_checked_it(cast, draft):
    checker = checker_for(cast.province_officer)
    decision_check(decision=draft, by=checker)
    with pytest.raises(ValidationError, match="Người soạn thảo"):
        decision_issue(decision=draft, number="5/QĐ-UBND", date=timezone.localdate(), by=cast.province_officer)
    draft.refresh_from_db()
    assert draft.status == DecisionStatus.CHECKED and not draft.certificates.exists()


def test_another_officer_checks_and_issues_and_the_roles_are_recorded(cast, draft, django_capture_on_commit_callbacks):
    checker = checker_for(cast.province_officer)
    decision_check(decision=draft, by=checker)
    with django_capture_on_commit_callbacks(execute=True):
        decision_issue(decision=draft, number="5/QĐ-UBND", date=timezone.localdate(), by=checker)
    draft.refresh_from_db()
    assert draft.status == DecisionStatus.ISSUED
    assert (draft.created_by, draft.checked_by, draft.issued_by) == (cast.province_officer, checker, checker)


def test_the_drafter_sees_no_check_button_and_is_told_why(login, cast, draft):
    page = login(cast.province_officer).get(reverse("certificates:decision_detail", args=[draft.pk]))
    html = page.content.decode()
    assert 'data-testid="four-eyes-note"' in html
    assert reverse("certificates:decision_check", args=[draft.pk]) not in html
    other = login(checker_for(cast.province_officer)).get(reverse("certificates:decision_detail", args=[draft.pk]))
    assert reverse("certificates:decision_check", args=[draft.pk]) in other.content.decode()


def test_the_drafter_posting_check_gets_the_message_and_nothing_changes(login, cast, draft):
    response = login(cast.province_officer).post(reverse("certificates:decision_check", args=[draft.pk]), follow=True)
    assert "Người soạn thảo quyết định không được tự kiểm tra" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == DecisionStatus.DRAFT


def test_the_page_and_the_pdf_name_the_drafter_and_the_checker(login, cast, draft, tmp_path):
    checker = checker_for(cast.province_officer)
    decision_check(decision=draft, by=checker)
    client = login(checker)
    html = client.get(reverse("certificates:decision_detail", args=[draft.pk])).content.decode()
    assert cast.province_officer.get_full_name() in html and checker.get_full_name() in html
    response = client.get(reverse("certificates:decision_pdf", args=[draft.pk]))
    path = tmp_path / "d.pdf"
    path.write_bytes(b"".join(response.streaming_content) if response.streaming else response.content)
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split())
    assert f"Người soạn thảo: {cast.province_officer.get_full_name()}" in text
    assert f"người kiểm tra: {checker.get_full_name()}" in text


def test_the_checker_opens_each_line_s_dossier_from_the_annex(login, cast, draft):
    """kiemtra.thainguyen, checking the demo's draft for Miến dong Tân An, found its annex line (name, producer,
    score, star) as plain text: checking it against the council's result meant searching for the dossier. Each line
    links its dossier, for whoever may read it (a viewer of the province does; the page is theirs too)."""
    entry = draft.entries.get()
    dossier = reverse("evaluation:registration_detail", args=[entry.registration_id])
    for user in (checker_for(cast.province_officer), cast.viewer):
        client = login(user)
        html = client.get(reverse("certificates:decision_detail", args=[draft.pk])).content.decode()
        assert f'href="{dossier}" data-testid="annex-dossier"' in html, user
        assert client.get(dossier).status_code == 200, user


@pytest.fixture
def two_lines(cast):
    keep, drop = result_for(cast.producer, name="Gạo ST25 Sóc Trăng"), result_for(cast.producer, name="Miến dong")
    draft = decision_create(
        by=cast.province_officer, issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province, results=[keep, drop]
    )
    return draft, draft.entries.get(result=drop)


def test_the_officer_who_took_a_line_out_can_neither_check_nor_issue_it(cast, two_lines):
    """The second officer took a product out of the drafter's annex, then checked and issued the decision alone: that
    product's refusal was one officer's. Whoever edits the annex is one of its authors, like the drafter."""
    draft, line = two_lines
    checker = checker_for(cast.province_officer)
    decision_entry_remove(entry=line, by=checker)
    with pytest.raises(ValidationError, match="Bạn đã bỏ sản phẩm khỏi phụ lục"):
        decision_check(decision=draft, by=checker)
    draft.refresh_from_db()
    assert draft.status == DecisionStatus.DRAFT and draft.checked_by is None
    third = make_user("third_officer", cast.province_officer.role, cast.province_officer.unit)
    decision_check(decision=draft, by=third)
    with pytest.raises(ValidationError, match="Bạn đã bỏ sản phẩm khỏi phụ lục"):
        decision_issue(decision=draft, number="5/QĐ-UBND", date=timezone.localdate(), by=checker)
    draft.refresh_from_db()
    assert draft.status == DecisionStatus.CHECKED and not draft.certificates.exists()


def test_the_drafter_may_take_a_line_out_and_another_officer_checks_it(cast, two_lines):
    draft, line = two_lines
    decision_entry_remove(entry=line, by=cast.province_officer)
    decision_check(decision=draft, by=checker_for(cast.province_officer))
    draft.refresh_from_db()
    assert draft.status == DecisionStatus.CHECKED


def test_the_officer_who_took_a_line_out_sees_no_check_button_and_posting_it_changes_nothing(login, cast, two_lines):
    draft, line = two_lines
    checker = checker_for(cast.province_officer)
    client = login(checker)
    client.post(reverse("certificates:decision_entry_remove", args=[draft.pk, line.pk]))
    html = client.get(reverse("certificates:decision_detail", args=[draft.pk])).content.decode()
    assert 'data-testid="four-eyes-note">Bạn đã bỏ sản phẩm khỏi phụ lục' in html
    assert reverse("certificates:decision_check", args=[draft.pk]) not in html
    response = client.post(reverse("certificates:decision_check", args=[draft.pk]), follow=True)
    assert "Bạn đã bỏ sản phẩm khỏi phụ lục của dự thảo này" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == DecisionStatus.DRAFT and draft.entries.count() == 1
