"""certificates 0019–0020 on a database that already holds an issuer's number twice among its historic certificates of a
year (the demo seeded "2024-NR-015" twice on some days): the rule's unique index is built all the same, what was
recorded stays as it was (the later certificate keeps no issuer copy, so the index leaves it out), and a new
duplicate is refused."""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from certificates.choices import IssuerLevel
from certificates.models import Certificate
from certificates.tests.factories import CertificateFactory, DecisionFactory
from products.tests.factories import ProductFactory

BEFORE = ("certificates", "0018_verbose_names")
RULE = ("certificates", "0020_certificate_historic_number_per_issuer_year")


def _migrate(target=None) -> None:
    """To `target`, or back to every app's latest migration."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target] if target else executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_rule_keeps_what_was_recorded_and_refuses_a_new_duplicate(cast):
    def district_decision(number, day):
        return DecisionFactory(
            issuer_level=IssuerLevel.DISTRICT, issuer_name="UBND huyện Na Rì", number=number, date=day, is_historic=True
        )

    def certificate(decision, number):
        return CertificateFactory(
            product=ProductFactory(producer=cast.producer), decision=decision, number=number, is_historic=True
        )

    first = certificate(district_decision("1201/QĐ-UBND", date(2024, 1, 30)), "2024-NR-015")
    second = certificate(district_decision("1211/QĐ-UBND", date(2024, 11, 1)), "2024-NR-012")
    third = district_decision("1205/QĐ-UBND", date(2024, 5, 1))
    try:
        _migrate(BEFORE)
        with connection.cursor() as cursor:  # recorded before the rule, as the demo did
            cursor.execute("UPDATE certificates_certificate SET number = %s WHERE id = %s", ["2024-NR-015", second.pk])
        _migrate(RULE)
    finally:
        _migrate()  # the schema the other tests run on, whatever happened
    kept = dict(Certificate.objects.filter(number="2024-NR-015").values_list("pk", "issuer_name"))
    assert kept == {first.pk: "UBND huyện Na Rì", second.pk: ""}
    with pytest.raises(IntegrityError), transaction.atomic():
        certificate(third, "2024-NR-015")
