import re

import pytest
from django.conf import settings


@pytest.mark.django_db
def test_it_sends_anonymous_users_to_the_login_page(client):
    response = client.get("/notifications/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    # `/` is the public landing page for visitors (issue 16), with a way to sign in.
    landing = client.get("/")
    assert landing.status_code == 200 and 'href="/accounts/login/"' in landing.content.decode()


@pytest.mark.django_db
def test_it_logs_in_with_the_right_password_and_out_again(client, cast):
    response = client.post("/accounts/login/", {"username": "province_officer", "password": cast.password})
    assert response.status_code == 302
    assert client.get("/").context["user"].is_authenticated  # the dashboard
    client.post("/accounts/logout/")
    assert client.get("/notifications/").status_code == 302


@pytest.mark.django_db
def test_it_keeps_the_username_and_explains_a_wrong_password(client, cast):
    response = client.post("/accounts/login/", {"username": "province_officer", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="province_officer"' in html
    assert "alert" in html


@pytest.mark.django_db
def test_it_e_mails_a_working_password_reset_link(client, cast, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": cast.commune_officer.email})
    assert len(mailoutbox) == 1
    # the link is built from SITE_URL (ocop.emails), never from the request's Host header
    link = re.search(re.escape(settings.SITE_URL) + r"(/accounts/reset/\S+/)", mailoutbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "A-new-passw0rd-2026", "new_password2": "A-new-passw0rd-2026"})
    assert response.status_code == 302
    signed_in = client.post("/accounts/login/", {"username": "commune_officer", "password": "A-new-passw0rd-2026"})
    assert signed_in.status_code == 302


@pytest.mark.django_db
def test_a_reset_asked_while_the_mail_server_is_down_is_mailed_once_it_is_back(
    client, cast, settings, mailoutbox, django_capture_on_commit_callbacks
):
    """The page answers as for any address (no error page, and no time spent talking to the mail server that an
    unknown address would not spend); the mail waits in the outbox and its link works when it arrives."""
    from ocop.models import OutboxMessage
    from ocop.testing import mail_server_back_and_relayed

    settings.EMAIL_BACKEND = "ocop.testing.RefusingMailServer"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": cast.commune_officer.email})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/done/"
    waiting = OutboxMessage.objects.get(sent_at=None)
    assert waiting.task == "ocop.password_reset_send" and "SMTPServerDisconnected" in waiting.last_error

    assert mail_server_back_and_relayed(settings) == 1
    (mail,) = mailoutbox
    link = re.search(re.escape(settings.SITE_URL) + r"(/accounts/reset/\S+/)", mail.body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "A-new-passw0rd-2026", "new_password2": "A-new-passw0rd-2026"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_it_changes_the_password_of_a_signed_in_user(client, cast, login):
    c = login(cast.producer_owner)
    response = c.post(
        "/accounts/password/change/",
        {"old_password": cast.password, "new_password1": "Khac-hoan-toan-2026", "new_password2": "Khac-hoan-toan-2026"},
    )
    assert response.status_code == 302
    cast.producer_owner.refresh_from_db()
    assert cast.producer_owner.check_password("Khac-hoan-toan-2026")
    done = c.get(response["Location"]).content.decode()  # still signed in: back to work, not to the login page
    assert 'href="/"' in done and "accounts/login" not in done.split("</nav>")[-1]


@pytest.mark.django_db
def test_the_admin_is_for_system_administrators_only(client, cast, login):
    assert login(cast.province_officer).get("/admin/").status_code == 302
    assert login(cast.admin).get("/admin/").status_code == 200


@pytest.mark.django_db
def test_the_admin_lists_workflow_records_read_only(client, cast, login):
    c = login(cast.admin)
    for path in ("/admin/evaluation/council/", "/admin/evaluation/scoresheet/", "/admin/certificates/certificate/"):
        assert c.get(path).status_code == 200, path
    assert c.get("/admin/evaluation/council/add/").status_code == 403
