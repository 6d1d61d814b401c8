from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from evaluation.choices import LegalBasis
from ocop.forms import BaseForm, OwnChangesMixin, ProvinceFirstMixin, check_with_the_form
from ocop.numbers import format_points
from ocop.templatetags.documents import signer_title_refusal
from ocop.text import vi_order
from ocop.uploads import pdf_upload_check
from products.models import Product
from products.selectors import product_label

from .choices import CONCLUSION_GROUNDS, IssuerLevel, RevocationGround


class ResultChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        product = obj.registration.product
        return gettext("%(product)s — %(producer)s — %(star)s sao, %(points)s điểm") % {
            "product": product.name,
            "producer": product.producer.name,
            "star": obj.final_star,
            "points": format_points(obj.mean_score),
        }


class SignerForm(BaseForm):
    """Who signs a paper for its authority (Nghị định 30/2020, Phụ lục I: quyền hạn, chức vụ của người ký, then the
    name), as the paper prints it (ocop.templatetags.documents.signer_lines): the recognition decision and its
    certificates, the periodic report. A name needs the capacity above it; a capacity cannot end on the authority
    signed for ("KT. CHỦ TỊCH" without the signer's own title); a name has no digit."""

    signer_title = forms.CharField(
        label=_("Chức vụ người ký"),
        max_length=150,
        required=False,
        help_text=_(
            "Ký thay, ký thừa lệnh: gõ liền một dòng, ví dụ “KT. CHỦ TỊCH PHÓ CHỦ TỊCH”; bản in tách thành hai dòng "
            "“KT. CHỦ TỊCH” và “PHÓ CHỦ TỊCH”."
        ),
    )
    signer_name = forms.CharField(label=_("Người ký"), max_length=150, required=False)

    def clean_signer_title(self):
        title = self.cleaned_data["signer_title"].strip()
        if refusal := signer_title_refusal(title):
            raise forms.ValidationError(refusal)
        return title

    def clean_signer_name(self):
        name = " ".join(self.cleaned_data["signer_name"].split())
        if any(ch.isdigit() for ch in name):
            raise forms.ValidationError(_("Họ và tên người ký không có chữ số."))
        return name

    def clean(self):
        data = super().clean()
        if data.get("signer_name") and "signer_title" in data and not data["signer_title"]:
            self.add_error("signer_title", _("Ghi quyền hạn, chức vụ của người ký trên họ và tên."))
        return data


class DecisionCreateForm(SignerForm):
    results = ResultChoiceField(label=_("Sản phẩm đưa vào phụ lục"), queryset=None, widget=forms.CheckboxSelectMultiple)
    field_order = ["results", "signer_title", "signer_name"]

    def __init__(self, *args, eligible=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["results"].queryset = eligible


class SubmissionForm(BaseForm):
    """The OCOP office's submission (tờ trình) a decision answers, typed with the decision's number from the signed
    paper, which cites it at the end of its preamble: optional, both or neither (ocop.paper.submission_errors, run by
    the decision's check). `submission_label` names the number's field for the decision it proposes."""

    submission_label = _("Số tờ trình")
    submission_number = forms.CharField(
        label=_("Số tờ trình"),
        max_length=60,
        required=False,
        help_text=_("Tờ trình của cơ quan tham mưu quản lý OCOP mà quyết định trích dẫn, ví dụ 12/TTr-SNNMT."),
    )
    submission_date = forms.DateField(label=_("Ngày tờ trình"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission_number"].label = self.submission_label


class DecisionIssueForm(SubmissionForm):
    """The number and date a recognition decision is issued with, and the OCOP office's submission it answers (D26
    Điều 7.3đ, 7.4đ), as on the signed paper."""

    number = forms.CharField(label=_("Số quyết định"), max_length=60, help_text=_("Ví dụ: 1427/QĐ-UBND"))
    date = forms.DateField(label=_("Ngày quyết định"))
    submission_label = _("Số tờ trình đề nghị")
    field_order = ["number", "date", "submission_number", "submission_date"]

    def clean_number(self):
        # The service's rule, asked here too so that a malformed number shows beside a date that cannot be read
        # (the view runs the service's whole check, decision_issue_check, once both fields are read).
        from .services.issue_checks import decision_number_refusal

        number = self.cleaned_data["number"].strip()
        if refusal := decision_number_refusal(number):
            raise forms.ValidationError(refusal)
        return number


class DecisionPapersForm(SignerForm, SubmissionForm):
    """What a decision recorded from before this system lacks of its submission (tờ trình) and signer, to fill in
    afterwards from the signed paper: only the fields still empty (`missing`, decision_papers_missing); what is
    recorded stays and is shown beside the form, not offered for editing."""

    submission_label = _("Số tờ trình đề nghị")
    field_order = ["submission_number", "submission_date", "signer_title", "signer_name"]

    def __init__(self, *args, missing=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in missing:
                del self.fields[name]


class RevokeProposeForm(BaseForm):
    """First act of thu hồi: the ground and the detail. Another officer issues the decision (RevokeForm)."""

    # No ground preselected: the first one is "giả mạo hồ sơ", which the public verification page then shows.
    ground = forms.ChoiceField(
        label=_("Căn cứ thu hồi (Điều 8)"),
        # CONCLUSION_GROUNDS rest on a conclusion (a competent authority's; for a, also the office's own inspection),
        # from which the 15 days of Điều 8.4 run: they are proposed where that conclusion and its limit are recorded
        # (supervision's page or an inspection's conclusion, certificates.hooks); this form records none. b, d and đ
        # stay: they rest on an inspection's conclusion or the commune's confirmation whose case is open, which the
        # service finds (inspection_required, confirmation_required) and refuses beside the ground without.
        choices=[
            ("", _("— Chọn căn cứ thu hồi —")),
            *((value, label) for value, label in RevocationGround.choices if value not in CONCLUSION_GROUNDS),
        ],
        error_messages={"required": _("Chọn căn cứ thu hồi.")},
    )
    detail = forms.CharField(label=_("Nội dung, kết luận"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class RevokeForm(SignerForm, SubmissionForm):
    """Second act of thu hồi: the revoking decision, issued by an officer other than the proposer, who signed it and
    the OCOP office's submission (tờ trình) it answers, as on the signed paper (for the decision's PDF: its signature
    block, its preamble). For a `proposal` on record without the day of the finding it rests on (recorded before that
    day was kept, with no case to take it from), that day too: the decision cites it (revocation_decision_check)."""

    decision_number = forms.CharField(label=_("Số quyết định thu hồi"), max_length=60)
    decision_date = forms.DateField(label=_("Ngày quyết định thu hồi"))
    grounded_on = forms.DateField(
        label=_("Ngày văn bản, kết luận làm căn cứ thu hồi"),
        help_text=_(
            "Ngày của kết luận của cơ quan có thẩm quyền, kết luận kiểm tra hoặc văn bản xác nhận của UBND xã mà đề "
            "xuất thu hồi dựa vào; quyết định thu hồi trích dẫn ngày này."
        ),
        required=False,
    )
    submission_label = _("Số tờ trình đề nghị thu hồi")
    field_order = [
        "decision_number",
        "decision_date",
        "grounded_on",
        "submission_number",
        "submission_date",
        "signer_title",
        "signer_name",
    ]

    def __init__(self, *args, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        if proposal is None or proposal.grounded_on is not None:
            del self.fields["grounded_on"]  # kept with the proposal (its case, its conclusion)
        else:
            from .services.revocation_checks import GROUNDED_ON_MISSING

            self.fields["grounded_on"].required = True
            self.fields["grounded_on"].error_messages["required"] = GROUNDED_ON_MISSING


class HistoricCertificateForm(ProvinceFirstMixin, SignerForm, SubmissionForm):
    """An old certificate as printed, with its decision; the decision's tờ trình when the officer has it (SubmissionForm:
    optional, both or neither, judged as at issue by the service's historic_rules_check) and who signed it, as the
    issue form asks (SignerForm: optional, the capacity above the name)."""

    submission_label = _("Số tờ trình đề nghị")
    product = forms.ModelChoiceField(label=_("Sản phẩm"), queryset=None)
    province_first = ("product", "province_id", "products:product_options")
    number = forms.CharField(
        label=_("Số giấy chứng nhận"), max_length=60, help_text=_("Ghi đúng như trên giấy chứng nhận.")
    )
    star = forms.TypedChoiceField(label=_("Hạng sao"), choices=[(3, "3"), (4, "4"), (5, "5")], coerce=int)
    issuer_level = forms.ChoiceField(label=_("Cấp ban hành"), choices=IssuerLevel.choices)
    issuer_name = forms.CharField(label=_("Cơ quan ban hành (ghi đúng như trên quyết định)"), max_length=200)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60)
    decision_date = forms.DateField(label=_("Ngày quyết định"))
    legal_basis = forms.ChoiceField(
        label=_("Căn cứ"),
        # Newest first: most certificates still in force were issued under 148/2023.
        choices=[
            (c.value, c.label) for c in (LegalBasis.D148, LegalBasis.D1489, LegalBasis.D1048, LegalBasis.PRE_1048)
        ],
        initial=LegalBasis.D148,
    )
    valid_until = forms.DateField(label=_("Hiệu lực đến (để trống: 36 tháng từ ngày quyết định)"), required=False)
    scan = forms.FileField(label=_("Bản quét (PDF, tuỳ chọn)"), required=False)
    product_name = forms.CharField(
        label=_("Tên sản phẩm ghi trên giấy chứng nhận"),
        max_length=300,
        required=False,
        help_text=_("Để trống nếu giống tên sản phẩm hiện nay."),
    )
    product_code = forms.CharField(
        label=_("Mã số sản phẩm ghi trên giấy chứng nhận"),
        max_length=60,
        required=False,
        help_text=_("Để trống nếu giấy chứng nhận không ghi mã số."),
    )
    producer_name = forms.CharField(
        label=_("Tên chủ thể ghi trên giấy chứng nhận"),
        max_length=300,
        required=False,
        help_text=_("Để trống nếu giống tên chủ thể hiện nay."),
    )
    producer_address = forms.CharField(
        label=_("Địa chỉ ghi trên giấy chứng nhận"),
        max_length=400,
        required=False,
        help_text=_(
            "Để trống để dùng địa chỉ của chủ thể vào ngày quyết định: trước 01/07/2025 là xã, huyện, tỉnh thời đó."
        ),
    )

    field_order = [
        "product",
        "product_name",
        "product_code",
        "producer_name",
        "producer_address",
        "number",
        "star",
        "issuer_level",
        "issuer_name",
        "decision_number",
        "decision_date",
        "submission_number",
        "submission_date",
        "signer_title",
        "signer_name",
        "legal_basis",
        "valid_until",
        "scan",
    ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = (
            Product.objects.for_user(user).select_related("producer").order_by(vi_order("name"), "pk")
        )
        self.fields["product"].label_from_instance = lambda p: product_label(p.name, p.producer.name)
        self.province_first_setup(user)

    def clean_scan(self):
        scan = self.cleaned_data.get("scan")
        if scan:
            pdf_upload_check(scan)
        return scan

    def check_with_the_service(self) -> bool:
        """The service's rules (historic_rules_check, historic_numbers_check without its lock: nothing is written) on
        what this bound form could read, each refusal beside its field with the form's own, so that a record with
        several faults hears of them all at once. The page and the API run it on a form they refuse; an accepted one
        goes to certificate_record_historic, which runs them itself. Whether they passed."""
        from .services import certificates as cert_services

        read = self.cleaned_data.get
        dated = {name: read(name) for name in ("issuer_level", "decision_date", "legal_basis")}
        submission = {name: read(name) for name in ("submission_number", "submission_date")}
        rules = {"star": read("star"), "valid_until": read("valid_until"), **dated, **submission}
        rules["signer_title"] = read("signer_title")
        ruled = check_with_the_form(self, cert_services.historic_rules_check, **rules)
        numbers = {name: read(name) for name in ("product", "number", "issuer_name", "decision_number")}
        numbers |= submission | {name: read(name) for name in ("signer_title", "signer_name")}
        numbered = check_with_the_form(self, cert_services.historic_numbers_check, lock=False, **numbers, **dated)
        return ruled and numbered


class CertificateCorrectForm(OwnChangesMixin, BaseForm):
    edits_fields = ("product_name", "product_code", "producer_name", "producer_address")

    product_name = forms.CharField(label=_("Tên sản phẩm"), max_length=300)
    product_code = forms.CharField(label=_("Mã số sản phẩm"), max_length=60, required=False)
    producer_name = forms.CharField(label=_("Tên chủ thể"), max_length=300)
    producer_address = forms.CharField(label=_("Địa chỉ"), max_length=400, required=False)
    reason = forms.CharField(label=_("Lý do đính chính"), max_length=300)
