"""The sign-in logs (django-axes' AccessLog and AccessFailureLog) are read in the admin, never deleted there; a
lockout (AccessAttempt) is still lifted by deleting it."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def logs():
    entry = {"ip_address": "203.0.113.9", "username": "htx.taihoan", "user_agent": "x", "path_info": "/"}
    return AccessLog.objects.create(**entry), AccessFailureLog.objects.create(**entry, locked_out=True)


@pytest.mark.parametrize("index,name", [(0, "accesslog"), (1, "accessfailurelog")])
def test_a_sign_in_log_is_read_but_not_deleted_in_the_admin(cast, login, logs, index, name):
    record = logs[index]
    client = login(cast.admin)
    page = client.get(reverse(f"admin:axes_{name}_change", args=[record.pk]))
    assert page.status_code == 200 and "htx.taihoan" in page.content.decode()
    assert client.get(reverse(f"admin:axes_{name}_delete", args=[record.pk])).status_code == 403
    assert client.post(reverse(f"admin:axes_{name}_delete", args=[record.pk]), {"post": "yes"}).status_code == 403
    listing = client.get(reverse(f"admin:axes_{name}_changelist"))
    assert listing.status_code == 200 and "delete_selected" not in listing.content.decode()
    bulk = {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"}
    client.post(reverse(f"admin:axes_{name}_changelist"), bulk)
    assert type(record).objects.filter(pk=record.pk).exists()


def test_a_lockout_is_still_lifted_in_the_admin(cast, login):
    attempt = AccessAttempt.objects.create(ip_address="203.0.113.9", username="htx.taihoan", failures_since_start=5)
    client = login(cast.admin)
    response = client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert response.status_code == 302 and not AccessAttempt.objects.exists()
