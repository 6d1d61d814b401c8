from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    CHECKED = "checked", _("Đã kiểm tra")
    ISSUED = "issued", _("Đã ban hành")


# Decisions drafted or checked, not yet issued: what the signer's office still has to bring to signature.
PENDING_DECISION_STATUSES = (DecisionStatus.DRAFT, DecisionStatus.CHECKED)


class IssuerLevel(models.TextChoices):
    DISTRICT = "district", _("UBND huyện (cũ)")
    PROVINCE = "province", _("UBND tỉnh")
    MINISTRY = "ministry", _("Bộ Nông nghiệp và Môi trường")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Còn hiệu lực")
    # From the window's opening (180 days before expiry) to the last month: the window itself closes 120 days before,
    # so the label says the re-evaluation is due, not that a filing is still in time (Điều 7.6a).
    RENEWAL_WINDOW = "renewal_window", _("Đến kỳ đánh giá lại")
    EXPIRING = "expiring", _("Sắp hết hạn")
    EXPIRED = "expired", _("Hết hạn")
    EXTENDED = "extended", _("Gia hạn chờ đánh giá lại")
    REVOKED = "revoked", _("Bị thu hồi")
    SUPERSEDED = "superseded", _("Đã được thay thế")


# Statuses in which a certificate still certifies the product.
LIVE_STATUSES = {
    CertificateStatus.VALID,
    CertificateStatus.RENEWAL_WINDOW,
    CertificateStatus.EXPIRING,
    CertificateStatus.EXTENDED,
}


class PublicVerdict(models.TextChoices):
    """What the public is told about a certificate: the officers' phases (re-evaluation window, expiring)
    are all simply "valid" to a buyer."""

    VALID = "valid", _("Còn hiệu lực")
    EXTENDED = "extended", _("Còn hiệu lực (đang đánh giá lại)")
    EXPIRED = "expired", _("Hết hiệu lực")
    REVOKED = "revoked", _("Bị thu hồi")
    SUPERSEDED = "superseded", _("Đã được thay thế")


class RevocationStatus(models.TextChoices):
    """Four eyes on thu hồi: one officer proposes, another issues the decision."""

    PROPOSED = "proposed", _("Đề xuất, chờ ban hành")
    ISSUED = "issued", _("Đã ban hành")


class RevocationGround(models.TextChoices):
    """Căn cứ thu hồi, D26 Điều 8.1."""

    UNTRUTHFUL = "a", _("a) Thông tin không trung thực, giả mạo hồ sơ")
    CRITERIA_NOT_MET = "b", _("b) Không còn đáp ứng tiêu chí theo kết luận kiểm tra")
    LAW_BREACH = (
        "c",
        _("c) Vi phạm pháp luật về chất lượng, an toàn thực phẩm, môi trường, sở hữu trí tuệ, nhãn hàng hoá…"),
    )
    MARK_MISUSE = "d", _("d) Sử dụng nhãn hiệu OCOP không đúng quy định, gây nhầm lẫn về sản phẩm được công nhận")
    STOPPED_PRODUCTION = "dd", _("đ) Chủ thể không còn sản xuất sản phẩm")
    OTHER = "e", _("e) Trường hợp khác theo kết luận của cơ quan có thẩm quyền")


# Each ground in the words of D26 Điều 8.1, as the revoking decision cites it (certificates.pdf; an official document is
# in Vietnamese whatever the reader's language, so these are not marked for translation).
REVOCATION_GROUND_LAW_WORDS = {
    RevocationGround.UNTRUTHFUL: "Chủ thể OCOP bị phát hiện cung cấp thông tin, tài liệu không trung thực hoặc giả mạo hồ "
    "sơ trong quá trình đăng ký đánh giá, phân hạng sản phẩm OCOP",
    RevocationGround.CRITERIA_NOT_MET: "Sản phẩm OCOP không còn đáp ứng các tiêu chí theo Bộ tiêu chí OCOP theo kết luận "
    "kiểm tra, giám sát của cơ quan có thẩm quyền",
    RevocationGround.LAW_BREACH: "Sản phẩm OCOP vi phạm quy định pháp luật về chất lượng sản phẩm, an toàn thực phẩm, bảo "
    "vệ môi trường, sở hữu trí tuệ, ghi nhãn hàng hóa hoặc các quy định pháp luật khác có liên quan theo kết luận của "
    "cơ quan có thẩm quyền",
    RevocationGround.MARK_MISUSE: "Chủ thể OCOP sử dụng nhãn hiệu OCOP không đúng quy định, gây nhầm lẫn về sản phẩm được "
    "công nhận",
    RevocationGround.STOPPED_PRODUCTION: "Chủ thể OCOP không còn hoạt động sản xuất sản phẩm OCOP",
    RevocationGround.OTHER: "Trường hợp khác theo kết luận và đề nghị của cơ quan nhà nước có thẩm quyền về việc sản phẩm "
    "OCOP không đủ điều kiện tiếp tục được công nhận",
}


# What a proposal to revoke rests on (Điều 8.1, 8.4), the one rule of it (read through conclusion_required, and the
# union CONCLUSION_GROUNDS for the pages that take a conclusion):
# - c and e say "theo kết luận của cơ quan (nhà nước) có thẩm quyền": another agency's conclusion on the producer's
#   breach (agency, number/sign, date) always comes with them, and the 15 days of Điều 8.4 run from its date;
AGENCY_CONCLUSION_GROUNDS = frozenset({RevocationGround.LAW_BREACH, RevocationGround.OTHER})
# - a ("bị phát hiện" giving untruthful information or a forged dossier) names no agency: another agency's conclusion
#   may establish it, or the OCOP office's own verification (its inspection, Điều 8.3a and 9); the 15 days run from
#   the agency's conclusion when one is recorded, else from the inspection's conclusion;
AGENCY_OR_INSPECTION_GROUNDS = frozenset({RevocationGround.UNTRUTHFUL})
# - b says "theo kết luận kiểm tra, giám sát", and d (misuse of the OCOP mark, a breach of the producer: the 15 days
#   run from the conclusion "về hành vi vi phạm", Điều 8.4) is what the office's inspection of the mark's use finds
#   (Điều 8.3a, 9.3b): each rests on a concluded inspection of the OCOP office (supervision's) that found it, the 15
#   days running from that conclusion; a proposal on it is started from that inspection (its conclusion, or its
#   revocation case) or names it (inspection_required);
INSPECTION_GROUNDS = frozenset({RevocationGround.CRITERIA_NOT_MET, RevocationGround.MARK_MISUSE})
# - đ rests on the commune's confirmation that the producer no longer produces (Điều 8.4: "xác nhận của UBND cấp
#   xã"), the 15 days running from it, never from an inspection's conclusion: a proposal on it is started from the
#   case that confirmation opened or, made on the certificate page, names it while that case is open
#   (confirmation_required). Supervision keeps the limits.
COMMUNE_GROUNDS = frozenset({RevocationGround.STOPPED_PRODUCTION})
# The grounds proposed on a conclusion of their own: supervision's agency-conclusion page offers them, the certificate
# page's proposal form (which records no conclusion) does not.
CONCLUSION_GROUNDS = AGENCY_CONCLUSION_GROUNDS | AGENCY_OR_INSPECTION_GROUNDS


def conclusion_required(ground: str, *, inspection_concluded: bool = False) -> bool:
    """Whether a proposal on `ground` needs a competent agency's conclusion recorded with it: c and e always; a unless
    the OCOP office's own inspection concluded it (`inspection_concluded`); b, d, đ never (inspection_required,
    confirmation_required)."""
    if ground in AGENCY_CONCLUSION_GROUNDS:
        return True
    return ground in AGENCY_OR_INSPECTION_GROUNDS and not inspection_concluded


def inspection_required(ground: str, *, inspection_concluded: bool = False) -> bool:
    """Whether a proposal on `ground` still lacks the concluded inspection of the OCOP office it rests on: b or d,
    unless it is started from, or names, an inspection whose conclusion found it (an outcome proposing revocation on it:
    `inspection_concluded`); every other ground never (a may rest on such an inspection instead of an agency's
    conclusion: conclusion_required)."""
    return ground in INSPECTION_GROUNDS and not inspection_concluded


def confirmation_required(ground: str, *, commune_confirmed: bool = False) -> bool:
    """Whether a proposal on `ground` still lacks the commune's confirmation it rests on: đ, unless it is started
    from, or names, the open case of the commune's confirmation that production stopped (`commune_confirmed`); an
    inspection's conclusion does not stand for it. Every other ground never."""
    return ground in COMMUNE_GROUNDS and not commune_confirmed


def ground_letters(grounds) -> str:
    """The letters of Điều 8.1 of `grounds` in the decision's order ("a, c, e"), as messages name them."""
    return ", ".join(str(label).split(")")[0] for value, label in RevocationGround.choices if value in grounds)


class NoticeKind(models.TextChoices):
    """The steps of the expiry watch that the producer is told about (see certificates/services/expiry/)."""

    PREPARE = "prepare", _("Nhắc chuẩn bị hồ sơ đánh giá lại")
    RENEWAL_WINDOW = "renewal_window", _("Mở thời hạn nộp hồ sơ đánh giá lại")
    WINDOW_CLOSING = "window_closing", _("Sắp hết thời hạn nộp hồ sơ đánh giá lại")
    WINDOW_CLOSED = "window_closed", _("Đã hết thời hạn nộp hồ sơ đánh giá lại")
    EXPIRING = "expiring", _("Sắp hết hạn")
    EXTENDED = "extended", _("Gia hạn chờ kết quả đánh giá lại")
    EXPIRED = "expired", _("Hết hạn")


class AuditAction(models.TextChoices):
    """The acts this app records in the audit trail (see ocop.choices.AuditAction); the expiry watch's steps are
    "certificate.expiry.<NoticeKind>" besides these."""

    DECISION_CREATE = "decision.create", pgettext_lazy("audit", "Lập dự thảo quyết định")
    DECISION_CHECK = "decision.check", pgettext_lazy("audit", "Kiểm tra quyết định")
    DECISION_RETURN_TO_DRAFT = "decision.return_to_draft", pgettext_lazy("audit", "Trả quyết định về dự thảo")
    DECISION_ENTRY_REMOVE = "decision.entry_remove", pgettext_lazy("audit", "Bỏ sản phẩm khỏi quyết định")
    DECISION_ISSUE = "decision.issue", pgettext_lazy("audit", "Ban hành quyết định")
    DECISION_CORRECT = "decision.correct", pgettext_lazy("audit", "Đính chính quyết định")
    DECISION_DISCARD = "decision.discard", pgettext_lazy("audit", "Hủy dự thảo quyết định")
    DECISION_COMPLETE_PAPERS = (
        "decision.complete_papers",
        pgettext_lazy("audit", "Bổ sung tờ trình, người ký của quyết định"),
    )
    CERTIFICATE_ISSUE = "certificate.issue", pgettext_lazy("audit", "Cấp giấy chứng nhận")
    CERTIFICATE_CORRECT = "certificate.correct", pgettext_lazy("audit", "Đính chính giấy chứng nhận")
    CERTIFICATE_RECORD_HISTORIC = (
        "certificate.record_historic",
        pgettext_lazy("audit", "Ghi nhận giấy chứng nhận đã cấp trước đây"),
    )
    CERTIFICATE_RENDER_PDF = "certificate.render_pdf", pgettext_lazy("audit", "Tạo bản PDF")
    CERTIFICATE_SUPERSEDE = "certificate.supersede", pgettext_lazy("audit", "Được thay bằng giấy chứng nhận mới")
    CERTIFICATE_REVOKE_PROPOSE = "certificate.revoke_propose", pgettext_lazy("audit", "Đề nghị thu hồi")
    CERTIFICATE_REVOKE_WITHDRAW = "certificate.revoke_withdraw", pgettext_lazy("audit", "Rút đề nghị thu hồi")
    CERTIFICATE_REVOKE = "certificate.revoke", pgettext_lazy("audit", "Thu hồi giấy chứng nhận")
    CERTIFICATE_REEVALUATION_START = "certificate.reevaluation_start", pgettext_lazy("audit", "Mở hồ sơ đánh giá lại")
    CERTIFICATE_EXPIRY_RUN_REQUESTED = (
        "certificate.expiry.run_requested",
        pgettext_lazy("audit", "Yêu cầu rà soát hạn giấy chứng nhận"),
    )


def audit_vocabulary():
    from ocop.hooks import AuditVocabulary

    from .models import Revocation

    return AuditVocabulary(
        actions=dict(AuditAction.choices) | {f"certificate.expiry.{kind}": label for kind, label in NoticeKind.choices},
        keys={
            "issuer": _("Cơ quan ban hành"),
            "decision": _("Quyết định"),
            "scan": _("Bản quét"),
            "ground": _("Căn cứ"),
            "proposed_by": _("Người đề nghị"),
            "superseded_by": _("Thay bằng giấy chứng nhận"),
            "certificates": _("Giấy chứng nhận"),
            "certificate_ids": _("Giấy chứng nhận"),
            "results": _("Kết quả của Hội đồng"),
            "result": _("Kết quả của Hội đồng"),
            "product": _("Sản phẩm"),
            "corrects": _("Đính chính quyết định"),
            "left_out": _("Sản phẩm không đưa vào (giấy chứng nhận không còn hiệu lực)"),
        },
        key_choices={"ground": RevocationGround},
        # A revocation's decision is the revoking one (its row named its number "decision" before 12/2026, which read
        # as the certificate's recognition decision); a PDF's print count is the system's own bookkeeping.
        action_keys={
            AuditAction.CERTIFICATE_REVOKE: {
                "decision": _("Số quyết định thu hồi"),
                "decision_number": _("Số quyết định thu hồi"),
                "decision_date": _("Ngày quyết định thu hồi"),
                "grounded_on": _("Ngày văn bản, kết luận làm căn cứ thu hồi"),
                "submission": _("Tờ trình đề nghị thu hồi"),
            },
            AuditAction.DECISION_ISSUE: {"submission": _("Tờ trình đề nghị")},
            # An old certificate recorded with its decision names the tờ trình that decision cites.
            AuditAction.CERTIFICATE_RECORD_HISTORIC: {"submission": _("Tờ trình đề nghị")},
            AuditAction.CERTIFICATE_RENDER_PDF: {"version": None},
        },
        models=(Revocation,),
    )
