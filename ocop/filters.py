"""Filters shared by every list. A query string is typed by anyone: each number a filter reads is bounded so
that an out-of-range value becomes a form error (the filter is then ignored) instead of a database or
`datetime` error that would answer 500. A filter ignored for its error says so: its message beside its field, and
above the fields which filters the list does not apply (ocop_ui's `filter_fields`)."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import pretty_name
from django.utils.formats import date_format
from django.utils.text import Truncator, capfirst, format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_filters.conf import settings as filter_settings

from .cache import reference_cache_bump, reference_version
from .forms import date_picker_widget, impossible_date

YEAR_MIN, YEAR_MAX = 1990, 2100  # OCOP began in 2018; historic certificates and codes go back no further
ID_MAX = 2**63 - 1  # the largest primary key any supported database stores


class YearField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", YEAR_MIN)
        kwargs.setdefault("max_value", YEAR_MAX)
        super().__init__(*args, **kwargs)
        self.error_messages["invalid"] = _("Năm không hợp lệ.")


class YearFilter(django_filters.NumberFilter):
    """A year typed in the query string: an integer between YEAR_MIN and YEAR_MAX, else ignored."""

    field_class = YearField


class IdField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(*args, **kwargs)


class IdFilter(django_filters.NumberFilter):
    """A record id typed in the query string (no queryset to choose from): a positive 64-bit integer."""

    field_class = IdField


# What a date filter says of a date it cannot read: what is wrong with it and how to write one. Django's own "Nhập
# ngày hợp lệ." said neither, and the list went on unfiltered by it.
DATE_NOT_A_DATE = _(
    "%(label)s: “%(value)s” không phải là một ngày. Nhập theo dạng dd/mm/yyyy (ngày/tháng/năm), ví dụ 15/03/2026."
)
DATE_YEAR_OUT = _(
    "%(label)s: năm %(year)s nằm ngoài khoảng %(min)s–%(max)s. Nhập theo dạng dd/mm/yyyy (ngày/tháng/năm), "
    "ví dụ 15/03/2026."
)
DATE_BEFORE_START = _(
    "%(label)s: ngày %(end)s ở trước ngày của ô “%(start_label)s” (%(start)s), nên không có ngày nào trong khoảng. "
    "Nhập ngày từ %(start)s trở đi, theo dạng dd/mm/yyyy."
)


def date_problem(label, typed) -> str:
    """Why `typed` is no date, as the field `label` says it: not a date at all, a 13th month, a year outside
    YEAR_MIN–YEAR_MAX, a 31 February (ocop.forms.impossible_date)."""
    text = str(typed).strip()
    why = impossible_date(label, text, years=(YEAR_MIN, YEAR_MAX), year_out=DATE_YEAR_OUT)
    # Anything else is no date: not written as one, or digits in a date's place in a shape no format reads.
    return why or DATE_NOT_A_DATE % {"label": capfirst(str(label)), "value": Truncator(text).chars(30)}


class FilterDateField(forms.DateField):
    """A date typed in a list's filter bar or a drill-down link: dd/mm/yyyy or ISO (DATE_INPUT_FORMATS) within
    YEAR_MIN–YEAR_MAX; anything else is refused saying what is wrong with it and how to write a date."""

    def to_python(self, value):
        try:
            day = super().to_python(value)
        except ValidationError:
            raise ValidationError(date_problem(self.label or "", value), code="invalid") from None
        if day is not None and not YEAR_MIN <= day.year <= YEAR_MAX:
            typed = value if isinstance(value, str) else day.isoformat()
            raise ValidationError(date_problem(self.label or "", typed), code="invalid")
        return day


class DateFilter(django_filters.DateFilter):
    """A list's date filter, every one of them: a dd/mm/yyyy text input with the calendar button
    (ocop.forms.date_picker_widget) read by FilterDateField. `not_before`: the name of the filter that starts the
    range this one ends ("Hết hạn từ ngày" for "Hết hạn đến ngày"); an end before its start is refused beside the
    end (FilterSet's form), instead of a list that is empty for no reason shown."""

    field_class = FilterDateField

    def __init__(self, *args, not_before: str | None = None, **kwargs):
        self.not_before = not_before
        kwargs.setdefault("widget", date_picker_widget(forms.DateInput()))
        super().__init__(*args, **kwargs)


class _FilterForm:
    """What every filter form checks across its fields: each date range's end not before its start. The end is
    then an error beside its field, and is not applied."""

    date_ranges: tuple[tuple[str, str], ...] = ()

    def clean(self):
        data = super().clean()
        for start_name, end_name in self.date_ranges:
            start, end = data.get(start_name), data.get(end_name)
            if start and end and end < start:
                message = DATE_BEFORE_START % {
                    "label": capfirst(str(self.fields[end_name].label)),
                    "end": date_format(end, "SHORT_DATE_FORMAT"),
                    "start_label": str(self.fields[start_name].label),
                    "start": date_format(start, "SHORT_DATE_FORMAT"),
                }
                self.add_error(end_name, message)
        return data


class StatusFilter(django_filters.ChoiceFilter):
    """A status, or one of `groups` (a choice naming several statuses: "live", "pending"), which a list offers first
    and a home tile links to."""

    def __init__(self, *args, groups: dict, **kwargs):
        self.groups = groups
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in self.groups:
            return self.get_method(qs)(**{f"{self.field_name}__in": self.groups[value]})
        return super().filter(qs, value)


class YesNoFilter(django_filters.BooleanFilter):
    """A yes/no filter whose choice left as it is reads as every other filter's ("Tất cả", FILTERS_EMPTY_CHOICE_LABEL)
    instead of the "Chưa xác định" (Unknown) of Django's NullBooleanSelect, which on a list read as "the ones whose
    … is not known". The query string keeps django-filter's `true` / `false`."""

    def __init__(self, *args, **kwargs):
        choices = [("", filter_settings.EMPTY_CHOICE_LABEL), ("true", _("Có")), ("false", _("Không"))]
        kwargs.setdefault("widget", forms.Select(choices=choices))
        super().__init__(*args, **kwargs)


class OrderingFilter(django_filters.OrderingFilter):
    """django-filter's, with each "descending" choice labelled in the language of the page. Its own builds those
    labels once, when the filter class is defined: in Vietnamese with django-filter's untranslated "(descending)"
    appended, on the English page as on the Vietnamese one."""

    descending_fmt = _("{} (giảm dần)")

    def build_choices(self, fields, labels):
        ascending = [(param, labels.get(field, pretty_name(param))) for field, param in fields.items()]
        descending = [
            (f"-{param}", labels.get(f"-{param}", format_lazy(self.descending_fmt, label)))
            for param, label in ascending
        ]
        return [choice for pair in zip(ascending, descending, strict=True) for choice in pair]


class FilterSet(django_filters.FilterSet):
    """The base of every list's FilterSet: each instance builds its own form fields.

    django-filter builds a filter's form field once and caches it on the filter (`Filter.field`), and a FilterSet
    deep-copies the class-level `base_filters`, cache included. Whatever reads `base_filters[...].field` first (the
    API schema: drf-spectacular's django-filter extension reads a choice filter's field) would otherwise fix the
    field for every later FilterSet, so the choices and querysets an instance sets for its user in `__init__`
    (a producer's status group, the units in the user's reach) would not reach its form. Dropping the copied field
    makes building it on `base_filters` harmless."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for filter_ in self.filters.values():
            filter_.__dict__.pop("_field", None)

    def get_form_class(self):
        """django-filter's form, checking the date ranges its DateFilters declare (`not_before`)."""
        form_class = super().get_form_class()
        ranges = tuple(
            (filter_.not_before, name)
            for name, filter_ in self.filters.items()
            if getattr(filter_, "not_before", None) in self.filters
        )
        return type(form_class.__name__, (_FilterForm, form_class), {"date_ranges": ranges})

    @property
    def narrowed(self) -> bool:
        """Whether the query string sets any of the filters (the page then offers to clear them)."""
        return any(self.data.get(name) for name in self.filters) if self.data else False

    @property
    def ignored(self) -> list[str]:
        """The labels of the filters the query string sets to a value the form refused: the list is not narrowed
        by them, and says so (ocop_ui's `filter_notice`)."""
        return ignored_filters(self.form)


def ignored_filters(form) -> list[str]:
    """The labels of a bound filter form's fields whose value it refused (their errors are beside them)."""
    if not form.is_bound or not form.errors:
        return []
    return [str(field.label or pretty_name(name)) for name, field in form.fields.items() if name in form.errors]


class ListedChoicesMixin:
    """A FilterSet whose form lists each model select's choices once: `{% for %}` and list() ask a
    ModelChoiceIterator its len(), a COUNT before each SELECT; listed here, each select costs one query (the queryset
    still validates what is sent). Widgets get their Bootstrap class, for `{% filter_fields %}` (ocop_ui), which
    renders the options of a select in one loop (Django's widget templates render one template per <option>: with
    crispy, a quarter of a province's expiry list, issue 15)."""

    # A caller that only filters (the API) sets this to False: a value sent is then checked with one query.
    list_choices = True

    @property
    def form(self):
        form = super().form
        if self.list_choices and not getattr(self, "_choices_listed", False):
            models = [f for f in form.fields.values() if isinstance(f, forms.ModelChoiceField)]
            version = reference_version() if any(_is_reference(f) for f in models) else None
            for field in form.fields.values():
                if isinstance(field, forms.ModelChoiceField):  # django-filter's own setter would wrap the list again
                    forms.ChoiceField.choices.fset(field, listed_choices(field, version))
                widget = field.widget
                if isinstance(widget, forms.Select):
                    css = "form-select"
                else:
                    css = "form-check-input" if isinstance(widget, forms.CheckboxInput) else "form-control"
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            self._choices_listed = True
        return form


# --- Reference lists, kept by each process ------------------------------------------------------------------------
# The units, sectors, groups and product sets a filter form offers change only when an administrator or a loader
# changes them, yet listing them (a province's ~120 communes, the sets and groups) cost a list page about a fifth of
# its time: four queries and a model instance per option (issue 15). Each process keeps the lists it has built, keyed
# by the query; a change of one of these models (ocop.signals, the units loader) bumps the shared reference version
# (ocop.cache), which every process reads once per form, and clears this process's lists at once.
REFERENCE_MODELS = frozenset(
    {"ocop.AdministrativeUnit", "products.Sector", "products.ProductGroup", "products.ProductSet"}
)
_REFERENCE_LISTS: dict = {}
_REFERENCE_LISTS_MAX = 512


def forget_reference_lists() -> None:
    _REFERENCE_LISTS.clear()


def reference_lists_changed() -> None:
    """A unit, sector, group or product set was written: this process lists them afresh now, the others once the
    transaction commits."""
    forget_reference_lists()
    reference_cache_bump()


def _is_reference(field: forms.ModelChoiceField) -> bool:
    return field.queryset.model._meta.label in REFERENCE_MODELS


def listed_choices(field: forms.ModelChoiceField, version: int | None) -> list:
    """The (value, label) choices of a model select, as `list(field.choices)` gives them; those of a reference model
    from this process's lists under `version` (reference_version(), read once per form; None: from the database)."""
    if version is None or not _is_reference(field):
        return list(iter(field.choices))
    label = getattr(field.label_from_instance, "__qualname__", "")
    key = (version, str(field.queryset.query), type(field).__qualname__, label, str(field.empty_label), get_language())
    choices = _REFERENCE_LISTS.get(key)
    if choices is None:
        if len(_REFERENCE_LISTS) >= _REFERENCE_LISTS_MAX:
            _REFERENCE_LISTS.clear()
        choices = _REFERENCE_LISTS[key] = list(iter(field.choices))
    return choices


def list_context(request) -> dict:
    """A filtered list page's query without its page number (for its export and pagination links) and how many
    filters besides the search box are set (shown on the phone's folded filter button, products/_filters.html)."""
    query = request.GET.copy()
    query.pop("page", None)
    active = sum(1 for key, values in query.lists() if key != "q" and any(v.strip() for v in values))
    return {"query": query.urlencode(), "active_filters": active}
