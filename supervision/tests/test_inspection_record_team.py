"""An inspection team recording from two phones at once. The record page sent back every field and every area of
the checklist as it had shown them, and the service wrote them all: the second inspector's save erased the finding
the first had just recorded on another area. Now what another inspector saved meanwhile is kept, and a field both
changed is refused next to it, naming its value now."""

import pytest
from django.urls import reverse

from ocop.testing import form_as_shown
from supervision.choices import CheckArea, ItemResult, Severity
from supervision.models import Inspection, InspectionItem

from .factories import advisory_inspector, inspector, recorded, scheduled, with_finding

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(cast, client):
    """Two inspectors; the first opens the record page on their phone, then the second saves a finding on the
    mark (and the representative's name) from theirs."""
    first, second = inspector(cast), advisory_inspector(cast)
    inspection = scheduled(cast, inspectors=[first, second])
    client.force_login(first)
    url = reverse("supervision:inspection_record", args=[inspection.pk])
    page = form_as_shown(client.get(url))
    items = {area: {"result": ItemResult.UNCHECKED, "severity": Severity.NONE, "note": ""} for area in CheckArea}
    items[CheckArea.MARK] = with_finding(Severity.MAJOR, area=CheckArea.MARK)[CheckArea.MARK]
    recorded(cast, inspection, items=items, by=second)
    return inspection, url, page


def _mark(inspection):
    return InspectionItem.objects.get(inspection=inspection, area=CheckArea.MARK)


def test_a_save_keeps_the_finding_the_other_inspector_recorded_meanwhile(client, team):
    inspection, url, data = team
    data["representative_name"] = "Nguyễn Thị Hoan"  # the same person, typed by both
    data["criteria-result"] = [ItemResult.MET]
    data["criteria-note"] = "Sản phẩm đúng bộ tiêu chí đã được công nhận."
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert (_mark(inspection).result, _mark(inspection).severity) == (ItemResult.FINDING, Severity.MAJOR)  # kept
    criteria = InspectionItem.objects.get(inspection=inspection, area=CheckArea.CRITERIA)
    assert (criteria.result, criteria.note) == (ItemResult.MET, "Sản phẩm đúng bộ tiêu chí đã được công nhận.")


def test_an_area_is_written_whole_so_a_finding_never_loses_its_severity(client, team):
    """The other inspector recorded a major finding on the mark; this one, whose page showed it unchecked, marks
    it met. Written field by field, the mark would have read "met" with the other's "major" severity (refused by
    the database: a 500); the area is compared and written as a whole."""
    inspection, url, data = team
    data["representative_name"] = "Nguyễn Thị Hoan"
    data["mark-result"] = [ItemResult.MET]
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"mark-result", "mark-severity", "mark-note"}, errors
    assert "“Nặng: phải khắc phục có thời hạn”" in " ".join(errors["mark-severity"])
    assert client.post(url, form_as_shown(response)).status_code == 302  # saved again, on purpose
    mark = _mark(inspection)
    assert (mark.result, mark.severity, mark.note) == (ItemResult.MET, Severity.NONE, "")


def test_a_field_and_an_area_both_changed_are_refused_then_saved_on_purpose(client, team):
    inspection, url, data = team
    data["representative_name"] = "Hoàng Văn Nam"
    data["mark-result"] = ItemResult.MET
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "“Nguyễn Thị Hoan”" in " ".join(errors["representative_name"])
    assert "“Có phát hiện”" in " ".join(errors["mark-result"])
    assert Inspection.objects.get(pk=inspection.pk).representative_name == "Nguyễn Thị Hoan"  # nothing written
    assert _mark(inspection).result == ItemResult.FINDING
    again = form_as_shown(response)
    assert (again["representative_name"], again["mark-result"]) == ("Hoàng Văn Nam", [ItemResult.MET])
    again["mark-severity"], again["mark-note"] = [Severity.NONE], ""
    assert client.post(url, again).status_code == 302
    assert Inspection.objects.get(pk=inspection.pk).representative_name == "Hoàng Văn Nam"
    assert _mark(inspection).result == ItemResult.MET


def test_the_first_save_keeps_the_date_and_place_the_page_proposed(cast, client):
    """The page proposes today and the producer's commune where the record has none yet; they are no values of the
    record, so the page sends back the record's empty ones and keeping the proposal writes it."""
    from django.utils import timezone

    inspection = scheduled(cast)
    client.force_login(inspection.inspectors.first())
    url = reverse("supervision:inspection_record", args=[inspection.pk])
    data = form_as_shown(client.get(url))
    assert (data["initial-inspected_on"], data["initial-place"]) == ("", "")
    data["representative_name"] = "Nông Thị Hoa"
    assert client.post(url, data).status_code == 302
    inspection = Inspection.objects.get(pk=inspection.pk)
    assert inspection.inspected_on == timezone.localdate()
    assert inspection.place == str(inspection.product.producer.commune)
