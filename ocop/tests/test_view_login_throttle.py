"""Issue 11.10: brute-force protection of the login (django-axes), of the password reset, and the officers' list
of lockouts."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ocop.models import AuditEvent

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def fail(client, username, times, ip="10.0.0.1"):
    for _ in range(times):
        client.post(LOGIN, {"username": username, "password": "sai-mat-khau"}, REMOTE_ADDR=ip)


def test_it_refuses_the_right_password_after_too_many_wrong_ones(client, cast, settings):
    fail(client, "province_officer", settings.AXES_FAILURE_LIMIT)
    response = client.post(LOGIN, {"username": "province_officer", "password": cast.password}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 429
    body = response.content.decode()
    assert 'data-testid="lockout"' in body and "tạm thời bị khoá" in body
    assert client.get(reverse("notification_list")).status_code == 302  # not signed in


def test_it_locks_the_name_only_from_the_address_that_failed(client, cast, settings):
    """Anyone typing a colleague's name wrong five times must not keep them out: their own address still works."""
    fail(client, "province_officer", settings.AXES_FAILURE_LIMIT, ip="10.0.1.1")
    assert (
        client.post(
            LOGIN, {"username": "province_officer", "password": cast.password}, REMOTE_ADDR="10.0.1.1"
        ).status_code
        == 429
    )
    response = client.post(LOGIN, {"username": "province_officer", "password": cast.password}, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 302


def test_it_does_not_lock_the_colleagues_behind_a_shared_address(client, cast, settings):
    fail(client, "province_officer", settings.AXES_FAILURE_LIMIT, ip="10.0.2.1")
    response = client.post(LOGIN, {"username": "commune_officer", "password": cast.password}, REMOTE_ADDR="10.0.2.1")
    assert response.status_code == 302


def test_the_lockout_message_counts_the_failures_as_they_happened(client, cast, settings):
    """The lock comes with the fifth failure, not after "more than five", and a reset password lifts it."""
    fail(client, "province_officer", settings.AXES_FAILURE_LIMIT)
    response = client.post(LOGIN, {"username": "province_officer", "password": cast.password}, REMOTE_ADDR="10.0.0.1")
    text = response.content.decode()
    assert f"sai mật khẩu {settings.AXES_FAILURE_LIMIT} lần liên tiếp" in text
    assert f"quá {settings.AXES_FAILURE_LIMIT} lần" not in text and "đặt lại xong là đăng nhập được ngay" in text


@pytest.mark.parametrize("invited", [False, True])
def test_a_reset_password_lifts_the_lockout(client, cast, settings, invited):
    """The reset link and the invitation's link to choose a password are the same page."""
    from ocop.emails import password_choose_path

    user = cast.province_officer
    if invited:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    fail(client, "province_officer", settings.AXES_FAILURE_LIMIT)
    page = client.get(password_choose_path(user), follow=True, REMOTE_ADDR="10.0.0.1")
    new = "mat-khau-moi-rat-dai-2026"
    done = client.post(page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, REMOTE_ADDR="10.0.0.1")
    assert done.status_code == 302
    response = client.post(LOGIN, {"username": "province_officer", "password": new}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 302


def test_a_few_mistakes_then_the_right_password_still_sign_in(client, cast, settings):
    fail(client, "province_officer", settings.AXES_FAILURE_LIMIT - 1)
    response = client.post(LOGIN, {"username": "province_officer", "password": cast.password}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 302
    # a success resets the count: the same number of mistakes again does not lock
    client.post("/accounts/logout/")
    fail(client, "province_officer", settings.AXES_FAILURE_LIMIT - 1)
    assert client.post(LOGIN, {"username": "province_officer", "password": cast.password}).status_code == 302


def test_the_lockout_is_in_the_audit_trail_once(client, cast, settings):
    fail(client, "province_officer", settings.AXES_FAILURE_LIMIT + 3)
    lockouts = AuditEvent.objects.filter(action="auth.lockout")
    assert lockouts.count() == 1
    assert lockouts.get().actor == cast.province_officer and "10.0.0.1" in lockouts.get().summary
    assert AuditEvent.objects.filter(action="auth.login_failed", actor=cast.province_officer).count() >= 5


def test_the_same_name_locked_from_two_addresses_is_two_lockouts_in_the_trail(client, cast, settings):
    fail(client, "province_officer", settings.AXES_FAILURE_LIMIT, ip="10.0.3.1")
    fail(client, "province_officer", settings.AXES_FAILURE_LIMIT, ip="10.0.3.2")
    summaries = set(AuditEvent.objects.filter(action="auth.lockout").values_list("summary", flat=True))
    assert summaries == {"province_officer · IP 10.0.3.1", "province_officer · IP 10.0.3.2"}


def test_the_password_reset_is_throttled_per_address(
    client, cast, settings, mailoutbox, time_machine, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    time_machine.move_to(timezone.now(), tick=False)  # the four requests stay in one rate window
    cache.clear()
    settings.PASSWORD_RESET_RATE = "3/h"
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            assert client.post("/accounts/password/reset/", {"email": cast.commune_officer.email}).status_code == 302
        response = client.post("/accounts/password/reset/", {"email": cast.commune_officer.email})
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()
    assert len(mailoutbox) == 3
    assert AuditEvent.objects.filter(action="auth.password_reset_throttled").exists()


def test_the_password_reset_is_throttled_per_e_mail_whatever_its_case(
    client, cast, settings, mailoutbox, time_machine, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    time_machine.move_to(timezone.now(), tick=False)
    cache.clear()
    settings.PASSWORD_RESET_RATE = "3/h"
    email = cast.commune_officer.email
    spellings = [email, email.upper(), f"  {email.title()} ", email.swapcase()]
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post("/accounts/password/reset/", {"email": typed}, REMOTE_ADDR=f"10.0.4.{n}").status_code
            for n, typed in enumerate(spellings)
        ]
    assert statuses == [302, 302, 302, 429]
    assert len(mailoutbox) == 3


def locked_out(client, username):
    from django.conf import settings

    fail(client, username, settings.AXES_FAILURE_LIMIT)


URL = reverse("lockout_list")


@pytest.mark.parametrize("role", ["province_officer", "central_officer", "admin"])
def test_officers_see_the_lockouts_of_their_scope(client, cast, login, role):
    locked_out(client, "commune_officer")
    body = login(getattr(cast, role)).get(URL).content.decode()
    assert body.count('data-testid="lockout-row"') == 1 and "commune_officer" in body


def test_a_province_officer_does_not_see_another_province_lockouts(client, cast, login):
    locked_out(client, "commune_officer")
    locked_out(client, "nobody-at-all")
    body = login(cast.outsider).get(URL).content.decode()
    assert 'data-testid="lockout-row"' not in body
    body = login(cast.central_officer).get(URL).content.decode()
    assert body.count('data-testid="lockout-row"') == 2


@pytest.mark.parametrize("role", ["producer_owner", "commune_officer", "advisory_member", "council_member", "viewer"])
def test_other_roles_are_refused(cast, login, role):
    assert login(getattr(cast, role)).get(URL).status_code == 403


def test_anonymous_goes_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_post_is_405(cast, login):
    assert login(cast.province_officer).post(URL).status_code == 405


def test_the_list_costs_the_same_queries_at_one_and_many_rows(client, cast, login, django_assert_max_num_queries):
    locked_out(client, "commune_officer")
    officer = login(cast.province_officer)
    officer.get(URL)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        officer.get(URL)
    for name in ("other_commune_officer", "viewer", "advisory_member"):
        locked_out(client, name)
    with CaptureQueriesContext(connection) as many:
        assert officer.get(URL).content.decode().count('data-testid="lockout-row"') == 4
    assert len(one) == len(many)


def test_the_throttle_lets_requests_through_when_the_cache_is_down(rf, monkeypatch):
    import django_ratelimit.core

    from ocop.security import rate_limited

    def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(django_ratelimit.core, "is_ratelimited", broken)
    assert rate_limited(rf.get("/"), group="g", rate="1/m") is False


# Django's sign-in forms tell the browser the username's maximum length (maxlength) but never check it: the field's
# validators are built before the length is set. A longer name, sent by a script, reached authenticate(), and
# django-axes' record of the failed attempt (a 255-character column) answered 500 on PostgreSQL.
@pytest.mark.parametrize("login_url", [LOGIN, "/admin/login/"])
def test_an_over_long_username_is_refused_next_to_the_field_without_a_sign_in_attempt(client, cast, login_url):
    from axes.models import AccessAttempt

    name = "x" * 5000
    response = client.post(login_url, {"username": name, "password": "sai-mat-khau"}, REMOTE_ADDR="10.0.3.1")
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["username"]
    assert "150" in form.errors["username"][0]
    assert form.errors["username"][0] in response.content.decode()
    assert not AccessAttempt.objects.exists()  # no attempt: no name could match an account


def test_a_username_of_the_full_length_still_counts_as_a_failed_attempt(client, cast):
    from axes.models import AccessAttempt

    client.post(LOGIN, {"username": "x" * 150, "password": "sai-mat-khau"}, REMOTE_ADDR="10.0.3.2")
    assert AccessAttempt.objects.get().username == "x" * 150


# Password spraying: a few passwords tried on each of many accounts from one address. Each pair stays under its limit,
# so the address alone has a lock of its own, with a higher limit (ocop.login_throttle).
def spray(client, names, ip="10.0.5.1", each=2):
    for name in names:
        fail(client, name, each, ip=ip)


SPRAYED = ["commune_officer", "viewer", "advisory_member", "council_member", "nobody-1", "nobody-2"]


def test_many_names_from_one_address_lock_the_address(client, cast, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 12
    spray(client, SPRAYED)  # 2 failures per name, 12 in all
    response = client.post(LOGIN, {"username": "province_officer", "password": cast.password}, REMOTE_ADDR="10.0.5.1")
    assert response.status_code == 429
    body = response.content.decode()
    assert "địa chỉ mạng này tạm thời bị khoá" in body and "đặt lại xong" not in body
    # the accounts themselves are not locked: from another address they sign in
    response = client.post(LOGIN, {"username": "commune_officer", "password": cast.password}, REMOTE_ADDR="10.0.5.2")
    assert response.status_code == 302


def test_a_few_failures_below_the_address_limit_lock_no_one_else(client, cast, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 12
    spray(client, SPRAYED[:5])  # 10 failures
    response = client.post(LOGIN, {"username": "province_officer", "password": cast.password}, REMOTE_ADDR="10.0.5.1")
    assert response.status_code == 302


def test_signing_in_does_not_clear_the_address_count(client, cast, settings):
    """An attacker with an account of their own cannot sign in between rounds to start the count again."""
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 12
    spray(client, SPRAYED[:5])
    assert (
        client.post(LOGIN, {"username": "viewer", "password": cast.password}, REMOTE_ADDR="10.0.5.1").status_code == 302
    )
    client.post("/accounts/logout/")
    spray(client, SPRAYED[4:])  # 4 more: 14, less viewer's own 2, forgotten by their sign-in
    response = client.post(LOGIN, {"username": "province_officer", "password": cast.password}, REMOTE_ADDR="10.0.5.1")
    assert response.status_code == 429


def test_the_address_lockout_is_one_row_of_the_trail_and_an_officer_lifts_it(client, cast, settings, login):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 12
    spray(client, SPRAYED + ["nobody-3"])  # 2 more attempts during the lockout, under another name
    lockout = AuditEvent.objects.get(action="auth.lockout")
    assert lockout.summary == "IP 10.0.5.1" and lockout.actor is None
    officer = login(cast.central_officer)
    listed = officer.get(URL).content.decode()
    assert 'data-testid="lockout-address"' in listed and "IP 10.0.5.1" in listed
    response = officer.post(reverse("lockout_lift", args=[lockout.pk]), follow=True)
    assert "Đã mở khoá đăng nhập từ địa chỉ 10.0.5.1." in response.content.decode()
    response = client.post(LOGIN, {"username": "province_officer", "password": cast.password}, REMOTE_ADDR="10.0.5.1")
    assert response.status_code == 302


def test_a_province_officer_is_told_that_address_lockouts_are_lifted_by_a_national_officer(
    client, cast, settings, login
):
    """An address lockout belongs to no province: it is not in the province officer's list (lockouts_for_user), and
    the page says whose it is to lift rather than leaving the officer to wait out the lock with the person."""
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 12
    spray(client, SPRAYED)
    assert AuditEvent.objects.get(action="auth.lockout").summary == "IP 10.0.5.1"
    body = login(cast.province_officer).get(URL).content.decode()
    assert 'data-testid="lockout-row"' not in body
    assert "cán bộ OCOP trung ương mở các khoá đó" in body
    for role in ("central_officer", "admin"):  # they see and lift them here
        listed = login(getattr(cast, role)).get(URL).content.decode()
        assert 'data-testid="lockout-address"' in listed and 'data-testid="lockout-address-note"' not in listed
