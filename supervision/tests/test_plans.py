"""Plans (Điều 9.4) and the products the rules select (every certified product at least once in its 36 months,
nearing expiry without an inspection, open complaints, a producer that changed)."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from products.models import Producer
from supervision import services
from supervision.choices import ComplaintStatus, InspectionStatus, Outcome, PlanLevel, SelectionReason
from supervision.models import Complaint, Inspection, SupervisionPlan
from supervision.selectors import plan_candidates

from .factories import certificate_for, inspector, other_province_inspector, plan_for, scheduled

pytestmark = pytest.mark.django_db


def reasons(plan):
    return {row["certificate"].pk: row["reasons"] for row in plan_candidates(plan=plan)}


def test_it_selects_a_product_never_inspected(cast):
    certificate = certificate_for(cast)
    assert reasons(plan_for(cast))[certificate.pk] == [SelectionReason.NOT_INSPECTED]


def test_it_leaves_out_a_product_inspected_in_the_last_36_months(cast):
    certificate = certificate_for(cast)
    Inspection.objects.create(
        kind="periodic",
        reason="manual",
        certificate=certificate,
        product=certificate.product,
        scheduled_on=timezone.localdate() - dt.timedelta(days=100),
        inspected_on=timezone.localdate() - dt.timedelta(days=100),
        concluded_on=timezone.localdate() - dt.timedelta(days=100),
        status=InspectionStatus.CONCLUDED,
        outcome=Outcome.COMPLIANT,
    )
    assert certificate.pk not in reasons(plan_for(cast))


def test_it_flags_a_certificate_nearing_expiry_never_inspected_in_its_life(cast):
    issued = timezone.localdate() - relativedelta(months=33)
    certificate = certificate_for(cast, issued_on=issued)
    assert reasons(plan_for(cast))[certificate.pk] == [SelectionReason.NOT_INSPECTED, SelectionReason.EXPIRING]


def test_it_flags_open_complaints_and_a_changed_producer(cast):
    certificate = certificate_for(cast)
    Complaint.objects.create(product=certificate.product, source="public", text="Nhãn ghi sai hạng sao.")
    Producer.objects.filter(pk=cast.producer.pk).update(name="HTX Tài Hoan mới")
    got = reasons(plan_for(cast))[certificate.pk]
    assert SelectionReason.COMPLAINT in got and SelectionReason.PRODUCER_CHANGED in got
    Complaint.objects.update(status=ComplaintStatus.CLOSED, close_reason="Không có căn cứ.")
    assert SelectionReason.COMPLAINT not in reasons(plan_for(cast, number="13/KH"))[certificate.pk]


def test_it_leaves_out_products_already_in_the_plan_and_other_provinces(cast):
    mine = certificate_for(cast)
    far = certificate_for(cast, producer=cast.other_producer_org)
    plan = plan_for(cast)
    scheduled(cast, mine, plan=plan)
    got = reasons(plan)
    assert mine.pk not in got and far.pk not in got


def test_the_ministry_plan_covers_5_star_products_of_every_province(cast):
    four, five = certificate_for(cast, star=4), certificate_for(cast, star=5, producer=cast.other_producer_org)
    plan = services.plan_create(
        by=cast.central_officer,
        level=PlanLevel.MINISTRY,
        unit=cast.province,  # ignored: the ministry's plan has no province
        year=timezone.localdate().year,
        number="99/KH-BNNMT",
        signed_on=timezone.localdate(),
        title="Kiểm tra sản phẩm 5 sao",
    )
    assert plan.unit is None
    got = reasons(plan)
    assert five.pk in got and four.pk not in got


def test_a_province_officer_records_only_its_province_plans(cast):
    with pytest.raises(PermissionDenied):
        services.plan_create(
            by=cast.province_officer,
            level=PlanLevel.PROVINCE,
            unit=cast.other_province,
            year=2026,
            number="1/KH",
            signed_on=dt.date(2026, 1, 2),
            title="x",
        )
    for user in (cast.viewer, cast.commune_officer, cast.producer_owner):
        with pytest.raises(PermissionDenied):
            services.plan_create(
                by=user,
                level="province",
                unit=cast.province,
                year=2026,
                number="1/KH",
                signed_on=dt.date(2026, 1, 2),
                title="x",
            )
    with pytest.raises(PermissionDenied):
        services.plan_create(
            by=cast.province_officer,
            level=PlanLevel.MINISTRY,
            unit=None,
            year=2026,
            number="1/KH",
            signed_on=dt.date(2026, 1, 2),
            title="x",
        )


def _same_number_again(cast, plan):
    """Another plan of the province with `plan`'s number and year, with its document: refused."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError):
        services.plan_create(
            by=cast.province_officer,
            level="province",
            unit=cast.province,
            year=plan.year,
            number=plan.number,
            signed_on=plan.signed_on,
            title="Trùng số",
            document=SimpleUploadedFile("kh.pdf", b"%PDF-1.4\n%%EOF\n"),
        )


def test_a_plan_number_is_unique_per_province(cast, settings, tmp_path):

    settings.MEDIA_ROOT = tmp_path
    _same_number_again(cast, plan_for(cast))
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]  # the refused plan's document was not stored


def test_a_plan_refused_by_the_database_for_its_number_leaves_no_document(cast, settings, tmp_path, monkeypatch):
    """Two officers save the same number at the same instant: both pass the check before the save, the database's
    unique constraint refuses the second after its document was written; that file is removed with the refusal."""

    from supervision.models import SupervisionPlan

    settings.MEDIA_ROOT = tmp_path
    plan = plan_for(cast)
    monkeypatch.setattr(SupervisionPlan, "validate_constraints", lambda self, exclude=None: None)  # the other tab
    _same_number_again(cast, plan)
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_a_plan_number_comes_again_the_next_year(cast):
    """Document numbers start again each year (Nghị định 30/2020/NĐ-CP): next year's plan may bear this year's number,
    which was refused as taken for all time."""
    plan = plan_for(cast, year=timezone.localdate().year - 1)  # last year's: both are signed by today
    following = services.plan_create(
        by=cast.province_officer,
        level="province",
        unit=cast.province,
        year=plan.year + 1,
        number=plan.number,
        signed_on=plan.signed_on.replace(year=plan.signed_on.year + 1),
        title="Kiểm tra, giám sát sản phẩm OCOP năm sau",
    )
    assert following.number == plan.number and following.pk != plan.pk
    with pytest.raises(ValidationError, match="trong năm đó"):
        services.plan_create(
            by=cast.province_officer,
            level="province",
            unit=cast.province,
            year=plan.year + 1,
            number=plan.number,
            signed_on=plan.signed_on.replace(year=plan.signed_on.year + 1, month=3),
            title="Trùng số trong năm",
        )


def test_a_plan_document_must_be_a_pdf(cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError) as info:
        services.plan_create(
            by=cast.province_officer,
            level="province",
            unit=cast.province,
            year=2026,
            number="2/KH",
            signed_on=dt.date(2026, 1, 2),
            title="x",
            document=SimpleUploadedFile("kh.pdf", b"<html>not a pdf</html>"),
        )
    assert "document" in info.value.message_dict


def test_scheduling_assigns_inspectors_creates_the_checklist_and_tells_everyone(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    who = inspector(cast)
    with django_capture_on_commit_callbacks(execute=True):
        inspection = scheduled(cast, inspectors=[who])
    assert list(inspection.inspectors.all()) == [who]
    assert inspection.items.count() == 4
    assert who.notifications.filter(message__contains="phân công kiểm tra").exists()
    assert cast.producer_owner.notifications.filter(message__contains="sẽ được kiểm tra").exists()
    assert [m.to for m in mailoutbox] == [[cast.producer_owner.email]]
    assert "Kiểm tra, giám sát" in mailoutbox[0].subject


def test_scheduling_refuses_wrong_inspectors_dates_provinces_and_duplicates(cast):
    plan = plan_for(cast)
    certificate = certificate_for(cast)
    today = timezone.localdate()
    kwargs = {
        "plan": plan,
        "certificate": certificate,
        "reason": "manual",
        "scheduled_on": today,
        "by": cast.province_officer,
    }
    with pytest.raises(ValidationError):  # an officer of another province
        services.inspection_schedule(inspectors=[other_province_inspector(cast)], **kwargs)
    with pytest.raises(ValidationError):  # a producer cannot inspect
        services.inspection_schedule(inspectors=[cast.producer_owner], **kwargs)
    with pytest.raises(ValidationError):  # outside the plan's year
        services.inspection_schedule(
            inspectors=[inspector(cast)], **{**kwargs, "scheduled_on": dt.date(plan.year + 1, 1, 5)}
        )
    far = certificate_for(cast, producer=cast.other_producer_org)
    with pytest.raises(ValidationError):
        services.inspection_schedule(inspectors=[inspector(cast)], **{**kwargs, "certificate": far})
    services.inspection_schedule(inspectors=[inspector(cast)], **kwargs)
    with pytest.raises(ValidationError):
        services.inspection_schedule(inspectors=[inspector(cast)], **kwargs)
    with pytest.raises(PermissionDenied):
        services.inspection_schedule(inspectors=[inspector(cast)], **{**kwargs, "by": cast.outsider})


def test_the_office_corrects_its_plans_number_and_replaces_its_document(cast, login, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from ocop.models import AuditEvent
    from ocop.testing import form_as_shown

    settings.MEDIA_ROOT = tmp_path
    plan = plan_for(cast)
    client = login(cast.province_officer)
    url = reverse("supervision:plan_update", args=[plan.pk])
    assert f'href="{url}"' in client.get(reverse("supervision:plan_detail", args=[plan.pk])).content.decode()
    data = form_as_shown(client.get(url)) | {"number": "12/KH-SNN-ĐC"}
    data["document"] = SimpleUploadedFile("kh.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")

    assert client.post(url, data).status_code == 302

    plan.refresh_from_db()
    assert plan.number == "12/KH-SNN-ĐC" and plan.document.name.endswith(".pdf")
    event = AuditEvent.objects.get(action="supervision.plan_update")
    assert event.changes == {"number": ["12/KH-SNN", "12/KH-SNN-ĐC"], "document": [None, plan.document.name]}


def test_a_plan_edit_keeps_what_was_typed_and_refuses_a_file_that_is_not_a_pdf(cast, login):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from ocop.testing import form_as_shown

    plan = plan_for(cast)
    client = login(cast.province_officer)
    url = reverse("supervision:plan_update", args=[plan.pk])
    data = form_as_shown(client.get(url)) | {"title": "Kiểm tra năm (sửa)", "signed_on": "31/02/2026"}
    response = client.post(url, data)
    assert response.status_code == 200 and 'value="Kiểm tra năm (sửa)"' in response.content.decode()
    data |= {"signed_on": "20/01/2026", "document": SimpleUploadedFile("kh.pdf", b"MZ not a pdf")}
    response = client.post(url, data)
    assert response.status_code == 200
    plan.refresh_from_db()
    assert plan.title == "Kiểm tra, giám sát sản phẩm OCOP" and not plan.document


def test_a_refused_plan_edit_stores_no_file(cast, login, settings, tmp_path):
    """The plan is checked before its new document is written: a number already taken used to leave the upload in
    storage with no plan naming it."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from ocop.testing import form_as_shown

    settings.MEDIA_ROOT = tmp_path
    plan = plan_for(cast)
    plan_for(cast, number="13/KH-SNN")
    client = login(cast.province_officer)
    url = reverse("supervision:plan_update", args=[plan.pk])
    data = form_as_shown(client.get(url)) | {"number": "13/KH-SNN"}
    data["document"] = SimpleUploadedFile("kh.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")

    response = client.post(url, data)

    assert response.status_code == 200
    plan.refresh_from_db()
    assert plan.number == "12/KH-SNN" and not plan.document
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_who_may_correct_a_supervision_plan(cast, login):
    from django.urls import reverse

    plan = plan_for(cast)
    url = reverse("supervision:plan_update", args=[plan.pk])
    assert login(cast.central_officer).get(url).status_code == 200
    assert login(cast.viewer).get(url).status_code == 403
    assert login(cast.outsider).get(url).status_code == 404
    assert login(cast.outsider).post(url, {"number": "x"}).status_code == 404
    assert login(cast.producer_owner).get(url).status_code == 404
    plan.refresh_from_db()
    assert plan.number == "12/KH-SNN"


def test_the_inspectors_to_choose_from_read_in_vietnamese_order(cast):
    """By tên as Vietnamese lists are (ocop.models.vi_name_order): the list was in code-point order of họ, which put
    every Đặng and Đỗ after the Vũ."""
    from ocop.testing import make_user
    from supervision.forms import AdHocForm

    for username, name in (("vu", "Vũ Thị Yến"), ("dang", "Đặng Văn Dũng"), ("do", "Đỗ Minh Đức")):
        make_user(username, "province_officer", unit=cast.province, full_name=name)
    names = [user.get_full_name() for user in AdHocForm(user=cast.province_officer).fields["inspectors"].queryset]
    chosen = [name for name in names if name in {"Vũ Thị Yến", "Đặng Văn Dũng", "Đỗ Minh Đức"}]
    assert chosen == ["Đặng Văn Dũng", "Đỗ Minh Đức", "Vũ Thị Yến"]


def test_a_plan_refuses_an_inspection_date_already_past_next_to_the_date(cast, login):
    """Scheduling a product 11 months back passed the plan-year check only: a new inspection is to come."""
    plan = plan_for(cast)
    certificate = certificate_for(cast)
    past = timezone.localdate() - relativedelta(months=11)
    response = login(cast.province_officer).post(
        reverse("supervision:plan_schedule", args=[plan.pk]),
        {"certificates": [certificate.pk], "inspectors": [inspector(cast).pk], "scheduled_on": f"{past:%d/%m/%Y}"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["scheduled_on"] == [
        "Ngày kiểm tra dự kiến không thể trước hôm nay (02/12/2026)."
    ]
    assert not Inspection.objects.filter(plan=plan).exists()


def test_an_inspection_date_before_the_certificate_was_issued_is_refused(cast):
    today = timezone.localdate()
    certificate = certificate_for(cast, issued_on=today + dt.timedelta(days=5))
    with pytest.raises(ValidationError) as info:
        services.inspection_schedule(
            plan=plan_for(cast),
            certificate=certificate,
            reason=SelectionReason.MANUAL,
            inspectors=[inspector(cast)],
            scheduled_on=today + dt.timedelta(days=2),
            by=cast.province_officer,
        )
    assert info.value.message_dict["scheduled_on"] == [
        f"Ngày kiểm tra dự kiến không thể trước ngày cấp giấy chứng nhận ({certificate.issued_on:%d/%m/%Y})."
    ]
    assert not Inspection.objects.exists()


def test_a_plan_signed_in_the_future_is_refused_next_to_the_date(cast, login):
    """01/01/2099 was accepted, and filed the plan's number under 2099 (supervisionplan_number_unique_per_year)."""
    client = login(cast.province_officer)
    data = {
        "level": "province",
        "unit": cast.province.pk,
        "year": timezone.localdate().year,
        "number": "23/KH-SNN",
        "signed_on": "01/01/2099",
        "title": "Kiểm tra, giám sát",
    }
    response = client.post(reverse("supervision:plan_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["signed_on"] == ["Ngày ban hành không thể sau hôm nay (02/12/2026)."]
    assert not SupervisionPlan.objects.filter(number="23/KH-SNN").exists()
    plan = plan_for(cast)
    with pytest.raises(ValidationError) as info:
        services.plan_update(plan=plan, by=cast.province_officer, data={"signed_on": dt.date(2099, 1, 1)})
    assert "signed_on" in info.value.message_dict
    plan.refresh_from_db()
    assert plan.signed_on == dt.date(plan.year, 1, 15)


def test_a_plan_refuses_an_inspection_date_after_the_certificate_lapses_next_to_the_date(cast, login):
    """The demo's Gà đồi Trần Phú (valid to 01/01/2027, proposed as nearing expiry uninspected) was put into the 2027
    plan for 15/01/2027, two weeks after its certificate lapsed: nothing left to inspect under Điều 9."""
    plan = plan_for(cast)
    today = timezone.localdate()
    certificate = certificate_for(cast, issued_on=today + dt.timedelta(days=5) - relativedelta(months=36))
    after = certificate.valid_until + dt.timedelta(days=5)
    response = login(cast.province_officer).post(
        reverse("supervision:plan_schedule", args=[plan.pk]),
        {"certificates": [certificate.pk], "inspectors": [inspector(cast).pk], "scheduled_on": f"{after:%d/%m/%Y}"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["scheduled_on"] == [
        f"Ngày kiểm tra dự kiến không thể sau ngày giấy chứng nhận hết hiệu lực ({certificate.valid_until:%d/%m/%Y})."
    ]
    assert not Inspection.objects.filter(plan=plan).exists()
    inspection = services.inspection_schedule(
        plan=plan,
        certificate=certificate,
        reason=SelectionReason.EXPIRING,
        inspectors=[inspector(cast)],
        scheduled_on=certificate.valid_until,
        by=cast.province_officer,
    )
    assert inspection.scheduled_on == certificate.valid_until
