"""What every official paper of the app shares (Nghị định 30/2020/NĐ-CP, Phụ lục I): the place of the place-and-date
line, the signer's title as a signed paper prints it (ocop.templatetags.documents.signer_lines) and how a paper cites
the rule set it rests on. The head (quốc hiệu, tiêu ngữ, issuer, number, place and date) and the end (Nơi nhận,
signature) are the templates `ocop/pdf/_paper_head.html` and `ocop/pdf/_paper_end.html`, styled by
`ocop/pdf/paper.css`: the recognition decision (certificates) and the written result notice (evaluation) print them
alike."""

from .templatetags.documents import document_place, signer_lines  # noqa: F401 — every paper signs through it


def issuer_place(*, level: str, unit) -> str:
    """The place before the date ("Thái Nguyên, ngày …"), as on Vietnamese administrative documents: the issuing
    province without its "Tỉnh"/"Thành phố", Hà Nội for the ministry; none when unknown (a historic decision)."""
    if level == "ministry":
        return "Hà Nội"
    if unit is None:
        return ""
    return document_place(unit.name)


# How a paper cites the rule set it was made under (ocop-domain.md §1), by evaluation.choices.LegalBasis.
LEGAL_CITATION = {
    "26/2026": "Quyết định số 26/2026/QĐ-TTg ngày 22 tháng 5 năm 2026 của Thủ tướng Chính phủ ban hành Bộ tiêu chí "
    "và quy trình đánh giá, phân hạng sản phẩm mỗi xã một sản phẩm",
    "1489/2025": "Quyết định số 148/QĐ-TTg ngày 24 tháng 02 năm 2023 của Thủ tướng Chính phủ ban hành Bộ tiêu chí, "
    "quy trình đánh giá, phân hạng sản phẩm Chương trình Mỗi xã một sản phẩm, được sửa đổi bởi Quyết định số "
    "1489/QĐ-TTg ngày 06 tháng 7 năm 2025",
    "148/2023": "Quyết định số 148/QĐ-TTg ngày 24 tháng 02 năm 2023 của Thủ tướng Chính phủ ban hành Bộ tiêu chí, "
    "quy trình đánh giá, phân hạng sản phẩm Chương trình Mỗi xã một sản phẩm",
    "1048/2019": "Quyết định số 1048/QĐ-TTg ngày 21 tháng 8 năm 2019 của Thủ tướng Chính phủ ban hành Bộ tiêu chí "
    "đánh giá, phân hạng sản phẩm Chương trình Mỗi xã một sản phẩm",
}
