"""Pages by role, the plan's scheduling form, constant query counts on lists, and the admin's read-only records."""

import re
from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ocop.testing import form_as_shown
from supervision.choices import ComplaintStatus
from supervision.models import Complaint, Inspection, SupervisionPlan

from .factories import certificate_for, inspector, plan_for, scheduled

pytestmark = pytest.mark.django_db


def test_plan_create_through_the_form(cast, login):
    client = login(cast.province_officer)
    response = client.post(
        reverse("supervision:plan_create"),
        {
            "level": "province",
            "unit": cast.province.pk,
            "year": timezone.localdate().year,
            "number": "21/KH-SNN",
            "signed_on": "15/01/2026",
            "title": "Kiểm tra, giám sát",
        },
    )
    plan = SupervisionPlan.objects.get(number="21/KH-SNN")
    assert response.status_code == 302 and plan.unit == cast.province and plan.created_by == cast.province_officer
    assert login(cast.viewer).get(reverse("supervision:plan_create")).status_code == 403
    assert login(cast.outsider).get(reverse("supervision:plan_detail", args=[plan.pk])).status_code == 404


@pytest.mark.parametrize(("today", "year"), [(date(2026, 12, 2), "2027"), (date(2026, 11, 30), "2026")])
def test_a_new_plan_suggests_the_year_it_is_most_likely_for(cast, login, today, year):
    # An inspection plan recorded in December is next year's.
    with time_machine.travel(today):
        data = form_as_shown(login(cast.province_officer).get(reverse("supervision:plan_create")))
    assert data["year"] == year


def test_a_plan_sent_back_with_an_error_asks_for_its_document_again(cast, login):
    # The document input comes back empty: sent again as it looked, the plan was saved without its document.
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = login(cast.province_officer).post(
        reverse("supervision:plan_create"),
        {
            "level": "province",
            "unit": cast.province.pk,
            "year": timezone.localdate().year,
            "number": "22/KH-SNN",
            "signed_on": "31/02/2026",
            "title": "Kiểm tra, giám sát",
            "document": SimpleUploadedFile("ke-hoach-22.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
        },
    )
    assert page.status_code == 200 and not SupervisionPlan.objects.filter(number="22/KH-SNN").exists()
    html = page.content.decode()
    message = "Tệp “ke-hoach-22.pdf” chưa được lưu vì biểu mẫu còn lỗi: hãy chọn lại tệp trước khi gửi."
    assert html.index('id="id_document"') < html.index(message)  # next to the file input


def test_the_plan_page_proposes_products_and_schedules_the_ticked_ones(cast, login):
    plan = plan_for(cast)
    first, second = certificate_for(cast), certificate_for(cast)
    client = login(cast.province_officer)
    page = client.get(reverse("supervision:plan_detail", args=[plan.pk])).content.decode()
    assert first.product_name in page and "Chưa được kiểm tra trong 36 tháng" in page
    response = client.post(
        reverse("supervision:plan_schedule", args=[plan.pk]),
        {
            "certificates": [first.pk],
            "manual_number": second.number,
            "inspectors": [inspector(cast).pk],
            "scheduled_on": timezone.localdate().strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    assert set(Inspection.objects.filter(plan=plan).values_list("certificate_id", "reason")) == {
        (first.pk, "not_inspected"),
        (second.pk, "not_inspected"),  # typed by hand, but the rules had proposed it too
    }
    assert login(cast.viewer).post(reverse("supervision:plan_schedule", args=[plan.pk]), {}).status_code == 403


def test_a_product_the_rules_chose_for_several_reasons_keeps_them_all(cast, login):
    """Not inspected in 36 months and complained of: the plan proposed it for both, but the inspection kept only the
    first, so the plan's list, the inspection's page and the export named one reason."""
    plan = plan_for(cast)
    honey = certificate_for(cast)
    Complaint.objects.create(product=honey.product, source="public", text="Nhãn ghi sai hạng sao.")
    client = login(cast.province_officer)
    response = client.post(
        reverse("supervision:plan_schedule", args=[plan.pk]),
        {
            "certificates": [honey.pk],
            "inspectors": [inspector(cast).pk],
            "scheduled_on": timezone.localdate().strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    inspection = Inspection.objects.get(plan=plan)
    assert (inspection.reason, inspection.other_reasons) == ("not_inspected", ["complaint"])
    both = "Chưa được kiểm tra trong 36 tháng; Có phản ánh"
    assert both in client.get(reverse("supervision:plan_detail", args=[plan.pk])).content.decode()
    assert both in client.get(reverse("supervision:inspection_detail", args=[inspection.pk])).content.decode()


def test_a_product_added_to_the_plan_by_hand_may_be_named_instead_of_its_certificates_number(cast, login):
    plan = plan_for(cast)
    honey = certificate_for(cast, name="Mật ong rừng Hương Rừng")
    certificate_for(cast, name="Miến dong Tài Hoan")
    certificate_for(cast, name="Miến dong Bình Liêu")
    client = login(cast.province_officer)
    url = reverse("supervision:plan_schedule", args=[plan.pk])
    post = {"inspectors": [inspector(cast).pk], "scheduled_on": timezone.localdate().strftime("%d/%m/%Y")}
    several = client.post(url, {**post, "manual_number": "mien dong"})
    assert several.status_code == 400 and not Inspection.objects.exists()
    error = several.context["form"].errors["manual_number"][0]
    assert "2 giấy chứng nhận" in error and "Miến dong Bình Liêu" in error
    assert client.post(url, {**post, "manual_number": "huong rung"}).status_code == 302
    assert Inspection.objects.get().certificate == honey


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["supervision:inspection_list", "supervision:complaint_list"])
def test_lists_run_a_constant_number_of_queries(cast, login, name):
    client = login(cast.province_officer)
    plan = plan_for(cast)
    scheduled(cast, plan=plan)
    Complaint.objects.create(product=certificate_for(cast).product, source="public", text="Nhãn ghi sai hạng sao.")
    client.get(reverse(name))
    one = _count(client, reverse(name))
    for _ in range(6):
        scheduled(cast, plan=plan)
        Complaint.objects.create(product=certificate_for(cast).product, source="public", text="Nhãn ghi sai hạng sao.")
    assert _count(client, reverse(name)) == one


def test_the_plan_page_runs_a_constant_number_of_queries(cast, login):
    client = login(cast.province_officer)
    plan = plan_for(cast)
    scheduled(cast, plan=plan)
    certificate_for(cast)
    url = reverse("supervision:plan_detail", args=[plan.pk])
    client.get(url)
    one = _count(client, url)
    for _ in range(5):
        scheduled(cast, plan=plan)
        certificate_for(cast)
    assert _count(client, url) == one


def test_a_producer_lists_only_its_concluded_inspections(cast, login):
    from supervision import services

    from .factories import recorded

    mine = recorded(cast)
    services.inspection_conclude(inspection=mine, by=mine.inspectors.first(), outcome="compliant")
    pending = scheduled(cast, plan=mine.plan)
    page = login(cast.producer_owner).get(reverse("supervision:inspection_list")).content.decode()
    assert reverse("supervision:inspection_detail", args=[mine.pk]) in page
    assert reverse("supervision:inspection_detail", args=[pending.pk]) not in page
    assert login(cast.other_producer).get(reverse("supervision:inspection_detail", args=[mine.pk])).status_code == 404


def test_the_certificate_page_leads_the_commune_to_its_confirmation(cast, login):
    certificate = certificate_for(cast)
    link = reverse("supervision:stop_confirm", args=[certificate.pk])
    assert (
        link
        in login(cast.commune_officer)
        .get(reverse("certificates:certificate_detail", args=[certificate.pk]))
        .content.decode()
    )
    assert (
        link
        not in login(cast.producer_owner)
        .get(reverse("certificates:certificate_detail", args=[certificate.pk]))
        .content.decode()
    )


def test_the_admin_shows_workflow_records_read_only_and_closes_complaints_through_the_service(cast, client):
    complaint = Complaint.objects.create(product=certificate_for(cast).product, source="public", text="Nhãn sai.")
    client.force_login(cast.admin)
    change = client.get(reverse("admin:supervision_complaint_change", args=[complaint.pk]))
    assert change.status_code == 200 and b'name="_save"' not in change.content
    assert client.get(reverse("admin:supervision_inspection_add")).status_code == 403
    response = client.post(
        reverse("admin:supervision_complaint_changelist"),
        {"action": "close_complaints", "_selected_action": [complaint.pk]},
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED and complaint.triaged_by == cast.admin


def test_scheduling_several_products_is_all_or_nothing(cast):
    from django.core.exceptions import ValidationError

    from supervision import services

    plan = plan_for(cast)
    mine, far = certificate_for(cast), certificate_for(cast, producer=cast.other_producer_org)
    with pytest.raises(ValidationError):  # the second product is of another province: the first is not kept
        services.inspections_schedule(
            plan=plan,
            chosen=[(mine, ["manual"]), (far, ["manual"])],
            inspectors=[inspector(cast)],
            scheduled_on=timezone.localdate(),
            by=cast.province_officer,
        )
    assert not Inspection.objects.exists()


def test_an_ad_hoc_inspection_from_another_agencys_finding(cast, login):
    certificate = certificate_for(cast)
    url = reverse("supervision:inspection_create")
    assert login(cast.commune_officer).get(url).status_code == 403
    client = login(cast.province_officer)
    missing = client.post(url, {"certificate_number": "không-có", "detail": "x", "inspectors": [inspector(cast).pk]})
    assert missing.status_code == 200 and not Inspection.objects.exists()
    response = client.post(
        url,
        {
            "certificate_number": certificate.number,
            "detail": "Chi cục Quản lý thị trường phát hiện nhãn ghi sai hạng sao (biên bản số 12/BB-QLTT).",
            "inspectors": [inspector(cast).pk],
            "scheduled_on": timezone.localdate().strftime("%d/%m/%Y"),
        },
    )
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and inspection.kind == "ad_hoc" and inspection.reason == "agency"
    assert "12/BB-QLTT" in inspection.reason_detail and inspection.plan is None


def test_an_ad_hoc_inspection_takes_the_products_name_when_the_number_is_not_at_hand(cast, login):
    """Another agency's finding names the product and the producer, seldom the certificate's number."""
    honey = certificate_for(cast, name="Mật ong rừng Hương Rừng")
    certificate_for(cast, name="Miến dong Tài Hoan")
    certificate_for(cast, name="Miến dong Bình Liêu")
    certificate_for(cast, name="Mật ong hoa nhãn", producer=cast.other_producer_org)  # another province's
    client = login(cast.province_officer)
    url = reverse("supervision:inspection_create")
    post = {
        "detail": "Chi cục Quản lý thị trường: nhãn ghi sai hạng sao.",
        "inspectors": [inspector(cast).pk],
        "scheduled_on": timezone.localdate().strftime("%d/%m/%Y"),
    }

    several = client.post(url, {**post, "certificate_number": "mien dong"})
    errors = several.context["form"].errors["certificate_number"]
    assert several.status_code == 200 and not Inspection.objects.exists()
    assert "2 giấy chứng nhận" in errors[0] and "Miến dong Tài Hoan" in errors[0] and "Miến dong Bình Liêu" in errors[0]
    assert 'value="mien dong"' in several.content.decode()  # what was typed stays

    assert client.post(url, {**post, "certificate_number": "mat ong"}).status_code == 302
    assert Inspection.objects.get().certificate == honey

    assert client.get(f"{url}?certificate={honey.number}").context["form"]["certificate_number"].value() == honey.number


@pytest.mark.parametrize(
    "who,inspect,stop",
    [
        ("province_officer", True, True),
        ("commune_officer", False, True),
        ("viewer", False, False),
        ("producer_owner", False, False),
    ],
)
def test_the_certificate_page_offers_what_supervision_lets_its_reader_do(cast, login, who, inspect, stop):
    """The certificate page's supervision buttons are supervision's to decide (certificates.hooks.certificate_actions):
    an ad hoc inspection opened on this certificate for the province's office, the commune's confirmation that
    production stopped for the commune and the office."""
    certificate = certificate_for(cast)
    body = login(getattr(cast, who)).get(reverse("certificates:certificate_detail", args=[certificate.pk]))
    html = body.content.decode()
    assert ('data-testid="ad-hoc-inspection"' in html) is inspect
    assert ('data-testid="stop-confirm"' in html) is stop
    if inspect:
        link = re.search(r'href="([^"]+)"[^>]*data-testid="ad-hoc-inspection"', html).group(1).replace("&amp;", "&")
        form = login(getattr(cast, who)).get(link).context["form"]
        assert form["certificate_number"].value() == certificate.number
