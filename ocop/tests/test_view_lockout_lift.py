"""The officers' list of lockouts lifts one (its user name from its address) without waiting for the cool-off or a
password reset: django-axes forgets the pair's failures, the act is in the audit trail, and a second click says it
was lifted already."""

import pytest
from django.test import Client
from django.urls import reverse

from ocop.models import AuditEvent

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
IP = "10.0.5.1"


def fail(username, times, ip=IP):
    stranger = Client()
    for _ in range(times):
        stranger.post(LOGIN, {"username": username, "password": "sai-mat-khau"}, REMOTE_ADDR=ip)


def sign_in(cast, username, ip=IP) -> int:
    return Client().post(LOGIN, {"username": username, "password": cast.password}, REMOTE_ADDR=ip).status_code


def locked(settings, username="commune_officer", ip=IP) -> AuditEvent:
    fail(username, settings.AXES_FAILURE_LIMIT, ip=ip)
    return AuditEvent.objects.get(action="auth.lockout", summary=f"{username} · IP {ip}")


def lift_url(lockout) -> str:
    return reverse("lockout_lift", args=[lockout.pk])


@pytest.mark.parametrize("role", ["province_officer", "central_officer", "admin"])
def test_it_lets_the_person_sign_in_again_at_once(cast, login, settings, role):
    lockout = locked(settings)
    assert sign_in(cast, "commune_officer") == 429
    response = login(getattr(cast, role)).post(lift_url(lockout), follow=True)
    assert response.redirect_chain == [(reverse("lockout_list"), 302)]
    assert "Đã mở khoá đăng nhập của “commune_officer” từ địa chỉ 10.0.5.1" in response.content.decode()
    assert sign_in(cast, "commune_officer") == 302


def test_it_records_who_lifted_whose_lockout(cast, login, settings):
    lockout = locked(settings)
    login(cast.province_officer).post(lift_url(lockout))
    event = AuditEvent.objects.get(action="auth.lockout_lift")
    assert event.actor == cast.province_officer and event.target == cast.commune_officer
    assert event.summary == "commune_officer · IP 10.0.5.1"


def test_a_second_click_says_it_is_lifted_already_and_records_nothing(cast, login, settings):
    lockout = locked(settings)
    officer = login(cast.province_officer)
    officer.post(lift_url(lockout))
    response = officer.post(lift_url(lockout), follow=True)
    assert response.status_code == 200
    assert "Khoá đăng nhập của “commune_officer” từ địa chỉ 10.0.5.1 đã được mở rồi." in response.content.decode()
    assert AuditEvent.objects.filter(action="auth.lockout_lift").count() == 1


def test_it_lifts_that_address_only(cast, login, settings):
    """The pair (user name, address) is what is locked: the same name locked from another address stays locked."""
    lockout = locked(settings)
    locked(settings, ip="10.0.5.2")
    login(cast.central_officer).post(lift_url(lockout))
    assert sign_in(cast, "commune_officer", ip="10.0.5.2") == 429
    assert sign_in(cast, "commune_officer") == 302


def test_it_lifts_a_name_that_matches_no_account(cast, login, settings):
    lockout = locked(settings, username="nobody-at-all")
    response = login(cast.central_officer).post(lift_url(lockout), follow=True)
    assert "Đã mở khoá đăng nhập của “nobody-at-all”" in response.content.decode()
    event = AuditEvent.objects.get(action="auth.lockout_lift")
    assert event.target is None and event.summary == "nobody-at-all · IP 10.0.5.1"


def test_the_list_has_a_button_per_lockout(cast, login, settings):
    first, second = locked(settings), locked(settings, username="viewer")
    body = login(cast.province_officer).get(reverse("lockout_list")).content.decode()
    assert body.count('data-testid="lockout-lift"') == 2
    assert f'action="{lift_url(first)}"' in body and f'action="{lift_url(second)}"' in body


@pytest.mark.parametrize("role", ["producer_owner", "commune_officer", "advisory_member", "council_member", "viewer"])
def test_other_roles_are_refused(cast, login, settings, role):
    lockout = locked(settings, username="other_commune_officer")
    assert login(getattr(cast, role)).post(lift_url(lockout)).status_code == 403
    assert sign_in(cast, "other_commune_officer") == 429
    assert not AuditEvent.objects.filter(action="auth.lockout_lift").exists()


def test_an_officer_of_another_province_does_not_find_it(cast, login, settings):
    lockout = locked(settings)
    assert login(cast.outsider).post(lift_url(lockout)).status_code == 404
    assert sign_in(cast, "commune_officer") == 429


def test_a_province_officer_lifts_the_lockout_of_a_producer_account_of_the_province_only(cast, login, settings):
    """The province's officer lifts the lockout of its producers' members; not of an account that is also the member
    of another province's producer (the rule an officer links an account by: products.permissions.can_link_account),
    which is the ministry's to lift."""
    own = locked(settings, username="producer_owner")
    officer = login(cast.province_officer)
    assert officer.post(lift_url(own)).status_code == 302
    assert sign_in(cast, "producer_owner") == 302
    cast.other_producer_org.members.add(cast.producer_owner)  # linked by the ministry: a member in both provinces
    shared = locked(settings, username="producer_owner", ip="10.0.5.2")
    assert 'data-testid="lockout-lift"' not in officer.get(reverse("lockout_list")).content.decode()
    assert officer.post(lift_url(shared)).status_code == 404
    assert login(cast.outsider).post(lift_url(shared)).status_code == 404
    assert sign_in(cast, "producer_owner", ip="10.0.5.2") == 429
    assert login(cast.central_officer).post(lift_url(shared)).status_code == 302


def test_anonymous_goes_to_login(client, settings):
    lockout = locked(settings)
    response = client.post(lift_url(lockout))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_get_is_405(cast, login, settings):
    lockout = locked(settings)
    assert login(cast.province_officer).get(lift_url(lockout)).status_code == 405


def test_a_missing_lockout_is_404(cast, login):
    assert login(cast.province_officer).post(reverse("lockout_lift", args=[987654])).status_code == 404


def test_it_needs_the_form_token(cast, settings):
    lockout = locked(settings)
    officer = Client(enforce_csrf_checks=True)
    officer.force_login(cast.province_officer)
    assert officer.post(lift_url(lockout)).status_code == 403
    assert sign_in(cast, "commune_officer") == 429
