"""`{% supervision_coverage %}`: the small coverage panel the dashboard's home page includes (nothing for people
who do not read supervision)."""

from django import template

from supervision.permissions import reads_supervision
from supervision.selectors import coverage

register = template.Library()


@register.inclusion_tag("supervision/_coverage.html", takes_context=True)
def supervision_coverage(context):
    user = context["request"].user
    return {"cov": coverage(user=user) if reads_supervision(user) and user.role != "advisory_member" else None}
