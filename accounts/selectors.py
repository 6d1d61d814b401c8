from django.http import QueryDict

from ocop.models import User, vi_name_order

from .filters import AccountFilter
from .permissions import accounts_scope_q


def account_list(*, user: User, filters: QueryDict) -> AccountFilter:
    """The staff accounts `user` keeps or reads, by Vietnamese name order, filtered by the list's query."""
    accounts = User.objects.filter(accounts_scope_q(user)).select_related("unit__parent").order_by(*vi_name_order())
    return AccountFilter(filters, queryset=accounts, user=user)
