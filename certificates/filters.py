import datetime
from datetime import timedelta

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ocop.filters import (
    DateFilter,
    FilterDateField,
    FilterSet,
    IdFilter,
    ListedChoicesMixin,
    StatusFilter,
    YearFilter,
    YesNoFilter,
)
from products.filters import commune_filter, province_filter, scope_unit_filters
from products.models import Sector

from .choices import (
    LIVE_STATUSES,
    PENDING_DECISION_STATUSES,
    CertificateStatus,
    DecisionStatus,
    IssuerLevel,
    RevocationStatus,
)
from .models import Certificate, CertificateNotice, RecognitionDecision, VerificationDay
from .models.status import live_on_q, status_today
from .selectors.certificates import certificate_search_q
from .selectors.expiry import expiry_phase_q, renewal_filed_q
from .selectors.recognitions import last_in_period_q

LIVE = "live"  # every live phase at once: valid, re-evaluation window, expiring, extended
PENDING = "pending"  # drafted or checked, not yet issued
# The status filters' choices, offered as they are by the lists' forms (a home tile links to LIVE or PENDING).
CERTIFICATE_STATUS_CHOICES = [(LIVE, _("Còn hiệu lực (mọi giai đoạn)")), *CertificateStatus.choices]
DECISION_STATUS_CHOICES = [(PENDING, _("Chờ ban hành (dự thảo, đã kiểm tra)")), *DecisionStatus.choices]
INVALID_STATUSES = (CertificateStatus.EXPIRED, CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED)


class DecisionFilter(FilterSet):
    status = StatusFilter(
        label=_("Trạng thái"), choices=DECISION_STATUS_CHOICES, groups={PENDING: PENDING_DECISION_STATUSES}
    )
    issuer_level = django_filters.ChoiceFilter(label=_("Cấp ban hành"), choices=IssuerLevel.choices)

    class Meta:
        model = RecognitionDecision
        fields = ["status", "issuer_level"]


class CertificateFilter(FilterSet):
    """The certificate list's filters, the web's and the API's. Each row gives the status the certificate has today
    (models.status_today; the selector annotates it, certificate_list), so the status filters select by that, not by
    the status the nightly sweep last stored: between midnight and the 00:30 sweep, or after a missed night, a
    certificate whose last day was yesterday is found by "expired" (or "extended", its re-evaluation pending), as it
    shows, and not among the live ones the producer's home counts (live_today_q)."""

    q = django_filters.CharFilter(label=_("Tìm"), method="search")
    status = StatusFilter(
        label=_("Trạng thái"),
        choices=CERTIFICATE_STATUS_CHOICES,
        groups={LIVE: LIVE_STATUSES},
        field_name="status_today",
    )
    star = django_filters.ChoiceFilter(label=_("Hạng sao"), choices=[(3, "3"), (4, "4"), (5, "5")])
    scanned_while_invalid = django_filters.BooleanFilter(
        label=_("Hết hiệu lực nhưng vẫn được quét mã (30 ngày qua)"), method="filter_scanned_while_invalid"
    )
    # The home page's count of proposals waiting for their second officer opens these (Điều 8, four eyes).
    revocation_proposed = django_filters.BooleanFilter(
        label=_("Có đề xuất thu hồi chờ ban hành"), method="filter_revocation_proposed"
    )
    # The national list narrowed to one province (of the producer's current commune); the queryset is already
    # limited to the user's scope, so a province outside it simply gives no row.
    province = IdFilter(label=_("Tỉnh, thành phố"), field_name="province")
    # The drill-downs of the dashboards: a figure's certificates by commune, sector, product set and year of issue.
    commune = IdFilter(label=_("Xã, phường"), field_name="product__producer__commune")
    # The same by the units in force before 01/07/2025: a former district or province, by the producer's old commune.
    old_unit = IdFilter(label=_("Đơn vị trước 01/07/2025"), method="filter_old_unit")
    sector = django_filters.CharFilter(label=_("Ngành"), field_name="product__product_set__group__sector__code")
    product_set = django_filters.NumberFilter(
        label=_("Bộ sản phẩm"), field_name="product__product_set__number", min_value=1, max_value=99
    )
    year = YearFilter(label=_("Năm cấp"), field_name="issued_on__year")
    # The periodic report's drill-down: the certificates issued in its quarter, half-year or year.
    issued_from = DateFilter(label=_("Cấp từ ngày"), field_name="issued_on", lookup_expr="gte")
    issued_to = DateFilter(label=_("Cấp đến ngày"), field_name="issued_on", lookup_expr="lte", not_before="issued_from")
    # The periodic report's live certificates at a past period's end: those that certified their product that day.
    live_on = DateFilter(label=_("Còn hiệu lực tại ngày"), method="filter_live_on")
    # The dashboards' figures of products recognised: each product once, by its last certificate of the period
    # (issued_from–issued_to, or the year), not a 4★ and the 5★ that upgraded it the same year (recognitions.py).
    last = django_filters.BooleanFilter(
        label=_("Mỗi sản phẩm một lần (giấy chứng nhận sau cùng trong kỳ)"), method="filter_last"
    )
    status_field = "status_today"  # the status the list shows, which its status filters read

    class Meta:
        model = Certificate
        fields = [
            "q",
            "status",
            "star",
            "scanned_while_invalid",
            "revocation_proposed",
            "province",
            "commune",
            "old_unit",
            "sector",
            "product_set",
            "year",
            "issued_from",
            "issued_to",
            "live_on",
            "last",
        ]

    def filter_last(self, queryset, name, value):
        """The product's last certificate of the period the other filters name: from `issued_from` to `issued_to`,
        or the year of issue; with neither, its last certificate of all."""
        if not value:
            return queryset
        data = self.form.cleaned_data
        start, end = data.get("issued_from"), data.get("issued_to")
        if data.get("year"):
            start = max(filter(None, [start, datetime.date(int(data["year"]), 1, 1)]))
            end = min(filter(None, [end, datetime.date(int(data["year"]), 12, 31)]))
        return queryset.filter(last_in_period_q(start, end))

    def filter_live_on(self, queryset, name, value):
        return queryset.filter(live_on_q(value))

    def filter_old_unit(self, queryset, name, value):
        """The certificates of producers whose old commune lay in the former district or province `value` (the
        dashboards' breakdown by the units before the 2025 reform)."""
        if value is None:
            return queryset
        old = "product__producer__historic_commune"
        return queryset.filter(Q(**{f"{old}__parent": value}) | Q(**{f"{old}__parent__parent": value}))

    def filter_revocation_proposed(self, queryset, name, value):
        """The certificates whose proposal of thu hồi waits for another officer to issue it (or, false, those
        without one)."""
        if value is None:
            return queryset
        proposed = Q(revocation__status=RevocationStatus.PROPOSED)
        return queryset.filter(proposed) if value else queryset.exclude(proposed)

    def filter_scanned_while_invalid(self, queryset, name, value):
        """Certificates that no longer certify the product but whose QR code buyers still scan: the product may
        still be sold under the OCOP mark (a revocation ground, Điều 8.1d) — a lead for post-control."""
        if not value:
            return queryset
        from .selectors.verification import VISIT_RECENT_DAYS

        since = timezone.localdate() - timedelta(days=VISIT_RECENT_DAYS)
        scanned = VerificationDay.objects.filter(certificate=OuterRef("pk"), day__gt=since)
        return queryset.filter(**{f"{self.status_field}__in": INVALID_STATUSES}).filter(Exists(scanned))

    def search(self, queryset, name, value):
        return queryset.filter(certificate_search_q(value))

    def filter_queryset(self, queryset):
        if "status_today" not in queryset.query.annotations:  # a queryset not from certificate_list
            queryset = queryset.alias(status_today=status_today(today=timezone.localdate()))
        return super().filter_queryset(queryset)


# The dashboards' drill-downs narrow the certificate list by filters its form does not show.
DRILLDOWN_FILTERS = (
    "commune",
    "old_unit",
    "sector",
    "product_set",
    "year",
    "issued_from",
    "issued_to",
    "live_on",
    "last",
)


def certificate_drilldown(params) -> list[dict]:
    """The drill-down filters `params` sets, in the order of DRILLDOWN_FILTERS: each its name, its value and how the
    list names it ("Năm cấp: 2020"); an unknown value is left out, as the filter ignores it. A date the filter
    refuses (one that does not exist, a period that ends before it starts) is named as it was typed with `error`,
    what is wrong with it: the list is not narrowed by it, and says so beside it (a period is typed, or edited in
    the link, by people: an id or a year that is nonsense comes from no link, and stays unnamed)."""
    from ocop.models import AdministrativeUnit
    from products.models import ProductSet

    form = CertificateFilter(params, queryset=Certificate.objects.none()).form
    form.is_valid()
    found = {name: form.cleaned_data.get(name) for name in DRILLDOWN_FILTERS}
    named = {
        "commune": found["commune"] and AdministrativeUnit.objects.filter(pk=found["commune"]).first(),
        "old_unit": found["old_unit"] and AdministrativeUnit.objects.filter(pk=found["old_unit"]).first(),
        "sector": found["sector"] and Sector.objects.filter(code=found["sector"]).first(),
        "product_set": found["product_set"] and ProductSet.objects.filter(number=found["product_set"]).first(),
        "year": found["year"],
        **{
            name: found[name] and date_format(found[name], "SHORT_DATE_FORMAT")
            for name in ("issued_from", "issued_to", "live_on")
        },
        "last": found["last"],
    }
    narrowed = []
    for name in DRILLDOWN_FILTERS:
        label = form.fields[name].label
        if name in form.errors and isinstance(form.fields[name], FilterDateField) and str(params.get(name, "")).strip():
            typed = str(params.get(name)).strip()
            narrowed.append(
                {"name": name, "value": typed, "label": f"{label}: {typed}", "error": " ".join(form.errors[name])}
            )
        elif name == "last":
            if found["last"]:  # a condition, not a value: named by its label alone
                narrowed.append({"name": name, "value": "true", "label": label})
        elif named[name]:
            narrowed.append({"name": name, "value": _query_value(found[name]), "label": f"{label}: {named[name]}"})
    return narrowed


def _query_value(value) -> str:
    """A filter's value as the list's form sends it again: a date in ISO, which every date input format reads (a
    template would write it in the language's long form, "Ngày 1 tháng 1 năm 2026")."""
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


# ---------------------------------------------------------------------------------------------------------
# The expiry watch
#
# The expiry list's filters: phase, expiry date range, star, sector, commune, free text.


PHASES = [
    ("upcoming", _("Chuẩn bị hồ sơ (sắp mở thời hạn nộp)")),
    ("window", _("Trong thời hạn nộp hồ sơ đánh giá lại")),
    ("in_time", _("Đã nộp hồ sơ đánh giá lại trong thời hạn, chờ kết quả")),
    # After the window, filed before it opened (Điều 7.6a "không sớm hơn 180 ngày"): neither in time nor late.
    ("early", _("Đã nộp hồ sơ đánh giá lại trước thời hạn nộp, chờ kết quả")),
    ("late", _("Quá thời hạn nộp (chỉ nộp muộn)")),
    ("expiring", _("Sắp hết hạn (≤ 30 ngày)")),
    ("extended", _("Gia hạn chờ kết quả (Điều 12.3)")),
    ("expired", _("Đã hết hạn")),
]
STAR_CHOICES = [(3, _("3 sao")), (4, _("4 sao")), (5, _("5 sao"))]


class ExpiryFilter(ListedChoicesMixin, FilterSet):
    q = django_filters.CharFilter(label=_("Tìm"), method="filter_q")
    phase = django_filters.ChoiceFilter(label=_("Tình trạng"), choices=PHASES, method="filter_phase")
    valid_from = DateFilter(label=_("Hết hạn từ ngày"), field_name="valid_until", lookup_expr="gte")
    valid_to = DateFilter(
        label=_("Hết hạn đến ngày"), field_name="valid_until", lookup_expr="lte", not_before="valid_from"
    )
    dossier = YesNoFilter(label=_("Đã nộp hồ sơ"), method="filter_dossier")
    # The certificates of an officers' digest: those that took a step of the watch on that day.
    step_day = DateFilter(label=_("Đến mốc nhắc hạn ngày"), method="filter_step_day")
    star = django_filters.ChoiceFilter(label=_("Hạng sao"), choices=STAR_CHOICES)
    sector = django_filters.ModelChoiceFilter(
        label=_("Ngành"), field_name="product__product_set__group__sector", queryset=Sector.objects.all()
    )
    province = province_filter()
    commune = commune_filter("product__producer__commune")

    class Meta:
        model = Certificate
        fields = (
            "q",
            "phase",
            "dossier",
            "valid_from",
            "valid_to",
            "step_day",
            "star",
            "sector",
            "province",
            "commune",
        )

    def __init__(self, data=None, *args, user, today: datetime.date | None = None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.today = today or timezone.localdate()
        scope_unit_filters(self, user, data)

    def filter_q(self, queryset, name, value):
        return queryset.filter(certificate_search_q(value))

    def filter_phase(self, queryset, name, value):
        return queryset.filter(expiry_phase_q(value, today=self.today))

    def filter_dossier(self, queryset, name, value):
        # What the tiles count as filed (renewal_filed_q): a tile opens exactly the rows it counts.
        return queryset.filter(renewal_filed_q() if value else ~renewal_filed_q())

    def filter_step_day(self, queryset, name, value):
        return queryset.filter(Exists(CertificateNotice.objects.filter(certificate=OuterRef("pk"), day=value)))
