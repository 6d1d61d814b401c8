"""Certificate and decision PDFs with WeasyPrint.

Rendering (fonts, the no-network URL fetcher) is ocop.pdf's; here are what certificates add: stars as
inline SVG (★ is not in Be Vietnam Pro) and the QR code as inline SVG from segno.
"""

from datetime import date
from types import SimpleNamespace

import segno
from django.utils.safestring import mark_safe

from evaluation.choices import LegalBasis
from ocop import pdf as ocop_pdf
from ocop.paper import LEGAL_CITATION, issuer_place
from ocop.pdf import render_pdf
from ocop.selectors import issuer_in_text
from ocop.templatetags.documents import signer_lines  # noqa: F401 — the decision's and certificate's signer

from .choices import (
    AGENCY_CONCLUSION_GROUNDS,
    AGENCY_OR_INSPECTION_GROUNDS,
    COMMUNE_GROUNDS,
    INSPECTION_GROUNDS,
    REVOCATION_GROUND_LAW_WORDS,
    RevocationStatus,
    ground_letters,
)
from .selectors.revocations import revocation_authority
from .services.corrections import corrected_certificates

# Parsed once per process (ocop.pdf.stylesheet) and reused for every certificate and decision.
CERTIFICATE_CSS = "certificates/pdf/certificate.css"
DECISION_CSS = "certificates/pdf/decision.css"

STAR_PATH = "M12 1.5l3.09 6.9 7.41.74-5.6 4.98 1.64 7.38L12 17.6l-6.54 3.9 1.64-7.38L1.5 9.14l7.41-.74z"


def stars_svg(count: int, *, size: int = 34, colour: str = "#c8102e") -> str:
    """`count` filled stars as one inline SVG (drawn, so no font is needed)."""
    gap = size // 5
    width = count * size + (count - 1) * gap
    stars = "".join(
        f'<path transform="translate({i * (size + gap)} 0) scale({size / 24})" d="{STAR_PATH}" fill="{colour}"/>'
        for i in range(count)
    )
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{size}" viewBox="0 0 {width} {size}" '
        f'role="img" aria-label="{count} sao">{stars}</svg>'
    )


def qr_svg(url: str, *, scale: int = 4) -> str:
    """The verification URL as an inline SVG QR code (error correction M, quiet zone kept for scanners)."""
    return mark_safe(segno.make(url, error="m").svg_inline(scale=scale, border=4, dark="#000", light="#fff"))


def render_certificate_pdf(*, certificate, verify_url: str, revocation=None) -> bytes:
    """The certificate as PDF bytes (A4 landscape). Called once per version by the render service; with a
    `revocation`, the copy handed out after thu hồi, marked "ĐÃ THU HỒI" with the decision and its date."""
    return render_pdf(
        "certificates/pdf/certificate.html",
        {
            "c": certificate,
            "decision": certificate.decision,
            "stars": stars_svg(certificate.star),
            "qr": qr_svg(verify_url),
            "verify_url": verify_url,
            "signer_lines": signer_lines(certificate.decision.signer_title),
            "fit": text_fit(certificate, certificate.decision),
            "place": place_name(certificate.decision),
            "issuer": issuer_in_text(certificate.decision),
            "revocation": revocation,
            # The letter of Điều 8.1 as printed in the law ("đ", not the stored "dd").
            "revocation_point": {"dd": "đ"}.get(revocation.ground, revocation.ground) if revocation else "",
        },
        stylesheets=(CERTIFICATE_CSS,),
    )


# The weighted length of a certificate's text up to which each smaller size is used (text_fit); the product name counts
# PRODUCT_NAME_WEIGHT times its characters, as it is printed larger.
TEXT_FIT_LIMITS = (330, 600)
PRODUCT_NAME_WEIGHT = 1.6


def text_fit(certificate, decision) -> int:
    """How small the certificate's text is printed: 1 (as designed) for the names and addresses of nearly every
    product, 2 and 3 for longer ones, so that up to the snapshot's limits (a 300-character product name, a
    400-character address) nothing runs under the date and signature or off the page
    (certificates/tests/test_certificate_pdf_layout.py)."""
    length = (
        PRODUCT_NAME_WEIGHT * len(certificate.product_name)
        + len(certificate.producer_name)
        + len(certificate.producer_address)
        + len(decision.issuer_name)
    )
    return 1 if length <= TEXT_FIT_LIMITS[0] else 2 if length <= TEXT_FIT_LIMITS[1] else 3


def place_name(decision) -> str:
    """The place before the date ("Thái Nguyên, ngày …") of `decision` (ocop.paper.issuer_place)."""
    return issuer_place(level=decision.issuer_level, unit=decision.issuer_unit if decision.issuer_unit_id else None)


# Who carries out a decision (its last article) and who receives it (Nơi nhận), by issuing level
# (Nghị định 30/2020, Phụ lục III: "Như Điều 3" for those the last article names; "Lưu: VT" for the issuer's file).
# The issuer's own offices come first, then the places and producers the decision concerns.
OFFICES = {
    "province": "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nông nghiệp và Môi trường",
    "ministry": "Chánh Văn phòng Bộ, Thủ trưởng cơ quan tham mưu quản lý OCOP của Bộ",
}
EXECUTORS = {
    "province": f"{OFFICES['province']}, Chủ tịch Ủy ban nhân dân các xã, phường có sản phẩm và các chủ thể có tên tại "
    "Phụ lục kèm theo",
    "ministry": f"{OFFICES['ministry']}, Chủ tịch Ủy ban nhân dân các tỉnh, thành phố có sản phẩm và các chủ thể có tên "
    "tại Phụ lục kèm theo",
}
RECIPIENTS = {
    "province": [
        "Như Điều 3;",
        "Bộ Nông nghiệp và Môi trường (để báo cáo);",
        "Chủ tịch, các PCT UBND tỉnh;",
        "Lưu: VT.",
    ],
    "ministry": ["Như Điều 3;", "Bộ trưởng (để báo cáo);", "Các Thứ trưởng;", "Lưu: VT."],
}


def decision_annex(*, decision, entries) -> list[dict]:
    """The annex lines. Once issued, a decision prints what it issued — the certificates' snapshots (names,
    addresses and product codes as at issue, certificate numbers) — never today's producer records, so the
    document stays the same when a producer later moves or renames. A historic decision has no entries: its
    recorded certificates are its annex. A draft shows the entries as they stand."""
    certificates = {c.product_id: c for c in decision.certificates.all()} if decision.is_issued else {}
    if decision.is_historic and not entries:
        return [
            {
                "product_name": c.product_name,
                "product_code": c.product_code,
                "producer_name": c.producer_name,
                "producer_address": c.producer_address,
                "mean_score": c.mean_score,
                "star": c.star,
                "certificate_number": c.number,
            }
            for c in sorted(certificates.values(), key=lambda c: c.number)
        ]
    rows = []
    for entry in entries:
        certificate = certificates.get(entry.product_id)
        producer = entry.product.producer
        rows.append(
            {
                "product_name": certificate.product_name if certificate else entry.product.name,
                "product_code": certificate.product_code if certificate else entry.product_code,
                "producer_name": certificate.producer_name if certificate else producer.name,
                "producer_address": certificate.producer_address if certificate else producer.full_address,
                "mean_score": entry.mean_score,
                "star": entry.star,
                "certificate_number": certificate.number if certificate else "",
            }
        )
    return rows


def deciding_authority(issuer) -> str:
    """Who decides in person, under a decision's title (Nghị định 30/2020, Phụ lục I): "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …"
    or "BỘ TRƯỞNG BỘ …" for `issuer` (a decision, or a revocation's authority: its issuer_level and issuer_name); ""
    for another issuer's level. D26 Điều 4.1 gives the recognition to them, Điều 8.2 the revocation
    (DECIDING_AUTHORITY)."""
    title = DECIDING_AUTHORITY.get(issuer.issuer_level, ("", ""))[0]
    return f"{title} {issuer.issuer_name}" if title and issuer.issuer_name else ""


def render_decision_pdf(*, decision, entries) -> bytes:
    """The recognition decision with its annex (products, producers, stars), marked DỰ THẢO until issued; a
    decision recorded from before this system is marked as an extract. A correcting decision is worded as one: it
    names the decision it corrects, and its certificates keep the corrected ones' last day (not 36 months), which its
    annex gives line by line (the certificates issued, or, on a draft, the certificates it corrects). Its preamble ends
    on the OCOP office's proposal and the submission (tờ trình) recorded at issue (ocop.paper.proposal_sentence)."""
    rows = decision_annex(decision=decision, entries=entries)
    corrects = decision.corrects if decision.corrects_id else None
    if corrects is not None:
        kept = {product: c.valid_until for product, c in corrected_certificates(corrects_id=corrects.pk).items()}
        issued = {c.product_id: c.valid_until for c in decision.certificates.all()}
        for row, entry in zip(rows, entries, strict=True):
            row["valid_until"] = issued.get(entry.product_id) or kept.get(entry.product_id)
    return render_pdf(
        "certificates/pdf/decision.html",
        {
            "decision": decision,
            "corrects": corrects,
            # Inside a sentence an issuer is not written in its heading's capitals (Nghị định 30/2020, Phụ lục II).
            "issuer": issuer_in_text(decision),
            "corrects_issuer": issuer_in_text(corrects) if corrects is not None else "",
            "rows": rows,
            "legal_citation": LEGAL_CITATION.get(decision.legal_basis, ""),
            # "Theo đề nghị của … tại Tờ trình số … ngày …" (D26 Điều 7.3đ, 7.4đ): the OCOP office's submission, if
            # recorded at issue. An extract of a decision from before this system knows only the tờ trình the officer
            # recorded it with: without one, it does not know what it cited.
            "proposal": decision.proposal_sentence if not decision.is_historic or decision.submission_number else "",
            # A decision recorded from before this system is an extract: its own wording is not known here.
            "authority_line": "" if decision.is_historic else deciding_authority(decision),
            # D26 Điều 7.6a's window, which the decision gives its producers (a later filing is no re-evaluation).
            "filing_window": decision.legal_basis == LegalBasis.D26,
            "signer_lines": signer_lines(decision.signer_title),
            "place": place_name(decision),
            # A decision recorded from before this system is an extract: what it said besides is not known here.
            "executors": "" if decision.is_historic else EXECUTORS.get(decision.issuer_level, ""),
            "recipients": [] if decision.is_historic else RECIPIENTS.get(decision.issuer_level, []),
            "with_numbers": any(row["certificate_number"] for row in rows),
        },
        stylesheets=(DECISION_CSS,),
    )


# Who decides in person by issuing level (a recognition, D26 Điều 4.1; a revocation, Điều 8.2), and the point of
# Điều 8.2 that gives them the power to revoke.
DECIDING_AUTHORITY = {"province": ("CHỦ TỊCH", "a"), "ministry": ("BỘ TRƯỞNG", "b")}
# What the finding a revocation rests on is (Revocation.grounded_on; certificates.choices), as the decision cites it.
FINDINGS = (
    (COMMUNE_GROUNDS, "văn bản xác nhận của Ủy ban nhân dân cấp xã về việc chủ thể không còn sản xuất sản phẩm OCOP"),
    (INSPECTION_GROUNDS, "kết luận kiểm tra, giám sát"),
    (AGENCY_CONCLUSION_GROUNDS, "kết luận của cơ quan có thẩm quyền"),
    # a: another agency's conclusion or the office's own verification, as the detail says (Điều 8.4's words).
    (AGENCY_OR_INSPECTION_GROUNDS, "kết luận về hành vi vi phạm của chủ thể"),
)


def revocation_executors(*, certificate, authority) -> str:
    """Who carries out a revoking decision (its last article, "Như Điều 3" in Nơi nhận): the issuer's offices, the
    commune of the producer (its UBND confirms and guides, Điều 8.4, 10.4), for a 5★ one the province too, and the
    producer (Điều 8.3c: the decision goes to the producer and the agencies concerned)."""
    parts = [OFFICES.get(authority.issuer_level, "")]
    commune = certificate.product.producer.commune
    parts.append(f"Chủ tịch Ủy ban nhân dân {commune.name_in_text}")
    if authority.issuer_level == "ministry" and certificate.province_id:
        parts.append(f"Chủ tịch Ủy ban nhân dân {certificate.province.name_in_text}")
    return f"{', '.join(p for p in parts if p)} và {certificate.producer_name}"


def render_revocation_pdf(*, revocation) -> bytes:
    """The decision revoking a certificate (thu hồi, D26 Điều 8), by who revokes it (revocation_authority: the Chủ tịch
    UBND of the product's province for 3★/4★, the Minister for 5★): the certificate as issued (its snapshot), the
    ground in the words of Điều 8.1 with the proposal's detail, the finding it rests on and its day, the OCOP office's
    submission (tờ trình) it answers when recorded (ocop.paper.proposal_sentence). Marked DỰ THẢO
    while only proposed (number and date left blank, to bring to signature); once issued, the number and date the
    officer recorded. Heading, Nơi nhận and the signature block are the recognition decision's."""
    certificate = revocation.certificate
    authority = revocation_authority(certificate)
    title, authority_point = DECIDING_AUTHORITY[authority.issuer_level]
    issued = revocation.status == RevocationStatus.ISSUED
    finding = next((words for grounds, words in FINDINGS if revocation.ground in grounds), "")
    return render_pdf(
        "certificates/pdf/revocation.html",
        {
            "revocation": revocation,
            "c": certificate,
            "recognition": certificate.decision,
            "recognition_issuer": issuer_in_text(certificate.decision),
            "authority": authority,
            "authority_line": deciding_authority(authority),
            "authority_point": authority_point,
            "issued": issued,
            "number": revocation.decision_number if issued else "",
            "date": revocation.decision_date if issued else None,
            "place": place_name(authority),
            "legal_citation": LEGAL_CITATION["26/2026"],
            "point": ground_letters({revocation.ground}),
            "ground_words": REVOCATION_GROUND_LAW_WORDS[revocation.ground],
            "detail_lines": [line.strip() for line in revocation.detail.splitlines() if line.strip()],
            # Its day, or, on a draft of a proposal on record without it, a blank the officer who issues it fills in
            # (certificate_revoke asks it); an issued decision recorded without it cites none.
            "finding": finding if revocation.grounded_on or not issued else "",
            # "Theo đề nghị của … tại Tờ trình số … ngày …": the office's submission the decision answers, if recorded.
            "proposal": revocation.proposal_sentence,
            "executors": revocation_executors(certificate=certificate, authority=authority),
            "recipients": RECIPIENTS.get(authority.issuer_level, []),
            # As signed ("KT. CHỦ TỊCH" over "PHÓ CHỦ TỊCH"); the deciding title alone where it was not recorded.
            "signer_lines": signer_lines(revocation.signer_title) or [title],
            "signer_name": revocation.signer_name,
        },
        stylesheets=(DECISION_CSS,),
    )


def warm_up_context() -> dict:
    """A made-up certificate for the warm-up (ocop.pdf.warm_up): the same template, stars, QR code and fonts as
    a real one, nothing read from the database."""
    today = date(2026, 5, 22)  # any date: nothing depends on it
    decision = SimpleNamespace(
        issuer_name="Ủy ban nhân dân tỉnh", number="1/QĐ-UBND", date=today, signer_name="Nguyễn Văn An"
    )
    certificate = SimpleNamespace(
        number="00-0000-0000/GCN-OCOP",
        product_name="Miến dong – sản phẩm OCOP",
        product_code="OCOP-00-0000",
        producer_name="Hợp tác xã Mỗi xã một sản phẩm",
        producer_address="Xã Hòa An, tỉnh Thái Nguyên",
        star=4,
        issued_on=today,
        valid_until=today,
        is_historic=False,
    )
    return {
        "c": certificate,
        "decision": decision,
        "stars": stars_svg(certificate.star),
        "qr": qr_svg("https://ocop.example/xac-minh/warm-up"),
        "signer_lines": ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        "place": "Thái Nguyên",
        "issuer": decision.issuer_name,
        "fit": text_fit(certificate, decision),
    }


def warm_up() -> bool:
    """What a worker does at its start (ocop.pdf.warm_up: fonts and the stylesheets registered in apps.py)."""
    return ocop_pdf.warm_up()
