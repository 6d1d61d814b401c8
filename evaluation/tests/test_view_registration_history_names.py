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


def test_the_records_an_act_names_by_id_that_are_no_field_read_as_names_too(cast, login, django_assert_num_queries):
    """A site visit, a test request and a council's result are no fields of the dossier: the history read "Khảo sát
    thực tế: 12", "Yêu cầu kiểm nghiệm: 7", "result: 3"."""
    import datetime as dt
    from decimal import Decimal

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from evaluation.models import SiteVisit, TestRequest
    from evaluation.tests.factories import CouncilResultFactory, registration_in

    registration = registration_in(cast, status="scored", name="Miến dong Bình Liêu")

    def acts():
        visit = SiteVisit.objects.create(
            registration=registration, visited_on=dt.date(2026, 11, 5), participants="Tổ tư vấn", findings="Đạt."
        )
        test = TestRequest.objects.create(registration=registration, indicators="Hàm lượng chì, asen")
        result = CouncilResultFactory(
            registration=registration, mean_score=Decimal("83.50"), final_star=4, band_star=4, level="province"
        )
        for action, changes in (
            ("registration.site_visit", {"site_visit": visit.pk, "visited_on": "2026-11-05"}),
            ("registration.test_request", {"test_request": test.pk}),
            ("registration.notify_result", {"result": result.pk, "notice_number": "12/TB-OCOP"}),
        ):
            audit_record(actor=cast.province_officer, action=action, target=registration, changes=changes)
        return visit, test, result

    visit, test, result = acts()
    audit_history(target=registration)  # warm the content types
    with CaptureQueriesContext(connection) as one:
        audit_history(target=registration)
    for _ in range(4):
        acts()
    with django_assert_num_queries(len(one.captured_queries)):
        events = audit_history(target=registration)
    shown = {(row["label"], row["new"]) for event in events for row in event.change_rows}
    assert ("Khảo sát thực tế", "Khảo sát ngày 05/11/2026") in shown
    assert ("Yêu cầu kiểm nghiệm", "Hàm lượng chì, asen") in shown
    assert ("Kết quả của Hội đồng", "Cấp tỉnh: 83,50 điểm, 4 sao") in shown
    page = login(cast.province_officer).get(reverse("evaluation:registration_detail", args=[registration.pk]))
    body = page.content.decode()
    assert "Khảo sát ngày 05/11/2026" in body and "Cấp tỉnh: 83,50 điểm, 4 sao" in body
    for record in (visit, test, result):
        assert f": {record.pk}<" not in body
