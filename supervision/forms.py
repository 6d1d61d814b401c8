"""Forms validate and normalise (NFC, through BaseForm); the services write."""

import datetime as dt
import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from certificates.choices import (
    AGENCY_CONCLUSION_GROUNDS,
    AGENCY_OR_INSPECTION_GROUNDS,
    CONCLUSION_GROUNDS,
    RevocationGround,
    ground_letters,
)
from certificates.models import Certificate
from certificates.selectors.certificates import certificates_matching, live_certificates_matching
from certificates.services.revocations import agency_conclusion_clean, conclusion_refusals
from ocop.forms import BaseForm, MultipleFileField, OwnChangesMixin, check_with_the_form, planning_year
from ocop.models import AdministrativeUnit, User, vi_name_order
from products.forms import PhotoField
from products.validators import MAX_PHOTO_BYTES

from .choices import CheckArea, ItemResult, Outcome, PlanLevel, Severity
from .services import ITEM_PARTS, complaint_contact_check, office_filter_q
from .services.plans import PLAN_FIELDS, plan_papers_check, plan_signed_on_check
from .services.remedies import remedy_evidence_check
from .services.scheduling import inspection_day_check, plan_day_check

PHOTO_ACCEPT = "image/jpeg,image/png,image/webp"


class InspectorsField(forms.ModelMultipleChoiceField):
    """The officers sent to inspect, ticked in a list (a multiple select needs Ctrl-click, unknown to many)."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return f"{obj} ({obj.get_role_display()})"


def _inspectors_for(user: User):
    return User.objects.filter(is_active=True).filter(office_filter_q(user)).order_by(*vi_name_order())


class PlanForm(BaseForm):
    level = forms.ChoiceField(label=_("Cấp"), choices=PlanLevel.choices)
    unit = forms.ModelChoiceField(
        label=_("Tỉnh, thành phố"), queryset=AdministrativeUnit.objects.none(), required=False
    )
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    number = forms.CharField(label=_("Số kế hoạch"), max_length=60)
    signed_on = forms.DateField(label=_("Ngày ban hành"))
    title = forms.CharField(label=_("Trích yếu"), max_length=300)
    document = forms.FileField(label=_("Văn bản kế hoạch (PDF, không bắt buộc)"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = planning_year(timezone.localdate())
        if user.is_national:
            self.fields["unit"].queryset = AdministrativeUnit.objects.current().provinces().by_name()
        else:
            self.fields["level"].choices = [(PlanLevel.PROVINCE, PlanLevel.PROVINCE.label)]
            self.fields["unit"].queryset = AdministrativeUnit.objects.filter(pk=user.province_id)
            self.fields["unit"].initial = user.province_id
        self.fields["document"].widget.attrs["accept"] = "application/pdf"

    def clean(self):
        data = super().clean()
        if data.get("level") == PlanLevel.PROVINCE and not data.get("unit"):
            self.add_error("unit", _("Chọn tỉnh của kế hoạch."))
        if data.get("signed_on") is not None:  # the service's rule, said with the form's own refusals
            check_with_the_form(self, plan_signed_on_check, signed_on=data["signed_on"])
        papers = {name: data.get(name) for name in ("document", "level", "unit", "number", "signed_on")}
        check_with_the_form(self, plan_papers_check, **papers)  # the document and the number, likewise
        return data


class PlanEditForm(OwnChangesMixin, BaseForm):
    """A recorded plan's number, date and title as the plan has them, and a new document only if one is chosen."""

    edits_fields = PLAN_FIELDS
    number = forms.CharField(label=_("Số kế hoạch"), max_length=60)
    signed_on = forms.DateField(label=_("Ngày ban hành"))
    title = forms.CharField(label=_("Trích yếu"), max_length=300)
    document = forms.FileField(
        label=_("Thay văn bản kế hoạch (PDF)"),
        required=False,
        help_text=_("Để trống để giữ văn bản đã có; văn bản cũ vẫn được lưu."),
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["document"].widget.attrs["accept"] = "application/pdf"

    def clean(self):
        """A signing date changed is judged by the service's rule (plan_update's: only when changed) as the form is
        cleaned, so that it shows with the form's own refusals (a title left empty)."""
        data = super().clean()
        if "signed_on" in self.own_changes(data) and data.get("signed_on") is not None:
            check_with_the_form(self, plan_signed_on_check, signed_on=data["signed_on"], plan=self.plan)
        # The document and the number as the correction leaves them (the fields not changed as the plan has them).
        kept = {name: getattr(self.plan, name) for name in ("level", "unit", "number", "signed_on")}
        changed = self.own_changes({name: data.get(name) for name in ("number", "signed_on")})
        check_with_the_form(self, plan_papers_check, document=data.get("document"), plan=self.plan, **kept | changed)
        return data


SCHEDULE_AT_ONCE_MAX = 500  # products put into a plan by one sending (each is written with its audit row, ~8 ms)


class ScheduleForm(BaseForm):
    """Put certified products into a plan: those the rules propose (ticked) and any other typed by number."""

    certificates = forms.ModelMultipleChoiceField(
        label=_("Sản phẩm đề xuất theo quy tắc"),
        queryset=Certificate.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _(
                "Có sản phẩm đã được đưa vào kế hoạch hoặc không còn được đề xuất; hãy xem lại danh sách rồi chọn lại."
            )
        },
    )
    all_matching = forms.BooleanField(label=_("Mọi sản phẩm phù hợp bộ lọc, cả ở các trang khác"), required=False)
    manual_number = forms.CharField(
        label=_("Hoặc thêm một sản phẩm theo giấy chứng nhận của nó"),
        max_length=200,
        required=False,
        help_text=_("Số giấy chứng nhận, hoặc tên sản phẩm, chủ thể (không cần dấu)."),
    )
    inspectors = InspectorsField(label=pgettext_lazy("inspection", "Người kiểm tra"), queryset=User.objects.none())
    scheduled_on = forms.DateField(label=_("Ngày kiểm tra dự kiến"))

    def __init__(self, *args, user, plan, scope, candidates, matching=(), **kwargs):
        """`candidates`: every product the rules propose for the plan; `matching`: those the page's filter shows,
        put in at once with `all_matching`."""
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.scope = scope
        self.matching = [c["certificate"] for c in matching]
        # The page shows the proposals a page at a time (supervision/plan_detail.html); any of them may be sent.
        self.fields["certificates"].queryset = scope.filter(pk__in=[c["certificate"].pk for c in candidates])
        self.fields["inspectors"].queryset = _inspectors_for(user)

    def clean(self):
        data = super().clean()
        typed = (data.get("manual_number") or "").strip()
        data["manual"] = None
        if typed:
            try:
                data["manual"] = one_certificate(certificates_matching(self.scope, typed), none_found=NONE_IN_THE_PLAN)
            except forms.ValidationError as refusal:
                self.add_error("manual_number", refusal)
        if data.get("all_matching"):
            if len(self.matching) > SCHEDULE_AT_ONCE_MAX:
                self.add_error(
                    "all_matching",
                    _("Bộ lọc chọn %(n)s sản phẩm, nhiều hơn %(max)s được đưa vào một lần: hãy lọc hẹp hơn (theo xã).")
                    % {"n": len(self.matching), "max": SCHEDULE_AT_ONCE_MAX},
                )
            elif not self.matching:
                self.add_error("all_matching", _("Không còn sản phẩm nào phù hợp bộ lọc (đã có trong kế hoạch?)."))
        elif not data.get("certificates") and not typed:
            self.add_error("certificates", _("Chọn ít nhất một sản phẩm."))
        chosen = [*data.get("certificates", []), *(self.matching if data.get("all_matching") else [])]
        if data["manual"] is not None:
            chosen.append(data["manual"])
        data["chosen"] = list({certificate.pk: certificate for certificate in chosen}.values())  # each once
        # The day by the service's checks, in the same answer as the form's own refusals (no inspector ticked); the
        # checks of each product's certificate wait for the products and inspectors to be right.
        if (day := data.get("scheduled_on")) is not None:
            check_with_the_form(self, plan_day_check, plan=self.plan, scheduled_on=day)
            check_with_the_form(self, inspection_day_check, scheduled_on=day)
        return data


class CertificateByNameMixin(forms.Form):
    """A live certificate in the user's scope, named by its number or, where the officer does not have it at hand
    (another agency's finding, a phone call), by its product's or producer's name: one match is taken, several are
    listed next to the field with their numbers. Sets `self.certificate`; the form keeps `self.user`."""

    certificate_number = forms.CharField(
        label=_("Giấy chứng nhận"),
        max_length=200,
        help_text=_("Số giấy chứng nhận, hoặc tên sản phẩm, chủ thể (không cần dấu)."),
    )

    def clean_certificate_number(self):
        typed = self.cleaned_data["certificate_number"]
        self.certificate = one_certificate(live_certificates_matching(user=self.user, text=typed))
        return typed


NONE_IN_YOUR_SCOPE = _("Không có giấy chứng nhận còn hiệu lực nào khớp trong phạm vi của bạn.")
NONE_IN_THE_PLAN = _("Không có giấy chứng nhận còn hiệu lực nào khớp trong phạm vi kế hoạch.")


def one_certificate(found: list[Certificate], *, none_found=NONE_IN_YOUR_SCOPE) -> Certificate:
    """The one certificate a typed text named (certificates.selectors.certificates.certificates_matching), or the
    refusal to show next to the field: `none_found`, or the matches with their numbers (the first five)."""
    if not found:
        raise forms.ValidationError(none_found)
    if len(found) > 1:
        shown = "; ".join(f"{c.number} ({c.product_name} — {c.producer_name})" for c in found[:5])
        if len(found) > 5:
            message = _("Nhiều giấy chứng nhận khớp, trong đó: %(list)s… Nhập số của giấy bạn muốn chọn.")
        else:
            message = _("%(n)d giấy chứng nhận khớp: %(list)s. Nhập số của giấy bạn muốn chọn.")
        raise forms.ValidationError(message % {"n": len(found), "list": shown})
    return found[0]


class AdHocForm(CertificateByNameMixin, BaseForm):
    detail = forms.CharField(
        label=_("Phát hiện của cơ quan khác, lý do kiểm tra đột xuất"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
    )
    inspectors = InspectorsField(label=pgettext_lazy("inspection", "Người kiểm tra"), queryset=User.objects.none())
    scheduled_on = forms.DateField(label=_("Ngày kiểm tra dự kiến"))
    agency = forms.CharField(
        label=_("Cơ quan đã kết luận vi phạm (nếu có)"),
        max_length=200,
        required=False,
        help_text=_(
            "Khi phát hiện đã là kết luận của cơ quan có thẩm quyền về vi phạm của chủ thể: thời hạn thu hồi "
            "15 ngày (Điều 8 khoản 4) tính từ ngày kết luận đó."
        ),
    )
    document_number = forms.CharField(label=_("Số văn bản kết luận"), max_length=60, required=False)
    # Beside the inspection's own dates: the agency's, as the refusals under it say (conclusion_refusals).
    concluded_on = forms.DateField(label=_("Ngày kết luận của cơ quan"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["inspectors"].queryset = _inspectors_for(user)

    def clean(self):
        """The service's checks of the day and of the agency's conclusion run here too, on what could be read, so
        that they show in the same answer as the form's own refusals (no inspector ticked): the day even when the
        certificate is not found (a day already past needs none), the conclusion (agency_conclusion_clean, every wrong
        part at once) when any part of it is typed and the certificate is known."""
        data = super().clean()
        certificate = getattr(self, "certificate", None)
        if data.get("scheduled_on") is not None:
            check_with_the_form(self, inspection_day_check, scheduled_on=data["scheduled_on"], certificate=certificate)
        conclusion = {name: data.get(name) for name in ("agency", "document_number", "concluded_on")}
        if certificate is not None and any(conclusion.values()):
            check_with_the_form(
                self,
                agency_conclusion_clean,
                certificate=certificate,
                agency=conclusion["agency"] or "",
                document_number=conclusion["document_number"] or "",
                concluded_on=conclusion["concluded_on"],
            )
        return data


class AgencyConclusionForm(BaseForm):
    """A proposal to revoke on a competent authority's conclusion (CONCLUSION_GROUNDS: Điều 8.1a, c, e): the
    conclusion that starts the 15 days of Điều 8.4. For the certificate's open case that awaits it (`case`), its ground
    only and its detail to start from."""

    ground = forms.ChoiceField(
        label=_("Căn cứ thu hồi (Điều 8 khoản 1)"),
        choices=[("", _("— Chọn căn cứ thu hồi —"))]
        + [(value, label) for value, label in RevocationGround.choices if value in CONCLUSION_GROUNDS],
        error_messages={"required": _("Chọn căn cứ thu hồi.")},
    )
    agency = forms.CharField(
        label=_("Cơ quan đã kết luận vi phạm"),
        max_length=200,
        help_text=_("Ví dụ: Chi cục An toàn vệ sinh thực phẩm tỉnh; Đội Quản lý thị trường số 2."),
    )
    document_number = forms.CharField(label=_("Số văn bản kết luận"), max_length=60)
    concluded_on = forms.DateField(label=_("Ngày kết luận của cơ quan"))
    detail = forms.CharField(
        label=_("Nội dung vi phạm"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, certificate: Certificate, requesting: bool = False, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.certificate = certificate
        self.requesting = requesting
        ground = self.fields["ground"]
        if requesting:  # the ministry's request to the province (Điều 10.1b): ground e, the ministry's letter
            ground.choices = [(v, label) for v, label in ground.choices if v in {"", RevocationGround.OTHER}]
            ground.initial = RevocationGround.OTHER
            self.fields["agency"].label = _("Cơ quan đề nghị")
            self.fields["agency"].help_text = ""
            self.fields["agency"].initial = _("Bộ Nông nghiệp và Môi trường")
            self.fields["document_number"].label = _("Số văn bản đề nghị của Bộ")
            self.fields["concluded_on"].label = _("Ngày văn bản")
            self.fields["detail"].label = _("Nội dung: công tác đánh giá, phân hạng không đúng quy định")
        elif case is not None:  # the conclusion the open case awaits, for the case's ground
            ground.choices = [(v, label) for v, label in ground.choices if v == case.ground]
            ground.initial = case.ground
        if case is not None:  # its detail to start from (the ministry's letter too goes onto that case)
            self.fields["detail"].initial = case.detail
        # An empty part is refused in the one check's words, which name the field (not Django's "required").
        refusals = conclusion_refusals(ministry_request=requesting)
        self.fields["agency"].error_messages["required"] = refusals.agency
        self.fields["document_number"].error_messages["required"] = refusals.document_number_missing
        self.fields["concluded_on"].error_messages["required"] = refusals.concluded_on_missing

    def clean(self):
        """Every wrong part of the conclusion at once, by the one check (agency_conclusion_clean, worded for the
        ministry's letter on its request): a part the form already refused (empty, not a date) keeps that message,
        the others get theirs in the same answer."""
        data = super().clean()
        try:
            agency_conclusion_clean(
                certificate=self.certificate,
                agency=data.get("agency", ""),
                document_number=data.get("document_number", ""),
                concluded_on=data.get("concluded_on"),
                ministry_request=self.requesting,
            )
        except forms.ValidationError as exc:
            for name, errors in exc.message_dict.items():
                if name not in self.errors:
                    self.add_error(name, errors)
        return data


class RecordForm(OwnChangesMixin, BaseForm):
    """The on-site record: one result, severity and note per area of Điều 9.3 (fields `<area>-result`…). An
    inspection team may record from several phones at once: each field sends back what the page showed, and the
    service keeps what another inspector saved meanwhile (ocop.edits.edit_changes)."""

    inspected_on = forms.DateField(label=_("Ngày kiểm tra"))
    place = forms.CharField(label=_("Địa điểm"), max_length=300, required=False)
    representative_name = forms.CharField(label=_("Người đại diện chủ thể"), max_length=150)
    representative_title = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)
    summary = forms.CharField(
        label=_("Nhận xét chung"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = []
        for item in items:
            prefix = item.area
            self.fields[f"{prefix}-result"] = forms.ChoiceField(
                label=_("Kết quả"), choices=ItemResult.choices, initial=item.result, widget=forms.RadioSelect
            )
            self.fields[f"{prefix}-severity"] = forms.ChoiceField(
                label=_("Mức độ"), choices=Severity.choices, initial=item.severity
            )
            self.fields[f"{prefix}-note"] = forms.CharField(
                label=_("Ghi chú, phát hiện"),
                required=False,
                max_length=3000,
                initial=item.note,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.areas.append((CheckArea(item.area).label, prefix))
        self.send_page_values()  # the areas' fields too

    def area_fields(self):
        return [
            {
                "label": label,
                "result": self[f"{p}-result"],
                "severity": self[f"{p}-severity"],
                "note": self[f"{p}-note"],
            }
            for label, p in self.areas
        ]

    def items(self) -> dict:
        data = self.cleaned_data
        return {p: {part: data.get(f"{p}-{part}", "") for part in ITEM_PARTS} for _label, p in self.areas}


class PhotoForm(BaseForm):
    image = PhotoField(
        label=_("Chụp hoặc chọn ảnh (JPEG, PNG, WebP, tối đa 10 MB)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/*", "capture": "environment", "data-max-bytes": MAX_PHOTO_BYTES}
        ),
    )
    area = forms.ChoiceField(label=_("Nội dung"), choices=[("", "—"), *CheckArea.choices], required=False)
    caption = forms.CharField(label=_("Chú thích"), max_length=200, required=False)


class ConcludeForm(BaseForm):
    outcome = forms.ChoiceField(label=_("Kết luận"), choices=Outcome.choices, widget=forms.RadioSelect)
    concluded_on = forms.DateField(label=_("Ngày kết luận"))
    remedy_required = forms.CharField(
        label=_("Nội dung phải khắc phục"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )
    remedy_due_on = forms.DateField(label=_("Hạn khắc phục"), required=False)
    ground = forms.ChoiceField(
        label=_("Căn cứ thu hồi (Điều 8 khoản 1)"), choices=[("", "—"), *RevocationGround.choices], required=False
    )
    detail = forms.CharField(
        label=_("Nội dung kết luận vi phạm"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )
    # Grounds c, e rest on a competent authority's conclusion (Điều 8.1), from which the 15 days of Điều 8.4 run, and
    # a may: entered here when the inspection did not record one when it opened (services.agency_conclusion_typed).
    agency = forms.CharField(
        label=_("Cơ quan đã kết luận vi phạm"),
        max_length=200,
        required=False,
    )
    agency_document_number = forms.CharField(label=_("Số văn bản kết luận"), max_length=60, required=False)
    agency_concluded_on = forms.DateField(label=_("Ngày kết luận của cơ quan"), required=False)

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["concluded_on"].initial = timezone.localdate()
        if inspection.has_agency_conclusion:  # recorded when it opened: the 15 days run from that one
            for name in ("agency", "agency_document_number", "agency_concluded_on"):
                del self.fields[name]
        else:
            self.fields["agency"].help_text = _(
                "Với căn cứ %(required)s: cơ quan có thẩm quyền đã kết luận vi phạm của chủ thể; thời hạn thu hồi 15 "
                "ngày (Điều 8 khoản 4) tính từ ngày kết luận đó. Với căn cứ %(either)s: ghi khi phát hiện dựa trên kết "
                "luận của cơ quan khác; để trống khi chính cuộc kiểm tra này phát hiện, thời hạn tính từ ngày kết luận "
                "kiểm tra."
            ) % {
                "required": ground_letters(AGENCY_CONCLUSION_GROUNDS),
                "either": ground_letters(AGENCY_OR_INSPECTION_GROUNDS),
            }


class RemedyAnswerForm(BaseForm):
    answer = forms.CharField(
        label=_("Đã khắc phục những gì"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    files = MultipleFileField(
        label=_("Minh chứng (ảnh hoặc PDF, tối đa 10 tệp)"), required=False, accept="image/*,application/pdf"
    )

    def clean(self):
        data = super().clean()
        if data.get("files"):  # the service's check of the files, said with the answer's own refusals
            check_with_the_form(self, remedy_evidence_check, uploads=data["files"])
        return data


class RemedyReviewForm(BaseForm):
    decision = forms.ChoiceField(
        label=_("Ý kiến"),
        choices=[("accept", _("Chấp nhận kết quả khắc phục")), ("reject", _("Chưa chấp nhận"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Nhận xét, lý do"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 2})
    )
    due_on = forms.DateField(label=_("Hạn mới (nếu chưa chấp nhận)"), required=False)


class SubmissionField(forms.CharField):
    """A new one-time token each time the form is shown: what tells a double click from a second sender. A token
    missing or altered is no token (the complaint is recorded, unguarded), never a refusal nobody could see."""

    widget = forms.HiddenInput

    def __init__(self):
        super().__init__(required=False, initial=uuid.uuid4)

    def to_python(self, value):
        try:
            return uuid.UUID(str(value))
        except ValueError:
            return None


class PublicComplaintForm(BaseForm):
    """No account: a honeypot field ("website") that people leave empty and robots fill."""

    text = forms.CharField(
        label=_("Nội dung phản ánh"), min_length=10, max_length=3000, widget=forms.Textarea(attrs={"rows": 5})
    )
    name = forms.CharField(label=_("Họ tên (không bắt buộc)"), max_length=150, required=False)
    contact = forms.CharField(
        label=_("Điện thoại hoặc e-mail để liên hệ lại (không bắt buộc)"), max_length=150, required=False
    )
    photo = PhotoField(
        label=_("Ảnh (không bắt buộc; JPEG, PNG, WebP, tối đa 10 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "data-max-bytes": MAX_PHOTO_BYTES}),
    )
    website = forms.CharField(
        required=False,
        label=_("Để trống ô này"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    submission = SubmissionField()

    def clean(self):
        """The contact is refused beside its field with the form's other refusals (the rule: complaint_submit's)."""
        data = super().clean()
        if "contact" in data:
            check_with_the_form(self, complaint_contact_check, contact=data["contact"])
        return data


class OfficerComplaintForm(CertificateByNameMixin, BaseForm):
    text = forms.CharField(
        label=_("Nội dung phản ánh"), min_length=10, max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )
    photo = PhotoField(
        label=_("Ảnh (không bắt buộc)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "data-max-bytes": MAX_PHOTO_BYTES}),
    )
    submission = SubmissionField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user


class TriageForm(BaseForm):
    action = forms.ChoiceField(
        label=_("Xử lý"),
        choices=[("inspect", _("Chuyển kiểm tra đột xuất")), ("close", _("Đóng phản ánh"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Lý do đóng"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 2})
    )
    inspectors = InspectorsField(
        label=pgettext_lazy("inspection", "Người kiểm tra"), queryset=User.objects.none(), required=False
    )
    scheduled_on = forms.DateField(label=_("Ngày kiểm tra dự kiến"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspectors"].queryset = _inspectors_for(user)


class StopConfirmForm(BaseForm):
    confirmed_on = forms.DateField(label=_("Ngày UBND xã xác nhận"))
    document_number = forms.CharField(label=_("Số văn bản xác nhận"), max_length=60)
    detail = forms.CharField(
        label=_("Nội dung"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_confirmed_on(self):
        value = self.cleaned_data["confirmed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(
                _("Ngày xác nhận không thể sau hôm nay (%(today)s).") % {"today": f"{timezone.localdate():%d/%m/%Y}"}
            )
        return value


class CaseCloseForm(BaseForm):
    reason = forms.CharField(
        label=_("Lý do không thu hồi"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ví dụ: UBND xã rút văn bản xác nhận; chủ thể đã sản xuất trở lại."),
    )


def default_due(days: int = 30) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)
