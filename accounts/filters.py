"""The account list's filters: text (name, user name, e-mail, phone, agency, unit), role, province, state."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ocop.filters import FilterSet
from ocop.models import AdministrativeUnit, User
from ocop.text import nfc

from .choices import AccountState, dormant_before
from .permissions import LISTED_ROLES


class AccountFilter(FilterSet):
    q = django_filters.CharFilter(
        label=_("Tìm"),
        method="filter_q",
        widget=forms.TextInput(attrs={"placeholder": _("Họ tên, e-mail, điện thoại, xã phụ trách")}),
    )
    role = django_filters.ChoiceFilter(label=_("Vai trò"), choices=[])
    province = django_filters.ModelChoiceFilter(
        label=_("Tỉnh, thành phố"), queryset=AdministrativeUnit.objects.none(), method="filter_province"
    )
    state = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=AccountState.choices, method="filter_state")

    class Meta:
        model = User
        fields = ("q", "role", "province", "state")

    def __init__(self, data=None, *args, user, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["role"].extra["choices"] = [(role.value, role.label) for role in LISTED_ROLES]
        if user.is_national:
            self.filters["province"].queryset = AdministrativeUnit.objects.current().provinces().by_name()
        else:
            del self.filters["province"]

    def filter_q(self, queryset, name, value):
        for word in nfc(value).split():
            queryset = queryset.filter(
                Q(full_name__icontains=word)
                | Q(username__icontains=word)
                | Q(email__icontains=word)
                | Q(phone__icontains=word)
                | Q(organisation__icontains=word)
                | Q(unit__name__icontains=word)
            )
        return queryset

    def filter_province(self, queryset, name, value):
        return queryset.filter(Q(unit=value) | Q(unit__parent=value))

    def filter_state(self, queryset, name, value):
        if value == AccountState.CLOSED:
            return queryset.filter(is_active=False)
        if value == AccountState.WAITING:
            return queryset.filter(is_active=True, last_login__isnull=True)
        since = "last_login__gte" if value == AccountState.SIGNED_IN else "last_login__lt"
        return queryset.filter(is_active=True, **{since: dormant_before()})
