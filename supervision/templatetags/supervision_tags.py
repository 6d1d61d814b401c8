"""`{% supervision_coverage %}`: the small coverage panel the dashboard's home page includes, with the inspections
assigned to the reader (nothing for people who do not read supervision)."""

from django import template

from ocop.choices import Role
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
