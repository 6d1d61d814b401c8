from datetime import timedelta

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.filters import IdFilter, YearFilter
from ocop.text import nfc

from .choices import LIVE_STATUSES, CertificateStatus, DecisionStatus, IssuerLevel
from .models import Certificate, RecognitionDecision, VerificationDay

LIVE = "live"  # every live phase at once: valid, re-evaluation window, expiring, extended
INVALID_STATUSES = (CertificateStatus.EXPIRED, CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED)


class DecisionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=DecisionStatus.choices)
    issuer_level = django_filters.ChoiceFilter(label=_("Cấp ban hành"), choices=IssuerLevel.choices)

    class Meta:
        model = RecognitionDecision
        fields = ["status", "issuer_level"]


class CertificateFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm"), method="search")
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"),
        choices=[(LIVE, _("Còn hiệu lực (mọi giai đoạn)")), *CertificateStatus.choices],
        method="filter_status",
    )
    star = django_filters.ChoiceFilter(label=_("Hạng sao"), choices=[(3, "3"), (4, "4"), (5, "5")])
    scanned_while_invalid = django_filters.BooleanFilter(
        label=_("Hết hiệu lực nhưng vẫn được quét mã (30 ngày qua)"), method="filter_scanned_while_invalid"
    )
    # The national list narrowed to one province (of the producer's current commune); the queryset is already
    # limited to the user's scope, so a province outside it simply gives no row.
    province = IdFilter(label=_("Tỉnh, thành phố"), field_name="product__producer__commune__parent")
    # The drill-downs of the dashboards: a figure's certificates by commune, sector, product set and year of issue.
    commune = IdFilter(label=_("Xã, phường"), field_name="product__producer__commune")
    sector = django_filters.CharFilter(label=_("Ngành"), field_name="product__product_set__group__sector__code")
    product_set = django_filters.NumberFilter(
        label=_("Bộ sản phẩm"), field_name="product__product_set__number", min_value=1, max_value=99
    )
    year = YearFilter(label=_("Năm cấp"), field_name="issued_on__year")

    class Meta:
        model = Certificate
        fields = [
            "q",
            "status",
            "star",
            "scanned_while_invalid",
            "province",
            "commune",
            "sector",
            "product_set",
            "year",
        ]

    def filter_status(self, queryset, name, value):
        if value == LIVE:
            return queryset.filter(status__in=LIVE_STATUSES)
        return queryset.filter(status=value) if value else queryset

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
