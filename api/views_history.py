"""Past rounds' products that were evaluated but not recognised (dashboard.models.HistoricEvaluation, the web's
/danh-gia-cu/ pages): read in the client's scope, and recorded by read-write clients through the web form
(dashboard.forms.HistoricEvaluationForm) and the web's service (dashboard.services.historic_evaluations_record),
which hold every rule (the product and the unit in the client's scope, the level × unit, the dates, a product
recognised that day)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.response import Response

from dashboard.forms import HistoricEvaluationForm
from dashboard.models import HistoricEvaluation
from dashboard.selectors.history import historic_evaluation_list
from dashboard.services import historic_evaluations_record

from . import serializers as s
from .choices import ApiTag
from .views import ClientDetailView, ClientListView
from .writes import body_read, refuse_together


def _scoped(user):
    return historic_evaluation_list(user=user)


@extend_schema_view(
    post=extend_schema(request=s.HistoricEvaluationCreateSerializer, responses={201: s.HistoricEvaluationSerializer}),
)
@extend_schema(tags=[ApiTag.HISTORY])
class HistoricEvaluationList(ClientListView):
    """Past evaluations that did not lead to recognition, in the client's scope; POST records one (read-write
    clients), with the web form's validation and the web's service."""

    model = HistoricEvaluation
    serializer_class = s.HistoricEvaluationSerializer

    def scoped(self, user):
        return _scoped(user)

    def post(self, request):
        values, refused = body_read(s.HistoricEvaluationCreateSerializer, request.data)
        form = HistoricEvaluationForm(values, user=request.user)
        if not form.is_valid() or refused:  # the service's rules in the same answer as the fields' refusals
            form.check_with_the_service()
            refuse_together(form, refused)
        (evaluation,) = historic_evaluations_record(by=request.user, rows=[form.cleaned_data])
        evaluation = get_object_or_404(_scoped(request.user), pk=evaluation.pk)
        return Response(s.HistoricEvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=[ApiTag.HISTORY])
class HistoricEvaluationDetail(ClientDetailView):
    """A past evaluation (404 outside the client's scope)."""

    model = HistoricEvaluation
    serializer_class = s.HistoricEvaluationSerializer

    def scoped(self, user):
        return _scoped(user)
