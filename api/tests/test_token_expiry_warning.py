"""The system administrators are warned before an integration token expires (settings.API_TOKEN_WARN_DAYS): one
e-mail (in each reader's language) and in-app notice per token, from a daily task; the admin list says how soon."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from api.models import ApiClient
from api.services import apiclient_revoke, apiclient_rotate, apiclients_warn_expiring
from api.tasks import apiclients_warn_expiring_task
from ocop.celery import app
from ocop.models import Notification

from .factories import make_client


@pytest.fixture
def lifetimes(settings):
    settings.API_TOKEN_DAYS = 180
    settings.API_TOKEN_WARN_DAYS = 14


def _run(capture) -> list[int]:
    with capture(execute=True):
        return apiclients_warn_expiring_task()


def test_it_warns_the_system_administrators_once_per_token(
    cast, lifetimes, time_machine, mailoutbox, django_capture_on_commit_callbacks
):
    client, _token = make_client(cast, "province_read", name="Cổng dữ liệu tỉnh")
    start = timezone.now()
    time_machine.move_to(start + timedelta(days=165))  # 15 days left: not yet
    assert _run(django_capture_on_commit_callbacks) == []
    assert mailoutbox == []
    time_machine.move_to(start + timedelta(days=167))  # 13 days left
    assert _run(django_capture_on_commit_callbacks) == [client.pk]
    (mail,) = mailoutbox
    assert mail.to == [cast.admin.email]
    assert "mã truy cập API sắp hết hạn" in mail.subject
    assert "Cổng dữ liệu tỉnh" in mail.body and client.token_prefix in mail.body
    assert mail.extra_headers["Auto-Submitted"] == "auto-generated"
    assert reverse("admin:api_apiclient_changelist") in mail.body
    notice = Notification.objects.get(user=cast.admin)
    assert "sắp hết hạn" in notice.message
    # The next days (and a rerun the same day) say nothing more of the same token.
    for days in (167, 168, 175):
        time_machine.move_to(start + timedelta(days=days))
        assert _run(django_capture_on_commit_callbacks) == []
    assert len(mailoutbox) == 1 and Notification.objects.filter(user=cast.admin).count() == 1


def test_a_new_token_is_warned_of_in_its_own_time(
    cast, lifetimes, time_machine, mailoutbox, django_capture_on_commit_callbacks
):
    client, _token = make_client(cast, "national_read")
    start = timezone.now()
    time_machine.move_to(start + timedelta(days=170))
    assert _run(django_capture_on_commit_callbacks) == [client.pk]
    apiclient_rotate(client=client, by=cast.admin)
    client.refresh_from_db()
    assert client.token_expiry_warned_at is None
    assert _run(django_capture_on_commit_callbacks) == []  # 180 days again
    time_machine.move_to(start + timedelta(days=170 + 170))
    assert _run(django_capture_on_commit_callbacks) == [client.pk]
    assert len(mailoutbox) == 2


def test_a_warning_day_missed_while_the_workers_were_down_is_caught_up_on_the_next_run(
    cast, lifetimes, time_machine, mailoutbox, django_capture_on_commit_callbacks
):
    """The rule is "expires within API_TOKEN_WARN_DAYS and not warned of yet", not "expires in exactly 14 days": the
    beat did not run on the day the token came within the period (workers down from 30 days left to 4), and the next
    run warns of it, once; a token that expired during the outage is not warned of as expiring (there is no separate
    notice of an expired token: the admin list says it has expired)."""
    soon, _ = make_client(cast, "province_read", name="Sắp hết hạn")
    gone, _ = make_client(cast, "national_read", name="Đã hết hạn")
    start = timezone.now()
    ApiClient.objects.filter(pk=gone.pk).update(token_expires_at=start + timedelta(days=170))
    time_machine.move_to(start + timedelta(days=150))  # the last run before the outage: 30 and 20 days left
    assert _run(django_capture_on_commit_callbacks) == []
    time_machine.move_to(start + timedelta(days=176))  # the workers are back: 4 days left, the other one expired
    assert _run(django_capture_on_commit_callbacks) == [soon.pk]
    (mail,) = mailoutbox
    assert "Sắp hết hạn" in mail.body and "Đã hết hạn" not in mail.body
    time_machine.move_to(start + timedelta(days=177))
    assert _run(django_capture_on_commit_callbacks) == []
    assert len(mailoutbox) == 1


def test_revoked_and_expired_tokens_are_not_warned_of(
    cast, lifetimes, time_machine, mailoutbox, django_capture_on_commit_callbacks
):
    revoked, _ = make_client(cast, "province_read", name="Thu hồi")
    apiclient_revoke(client=revoked, by=cast.admin)
    expired, _ = make_client(cast, "national_read", name="Hết hạn")
    ApiClient.objects.filter(pk=expired.pk).update(token_expires_at=timezone.now() + timedelta(days=1))
    time_machine.move_to(timezone.now() + timedelta(days=170))
    assert _run(django_capture_on_commit_callbacks) == []
    assert mailoutbox == []


def test_the_mail_is_written_in_each_administrators_language(
    cast, lifetimes, time_machine, mailoutbox, django_capture_on_commit_callbacks
):
    cast.admin.language = "en"
    cast.admin.save(update_fields=["language"])
    make_client(cast, "province_read")
    time_machine.move_to(timezone.now() + timedelta(days=170))
    _run(django_capture_on_commit_callbacks)
    (mail,) = mailoutbox
    assert "API tokens expire soon" in mail.subject or "API token expires soon" in mail.subject
    assert "Issue a new token" in mail.body


def test_a_renewed_token_between_the_claim_and_the_mail_is_left_out(
    cast, lifetimes, time_machine, mailoutbox, django_capture_on_commit_callbacks
):
    client, _ = make_client(cast, "province_read")
    time_machine.move_to(timezone.now() + timedelta(days=170))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert apiclients_warn_expiring() == [client.pk]
    apiclient_rotate(client=client, by=cast.admin)
    for callback in callbacks:
        callback()
    assert mailoutbox == []


def test_it_runs_every_day_and_as_a_command(
    cast, lifetimes, time_machine, mailoutbox, django_capture_on_commit_callbacks
):
    entry = app.conf.beat_schedule["api-tokens-warn-expiring"]
    assert entry["task"] == apiclients_warn_expiring_task.name
    make_client(cast, "province_read")
    time_machine.move_to(timezone.now() + timedelta(days=170))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("warn_expiring_tokens", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mailoutbox) == 1


def test_the_admin_list_says_how_soon_a_token_expires(client, cast, lifetimes, time_machine):
    soon, _ = make_client(cast, "province_read", name="Sắp hết")
    make_client(cast, "national_read", name="Còn lâu")
    ApiClient.objects.filter(pk=soon.pk).update(token_expires_at=timezone.now() + timedelta(days=9))
    client.force_login(cast.admin)
    listing = client.get(reverse("admin:api_apiclient_changelist")).content.decode()
    assert "column-expires_soon" in listing
    assert listing.count("<strong>hết hạn sau 9 ngày</strong>") == 1
    ApiClient.objects.filter(pk=soon.pk).update(token_expires_at=timezone.now() - timedelta(hours=1))
    listing = client.get(reverse("admin:api_apiclient_changelist")).content.decode()
    assert "<strong>đã hết hạn</strong>" in listing
