"""certificates 0019–0020 on a database that already holds an issuer's number twice among its historic certificates of a
year (the demo seeded "2024-NR-015" twice on some days): the rule's unique index is built all the same, what was
recorded stays as it was (the later certificate keeps no issuer copy, so the index leaves it out), and a new
duplicate is refused."""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from certificates.choices import IssuerLevel
from certificates.models import Certificate
from certificates.tests.factories import CertificateFactory, DecisionFactory
from ocop.testing import migration_run
from products.tests.factories import ProductFactory

FILL = "0019_certificate_issuer_name"
RULE = "0020_certificate_historic_number_per_issuer_year"


@pytest.mark.django_db  # the schema too comes back with the test's rollback (migration_run)
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
    migration_run("certificates", RULE, backwards=True)  # the schema before the rule, as the demo knew it
    migration_run("certificates", FILL, backwards=True)
    with connection.cursor() as cursor:  # recorded before the rule, as the demo did
        cursor.execute("UPDATE certificates_certificate SET number = %s WHERE id = %s", ["2024-NR-015", second.pk])
    migration_run("certificates", FILL)
    migration_run("certificates", RULE)
    kept = dict(Certificate.objects.filter(number="2024-NR-015").values_list("pk", "issuer_name"))
    assert kept == {first.pk: "UBND huyện Na Rì", second.pk: ""}
    with pytest.raises(IntegrityError), transaction.atomic():
        certificate(third, "2024-NR-015")
