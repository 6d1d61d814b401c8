"""Revocation cases (D26 Điều 8): opened by a finding of an inspection or by the commune's confirmation that
production stopped, proposed for revocation or closed with a reason, within the 15 days of Điều 8.4."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certificates.choices import CONCLUSION_GROUNDS, RevocationGround, confirmation_required, ground_letters
from certificates.models import Certificate
from certificates.permissions import can_manage_certificate
from certificates.selectors.revocations import revocation_proposal_of
from certificates.services.revocations import (
    agency_conclusion_clean,
    agency_conclusion_detail,
    certificate_revoke_propose,
    confirmation_missing_message,
)
from ocop.choices import Role
from ocop.models import User
from ocop.paper import PaperWords, signed_paper_errors
from ocop.phrases import Phrase
from ocop.services import audit_record, duplicates_refused, notify
from ocop.text import nfc

from ..choices import (
    CaseSource,
)
from ..models import (
    Inspection,
    RevocationCase,
)
from ..permissions import (
    can_confirm_stop,
    can_office_certificate,
    can_propose_on_conclusion,
    can_request_on_conclusion,
)
from ..selectors import open_case_of
from .common import notify_producer, office_users, revocation_due_on


def revocation_case_open(
    *,
    certificate: Certificate,
    source: str,
    ground: str,
    opened_on: dt.date,
    by: User,
    inspection: Inspection | None = None,
    detail: str = "",
    document_number: str = "",
    agency: str = "",
) -> RevocationCase:
    """The case of `certificate` with its 15 days (revocation_due_on) from `opened_on`: the day of the conclusion or
    confirmation that starts them (Điều 8.4), which may already be more than 15 days ago (overdue at once)."""
    closed = RevocationCase.objects.filter(certificate=certificate).exclude(closed_on=None).first()
    case = RevocationCase(
        pk=closed.pk if closed else None,  # a closed case opens again with the new ground and its own 15 days
        certificate=certificate,
        inspection=inspection,
        source=source,
        ground=ground,
        detail=detail,
        document_number=document_number,
        agency=agency,
        opened_on=opened_on,
        due_on=revocation_due_on(opened_on),
        opened_by=by,
    )
    case.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with duplicates_refused(RevocationCase):
            if closed is None:
                case.save()
            else:
                reopened = RevocationCase.objects.filter(pk=closed.pk).exclude(closed_on=None)
                if not reopened.update(
                    inspection=inspection,
                    source=source,
                    ground=ground,
                    detail=detail,
                    document_number=document_number,
                    agency=agency,
                    opened_on=opened_on,
                    due_on=case.due_on,
                    opened_by=by,
                    closed_on=None,
                    closed_by=None,
                    close_reason="",
                ):
                    raise ValidationError("", code="duplicate")
    except ValidationError as exc:
        raise ValidationError(_("Giấy chứng nhận này đã có hồ sơ thu hồi đang theo dõi."), code="duplicate") from exc
    audit_record(
        actor=by,
        action="supervision.case_open",
        target=case,
        changes={"certificate": certificate.number, "source": source, "due_on": f"{case.due_on:%d/%m/%Y}"},
    )
    return case


def finding_ground_check(ground: str) -> None:
    """A ground of Điều 8.1 that an inspection's own conclusion may start the 15 days of, else refused beside the
    ground: not đ, whose 15 days run from the commune's confirmation that production stopped (Điều 8.4;
    production_stop_confirm opens its case), the refusal saying where that confirmation is recorded."""
    if ground not in RevocationGround.values:
        raise ValidationError({"ground": _("Chọn căn cứ thu hồi (Điều 8 khoản 1).")})
    if confirmation_required(ground):
        raise ValidationError({"ground": confirmation_missing_message(ground)})


def revocation_office(certificate: Certificate):
    """The office whose authority revokes the certificate (Điều 8.2): the province's OCOP office for 3★ and 4★, the
    ministry's for 5★."""
    return office_users(_revoking_province_id(certificate))


def _revoking_province_id(certificate: Certificate) -> int | None:
    """The province whose Chủ tịch UBND revokes the certificate, None for the Minister (5★, Điều 8.2b)."""
    return None if certificate.star == 5 else certificate.product.producer.commune.parent_id


def revocation_requested_by(certificate: Certificate) -> list[int]:
    """certificates.hooks.revocation_requested_by: the office that opened the certificate's case, when it is not the
    office that revokes (revocation_office) — the ministry that asked the province to revoke a 3★/4★ recognition
    (Điều 10.1b) or concluded the ground by its own inspection (Điều 9.4b). The decision is sent to it too (Điều
    8.3c); the revoking office is not told of its own decision."""
    case = open_case_of(certificate)
    opener = case.opened_by if case else None
    if opener is None:
        return []
    office = None if opener.role == Role.CENTRAL_OFFICER else opener.province_id
    return (
        [] if office == _revoking_province_id(certificate) else list(office_users(office).values_list("pk", flat=True))
    )


def revocation_case_refer(*, case: RevocationCase) -> None:
    """Tell the office that revokes (revocation_office) of a ground concluded by another office's inspection: it
    proposes from the case, within the 15 days that run from the conclusion (Điều 8.3a, 8.4)."""
    certificate = case.certificate
    said = {"c": f"{case.opened_on:%d/%m/%Y}", "n": certificate.number, "p": certificate.product_name}
    said["d"] = f"{case.due_on:%d/%m/%Y}"
    if case.source == CaseSource.AGENCY:  # the 15 days run from the agency's conclusion, not the inspection's
        message = Phrase(
            gettext_lazy(
                "Kết luận số %(k)s ngày %(c)s của %(a)s là căn cứ thu hồi giấy chứng nhận %(n)s (“%(p)s”): đề xuất "
                "thu hồi trước ngày %(d)s (Điều 8.4)."
            ),
            k=case.document_number,
            a=case.agency,
            **said,
        )
    else:
        message = Phrase(
            gettext_lazy(
                "Kết luận kiểm tra ngày %(c)s xác định căn cứ thu hồi giấy chứng nhận %(n)s (“%(p)s”): đề xuất thu "
                "hồi trước ngày %(d)s (Điều 8.4)."
            ),
            **said,
        )
    notify(
        users=list(revocation_office(certificate)),
        url=reverse("supervision:case_detail", args=[case.pk]),
        message=message,
    )


# ---------------------------------------------------------------------------------------------------------
# Revocation cases from outside an inspection


# The commune's confirmation that production stopped, as production_stop_check refuses it.
STOP_CONFIRMATION_WORDS = PaperWords(
    number_missing=gettext_lazy("Ghi số văn bản xác nhận của UBND xã."),
    number_malformed=gettext_lazy("Số văn bản xác nhận phải có dạng số/ký hiệu, ví dụ 15/UBND-KT."),
    date_missing=gettext_lazy("Ghi ngày văn bản xác nhận của UBND xã."),
    date_future=gettext_lazy("Ngày xác nhận không thể sau hôm nay (%(today)s)."),
    date_early=gettext_lazy("Ngày xác nhận phải từ ngày cấp giấy chứng nhận (%(d)s) đến hôm nay (%(today)s)."),
)


def production_stop_check(*, certificate: Certificate, confirmed_on: dt.date | None, document_number: str) -> str:
    """The commune's signed confirmation that production stopped, as every signed paper is checked: its number in
    the form "số/ký hiệu" (ocop.text.DOCUMENT_NUMBER_RE: "xx" or a pasted sentence is no number the revocation
    decision can cite), its day not after today nor before the certificate's issue. Every refusal beside its field
    at once; run by production_stop_confirm and as the form is cleaned. Returns the number normalised."""
    document_number = nfc(document_number or "").strip()
    errors = signed_paper_errors(
        number=document_number,
        date=confirmed_on,
        words=STOP_CONFIRMATION_WORDS,
        number_field="document_number",
        date_field="confirmed_on",
        not_before=certificate.issued_on,
    )
    if errors:
        raise ValidationError(errors)
    return document_number


@transaction.atomic
def production_stop_confirm(
    *, certificate: Certificate, by: User, confirmed_on: dt.date, document_number: str, detail: str = ""
) -> RevocationCase:
    """UBND cấp xã confirms that the producer no longer produces the product (Điều 8.1đ): the 15 days of Điều 8.4
    start from the confirmation; the province's office proposes the revocation, another officer issues it."""
    if not can_confirm_stop(by, certificate):
        raise PermissionDenied
    if not certificate.is_live_on(timezone.localdate()):  # its status of the day, not the sweep's
        raise ValidationError(_("Giấy chứng nhận không còn hiệu lực."))
    document_number = production_stop_check(
        certificate=certificate, confirmed_on=confirmed_on, document_number=document_number
    )
    case = revocation_case_open(
        certificate=certificate,
        source=CaseSource.COMMUNE,
        ground=RevocationGround.STOPPED_PRODUCTION,
        opened_on=confirmed_on,
        by=by,
        detail=nfc(detail).strip(),
        document_number=document_number,
    )
    notify(
        users=list(office_users(certificate.product.producer.commune.parent_id)),
        url=reverse("supervision:case_detail", args=[case.pk]),
        message=Phrase(
            gettext_lazy("UBND xã xác nhận chủ thể không còn sản xuất “%(p)s”: thu hồi trước ngày %(d)s (Điều 8.4)."),
            p=certificate.product_name,
            d=f"{case.due_on:%d/%m/%Y}",
        ),
    )
    notify_producer("stop_confirmed", case.pk)
    return case


@transaction.atomic
def agency_conclusion_propose(
    *,
    certificate: Certificate,
    by: User,
    ground: str,
    agency: str,
    document_number: str,
    concluded_on: dt.date | None,
    detail: str = "",
) -> RevocationCase:
    """A competent authority's conclusion on the producer's breach recorded on the agency-conclusion page, which starts
    the 15 days of Điều 8.4 (the case's, from the conclusion's date), by one of two offices:

    - the office whose authority revokes proposes on it, on a ground that may rest on such a conclusion
      (CONCLUSION_GROUNDS: Điều 8.1a, c, e); the certificate's four-eyes revocation opens at once (another officer
      issues the decision);
    - the ministry asks the Chủ tịch UBND tỉnh to revoke a recognition made not as required (Điều 10.1b: ground e, its
      letter the conclusion); the province's office is told and proposes from the case (revocation_case_propose), the
      ministry proposes nothing in the province's name.

    When the certificate's open case awaits that conclusion (opened from an inspection's own finding on ground c or e:
    RevocationCase.awaits_agency_conclusion), it is recorded on that case, for its ground, instead of opening another
    (case_record_conclusion). Any other open case refuses it (code "duplicate": the page links to that case), and so
    does a second copy (a double click, two tabs)."""
    requesting = can_request_on_conclusion(by, certificate)
    if not requesting and not can_propose_on_conclusion(by, certificate):
        raise PermissionDenied
    if requesting and ground != RevocationGround.OTHER:
        raise ValidationError({"ground": _("Đề nghị của Bộ (Điều 10 khoản 1 điểm b) là căn cứ e (Điều 8 khoản 1).")})
    if ground not in CONCLUSION_GROUNDS:
        raise ValidationError(
            {"ground": _("Chọn căn cứ %(g)s (Điều 8 khoản 1).") % {"g": ground_letters(CONCLUSION_GROUNDS)}}
        )
    if not certificate.is_live_on(timezone.localdate()):  # its status of the day, not the sweep's
        raise ValidationError(_("Giấy chứng nhận không còn hiệu lực."))
    conclusion = agency_conclusion_clean(
        certificate=certificate,
        agency=agency,
        document_number=document_number,
        concluded_on=concluded_on,
        ministry_request=requesting,
    )
    open_case = open_case_of(certificate, lock=True)
    awaiting = _awaiting_conclusion(certificate, open_case, requesting=requesting)
    if awaiting is None:
        _refuse_beside_open_case(open_case)
    elif ground != awaiting.ground:
        raise ValidationError(
            {
                "ground": _(
                    "Hồ sơ thu hồi đang theo dõi của giấy chứng nhận này có căn cứ “%(g)s”: ghi kết luận của cơ quan "
                    "có thẩm quyền cho căn cứ đó."
                )
                % {"g": awaiting.ground_label}
            }
        )
    if requesting:
        detail = agency_conclusion_detail(**_as_proposed(conclusion), detail=detail)
    else:
        detail = certificate_revoke_propose(
            certificate=certificate, ground=ground, detail=detail, by=by, **_as_proposed(conclusion)
        ).detail
    if awaiting is not None:
        case = _case_record_conclusion(case=awaiting, by=by, conclusion=conclusion, detail=detail, request=requesting)
    else:
        case = _agency_case(certificate=certificate, by=by, ground=ground, conclusion=conclusion, detail=detail)
    if requesting:
        revocation_case_refer(case=case)
    return case


def case_awaiting_conclusion(
    certificate: Certificate, *, lock: bool = False, requesting: bool = False
) -> RevocationCase | None:
    """The certificate's open case if its proposal awaits a competent agency's conclusion
    (RevocationCase.awaits_agency_conclusion; none once a proposal exists), read under its row's lock with `lock`
    (inside a transaction: two tabs take turns). `requesting`: for the ministry's request (Điều 10.1b), which is
    ground e only, a case on ground e."""
    return _awaiting_conclusion(certificate, open_case_of(certificate, lock=lock), requesting=requesting)


def _awaiting_conclusion(certificate: Certificate, case: RevocationCase | None, *, requesting: bool):
    """case_awaiting_conclusion on the certificate's open case already read."""
    if case is None or not case.awaits_agency_conclusion or revocation_proposal_of(certificate) is not None:
        return None
    if requesting and case.ground != RevocationGround.OTHER:
        return None
    return case


def _refuse_beside_open_case(case: RevocationCase | None) -> None:
    """A certificate has one open case: a conclusion that is not the one its case awaits opens no second case and
    does not replace what the case rests on (the page links to the case: code "duplicate", as revocation_case_open's
    own backstop)."""
    if case is not None:
        raise ValidationError(
            _(
                "Giấy chứng nhận này đã có hồ sơ thu hồi đang theo dõi (căn cứ “%(g)s”, hạn %(d)s), không chờ kết luận "
                "này: không mở hồ sơ thứ hai. Xem và xử lý hồ sơ đó."
            )
            % {"g": case.ground_label, "d": f"{case.due_on:%d/%m/%Y}"},
            code="duplicate",
        )


def _case_record_conclusion(
    *, case: RevocationCase, by: User, conclusion: tuple, detail: str, request: bool = False
) -> RevocationCase:
    """The competent agency's conclusion recorded on a case that awaited it: the case now rests on it (source AGENCY)
    and its 15 days run from its date (Điều 8.4), no longer from the inspection's conclusion. `request`: the
    conclusion is the ministry's letter asking for the revocation (Điều 10.1b), which makes the ministry the case's
    requester (opened_by), sent the decision with the producer (revocation_requested_by, Điều 8.3c)."""
    agency, document_number, concluded_on = conclusion
    due_on = revocation_due_on(concluded_on)
    moved = RevocationCase.objects.filter(pk=case.pk, closed_on=None, source=case.source).update(
        source=CaseSource.AGENCY,
        agency=agency,
        document_number=document_number,
        opened_on=concluded_on,
        due_on=due_on,
        detail=detail,
        **({"opened_by": by} if request else {}),
    )
    if moved != 1:  # closed or given its conclusion meanwhile (the lock above makes this a backstop)
        raise ValidationError(_("Hồ sơ thu hồi đã thay đổi trong lúc bạn nhập; tải lại trang để xem."))
    audit_record(
        actor=by,
        action="supervision.case_conclusion",
        target=case,
        changes={
            "source": [case.source, CaseSource.AGENCY],
            "opened_on": [f"{case.opened_on:%d/%m/%Y}", f"{concluded_on:%d/%m/%Y}"],
            "due_on": [f"{case.due_on:%d/%m/%Y}", f"{due_on:%d/%m/%Y}"],
            "document_number": document_number,
            **({"opened_by": [case.opened_by_id, by.pk]} if request else {}),
        },
    )
    case.refresh_from_db()
    return case


def _as_proposed(conclusion: tuple) -> dict:
    """agency_conclusion_clean's answer as the certificate's proposal takes it."""
    agency, document_number, concluded_on = conclusion
    return {"agency": agency, "document_number": document_number, "concluded_on": concluded_on}


def _agency_case(*, certificate: Certificate, by: User, ground: str, conclusion: tuple, detail: str) -> RevocationCase:
    """The 15-day case of a ground resting on a competent authority's conclusion: it opens on the conclusion's day."""
    agency, document_number, concluded_on = conclusion
    return revocation_case_open(
        certificate=certificate,
        source=CaseSource.AGENCY,
        ground=ground,
        opened_on=concluded_on,
        by=by,
        detail=detail,
        document_number=document_number,
        agency=agency,
    )


def proposal_basis(source: str, opened_on: dt.date, agency: str = "", document_number: str = "") -> dict:
    """What a proposal from a case (or an inspection's revocation_start) rests on, as certificate_revoke_propose takes
    it: the competent authority's conclusion (agency, number, date) of a case opened on one; the day of the
    inspection's own conclusion of a finding (enough for ground a, b, d, not for c, e or đ); the day of the commune's
    confirmation that production stopped (what đ rests on)."""
    if source == CaseSource.AGENCY:
        return {"agency": agency, "document_number": document_number, "concluded_on": opened_on}
    if source == CaseSource.FINDING:
        return {"inspection_concluded_on": opened_on}
    return {"commune_confirmed_on": opened_on}


@transaction.atomic
def revocation_case_propose(*, case: RevocationCase, by: User) -> RevocationCase:
    """The office's proposal for a case the commune opened or another office concluded: the certificate's own
    four-eyes path (certificate_revoke_propose; another officer issues the decision on the certificate's page). A case
    that awaits a competent agency's conclusion (RevocationCase.awaits_agency_conclusion) is refused with what it
    lacks: the conclusion is recorded, and the proposal made, on the agency-conclusion page."""
    detail = case.detail or _("Văn bản xác nhận số %(n)s của UBND xã ngày %(d)s.") % {
        "n": case.document_number,
        "d": f"{case.opened_on:%d/%m/%Y}",
    }
    certificate_revoke_propose(
        certificate=case.certificate,
        ground=case.ground,
        detail=detail,
        by=by,
        **proposal_basis(case.source, case.opened_on, case.agency, case.document_number),
    )
    audit_record(actor=by, action="supervision.case_propose", target=case)
    return case


@transaction.atomic
def revocation_case_close(*, case: RevocationCase, by: User, reason: str) -> RevocationCase:
    """The office decides not to revoke (Điều 8.4 sets a limit for revoking, not a duty to revoke on every
    finding: e.g. the commune's confirmation was withdrawn or production resumed). The case leaves the follow-up
    and the digest with the reason on record. Refused while a revocation proposal is pending (withdraw it on the
    certificate's page first) and once the certificate is revoked."""
    if not can_office_certificate(by, case.certificate) or not can_manage_certificate(by, case.certificate):
        raise PermissionDenied
    reason = nfc(reason).strip()
    if not reason:
        raise ValidationError({"reason": _("Ghi lý do không thu hồi.")})
    if not case.certificate.is_live_on(timezone.localdate()):
        raise ValidationError(_("Giấy chứng nhận không còn hiệu lực; không còn gì để đóng."))
    if revocation_proposal_of(case.certificate) is not None:
        raise ValidationError(_("Đang có đề xuất thu hồi: rút đề xuất ở trang giấy chứng nhận trước khi đóng."))
    closed = RevocationCase.objects.filter(pk=case.pk, closed_on=None).update(
        closed_on=timezone.localdate(), closed_by=by, close_reason=reason
    )
    if closed != 1:  # a double click or another officer closed it already
        raise ValidationError(_("Hồ sơ thu hồi này đã được đóng."))
    case.refresh_from_db()
    audit_record(actor=by, action="supervision.case_close", target=case, changes={"reason": reason})
    return case
