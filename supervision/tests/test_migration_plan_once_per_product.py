"""supervision 0006 on a database where a plan already holds a product twice (planned, re-certified, planned again
under its new certificate, as the old rule allowed): the migration stops, naming the plan, the product and its
inspections, and changes nothing; once the office has kept one of them, it goes through."""

import pytest

from ocop.testing import migration_run
from supervision.models import Inspection

from .factories import certificate_for, plan_for, scheduled
from .test_plan_once_per_product import upgraded

RULE = "0006_inspection_once_per_plan_by_product"


@pytest.mark.django_db  # the schema too comes back with the test's rollback (migration_run)
def test_a_product_planned_twice_stops_the_migration_naming_it_until_one_is_kept(cast):
    plan = plan_for(cast)
    old = certificate_for(cast, star=3, name="Mật ong")
    first = scheduled(cast, old, plan=plan)
    new = upgraded(cast, old)
    migration_run("supervision", RULE, backwards=True)  # the rule of a certificate once per plan
    second = Inspection.objects.get(pk=first.pk)  # planned again under the new certificate, as the rule let it
    second.pk = None
    second.certificate_id = new.pk
    Inspection.objects.bulk_create([second])
    with pytest.raises(RuntimeError) as stopped:
        migration_run("supervision", RULE)
    assert f"plan {plan.pk}, product {old.product_id}: inspections {sorted([first.pk, second.pk])}" in str(
        stopped.value
    )
    assert Inspection.objects.filter(plan=plan).count() == 2  # nothing merged, nothing moved
    Inspection.objects.filter(pk=second.pk).delete()
    migration_run("supervision", RULE)
    assert list(Inspection.objects.filter(plan=plan).values_list("pk", flat=True)) == [first.pk]
