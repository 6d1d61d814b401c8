"""A mail is written in its reader's language: the language of the account (the one they last chose), else the
site's (Vietnamese); an address without an account gets the site's. Readers of two languages get two messages."""

import pytest

from ocop.emails import recipients_by_language, send_templated_to
from ocop.testing import admin_add_user, make_user

pytestmark = pytest.mark.django_db


def test_it_groups_the_addresses_by_their_readers_language(cast):
    english = make_user("expert", "advisory_member", cast.province, language="en")
    inactive = make_user("gone", "advisory_member", cast.province, language="en", is_active=False)
    no_address = make_user("silent", "advisory_member", cast.province, language="en")
    no_address.email = ""
    groups = recipients_by_language(
        users=[english, cast.producer_owner, inactive, no_address],
        addresses=["htx@example.test", english.email, ""],
    )
    assert groups == {"en": [english.email], "vi": ["htx@example.test", cast.producer_owner.email]}


def test_each_language_gets_its_own_message(cast, mailoutbox):
    english = make_user("expert", "advisory_member", cast.province, language="en")
    sent = send_templated_to(
        "password_reset",
        users=[english, cast.producer_owner],
        context={"user": english, "reset_url": "https://ocop.example.test/r/"},
    )
    assert sent == sorted([english.email, cast.producer_owner.email])
    subjects = {tuple(m.to): m.subject for m in mailoutbox}
    assert subjects == {(english.email,): "OCOP password reset", (cast.producer_owner.email,): "Đặt lại mật khẩu OCOP"}
    html = {tuple(m.to): m.alternatives[0][0] for m in mailoutbox}
    assert '<html lang="en">' in html[(english.email,)] and '<html lang="vi">' in html[(cast.producer_owner.email,)]


def test_the_password_reset_mail_follows_the_account_then_the_page(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    cast.commune_officer.language = "en"
    cast.commune_officer.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": cast.commune_officer.email})
        client.cookies["django_language"] = "en"
        client.post("/accounts/password/reset/", {"email": cast.province_officer.email})
        client.cookies["django_language"] = "vi"
        client.post("/accounts/password/reset/", {"email": cast.viewer.email})
    assert [m.subject for m in mailoutbox] == ["OCOP password reset", "OCOP password reset", "Đặt lại mật khẩu OCOP"]


def test_the_administrator_sets_the_language_of_a_new_account(
    cast, client, mailoutbox, django_capture_on_commit_callbacks
):
    from ocop.models import User

    response = admin_add_user(
        client,
        cast.admin,
        username="expert.lee",
        full_name="Lee Expert",
        role="advisory_member",
        unit=cast.province.pk,  # a province role works for a province (ocop.permissions.role_unit_error)
        email="lee@example.test",
        language="en",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert User.objects.get(username="expert.lee").language == "en"
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "lee@example.test"})
    assert [m.subject for m in mailoutbox] == ["OCOP password reset"]
