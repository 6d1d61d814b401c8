"""A province's result of 90 or more is "tiềm năng 5 sao" (D26 Điều 7.3e): the province recognises 3★ and 4★ only,
the Minister 5★ (Điều 4.1). The demo's dossier sent to the ministry showed a large "★★★★★ 5 sao" next to the
potential badge; every place the provincial result is shown says the potential with its score, never 5 stars."""

import re
import subprocess

import pytest
from django.core import mail
from django.urls import reverse

from evaluation.services.notices import registration_notify_result
from evaluation.tests.factories import notice_paper

from .factories import forwarded_to_central, potential_five

pytestmark = pytest.mark.django_db

STARS = 'class="stars'  # ocop_ui's {% stars %}: the drawn stars


def _block(page: str, testid: str) -> str:
    """The element marked `testid`, up to the end of its paragraph or link."""
    return re.split(r"</p>|</a>", page.split(f'data-testid="{testid}"', 1)[1], maxsplit=1)[0]


def test_the_dossier_page_shows_the_potential_and_its_score_not_five_stars(cast, login):
    s = forwarded_to_central(cast)
    page = login(cast.province_officer).get(reverse("evaluation:registration_detail", args=[s.registration.pk]))
    result = _block(page.content.decode(), "result-star")
    assert "Tiềm năng 5 sao" in result and "100,00 điểm" in result
    assert STARS not in result and "5 sao</span>" not in result.replace("Tiềm năng 5 sao</span>", "")
    assert "Hạng theo điểm: 5 sao" not in page.content.decode()


def test_the_result_page_shows_the_potential_not_five_stars(cast, login):
    s = potential_five(cast)
    page = login(cast.council_chair).get(reverse("evaluation:result_detail", args=[s.item.pk])).content.decode()
    result = _block(page, "result-star")
    assert "Tiềm năng 5 sao" in result and "100,00 điểm" in result and STARS not in result


def test_the_session_page_lists_the_potential_without_stars(cast, login):
    s = potential_five(cast)
    page = login(cast.council_chair).get(reverse("evaluation:session_detail", args=[s.session.pk])).content.decode()
    link = _block(page, "result-link")
    assert "tiềm năng 5 sao" in link and "100,00" in link and STARS not in link


def test_the_minutes_say_the_potential_not_five_stars(cast, login):
    s = potential_five(cast)
    response = login(cast.council_chair).get(reverse("evaluation:session_minutes_pdf", args=[s.session.pk]))
    text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True)
    text = " ".join(text.stdout.decode().split())
    assert "Kết quả: tiềm năng 5 sao (100,00 điểm)" in text and "đạt 5 sao" not in text


def test_the_producer_told_of_it_reads_the_potential_on_the_page_the_product_and_the_mail(
    cast, login, django_capture_on_commit_callbacks
):
    s = forwarded_to_central(cast)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_notify_result(registration=s.registration, by=cast.province_officer, **notice_paper())
    client = login(cast.producer_owner)
    page = client.get(reverse("evaluation:registration_detail", args=[s.registration.pk])).content.decode()
    result = _block(page, "result-star")
    assert "Tiềm năng 5 sao" in result and STARS not in result
    product = client.get(reverse("products:product_detail", args=[s.registration.product_id])).content.decode()
    assert "Điểm trung bình 100,00, tiềm năng 5 sao" in product
    (message,) = mail.outbox
    assert "Hạng sao tương ứng: Tiềm năng 5 sao" in message.body
    assert "Hạng sao tương ứng: 5" not in message.body


def test_the_dossiers_history_records_the_potential_not_five_stars(cast, login):
    """The written notice's row in the dossier's history read "star: 5" (its key unnamed, the value the stars the
    province cannot award): it reads "Tiềm năng 5 sao: Có", and a notice of another result its "Hạng sao"."""
    s = forwarded_to_central(cast)
    registration_notify_result(registration=s.registration, by=cast.province_officer, **notice_paper())
    page = login(cast.province_officer).get(reverse("evaluation:registration_detail", args=[s.registration.pk]))
    history = page.content.decode().split("Thông báo kết quả", 1)[1].split("</li>\n", 1)[0]
    assert "Tiềm năng 5 sao: Có" in " ".join(re.sub(r"<[^>]+>", " ", history).split())
    assert "star" not in history and "Hạng sao" not in history


def test_the_admin_names_the_result_by_its_potential_not_five_stars(cast, login):
    # The result's name (the admin's page title, its history) read "Miến dong Tài Hoan (Nâng hạng, 2026): 94.75 (5★)".
    s = potential_five(cast)
    result = s.registration.results.get()
    assert result.potential_five and result.final_star == 5
    assert str(result).endswith(f": {result.mean_score} (tiềm năng 5 sao)")
    page = login(cast.admin).get(reverse("admin:evaluation_councilresult_change", args=[result.pk])).content.decode()
    assert "(tiềm năng 5 sao)" in page and "(5★)" not in page
