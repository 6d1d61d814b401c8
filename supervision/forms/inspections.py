"""An inspection's forms: an ad hoc inspection, the on-site record and its photos, the conclusion."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from certificates.choices import (
    AGENCY_CONCLUSION_GROUNDS,
    AGENCY_OR_INSPECTION_GROUNDS,
    RevocationGround,
    ground_letters,
)
from certificates.services.revocations import agency_conclusion_clean
from ocop.forms import BaseForm, OwnChangesMixin, check_with_the_form
from ocop.models import User
from products.forms import PhotoField
from products.validators import MAX_PHOTO_BYTES

from ..choices import CheckArea, ItemResult, Outcome, Severity
from ..services import ITEM_PARTS
from ..services.records import inspection_record_check
from ..services.scheduling import inspection_day_check
from .common import (
    CertificateByNameMixin,
    InspectorsField,
    _inspectors_for,
)


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

    def __init__(self, *args, items, inspection=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.inspection = inspection
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

    def clean(self):
        """The service's rules of a record (its day, each finding's severity and note) with the form's own refusals
        (no representative, a day that does not exist): every refusal in one answer, each beside its field."""
        data = super().clean()
        if self.inspection is not None:
            check_with_the_form(
                self,
                inspection_record_check,
                inspection=self.inspection,
                inspected_on=data.get("inspected_on"),
                items=self.items(),
            )
        return data

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
