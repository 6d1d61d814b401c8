"""The decision revoking a certificate (thu hồi, D26 Điều 8) as a paper, laid out as Nghị định 30/2020/NĐ-CP asks and
as the recognition decision is (ocop/pdf/_paper_head.html, _paper_end.html): by who revokes it (the
Chủ tịch UBND of the province for 3★/4★, the Minister for 5★, Điều 8.2), citing D26 and its Điều 8, the ground in the
law's own words, the certificate as issued, the articles on its effect and who carries it out, Nơi nhận and the
signature block; a proposal prints as the draft to bring to signature."""

import re
import subprocess
from pathlib import Path

import pytest

from certificates import pdf as certificate_pdf
from certificates.choices import REVOCATION_GROUND_LAW_WORDS, IssuerLevel, RevocationGround
from certificates.selectors.revocations import revocation_of
from certificates.services.revocations import certificate_revoke_propose
from certificates.tests.factories import agency_conclusion, issued_decision, result_for, revoke_with_four_eyes
from evaluation.choices import Level

pytestmark = pytest.mark.django_db

LAW = Path(__file__).resolve().parents[2] / "devtools" / "reference" / "qd-26-2026-qd-ttg.txt"


def _text(content: bytes) -> str:
    text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()
    return " ".join(text.split())


def _title(content: bytes) -> str:
    info = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True, check=True).stdout.decode()
    return next(line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("Title:"))


def _signature_block(text: str) -> str:
    """What follows the last article: the four-eyes note, Nơi nhận and the signer's title (in either order)."""
    return text.split("chịu trách nhiệm thi hành Quyết định này.", 1)[1]


def _in_sentence(name: str) -> str:
    return f"{name[:1].lower()}{name[1:]}"


@pytest.fixture
def certificate(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        decision = issued_decision(
            province=cast.province,
            by=cast.province_officer,
            results=[result_for(cast.producer, name="Miến dong Bình Liêu")],
        )
    c = decision.certificates.get()
    c.refresh_from_db()
    return c


@pytest.fixture
def five_star(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        decision = issued_decision(
            province=None,
            by=cast.central_officer,
            results=[result_for(cast.producer, star=5, level=Level.CENTRAL, name="Mật ong rừng Hương Rừng")],
            number="3/QĐ-BNNMT",
            level=IssuerLevel.MINISTRY,
        )
    c = decision.certificates.get()
    c.refresh_from_db()
    return c


def _paper(certificate) -> str:
    return _text(certificate_pdf.render_revocation_pdf(revocation=revocation_of(certificate)))


def test_it_prints_the_issued_decision_of_the_province(cast, certificate, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        revoke_with_four_eyes(
            certificate=certificate,
            by=cast.province_officer,
            ground=RevocationGround.STOPPED_PRODUCTION,
            detail="Hợp tác xã đã giải thể từ tháng 10/2026.",
            decision_number="88/QĐ-UBND",
        )
    # A certificate issued before addresses were stored as a sentence writes them kept the lists' capitals.
    type(certificate).objects.filter(pk=certificate.pk).update(producer_address="Xã Hoà An, Tỉnh Thử Nghiệm")
    certificate.refresh_from_db()
    content = certificate_pdf.render_revocation_pdf(revocation=revocation_of(certificate))
    text = _text(content)
    province, commune = cast.province.name, cast.commune.name
    issuer = f"ỦY BAN NHÂN DÂN {province.upper()}"
    place = province.removeprefix("Tỉnh ").removeprefix("Thành phố ")
    assert text.startswith(f"{issuer} CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Số: 88/QĐ-UBND")
    assert f"{place}, ngày 02 tháng 12 năm 2026 QUYẾT ĐỊNH Về việc thu hồi Giấy chứng nhận sản phẩm OCOP" in text
    assert f"CHỦ TỊCH {issuer} Căn cứ Quyết định số 26/2026/QĐ-TTg ngày 22 tháng 5 năm 2026 của Thủ tướng" in text
    assert "Căn cứ điểm đ khoản 1 và điểm a khoản 2 Điều 8 Quyết định số 26/2026/QĐ-TTg" in text
    recognised_by = f"Ủy ban nhân dân {_in_sentence(province)}"
    assert f"Căn cứ Quyết định số 1427/QĐ-UBND ngày 02/12/2026 của {recognised_by} về việc công nhận" in text
    # The finding it rests on, the commune's confirmation, and its day (Revocation.grounded_on).
    assert "Căn cứ văn bản xác nhận của Ủy ban nhân dân cấp xã về việc chủ thể không còn sản xuất" in text
    assert f"sản phẩm OCOP ngày {certificate.issued_on:%d/%m/%Y};" in text
    assert (
        f"Điều 1. Thu hồi Giấy chứng nhận sản phẩm OCOP số {certificate.number} cấp ngày 02/12/2026 cho sản phẩm "
        f"Miến dong Bình Liêu, hạng 4 sao, của chủ thể HTX Tài Hoan, địa chỉ: xã Hoà An, tỉnh Thử Nghiệm." in text
    )
    assert (
        "Lý do thu hồi: Chủ thể OCOP không còn hoạt động sản xuất sản phẩm OCOP (điểm đ khoản 1 Điều 8 Quyết định số "
        "26/2026/QĐ-TTg). Hợp tác xã đã giải thể từ tháng 10/2026." in text
    )
    assert "Điều 2. Kể từ ngày Quyết định này có hiệu lực, Giấy chứng nhận nêu tại Điều 1 hết hiệu lực" in text
    assert (
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nông "
        f"nghiệp và Môi trường, Chủ tịch Ủy ban nhân dân {_in_sentence(commune)} và HTX Tài Hoan chịu trách nhiệm thi "
        "hành Quyết định này." in text
    )
    end = _signature_block(text)
    assert "Người đề xuất: Province Officer; người ban hành: Kiểm Tra." in end
    assert "Nơi nhận:" in end and "- Như Điều 3; - Bộ Nông nghiệp và Môi trường (để báo cáo);" in end
    assert "- Lưu: VT." in end
    # The Chủ tịch decides it (Điều 8.2a); who signed for them is not recorded, so no "KT." is invented.
    assert " CHỦ TỊCH " in f" {end} " and "KT." not in end
    assert _title(content) == (
        f"Quyết định 88/QĐ-UBND thu hồi Giấy chứng nhận sản phẩm OCOP {certificate.number} – {issuer}"
    )


def test_the_minister_revokes_a_five_star_certificate(cast, five_star, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        revoke_with_four_eyes(
            certificate=five_star,
            by=cast.central_officer,
            ground=RevocationGround.LAW_BREACH,
            detail="Mẫu kiểm nghiệm vượt giới hạn vi sinh.",
            decision_number="9/QĐ-BNNMT",
        )
    text = _paper(five_star)
    assert text.startswith("BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG Số: 9/QĐ-BNNMT CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert "Hà Nội, ngày 02 tháng 12 năm 2026" in text
    assert "BỘ TRƯỞNG BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG Căn cứ" in text
    assert "Căn cứ điểm c khoản 1 và điểm b khoản 2 Điều 8 Quyết định số 26/2026/QĐ-TTg" in text
    assert "Căn cứ Quyết định số 3/QĐ-BNNMT ngày 02/12/2026 của Bộ Nông nghiệp và Môi trường về việc công nhận" in text
    assert "Căn cứ kết luận của cơ quan có thẩm quyền ngày" in text
    conclusion = agency_conclusion(five_star)
    assert (
        f"Kết luận số {conclusion['document_number']} ngày {conclusion['concluded_on']:%d/%m/%Y} của "
        f"{conclusion['agency']}. Mẫu kiểm nghiệm vượt giới hạn vi sinh." in text
    )
    assert "Lý do thu hồi: Sản phẩm OCOP vi phạm quy định pháp luật về chất lượng sản phẩm" in text
    assert "hạng 5 sao" in text
    assert (
        "Chánh Văn phòng Bộ, Thủ trưởng cơ quan tham mưu quản lý OCOP của Bộ, Chủ tịch Ủy ban nhân dân "
        f"{_in_sentence(cast.commune.name)}, Chủ tịch Ủy ban nhân dân {_in_sentence(cast.province.name)} và HTX Tài "
        "Hoan chịu trách nhiệm thi hành" in text
    )
    end = _signature_block(text)
    assert "- Như Điều 3; - Bộ trưởng (để báo cáo); - Các Thứ trưởng; - Lưu: VT." in end
    assert " BỘ TRƯỞNG " in f" {end} " and "KT." not in end


def test_a_proposal_prints_as_the_draft_to_sign(cast, certificate):
    certificate_revoke_propose(
        certificate=certificate,
        ground=RevocationGround.UNTRUTHFUL,
        detail="Hồ sơ kê khai sai vùng nguyên liệu.",
        by=cast.province_officer,
        **agency_conclusion(certificate),
    )
    content = certificate_pdf.render_revocation_pdf(revocation=revocation_of(certificate))
    text = _text(content)
    # Marked DỰ THẢO (drawn across the page, which text extraction scatters) and named a draft.
    assert _title(content).startswith("Quyết định (dự thảo) thu hồi Giấy chứng nhận sản phẩm OCOP")
    assert "Số: ……/QĐ-……" in text and "ngày … tháng … năm …" in text
    assert "Lý do thu hồi: Chủ thể OCOP bị phát hiện cung cấp thông tin, tài liệu không trung thực" in text
    assert "Căn cứ kết luận về hành vi vi phạm của chủ thể ngày" in text
    assert "Hồ sơ kê khai sai vùng nguyên liệu." in text


@pytest.mark.parametrize("ground", RevocationGround.values)
def test_each_ground_is_cited_in_the_words_of_article_8(ground):
    law = " ".join(LAW.read_text(encoding="utf-8").split())
    article = law[law.index("Điều 8. Quy định về thu hồi giấy") : law.index("Điều 9. Kiểm tra, giám sát")]
    letter = "đ" if ground == RevocationGround.STOPPED_PRODUCTION else ground
    assert re.search(rf"\b{letter}\) {re.escape(REVOCATION_GROUND_LAW_WORDS[ground])}\.", article)
