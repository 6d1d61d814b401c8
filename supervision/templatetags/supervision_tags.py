"""`{% supervision_coverage %}`: the small coverage panel the dashboard's home page includes, with the inspections
assigned to the reader (nothing for people who do not read supervision)."""

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ocop.choices import Role
from supervision.models import remedy_state
from supervision.permissions import INSPECTOR_ROLES, reads_supervision
from supervision.selectors import assigned_open_inspections, coverage

register = template.Library()


@register.inclusion_tag("supervision/_coverage.html", takes_context=True)
def supervision_coverage(context):
    """The office's coverage with what is assigned to the reader; an advisory team's inspector, who reads no
    coverage, gets what is assigned to them alone."""
    user = context["request"].user
    inspector = user.role in INSPECTOR_ROLES
    if user.role == Role.ADVISORY_MEMBER:
        return {"assigned": assigned_open_inspections(user=user).count(), "inspector": inspector}
    cov = coverage(user=user) if reads_supervision(user) else None
    return {"cov": cov, "assigned": cov["assigned"] if cov else 0, "inspector": inspector}


@register.filter
def inspection_remedy_state(inspection) -> str:
    """Where the inspection's remedy stands (models.remedy_state), "" without one; the row comes from
    selectors.inspection_list or plan_inspections, which annotate `remedy_overdue` and `remedy_kept`."""
    remedy = getattr(inspection, "remedy", None)
    if remedy is None:
        return ""
    return remedy_state(remedy, overdue=inspection.remedy_overdue, kept=inspection.remedy_kept)


@register.filter
def remedy_due(due_on) -> str:
    """A remedy's deadline as its lists write it ("hạn 01/01/2027": the inspection list, a plan's page, the
    overview, the producer's home), its words joined by non-breaking spaces: a phone's narrow column broke it
    between "hạn" and its date."""
    if not due_on:
        return ""
    return (_("hạn %(d)s") % {"d": date_format(due_on, "d/m/Y")}).replace(" ", "\N{NO-BREAK SPACE}")
