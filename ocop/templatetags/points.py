from django import template

from ocop.numbers import format_points

register = template.Library()


@register.filter(name="points")
def points_filter(value) -> str:
    """{{ result.mean_score|points }} → "60,00" (vi) / "60.00" (en); the one way a score is printed."""
    return format_points(value)
