"""Issue 12 item 13: Mẫu 01, 02 (with the producer's self-scores) and 03 of D26 Phụ lục III as printable PDFs,
filled from the dossier, to print, sign and upload back. Text checked with pdftotext.

Access: whoever sees the dossier prints Mẫu 01 and 02; Mẫu 03 is the commune's report to the province
(Điều 7.2), so the producer gets 403 for it; outsiders get 404, the anonymous a login redirect."""

import re
import subprocess

import pytest
from django.urls import reverse

from evaluation.choices import CommuneProposal
from evaluation.models import CommuneReport, SelfAssessmentAnswer
from evaluation.tests.factories import complete_dossier, registration_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    r = registration_in(cast, name="Miến dong Tài Hoan")
    complete_dossier(r, cast.producer_owner)
    CommuneReport.objects.create(
        registration=r,
        dossier_complete=True,
        local_raw_material="Củ dong riềng trồng tại xã, 80% sản lượng.",
        local_labour="12 lao động thường trú tại xã.",
        idea_origin="Nghề truyền thống của thôn.",
        local_identity="Cách tráng bánh bằng nồi hơi của người Tày.",
        proposal=CommuneProposal.FORWARD,
        name_consistent=True,
        samples_received=5,
    )
    return r


def url(r, form):
    return reverse("evaluation:registration_form_pdf", args=[r.pk, form])


def text_of(response, tmp_path) -> str:
    path = tmp_path / "form.pdf"
    path.write_bytes(response.getvalue())
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def test_mau_01_is_the_registration_form_filled_in(cast, login, registration, tmp_path):
    response = login(cast.producer_owner).get(url(registration, "01"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = text_of(response, tmp_path)
    assert "Mẫu số 01" in text and "PHIẾU ĐĂNG KÝ" in text
    assert "Tham gia đánh giá, phân hạng sản phẩm OCOP của tỉnh Thử Nghiệm năm 2026" in text
    assert "Tên đơn vị: HTX Tài Hoan" in text and "Nguyễn Thị Hoan" in text
    assert "2. Tên sản phẩm: Miến dong Tài Hoan" in text
    assert "Lần đầu ☒" in text and "Nâng hạng: ☐" in text
    assert "DÀNH CHO ỦY BAN NHÂN DÂN CẤP XÃ" in text and "DÀNH CHO CƠ QUAN QUẢN LÝ OCOP CẤP TỈNH" in text
    assert "(Ký, đóng dấu, ghi rõ họ tên)" in text


def test_mau_02_carries_the_self_scores_per_criterion(cast, login, registration, tmp_path):
    response = login(cast.producer_owner).get(url(registration, "02"))
    text = text_of(response, tmp_path)
    assert "Mẫu số 02" in text and "BÁO CÁO TỰ ĐÁNH GIÁ VỀ SẢN PHẨM" in text
    assert "Phần I. THÔNG TIN CHUNG" in text and "Phần IV. KẾ HOẠCH SẢN XUẤT, KINH DOANH" in text
    assert "Giới tính: Nữ" in text
    total = sum(SelfAssessmentAnswer.objects.filter(registration=registration).values_list("points", flat=True))
    assert total > 0 and f"Tổng điểm tự đánh giá {total}" in text
    answer = SelfAssessmentAnswer.objects.filter(registration=registration).select_related("criterion").first()
    assert f"{answer.criterion.number} {' '.join(answer.criterion.title.split()[:3])}" in text  # each criterion
    assert "ĐẠI DIỆN THEO PHÁP LUẬT CỦA CƠ SỞ" in text


def test_mau_03_is_the_communes_report(cast, login, registration, tmp_path):
    response = login(cast.commune_officer).get(url(registration, "03"))
    text = text_of(response, tmp_path)
    assert "Mẫu số 03" in text and "BÁO CÁO" in text
    assert "Củ dong riềng trồng tại xã, 80% sản lượng." in text
    assert "Cách tráng bánh bằng nồi hơi của người Tày." in text
    assert "Ủy ban nhân dân xã Hoà An đề nghị Ủy ban nhân dân tỉnh Thử Nghiệm" in text
    assert "T.M ỦY BAN NHÂN DÂN XÃ HOÀ AN" in text


@pytest.mark.usefixtures("pdf_layout_skipped")  # who may print; the layout is checked above
@pytest.mark.parametrize("who", ["producer_owner", "commune_officer", "province_officer", "viewer", "central_officer"])
@pytest.mark.parametrize("form", ["01", "02"])
def test_everyone_who_sees_the_dossier_prints_mau_01_and_02(cast, login, registration, who, form):
    assert login(getattr(cast, who)).get(url(registration, form)).status_code == 200


@pytest.mark.usefixtures("pdf_layout_skipped")  # who may print; the layout is checked above
@pytest.mark.parametrize("who", ["commune_officer", "province_officer", "viewer", "central_officer"])
def test_officers_print_mau_03(cast, login, registration, who):
    assert login(getattr(cast, who)).get(url(registration, "03")).status_code == 200


def test_the_producer_cannot_print_the_communes_report(cast, login, registration):
    assert login(cast.producer_owner).get(url(registration, "03")).status_code == 403


@pytest.mark.parametrize("who", ["outsider", "other_producer", "other_commune_officer"])
@pytest.mark.parametrize("form", ["01", "02", "03"])
def test_outsiders_get_404(cast, login, registration, who, form):
    assert login(getattr(cast, who)).get(url(registration, form)).status_code == 404


def test_the_anonymous_are_sent_to_log_in(client, registration):
    response = client.get(url(registration, "01"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_an_unknown_form_or_id_is_404_and_post_is_405(cast, login, registration):
    client = login(cast.province_officer)
    assert client.get(url(registration, "04")).status_code == 404
    assert client.get(reverse("evaluation:registration_form_pdf", args=[999999, "01"])).status_code == 404
    assert client.post(url(registration, "01")).status_code == 405


def test_the_dossier_page_links_the_forms(cast, login, registration):
    page = login(cast.commune_officer).get(reverse("evaluation:registration_detail", args=[registration.pk]))
    html = page.content.decode()
    for form in ("01", "02", "03"):
        assert url(registration, form) in html
    producer_page = login(cast.producer_owner).get(reverse("evaluation:registration_detail", args=[registration.pk]))
    assert url(registration, "03") not in producer_page.content.decode()


def test_mau_02_prints_a_conditional_criterion_as_it_counts(cast, login, registration, tmp_path):
    """A criterion whose condition scores 0 counts 0 in the total (star_rule.counted_points): its row says so
    rather than printing the points of the option chosen, which the total leaves out."""
    from evaluation.tests.factories import criterion_by_number

    card = registration.scorecard
    condition, conditional = criterion_by_number(card, "1.2"), criterion_by_number(card, "4.1")
    conditional.applies_if = condition
    conditional.save(update_fields=["applies_if"])
    SelfAssessmentAnswer.objects.filter(registration=registration, criterion=condition).update(points=0, option=None)
    chosen = SelfAssessmentAnswer.objects.get(registration=registration, criterion=conditional).points
    assert chosen > 0
    text = text_of(login(cast.producer_owner).get(url(registration, "02")), tmp_path)
    # The row: number, option, maximum, then 0 where the option's points stood, and why (wrapped in its cell).
    # (The title wraps in its cell as the row falls: whole on one page since rows are never cut.)
    assert re.search(r"4\.1 (Khu )?Quốc tế 25 0", text) and "(chỉ áp dụng khi tiêu chí 1.2" in text
    counted = sum(
        a.points
        for a in SelfAssessmentAnswer.objects.filter(registration=registration)
        if a.criterion_id != conditional.pk
    )
    assert f"Tổng điểm tự đánh giá {counted}" in text
