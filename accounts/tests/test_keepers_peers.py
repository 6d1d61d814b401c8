"""Nobody keeps a peer's account: a province's officer does not change a fellow officer of the province, and a
ministry officer does not change a fellow ministry officer (their role, scope, closing, the invitation sent again):
the system administrator keeps the ministry's officers, as the ministry keeps the provinces' officers. One predicate
says it for every page, the list's action and the file import (accounts.permissions.can_change_account); the pages
still open (a keeper reads who works beside them), and stay not found to whoever reads no such account."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from accounts import excel, services
from accounts.permissions import can_change_account, grantable_roles
from ocop.models import AuditEvent, User
from ocop.testing import form_as_shown, make_user
from ocop.xlsx import XLSX

pytestmark = pytest.mark.django_db

PERSON = {"full_name": "Phạm Văn Hùng", "email": "hung@example.test", "phone": "", "organisation": "Bộ Công Thương"}


@pytest.fixture
def peers(cast):
    """Each keeper's peer: a second ministry officer and a second officer of the cast's province."""
    return {
        "central_officer": make_user("can_bo_bo_2", "central_officer"),
        "province_officer": make_user("can_bo_tinh_2", "province_officer", cast.province),
    }


def _refused_every_change(client, peer) -> None:
    """What a keeper who does not keep `peer` meets on every path that changes an account."""
    update = reverse("accounts:account_update", args=[peer.pk])
    assert client.get(update).status_code == 403
    assert client.post(update, {**PERSON, "role": "viewer"}).status_code == 403
    for name, data in (("account_set_active", {"active": "0"}), ("account_invite", {})):
        assert client.post(reverse(f"accounts:{name}", args=[peer.pk]), data).status_code == 403, name
    assert client.post(reverse("accounts:accounts_close"), {"accounts": [peer.pk]}).status_code == 403
    peer_before = User.objects.get(pk=peer.pk)
    assert peer_before.is_active and peer_before.role == peer.role and peer_before.email == peer.email
    assert not AuditEvent.objects.filter(target_id=str(peer.pk)).exclude(action="user.create").exists()


@pytest.mark.parametrize("level", ["central_officer", "province_officer"])
def test_an_officers_peer_is_read_but_never_changed(client, cast, peers, level):
    peer = peers[level]
    keeper = getattr(cast, level)
    assert not can_change_account(keeper, peer)
    client.force_login(keeper)
    listing = client.get(reverse("accounts:account_list"))
    assert peer.pk in {a.pk for a in listing.context["page"]} and peer.pk not in listing.context["closable"]
    page = client.get(reverse("accounts:account_detail", args=[peer.pk]))
    assert page.status_code == 200 and page.context["can_change"] is False
    assert 'data-testid="account-close"' not in page.content.decode()
    _refused_every_change(client, peer)
    for service, kwargs in (
        (services.account_set_active, {"active": False}),
        (services.account_invite, {}),
        (services.account_update, {**PERSON, "role": peer.role, "province": peer.unit}),
    ):
        with pytest.raises(PermissionDenied):
            service(by=keeper, account=peer, **kwargs)


def test_a_ministry_officer_gives_no_one_the_ministry_officers_role(client, cast, peers):
    assert "central_officer" not in grantable_roles(cast.central_officer)
    client.force_login(cast.central_officer)
    form = client.get(reverse("accounts:account_create")).context["form"]
    assert "central_officer" not in [value for value, _label in form.fields["role"].choices]
    response = client.post(reverse("accounts:account_create"), {**PERSON, "role": "central_officer"})
    assert response.status_code == 200 and 'id="error_1_id_role"' in response.content.decode()
    assert not User.objects.filter(email="hung@example.test").exists()
    with pytest.raises(PermissionDenied):
        services.account_create(by=cast.central_officer, full_name="X", email="x@example.test", role="central_officer")
    # nor moves a province officer to the ministry
    officer = make_user("can_bo_tinh_3", "province_officer", cast.other_province)
    url = reverse("accounts:account_update", args=[officer.pk])
    shown = form_as_shown(client.get(url))
    response = client.post(url, {**shown, "role": "central_officer"})
    assert response.status_code == 200 and User.objects.get(pk=officer.pk).role == "province_officer"


def _workbook(rows) -> SimpleUploadedFile:
    wb = Workbook()
    wb.active.append([heading for _key, heading in excel.COLUMNS])
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("tai-khoan.xlsx", out.getvalue(), content_type=XLSX)


@pytest.mark.parametrize("level", ["central_officer", "province_officer"])
def test_a_file_row_that_changes_a_peer_is_refused(client, cast, peers, level):
    peer = peers[level]
    client.force_login(getattr(cast, level))
    province = "" if peer.unit is None else peer.unit.name
    rows = [["Tên Mới", peer.email, str(peer.get_role_display()), province, "", "0912345678", ""]]
    response = client.post(reverse("accounts:account_import"), {"file": _workbook(rows)})
    assert response.status_code == 400 and "không do bạn quản lý" in response.content.decode()
    assert User.objects.get(pk=peer.pk).phone == ""


@pytest.mark.parametrize("administrator", ["superuser", "admin_role"])
def test_the_system_administrator_keeps_the_ministrys_officers(client, cast, peers, administrator):
    admin = cast.admin if administrator == "superuser" else make_user("quan_tri_2", "admin", is_staff=True)
    peer = peers["central_officer"]
    assert can_change_account(admin, peer) and "central_officer" in grantable_roles(admin)
    client.force_login(admin)
    url = reverse("accounts:account_update", args=[peer.pk])
    shown = form_as_shown(client.get(url))
    assert client.post(url, {**shown, "phone": "0912 345 678"}).status_code == 302
    assert client.post(reverse("accounts:account_invite", args=[peer.pk])).status_code == 302
    assert client.post(reverse("accounts:account_set_active", args=[peer.pk]), {"active": "0"}).status_code == 302
    peer.refresh_from_db()
    assert peer.phone and not peer.is_active
    response = client.post(reverse("accounts:account_create"), {**PERSON, "role": "central_officer"})
    assert response.status_code == 302 and User.objects.get(email="hung@example.test").role == "central_officer"


def test_a_ministry_officer_still_keeps_the_provinces_officers(client, cast, peers):
    peer = peers["province_officer"]
    client.force_login(cast.central_officer)
    assert client.post(reverse("accounts:account_set_active", args=[peer.pk]), {"active": "0"}).status_code == 302
    assert not User.objects.get(pk=peer.pk).is_active


def test_the_ministrys_officers_are_not_found_from_a_province(client, cast, peers):
    peer = peers["central_officer"]
    client.force_login(cast.outsider)
    for name in ("account_detail", "account_update"):
        assert client.get(reverse(f"accounts:{name}", args=[peer.pk])).status_code == 404, name
    for name in ("account_set_active", "account_invite"):
        assert client.post(reverse(f"accounts:{name}", args=[peer.pk])).status_code == 404, name
    assert client.post(reverse("accounts:accounts_close"), {"accounts": [peer.pk]}).status_code == 404
    # a province's officer is not found from another province
    fellow = peers["province_officer"]
    assert client.get(reverse("accounts:account_update", args=[fellow.pk])).status_code == 404
    assert User.objects.get(pk=peer.pk).is_active and User.objects.get(pk=fellow.pk).is_active


def test_the_admin_site_is_closed_to_a_ministry_officer_even_with_staff_status(client, cast, peers):
    officer = User.objects.get(pk=cast.central_officer.pk)
    officer.is_staff = True
    officer.save(update_fields=["is_staff"])
    peer = peers["central_officer"]
    client.force_login(officer)
    change = f"/admin/ocop/user/{peer.pk}/change/"
    assert client.get(change).status_code == 302  # to the admin's sign-in page
    client.post(change, {"username": peer.username, "role": "viewer", "is_active": ""})
    client.post(f"/admin/ocop/user/{peer.pk}/password/", {"password1": "Khac-2026-dai!", "password2": "Khac-2026-dai!"})
    peer_after = User.objects.get(pk=peer.pk)
    assert peer_after.role == "central_officer" and peer_after.is_active and peer_after.password == peer.password
