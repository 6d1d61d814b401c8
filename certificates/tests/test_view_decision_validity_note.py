"""What the officer is told of the certificates a decision issues. The issue page and the issue's confirmation step said
of every decision that each product gets a certificate valid 36 months; a correcting decision's certificates keep the
last day of the certificates they correct (certificate_create), so the officer who issued a correction read the
opposite of what happened.

Now one service, decision_validity_note, says it for both kinds (36 months from the decision's date, or the corrected
certificate's last day kept), and the issue page, its confirmation step and the decision's page show it; a correction
not yet issued shows each line's kept last day (CorrectionReview.kept_until) on its page and its issue page, and an
issued decision lists each certificate with its last day.

The suite's pinned day is 02/12/2026, 10:00 (+07)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from certificates.choices import IssuerLevel
from certificates.models import Certificate
from certificates.services.decisions import decision_check, decision_correct, decision_create, decision_issue
from certificates.tests.factories import checker_for, issued_decision, result_for, revoke_with_four_eyes

pytestmark = pytest.mark.django_db

SIGNED = datetime.date(2026, 10, 23)
ORDINARY = (
    "Mỗi sản phẩm được cấp một giấy chứng nhận có hiệu lực 36 tháng kể từ ngày quyết định, đăng trên trang xác minh "
    "công khai."
)
KEPT = (
    "Mỗi sản phẩm được cấp một giấy chứng nhận thay cho giấy chứng nhận được đính chính, giữ nguyên ngày hết hiệu lực "
    "của giấy chứng nhận đó (không tính lại 36 tháng), đăng trên trang xác minh công khai."
)
FRESH = "có hiệu lực 36 tháng"  # what a correction's pages must not promise


@pytest.fixture
def original(cast):
    """Decision 10/QĐ-UBND of 23/10/2026 over two products; the tea's certificate was recorded with an earlier last
    day (15/03/2028), so each line's kept day is its own."""
    results = [
        result_for(cast.producer, name="Chè Shan tuyết Mộc Châu"),
        result_for(cast.producer, name="Mắm tôm Hậu Lộc"),
    ]
    decision = issued_decision(
        province=cast.province, by=cast.province_officer, results=results, number="10/QĐ-UBND", on=SIGNED
    )
    Certificate.objects.filter(decision=decision, product__name="Chè Shan tuyết Mộc Châu").update(
        valid_until=datetime.date(2028, 3, 15)
    )
    return decision


@pytest.fixture
def correction(cast, original):
    correction = decision_correct(decision=original, by=cast.province_officer)
    decision_check(decision=correction, by=checker_for(cast.province_officer))
    return correction


@pytest.fixture
def ordinary(cast):
    decision = decision_create(
        by=cast.province_officer,
        issuer_level=IssuerLevel.PROVINCE,
        issuer_unit=cast.province,
        results=[result_for(cast.producer, name="Gạo ST25 Sóc Trăng")],
    )
    decision_check(decision=decision, by=checker_for(cast.province_officer))
    return decision


def issue_url(decision) -> str:
    return reverse("certificates:decision_issue", args=[decision.pk])


def detail_url(decision) -> str:
    return reverse("certificates:decision_detail", args=[decision.pk])


def kept_lines(html: str) -> list[str]:
    """The kept last days a page lists, as "product: dd/mm/yyyy" (the rows marked data-testid="kept-until")."""
    import re

    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in re.findall(r'data-testid="kept-until"[^>]*>(.*?)</(?:li|td)>', html, re.S)
    ]


# --- the rule, in one place -------------------------------------------------------------------------------------------


def test_the_note_says_36_months_for_a_decision_and_the_kept_last_day_for_a_correction(cast, ordinary, correction):
    from certificates.services.decisions import decision_validity_note

    assert decision_validity_note(decision=ordinary) == ORDINARY
    assert decision_validity_note(decision=correction) == KEPT
    with translation.override("en"):
        assert decision_validity_note(decision=correction) == (
            "Each product receives a certificate replacing the corrected one and keeping its last day of validity "
            "(not a new 36 months), published on the public verification page."
        )


def test_the_review_of_a_correction_gives_each_lines_kept_last_day(cast, original, correction):
    from certificates.services.corrections import correction_review

    revoke_with_four_eyes(
        certificate=original.certificates.get(product__name="Mắm tôm Hậu Lộc"), by=cast.province_officer
    )
    review = correction_review(decision=correction)

    tea, shrimp = (correction.entries.get(product__name=n) for n in ("Chè Shan tuyết Mộc Châu", "Mắm tôm Hậu Lộc"))
    assert review.kept_until == {tea.pk: datetime.date(2028, 3, 15)}  # the revoked line keeps nothing
    assert list(review.ended) == [shrimp.pk]


# --- the issue page and its confirmation step -------------------------------------------------------------------------


def test_a_corrections_issue_page_says_the_validity_is_kept_and_gives_each_lines_last_day(login, cast, correction):
    page = login(checker_for(cast.province_officer)).get(issue_url(correction))

    assert page.status_code == 200
    html = page.content.decode()
    assert KEPT in html and FRESH not in html
    assert kept_lines(html) == ["Chè Shan tuyết Mộc Châu: 15/03/2028", "Mắm tôm Hậu Lộc: 23/10/2029"]


def test_a_corrections_confirmation_step_says_the_validity_is_kept(login, cast, correction):
    response = login(checker_for(cast.province_officer)).post(
        issue_url(correction), {"number": "11/QĐ-UBND", "date": "02/12/2026"}
    )

    assert response.status_code == 200 and 'data-testid="confirm-step"' in response.content.decode()
    consequences = response.context["consequences"]
    assert KEPT in consequences and not [line for line in consequences if FRESH in line], consequences
    assert consequences[0] == (
        "Quyết định số 11/QĐ-UBND ngày 02/12/2026 đính chính giấy chứng nhận của 2 sản phẩm và không sửa được nữa."
    )
    correction.refresh_from_db()
    assert not correction.certificates.exists()  # only asked


def test_an_ordinary_decisions_issue_page_and_confirmation_say_36_months(login, cast, ordinary):
    client = login(checker_for(cast.province_officer))

    html = client.get(issue_url(ordinary)).content.decode()
    assert ORDINARY in html and kept_lines(html) == []
    response = client.post(issue_url(ordinary), {"number": "11/QĐ-UBND", "date": "02/12/2026"})
    assert ORDINARY in response.context["consequences"]


def test_the_english_pages_say_it_in_english(login, cast, correction):
    client = login(checker_for(cast.province_officer))
    client.cookies["django_language"] = "en"

    html = client.get(issue_url(correction)).content.decode()
    assert "keeping its last day of validity" in html and "valid for 36 months" not in html
    assert kept_lines(html) == ["Chè Shan tuyết Mộc Châu: 15/03/2028", "Mắm tôm Hậu Lộc: 23/10/2029"]
    consequences = client.post(issue_url(correction), {"number": "11/QĐ-UBND", "date": "02/12/2026"}).context[
        "consequences"
    ]
    assert any("keeping its last day of validity" in line for line in consequences), consequences


# --- the decision's page ----------------------------------------------------------------------------------------------


def test_a_corrections_page_gives_each_annex_lines_kept_last_day(login, cast, correction):
    html = login(cast.province_officer).get(detail_url(correction)).content.decode()

    assert KEPT in html and FRESH not in html
    assert kept_lines(html) == ["15/03/2028", "23/10/2029"]  # the annex's column, line by line


def test_an_ordinary_drafts_page_says_36_months_and_has_no_kept_column(login, cast, ordinary):
    html = login(cast.province_officer).get(detail_url(ordinary)).content.decode()
    assert ORDINARY in html and kept_lines(html) == []


def test_an_issued_correction_lists_each_certificate_with_the_last_day_it_kept(login, cast, correction):
    decision_issue(decision=correction, number="11/QĐ-UBND", date=SIGNED, by=checker_for(cast.province_officer))

    html = login(cast.province_officer).get(detail_url(correction)).content.decode()

    certificates = correction.certificates.order_by("number")
    assert [c.valid_until for c in certificates] == [datetime.date(2028, 3, 15), datetime.date(2029, 10, 23)]
    for c in certificates:
        assert f"{c.number}</a> — {c.product_name} — hiệu lực đến {c.valid_until:%d/%m/%Y}" in html
    assert KEPT not in html and ORDINARY not in html  # issued: what was issued is listed, not what will be


def pdf_text(client, decision, tmp_path) -> str:
    import subprocess

    response = client.get(reverse("certificates:decision_pdf", args=[decision.pk]))
    assert response.status_code == 200
    path = tmp_path / f"decision-{decision.pk}.pdf"
    path.write_bytes(b"".join(response.streaming_content) if response.streaming else response.content)
    return " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split())


def test_a_corrections_pdf_is_worded_as_a_correction_and_gives_each_lines_last_day(login, cast, correction, tmp_path):
    """The decision's PDF said of a correction "Giấy chứng nhận có hiệu lực 36 tháng kể từ ngày ký" and named nothing it
    corrected: the signed document contradicted what the correction issues."""
    client = login(cast.province_officer)

    for text in (pdf_text(client, correction, tmp_path), None):
        if text is None:  # and once issued, from the certificates it issued
            decision_issue(decision=correction, number="11/QĐ-UBND", date=SIGNED, by=checker_for(cast.province_officer))
            text = pdf_text(client, correction, tmp_path)
        assert "36 tháng" not in text
        assert "Về việc đính chính Quyết định số 10/QĐ-UBND ngày 23/10/2026" in text
        assert "Điều 1. Đính chính Quyết định số 10/QĐ-UBND ngày 23/10/2026" in text
        assert "giữ nguyên thời hạn hiệu lực" in text
        assert "Hiệu lực đến" in text and "15/03/2028" in text and "23/10/2029" in text


def test_an_ordinary_decisions_pdf_keeps_its_36_months(login, cast, ordinary, tmp_path):
    text = pdf_text(login(cast.province_officer), ordinary, tmp_path)

    assert "Giấy chứng nhận có hiệu lực 36 tháng kể từ ngày ký." in text
    assert "đính chính" not in text.lower() and "Hiệu lực đến" not in text


def test_a_corrections_pages_pass_the_html_checker(login, cast, original, correction):
    """The draft's page with its kept-day column (a line ended since among them), its issue page with the list, and
    the issue refused for its date."""
    from tests.markup.checker import assert_valid

    client = login(checker_for(cast.province_officer))
    revoke_with_four_eyes(
        certificate=original.certificates.get(product__name="Mắm tôm Hậu Lộc"), by=cast.province_officer
    )
    pages = {"detail": client.get(detail_url(correction)).content.decode()}
    pages["issue"] = client.get(issue_url(correction)).content.decode()
    assert 'data-testid="kept-ended"' in pages["issue"] and "—</td>" in pages["detail"]
    refused = client.post(issue_url(correction), {"number": "11/QĐ-UBND", "date": "22/10/2026", "confirmed": "1"})
    pages["refused"] = refused.content.decode()
    assert refused.context["form"].errors["date"]
    assert_valid(pages)
