"""supervision 0006 on a database where a plan already holds a product twice (planned, re-certified, planned again
under its new certificate, as the old rule allowed): the migration stops, naming the plan, the product and its
inspections, and changes nothing; once the office has kept one of them, it goes through."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from supervision.models import Inspection

from .factories import certificate_for, plan_for, scheduled
from .test_plan_once_per_product import upgraded

BEFORE = ("supervision", "0005_verbose_names")
RULE = ("supervision", "0006_inspection_once_per_plan_by_product")


def _migrate(target=None) -> None:
    """To `target`, or back to every app's latest migration."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target] if target else executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_a_product_planned_twice_stops_the_migration_naming_it_until_one_is_kept(cast):
    plan = plan_for(cast)
    old = certificate_for(cast, star=3, name="Mật ong")
    first = scheduled(cast, old, plan=plan)
    new = upgraded(cast, old)
    try:
        _migrate(BEFORE)
        second = Inspection.objects.get(pk=first.pk)  # planned again under the new certificate, as the rule let it
        second.pk = None
        second.certificate_id = new.pk
        Inspection.objects.bulk_create([second])
        with pytest.raises(RuntimeError) as stopped:
            _migrate(RULE)
        assert f"plan {plan.pk}, product {old.product_id}: inspections {sorted([first.pk, second.pk])}" in str(
            stopped.value
        )
        assert Inspection.objects.filter(plan=plan).count() == 2  # nothing merged, nothing moved
        Inspection.objects.filter(pk=second.pk).delete()
        _migrate(RULE)
    finally:
        _migrate()  # the schema the other tests run on, whatever happened
    assert list(Inspection.objects.filter(plan=plan).values_list("pk", flat=True)) == [first.pk]
