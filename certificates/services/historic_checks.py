"""The rules a certificate recorded from before this system is checked against (certificate_record_historic in
certificates.py, and the old-certificate page before it, so every refusal shows at the first submit): its date, level,
star and legal basis, its printed last day, the OCOP office's submission (tờ trình) its decision answers, and the
numbers of the certificate and of its decision."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluation.choices import DISTRICTS_ABOLISHED_ON, OCOP_PROGRAMME_STARTS_ON, LegalBasis, legal_basis_on
from ocop.numbering import decision_number_check, issuer_year_lock
from ocop.paper import submission_errors
from ocop.services import errors_collected
from ocop.templatetags.documents import signer_title_refusal
from ocop.text import nfc
from products.models import Product

from ..choices import IssuerLevel
from ..models import Certificate, RecognitionDecision
from ..models.certificates import HISTORIC_NUMBER_TAKEN
from ..selectors.numbers import historic_decision, historic_number_holder, numbered_certificates
from .decisions import certificate_valid_until
from .issue_checks import FUTURE_DECISION, SUBMISSION_AFTER_DECISION

# Who recognised which stars under each rule set (ocop-domain.md §1, §5). 1048/2019: the district council
# only pre-scored, the province recognised 3–4★ and the ministry 5★. 148/2023: the district recognised 3★,
# the province 4★, the ministry 5★. 1489/2025 and D26 (Điều 4.1a–b): no district; the province 3–4★, the
# ministry 5★. Before 1048 the provinces' own schemes recognised 3–4★.
HISTORIC_ISSUERS = {
    LegalBasis.PRE_1048: {IssuerLevel.PROVINCE: {3, 4}},
    LegalBasis.D1048: {IssuerLevel.PROVINCE: {3, 4}, IssuerLevel.MINISTRY: {5}},
    LegalBasis.D148: {IssuerLevel.DISTRICT: {3}, IssuerLevel.PROVINCE: {4}, IssuerLevel.MINISTRY: {5}},
    LegalBasis.D1489: {IssuerLevel.PROVINCE: {3, 4}, IssuerLevel.MINISTRY: {5}},
    LegalBasis.D26: {IssuerLevel.PROVINCE: {3, 4}, IssuerLevel.MINISTRY: {5}},
}
# D26 Điều 11.2 and 12.2: dossiers pending on 22/05/2026 finish under 148 as amended by 1489 for 60 days.
D26_TRANSITION = (date(2026, 5, 22), date(2026, 7, 21))


HISTORIC_VALIDITY_SLACK_DAYS = 60  # a certificate handed out some weeks after its decision counts from that day


def historic_validity_check(*, decision_date: date, valid_until: date | None) -> None:
    """A recorded certificate's printed last day, when typed: 36 months from its decision (Điều 4.3, and 3 years
    under the earlier decisions), give or take the weeks between the decision and the certificate's handing out.
    A typo (2040 for 2027) would have put a product long expired back in the public catalogue for years."""
    if valid_until is None:
        return
    expected = certificate_valid_until(decision_date)
    slack = timedelta(days=HISTORIC_VALIDITY_SLACK_DAYS)
    if not expected - slack <= valid_until <= expected + slack:
        raise ValidationError(
            {
                "valid_until": _(
                    "Giấy chứng nhận có hiệu lực 36 tháng kể từ ngày quyết định: với quyết định ngày %(d)s, hết "
                    "hiệu lực khoảng ngày %(e)s. Kiểm tra lại ngày đã nhập."
                )
                % {"d": decision_date.strftime("%d/%m/%Y"), "e": expected.strftime("%d/%m/%Y")}
            }
        )


def historic_certificate_check(*, issuer_level: str, star: int, decision_date: date, legal_basis: str) -> None:
    """Level × star × date × legal basis against the rules in force on the decision date; every record path
    (the form, the admin, imports, the demo) goes through certificate_record_historic and so through here.
    Raises one ValidationError with every refusal, each next to the field at fault: a wrong date is judged alone (the
    rules of a day that cannot be are none), and the level and star are judged by the basis chosen, or, when that
    basis is refused, by the one in force on the date (what they will be judged by once it is corrected)."""
    errors = {}
    today = timezone.localdate()
    day = decision_date.strftime("%d/%m/%Y")
    if decision_date > today:
        errors["decision_date"] = FUTURE_DECISION % {"today": f"{today:%d/%m/%Y}"}
    elif decision_date < OCOP_PROGRAMME_STARTS_ON:
        errors["decision_date"] = _(
            "Chương trình OCOP bắt đầu từ ngày %(d)s (Quyết định 490/QĐ-TTg): không có quyết định công nhận "
            "sản phẩm OCOP trước ngày này. Kiểm tra lại ngày đã nhập."
        ) % {"d": OCOP_PROGRAMME_STARTS_ON.strftime("%d/%m/%Y")}
    basis = legal_basis if legal_basis in LegalBasis.values else None
    if "decision_date" not in errors:
        in_force = legal_basis_on(decision_date)
        allowed_bases = {in_force}
        if D26_TRANSITION[0] <= decision_date <= D26_TRANSITION[1]:
            allowed_bases.add(LegalBasis.D1489)
        if issuer_level == IssuerLevel.DISTRICT and decision_date >= DISTRICTS_ABOLISHED_ON:
            errors["issuer_level"] = _(
                "Từ 01/07/2025 không còn cấp huyện (Luật Tổ chức chính quyền địa phương số 72/2025/QH15): quyết "
                "định ngày %(d)s do UBND tỉnh hoặc Bộ ban hành."
            ) % {"d": day}
        if legal_basis not in allowed_bases:
            basis_label = LegalBasis(legal_basis).label if legal_basis in LegalBasis.values else legal_basis
            errors["legal_basis"] = _("Ngày %(d)s áp dụng %(in_force)s, không phải %(basis)s.") % {
                "d": day,
                "in_force": LegalBasis(in_force).label,
                "basis": basis_label,
            }
            basis = in_force
    if basis is not None and "issuer_level" not in errors:
        issuers = HISTORIC_ISSUERS[LegalBasis(basis)]
        basis_label = LegalBasis(basis).label
        level_label = IssuerLevel(issuer_level).label if issuer_level in IssuerLevel.values else issuer_level
        if issuer_level not in issuers:
            errors["issuer_level"] = _("Theo %(basis)s, %(level)s không công nhận sản phẩm OCOP.") % {
                "basis": basis_label,
                "level": level_label,
            }
        elif star not in issuers[issuer_level]:
            stars = ", ".join(str(s) for s in sorted(issuers[issuer_level]))
            errors["star"] = _("Theo %(basis)s, %(level)s chỉ công nhận sản phẩm %(stars)s sao.") % {
                "basis": basis_label,
                "level": level_label,
                "stars": stars,
            }
    if errors:
        raise ValidationError(errors)


def historic_decision_errors(
    decision: RecognitionDecision,
    *,
    issuer_level: str,
    legal_basis: str,
    decision_date: date,
    number: str,
    product,
    submission_number: str | None = "",
    submission_date: date | None = None,
    signer_title: str | None = "",
    signer_name: str | None = "",
) -> dict:
    """{field: message} for an old certificate that would join `decision`, the decision already recorded under the
    same issuer, number and year: one issued on this system, another level or basis, another date, another tờ trình
    or signer (one typed that is not the one recorded with it, or a decision recorded without one: left empty, the
    certificate joins the decision as recorded), or a certificate of the decision already given that number or that
    product."""
    errors = {}
    if not decision.is_historic:
        errors["decision_number"] = _(
            "Quyết định số này của cơ quan này đã được ban hành trên hệ thống; không nhập lại như giấy chứng nhận cũ."
        )
        return errors
    if decision.legal_basis != legal_basis or decision.issuer_level != issuer_level:
        errors["decision_number"] = _(
            "Quyết định số này đã được ghi với cấp ban hành hoặc căn cứ khác; kiểm tra lại cấp và căn cứ."
        )
    if decision.date != decision_date:
        errors["decision_date"] = _("Quyết định số này đã được ghi với ngày khác: %(d)s.") % {
            "d": decision.date.strftime("%d/%m/%Y")
        }
    submission_number = nfc(submission_number or "").strip()
    if (submission_number or submission_date is not None) and (
        submission_number.casefold() != decision.submission_number.casefold()
        or submission_date != decision.submission_date
    ):
        errors["submission_number"] = (
            _(
                "Quyết định số này đã được ghi với Tờ trình số %(number)s ngày %(d)s; để trống hoặc ghi đúng tờ trình đó."
            )
            % {"number": decision.submission_number, "d": decision.submission_date.strftime("%d/%m/%Y")}
            if decision.submission_number
            else _("Quyết định số này đã được ghi không kèm tờ trình; để trống số và ngày tờ trình.")
        )
    signer = historic_signer(signer_title, signer_name)
    if any(signer) and [part.casefold() for part in signer] != [
        part.casefold() for part in historic_signer(decision.signer_title, decision.signer_name)
    ]:
        errors["signer_name"] = (
            _("Quyết định số này đã được ghi với người ký: %(signer)s; để trống hoặc ghi đúng người ký đó.")
            % {"signer": " ".join(part for part in (decision.signer_title, decision.signer_name) if part)}
            if decision.signer_title or decision.signer_name
            else _("Quyết định số này đã được ghi không kèm người ký; để trống chức vụ và họ tên người ký.")
        )
    if number and numbered_certificates(Certificate.objects.filter(decision=decision), number):
        errors["number"] = _("Quyết định này đã có giấy chứng nhận mang số này.")
    if Certificate.objects.filter(decision=decision, product=product).exists():
        errors["product"] = _("Sản phẩm này đã có giấy chứng nhận theo quyết định này.")
    return errors


def historic_signer(title: str | None, name: str | None) -> tuple[str, str]:
    """Who signed an old decision, as recorded: the capacity and the name, NFC, the name's spaces single (as the
    signer's form reads them, certificates.forms.SignerForm, which judges the capacity)."""
    return nfc(title or "").strip(), " ".join(nfc(name or "").split())


def historic_rules_check(
    *,
    issuer_level: str | None,
    star: int | None,
    decision_date: date | None,
    legal_basis: str | None,
    valid_until: date | None = None,
    submission_number: str | None = "",
    submission_date: date | None = None,
    signer_title: str | None = "",
) -> None:
    """The rules of a recorded certificate's date, level, star, legal basis (historic_certificate_check), printed
    last day (historic_validity_check, judged from a decision date that can be), of the OCOP office's submission
    (tờ trình) its decision answers, as at issue (ocop.paper.submission_errors: optional, both or neither,
    number/TTr-sign, not after today nor after the decision) and of its signer's capacity (signer_title_refusal, as
    the issue form's SignerForm), every refusal at once beside its field. The form's page
    runs it on what the form could read, so they show with the form's own refusals: with no decision date read (the
    form says why beside it), nothing that rests on it is judged."""
    errors: dict = {}
    submission = submission_errors(
        number=nfc(submission_number or "").strip(),
        date=submission_date,
        latest=decision_date,
        latest_refusal=SUBMISSION_AFTER_DECISION,
    )
    for field, message in submission.items():
        errors[field] = [message]
    if refusal := signer_title_refusal(historic_signer(signer_title, "")[0]):
        errors["signer_title"] = [refusal]
    if decision_date is not None:
        with errors_collected(errors):
            historic_certificate_check(
                issuer_level=issuer_level, star=star, decision_date=decision_date, legal_basis=legal_basis
            )
        if "decision_date" not in errors:
            with errors_collected(errors):
                historic_validity_check(decision_date=decision_date, valid_until=valid_until)
    if errors:
        raise ValidationError(errors)


def historic_numbers_check(
    *,
    product: Product | None,
    number: str | None,
    issuer_level: str | None,
    issuer_name: str | None,
    decision_number: str | None,
    decision_date: date | None,
    legal_basis: str | None,
    submission_number: str | None = "",
    submission_date: date | None = None,
    signer_title: str | None = "",
    signer_name: str | None = "",
    lock: bool = True,
) -> RecognitionDecision | None:
    """The numbers of an old certificate and of its decision, every refusal at once beside its field; returns the
    decision already recorded under that number however typed ("12/QD-UBND" for "12/QĐ-UBND"), which the certificate
    joins (its number stays as first recorded), or None. That decision must fit the certificate
    (historic_decision_errors, its tờ trình and signer included); a decision not recorded yet must bear no other decision's number of the issuer that
    year, of any kind (the issuer's name written another way included: decision_number_check); the certificate's
    number names one certificate of its issuer in its year (certificate_historic_number_unique_per_issuer_year, said
    next to the number and for the issuer's name however written). The issuer's numbers of the year are checked and
    written in turn, under its lock (two clerks typing "12/GCN-UBND" and "12/gcn-ubnd" at once, which the constraint
    does not tell apart); without `lock`, the page's check of a form it refuses a field of, where nothing is written.
    Nothing is judged without a decision date (the year)."""
    if decision_date is None:
        return None
    number, issuer_name = nfc(number or "").strip(), nfc(issuer_name or "").strip()
    decision_number = nfc(decision_number or "").strip()
    if issuer_name and lock:
        issuer_year_lock(issuer=issuer_name, year=decision_date.year)
    errors: dict = {}
    year = decision_date.year
    decision = (
        historic_decision(issuer_name=issuer_name, number=decision_number, year=year) if decision_number else None
    )
    if decision is not None:
        fits = {
            "issuer_level": issuer_level,
            "legal_basis": legal_basis,
            "decision_date": decision_date,
            "submission_number": submission_number,
            "submission_date": submission_date,
            "signer_title": signer_title,
            "signer_name": signer_name,
        }
        for field, message in historic_decision_errors(decision, number=number, product=product, **fits).items():
            errors.setdefault(field, []).append(message)
    elif decision_number:
        with errors_collected(errors):
            decision_number_check(
                issuer=issuer_name,
                number=decision_number,
                on=decision_date,
                decision=("recognition", None),
                field="decision_number",
                lock=lock,
            )
    if number and "number" not in errors:
        if historic_number_holder(issuer=issuer_name, number=number, year=year) is not None:
            errors["number"] = [HISTORIC_NUMBER_TAKEN]
    if errors:
        raise ValidationError(errors)
    return decision
