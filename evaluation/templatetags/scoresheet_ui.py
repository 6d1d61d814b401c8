"""`{% criterion_options c locked %}`: the radio buttons of one criterion of a score sheet
(`evaluation/sheet_edit.html`), written here rather than as template nodes: a sheet has a hundred and more options,
and their nodes were two fifths of the page's time (issue 15)."""

from django import template
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from ..selectors.criteria import NOTHING_MET, offers_nothing_met

register = template.Library()

CHECKED = mark_safe(" checked")
DISABLED = mark_safe(" disabled")


def _number(value) -> str:
    """As the sheet shows points (inside `{% localize off %}`): 2.5, not 2,5; the page's script reads them."""
    return localize(value, use_l10n=False)


@register.simple_tag
def criterion_options(c, locked) -> str:
    """ "No option met" where the decision prints no 0-point option (offers_nothing_met), or where the sheet holds that
    choice already, then each option of criterion `c` (annotated by the view: `chosen`, `option_list`)."""
    disabled = DISABLED if locked else ""
    options = format_html_join("", "{}", ((_option(c, o, disabled),) for o in c.option_list))
    if not offers_nothing_met(c.option_list) and c.chosen != "none":
        return options
    none = format_html(
        '<div class="form-check"><input class="form-check-input" type="radio" name="c{}" id="c{}-none" value="none"'
        ' data-points="0"{}{}><label class="form-check-label text-muted" for="c{}-none">{} '
        '<span class="badge text-bg-light">0</span></label></div>',
        c.pk,
        c.pk,
        CHECKED if c.chosen == "none" else "",
        disabled,
        c.pk,
        NOTHING_MET,
    )
    return none + options


def _option(c, o, disabled) -> str:
    heading = (
        format_html('<div class="small fw-semibold mt-1" data-testid="case-heading">{}</div>', o.case_heading)
        if o.case_heading
        else ""
    )
    minimum = (
        format_html(
            ' <span class="badge text-bg-warning" title="{}">{}</span>',
            gettext("Yêu cầu tối thiểu để đạt %(s)s sao") % {"s": o.min_star},
            gettext("tối thiểu %(s)s★") % {"s": o.min_star},
        )
        if o.min_star
        else ""
    )
    points = _number(o.points)
    return format_html(
        '{}<div class="form-check"><input class="form-check-input" type="radio" name="c{}" id="o{}" value="{}"'
        ' data-points="{}"{}{}>\n            <label class="form-check-label" for="o{}">{} '
        '<span class="badge text-bg-light">{}</span>{}</label></div>',
        heading,
        c.pk,
        o.pk,
        o.pk,
        points,
        CHECKED if c.chosen == str(o.pk) else "",
        disabled,
        o.pk,
        o.text,
        points,
        minimum,
    )
