import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ocop.text import nfc

from .choices import CertificateStatus, DecisionStatus, IssuerLevel
from .models import Certificate, RecognitionDecision


class DecisionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=DecisionStatus.choices)
    issuer_level = django_filters.ChoiceFilter(label=_("Cấp ban hành"), choices=IssuerLevel.choices)

    class Meta:
        model = RecognitionDecision
        fields = ["status", "issuer_level"]


class CertificateFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm"), method="search")
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=CertificateStatus.choices)
    star = django_filters.ChoiceFilter(label=_("Hạng sao"), choices=[(3, "3"), (4, "4"), (5, "5")])

    class Meta:
        model = Certificate
        fields = ["q", "status", "star"]

    def search(self, queryset, name, value):
        for word in nfc(value).split():
            queryset = queryset.filter(
                Q(number__icontains=word) | Q(product_name__icontains=word) | Q(producer_name__icontains=word)
            )
        return queryset
