"""Small pieces of markup that list pages repeat on every row, built in Python: an `{% include %}` per row costs a
template render each time (a 50-row list spent most of its time in them, issue 15)."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext

from ocop.filters import ignored_filters

register = template.Library()

STAR_SVG = (
    '<svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" '
    'd="M12 2l3.09 6.26L22 9.27l-5 4.87L18.18 21 12 17.27 5.82 21 7 14.14l-5-4.87 6.91-1.01z"/></svg>'
)


@lru_cache(maxsize=32)
def _stars(n: int, language: str | None) -> SafeString:
    label = ngettext("%(n)s sao", "%(n)s sao", n) % {"n": n}
    return format_html(
        '<span class="stars text-nowrap" role="img" aria-label="{}">{}</span>', label, mark_safe(STAR_SVG * min(n, 5))
    )


@register.simple_tag
def stars(n) -> str:
    """The star rating drawn as `n` stars (nothing for no rating), labelled for screen readers."""
    try:
        n = int(n or 0)
    except (TypeError, ValueError):
        return ""
    return _stars(n, get_language()) if n > 0 else ""


PK_SENTINEL = 2_147_480_001  # an id no row reaches, replaced by the real one


@lru_cache(maxsize=512)
def _pk_url_parts(name: str, urlconf, script_prefix: str, language: str | None) -> tuple[str, str]:
    head, _sentinel, tail = reverse(name, args=[PK_SENTINEL], urlconf=urlconf).partition(str(PK_SENTINEL))
    return head, tail


@register.simple_tag
def pk_url(name: str, pk) -> str:
    """`{% url name pk %}` for a route whose one argument is a record's id, reversed once per route and process
    instead of once per row: what a 50-row list with several links a row spent much of its time on."""
    head, tail = _pk_url_parts(name, get_urlconf(), get_script_prefix(), get_language())
    return f"{head}{int(pk)}{tail}"


@lru_cache(maxsize=128)
def _choice_labels(model: type, field_name: str) -> dict:
    return dict(model._meta.get_field(field_name).flatchoices)


@register.filter
def label_of(instance, field_name: str):
    """`instance.get_<field_name>_display()` without rebuilding and hashing every choice on each call (a list calls
    it on every row): `{{ product|label_of:"status" }}`."""
    value = getattr(instance, field_name)
    label = _choice_labels(type(instance), field_name).get(value, value)
    return "" if label is None else str(label)


@register.simple_tag
def select_options(field) -> str:
    """The `<option>`s of a bound select of a filter form, the chosen ones selected, in one pass: a template loop
    cost about ten nodes an option, and a province's commune select has a hundred and more (issue 15)."""
    value = field.value()
    if isinstance(value, list | tuple):
        chosen = {str(v) for v in value}
    else:
        chosen = set() if value is None or value == "" else {str(value)}
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            ("" if v is None else v, mark_safe(" selected") if str(v) in chosen and str(v) != "" else "", label)
            for v, label in getattr(field.field, "choices", field.field.widget.choices)  # a yes/no field: its widget's
        ),
    )


@register.simple_tag
def filter_fields(form, col: str) -> str:
    """The fields of a list's filter form (a FilterSet with ocop.filters.ListedChoicesMixin), each in a column of
    class `col`: a select's options by `select_options`, text, number and date inputs written out, other widgets as
    Django renders them, each error under its field. Written here rather than as template nodes (about twenty a
    field, a sixth of a list page's time, issue 15). A notice above the fields names those whose value was refused:
    the list below is not narrowed by them (ocop.filters)."""
    fields = format_html_join("", "{}", ((_filter_field(field, col),) for field in form))
    return format_html("{}{}", filter_notice(form), fields)


@register.simple_tag
def filter_notice(form) -> str:
    """Which filters of a bound filter form the list does not apply, their values refused (each error is beside its
    field): a list that showed every row under a filter it ignored looked filtered."""
    labels = ignored_filters(form)
    if not labels:
        return ""
    message = ngettext(
        "Chưa lọc theo %(labels)s: giá trị nhập chưa đúng (xem ghi chú dưới ô). Danh sách dưới đây không tính điều "
        "kiện này; sửa lại rồi bấm Lọc.",
        "Chưa lọc theo %(labels)s: giá trị nhập chưa đúng (xem ghi chú dưới từng ô). Danh sách dưới đây không tính "
        "các điều kiện này; sửa lại rồi bấm Lọc.",
        len(labels),
    ) % {"labels": ", ".join(f"“{label}”" for label in labels)}
    return format_html(
        '<div class="col-12"><div class="alert alert-warning py-2 mb-2" role="status" data-testid="filter-notice">'
        "{}</div></div>",
        message,
    )


def _filter_field(field, col: str) -> str:
    kind = field.widget_type
    attrs = format_html_join(
        "", ' {}="{}"', ((name, localize(value)) for name, value in field.field.widget.attrs.items())
    )
    error_id = f"{field.id_for_label}-error"
    invalid = format_html(' aria-invalid="true" aria-describedby="{}"', error_id) if field.errors else ""
    if kind in ("select", "selectmultiple"):
        control = format_html(
            '<select name="{}" id="{}"{}{}{}>{}</select>',
            field.html_name,
            field.id_for_label,
            mark_safe(" multiple") if kind == "selectmultiple" else "",
            attrs,
            invalid,
            select_options(field),
        )
    elif kind in ("text", "number", "date"):
        value = field.value()
        control = format_html(
            '<input type="{}" name="{}"{}{}{} id="{}">',
            field.field.widget.input_type,
            field.html_name,
            format_html(' value="{}"', localize(value)) if value is not None and value != "" else "",
            attrs,
            invalid,
            field.id_for_label,
        )
    else:
        control = str(field)  # as {{ field }} renders it
    errors = (
        format_html(
            '<div class="invalid-feedback d-block" id="{}">{}</div>',
            error_id,
            format_html_join(" ", "{}", ((error,) for error in field.errors)),
        )
        if field.errors
        else ""
    )
    return format_html(
        '<div class="{}"><div class="mb-3">\n  <label for="{}" class="form-label">{}</label>\n  {}\n  {}\n</div></div>',
        col,
        field.id_for_label,
        field.label,
        control,
        errors,
    )


class CaptureNode(template.Node):
    def __init__(self, nodelist, name: str):
        self.nodelist, self.name = nodelist, name

    def render(self, context) -> str:
        context[self.name] = mark_safe(self.nodelist.render(context).strip())
        return ""


@register.tag
def capture(parser, token):
    """`{% capture as name %}…{% endcapture %}` renders its content into `name` instead of the page (stripped of
    surrounding white space), so that a template can tell whether a block came out empty: a card of buttons that
    none of which applies says so instead of showing an empty box."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.simple_tag
def languages_in_own_words() -> list[tuple[str, str]]:
    """The languages of the menu, each named as its speakers write it (settings.LANGUAGES as written there, in NFC):
    {% get_available_languages %} translates the names into the page's language ("Tiếng Anh" on a Vietnamese page), so a
    visitor who reads no Vietnamese would not find English; Django's own name_local for Vietnamese is in NFD."""
    return list(settings.LANGUAGES)
