"""Revocation (thu hồi, Điều 8): the proposal and the ground it rests on (another agency's conclusion, the office's own
inspection, the commune's confirmation), the four-eyes revoking decision (its number, dates and submission checked in
revocation_checks.py), and who is told. Grounds and what each needs are in certificates/choices.py; supervision opens
cases and proposes through these services."""

from datetime import date
from typing import NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.choices import Role
from ocop.models import User
from ocop.numbering import decision_number_check
from ocop.paper import PaperWords, signed_paper_errors
from ocop.phrases import Phrase
from ocop.services import (
    audit_record,
    duplicates_refused,
    notify,
    outbox_enqueue,
)
from ocop.text import nfc
from products.services import product_refresh_status

from .. import hooks
from ..choices import (
    AGENCY_CONCLUSION_GROUNDS,
    CONCLUSION_GROUNDS,
    CertificateStatus,
    RevocationStatus,
    conclusion_required,
    confirmation_required,
    ground_letters,
    inspection_required,
)
from ..models import (
    Certificate,
    Revocation,
)
from ..models.status import live_today_q
from ..permissions import can_manage_certificate
from ..selectors.revocations import revocation_issuer, revocation_proposal_of
from .revocation_checks import revocation_decision_check


class ConclusionRefusals(NamedTuple):
    """What agency_conclusion_clean says under each part of a conclusion, each naming its field as the pages label it:
    "Cơ quan đã kết luận vi phạm", "Số văn bản kết luận", "Ngày kết luận của cơ quan" (the inspection's conclude page,
    beside the inspection's own "Ngày kết luận", the ad hoc inspection and the agency-conclusion page), or on the
    ministry's request (Điều 10.1b) "Cơ quan đề nghị", "Số văn bản đề nghị của Bộ", "Ngày văn bản". A form that requires
    a part says the same when it is left empty."""

    agency: str
    document_number_missing: str
    document_number: str
    concluded_on_missing: str
    concluded_on: str


AGENCY_CONCLUSION_REFUSALS = ConclusionRefusals(
    agency=gettext_lazy("Ghi cơ quan đã kết luận vi phạm."),
    document_number_missing=gettext_lazy("Ghi số văn bản kết luận."),
    document_number=gettext_lazy("Số văn bản kết luận phải có dạng số/ký hiệu, ví dụ 12/KL-QLTT."),
    concluded_on_missing=gettext_lazy("Ghi ngày kết luận của cơ quan."),
    concluded_on=gettext_lazy(
        "Ngày kết luận của cơ quan phải từ ngày cấp giấy chứng nhận (%(d)s) đến hôm nay (%(today)s)."
    ),
)
MINISTRY_REQUEST_REFUSALS = ConclusionRefusals(
    agency=gettext_lazy("Ghi cơ quan đề nghị."),
    document_number_missing=gettext_lazy("Ghi số văn bản đề nghị của Bộ."),
    document_number=gettext_lazy("Số văn bản đề nghị của Bộ phải có dạng số/ký hiệu, ví dụ 45/BNNMT-KTHT."),
    concluded_on_missing=gettext_lazy("Ghi ngày văn bản."),
    concluded_on=gettext_lazy("Ngày văn bản phải từ ngày cấp giấy chứng nhận (%(d)s) đến hôm nay (%(today)s)."),
)


def conclusion_refusals(*, ministry_request: bool = False) -> ConclusionRefusals:
    return MINISTRY_REQUEST_REFUSALS if ministry_request else AGENCY_CONCLUSION_REFUSALS


def agency_conclusion_clean(
    *,
    certificate: Certificate,
    agency: str,
    document_number: str,
    concluded_on: date | None,
    ministry_request: bool = False,
) -> tuple[str, str, date]:
    """A competent authority's conclusion on the producer's breach (Điều 8.1a, c, e: CONCLUSION_GROUNDS), from which
    the 15 days of Điều 8.4 run: the agency, the document's number in number/sign form (12/KL-QLTT) and its date, from
    the certificate's issue to today. Returns them normalised; every missing or wrong part is refused next to its
    field, all at once, in words that name that field (conclusion_refusals). The one check of such a conclusion (the
    proposal here, supervision's pages and inspections). `ministry_request`: the conclusion is the ministry's letter
    asking the province to revoke (Điều 10.1b), whose page names its fields the letter's, and so do the refusals."""
    refusals = conclusion_refusals(ministry_request=ministry_request)
    agency, document_number = nfc(agency).strip(), nfc(document_number).strip()
    errors = {"agency": str(refusals.agency)} if not agency else {}
    words = PaperWords(
        number_missing=refusals.document_number_missing,
        number_malformed=refusals.document_number,
        date_missing=refusals.concluded_on_missing,
        date_future=refusals.concluded_on,  # one sentence for both bounds: "from the issue to today"
        date_early=refusals.concluded_on,
    )
    errors |= signed_paper_errors(
        number=document_number,
        date=concluded_on,
        words=words,
        number_field="document_number",
        date_field="concluded_on",
        not_before=certificate.issued_on,
    )
    if errors:
        raise ValidationError(errors)
    return agency, document_number, concluded_on


def conclusion_missing_message(ground: str) -> str:
    """What a proposal on `ground` lacks when conclusion_required says it needs a competent agency's conclusion."""
    letter = ground_letters({ground})
    if ground in AGENCY_CONCLUSION_GROUNDS:
        return _(
            "Căn cứ %(g)s (Điều 8 khoản 1) dựa trên kết luận của cơ quan có thẩm quyền: đề xuất kèm cơ quan, số và "
            "ngày của kết luận đó (trang đề xuất thu hồi theo kết luận)."
        ) % {"g": letter}
    return _(
        "Căn cứ %(g)s (Điều 8 khoản 1) được đề xuất kèm kết luận của cơ quan có thẩm quyền (trang đề xuất thu hồi theo "
        "kết luận) hoặc từ kết luận kiểm tra, xác minh của cơ quan tham mưu quản lý OCOP."
    ) % {"g": letter}


def inspection_missing_message(ground: str) -> str:
    """What a proposal on `ground` lacks when inspection_required says it rests on a concluded inspection it does not
    have, and where it is made instead."""
    return _(
        "Căn cứ %(g)s (Điều 8 khoản 1) dựa trên kết luận kiểm tra, giám sát: giấy chứng nhận này chưa có cuộc kiểm tra "
        "nào đã kết luận có căn cứ %(g)s mà hồ sơ thu hồi còn đang theo dõi. Đề xuất khi kết luận cuộc kiểm tra (mở "
        "kiểm tra đột xuất từ trang giấy chứng nhận), hoặc từ trang hồ sơ thu hồi của cuộc kiểm tra đã kết luận."
    ) % {"g": ground_letters({ground})}


def confirmation_missing_message(ground: str) -> str:
    """What a proposal on `ground` lacks when confirmation_required says it rests on the commune's confirmation it
    does not have, and where that confirmation is recorded; an inspection's conclusion is refused the same way."""
    return _(
        "Căn cứ %(g)s (Điều 8 khoản 1) dựa trên xác nhận của UBND cấp xã rằng chủ thể không còn sản xuất sản phẩm; "
        "thời hạn 15 ngày (Điều 8 khoản 4) tính từ ngày xác nhận đó. Giấy chứng nhận này chưa có xác nhận nào mà hồ sơ "
        "thu hồi còn đang theo dõi: ghi xác nhận của UBND xã (“Xác nhận không còn sản xuất” ở trang giấy chứng nhận), "
        "rồi đề xuất thu hồi từ hồ sơ thu hồi đó."
    ) % {"g": ground_letters({ground})}


def commune_confirmation_detail(*, confirmed_on: date, document_number: str, detail: str = "") -> str:
    """The text a proposal on the commune's confirmation opens with ("Theo văn bản xác nhận số … của UBND xã ngày …."),
    followed by the officer's own detail, if any."""
    said = _("Theo văn bản xác nhận số %(n)s của UBND xã ngày %(d)s.") % {
        "n": document_number,
        "d": f"{confirmed_on:%d/%m/%Y}",
    }
    detail = nfc(detail).strip()
    return f"{said}\n{detail}" if detail else said


def agency_conclusion_detail(*, agency: str, document_number: str, concluded_on: date, detail: str = "") -> str:
    """The text a proposal or a case built on a competent authority's conclusion opens with ("Kết luận số … ngày …
    của …."), followed by the officer's own detail, if any."""
    said = _("Kết luận số %(n)s ngày %(d)s của %(a)s.") % {
        "n": document_number,
        "d": f"{concluded_on:%d/%m/%Y}",
        "a": agency,
    }
    detail = nfc(detail).strip()
    return f"{said}\n{detail}" if detail else said


def inspection_conclusion_detail(*, concluded_on: date, detail: str = "") -> str:
    """The text a proposal on the OCOP office's own inspection opens with ("Theo kết luận kiểm tra ngày …."), as the
    inspection's conclusion words it, followed by the officer's own detail, if any."""
    said = _("Theo kết luận kiểm tra ngày %(d)s.") % {"d": f"{concluded_on:%d/%m/%Y}"}
    detail = nfc(detail).strip()
    return f"{said}\n{detail}" if detail else said


def certificate_revoke_propose(
    *,
    certificate: Certificate,
    ground: str,
    detail: str = "",
    by: User,
    agency: str = "",
    document_number: str = "",
    concluded_on: date | None = None,
    inspection_concluded_on: date | None = None,
    commune_confirmed_on: date | None = None,
) -> Revocation:
    """First act of thu hồi (Điều 8): an officer proposes it with its ground and detail. The certificate stays
    live until another officer issues the decision (certificate_revoke). What the ground rests on is the one rule of
    certificates.choices (conclusion_required, inspection_required, confirmation_required): a ground of
    CONCLUSION_GROUNDS proposed with a competent authority's conclusion (agency, number, date;
    agency_conclusion_clean) has the proposal's detail state it, the 15 days of Điều 8.4 running from it; c and e are
    refused without one; a also stands on the OCOP office's own inspection concluded on `inspection_concluded_on`, and
    b and d only on such an inspection that found them: the proposal is started from it (`inspection_concluded_on`:
    an inspection's conclusion, a revocation case) or, made on the certificate page, names the one whose revocation
    case is still open (hooks.revocation_inspection_concluded_on; the detail then opens with its date); đ only on the
    commune's confirmation that production stopped: started from the case it opened (`commune_confirmed_on`) or, on
    the certificate page, naming that case while it is open (hooks.revocation_commune_confirmation; the detail then
    opens with its number and date). Supervision keeps the limit.
    The detail ("Nội dung, kết luận") is what the officer who issues the decision checks and the producer is told
    (Điều 8.3a: the office verifies, reports and submits): a proposal without one is refused next to it."""
    if not can_manage_certificate(by, certificate):
        raise PermissionDenied
    errors = {}
    typed = bool(nfc(agency).strip() or nfc(document_number).strip() or concluded_on)
    # The day of the finding it rests on, kept with it: the decision is not dated before it (revocation_decision_check).
    grounded_on = inspection_concluded_on or commune_confirmed_on
    if ground in CONCLUSION_GROUNDS and typed:
        agency, document_number, concluded_on = agency_conclusion_clean(
            certificate=certificate, agency=agency, document_number=document_number, concluded_on=concluded_on
        )
        detail = agency_conclusion_detail(
            agency=agency, document_number=document_number, concluded_on=concluded_on, detail=detail
        )
        grounded_on = concluded_on
    elif conclusion_required(ground, inspection_concluded=inspection_concluded_on is not None):
        errors["ground"] = conclusion_missing_message(ground)
    elif inspection_required(ground, inspection_concluded=inspection_concluded_on is not None):
        grounded_on = hooks.revocation_inspection_concluded_on(certificate, ground)
        if grounded_on is None:
            errors["ground"] = inspection_missing_message(ground)
        else:
            detail = inspection_conclusion_detail(concluded_on=grounded_on, detail=detail)
    elif confirmation_required(ground, commune_confirmed=commune_confirmed_on is not None):
        confirmation = hooks.revocation_commune_confirmation(certificate)
        if confirmation is None:
            errors["ground"] = confirmation_missing_message(ground)
        else:
            grounded_on, number = confirmation
            detail = commune_confirmation_detail(confirmed_on=grounded_on, document_number=number, detail=detail)
    detail = nfc(detail).strip()
    if not detail:
        errors["detail"] = _("Ghi nội dung, kết luận: điều đã phát hiện và văn bản làm căn cứ đề xuất thu hồi.")
    if errors:
        raise ValidationError(errors)
    # By its status of the day (live_today_q): the morning after its last day, before the 00:30 sweep, an expired
    # certificate is no longer revocable (an extended one, its re-evaluation pending, still is).
    if not Certificate.objects.filter(live_today_q(today=timezone.localdate()), pk=certificate.pk).exists():
        raise ValidationError(_("Giấy chứng nhận không còn hiệu lực nên không thể thu hồi."))
    already = _("Giấy chứng nhận này đã có đề xuất thu hồi; xem và ban hành hoặc rút đề xuất đó.")
    if Revocation.objects.filter(certificate=certificate).exists():
        raise ValidationError(already)
    revocation = Revocation(
        certificate=certificate,
        status=RevocationStatus.PROPOSED,
        ground=ground,
        detail=nfc(detail),
        proposed_by=by,
        proposed_at=timezone.now(),
        grounded_on=grounded_on,
    )
    revocation.full_clean(validate_unique=False)
    try:
        # Two tabs or a double click both pass the check above; the one-to-one column stops the second.
        with duplicates_refused(Revocation):
            revocation.save()
    except ValidationError as exc:
        raise ValidationError(already, code="duplicate") from exc
    audit_record(
        actor=by, action="certificate.revoke_propose", target=certificate, changes={"ground": ground}, summary=detail
    )
    return revocation


@transaction.atomic
def certificate_revoke_withdraw(*, certificate: Certificate, by: User) -> None:
    """Withdraw a proposal that has not been issued (the proposer or another officer). The row is deleted;
    the audit trail keeps who proposed what and who withdrew it."""
    if not can_manage_certificate(by, certificate):
        raise PermissionDenied
    proposal = revocation_proposal_of(certificate)
    deleted = Revocation.objects.filter(certificate=certificate, status=RevocationStatus.PROPOSED).delete()[0]
    if proposal is None or deleted != 1:
        raise ValidationError(_("Không có đề xuất thu hồi nào đang chờ ban hành."))
    audit_record(
        actor=by,
        action="certificate.revoke_withdraw",
        target=certificate,
        changes={"ground": proposal.ground, "proposed_by": proposal.proposed_by_id},
    )


def revoked_notice(certificate: Certificate) -> str:
    """What a second copy of the revocation is told (a double click, two tabs, a browser retrying the POST): the
    decision that revoked the certificate; empty while it is not revoked."""
    issued = Revocation.objects.filter(certificate=certificate, status=RevocationStatus.ISSUED).first()
    if issued is None:
        return ""
    return _("Giấy chứng nhận đã bị thu hồi theo Quyết định số %(n)s ngày %(d)s.") % {
        "n": issued.decision_number,
        "d": f"{issued.decision_date:%d/%m/%Y}",
    }


@transaction.atomic
def certificate_revoke(
    *,
    certificate: Certificate,
    decision_number: str,
    decision_date: date,
    by: User,
    signer_title: str = "",
    signer_name: str = "",
    grounded_on: date | None = None,
    submission_number: str = "",
    submission_date: date | None = None,
) -> Revocation:
    """Second act of thu hồi (Điều 8): another officer than the proposer issues the revoking decision; the live
    certificate becomes REVOKED with the proposal's ground. The verification page answers 410 from the commit
    on; the producer is notified. Who signed it (`signer_title`, `signer_name`, as on the signed paper) and the OCOP
    office's submission it answers (`submission_number`, `submission_date`: its tờ trình, optional) are kept for the
    decision's PDF; a proposal on record without the day of its finding is issued with it (`grounded_on`, required
    then: revocation_decision_check)."""
    if not can_manage_certificate(by, certificate):
        raise PermissionDenied
    proposal = revocation_proposal_of(certificate)
    revoked = revoked_notice(certificate)
    if proposal is None and revoked:  # sent twice (a double click, two tabs): say what happened
        raise ValidationError(revoked)
    if proposal is None:
        raise ValidationError(_("Chưa có đề xuất thu hồi: cần một cán bộ đề xuất trước khi ban hành."))
    if proposal.proposed_by_id == by.pk:
        raise ValidationError(
            _(
                "Người đề xuất thu hồi không được tự ban hành quyết định thu hồi (nguyên tắc bốn mắt); "
                "cần một cán bộ khác kiểm tra và ban hành."
            )
        )
    decision_number = revocation_decision_check(
        certificate=certificate,
        decision_number=decision_number,
        decision_date=decision_date,
        proposal=proposal,
        grounded_on=grounded_on,
        submission_number=submission_number,
        submission_date=submission_date,
    )
    submission_number = nfc(submission_number or "").strip()
    # The revoking authority numbers it in the one sequence of all its decisions of the year (a recognition decision,
    # an approval, a council's establishment…); the certificates one decision revokes share its number and date.
    decision_number_check(
        issuer=revocation_issuer(certificate),
        number=decision_number,
        on=decision_date,
        decision=("revocation", decision_date),
        field="decision_number",
    )
    issued = Revocation.objects.filter(pk=proposal.pk, status=RevocationStatus.PROPOSED).update(
        status=RevocationStatus.ISSUED,
        decision_number=decision_number,
        decision_date=decision_date,
        revoked_by=by,
        issued_at=timezone.now(),
        signer_title=nfc(signer_title).strip(),
        signer_name=nfc(signer_name).strip(),
        submission_number=submission_number,
        submission_date=submission_date if submission_number else None,
        grounded_on=proposal.grounded_on or grounded_on,
    )
    if issued != 1:  # a second tab issued it, or the proposal was withdrawn meanwhile
        raise ValidationError(_("Đề xuất thu hồi không còn chờ ban hành."))
    old_status = certificate.status
    moved = Certificate.objects.filter(live_today_q(today=timezone.localdate()), pk=certificate.pk).update(
        status=CertificateStatus.REVOKED, status_changed_on=decision_date, updated_at=timezone.now()
    )
    if moved != 1:
        raise ValidationError(_("Giấy chứng nhận không còn hiệu lực nên không thể thu hồi."))
    revocation = Revocation.objects.get(pk=proposal.pk)
    certificate.refresh_from_db()
    audit_record(
        actor=by,
        action="certificate.revoke",
        target=certificate,
        changes={
            "status": [old_status, CertificateStatus.REVOKED],
            "ground": revocation.ground,
            "decision_number": revocation.decision_number,
            "decision_date": revocation.decision_date.isoformat(),
            "proposed_by": revocation.proposed_by_id,
            **({"grounded_on": revocation.grounded_on.isoformat()} if not proposal.grounded_on else {}),
            **revocation.submission_audit(),
        },
    )
    product_refresh_status(product=certificate.product)
    _revocation_send_to_agencies(certificate=certificate, revocation=revocation, by=by)
    from ..tasks.decisions import certificate_notify_revoked_task

    outbox_enqueue(task=certificate_notify_revoked_task, args=[certificate.pk])
    return revocation


def _revocation_send_to_agencies(*, certificate: Certificate, revocation: Revocation, by: User) -> None:
    """Điều 8.3c: the decision goes to the producer (certificate_notify_revoked_task) and to the agencies concerned:
    the officers of the producer's commune (its UBND guides the producer, Điều 10.4, and confirms that production
    stopped, Điều 8.4) and, for a 5★ certificate that the Minister revokes, the province's OCOP office, which
    supervises every OCOP product of its area (Điều 9.4a), and the office that asked for the revocation when it does
    not revoke (revocation_requested_by: the ministry's request or inspection on a 3★/4★ product). Left in the app, as
    every notice to officials is."""
    commune = certificate.product.producer.commune
    officials = Q(role=Role.COMMUNE_OFFICER, unit_id=commune.pk)
    if certificate.star == 5 and commune.parent_id:
        officials |= Q(role=Role.PROVINCE_OFFICER, unit_id=commune.parent_id)
    for requesters in hooks.revocation_requested_by(certificate):
        officials |= Q(pk__in=requesters)
    notify(
        users=list(User.objects.filter(officials, is_active=True).exclude(pk=by.pk)),
        url=reverse("certificates:certificate_detail", args=[certificate.pk]),
        message=Phrase(
            gettext_lazy(
                "Giấy chứng nhận OCOP số %(n)s của sản phẩm “%(p)s” (%(o)s) đã bị thu hồi theo Quyết định số %(d)s "
                "ngày %(day)s."
            ),
            n=certificate.number,
            p=certificate.product_name,
            o=certificate.producer_name,
            d=revocation.decision_number,
            day=f"{revocation.decision_date:%d/%m/%Y}",
        ),
    )
