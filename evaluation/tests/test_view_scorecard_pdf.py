"""evaluation:scorecard_pdf — the official sheet as a PDF (WeasyPrint, local fonts only)."""

import shutil
import subprocess

import pytest
from django.urls import reverse

from evaluation.exports import scorecard_pdf_html
from evaluation.selectors.criteria import scorecard_with_tree
from evaluation.tests.factories import small_scorecard
from ocop.pdf import font_urls


def url(card):
    return reverse("evaluation:scorecard_pdf", args=[card.pk])


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "sheet.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout


@pytest.mark.parametrize("role", ["producer_owner", "council_member", "outsider"])
def test_it_renders_a_pdf_for_every_signed_in_role(cast, login, role, tmp_path):
    card = small_scorecard()
    response = login(getattr(cast, role)).get(url(card))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = pdf_text(response.content, tmp_path)
        assert "Bộ thử nghiệm" in text
        assert "Ý kiến của người đánh giá" in text
        assert "TỔNG CỘNG" in text


def test_it_sends_anonymous_visitors_to_the_login_page(client, db):
    card = small_scorecard()
    assert client.get(url(card)).status_code == 302


def test_it_refuses_post(cast, login):
    card = small_scorecard()
    assert login(cast.viewer).post(url(card)).status_code == 405


def test_it_answers_404_for_a_missing_scorecard(cast, login):
    assert login(cast.viewer).get(reverse("evaluation:scorecard_pdf", args=[987654])).status_code == 404


def test_it_loads_fonts_from_files_only(db):
    card = scorecard_with_tree(pk=small_scorecard().pk)
    html = scorecard_pdf_html(card)
    assert "http://" not in html and "https://" not in html
    assert all(u.startswith("file://") for u in font_urls().values())
    assert '"DejaVu Sans"' in html


@pytest.mark.slow(8)
@pytest.mark.django_db
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) not installed")
@pytest.mark.parametrize("number", [1, 11, 26])
def test_it_never_leaves_a_heading_alone_at_the_foot_of_a_page(number, tmp_path):
    """A criterion title (or a part, group, case or explanation line) is printed on the page of its options."""
    import re

    from evaluation.exports import render_scorecard_pdf
    from evaluation.models import Scorecard
    from evaluation.tests.factories import load_real_criteria

    card = scorecard_with_tree(pk=Scorecard.objects.get(version=load_real_criteria(), number=number).pk)
    pages = pdf_text(render_scorecard_pdf(card), tmp_path).split("\f")
    assert len(pages) > 3
    heading = re.compile(r"^(Phần [ABC]\b|PHẦN|\d+(\.\d+)*\.\s|[ab]\. Trường hợp|Yêu cầu|Lựa chọn một)")
    for page in pages[:-1]:
        body = [ln.strip() for ln in page.split("\n") if ln.strip() and not ln.strip().startswith("26/2026 ·")]
        assert not heading.match(body[-1]), (number, body[-3:])


def test_a_scorecard_is_rendered_once_and_served_again_while_its_content_is_the_same(cast, login, monkeypatch):
    # A blank scorecard is reference data: rendering it took 0.5–0.8 s at each download (a council printing its
    # sets, producers self-assessing). What is served comes from the rendered bytes of the same HTML.
    from ocop import pdf

    renders = []
    real = pdf.render_html
    monkeypatch.setattr(pdf, "render_html", lambda html, **kw: renders.append(html) or real(html, **kw))
    card = small_scorecard()
    client = login(cast.producer_owner)
    first, second = client.get(url(card)), client.get(url(card))
    assert first.content == second.content and first.content.startswith(b"%PDF") and len(renders) == 1
    card.title = "Bộ thử nghiệm đã sửa"
    card.save(update_fields=["title"])
    assert client.get(url(card)).content != first.content and len(renders) == 2  # a changed card is rendered again
