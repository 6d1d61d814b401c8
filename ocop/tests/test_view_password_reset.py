"""The password reset for an invited person who never chose a password, and the page of a dead link."""

import re

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db
RESET = "/accounts/password/reset/"


def invited(user, *, signed_in=False):
    user.set_unusable_password()
    user.last_login = timezone.now() if signed_in else None
    user.save(update_fields=["password", "last_login"])
    return user


def test_it_mails_a_reset_link_to_an_invited_person_without_a_password(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    user = invited(cast.commune_officer)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(RESET, {"email": user.email.upper()}).status_code == 302
    assert [mail.to for mail in mailoutbox] == [[user.email]]
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", mailoutbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    new = "mat-khau-tu-chon-2026"
    assert client.post(form_url, {"new_password1": new, "new_password2": new}).status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_it_mails_nothing_to_a_closed_invited_account_nor_to_one_disabled_after_signing_in(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    closed = invited(cast.commune_officer)
    closed.is_active = False
    closed.save(update_fields=["is_active"])
    disabled = invited(cast.viewer, signed_in=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(RESET, {"email": closed.email})
        client.post(RESET, {"email": disabled.email})
    assert mailoutbox == []


def test_a_dead_link_explains_itself_and_offers_a_new_one_without_a_form(client, cast):
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(cast.commune_officer.pk))
    response = client.get(f"/accounts/reset/{uid}/sai-ma-xac-nhan/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="invalid-link"' in body and "Hãy yêu cầu một đường dẫn mới" in body
    assert 'href="/accounts/password/reset/" data-testid="new-link"' in body
    assert 'type="submit"' not in body.split('class="page-title"')[1]
