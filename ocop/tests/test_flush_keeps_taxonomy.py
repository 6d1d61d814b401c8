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


@pytest.mark.django_db(transaction=True)
def test_a_flush_keeps_the_content_types_and_permissions_under_their_ids():
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    from ocop.testing import make_user

    make_user("someone", "viewer")
    content_types = dict(ContentType.objects.values_list("id", "model"))
    permissions = dict(Permission.objects.values_list("id", "codename"))
    # As a transactional test's end flushes (TransactionTestCase._fixture_teardown), then as `manage.py flush` does.
    call_command("flush", interactive=False, verbosity=0, reset_sequences=False, allow_cascade=False)
    assert dict(ContentType.objects.values_list("id", "model")) == content_types
    make_user("someone", "viewer")
    call_command("flush", interactive=False, verbosity=0)
    # The rows a test wrote are gone; the ones migrate derives from the models stay as they were, ids included, so the
    # process's content-type cache still names rows that exist.
    from ocop.models import User

    assert not User.objects.exists()
    assert dict(ContentType.objects.values_list("id", "model")) == content_types
    assert dict(Permission.objects.values_list("id", "codename")) == permissions
