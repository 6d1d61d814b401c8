"""`{% supervision_coverage %}`: the small coverage panel the dashboard's home page includes, with the inspections
assigned to the reader (nothing for people who do not read supervision)."""

from django import template

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
