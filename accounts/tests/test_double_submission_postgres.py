"""A double click on "Tạo tài khoản" (or two officers typing the same person at once) on PostgreSQL with real
parallel connections: one account and a clear message beside the address, never an IntegrityError (a 500)."""

import pytest
from django.core.exceptions import ValidationError

from accounts import services
from ocop.models import User
from ocop.testing import race_in_parallel

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_parallel_creations_of_one_address_end_in_one_account_with_a_message(cast):
    def create():
        services.account_create(
            by=cast.province_officer,
            full_name="Lò Thị Mai",
            email="mai@example.test",
            role="commune_officer",
            commune=cast.commune,
        )

    first, second = race_in_parallel(create, create)
    assert first is None
    assert isinstance(second, ValidationError) and "đã có tài khoản khác dùng" in second.message_dict["email"][0]
    assert User.objects.filter(email="mai@example.test").count() == 1


def test_two_accounts_given_one_new_address_at_once_end_with_one_and_a_message(cast):
    """Before their first sign-in the user name follows a corrected address (services.account_update): two
    keepers correcting two accounts to the same address meet at the user name's unique index."""
    fields = {"role": "commune_officer", "commune": cast.commune}
    one, two = (
        services.account_create(by=cast.province_officer, full_name=name, email=email, **fields)
        for name, email in (("Lò Thị Mai", "mai@exmaple.test"), ("Lò Thị Mại", "mai@example.tset"))
    )

    def corrected(account):
        return lambda: services.account_update(
            by=cast.province_officer, account=account, full_name=account.full_name, email="mai@example.test", **fields
        )

    first, second = race_in_parallel(corrected(one), corrected(two))
    assert first is None and isinstance(second, ValidationError)
    assert User.objects.filter(username="mai@example.test").count() == 1
