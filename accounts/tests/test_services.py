import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts import services
from ocop.models import AuditEvent, User
from ocop.testing import make_user


def _create(by, **fields):
    data = {"full_name": "Lò Thị  Mai", "email": "Mai.Lo@Example.test", "role": "commune_officer"}
    return services.account_create(by=by, **{**data, **fields})


@pytest.mark.django_db
def test_it_creates_a_commune_officer_who_chooses_the_password_from_the_invitation(
    cast, client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        account = _create(cast.province_officer, commune=cast.commune, phone="0912 345 678")
    account.refresh_from_db()
    assert (account.username, account.email, account.full_name) == ("mai.lo@example.test",) * 2 + ("Lò Thị Mai",)
    assert (account.role, account.unit, account.phone) == ("commune_officer", cast.commune, "0912 345 678")
    assert not account.has_usable_password() and account.is_active
    event = AuditEvent.objects.get(action="user.create")
    assert event.actor == cast.province_officer and event.changes["role"] == [None, "commune_officer"]
    assert AuditEvent.objects.filter(action="user.invite", target_id=str(account.pk)).count() == 1
    [mail] = mailoutbox
    assert mail.to == ["mai.lo@example.test"] and "mai.lo@example.test" in mail.body
    assert "Cán bộ xã, xã Hoà An" in mail.body  # the unit inside the sentence (Nghị định 30/2020)
    link = next(line for line in mail.body.splitlines() if "/accounts/reset/" in line)
    page = client.get(link[link.index("/accounts/reset/") :], follow=True)
    assert page.status_code == 200 and "new_password1" in page.content.decode()


@pytest.mark.django_db
def test_a_province_officer_gives_no_role_above_their_own_nor_outside_their_province(cast):
    with pytest.raises(PermissionDenied):
        _create(cast.province_officer, role="province_officer")
    with pytest.raises(PermissionDenied):
        _create(cast.province_officer, role="central_officer")
    with pytest.raises(ValidationError) as refused:
        _create(cast.province_officer, commune=cast.far_commune)
    assert "commune" in refused.value.error_dict
    # a province role always lands in the officer's own province, whatever province is asked for
    viewer = _create(cast.province_officer, role="viewer", province=cast.other_province)
    assert viewer.unit == cast.province
    for keeper in (cast.commune_officer, cast.viewer, cast.council_member, cast.producer_owner):
        with pytest.raises(PermissionDenied):
            _create(keeper, email="x@example.test", commune=cast.commune)
    assert not User.objects.filter(email__in=["mai.lo@example.test", "x@example.test"]).exclude(role="viewer").exists()


@pytest.mark.django_db
def test_a_ministry_officer_opens_a_province_office_anywhere(cast):
    officer = _create(cast.central_officer, role="province_officer", province=cast.other_province)
    assert (officer.role, officer.unit) == ("province_officer", cast.other_province)
    with pytest.raises(ValidationError) as refused:
        _create(cast.central_officer, email="y@example.test", role="viewer")
    assert "province" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:  # the commune must be of the province chosen
        _create(cast.central_officer, email="z@example.test", province=cast.province, commune=cast.far_commune)
    assert "commune" in refused.value.error_dict


@pytest.mark.django_db
def test_it_refuses_an_e_mail_another_account_uses_and_a_commune_officer_without_a_commune(cast):
    with pytest.raises(ValidationError) as refused:
        _create(cast.province_officer, email="VIEWER@example.test", commune=cast.commune)
    assert "email" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        _create(cast.province_officer)
    assert "commune" in refused.value.error_dict
    assert not User.objects.filter(email="mai.lo@example.test").exists()


@pytest.mark.django_db
def test_it_moves_a_person_to_another_commune_and_records_what_changed(cast):
    account = services.account_update(
        by=cast.province_officer,
        account=cast.commune_officer,
        full_name="Hà Văn Nam",
        email=cast.commune_officer.email,
        role="commune_officer",
        commune=cast.other_commune,
    )
    account.refresh_from_db()
    assert (account.unit, account.full_name, account.username) == (cast.other_commune, "Hà Văn Nam", "commune_officer")
    event = AuditEvent.objects.get(action="user.update")
    assert event.changes["unit"][1] == str(cast.other_commune) and event.changes["full_name"][1] == "Hà Văn Nam"
    with pytest.raises(PermissionDenied):  # another province's office, and one's own account
        services.account_update(
            by=cast.province_officer, account=cast.outsider, full_name="X", email="o@example.test", role="viewer"
        )
    with pytest.raises(PermissionDenied):
        services.account_set_active(by=cast.province_officer, account=cast.province_officer, active=False)
    # nor a commune officer of another province, whom the service would otherwise move into the province
    far = make_user("xa_xa_xoi", "commune_officer", cast.far_commune)
    for change in (
        lambda: services.account_update(
            by=cast.province_officer, account=far, full_name="X", email="far@example.test", role="viewer"
        ),
        lambda: services.account_set_active(by=cast.province_officer, account=far, active=False),
        lambda: services.account_invite(by=cast.province_officer, account=far),
    ):
        with pytest.raises(PermissionDenied):
            change()
    far.refresh_from_db()
    assert (far.unit, far.role, far.is_active) == (cast.far_commune, "commune_officer", True)


@pytest.mark.django_db
def test_a_closed_account_cannot_sign_in_until_it_is_opened_again(cast, client):
    services.account_set_active(by=cast.province_officer, account=cast.viewer, active=False)
    sign_in = {"username": "viewer", "password": cast.password}
    assert client.post("/accounts/login/", sign_in).status_code == 200  # the form again: refused
    event = AuditEvent.objects.get(action="user.access_change")
    assert event.changes == {"is_active": [True, False]}
    services.account_set_active(by=cast.province_officer, account=cast.viewer, active=True)
    assert client.post("/accounts/login/", sign_in).status_code == 302
    assert AuditEvent.objects.filter(action="user.access_change").count() == 2


@pytest.mark.django_db
def test_reopening_a_closed_account_does_not_bring_its_old_sessions_back(cast, client):
    from django.test import Client

    kept = Client()
    kept.force_login(cast.viewer)
    assert kept.get("/notifications/").status_code == 200
    services.account_set_active(by=cast.province_officer, account=cast.viewer, active=False)
    services.account_set_active(by=cast.province_officer, account=cast.viewer, active=True)
    response = kept.get("/notifications/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    # signing in again works, and that session lasts
    assert client.post("/accounts/login/", {"username": "viewer", "password": cast.password}).status_code == 302
    assert client.get("/notifications/").status_code == 200


@pytest.mark.django_db
def test_an_account_never_closed_keeps_its_sessions(cast):
    from django.test import Client

    kept = Client()
    kept.force_login(cast.viewer)
    services.account_set_active(by=cast.province_officer, account=cast.viewer, active=True)  # already open
    assert kept.get("/notifications/").status_code == 200


@pytest.mark.django_db
def test_the_invitation_is_sent_again_only_to_whom_has_not_signed_in(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    account = _create(cast.province_officer, commune=cast.commune)
    with django_capture_on_commit_callbacks(execute=True):
        services.account_invite(by=cast.province_officer, account=account)
    assert len(mailoutbox) == 1
    cast.viewer.last_login = cast.viewer.date_joined
    cast.viewer.save()
    with pytest.raises(ValidationError):
        services.account_invite(by=cast.province_officer, account=cast.viewer)
    # an account closed before its mail is written gets none
    with django_capture_on_commit_callbacks(execute=False):
        services.account_invite(by=cast.province_officer, account=account)
    services.account_set_active(by=cast.province_officer, account=account, active=False)
    assert services.account_invite_send(account_id=account.pk, by_id=cast.province_officer.pk) == 0


@pytest.mark.django_db
def test_a_misspelt_address_corrected_before_the_first_sign_in_becomes_the_user_name_too(
    cast, client, mailoutbox, django_capture_on_commit_callbacks
):
    """The invitation to a misspelt address never arrives; corrected, the next one reaches the person and names the
    corrected address as their user name, which they sign in with. Once they have signed in, it stays what they
    know."""
    account = _create(cast.province_officer, commune=cast.commune, email="mai@exmaple.test")
    fields = {"full_name": "Lò Thị Mai", "role": "commune_officer", "commune": cast.commune}
    services.account_update(by=cast.province_officer, account=account, email="Mai@Example.test", **fields)
    account.refresh_from_db()
    assert (account.username, account.email) == ("mai@example.test", "mai@example.test")
    event = AuditEvent.objects.get(action="user.update")
    assert event.changes["username"] == ["mai@exmaple.test", "mai@example.test"]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.account_invite(by=cast.province_officer, account=account)
    [mail] = mailoutbox
    assert mail.to == ["mai@example.test"] and "Tên đăng nhập: mai@example.test" in mail.body
    account.set_password(cast.password)
    account.save()
    signed_in = client.post("/accounts/login/", {"username": "mai@example.test", "password": cast.password})
    assert signed_in.status_code == 302 and client.session.get("_auth_user_id") == str(account.pk)

    services.account_update(by=cast.province_officer, account=account, email="mai.lo@example.test", **fields)
    account.refresh_from_db()
    assert (account.username, account.email) == ("mai@example.test", "mai.lo@example.test")
    # an account whose user name was never its address (the demo's, the admin's) keeps it
    services.account_update(
        by=cast.province_officer,
        account=cast.viewer,
        email="xem@example.test",
        role="viewer",
        full_name=cast.viewer.full_name,
    )
    cast.viewer.refresh_from_db()
    assert cast.viewer.username == "viewer"
