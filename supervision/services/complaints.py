"""Complaints about a certified product: submitted by anyone, triaged by the office (dismissed, or an inspection)."""

from __future__ import annotations

import datetime as dt
import logging
import uuid

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.models import User
from ocop.phrases import Phrase
from ocop.services import audit_record, notify, stored_files_undone_on_error
from ocop.text import nfc
from products.models import Product
from products.photos import photo_without_metadata
from products.validators import validate_photo

from ..choices import (
    ComplaintSource,
    ComplaintStatus,
    InspectionKind,
    SelectionReason,
)
from ..models import (
    Complaint,
)
from ..permissions import (
    can_office_certificate,
    is_office,
)
from ..selectors import COMPLAINT_DISCARDED_SECONDS, complaint_discarded_key
from .common import COMPLAINT_MAX, COMPLAINT_MIN, live_certificate_of, office_users
from .scheduling import inspection_create, open_ad_hoc_inspection_locked

logger = logging.getLogger(__name__)

# A phone number to call back has at least this many digits (a hotline 1900 xxxx has 8, a mobile 10).
CONTACT_MIN_DIGITS = 8
# The same complaint (product, text, name, contact; the same officer for an officer's) sent again within these
# minutes by a sender who left a name or a contact is the first one sent again: from the browser's Back button, or
# the form opened anew. Without either, only the form's token tells a sending again from another visitor.
COMPLAINT_REPEAT_MINUTES = 30


class ComplaintAlreadySent(ValidationError):
    """complaint_submit's refusal of a complaint sent again (code "duplicate"): `complaint` is the one recorded, whose
    receipt (or page) the sender is led to."""

    def __init__(self, complaint: Complaint):
        sent = timezone.localtime(complaint.created_at)
        super().__init__(
            _("Phản ánh này đã được gửi lúc %(at)s và đã được ghi nhận (mã %(code)s): không cần gửi lại.")
            % {"at": f"{sent:%H:%M %d/%m/%Y}", "code": complaint.code},
            code="duplicate",
        )
        self.complaint = complaint


def complaint_contact_check(contact: str) -> None:
    """The contact left for a reply is empty, a phone number (at least 8 digits, whatever else is written round it:
    "Zalo 0912 345 678") or an e-mail address: "anh Nam" or "abc@" left the office nobody to answer."""
    contact = nfc(contact or "").strip()
    if not contact or sum(ch.isdigit() for ch in contact) >= CONTACT_MIN_DIGITS:
        return
    try:
        validate_email(contact)
    except ValidationError:
        raise ValidationError(
            {
                "contact": _(
                    "Nhập số điện thoại (ít nhất 8 chữ số) hoặc địa chỉ e-mail để cơ quan quản lý liên hệ lại được, "
                    "hoặc để trống ô này."
                )
            },
            code="contact",
        ) from None


@transaction.atomic
def complaint_submit(
    *,
    product: Product,
    text: str,
    name: str = "",
    contact: str = "",
    photo=None,
    by: User | None = None,
    submission: uuid.UUID | None = None,
) -> Complaint:
    """Phản ánh about a certified product: from the public page (no account, `by` None) or from an officer.
    The province's OCOP office is told in the app. `submission` is the form's one-time token (a new one each time
    the form is shown; one is given when the form sent none, as the receipt's address carries it). A complaint sent
    again is refused with ComplaintAlreadySent, naming the one recorded: the same token (a double click, a network
    retry), or, from a sender who left a name or a contact (or an officer), the same product, text, name and
    contact within COMPLAINT_REPEAT_MINUTES (the form shown anew, by the Back button or the product page's link).
    Two people who write the same words but leave different names or contacts, or none, are two complaints."""
    certificate = live_certificate_of(product)
    if certificate is None:
        raise ValidationError(_("Sản phẩm không có giấy chứng nhận OCOP còn hiệu lực."))
    text = nfc(text).strip()
    if not COMPLAINT_MIN <= len(text) <= COMPLAINT_MAX:
        raise ValidationError(
            {"text": _("Nội dung từ %(a)s đến %(b)s ký tự.") % {"a": COMPLAINT_MIN, "b": COMPLAINT_MAX}}
        )
    if by is not None and not Product.objects.for_user(by).filter(pk=product.pk).exists():
        raise PermissionDenied
    name, contact = nfc(name).strip()[:150], nfc(contact).strip()[:150]
    complaint_contact_check(contact)
    # The product's row is the lock: two parallel sendings of one form (a double click, a network retry) take turns,
    # and the second then sees the first's complaint (the unique token is the backstop).
    Product.objects.select_for_update().filter(pk=product.pk).first()
    sent = _complaint_sent_before(product=product, text=text, name=name, contact=contact, by=by, submission=submission)
    if sent is not None:
        raise ComplaintAlreadySent(sent)
    complaint = Complaint(
        product=product,
        source=ComplaintSource.OFFICER if by is not None else ComplaintSource.PUBLIC,
        text=text,
        name=name,
        contact=contact,
        created_by=by,
        submission=submission or uuid.uuid4(),
    )
    ext = None
    if photo:
        try:
            ext = validate_photo(photo)
            photo = photo_without_metadata(photo, ext=ext)  # an anonymous visitor's: never where they live
        except ValidationError as exc:
            raise ValidationError({"photo": exc.messages}) from exc
    with stored_files_undone_on_error(complaint):  # a write that fails after the photo is stored takes it along
        if ext:
            complaint.photo.save(f"{uuid.uuid4().hex}.{ext}", photo, save=False)
        complaint.save()
        audit_record(actor=by, action="supervision.complaint_submit", target=complaint, summary=text[:200])
        notify(
            users=list(office_users(product.producer.commune.parent_id)),
            url=reverse("supervision:complaint_detail", args=[complaint.pk]),
            message=Phrase(gettext_lazy("Phản ánh mới về sản phẩm “%(p)s”."), p=product.name),
        )
    return complaint


def _complaint_sent_before(
    *, product: Product, text: str, name: str, contact: str, by: User | None, submission: uuid.UUID | None
) -> Complaint | None:
    """The complaint this sending repeats, if any: the one its form's token sent (a double click, a network retry,
    the form sent again), or, from a sender who said who they are (a name, a contact, or the officer), the same
    words about the same product within COMPLAINT_REPEAT_MINUTES (the form shown anew). The words alone are not a
    sender: two visitors who leave neither name nor contact and write the same words are two complaints."""
    same = Q(submission=submission) if submission is not None else None
    if by is not None or name or contact:
        by_sender = Q(
            product=product,
            text=text,
            name=name,
            contact=contact,
            created_by=by,
            created_at__gte=timezone.now() - dt.timedelta(minutes=COMPLAINT_REPEAT_MINUTES),
        )
        same = by_sender if same is None else same | by_sender
    if same is None:
        return None
    return Complaint.objects.filter(same).order_by("created_at", "pk").first()


def complaint_discard(*, product: Product, submission: uuid.UUID | None) -> uuid.UUID:
    """A robot's sending of the public form (its hidden field filled): nothing is recorded, but it is answered as a
    complaint is, with the address of a receipt (the token it returns), so that neither the robot nor a person whose
    browser filled the field learns of the field, and a reload sends nothing again. That receipt thanks the sender
    for a complaint about `product`, without the code only a recorded complaint has (selectors.
    complaint_discarded_product); the cache, not the database, remembers it."""
    token = submission or uuid.uuid4()
    try:
        cache.set(complaint_discarded_key(token), product.pk, COMPLAINT_DISCARDED_SECONDS)
    except Exception:  # noqa: BLE001 - the cache down: the receipt's address answers 404, the robot is still thanked
        logger.warning("complaint discarded: cache unavailable", exc_info=True)
    return token


@transaction.atomic
def complaint_triage(
    *,
    complaint: Complaint,
    by: User,
    action: str,
    reason: str = "",
    inspectors=(),
    scheduled_on: dt.date | None = None,
) -> Complaint:
    """The OCOP office turns a complaint into an ad hoc inspection, or closes it with a reason."""
    certificate = live_certificate_of(complaint.product)
    if certificate is None or not can_office_certificate(by, certificate):
        if certificate is None and action == "close" and is_office(by):
            pass  # a complaint about a product whose certificate ended since may still be closed
        else:
            raise PermissionDenied
    reason = nfc(reason).strip()
    if action == "close":
        if not reason:
            raise ValidationError({"reason": _("Ghi lý do đóng phản ánh.")})
        moved = Complaint.objects.filter(pk=complaint.pk, status=ComplaintStatus.NEW).update(
            status=ComplaintStatus.CLOSED, close_reason=reason, triaged_by=by, triaged_at=timezone.now()
        )
    elif action == "inspect":
        if scheduled_on is None:
            raise ValidationError({"scheduled_on": _("Chọn ngày kiểm tra.")})
        moved = Complaint.objects.filter(pk=complaint.pk, status=ComplaintStatus.NEW).update(
            status=ComplaintStatus.INSPECTION, triaged_by=by, triaged_at=timezone.now()
        )
        if moved == 1:
            # An ad hoc inspection of the certificate still to conclude takes the complaint too: one visit, not two.
            inspection = open_ad_hoc_inspection_locked(certificate) or inspection_create(
                certificate=certificate,
                kind=InspectionKind.AD_HOC,
                reason=SelectionReason.COMPLAINT,
                inspectors=inspectors,
                scheduled_on=scheduled_on,
                by=by,
                detail=complaint.text,
            )
            Complaint.objects.filter(pk=complaint.pk).update(inspection=inspection)
    else:
        raise ValueError(action)
    if moved != 1:
        raise ValidationError(_("Phản ánh đã được xử lý."))
    complaint.refresh_from_db()
    audit_record(
        actor=by, action="supervision.complaint_triage", target=complaint, changes={"action": action}, summary=reason
    )
    return complaint
