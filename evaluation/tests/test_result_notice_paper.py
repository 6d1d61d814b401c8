"""The written result notice is a real written notice (D26 Điều 7.3g "thông báo bằng văn bản … cho UBND cấp xã và các
chủ thể OCOP"): before, the office's "Gửi thông báo kết quả" sent an in-app notice and an e-mail, no letter. Now the
office issues a numbered letter, "Thông báo kết quả đánh giá, phân hạng sản phẩm OCOP", its number and date given by
the officer and checked as decision numbers are (one sequence per issuer and year, however typed), printed as an
administrative paper (Nghị định 30/2020/NĐ-CP) with the head and end the recognition decision prints; the producer and
the commune download it from the dossier page, and the in-app notice and the e-mail link to it."""

import datetime as dt
import re
import subprocess

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation.choices import RegistrationStatus as S
from evaluation.models import CouncilResult, Registration, ResultNotice
from evaluation.services.notice_papers import notice_number_holder
from evaluation.services.notices import registration_notify_result
from evaluation.tests.factories import notice_form, notice_paper, setup_scoring
from ocop.models import Notification

from .test_registration_result_notice import scored

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()


def issued(cast, status=S.NOT_RECOGNISED, **paper) -> ResultNotice:
    registration = scored(cast, status)
    return registration_notify_result(registration=registration, by=cast.province_officer, **notice_paper(**paper))


# ---------------------------------------------------------------- the letter and its number


def test_the_notice_is_a_numbered_letter_the_notices_link_to(cast, django_capture_on_commit_callbacks):
    registration = scored(cast, S.NOT_RECOGNISED)
    with django_capture_on_commit_callbacks(execute=True):
        notice = registration_notify_result(
            registration=registration, by=cast.province_officer, **notice_paper(number="125/TB-SNNMT")
        )
    notice.refresh_from_db()
    assert (notice.number, notice.date, notice.status) == ("125/TB-SNNMT", dt.date(2026, 12, 2), S.NOT_RECOGNISED)
    assert notice.parent_name == f"Ủy ban nhân dân {registration.commune.parent.name_in_text}"
    assert (notice.product_name, notice.producer_name) == (
        registration.product.name,
        registration.product.producer.name,
    )
    url = reverse("evaluation:result_notice_pdf", args=[notice.pk])
    for user in (cast.producer_owner, cast.commune_officer):
        assert Notification.objects.get(user=user).url == url
    sent = [m for m in mail.outbox if cast.producer_owner.email in m.to]
    assert sent and url in sent[0].body and "125/TB-SNNMT" in sent[0].body


@pytest.mark.parametrize(
    ("field", "values", "message"),
    [
        ("number", {"number": "125 TB-SNNMT"}, "Số thông báo phải có dạng số/TB-ký hiệu"),
        ("number", {"number": "125/QĐ-UBND"}, "Số thông báo phải có dạng số/TB-ký hiệu"),
        ("number", {"number": ""}, "Nhập số thông báo."),
        ("date", {"date": dt.date(2026, 12, 3)}, "Ngày thông báo không thể sau hôm nay (02/12/2026)."),
        ("date", {"date": dt.date(2026, 12, 1)}, "Ngày thông báo không thể trước ngày Hội đồng có kết quả"),
        ("signer_name", {"signer_name": " "}, "Nhập họ tên người ký."),
    ],
)
def test_a_bad_number_or_date_is_refused_beside_its_field_and_nothing_is_sent(cast, field, values, message):
    registration = scored(cast, S.NOT_RECOGNISED)
    with pytest.raises(ValidationError) as refused:
        registration_notify_result(registration=registration, by=cast.province_officer, **notice_paper(**values))
    assert any(message in text for text in refused.value.message_dict[field])
    assert not ResultNotice.objects.exists() and not Notification.objects.exists()
    assert Registration.objects.get(pk=registration.pk).result_notified_at is None


def test_a_number_is_the_offices_once_a_year_however_typed(cast):
    first = issued(cast, number="12/TB-SNNMT")
    second = scored(cast, S.ELIMINATED, name="Trà hoa vàng")
    for typed in ("12/TB-SNNMT", "012/tb-snnmt", "12/TB–SNNMT"):
        with pytest.raises(ValidationError) as refused:
            registration_notify_result(registration=second, by=cast.province_officer, **notice_paper(number=typed))
        assert refused.value.message_dict["number"] == ["Cơ quan này đã có văn bản mang số này trong năm đó."]
    # The office's name however written is one office; next year's sequence starts again; another province's office
    # is another issuer.
    office = {"parent_name": first.parent_name.upper(), "issuer_name": "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"}
    assert notice_number_holder(**office, number="12/TB-SNNMT", year=2026) == first
    assert notice_number_holder(**office, number="12/TB-SNNMT", year=2027) is None
    elsewhere = {"parent_name": "Ủy ban nhân dân tỉnh Khác", "issuer_name": first.issuer_name}
    assert notice_number_holder(**elsewhere, number="12/TB-SNNMT", year=2026) is None
    registration_notify_result(registration=second, by=cast.province_officer, **notice_paper(number="13/TB-SNNMT"))
    assert ResultNotice.objects.count() == 2


# ---------------------------------------------------------------- the form


def test_the_form_keeps_what_was_typed_and_says_what_is_wrong_beside_it(cast, login):
    issued(cast, number="7/TB-SNNMT")
    registration = scored(cast, S.ELIMINATED, name="Trà hoa vàng")
    url = reverse("evaluation:registration_notify_result", args=[registration.pk])
    client = login(cast.province_officer)
    page = client.get(url).content.decode()
    assert 'value="Sở Nông nghiệp và Môi trường"' in page  # the office's name as on its last notice
    response = client.post(url, notice_form(number="7/tb-snnmt", signer_name="Lê Thị Hoa"))
    page = response.content.decode()
    assert response.status_code == 200
    # Beside the number's field (crispy's error of id_number), not at the top of the form.
    beside = re.search(r'id="error_\d+_id_number"[^>]*>\s*<strong>([^<]*)<', page)
    assert beside and beside[1] == "Cơ quan này đã có văn bản mang số này trong năm đó."
    assert 'value="7/tb-snnmt"' in page and 'value="Lê Thị Hoa"' in page
    assert Registration.objects.get(pk=registration.pk).result_notified_at is None
    done = client.post(url, notice_form(number="8/TB-SNNMT"), follow=True)
    assert "Đã ban hành và gửi thông báo kết quả cho chủ thể." in done.content.decode()
    assert ResultNotice.objects.get(registration=registration).number == "8/TB-SNNMT"


# ---------------------------------------------------------------- the PDF, and who downloads it


def test_the_pdf_is_the_offices_letter_with_the_result_and_why(cast, login):
    notice = issued(cast, number="125/TB-SNNMT")
    registration = notice.registration
    response = login(cast.producer_owner).get(reverse("evaluation:result_notice_pdf", args=[notice.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    province = registration.commune.parent
    for expected in (
        f"ỦY BAN NHÂN DÂN {province.name.upper()}",
        "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
        "Số: 125/TB-SNNMT",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        f"{province.name.removeprefix('Tỉnh ').removeprefix('Thành phố ')}, ngày 02 tháng 12 năm 2026",
        "THÔNG BÁO",
        "Kết quả đánh giá, phân hạng sản phẩm OCOP",
        "Quyết định số 26/2026/QĐ-TTg",
        registration.product.name,
        registration.product.producer.name,
        str(registration.round),
        "48,50 điểm",
        "Không đủ điều kiện công nhận sản phẩm OCOP (tương ứng 2 sao; công nhận từ 3 sao)",
        "Tiêu chí 1.6: cần tối thiểu 1 điểm để đạt 3 sao",
        "Nơi nhận:",
        f"UBND {registration.commune.name_in_text};",
        "Lưu: VT.",
        "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC",
        "Nguyễn Văn Bình",
    ):
        assert expected in text, expected


def test_the_dossier_page_offers_the_pdf_to_the_producer_and_the_commune(cast, login):
    notice = issued(cast, number="125/TB-SNNMT")
    url = reverse("evaluation:result_notice_pdf", args=[notice.pk])
    detail = reverse("evaluation:registration_detail", args=[notice.registration_id])
    for who in ("producer_owner", "commune_officer", "province_officer", "viewer"):
        page = login(getattr(cast, who)).get(detail).content.decode()
        assert 'data-testid="result-notice"' in page and url in page, who
        assert "Thông báo số 125/TB-SNNMT ngày 02/12/2026" in page, who


@pytest.mark.parametrize("who", ["producer_owner", "commune_officer", "province_officer", "viewer", "central_officer"])
def test_its_readers_download_it(cast, login, who):
    notice = issued(cast)
    response = login(getattr(cast, who)).get(reverse("evaluation:result_notice_pdf", args=[notice.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF"), who


def test_the_council_chair_who_sees_the_dossier_is_no_reader_and_gets_a_403(cast, login):
    """The council sees the result where it works (its result page), not the office's letter to the producer."""
    s = setup_scoring(cast)
    Registration.objects.filter(pk=s.registration.pk).update(status=S.NOT_RECOGNISED)
    CouncilResult.objects.create(
        registration=s.registration, item=s.item, level="province", mean_score=48, band_star=2, final_star=2
    )
    notice = registration_notify_result(registration=s.registration, by=cast.province_officer, **notice_paper())
    assert Registration.objects.for_user(cast.council_chair).filter(pk=s.registration.pk).exists()
    url = reverse("evaluation:result_notice_pdf", args=[notice.pk])
    assert login(cast.council_chair).get(url).status_code == 403
    detail = login(cast.council_chair).get(reverse("evaluation:registration_detail", args=[s.registration.pk]))
    assert url not in detail.content.decode()


@pytest.mark.parametrize("who", ["outsider", "other_producer", "advisory_member"])
def test_those_who_do_not_see_the_dossier_get_a_404(cast, login, who):
    notice = issued(cast)
    url = reverse("evaluation:result_notice_pdf", args=[notice.pk])
    assert login(getattr(cast, who)).get(url).status_code == 404


def test_post_is_405_and_a_missing_notice_404(cast, login):
    notice = issued(cast)
    client = login(cast.province_officer)
    assert client.post(reverse("evaluation:result_notice_pdf", args=[notice.pk])).status_code == 405
    assert client.get(reverse("evaluation:result_notice_pdf", args=[999999])).status_code == 404


def test_the_notice_form_and_the_dossiers_notices_pass_the_html_checker(cast, login):
    from tests.markup.checker import assert_valid

    notice = issued(cast, number="7/TB-SNNMT")
    registration = scored(cast, S.ELIMINATED, name="Trà hoa vàng")
    client = login(cast.province_officer)
    url = reverse("evaluation:registration_notify_result", args=[registration.pk])
    refused = client.post(url, notice_form(number="7/TB-SNNMT", date="31/02/2026", signer_name=""))
    assert refused.status_code == 200
    detail = reverse("evaluation:registration_detail", args=[notice.registration_id])
    assert_valid(
        {
            "form": client.get(url).content.decode(),
            "form refused": refused.content.decode(),
            "dossier": login(cast.producer_owner).get(detail).content.decode(),
        }
    )
