import django_filters
from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ocop.filters import FilterSet, ListedChoicesMixin, YearFilter
from ocop.forms import cascade_attrs, parse_pk
from ocop.models import AdministrativeUnit
from ocop.text import search_q

from .choices import ProducerKind, ProductStatus
from .models import Producer, Product, ProductGroup, ProductSet, Sector
from .selectors import communes_by_province

COMMUNE_PROMPT = _("— Chọn tỉnh, thành phố trước —")
STAR_CHOICES = [(3, _("3 sao")), (4, _("4 sao")), (5, _("5 sao"))]


def filter_provinces(user):
    """The provinces a user may filter by (every province for national roles)."""
    provinces = AdministrativeUnit.objects.current().provinces().by_name()
    if user.is_national or user.role == "producer":
        return provinces
    return provinces.filter(Q(pk=user.unit_id) | Q(children__pk=user.unit_id)).distinct()


def filter_communes(user, province_id: str = ""):
    """The communes a user may filter by; only those of the chosen province once one is chosen (a national
    officer would otherwise scroll through 3,321 names)."""
    communes = AdministrativeUnit.objects.current().communes().by_name()
    if parse_pk(province_id) is not None:
        communes = communes.filter(parent_id=parse_pk(province_id))
    if user.is_national or user.role == "producer" or user.unit_id is None:
        return communes.none() if user.role == "producer" else communes
    if user.unit.level == "province":
        return communes.filter(parent_id=user.unit_id)
    return communes.filter(pk=user.unit_id)


def province_filter(field_name: str = "province") -> django_filters.ModelChoiceFilter:
    """A list's province filter; `scope_unit_filters` gives it the provinces the user may see."""
    return django_filters.ModelChoiceFilter(
        label=_("Tỉnh, thành phố"), field_name=field_name, queryset=AdministrativeUnit.objects.none()
    )


def commune_filter(field_name: str) -> django_filters.ModelChoiceFilter:
    """A list's commune filter; `scope_unit_filters` gives it the communes the user may see."""
    return django_filters.ModelChoiceFilter(
        label=_("Xã, phường"), field_name=field_name, queryset=AdministrativeUnit.objects.none()
    )


def scope_unit_filters(filterset, user, data, *, province_id: int | None = None) -> None:
    """Narrow a list's "province" and "commune" filters to the units `user` may see (filter_provinces,
    filter_communes), rendered by `{% filter_fields %}`. A national officer picks the province first and
    static/js/cascade.js lists its communes; a commune officer and a producer have no commune to choose.
    `province_id`: the list covers that one province (a province's inspection plan): its communes, no province."""
    data = data or {}
    filters = filterset.filters
    if province_id is not None:
        del filters["province"]
        filters["commune"].queryset = (
            AdministrativeUnit.objects.current().communes().by_name().filter(parent_id=province_id)
        )
        return
    filters["province"].queryset = filter_provinces(user)
    province = data.get("province") or ""
    communes = filter_communes(user, province)
    if user.is_national and parse_pk(province) is None:
        # No province chosen: no commune is sent but the one already chosen (3,321 <option>s took most of the
        # national page's 1.7 s and 330 KiB); cascade.js lists a province's communes once it is picked.
        communes = communes.filter(pk=parse_pk(data.get("commune")) or 0)
        filters["commune"].extra["empty_label"] = COMMUNE_PROMPT
    filters["commune"].queryset = communes
    if user.is_national:
        filters["commune"].extra["widget"] = forms.Select(
            attrs=cascade_attrs(source_id="id_province", url=reverse("unit_communes"), prompt=COMMUNE_PROMPT)
        )
    else:
        del filters["province"]
    if user.role == "producer" or (user.unit_id is not None and user.unit.level == "commune"):
        del filters["commune"]


class _ScopedFilterSet(ListedChoicesMixin, FilterSet):
    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="filter_q")

    def __init__(self, data=None, *args, user, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["province"].queryset = filter_provinces(user)
        self.filters["commune"].queryset = filter_communes(user, (data or {}).get("province") or "")
        # A filter with a single possible value only takes room (on a phone, a whole screen).
        producer = user.role == "producer" and not user.is_superuser
        if producer or not user.is_national:
            del self.filters["province"]
        if producer or (user.unit_id is not None and user.unit.level == "commune"):
            del self.filters["commune"]
        if producer:
            del self.filters["kind"]
        # Users who see several provinces pick the province first; static/js/cascade.js then lists its communes.
        # Without JavaScript and before a province is chosen, the communes come grouped by province.
        self.cascade_communes = user.is_national
        # Without a province, no commune is sent (3,321 <option>s made a national page 160–290 KiB and took most of
        # its time to render): the prompt only, plus the commune of the address when one is chosen already.
        self.commune_groups = None
        if self.cascade_communes and parse_pk((data or {}).get("province")) is None:
            chosen = parse_pk((data or {}).get("commune"))
            # Nor are they read: the form validates against the chosen commune only (the form listed all 3,321
            # communes as model instances on every national list and search, ~0.1 s of Python each, issue 15).
            self.filters["commune"].queryset = self.filters["commune"].queryset.filter(pk=chosen or 0)
            self.commune_groups = (
                communes_by_province(self.filters["commune"].queryset) if chosen is not None else [("", COMMUNE_PROMPT)]
            )

    def filter_q(self, queryset, name, value):
        return queryset.filter(search_q(value)) if value.strip() else queryset


class ProducerFilter(_ScopedFilterSet):
    province = province_filter()
    commune = commune_filter("commune")
    kind = django_filters.ChoiceFilter(label=_("Loại hình"), choices=ProducerKind.choices)
    sector = django_filters.ModelChoiceFilter(
        label=_("Ngành"),
        field_name="products__product_set__group__sector",
        queryset=Sector.objects.all(),
        distinct=True,
    )
    star = django_filters.ChoiceFilter(
        label=_("Hạng sao"), field_name="products__current_star", choices=STAR_CHOICES, distinct=True
    )
    year = YearFilter(label=_("Năm tạo"), field_name="created_at", lookup_expr="year")

    class Meta:
        model = Producer
        fields = ["q", "province", "commune", "kind", "sector", "star", "year"]


class ProductFilter(_ScopedFilterSet):
    province = province_filter()
    commune = commune_filter("producer__commune")
    kind = django_filters.ChoiceFilter(
        label=_("Loại hình chủ thể"), field_name="producer__kind", choices=ProducerKind.choices
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Ngành"), field_name="product_set__group__sector", queryset=Sector.objects.all()
    )
    group = django_filters.ModelChoiceFilter(
        label=_("Nhóm"), field_name="product_set__group", queryset=ProductGroup.objects.select_related("sector")
    )
    product_set = django_filters.ModelChoiceFilter(
        label=_("Bộ sản phẩm"), field_name="product_set", queryset=ProductSet.objects.all()
    )
    star = django_filters.ChoiceFilter(label=_("Hạng sao"), field_name="current_star", choices=STAR_CHOICES)
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=ProductStatus.choices)
    year = YearFilter(label=_("Năm (mã số)"), field_name="code_year")

    class Meta:
        model = Product
        fields = ["q", "province", "commune", "kind", "sector", "group", "product_set", "star", "status", "year"]
