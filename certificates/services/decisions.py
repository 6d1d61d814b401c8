"""Recognition decisions: drafted from council results, checked, issued (then immutable), and the
certificates that issuance creates. Rendering and historic records live in certificates.py, revocation in
revocations.py, the rules of a correcting decision in corrections.py, what a decision may recognise (eligible
results, certificates kept) in eligibility.py, the number and date it is issued with in issue_checks.py."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from evaluation.models import CouncilResult, Registration
from evaluation.services.workflow import registration_transition
from ocop.cache import public_cache_bump
from ocop.models import AdministrativeUnit, User
from ocop.numbering import decision_number_check
from ocop.selectors import MINISTRY_NAME, decision_issuer_name
from ocop.services import (
    audit_record,
    counter_next,
    duplicates_refused,
    outbox_enqueue,
    outbox_enqueue_many,
)
from ocop.text import nfc
from products.selectors import product_commune_ids
from products.services import product_refresh_status

from ..choices import LIVE_STATUSES, CertificateStatus, DecisionStatus, IssuerLevel
from ..models import Certificate, DecisionEntry, RecognitionDecision
from ..models.status import live_today_q
from ..permissions import can_manage_decisions, decision_written_by
from ..selectors.numbers import certificate_number
from .corrections import (
    CORRECTION_ALREADY_CORRECTED,
    CORRECTION_NOTHING_IN_FORCE,
    corrected_certificates,
    corrected_in_force,
    correction_refusal,
)
from .eligibility import eligible_results, refuse_kept_certificates
from .expiry.sweep import certificates_expire_now
from .issue_checks import decision_issue_check

VALIDITY_MONTHS = 36  # D26 Điều 4.3


def certificate_valid_until(decision_date: date) -> date:
    """The last valid day: the same calendar day 36 months after the decision (29 Feb → 28 Feb).
    relativedelta clamps to the month's end, so 31/05 stays 31/05 and 29/02/2028 gives 28/02/2031."""
    return decision_date + relativedelta(months=VALIDITY_MONTHS)


def decision_validity_note(*, decision: RecognitionDecision) -> str:
    """What the certificates `decision` issues are valid for, as its page, its issue page and the issue's
    confirmation step tell the officer: 36 months from the decision's date (certificate_valid_until), or, for a
    correcting decision, the last day of each certificate it corrects, kept (certificate_create)."""
    if decision.corrects_id:
        note = _(
            "Mỗi sản phẩm được cấp một giấy chứng nhận thay cho giấy chứng nhận được đính chính, giữ nguyên ngày hết "
            "hiệu lực của giấy chứng nhận đó (không tính lại %(months)d tháng), đăng trên trang xác minh công khai."
        )
    else:
        note = _(
            "Mỗi sản phẩm được cấp một giấy chứng nhận có hiệu lực %(months)d tháng kể từ ngày quyết định, đăng trên "
            "trang xác minh công khai."
        )
    return note % {"months": VALIDITY_MONTHS}


def issuer_name_for(*, issuer_level: str, unit: AdministrativeUnit | None) -> str:
    if issuer_level == IssuerLevel.MINISTRY:
        return MINISTRY_NAME
    return decision_issuer_name(unit) if unit else "ỦY BAN NHÂN DÂN"


@transaction.atomic
def decision_create(
    *,
    by: User,
    issuer_level: str,
    issuer_unit: AdministrativeUnit | None,
    results: list[CouncilResult],
    signer_name: str = "",
    signer_title: str = "",
    issuer_name: str = "",
) -> RecognitionDecision:
    """A DRAFT decision whose annex lists the chosen results (each must still be eligible)."""
    if issuer_level == IssuerLevel.MINISTRY:
        issuer_unit = None
    if not can_manage_decisions(by, issuer_level=issuer_level, issuer_unit_id=issuer_unit.pk if issuer_unit else None):
        raise PermissionDenied
    if not results:
        raise ValidationError({"results": _("Chọn ít nhất một sản phẩm.")})
    # decisionentry_result_once is the backstop if two drafts race for the same result.
    eligible = eligible_results(issuer_level=issuer_level, issuer_unit=issuer_unit)
    chosen = list(eligible.filter(pk__in=[r.pk for r in results]))
    if len(chosen) != len({r.pk for r in results}):
        raise ValidationError({"results": _("Có kết quả không còn đủ điều kiện đưa vào quyết định.")})
    decision = RecognitionDecision(
        issuer_level=issuer_level,
        issuer_unit=issuer_unit,
        issuer_name=issuer_name or issuer_name_for(issuer_level=issuer_level, unit=issuer_unit),
        signer_name=signer_name,
        signer_title=signer_title,
        created_by=by,
    )
    decision.full_clean()
    decision.save()
    with duplicates_refused(DecisionEntry):  # two drafts raced for the same result
        DecisionEntry.objects.bulk_create(
            [
                DecisionEntry(
                    decision=decision,
                    result=r,
                    registration=r.registration,
                    product=r.registration.product,
                    star=r.final_star,
                    mean_score=r.mean_score,
                    order=i,
                )
                for i, r in enumerate(chosen, start=1)
            ]
        )
    audit_record(
        actor=by,
        action="decision.create",
        target=decision,
        changes={"products": [str(r.registration.product) for r in chosen], "issuer": decision.issuer_name},
    )
    return decision


@transaction.atomic
def decision_correct(*, decision: RecognitionDecision, by: User) -> RecognitionDecision:
    """An issued decision is never edited: a correction is a new DRAFT linked by `corrects`, with the annex lines
    whose certificate is still in force today (correction_refusal; without the council results, which stay on the
    original); with none, it is refused, naming each product and why. Issued, it supersedes the original's live
    certificates with new ones that keep their validity."""
    _guard_writer(decision, by)
    # Under the decision's row lock: two clicks (or two officers) at once make one draft, the second is told.
    decision = RecognitionDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.status != DecisionStatus.ISSUED or decision.is_historic:
        raise ValidationError(_("Chỉ đính chính được quyết định đã ban hành trong hệ thống."))
    if RecognitionDecision.objects.filter(corrects=decision).exclude(status=DecisionStatus.ISSUED).exists():
        raise ValidationError(_("Quyết định này đã có một dự thảo đính chính."))
    today = timezone.localdate()
    certificates = corrected_certificates(corrects_id=decision.pk)
    entries = list(decision.entries.select_related("product").order_by("order", "pk"))
    refusals = {
        e.pk: correction_refusal(entry=e, certificate=certificates.get(e.product_id), on=today) for e in entries
    }
    kept = [e for e in entries if not refusals[e.pk]]
    if not kept:
        message = CORRECTION_NOTHING_IN_FORCE % {"lines": "; ".join(refusals.values())}
        corrections = decision.corrections.filter(status=DecisionStatus.ISSUED).order_by("date", "pk")
        if corrections:
            numbers = ", ".join(c.number for c in corrections)
            message = f"{message} {CORRECTION_ALREADY_CORRECTED % {'numbers': numbers}}"
        raise ValidationError(message, code="nothing_in_force")
    correction = RecognitionDecision(
        issuer_level=decision.issuer_level,
        issuer_unit=decision.issuer_unit,
        issuer_name=decision.issuer_name,
        signer_name=decision.signer_name,
        signer_title=decision.signer_title,
        legal_basis=decision.legal_basis,
        corrects=decision,
        created_by=by,
    )
    correction.full_clean()
    correction.save()
    DecisionEntry.objects.bulk_create(
        [
            DecisionEntry(
                decision=correction,
                registration=e.registration,
                product=e.product,
                star=e.star,
                mean_score=e.mean_score,
                order=e.order,
            )
            for e in kept
        ]
    )
    left_out = [e.product.name for e in entries if refusals[e.pk]]
    audit_record(
        actor=by,
        action="decision.correct",
        target=correction,
        changes={"corrects": decision.number} | ({"left_out": left_out} if left_out else {}),
    )
    return correction


@transaction.atomic
def decision_entry_remove(*, entry: DecisionEntry, by: User) -> None:
    """Take a line out of a DRAFT annex (its council result becomes eligible again)."""
    decision = RecognitionDecision.objects.select_for_update().get(pk=entry.decision_id)
    _guard_writer(decision, by)
    if decision.status != DecisionStatus.DRAFT:
        raise ValidationError(_("Chỉ sửa được phụ lục của dự thảo."))
    if decision.entries.count() <= 1:
        raise ValidationError(_("Phụ lục phải còn ít nhất một sản phẩm."))
    audit_record(
        actor=by,
        action="decision.entry_remove",
        target=decision,
        changes={"product": [entry.product_id, None], "result": entry.result_id},
    )
    entry.delete()


class DecisionAlreadyDone(ValidationError):
    """A second copy of a check or an issue (a double click, two tabs, a browser retrying the POST): the first copy
    did it and this one wrote nothing. Its message says who did it and when; views show it on the decision page."""


def decision_already_done(decision: RecognitionDecision, *, act: str) -> DecisionAlreadyDone | None:
    """What a second copy of `act` ("check", "issue" or "return") is told, read fresh from the database: the decision
    already issued (number, date, by whom and when), or, for a check, already checked (by whom and when), for a
    return, already back in draft; None while the act is still to do (or the decision is in no state it leads to)."""
    now = RecognitionDecision.objects.select_related("issued_by", "checked_by").get(pk=decision.pk)
    if now.status == DecisionStatus.ISSUED:
        values = {"number": now.number, "date": f"{now.date:%d/%m/%Y}" if now.date else "—"}
        if now.issued_by_id and now.issued_at:
            message = _("Quyết định số %(number)s ngày %(date)s đã được %(who)s ban hành lúc %(when)s.")
            values |= {"who": str(now.issued_by), "when": _when(now.issued_at)}
        else:
            message = _("Quyết định số %(number)s ngày %(date)s đã được ban hành.")
        return DecisionAlreadyDone(message % values, code="already_issued")
    if act == "return" and now.status == DecisionStatus.DRAFT:
        return DecisionAlreadyDone(_("Quyết định đã được trả lại thành dự thảo để sửa."), code="already_returned")
    if act == "check" and now.status == DecisionStatus.CHECKED and now.checked_by_id and now.checked_at:
        message = _("Dự thảo đã được %(who)s kiểm tra lúc %(when)s; có thể ban hành.")
        return DecisionAlreadyDone(
            message % {"who": str(now.checked_by), "when": _when(now.checked_at)}, code="already_checked"
        )
    return None


def _when(at) -> str:
    return formats.date_format(timezone.localtime(at), "SHORT_DATETIME_FORMAT")


def _refuse_if_done(decision: RecognitionDecision, *, act: str) -> None:
    done = decision_already_done(decision, act=act)
    if done is not None:
        raise done


def _guard_writer(decision: RecognitionDecision, by: User) -> None:
    if not can_manage_decisions(by, issuer_level=decision.issuer_level, issuer_unit_id=decision.issuer_unit_id):
        raise PermissionDenied


def _guard_four_eyes(decision: RecognitionDecision, by: User) -> None:
    """Four eyes: the officer who drafted a decision, or took a line out of its annex, can neither check nor issue
    it (the drafter and the checker are recorded and printed on the decision, as "Lưu: VT, …" on Vietnamese
    administrative papers; permissions.decision_written_by)."""
    written = decision_written_by(by, decision)
    if written == "drafted":
        raise ValidationError(
            _("Người soạn thảo quyết định không được tự kiểm tra hoặc ban hành; cần một cán bộ khác thực hiện.")
        )
    if written == "edited":
        raise ValidationError(
            _(
                "Bạn đã bỏ sản phẩm khỏi phụ lục của dự thảo này nên không được tự kiểm tra hoặc ban hành; cần một "
                "cán bộ khác thực hiện."
            )
        )


@transaction.atomic
def decision_check(*, decision: RecognitionDecision, by: User) -> RecognitionDecision:
    """DRAFT → CHECKED: the annex has been checked against the council results, by someone other than the
    drafter (four eyes)."""
    _guard_writer(decision, by)
    _refuse_if_done(decision, act="check")  # sent twice: say who checked (or issued) it, never a bare refusal
    _guard_four_eyes(decision, by)
    if not decision.entries.exists():
        raise ValidationError(_("Quyết định chưa có sản phẩm nào."))
    moved = RecognitionDecision.objects.filter(pk=decision.pk, status=DecisionStatus.DRAFT).update(
        status=DecisionStatus.CHECKED, checked_by=by, checked_at=timezone.now()
    )
    if moved != 1:
        _refuse_if_done(decision, act="check")  # the other copy committed while this one waited on the row
        raise ValidationError(_("Quyết định không còn ở trạng thái dự thảo."))
    decision.refresh_from_db()
    audit_record(actor=by, action="decision.check", target=decision)
    return decision


@transaction.atomic
def decision_return_to_draft(*, decision: RecognitionDecision, by: User) -> RecognitionDecision:
    """CHECKED → DRAFT, when the check found an error (an issued decision never goes back)."""
    _guard_writer(decision, by)
    moved = RecognitionDecision.objects.filter(pk=decision.pk, status=DecisionStatus.CHECKED).update(
        status=DecisionStatus.DRAFT, checked_by=None, checked_at=None
    )
    if moved != 1:
        _refuse_if_done(decision, act="return")  # sent twice: the first copy returned it (or it was issued)
        raise ValidationError(_("Chỉ trả lại được quyết định đã kiểm tra, chưa ban hành."))
    decision.refresh_from_db()
    audit_record(actor=by, action="decision.return_to_draft", target=decision)
    return decision


def allocate_certificate_number(*, decision: RecognitionDecision) -> str:
    """The next certificate number for this issuer and year, e.g. "90-2026-0007/GCN-OCOP".

    The counter row is bumped with F() + 1 inside the caller's transaction: the row lock serialises
    concurrent issuances, and Certificate.number's unique constraint is the backstop."""
    unit_code = (
        "TW"
        if decision.issuer_level == IssuerLevel.MINISTRY
        else (decision.issuer_unit.code if decision.issuer_unit_id else "X")
    )
    year = decision.date.year
    value = counter_next(f"certificate:{unit_code}-{year}")
    return certificate_number(unit_code=unit_code, year=year, sequence=value)


def certificate_supersede(*, old: Certificate, new: Certificate, by: User | None) -> bool:
    """Mark `old` superseded by `new` (a re-evaluation or upgrade of the same product). Only a certificate live
    today moves (by its status of the day, live_today_q: an extended one does); returns whether it did. One whose
    last day has passed without extension, still stored live before the night's sweep, replaced nothing: it is
    stored as what it is today, expired, with the sweep's step. Call inside the issuing transaction."""
    if old.pk == new.pk or old.product_id != new.product_id:
        raise ValidationError(_("Chỉ thay thế được giấy chứng nhận của cùng sản phẩm."))
    today = timezone.localdate()
    moved = Certificate.objects.filter(live_today_q(today=today), pk=old.pk).update(
        status=CertificateStatus.SUPERSEDED,
        superseded_by=new,
        status_changed_on=today,
        updated_at=timezone.now(),
    )
    if moved:
        old.refresh_from_db()
        audit_record(
            actor=by,
            action="certificate.supersede",
            target=old,
            changes={"status": [None, CertificateStatus.SUPERSEDED], "superseded_by": [None, new.number]},
        )
        public_cache_bump(units=product_commune_ids(old.product_id))
    elif certificates_expire_now(ids=[old.pk], today=today):
        old.refresh_from_db()
    return bool(moved)


def _decide_registration(registration: Registration, by: User) -> None:
    """SCORED / FORWARDED_TO_CENTRAL → DECIDED, by the workflow table's "decide" row (the decision's issuer and its
    second officer are checked by the decision services)."""
    registration_transition(
        registration=registration,
        verb="decide",
        by=by,
        refused=_("Hồ sơ của sản phẩm “%(name)s” không còn chờ quyết định.") % {"name": registration.product.name},
    )


def certificate_create(
    *, decision: RecognitionDecision, entry: DecisionEntry, by: User | None, corrected: Certificate | None = None
) -> Certificate:
    """One certificate for one annex line, printed fields kept as a snapshot. Inside the issuing transaction.
    A certificate issued by a correcting decision keeps the corrected one's validity (a correction fixes
    the text; it does not give the product a fresh 36 months)."""
    product = entry.product
    producer = product.producer
    address = producer.full_address
    certificate = Certificate(
        number=allocate_certificate_number(decision=decision),
        decision=decision,
        registration=entry.registration,
        product=product,
        star=entry.star,
        mean_score=entry.mean_score,
        product_name=nfc(product.name),
        product_code=entry.product_code,
        producer_name=nfc(producer.name),
        producer_address=nfc(address),
        issued_on=decision.date,
        valid_until=corrected.valid_until if corrected else certificate_valid_until(decision.date),
        legal_basis=decision.legal_basis,
        is_historic=decision.is_historic,
        status=CertificateStatus.VALID,
    )
    # Its number is the counter's (certificate_number_unique); the issuer's copy is taken when it is saved.
    certificate.full_clean(exclude=["decision", "registration", "product", "issuer_name"])
    certificate.save()
    audit_record(
        actor=by,
        action="certificate.issue",
        target=certificate,
        changes={"number": [None, certificate.number], "star": [None, certificate.star]},
    )
    return certificate


@transaction.atomic
def decision_issue(
    *,
    decision: RecognitionDecision,
    number: str,
    date: date,
    by: User,
    submission_number: str = "",
    submission_date: date | None = None,
) -> RecognitionDecision:
    """CHECKED → ISSUED with its number and date, and the OCOP office's submission (tờ trình) it answers when the
    signed paper cites one (`submission_number`, `submission_date`: both or neither, decision_issue_check). Creates one certificate per annex line (36 months from
    the decision date; a correcting decision's keep the corrected certificates' last day, each re-checked in force:
    corrected_in_force), supersedes each product's previous certificate live today (certificate_supersede: one
    expired overnight, before the sweep stored it, is stored expired instead), moves the registrations to
    DECIDED and, after commit, renders the PDFs and notifies the producers. Immutable afterwards. The drafter
    cannot issue it (four eyes). Its date is refused beside the field when it is in the future, before the council's
    result, or, for a correction, before the decision it corrects (correction_earliest_date). An annex line that would
    replace a certificate it may not (kept_certificate_q: an upgrade not above the star held, a province's over the
    Minister's 5★) refuses the whole issue, naming each such product."""
    _guard_writer(decision, by)
    _refuse_if_done(decision, act="issue")  # sent twice: say who issued it and when, never a bare refusal
    _guard_four_eyes(decision, by)
    number = decision_issue_check(
        decision=decision,
        number=number,
        date=date,
        submission_number=submission_number,
        submission_date=submission_date,
    )
    submission_number = nfc(submission_number or "").strip()
    # One sequence for every decision of the issuer in the year (its approval of a potential 5★, a revocation, a
    # council's establishment, a decision recorded from before this system), checked again under the issuer-year lock;
    # decision_number_unique_per_issuer_year stays the backstop among recognition decisions.
    decision_number_check(
        issuer=decision.issuer_name, number=number, on=date, decision=("recognition", decision.pk), field="number"
    )
    with duplicates_refused(RecognitionDecision):
        moved = RecognitionDecision.objects.filter(pk=decision.pk, status=DecisionStatus.CHECKED).update(
            status=DecisionStatus.ISSUED,
            number=number,
            date=date,
            issued_at=timezone.now(),
            issued_by=by,
            submission_number=submission_number,
            submission_date=submission_date if submission_number else None,
        )
    if moved != 1:
        _refuse_if_done(decision, act="issue")  # the other copy committed while this one waited on the row
        raise ValidationError(_("Chỉ ban hành được quyết định đã kiểm tra và chưa ban hành."))
    # After the compare-and-swap, like the correction's check below: a second copy is told who issued it.
    refuse_kept_certificates(decision)
    entries = list(decision.entries.select_related("registration__product", "product__producer__commune__parent"))
    # Checked after the compare-and-swap: a second copy of this issue is told who issued it, not that the certificates
    # it superseded are no longer in force. Before the refresh: a refusal leaves the caller's decision as it was.
    corrected = corrected_in_force(decision=decision, entries=entries, on=date) if decision.corrects_id else {}
    decision.refresh_from_db()
    certificates = []
    for entry in entries:
        previous = list(
            Certificate.objects.select_for_update()
            .filter(product=entry.product, status__in=LIVE_STATUSES)
            .exclude(decision=decision)
        )
        certificate = certificate_create(
            decision=decision, entry=entry, by=by, corrected=corrected.get(entry.product_id)
        )
        for old in previous:
            certificate_supersede(old=old, new=certificate, by=by)
        if entry.registration_id and not decision.corrects_id:
            _decide_registration(entry.registration, by)
        product_refresh_status(product=entry.product)
        certificates.append(certificate)
    audit_record(
        actor=by,
        action="decision.issue",
        target=decision,
        changes={
            "number": [None, number],
            "date": [None, date.isoformat()],
            "certificates": [c.number for c in certificates],
            **decision.submission_audit(),
        },
    )
    from ..tasks.decisions import (
        certificate_notify_issued_task,
        decision_render_certificates_task,
    )

    # Written in this transaction, sent after the commit: a broker that is down delays the PDFs and the
    # producers' notices, it never loses them, and never turns the issued decision into an error page.
    outbox_enqueue(task=decision_render_certificates_task, args=[decision.pk])
    outbox_enqueue_many(task=certificate_notify_issued_task, calls=[((c.pk,), {}) for c in certificates])
    return decision
