"""Registrations are read-only in the admin: every change goes through the services."""

import pytest
from django.urls import reverse

from evaluation.tests.factories import registration_in

pytestmark = pytest.mark.django_db


def test_admin_lists_registrations_but_cannot_change_them(cast, login):
    registration = registration_in(cast)
    client = login(cast.admin)
    assert client.get(reverse("admin:evaluation_registration_changelist")).status_code == 200
    page = client.get(reverse("admin:evaluation_registration_change", args=[registration.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.get(reverse("admin:evaluation_registration_add")).status_code == 403
    assert login(cast.province_officer).get(reverse("admin:evaluation_registration_changelist")).status_code == 302


def test_admin_reads_the_provinces_letters_to_the_ministry_but_cannot_change_them(cast, login, private_media):
    """The province's approval and letter (CentralReferral) are a workflow record: listed and shown to system
    administrators, written only by services.transitions.registration_refer_central (state guard, audit row)."""
    from evaluation.models import CentralReferral
    from evaluation.tests.factories import pdf_upload, potential_five, refer_central

    s = potential_five(cast)
    refer_central(s.registration, cast.province_officer, signed_file=pdf_upload("cong-van.pdf"))
    referral = CentralReferral.objects.get()
    client = login(cast.admin)
    listing = client.get(reverse("admin:evaluation_centralreferral_changelist"))
    assert listing.status_code == 200
    assert "2150/UBND-KT" in listing.content.decode() and "1520/QĐ-UBND" in listing.content.decode()
    page = client.get(reverse("admin:evaluation_centralreferral_change", args=[referral.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and 'name="_save"' not in html
    # The signed PDF opens through the app's own access-checked view: stored files have no public URL.
    assert reverse("evaluation:referral_file", args=[referral.pk]) in html and "media-not-served" not in html
    assert "2150/UBND-KT.pdf" in html
    # Its fields are named in the admin's language, not by their attribute names.
    assert "Hồ sơ đăng ký" in html and "Người ghi" in html and "Thời điểm ghi" in html
    assert "Registration:" not in html and "Recorded by:" not in html
    assert client.get(reverse("admin:evaluation_centralreferral_add")).status_code == 403
    assert client.get(reverse("admin:evaluation_centralreferral_delete", args=[referral.pk])).status_code == 403
    assert client.post(reverse("admin:evaluation_centralreferral_change", args=[referral.pk]), {}).status_code == 403
    assert CentralReferral.objects.get().letter_number == "2150/UBND-KT"


def test_the_letters_to_the_ministry_are_closed_to_everyone_else_in_the_admin(cast, login):
    from ocop.testing import make_user

    url = reverse("admin:evaluation_centralreferral_changelist")
    assert login(cast.province_officer).get(url).status_code == 302  # not staff: the admin's sign-in
    staff_officer = make_user("staff_central", "central_officer", is_staff=True)
    response = login(staff_officer).get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))  # the site's door
