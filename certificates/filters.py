from datetime import timedelta

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.text import nfc

from .choices import CertificateStatus, DecisionStatus, IssuerLevel
from .models import Certificate, RecognitionDecision, VerificationDay

INVALID_STATUSES = (CertificateStatus.EXPIRED, CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED)


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
    scanned_while_invalid = django_filters.BooleanFilter(
        label=_("Hết hiệu lực nhưng vẫn được quét mã (30 ngày qua)"), method="filter_scanned_while_invalid"
    )
    # The national list narrowed to one province (of the producer's current commune); the queryset is already
    # limited to the user's scope, so a province outside it simply gives no row.
    province = django_filters.NumberFilter(label=_("Tỉnh, thành phố"), field_name="product__producer__commune__parent")

    class Meta:
        model = Certificate
        fields = ["q", "status", "star", "scanned_while_invalid", "province"]

    def filter_scanned_while_invalid(self, queryset, name, value):
        """Certificates that no longer certify the product but whose QR code buyers still scan: the product may
        still be sold under the OCOP mark (a revocation ground, Điều 8.1d) — a lead for post-control."""
        if not value:
            return queryset
        from .selectors import VISIT_RECENT_DAYS

        since = timezone.localdate() - timedelta(days=VISIT_RECENT_DAYS)
        scanned = VerificationDay.objects.filter(certificate=OuterRef("pk"), day__gt=since)
        return queryset.filter(status__in=INVALID_STATUSES).filter(Exists(scanned))

    def search(self, queryset, name, value):
        for word in nfc(value).split():
            queryset = queryset.filter(
                Q(number__icontains=word) | Q(product_name__icontains=word) | Q(producer_name__icontains=word)
            )
        return queryset
