"""The on-site record page after a photo was refused: the record shows as saved, and saving it from that page saves
it (the record form posted to the photo's address, which read none of it: what the inspector typed was lost)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from supervision.choices import ItemResult

from .factories import all_met, recorded

pytestmark = pytest.mark.django_db


def refused_photo(client, inspection):
    return client.post(
        reverse("supervision:inspection_photo_add", args=[inspection.pk]),
        {"image": SimpleUploadedFile("a.png", b"nope", content_type="image/png"), "caption": "Tem trên bao bì"},
    )


def test_it_shows_the_saved_record_beside_the_refused_photo(cast, login):
    inspection = recorded(cast)  # representative "Nguyễn Thị Hoan", place "Xã Hoà An"
    response = refused_photo(login(inspection.inspectors.first()), inspection)
    assert response.status_code == 400
    form = response.context["form"]
    assert form["representative_name"].value() == "Nguyễn Thị Hoan"
    assert form["place"].value() == "Xã Hoà An"
    assert form["inspected_on"].value() == inspection.inspected_on
    assert 'value="Nguyễn Thị Hoan"' in response.content.decode()


def test_the_record_saved_from_that_page_is_saved(cast, login):
    inspection = recorded(cast)
    client = login(inspection.inspectors.first())
    page = refused_photo(client, inspection).content.decode()
    record_url = reverse("supervision:inspection_record", args=[inspection.pk])
    # The record form sends to the record, wherever the page was answered from.
    (form_tag,) = re.findall(r'<form[^>]*data-testid="record-form"[^>]*>', page)
    assert f'action="{record_url}"' in form_tag
    items = {f"{area}-{part}": value for area, item in all_met().items() for part, value in item.items()}
    response = client.post(
        record_url,
        {
            "inspected_on": f"{timezone.localdate():%d/%m/%Y}",
            "representative_name": "Hoàng Văn Tư",
            "place": "Xã Hoà An",
            **items,
        },
    )
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.representative_name == "Hoàng Văn Tư"
    assert all(item.result == ItemResult.MET for item in inspection.items.all())
