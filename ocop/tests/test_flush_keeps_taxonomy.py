"""A transactional test (browser, concurrency) ends with a flush of every table, the rows a data migration loaded
included; the tests that ran after it on the same pytest-xdist worker found no product sector (a plan's target
import answered 400 in one run and not in the next). The tests' flush loads the taxonomy again."""

import pytest
from django.core.management import call_command

from products.models import ProductSet, Sector


@pytest.mark.django_db(transaction=True)
def test_a_flush_leaves_the_taxonomy_the_migrations_loaded():
    call_command("flush", interactive=False, verbosity=0)
    assert Sector.objects.count() == 6
    assert ProductSet.objects.count() == 26
