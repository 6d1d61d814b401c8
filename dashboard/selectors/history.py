"""Past rounds' products that were evaluated but not recognised (dashboard.models.HistoricEvaluation)."""

from django.db.models import QuerySet

from ..models import HistoricEvaluation


def historic_evaluation_list(*, user) -> QuerySet[HistoricEvaluation]:
    return HistoricEvaluation.objects.for_user(user).select_related(
        "product__producer__commune__parent", "unit", "unit__parent"
    )
