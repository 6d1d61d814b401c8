import pytest
from django.db import transaction

from ocop.models import Counter
from ocop.services import counter_next


@pytest.mark.django_db
def test_it_counts_each_key_on_its_own():
    with transaction.atomic():
        assert [counter_next("a"), counter_next("a"), counter_next("b"), counter_next("a")] == [1, 2, 1, 3]
    assert Counter.objects.get(key="a").value == 3


@pytest.mark.django_db
def test_a_rolled_back_caller_gives_its_number_back():
    with transaction.atomic():
        counter_next("x")
    with pytest.raises(RuntimeError), transaction.atomic():
        counter_next("x")
        raise RuntimeError("the certificate could not be saved")
    with transaction.atomic():
        assert counter_next("x") == 2


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_run_outside_a_transaction():
    with pytest.raises(RuntimeError, match="inside a transaction"):
        counter_next("y")
