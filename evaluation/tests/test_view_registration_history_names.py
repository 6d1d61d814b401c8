"""A dossier's history names the records its rows point at: "Tạo hồ sơ" read "Sản phẩm: 100", the product's id."""

import pytest
from django.urls import reverse

from evaluation.choices import RegistrationKind as K
from evaluation.services.dossier import registration_create
from evaluation.tests.factories import make_product, round_taking_proposals
from ocop.services import audit_record
from products.selectors import audit_history

pytestmark = pytest.mark.django_db


def test_the_creation_row_names_the_product(cast, login):
    product = make_product(cast.producer, "Mật ong bạc hà")
    registration = registration_create(
        product=product, kind=K.FIRST, by=cast.producer_owner, evaluation_round=round_taking_proposals(cast)
    )
    body = login(cast.commune_officer).get(reverse("evaluation:registration_detail", args=[registration.pk]))
    body = body.content.decode()
    assert "<li>Sản phẩm: Mật ong bạc hà</li>" in body
    assert f"Sản phẩm: {product.pk}<" not in body


def test_every_foreign_key_reads_as_a_name_in_a_constant_number_of_queries(cast, django_assert_num_queries):
    product = make_product(cast.producer, "Trà shan tuyết")
    registration = registration_create(
        product=product, kind=K.FIRST, by=cast.producer_owner, evaluation_round=round_taking_proposals(cast)
    )
    audit_history(target=registration)  # warm the content types

    def rows(n):
        for i in range(n):
            other = make_product(cast.producer, f"Sản phẩm {i}")
            changes = {"product": [product.pk, other.pk], "previous": registration.pk, "created_by": cast.viewer.pk}
            audit_record(actor=cast.commune_officer, action="registration.update", target=registration, changes=changes)

    rows(1)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        audit_history(target=registration)
    rows(9)
    with django_assert_num_queries(len(one.captured_queries)):
        events = audit_history(target=registration)
    shown = {(row["label"], row["old"], row["new"]) for event in events for row in event.change_rows}
    assert ("Sản phẩm", "Trà shan tuyết", "Sản phẩm 8") in shown
    assert ("Hồ sơ trước", "—", str(registration)) in shown
    assert ("Người tạo", "—", str(cast.viewer)) in shown
