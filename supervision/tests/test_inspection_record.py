"""The record on site (Điều 9.3 checklist, representative, photos from the phone's camera): only the assigned
inspectors write it; photos are validated and private."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from supervision import services
from supervision.choices import CheckArea, InspectionStatus, ItemResult, Outcome, Severity
from supervision.models import InspectionItem

from .factories import advisory_inspector, all_met, inspector, png, recorded, scheduled, with_finding

pytestmark = pytest.mark.django_db


def test_the_assigned_inspector_records_the_checklist(cast):
    inspection = recorded(cast, items=with_finding(Severity.MINOR))
    assert inspection.status == InspectionStatus.IN_PROGRESS
    assert inspection.representative_name == "Nguyễn Thị Hoan"
    mark = InspectionItem.objects.get(inspection=inspection, area=CheckArea.MARK)
    assert (mark.result, mark.severity) == (ItemResult.FINDING, Severity.MINOR)


def test_a_finding_needs_a_severity_and_a_note_and_a_met_item_has_none(cast):
    inspection = scheduled(cast)
    by = inspection.inspectors.first()
    bad = all_met()
    bad[CheckArea.CRITERIA] = {"result": ItemResult.FINDING, "severity": Severity.NONE, "note": ""}
    bad[CheckArea.MARK] = {"result": ItemResult.MET, "severity": Severity.MAJOR, "note": ""}
    with pytest.raises(ValidationError) as info:
        services.inspection_record(
            inspection=inspection, by=by, inspected_on=timezone.localdate(), representative_name="A", items=bad
        )
    assert {"criteria-severity", "criteria-note", "mark-severity"} <= set(info.value.message_dict)


def test_no_one_else_records_not_even_the_provinces_office(cast):
    inspection = scheduled(cast)
    for user in (cast.province_officer, cast.viewer, cast.producer_owner, cast.outsider):
        with pytest.raises(PermissionDenied):
            services.inspection_record(
                inspection=inspection,
                by=user,
                inspected_on=timezone.localdate(),
                representative_name="A",
                items=all_met(),
            )


def test_the_date_is_neither_future_nor_before_the_certificate(cast):
    inspection = scheduled(cast)
    by = inspection.inspectors.first()
    for day in (timezone.localdate() + dt.timedelta(days=1), inspection.certificate.issued_on - dt.timedelta(days=1)):
        with pytest.raises(ValidationError):
            services.inspection_record(
                inspection=inspection, by=by, inspected_on=day, representative_name="A", items=all_met()
            )


def test_a_concluded_record_is_closed(cast):
    inspection = recorded(cast)
    by = inspection.inspectors.first()
    services.inspection_conclude(inspection=inspection, by=by, outcome=Outcome.COMPLIANT)
    with pytest.raises(ValidationError):
        services.inspection_record(
            inspection=inspection, by=by, inspected_on=timezone.localdate(), representative_name="B", items=all_met()
        )
    with pytest.raises(ValidationError):
        services.inspection_add_photo(inspection=inspection, by=by, upload=png())


def test_photos_are_validated_and_stored_with_a_thumbnail(cast):
    inspection = scheduled(cast)
    by = inspection.inspectors.first()
    photo = services.inspection_add_photo(inspection=inspection, by=by, upload=png(size=(900, 600)), area="mark")
    assert photo.thumbnail and photo.area == "mark" and photo.image.name.endswith(".png")
    fake = SimpleUploadedFile("x.jpg", b"GIF89a not really", content_type="image/jpeg")
    with pytest.raises(ValidationError) as info:
        services.inspection_add_photo(inspection=inspection, by=by, upload=fake)
    assert "image" in info.value.message_dict


def test_a_photo_whose_thumbnail_fails_leaves_nothing_in_storage(cast, settings, tmp_path, monkeypatch):
    import supervision.services.records

    def cut_short(upload):
        raise OSError("image file is truncated")

    settings.MEDIA_ROOT = tmp_path
    inspection = scheduled(cast)
    monkeypatch.setattr(supervision.services.records, "photo_thumbnail", cut_short)
    with pytest.raises(OSError):
        services.inspection_add_photo(inspection=inspection, by=inspection.inspectors.first(), upload=png())
    assert not inspection.photos.exists() and not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_the_record_page_offers_the_phone_camera(cast, login):
    inspection = scheduled(cast)
    page = login(inspection.inspectors.first()).get(reverse("supervision:inspection_record", args=[inspection.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'accept="image/*"' in html and 'capture="environment"' in html
    assert html.count('data-testid="check-area"') == 4


def test_record_and_photo_through_the_views(cast, login):
    inspection = scheduled(cast)
    client = login(inspection.inspectors.first())
    data = {"inspected_on": timezone.localdate().strftime("%d/%m/%Y"), "representative_name": "Nguyễn Thị Hoan"}
    for area in CheckArea.values:
        data.update({f"{area}-result": "met", f"{area}-severity": "none", f"{area}-note": ""})
    response = client.post(reverse("supervision:inspection_record", args=[inspection.pk]), data)
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.IN_PROGRESS
    response = client.post(
        reverse("supervision:inspection_photo_add", args=[inspection.pk]), {"image": png(), "caption": "Nhãn"}
    )
    assert response.status_code == 302
    bad = client.post(
        reverse("supervision:inspection_photo_add", args=[inspection.pk]),
        {"image": SimpleUploadedFile("a.png", b"nope", content_type="image/png")},
    )
    assert bad.status_code == 400 and "Tệp không phải là ảnh hợp lệ" in bad.content.decode()
    assert inspection.photos.count() == 1


def test_photos_are_served_only_to_those_who_see_the_inspection(cast, login):
    inspection = scheduled(cast)
    photo = services.inspection_add_photo(inspection=inspection, by=inspection.inspectors.first(), upload=png())
    url = reverse("supervision:inspection_photo", args=[photo.pk])
    assert login(inspection.inspectors.first()).get(url).status_code == 200
    assert login(cast.province_officer).get(url).status_code == 200
    assert login(cast.commune_officer).get(url).status_code == 200
    # The producer sees its inspections once concluded; outsiders, other communes and unassigned members never.
    for user in (
        cast.producer_owner,
        cast.outsider,
        cast.other_commune_officer,
        cast.other_producer,
        cast.council_member,
    ):
        assert login(user).get(url).status_code == 404, user


def test_an_inspector_from_the_advisory_team_sees_only_their_assignments(cast, login):
    mine = scheduled(cast, inspectors=[advisory_inspector(cast)])
    other = scheduled(cast, plan=mine.plan)
    client = login(cast.advisory_member)
    assert client.get(reverse("supervision:inspection_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("supervision:inspection_record", args=[mine.pk])).status_code == 200
    assert client.get(reverse("supervision:inspection_detail", args=[other.pk])).status_code == 404
    listing = client.get(reverse("supervision:inspection_list")).content.decode()
    assert mine.product.name in listing and other.product.name not in listing


def test_the_inspection_page_links_only_what_its_reader_may_open(cast, login):
    """An inspector from the advisory team reads the inspection, not the office's revocation case or complaints:
    the page offered them links to both, each a 404."""
    from certificates.choices import RevocationGround
    from supervision.models import Complaint, RevocationCase

    officer = inspector(cast)
    inspection = recorded(
        cast,
        scheduled(cast, inspectors=[officer, advisory_inspector(cast)]),
        items=with_finding(Severity.CRITICAL),
        by=officer,
    )
    complaint = services.complaint_submit(product=inspection.product, text="Nhãn ghi 5 sao, sản phẩm 4 sao.")
    Complaint.objects.filter(pk=complaint.pk).update(inspection=inspection)
    services.inspection_conclude(
        inspection=inspection, by=officer, outcome=Outcome.REVOKE, ground=RevocationGround.MARK_MISUSE
    )
    case = RevocationCase.objects.get(certificate=inspection.certificate)
    page = reverse("supervision:inspection_detail", args=[inspection.pk])
    office_links = {
        reverse("supervision:case_detail", args=[case.pk]),
        reverse("supervision:complaint_detail", args=[complaint.pk]),
    }
    for user, sees_office_links in ((cast.province_officer, True), (cast.advisory_member, False)):
        client = login(user)
        response = client.get(page)
        assert response.status_code == 200, user
        links = set(re.findall(r'href="(/giam-sat/[^"?#]*)"', response.content.decode()))
        assert office_links & links == (office_links if sees_office_links else set()), user
        for link in links:
            assert client.get(link).status_code == 200, (user, link)


def test_record_view_by_role(cast, login):
    inspection = scheduled(cast)
    url = reverse("supervision:inspection_record", args=[inspection.pk])
    expected = {
        inspection.inspectors.first(): 200,
        cast.province_officer: 403,  # sees the inspection, is not assigned to it
        cast.viewer: 403,
        cast.commune_officer: 403,
        cast.central_officer: 403,
        cast.producer_owner: 404,  # not concluded yet
        cast.outsider: 404,
        cast.advisory_member: 404,
    }
    for user, code in expected.items():
        assert login(user).get(url).status_code == code, user
