"""The inspection plan's forms: recording and correcting a plan, putting products into it."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from certificates.models import Certificate
from certificates.selectors.certificates import certificates_matching
from ocop.forms import BaseForm, OwnChangesMixin, check_with_the_form, planning_year
from ocop.models import AdministrativeUnit, User

from ..choices import PlanLevel
from ..services.plans import PLAN_FIELDS, plan_papers_check, plan_signed_on_check
from ..services.scheduling import inspection_day_check, plan_day_check
from .common import (
    NONE_IN_THE_PLAN,
    InspectorsField,
    _inspectors_for,
    one_certificate,
)


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
