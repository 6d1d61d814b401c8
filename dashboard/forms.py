import datetime as dt

from django import forms
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from certificates.forms import SignerForm
from ocop.choices import UnitEra, UnitLevel
from ocop.duplicates import duplicates_check
from ocop.forms import BaseForm, OwnChangesMixin, ProvinceFirstMixin, check_with_the_form
from ocop.models import AdministrativeUnit
from ocop.text import vi_order
from products.models import Product, Sector
from products.selectors import product_label

from .choices import PERIODS, HistoricLevel, TargetMetric
from .models import HistoricEvaluation, Plan
from .selectors.evaluated import FIGURES
from .services import (
    DUPLICATE_TARGET,
    PLAN_FIELDS,
    historic_evaluation_check,
    plan_dates_check,
    plan_document_check,
    plan_update_dates_check,
    target_duplicates,
)

STAR_CHOICES = [("", "—"), (3, "3 ★"), (4, "4 ★"), (5, "5 ★")]
FROM_STAR_CHOICES = [("", "—"), (3, "3 ★"), (4, "4 ★")]
TARGET_ROWS = 6


def plan_units_for(user):
    """The units a user may record a plan for: the province and its communes (and, for a plan from before the
    2025 reform, the old provinces and districts whose communes now lie in it); for national roles every province,
    current or former, and every former district."""
    units = AdministrativeUnit.objects.select_related("parent")
    if user.is_national:
        return units.filter(
            Q(era=UnitEra.CURRENT, level=UnitLevel.PROVINCE)
            | Q(era=UnitEra.HISTORIC, level__in=[UnitLevel.PROVINCE, UnitLevel.DISTRICT])
        ).in_map_order()
    if user.unit_id is None:
        return units.none()
    if user.unit.level == UnitLevel.PROVINCE:
        province = user.unit_id
        historic_districts = Q(
            era=UnitEra.HISTORIC, level=UnitLevel.DISTRICT, children__succession_out__new__parent=province
        )
        historic_provinces = Q(
            era=UnitEra.HISTORIC, level=UnitLevel.PROVINCE, children__children__succession_out__new__parent=province
        )
        return (
            units.filter(Q(pk=province) | Q(parent=province) | historic_districts | historic_provinces)
            .distinct()
            .in_map_order()
        )
    return units.filter(Q(pk=user.unit_id) | Q(succession_out__new=user.unit_id)).distinct().in_map_order()


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        if unit.era == UnitEra.HISTORIC:
            return _("%(unit)s (trước 01/07/2025)") % {"unit": unit.full_name or unit.name}
        return unit.full_name or unit.name


class PlanForm(BaseForm):
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=AdministrativeUnit.objects.none())
    number = forms.CharField(label=_("Số kế hoạch"), max_length=60, help_text=_("Ví dụ: 58/KH-UBND"))
    signed_on = forms.DateField(label=_("Ngày ban hành"), help_text=_("ngày/tháng/năm"))
    title = forms.CharField(label=_("Trích yếu"), max_length=300)
    period_start = forms.DateField(label=_("Thực hiện từ ngày"))
    period_end = forms.DateField(label=_("đến ngày"))
    document = forms.FileField(label=_("Văn bản kế hoạch (PDF)"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = plan_units_for(user)
        self.fields["unit"].initial = user.unit_id  # an office records its own unit's plan most of the time

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error(
                "period_end", _("Ngày kết thúc không thể trước ngày bắt đầu (%(d)s).") % {"d": f"{start:%d/%m/%Y}"}
            )
        self.check_dates(data)
        # The service's check of the document and the plan's uniqueness, said with the form's other refusals: both
        # came only at the next submit, after the fields (the file refused, then the number already used).
        check_with_the_form(self, plan_document_check, upload=data.get("document"))
        self.check_duplicate(data)
        return data

    def check_duplicate(self, data: dict, *, plan=None) -> None:
        """Another plan of the unit with this number and signing day (plan_unique_per_unit), beside the number."""
        values = {name: data.get(name) for name in ("unit", "number", "signed_on")}
        check_with_the_form(self, duplicates_check, model=Plan, values=values, field="number", pk=plan and plan.pk)

    def check_dates(self, data: dict) -> None:
        """The service's check of the dates (plan_dates_check), run as the form is cleaned, so that a date refused
        shows in the same answer as a field left empty."""
        check_with_the_form(
            self,
            plan_dates_check,
            signed_on=data.get("signed_on"),
            start=data.get("period_start"),
            end=data.get("period_end"),
        )


class PlanEditForm(OwnChangesMixin, PlanForm):
    """A recorded plan's correction: its fields as the plan has them (each sends back the value the page showed), a
    new document only if one is chosen, and the fingerprint of the targets the page showed (`targets_shown`)."""

    edits_fields = PLAN_FIELDS
    targets_shown = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, plan, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)
        self.fields["document"].label = _("Thay văn bản kế hoạch (PDF)")
        self.fields["document"].help_text = _("Để trống để giữ văn bản đã có; văn bản cũ vẫn được lưu.")

    def check_duplicate(self, data: dict, *, plan=None) -> None:
        """The plan as the correction leaves it: the fields the person changed, the others as the plan has them."""
        keys = ("unit", "number", "signed_on")
        changed = self.own_changes({name: data.get(name) for name in keys})
        super().check_duplicate({name: getattr(self.plan, name) for name in keys} | changed, plan=self.plan)

    def check_dates(self, data: dict) -> None:
        """A correction's dates as the service judges them (plan_update_dates_check): only when the person changed
        one (None for one the form could not read), the others as the plan has them."""
        changes = self.own_changes({name: data.get(name) for name in self.edits_fields})
        check_with_the_form(self, plan_update_dates_check, plan=self.plan, changes=changes)

    def show_current(self, current: dict) -> None:
        current = dict(current)
        shown = current.pop("targets_shown", None)
        super().show_current(current)
        if shown is not None:  # the targets as they are now: saving again replaces them with the rows typed
            self.data = self.data.copy()
            self.data["targets_shown"] = shown


class TargetForm(BaseForm):
    metric = forms.ChoiceField(label=_("Chỉ tiêu"), choices=[("", "—"), *TargetMetric.choices], required=False)
    star = forms.TypedChoiceField(
        label=_("Hạng sao"), choices=STAR_CHOICES, coerce=int, required=False, empty_value=None
    )
    from_star = forms.TypedChoiceField(
        label=_("Từ hạng"), choices=FROM_STAR_CHOICES, coerce=int, required=False, empty_value=None
    )
    sector = forms.ModelChoiceField(
        label=_("Ngành"), queryset=Sector.objects.order_by("order"), required=False, empty_label="—"
    )  # "—" as the row's other selects: the rows share the base field's choices (TargetRows)
    quantity = forms.IntegerField(label=_("Số lượng"), min_value=1, max_value=100000, required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("metric") and not data.get("quantity"):
            self.add_error("quantity", _("Nhập số lượng của chỉ tiêu."))
        # A row with anything typed in but its target is not an empty row: dropping it lost what was typed.
        filled = any(data.get(key) not in (None, "") for key in ("quantity", "star", "from_star", "sector", "note"))
        if filled and not data.get("metric"):
            self.add_error("metric", _("Chọn chỉ tiêu."))
        return data

    def target_fields(self) -> dict | None:
        """The row as PlanTarget fields, or None for an empty row."""
        data = self.cleaned_data
        if not data.get("metric"):
            return None
        return {k: data.get(k) for k in ("metric", "star", "from_star", "sector", "quantity")} | {
            "note": data.get("note") or ""
        }


class TargetRows(forms.BaseFormSet):
    """The target rows share one list of sectors: each row's select asked the database for it again."""

    @cached_property
    def sector_choices(self) -> list:
        return list(self.form.base_fields["sector"].choices)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.fields["sector"].choices = self.sector_choices
        return form

    def clean(self):
        """A row counting what an earlier row counts is refused next to its metric (services.target_duplicates)."""
        super().clean()
        filled = [(form, form.target_fields()) for form in self.forms if form.is_valid() and form.target_fields()]
        for index in target_duplicates([row for _form, row in filled]):
            filled[index][0].add_error("metric", DUPLICATE_TARGET)


# A plan's rows: empty ones to fill in, after the targets of the plan being edited or copied, however many an Excel
# import added (MAX_TARGETS bounds what a post may send).
MAX_TARGETS = 500
TargetFormSet = forms.formset_factory(
    TargetForm, formset=TargetRows, extra=TARGET_ROWS, max_num=MAX_TARGETS, validate_max=True
)
TargetEditFormSet = forms.formset_factory(
    TargetForm, formset=TargetRows, extra=3, max_num=MAX_TARGETS, validate_max=True
)


class ReportForm(BaseForm):
    """The period (and, for national roles, the province) of a periodic report."""

    period = forms.ChoiceField(label=_("Kỳ báo cáo"), choices=[])
    year = forms.IntegerField(
        label=_("Năm"),
        min_value=2018,
        max_value=2100,
        error_messages={
            "invalid": _("Nhập năm bằng chữ số, ví dụ 2026."),
            "min_value": _("Năm báo cáo từ 2018 (năm Chương trình OCOP bắt đầu, Quyết định 490/QĐ-TTg) đến 2100."),
            "max_value": _("Năm báo cáo từ 2018 (năm Chương trình OCOP bắt đầu, Quyết định 490/QĐ-TTg) đến 2100."),
        },
    )
    province = forms.ModelChoiceField(
        label=_("Tỉnh, thành phố"), queryset=AdministrativeUnit.objects.none(), required=False
    )
    historic_units = forms.BooleanField(label=_("Theo đơn vị hành chính trước 01/07/2025"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(key, label) for key, (label, _first, _last) in PERIODS.items()]
        if user.is_national:
            self.fields["province"].queryset = AdministrativeUnit.objects.current().provinces().by_name()
            self.fields["province"].empty_label = _("Toàn quốc")
        else:
            del self.fields["province"]


class ReportSignerForm(SignerForm):
    """Who signs the report's PDF for the authority that sends it (SignerForm, as the recognition decision's signer).
    Left empty, the PDF prints the capacity of the issuing level (reports.report_signer_title) over a blank."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signer_title"].help_text = _(
            "Quyền hạn, chức vụ gõ liền một dòng, ví dụ “TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH”; bản in "
            "tách thành từng dòng."
        )


class HistoricEvaluationForm(ProvinceFirstMixin, BaseForm):
    """One product of a past round that was evaluated but not recognised."""

    product = forms.ModelChoiceField(label=_("Sản phẩm"), queryset=Product.objects.none())
    evaluated_on = forms.DateField(label=_("Ngày đánh giá"))
    mean_score = forms.DecimalField(label=_("Điểm"), min_value=0, max_value=100, max_digits=5, decimal_places=2)
    star = forms.TypedChoiceField(
        label=_("Hạng sao đạt"),
        choices=[(0, _("Không xếp hạng")), (1, "1 ★"), (2, "2 ★"), (3, "3 ★"), (4, "4 ★"), (5, "5 ★")],
        coerce=int,
    )
    level = forms.ChoiceField(label=_("Cấp đánh giá"), choices=HistoricLevel.choices)
    unit = UnitChoiceField(label=_("Đơn vị lúc đánh giá"), queryset=AdministrativeUnit.objects.none())
    issuer_name = forms.CharField(
        label=_("Cơ quan tổ chức đánh giá"),
        max_length=200,
        required=False,
        help_text=_("Để trống: UBND + tên đơn vị (ví dụ: UBND huyện Na Rì)."),
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)
    province_first = ("product", "province_id", "products:product_options")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = (
            Product.objects.for_user(user).select_related("producer").order_by(vi_order("name"), "pk")
        )
        self.fields["product"].label_from_instance = lambda p: product_label(p.name, p.producer.name)
        self.fields["unit"].queryset = plan_units_for(user).exclude(level=UnitLevel.COMMUNE)
        self.province_first_setup(user)
        self.user = user

    def check_with_the_service(self) -> bool:
        """The service's rules (historic_evaluation_check: the star against the score, the unit against the level, the
        day) on what this refused form could read, beside their fields with the form's own refusals: the page and the
        API run it on a form they refuse, so that a record with several faults hears of them all at once."""
        return check_with_the_form(self, historic_evaluation_check, by=self.user, fields=dict(self.cleaned_data))

    def clean(self):
        """An evaluation recorded already (historic_evaluation_once_per_day_and_level) is said beside the product with
        the form's own refusals: the service found it only once every field was right."""
        data = super().clean()
        values = {name: data.get(name) for name in ("product", "evaluated_on", "level")}
        check_with_the_form(self, duplicates_check, model=HistoricEvaluation, values=values, field="product")
        return data


class FigureListForm(forms.Form):
    """The cell of a dashboard whose list is asked for (dashboard_figure_list): which figure, and its year, round
    (this system's), past round (year and organiser) or pipeline status."""

    figure = forms.ChoiceField(choices=[(f, f) for f in FIGURES])
    year = forms.IntegerField(required=False, min_value=1990, max_value=2100)
    # A report's period (its quarter, half-year or year), from the first day to the last, both included.
    start = forms.DateField(required=False)
    end = forms.DateField(required=False)
    round = forms.IntegerField(required=False, min_value=0, max_value=2**62)
    issuer = forms.CharField(required=False, max_length=200)
    status = forms.CharField(required=False, max_length=40)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(
                _("Ngày kết thúc không thể trước ngày bắt đầu (%(d)s).") % {"d": f"{data['start']:%d/%m/%Y}"}
            )
        return data

    def filters(self) -> dict:
        data = self.cleaned_data
        start, end = data.get("start"), data.get("end")
        if data.get("year"):  # a year of the statistics page: its first day to its last
            start, end = dt.date(data["year"], 1, 1), dt.date(data["year"], 12, 31)
        return {
            "figure": data["figure"],
            "start": start,
            "end": end,
            "round_id": data.get("round"),
            "issuer": data["issuer"] if "issuer" in self.data else None,
            "status": data.get("status") or None,
        }

    @property
    def title(self):
        return FIGURE_TITLES[self.cleaned_data["figure"]]


FIGURE_TITLES = {
    "evaluated": _("Sản phẩm được đánh giá"),
    "reached": _("Sản phẩm được đánh giá đạt từ 3 sao"),
    "not_recognised": _("Sản phẩm được đánh giá nhưng không được công nhận"),
    "recognised": _("Sản phẩm được công nhận"),
    "pipeline": _("Hồ sơ đang trong quy trình"),
}
