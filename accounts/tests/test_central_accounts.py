"""The ministry's own accounts: a second central officer (the four eyes of a 5★ decision) and the central council's
members, who represent ministries and work for no province (D26 Điều 7.4b)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts import services
from ocop.models import User
from ocop.testing import form_as_shown

pytestmark = pytest.mark.django_db

PERSON = {"full_name": "Phạm Văn Hùng", "email": "hung@example.test", "phone": "", "organisation": "Bộ Công Thương"}


@pytest.mark.parametrize(
    ("keeper", "role"),
    [("central_officer", "council_member"), ("admin", "council_member"), ("admin", "central_officer")],
)
def test_the_ministry_and_the_administrator_create_accounts_that_work_for_no_province(client, cast, keeper, role):
    """A ministry officer's account is made and kept by the administrator, not by a fellow ministry officer
    (test_keepers_peers.py)."""
    client.force_login(getattr(cast, keeper))
    page = client.get(reverse("accounts:account_create"))
    assert role in [value for value, _label in page.context["form"].fields["role"].choices]
    response = client.post(reverse("accounts:account_create"), {**PERSON, "role": role, "province": ""})
    account = User.objects.get(email="hung@example.test")
    assert response.status_code == 302 and response.url == reverse("accounts:account_detail", args=[account.pk])
    assert account.role == role and account.unit is None and account.organisation == "Bộ Công Thương"
    # the account is in the ministry's list and its page reopens for a correction, still without a province
    assert client.get(reverse("accounts:account_detail", args=[account.pk])).status_code == 200
    url = reverse("accounts:account_update", args=[account.pk])
    shown = form_as_shown(client.get(url))
    assert client.post(url, {**shown, "phone": "0912 345 678"}).status_code == 302
    account.refresh_from_db()
    assert account.phone and account.unit is None


def test_a_council_member_given_a_province_still_works_for_it(client, cast):
    client.force_login(cast.central_officer)
    data = {**PERSON, "role": "council_member", "province": cast.other_province.pk}
    assert client.post(reverse("accounts:account_create"), data).status_code == 302
    assert User.objects.get(email="hung@example.test").unit == cast.other_province


def test_a_central_officer_is_given_no_province_even_when_one_is_chosen(cast):
    account = services.account_create(
        by=cast.admin, full_name="Phạm Văn Hùng", email="hung@example.test", role="central_officer",
        province=cast.province,
    )  # fmt: skip
    assert account.unit is None


def test_the_roles_that_work_in_a_province_are_still_asked_for_it_beside_the_field(client, cast):
    client.force_login(cast.central_officer)
    for role in ("province_officer", "advisory_member", "viewer", "commune_officer"):
        response = client.post(reverse("accounts:account_create"), {**PERSON, "role": role, "province": ""})
        page = response.content.decode()
        assert response.status_code == 200 and "province" in response.context["form"].errors, role
        assert 'id="error_1_id_province"' in page and 'value="Phạm Văn Hùng"' in page
    assert not User.objects.filter(email="hung@example.test").exists()


@pytest.mark.parametrize("role", ["council_member", "central_officer"])
def test_a_province_officer_creates_neither_a_central_officer_nor_a_central_council_member(client, cast, role):
    client.force_login(cast.province_officer)
    form = client.get(reverse("accounts:account_create")).context["form"]
    offered = [value for value, _label in form.fields["role"].choices]
    assert "central_officer" not in offered and "province" not in form.fields
    response = client.post(reverse("accounts:account_create"), {**PERSON, "role": role})
    account = User.objects.filter(email="hung@example.test").first()
    if role == "central_officer":  # not a role they give: refused beside the role
        assert response.status_code == 200 and 'id="error_1_id_role"' in response.content.decode()
        assert account is None
        with pytest.raises(PermissionDenied):
            services.account_create(by=cast.province_officer, full_name="X", email="x@example.test", role=role)
    else:  # their council's member works for their province
        assert response.status_code == 302 and account.unit == cast.province


@pytest.mark.parametrize("actor", ["commune_officer", "viewer", "council_member", "producer_owner"])
def test_whom_keeps_no_accounts_creates_none_of_them(client, cast, actor):
    client.force_login(getattr(cast, actor))
    data = {**PERSON, "role": "central_officer"}
    assert client.post(reverse("accounts:account_create"), data).status_code == 403
    assert not User.objects.filter(email="hung@example.test").exists()


def test_a_province_officer_does_not_reach_a_ministry_account(client, cast):
    client.force_login(cast.central_officer)
    client.post(reverse("accounts:account_create"), {**PERSON, "role": "council_member"})
    account = User.objects.get(email="hung@example.test")
    client.force_login(cast.province_officer)
    assert client.get(reverse("accounts:account_detail", args=[account.pk])).status_code == 404
    assert client.get(reverse("accounts:account_detail", args=[cast.central_officer.pk])).status_code == 404


def test_a_central_council_member_signs_in_to_their_home(client, cast):
    client.force_login(cast.central_officer)
    client.post(reverse("accounts:account_create"), {**PERSON, "role": "council_member"})
    client.force_login(User.objects.get(email="hung@example.test"))
    response = client.get(reverse("home"))
    assert response.status_code == 200 and response.context["sheets"] is not None
