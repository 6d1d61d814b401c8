"""Forms for rounds and registrations. They validate and normalise (NFC); services do the writing."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ocop.forms import (
    BaseForm,
    MultipleFileField,
    OwnChangesMixin,
    check_with_the_form,
    prepare_field,
)
from ocop.uploads import MB, pdf_upload_check

from ..choices import CaseVariant, CommuneProposal, DocumentKind, Level
from ..models import CriteriaVersion, Criterion, EvaluationRound
from ..selectors.criteria import NOTHING_MET, offers_nothing_met
from ..selectors.registrations import round_next
from ..services.checks import commune_letter_check, completion_due_check, samples_day_check
from ..services.documents import (
    EXTENSIONS,
    OFFICER_ONLY_KINDS,
    document_file_check,
    document_kind_fits,
    refused_file_message,
)
from ..services.round_calendar import round_calendar_check
from ..services.rounds import round_criteria_choices
from .round_choice import open_rounds_for, round_choice

# What the browser's file chooser offers for a dossier: the types the upload service accepts.
DOSSIER_FILE_TYPES = ",".join(extension for extensions in EXTENSIONS.values() for extension in sorted(extensions))

PRODUCER_KINDS = [(k, v) for k, v in DocumentKind.choices if k not in OFFICER_ONLY_KINDS]


def scorecard_criteria(registration):
    return Criterion.objects.filter(group__part__scorecard_id=registration.scorecard_id).order_by(
        "group__part__letter", "group__order", "order", "id"
    )


CASE_CHOICES = [("", "---------"), *[(str(v), label) for v, label in CaseVariant.choices if v]]


class RegistrationRoundForm(BaseForm):
    round = forms.ModelChoiceField(label=_("Đợt đánh giá"), queryset=EvaluationRound.objects.none(), required=False)

    def __init__(self, *args, user, registration=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = open_rounds_for(user)
        round_choice(self.fields["round"])
        scorecard = registration.scorecard if registration is not None else None
        if scorecard is not None and scorecard.has_case_variants:  # set 26: the case may be corrected in a draft
            self.fields["case_variant"] = forms.TypedChoiceField(
                label=_("Trường hợp áp dụng (bộ 26 — du lịch)"),
                choices=CASE_CHOICES,
                coerce=int,
                empty_value=0,
                initial=registration.case_variant or None,
                help_text=_("Đổi trường hợp thì các câu tự đánh giá theo trường hợp kia bị xoá."),
            )


class DocumentUploadForm(BaseForm):
    kind = forms.ChoiceField(label=_("Loại tài liệu"), choices=PRODUCER_KINDS)
    criterion = forms.ModelChoiceField(
        label=_("Minh chứng cho tiêu chí"), queryset=Criterion.objects.none(), required=False
    )
    file = forms.FileField(label=_("Tệp"), widget=forms.ClearableFileInput(attrs={"accept": DOSSIER_FILE_TYPES}))
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)

    def __init__(self, *args, registration, officer_kinds: bool = False, only_kinds=None, only_criteria=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Worded per form, in the reader's language (a class attribute is worded once, at import).
        self.fields["file"].help_text = _(
            "PDF, JPEG hoặc PNG (DOCX/XLSX cho phương án kinh doanh, báo cáo tài chính); tối đa %(mb)s MB."
        ) % {"mb": settings.OCOP_MAX_UPLOAD_BYTES // MB}
        # An open supplement names the documents to add (`only_kinds`) and the criteria whose evidence may be added
        # (`only_criteria`): a file is accepted as one of the kinds asked (its criterion optional) or, of any kind,
        # as evidence of a criterion asked (ensure_editable applies the same rule).
        self.only_kinds = list(only_kinds or [])
        self.only_criteria = list(only_criteria or [])
        # The kinds a dossier of this kind carries (document_kind_fits: no upgrade papers in a first evaluation).
        self.fields["kind"].choices = [(k, v) for k, v in PRODUCER_KINDS if document_kind_fits(registration, k)]
        if self.only_kinds and not self.only_criteria:
            self.fields["kind"].choices = [(k, v) for k, v in self.fields["kind"].choices if k in self.only_kinds]
        self.fields["criterion"].queryset = scorecard_criteria(registration)
        if self.only_criteria:
            self.fields["criterion"].queryset = self.fields["criterion"].queryset.filter(pk__in=self.only_criteria)
            # With no document kind named, a file is accepted only as evidence of a criterion asked.
            self.fields["criterion"].required = not self.only_kinds
        self.fields["criterion"].label_from_instance = lambda c: f"{c.number} {c.title[:70]}"
        if officer_kinds:
            self.fields["kind"].choices = [(k, DocumentKind(k).label) for k in sorted(OFFICER_ONLY_KINDS)]
        starting = self._starting_kind()
        self.initial.pop("kind", None)
        if starting:
            self.initial["kind"] = starting

    def _starting_kind(self) -> str | None:
        """The kind the form starts at: the one the link named (?kind=, or "other" beside a criterion) when it is
        offered; during a supplement the first kind it asks, or "other" when it asks only criteria evidence. The
        list's first entry (Phiếu đăng ký, Mẫu 01) otherwise: a supplement's file must never land there unasked."""
        offered = [k for k, _label in self.fields["kind"].choices]
        named = self.initial.get("kind")
        if named in offered:
            return named
        asked = [k for k in self.only_kinds if k in offered]
        if asked:
            return asked[0]
        if self.only_criteria and DocumentKind.OTHER in offered:
            return DocumentKind.OTHER
        return None

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if (
            self.only_kinds
            and self.only_criteria
            and kind
            and kind not in self.only_kinds
            and not data.get("criterion")
        ):
            self.add_error(
                "criterion",
                _(
                    "Loại tài liệu này không nằm trong yêu cầu bổ sung: chọn tiêu chí được yêu cầu mà tệp làm minh "
                    "chứng, hoặc chọn một loại tài liệu được yêu cầu."
                ),
            )
        if data.get("file"):  # the service's checks of the file, said with the form's own refusals, naming the file
            try:
                document_file_check(uploaded_file=data["file"], kind=data.get("kind"))
            except forms.ValidationError as exc:
                self.add_error("file", refused_file_message(data["file"].name, exc.messages))
        return data


class DocumentBatchForm(BaseForm):
    """The dossier's documents in one go: one file input per kind (several files each), so each file keeps its
    kind. Each file is then checked and stored on its own by the upload service (issue 12 item 17)."""

    def __init__(self, *args, kinds: list[tuple[str, str, bool]], **kwargs):
        """`kinds`: (kind, label, required) in checklist order, the kinds this user may upload now."""
        super().__init__(*args, **kwargs)
        for kind, label, required in kinds:
            # An empty file goes on to the service, which refuses it alone and by name ("Tệp rỗng."): the field's
            # own refusal named no file and held back every other one.
            name = f"file_{kind}"
            self.fields[name] = MultipleFileField(
                label=f"{label} *" if required else label,
                required=False,
                accept=DOSSIER_FILE_TYPES,
                allow_empty_file=True,
            )
            # Added after BaseForm's __init__: the button in the page's language, the upload limit checked on choosing.
            prepare_field(name, self.fields[name])

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.files_by_kind():
            raise forms.ValidationError(_("Chọn ít nhất một tệp để tải lên."))
        return cleaned

    def files_by_kind(self) -> list[tuple[str, object]]:
        return [
            (name.removeprefix("file_"), upload)
            for name, uploads in self.cleaned_data.items()
            if name.startswith("file_")
            for upload in uploads or []
        ]


class SelfAssessmentForm(BaseForm):
    """One radio group per criterion of the product's scorecard (Mẫu 02 part III)."""

    def __init__(self, *args, sheet, only=None, **kwargs):
        """`only`: the criterion ids that may change (an open supplement); the others are shown disabled.
        Unanswered criteria are allowed in a draft — submitting checks that every one is answered."""
        super().__init__(*args, **kwargs)
        self.criteria = []
        for part in sheet["parts"]:
            for group in part.groups.all():
                for criterion in group.criteria.all():
                    if criterion.is_yes_no and not criterion.options.all():
                        choices = [
                            (
                                "yes",
                                ngettext("Có (%(p)s điểm)", "Có (%(p)s điểm)", criterion.max_points)
                                % {"p": criterion.max_points},
                            ),
                            ("no", _("Không (0 điểm)")),
                        ]
                        initial = None
                        if criterion.answer is not None:
                            initial = "yes" if criterion.answer.points else "no"
                    else:
                        options = list(criterion.options.all())
                        choices = [(str(o.pk), f"{o.text} ({o.points})") for o in options]
                        if offers_nothing_met(options):  # the lowest option is not always 0
                            choices.insert(0, ("none", f"{NOTHING_MET} (0)"))
                        initial = None
                        answer = criterion.answer
                        if answer is not None and answer.option_id:
                            initial = str(answer.option_id)
                        elif answer is not None:
                            # Saved without an option (a yes/no answer): the option worth the same points.
                            same = next((o for o in options if o.points == answer.points), None)
                            initial = str(same.pk) if same else "none"
                    name = f"c_{criterion.pk}"
                    self.fields[name] = forms.ChoiceField(
                        label=f"{criterion.number} {criterion.title}",
                        choices=choices,
                        required=False,
                        widget=forms.RadioSelect,
                        initial=initial,
                        disabled=only is not None and criterion.pk not in only,
                    )
                    criterion.field_name = name
                    self.criteria.append(criterion)

    def answers(self) -> dict:
        return {
            c.pk: self.cleaned_data[c.field_name]
            for c in self.criteria
            if self.cleaned_data.get(c.field_name) and not self.fields[c.field_name].disabled
        }


# Mẫu 03 (D26 Phụ lục III) gives each of the four local contents a paragraph of the commune's one- or two-page report:
# 2,000 characters (about 300 words, a third of a page) each keeps the printed report to about two pages. Without a
# limit a pasted document made a 13,000 px page and a six-page PDF. Refused beside the field (ocop.forms.TOO_LONG),
# keeping the text, like the other long texts (a complaint's content, an inspection's findings: 3,000).
LOCAL_CONTENT_MAX = 2000


def local_content_field(label) -> forms.CharField:
    return forms.CharField(label=label, max_length=LOCAL_CONTENT_MAX, widget=forms.Textarea(attrs={"rows": 3}))


class CommuneReportForm(OwnChangesMixin, BaseForm):
    dossier_complete = forms.BooleanField(label=_("Hồ sơ đầy đủ, hợp lệ"), required=False)
    local_raw_material = local_content_field(_("1. Nguồn nguyên liệu địa phương"))
    local_labour = local_content_field(_("2. Sử dụng lao động địa phương"))
    idea_origin = local_content_field(_("3. Nguồn gốc ý tưởng sản phẩm"))
    local_identity = local_content_field(_("4. Bản sắc, tri thức địa phương"))
    name_consistent = forms.BooleanField(
        label=_("Tên sản phẩm thống nhất trên Mẫu 01, Mẫu 02, nhãn và phiếu kiểm nghiệm"),
        required=False,
        help_text=_("Bắt buộc để chuyển cấp tỉnh; nếu tên khác nhau, trả lại hồ sơ để chủ thể sửa."),
    )
    samples_received = forms.IntegerField(
        label=_("Số sản phẩm mẫu đã nhận"),
        required=False,
        min_value=0,
        max_value=100,
        initial=0,
        error_messages={
            "min_value": _("Số sản phẩm mẫu không thể là số âm."),
            "max_value": _("Số sản phẩm mẫu tối đa là 100."),
            "invalid": _("Nhập số sản phẩm mẫu bằng chữ số, ví dụ 5."),
        },
        help_text=_("5 sản phẩm mẫu gửi kèm hồ sơ (Điều 6.2d); sản phẩm dịch vụ du lịch không cần mẫu."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    samples_received_on = forms.DateField(label=_("Ngày nhận sản phẩm mẫu"), required=False)
    proposal = forms.ChoiceField(label=_("Đề xuất của UBND xã"), choices=CommuneProposal.choices)
    letter_number = forms.CharField(
        label=_("Số văn bản đề nghị của UBND xã"),
        max_length=60,
        required=False,
        help_text=_(
            "Văn bản của UBND xã đề nghị UBND tỉnh đánh giá, phân hạng sản phẩm (Điều 6 khoản 2 điểm a), gửi kèm "
            "Mẫu 03, ví dụ 125/UBND-NN; bắt buộc để chuyển cấp tỉnh."
        ),
    )
    letter_date = forms.DateField(label=_("Ngày văn bản đề nghị"), required=False)

    def __init__(self, *args, registration, **kwargs):
        super().__init__(*args, **kwargs)
        self.registration = registration

    def clean(self):
        """The samples' day is judged by the service's check here too, so a day after today shows in the same answer
        as a local content left empty beside it."""
        data = super().clean()
        report = getattr(self.registration, "commune_report", None)
        check_with_the_form(
            self,
            samples_day_check,
            registration=self.registration,
            samples_received_on=data.get("samples_received_on"),
            kept=report.samples_received_on if report else None,
        )
        if "letter_number" not in self.errors and "letter_date" not in self.errors:
            check_with_the_form(
                self,
                commune_letter_check,
                registration=self.registration,
                letter_number=(data.get("letter_number") or "").strip(),
                letter_date=data.get("letter_date"),
            )
        return data


class ReasonForm(BaseForm):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}))


def completion_due_field() -> forms.DateField:
    """The day the producer is asked to complete the dossier by: optional, D26 sets none (the service refuses a day
    already past, services.checks.completion_due_check)."""
    return forms.DateField(
        label=_("Hạn hoàn thiện hồ sơ (không bắt buộc)"),
        required=False,
        help_text=_(
            "Quyết định 26/2026/QĐ-TTg không quy định thời hạn chủ thể hoàn thiện, bổ sung hồ sơ; nếu đặt hạn, "
            "chủ thể thấy hạn này trên hồ sơ, trang tổng quan và trong thông báo."
        ),
    )


class CompletionDueMixin:
    """A form with the day to complete `registration` by (its field `due_on`, completion_due_field): the day is judged
    by the service's check as the form is cleaned, so a wrong day shows in the same answer as an empty reason beside
    it."""

    def __init__(self, *args, registration, **kwargs):
        super().__init__(*args, **kwargs)
        self.registration = registration

    def clean(self):
        data = super().clean()
        check_with_the_form(self, completion_due_check, registration=self.registration, due_on=data.get("due_on"))
        return data


class ReturnForm(CompletionDueMixin, ReasonForm):
    """A return to the producer to complete the dossier (the commune while it checks, the province's completeness
    check), with the day to complete it by if the officer sets one."""

    due_on = completion_due_field()


class SupplementRequestForm(CompletionDueMixin, BaseForm):
    reason = forms.CharField(label=_("Lý do yêu cầu bổ sung"), widget=forms.Textarea(attrs={"rows": 3}))
    document_kinds = forms.MultipleChoiceField(
        label=_("Tài liệu cần bổ sung"), choices=PRODUCER_KINDS, required=False, widget=forms.CheckboxSelectMultiple
    )
    criteria = forms.ModelMultipleChoiceField(
        label=_("Tiêu chí cần tự đánh giá lại"),
        queryset=Criterion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    due_on = completion_due_field()

    def __init__(self, *args, registration, **kwargs):
        super().__init__(*args, registration=registration, **kwargs)
        self.fields["document_kinds"].choices = [
            (k, v) for k, v in PRODUCER_KINDS if document_kind_fits(registration, k)
        ]
        self.fields["criteria"].queryset = scorecard_criteria(registration)
        self.fields["criteria"].label_from_instance = lambda c: f"{c.number} {c.title[:80]}"

    def clean(self):
        data = super().clean()
        if not data.get("document_kinds") and not data.get("criteria"):
            raise forms.ValidationError(_("Chọn ít nhất một tài liệu hoặc tiêu chí cần bổ sung."))
        return data


class SupplyForm(BaseForm):
    note = forms.CharField(label=_("Giải trình (nếu có)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class SiteVisitForm(BaseForm):
    visited_on = forms.DateField(label=_("Ngày khảo sát"))
    participants = forms.CharField(label=_("Thành phần"), widget=forms.Textarea(attrs={"rows": 2}))
    findings = forms.CharField(label=_("Kết quả khảo sát"), widget=forms.Textarea(attrs={"rows": 4}))


class ProvinceLetterForm(BaseForm):
    """The province's letter to the ministry (D26 Điều 6.3) and the signed file of its papers; each kind of dossier
    adds the paper the letter follows. The numbers and dates are checked by the service, every field at once."""

    letter_number = forms.CharField(
        label=_("Số văn bản gửi Bộ"),
        max_length=60,
        help_text=_(
            "Văn bản của UBND tỉnh đề nghị Bộ Nông nghiệp và Môi trường đánh giá, phân hạng, ví dụ 2150/UBND-KT"
        ),
    )
    letter_date = forms.DateField(label=_("Ngày văn bản gửi Bộ"))
    signed_file = forms.FileField(label=_("Văn bản đã ký (PDF, không bắt buộc)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_file"].widget.attrs["accept"] = "application/pdf"

    def clean_signed_file(self):
        """The service's check of the file (a PDF within the limit), said with the form's own refusals and the
        papers' (the view runs papers_check once the form refused anything): it came only at the next submit."""
        signed_file = self.cleaned_data.get("signed_file")
        if signed_file:
            pdf_upload_check(signed_file)
        return signed_file


class CentralReferralForm(ProvinceLetterForm):
    """D26 Điều 7.3e, 6.3a: the Chủ tịch UBND tỉnh's decision approving a potential 5★ result, then the letter."""

    field_order = ["approval_number", "approval_date"]

    approval_number = forms.CharField(
        label=_("Số quyết định phê duyệt kết quả"),
        max_length=60,
        help_text=_("Quyết định của Chủ tịch UBND tỉnh, ví dụ 1427/QĐ-UBND"),
    )
    approval_date = forms.DateField(label=_("Ngày quyết định phê duyệt"))


class CentralReevaluationForm(ProvinceLetterForm):
    """D26 Điều 6.3b, 7.6e: the provincial OCOP office's report on a 5★ product's re-evaluation dossier, then the
    letter asking the ministry to re-evaluate it."""

    field_order = ["report_number", "report_date"]

    report_number = forms.CharField(
        label=_("Số báo cáo đánh giá của cơ quan OCOP tỉnh"),
        max_length=60,
        help_text=_("Báo cáo của cơ quan tham mưu quản lý OCOP cấp tỉnh về hồ sơ, ví dụ 85/BC-SNNMT"),
    )
    report_date = forms.DateField(label=_("Ngày báo cáo"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["letter_number"].help_text = _(
            "Văn bản của UBND tỉnh đề nghị Bộ Nông nghiệp và Môi trường đánh giá, phân hạng lại sản phẩm 5 sao, "
            "ví dụ 2150/UBND-KT"
        )


class TestRequestForm(BaseForm):
    indicators = forms.CharField(label=_("Chỉ tiêu cần kiểm nghiệm"), widget=forms.Textarea(attrs={"rows": 2}))
    laboratory = forms.CharField(label=_("Đơn vị kiểm nghiệm"), max_length=200, required=False)
    reason = forms.CharField(label=_("Lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TestResultForm(BaseForm):
    result_note = forms.CharField(label=_("Kết quả kiểm nghiệm"), widget=forms.Textarea(attrs={"rows": 3}))


BASIS_HELP = _(
    "Chỉ với đợt bổ sung (đợt 3 trở đi): Quyết định ban hành Quy chế hoạt động của Hội đồng có quy định đợt này và "
    "kế hoạch đánh giá, phân hạng (số, ngày)."
)


class RoundCreateForm(BaseForm):
    level = forms.ChoiceField(
        label=_("Cấp"), choices=[(Level.PROVINCE, Level.PROVINCE.label), (Level.CENTRAL, Level.CENTRAL.label)]
    )
    unit = forms.ModelChoiceField(
        label=_("Tỉnh tổ chức"), queryset=None, required=False, help_text=_("Để trống: tỉnh của bạn.")
    )
    year = forms.IntegerField(label=_("Năm"), min_value=2018, max_value=2100)
    number = forms.IntegerField(
        label=_("Đợt"),
        min_value=1,
        max_value=9,
        help_text=_("Đợt 1, đợt 2 theo lịch Điều 5 QĐ 26; từ đợt 3 là đợt bổ sung."),
    )
    title = forms.CharField(label=_("Tên đợt"), max_length=200, required=False)
    basis = forms.CharField(label=_("Căn cứ tổ chức đợt bổ sung"), max_length=300, required=False, help_text=BASIS_HELP)
    proposals_due = forms.DateField(
        label=_("Hạn nhận đề nghị"),
        required=False,
        help_text=_("Để trống: theo lịch QĐ 26 (30/4 hoặc 30/10; trung ương 30/7 hoặc 30/01)."),
    )
    done_by = forms.DateField(
        label=_("Hạn hoàn thành"),
        required=False,
        help_text=_("Để trống: 30/6 hoặc 30/12 (trung ương 30/9 hoặc 30/3)."),
    )
    criteria_version = forms.ModelChoiceField(
        label=_("Bộ tiêu chí"),
        queryset=CriteriaVersion.objects.none(),
        required=False,
        help_text=_("Để trống: bộ tiêu chí đang có hiệu lực."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from ocop.models import AdministrativeUnit

        # The ministry plans the central rounds (a province's are its own): each is offered the next of its level.
        level, unit_id = (Level.CENTRAL, None) if user.is_national else (Level.PROVINCE, user.province_id)
        year, number = round_next(level=level, unit_id=unit_id, today=timezone.localdate())
        self.fields["level"].initial = level
        self.fields["year"].initial, self.fields["number"].initial = year, number
        # Only what a new round's dossiers may be scored on (never a legacy, structure-only version); the one in
        # force now comes chosen.
        versions = self.fields["criteria_version"].queryset = round_criteria_choices()
        self.fields["criteria_version"].initial = versions.order_by("effective_from").first()
        if user.is_national:
            self.fields["unit"].queryset = AdministrativeUnit.objects.current().provinces().by_name()
            self.fields["unit"].help_text = _("Chỉ với đợt cấp tỉnh: tỉnh tổ chức đợt.")  # the ministry has none
        else:
            self.fields["unit"].queryset = AdministrativeUnit.objects.filter(pk=user.province_id)
            self.fields["level"].choices = [(Level.PROVINCE, Level.PROVINCE.label)]

    def clean(self):
        """With a field refused (a mistyped date) the service never ran: what Điều 5's calendar says of the fields
        read (an extra round's basis, a date outside the round's year or slot) shows in the same answer. A valid form
        is checked by round_create, with its default dates."""
        cleaned = super().clean()
        level, year, number = (cleaned.get(name) for name in ("level", "year", "number"))
        if self.errors and level and year and number:
            dates = {name: cleaned.get(name) for name in ("proposals_due", "done_by")}  # None: not checked
            check_with_the_form(
                self,
                round_calendar_check,
                level=level,
                year=year,
                number=number,
                **dates,
                basis=cleaned.get("basis", ""),
            )
        return cleaned


class RoundEditForm(OwnChangesMixin, BaseForm):
    """A round's name and dates as the round has them; each field sends back the value the page showed."""

    title = forms.CharField(label=_("Tên đợt"), max_length=200, required=False)
    basis = forms.CharField(label=_("Căn cứ tổ chức đợt bổ sung"), max_length=300, required=False, help_text=BASIS_HELP)
    proposals_due = forms.DateField(
        label=_("Hạn nhận đề nghị"),
        help_text=_(
            "Gia hạn (đợt 1, đợt 2: trong lịch Điều 5 QĐ 26) thì hồ sơ nộp muộn vẫn kịp đợt này; người đã đăng ký "
            "vào đợt thấy hạn mới."
        ),
    )
    done_by = forms.DateField(label=_("Hạn hoàn thành"))

    def __init__(self, *args, extra_round: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not extra_round:  # a regular round rests on Điều 5 itself: nothing to name
            del self.fields["basis"]
