"""The filters of the supervision lists: the inspections, and the products a plan's rules propose."""

import re

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates.filters import STAR_CHOICES
from certificates.models import Certificate
from certificates.selectors.certificates import certificate_search_q
from ocop.filters import FilterSet, ListedChoicesMixin, StatusFilter, YearFilter
from ocop.text import search_q
from products.filters import commune_filter, province_filter, scope_unit_filters

from .choices import (
    OPEN_INSPECTION_STATUSES,
    RULE_REASONS,
    ComplaintStatus,
    InspectionKind,
    InspectionStatus,
    Outcome,
    RemedyStatus,
)
from .models import Complaint, Inspection, remedy_overdue_q

SEARCH_LABEL = _("Tìm")
SEARCH_PLACEHOLDER = _("Sản phẩm, chủ thể, số giấy chứng nhận")


class _CertifiedProductFilter(ListedChoicesMixin, FilterSet):
    """What the supervision lists share: the certificate's text (number, product, producer, accents optional) and
    the product's province and commune, within the user's reach."""

    certificate_path = ""  # how a row reaches its certificate ("certificate__" from an inspection)
    q = django_filters.CharFilter(
        label=SEARCH_LABEL, method="filter_q", widget=forms.TextInput(attrs={"placeholder": SEARCH_PLACEHOLDER})
    )
    province = province_filter("product__producer__commune__parent")
    commune = commune_filter("product__producer__commune")

    def filter_q(self, queryset, name, value):
        return queryset.filter(certificate_search_q(value, prefix=self.certificate_path))


OPEN = "open"
OVERDUE = "overdue"


class InspectionFilter(_CertifiedProductFilter):
    certificate_path = "certificate__"
    status = StatusFilter(
        label=_("Trạng thái"),
        choices=[(OPEN, _("Chưa kết luận")), *InspectionStatus.choices],
        groups={OPEN: OPEN_INSPECTION_STATUSES},
    )
    outcome = django_filters.ChoiceFilter(label=_("Kết luận"), choices=Outcome.choices)
    remedy = django_filters.ChoiceFilter(
        label=_("Yêu cầu khắc phục"),
        choices=[(OVERDUE, _("Quá hạn khắc phục")), *RemedyStatus.choices],
        method="filter_remedy",
    )
    kind = django_filters.ChoiceFilter(label=_("Hình thức"), choices=InspectionKind.choices)
    year = YearFilter(label=_("Năm (ngày kiểm tra dự kiến)"), field_name="scheduled_on__year")

    class Meta:
        model = Inspection
        fields = ("q", "status", "outcome", "remedy", "kind", "year", "province", "commune")

    def filter_remedy(self, queryset, name, value):
        if value == OVERDUE:  # the overview's "Yêu cầu khắc phục quá hạn"
            return queryset.filter(remedy_overdue_q(timezone.localdate(), prefix="remedy__"))
        return queryset.filter(remedy__status=value)

    def __init__(self, data=None, *args, user, **kwargs):
        super().__init__(data, *args, **kwargs)
        scope_unit_filters(self, user, data)
        if user.role == "producer":  # a producer sees only its concluded inspections
            del self.filters["status"]


# A complaint's code (Complaint.code, "PA-000123"), with or without its dash and zeros.
COMPLAINT_CODE = re.compile(r"PA-?\s*0*(\d{1,15})", re.IGNORECASE)


class ComplaintFilter(FilterSet):
    """The complaints by status (the list's tabs) and by product or producer name, accents optional."""

    q = django_filters.CharFilter(
        label=SEARCH_LABEL,
        method="filter_q",
        widget=forms.TextInput(attrs={"placeholder": _("Sản phẩm, chủ thể, mã phản ánh")}),
    )
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=ComplaintStatus.choices)

    class Meta:
        model = Complaint
        fields = ("q", "status")

    def filter_q(self, queryset, name, value):
        code = COMPLAINT_CODE.fullmatch(value.strip())
        if code:  # the code on the sender's receipt (Complaint.code), as a caller reads it out
            return queryset.filter(pk=int(code[1]))
        return queryset.filter(search_q(value, "product__search_text"))


class CandidateFilter(_CertifiedProductFilter):
    """The certificates a plan may cover, narrowed before the rules are applied; `reason` is applied by
    `selectors.plan_candidates`, which works the reasons out row by row."""

    reason = django_filters.ChoiceFilter(
        label=_("Lý do đề xuất"), choices=[(r.value, r.label) for r in RULE_REASONS], method="by_selector"
    )
    star = django_filters.ChoiceFilter(label=_("Hạng sao"), choices=STAR_CHOICES)

    class Meta:
        model = Certificate
        fields = ("q", "reason", "star", "province", "commune")

    def __init__(self, data=None, *args, user, plan, **kwargs):
        super().__init__(data, *args, **kwargs)
        scope_unit_filters(self, user, data, province_id=plan.unit_id)

    def by_selector(self, queryset, name, value):
        return queryset

    def chosen_reason(self) -> str:
        """The reason chosen, if valid ("" for every reason)."""
        return (self.form.cleaned_data.get("reason") or "") if self.is_valid() else ""
