"""Correcting decisions (quyết định đính chính): which lines a correction may carry and when it may be dated. A
correction fixes the text of certificates still in force: each line's certificate keeps the corrected one's last day
(certificates.services.decisions.certificate_create); a product whose certificate is no longer in force is
re-evaluated, not corrected. decision_correct and decision_issue (certificates.services.decisions) apply these rules."""

from datetime import date
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..choices import LIVE_STATUSES, CertificateStatus, DecisionStatus
from ..models import Certificate, DecisionEntry, RecognitionDecision

# A correction replaces what it corrects: dated before it, it would stand before it in every list and report.
CORRECTION_BEFORE_CORRECTED = gettext_lazy(
    "Quyết định đính chính không thể ghi ngày trước quyết định số %(number)s mà nó đính chính: ngày sớm nhất là %(d)s."
)
# A correction fixes the text of certificates still in force; a product whose certificate is no longer is re-evaluated.
CORRECTION_NOTHING_IN_FORCE = gettext_lazy(
    "Không đính chính được: không sản phẩm nào của quyết định còn giấy chứng nhận đang có hiệu lực (%(lines)s). "
    "Đính chính chỉ sửa giấy chứng nhận còn hiệu lực; sản phẩm có giấy chứng nhận không còn hiệu lực cần được đánh "
    "giá lại."
)
CORRECTION_ALREADY_CORRECTED = gettext_lazy(
    "Quyết định này đã được đính chính bởi quyết định %(numbers)s: hãy đính chính quyết định đó."
)
CORRECTION_ISSUE_OUT_OF_FORCE = gettext_lazy(
    "Không ban hành được quyết định đính chính: giấy chứng nhận của các sản phẩm sau không còn hiệu lực để đính chính "
    "(%(lines)s). Trả lại dự thảo, bỏ các sản phẩm này khỏi phụ lục rồi kiểm tra và ban hành lại; sản phẩm có giấy "
    "chứng nhận không còn hiệu lực cần được đánh giá lại."
)


def corrected_certificates(*, corrects_id: int, lock: bool = False) -> dict[int, Certificate]:
    """The certificates the decision `corrects_id` issued, by product, each with its status of the day
    (`status_today`) and its successor: what a correction of that decision corrects. `lock` (inside the issuing
    transaction): a revocation or a newer decision of the same product waits until the correction has committed."""
    certificates = Certificate.objects.filter(decision_id=corrects_id)
    if lock:
        certificates = certificates.select_for_update(of=("self",))
    rows = certificates.with_status_today(timezone.localdate()).select_related("superseded_by").order_by("pk")
    return {c.product_id: c for c in rows}


def correction_earliest_date(*, corrects_id: int) -> tuple[RecognitionDecision, date]:
    """The decision a correction corrects, and the earliest date the correction may bear: that decision's date, or its
    certificates' issue date when one is later (the certificates the correction replaces). The same day is allowed."""
    corrected = RecognitionDecision.objects.annotate(last_issued=Max("certificates__issued_on")).get(pk=corrects_id)
    return corrected, max(d for d in (corrected.date, corrected.last_issued) if d is not None)


def correction_refusal(*, entry: DecisionEntry, certificate: Certificate | None, on: date) -> str:
    """Why a correction dated `on` cannot carry this annex line ("" when it can), naming the product and its
    certificate. The certificate the corrected decision issued to the product must certify it today, by its status of
    the day (`status_today`: one whose last day was yesterday is expired before the night's sweep stores it), and end
    after `on`: the correction's certificate keeps its last day (certificate_create), so a correction never gives a
    product a new validity nor brings back a certificate expired, revoked or superseded (nor one in its extension,
    Điều 12.3: the re-evaluation's decision issues that product's next certificate). `certificate` comes from
    corrected_certificates."""
    values = {"product": entry.product.name}
    if certificate is None:
        return _("“%(product)s”: quyết định được đính chính không cấp giấy chứng nhận cho sản phẩm này") % values
    values |= {"number": certificate.number, "until": f"{certificate.valid_until:%d/%m/%Y}", "on": f"{on:%d/%m/%Y}"}
    status = certificate.status_today
    if status == CertificateStatus.REVOKED:
        return _("“%(product)s”: giấy chứng nhận số %(number)s đã bị thu hồi") % values
    if status == CertificateStatus.SUPERSEDED and certificate.superseded_by is not None:
        return _("“%(product)s”: giấy chứng nhận số %(number)s đã được thay bằng giấy chứng nhận số %(successor)s") % (
            values | {"successor": certificate.superseded_by.number}
        )
    if status == CertificateStatus.SUPERSEDED:
        return _("“%(product)s”: giấy chứng nhận số %(number)s đã được thay thế") % values
    if status not in LIVE_STATUSES:
        return _("“%(product)s”: giấy chứng nhận số %(number)s đã hết hạn (hiệu lực đến %(until)s)") % values
    if certificate.valid_until > on:
        return ""
    if status == CertificateStatus.EXTENDED:
        message = _(
            "“%(product)s”: giấy chứng nhận số %(number)s có hiệu lực đến %(until)s, đang được gia hạn chờ đánh giá lại"
        )
    else:
        message = _(
            "“%(product)s”: giấy chứng nhận số %(number)s chỉ có hiệu lực đến %(until)s, "
            "không sau ngày đính chính (%(on)s)"
        )
    return message % values


class CorrectionReview(NamedTuple):
    """What the page of a correcting decision not yet issued says, read today: the corrected decision's products left
    out of the annex because their certificate is no longer in force, the annex's lines whose certificate has
    stopped being so since the draft (entry id → why), which must be taken out before issuing, and the last day each
    other line's new certificate keeps (entry id → the corrected certificate's last day, certificate_create)."""

    left_out: list[str]
    ended: dict[int, str]
    kept_until: dict[int, date]


def correction_review(*, decision: RecognitionDecision) -> CorrectionReview | None:
    """None for a decision that corrects nothing, or that is issued."""
    if not decision.corrects_id or decision.status == DecisionStatus.ISSUED:
        return None
    today = timezone.localdate()
    certificates = corrected_certificates(corrects_id=decision.corrects_id)
    in_annex = {e.product_id: e for e in decision.entries.select_related("product")}
    left_out = [
        reason
        for e in DecisionEntry.objects.filter(decision_id=decision.corrects_id)
        .exclude(product_id__in=list(in_annex))
        .select_related("product")
        .order_by("order", "pk")
        if (reason := correction_refusal(entry=e, certificate=certificates.get(e.product_id), on=today))
    ]
    ended = {
        e.pk: reason
        for e in in_annex.values()
        if (reason := correction_refusal(entry=e, certificate=certificates.get(e.product_id), on=today))
    }
    kept_until = {e.pk: certificates[e.product_id].valid_until for e in in_annex.values() if e.pk not in ended}
    return CorrectionReview(left_out=left_out, ended=ended, kept_until=kept_until)


def corrected_in_force(
    *, decision: RecognitionDecision, entries: list[DecisionEntry], on: date
) -> dict[int, Certificate]:
    """The certificates a correcting decision dated `on` corrects, by product, locked, each line re-checked since the
    draft (correction_refusal): one revoked, superseded or expired meanwhile refuses the whole issue, naming each such
    product, and the issuing transaction writes nothing."""
    certificates = corrected_certificates(corrects_id=decision.corrects_id, lock=True)
    refusals = [
        reason
        for e in entries
        if (reason := correction_refusal(entry=e, certificate=certificates.get(e.product_id), on=on))
    ]
    if refusals:
        raise ValidationError(CORRECTION_ISSUE_OUT_OF_FORCE % {"lines": "; ".join(refusals)}, code="out_of_force")
    return certificates
