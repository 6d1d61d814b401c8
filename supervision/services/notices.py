"""Notices to the producer about each supervision step, in the reader's language: in the app, and by e-mail."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy

from ocop.phrases import Phrase
from ocop.services import notify

from ..choices import (
    CheckArea,
    InspectionKind,
    ItemResult,
    Outcome,
    Severity,
)
from ..models import (
    Inspection,
    Remedy,
    RevocationCase,
)


def _producer_message(event: str, pk: int):
    """(product, certificate, message, lines, url) for one step: the message and the e-mail's lines are phrases,
    written in each reader's language when shown (the lines the officers typed stay as typed)."""
    if event in {"scheduled", "concluded"}:
        inspection = Inspection.objects.select_related("certificate", "product__producer").get(pk=pk)
        product, certificate = inspection.product, inspection.certificate
        if event == "scheduled":
            message = gettext_lazy(
                "Sản phẩm “%(p)s” sẽ được kiểm tra, giám sát (Điều 9 Quyết định 26/2026/QĐ-TTg) ngày %(d)s."
            )
            return (
                product,
                certificate,
                Phrase(message, p=product.name, d=f"{inspection.scheduled_on:%d/%m/%Y}"),
                [Phrase(gettext_lazy("Hình thức: %(k)s."), k=InspectionKind(inspection.kind).label)],
                reverse("products:product_detail", args=[product.pk]),
            )
        url = reverse("supervision:inspection_detail", args=[inspection.pk])
        lines = [Phrase(gettext_lazy("Kết luận: %(o)s."), o=Outcome(inspection.outcome).label)]
        for item in inspection.items.filter(result=ItemResult.FINDING):
            lines.append(
                Phrase(
                    "%(a)s — %(s)s: %(n)s", a=CheckArea(item.area).label, s=Severity(item.severity).label, n=item.note
                )
            )
        if inspection.outcome == Outcome.REMEDY:
            remedy = inspection.remedy
            lines.append(
                Phrase(
                    gettext_lazy("Phải khắc phục trước ngày %(d)s: %(r)s"),
                    d=f"{remedy.due_on:%d/%m/%Y}",
                    r=remedy.required,
                )
            )
            lines.append(Phrase(gettext_lazy("Báo cáo kết quả khắc phục kèm minh chứng trên hệ thống.")))
        if inspection.outcome == Outcome.REVOKE:
            # The conclusion is the producer's to know; the pending proposal and its limit stay with the officials
            # (as on the certificate's own revocation path) until the decision is issued and notified.
            lines.append(
                Phrase(
                    gettext_lazy(
                        "Kết luận kiểm tra xác định căn cứ thu hồi giấy chứng nhận số %(n)s (Điều 8 khoản 1); cơ quan "
                        "có thẩm quyền xem xét, quyết định."
                    ),
                    n=certificate.number,
                )
            )
        message = Phrase(
            gettext_lazy("Kết luận kiểm tra sản phẩm “%(p)s”: %(o)s."),
            p=product.name,
            o=Outcome(inspection.outcome).label,
        )
        return product, certificate, message, lines, url
    if event in {"remedy_accepted", "remedy_rejected"}:
        remedy = Remedy.objects.select_related("inspection__product__producer", "inspection__certificate").get(pk=pk)
        product, certificate = remedy.inspection.product, remedy.inspection.certificate
        url = reverse("supervision:inspection_detail", args=[remedy.inspection_id])
        if event == "remedy_accepted":
            message = Phrase(
                gettext_lazy("Kết quả khắc phục đối với sản phẩm “%(p)s” đã được chấp nhận."), p=product.name
            )
            return product, certificate, message, [remedy.review_note] if remedy.review_note else [], url
        message = Phrase(
            gettext_lazy("Báo cáo khắc phục đối với sản phẩm “%(p)s” chưa được chấp nhận; hạn %(d)s."),
            p=product.name,
            d=f"{remedy.due_on:%d/%m/%Y}",
        )
        return product, certificate, message, [remedy.review_note], url
    if event == "stop_confirmed":
        case = RevocationCase.objects.select_related("certificate__product__producer").get(pk=pk)
        certificate = case.certificate
        message = Phrase(
            gettext_lazy(
                "UBND xã xác nhận chủ thể không còn sản xuất sản phẩm “%(p)s”; giấy chứng nhận số %(n)s được xem xét "
                "thu hồi (Điều 8 khoản 1 điểm đ)."
            ),
            p=certificate.product_name,
            n=certificate.number,
        )
        url = reverse("certificates:certificate_detail", args=[certificate.pk])
        return certificate.product, certificate, message, [], url
    raise ValueError(event)


def supervision_notify_producer(*, event: str, pk: int, in_app: bool = True) -> int:
    """Tell the producer's members (in the app) and the producer's addresses (by e-mail, each in its reader's
    language: ocop.emails) of one step; returns how many addresses were mailed. `in_app` False on a retry: the
    attempt that failed on the e-mail had already written the in-app notice, in its own commit."""
    from ocop.emails import office_reply_to, send_templated_to

    product, certificate, message, lines, url = _producer_message(event, pk)
    producer = product.producer
    members = list(producer.members.filter(is_active=True))
    if in_app:
        notify(users=members, message=message, url=url)
    mailed = send_templated_to(
        "supervision_step",
        users=members,
        addresses=[producer.email],
        context={"producer": producer, "certificate": certificate, "message": message, "lines": lines, "url": url},
        reply_to=office_reply_to(producer.commune.parent_id),
    )
    return len(mailed)
