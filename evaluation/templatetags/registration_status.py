"""`{% registration_status_for registration as st %}`: the status the current user is shown (st.label, st.css,
st.waiting_for, st.masked). The rule lives in `selectors.dossier.registration_status_for`."""

from functools import lru_cache

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from ocop.templatetags.ocop_ui import label_of, pk_url

from ..selectors.dossier import registration_status_for as status_for

register = template.Library()


@register.simple_tag(takes_context=True)
def registration_status_for(context, registration):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return status_for(user, registration)


@register.simple_tag
def registration_badge(st: dict) -> str:
    """The badge of a status `registration_status_for` already gave (lists compute it once a row)."""
    return format_html('<span class="badge {}" data-testid="status">{}</span>', st["css"], st["label"])


@lru_cache(maxsize=8)
def _row_labels(language: str | None) -> dict:
    """The column names each cell repeats for the phone layout (.table-stack's data-label), translated once."""
    return {
        "status": gettext("Trạng thái"),
        "waiting": gettext("Đang chờ"),
        "producer": gettext("Chủ thể"),
        "kind": gettext("Hình thức"),
        "round": gettext("Đợt"),
        "form": gettext("Phiếu số"),
        "due": gettext("Hạn xã kiểm tra"),
        "overdue": gettext("Quá hạn"),
    }


@register.simple_tag(takes_context=True)
def registration_row(context, registration) -> str:
    """One row of the registration list (`evaluation/registration_list.html`): written here rather than as template
    nodes, which with fifty rows were two thirds of the page's time (issue 15)."""
    st = registration_status_for(context, registration)
    labels = _row_labels(get_language())
    overdue = registration.is_commune_overdue
    late = registration.is_reevaluation_overdue
    if registration.status == "submitted":
        due = format_html(
            "{}{}",
            f"{registration.commune_due_on:%d/%m/%Y}" if registration.commune_due_on else "",
            format_html(' <span class="badge text-bg-danger">{}</span>', labels["overdue"]) if overdue else "",
        )
    else:
        due = "—"
    return format_html(
        '<tr{} data-testid="registration-row" data-reevaluation-overdue="{}">'
        '<td><a class="text-break" href="{}">{}</a></td>'
        '<td data-label="{}"><span>{}</span></td>'
        '<td class="small{}" data-label="{}"><span>{}</span></td>'
        '<td data-label="{}"><span class="text-break">{}</span></td>'
        '<td data-label="{}">{}</td><td data-label="{}"><span>{}</span></td><td data-label="{}">{}</td>'
        '<td data-label="{}"><span>{}</span></td></tr>',
        mark_safe(' class="table-danger"') if overdue or late else "",
        "1" if late else "0",
        pk_url("evaluation:registration_detail", registration.pk),
        registration.product.name,
        labels["status"],
        registration_badge(st),
        " text-warning-emphasis fw-semibold" if registration.waits_for_producer else "",
        labels["waiting"],
        st["waiting_for"] or "—",
        labels["producer"],
        registration.product.producer.name,
        labels["kind"],
        label_of(registration, "kind"),
        labels["round"],
        registration.round or "—",
        labels["form"],
        registration.form_number or "—",
        labels["due"],
        due,
    )
