"""The production configuration end to end: PostgreSQL + Redis, a real Celery worker, beat and gunicorn.

1. The expiry job queued on Redis is run by the real worker, and the database shows the flags and the sent
   notices.
2. A task queued by a web request (an officer's "check now" on gunicorn) is run by the same worker.
3. Beat loads the schedule that lives in code (ocop/celery.py).
"""

import datetime
import http.client
import secrets
import string
import sys
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from certificates.choices import CertificateStatus as S
from certificates.tests.factories import make_certificate
from ocop.testing import build_cast

from .conftest import Process, wait_until

pytestmark = [pytest.mark.slow(20), pytest.mark.integration]


def statuses(*certificates) -> list[str]:
    from certificates.models import Certificate

    by_id = dict(Certificate.objects.filter(pk__in=[c.pk for c in certificates]).values_list("pk", "status"))
    return [by_id[c.pk] for c in certificates]


def test_it_runs_the_expiry_job_queued_on_redis_in_a_real_worker(transactional_db, topology, worker):
    from certificates.models import CertificateNotice, OfficerDigest
    from certificates.tasks.expiry import certificates_flag_expiring_task
    from ocop.celery import app

    cast = build_cast()
    today = timezone.localdate()
    window = make_certificate(cast.producer, valid_until=today + datetime.timedelta(days=180))
    expiring = make_certificate(cast.producer, valid_until=today + datetime.timedelta(days=10))
    lapsed = make_certificate(cast.producer, status=S.EXPIRING, valid_until=today - datetime.timedelta(days=1))
    revoked = make_certificate(cast.producer, status=S.REVOKED, valid_until=today + datetime.timedelta(days=10))

    app.conf.task_always_eager = False  # this call goes to Redis, not in-process
    try:
        with app.connection_for_write(topology["redis_url"]) as connection:
            result = certificates_flag_expiring_task.apply_async(
                kwargs={"today": today.isoformat()}, connection=connection
            )
    finally:
        app.conf.task_always_eager = True
    assert result.id

    expected = [S.RENEWAL_WINDOW, S.EXPIRING, S.EXPIRED, S.REVOKED]
    wait_until(
        lambda: statuses(window, expiring, lapsed, revoked) == expected, what="the worker's flags", logs=[worker]
    )
    # The worker went on with the notices it queued itself: one per step, each sent once, and the digests.
    _wait_until_delivered(notices=3, digests=2, worker=worker)
    assert set(OfficerDigest.objects.values_list("certificate_count", flat=True)) == {3}
    assert sorted(CertificateNotice.objects.values_list("kind", flat=True)) == ["expired", "expiring", "renewal_window"]
    assert set(CertificateNotice.objects.values_list("attempts", flat=True)) == {1}
    assert "certificates.flag_expiring" in worker.log()


def _session_for(user) -> str:
    from django.test import Client

    client = Client()
    client.force_login(user)  # the session row is committed (transactional_db): gunicorn reads it
    return client.cookies["sessionid"].value


def test_it_runs_a_task_queued_by_a_web_request(transactional_db, topology, worker, web):
    cast = build_cast()
    today = timezone.localdate()
    certificate = make_certificate(cast.producer, valid_until=today + datetime.timedelta(days=20))
    csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
    cookies = f"sessionid={_session_for(cast.province_officer)}; csrftoken={csrf}"

    url = urlsplit(web.base_url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        connection.request(
            "POST",
            "/certificates/expiry/run/",
            body="",
            headers={"Cookie": cookies, "X-CSRFToken": csrf, "Content-Type": "application/x-www-form-urlencoded"},
        )
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    assert response.status == 302, web.log()[-3000:]
    assert response.getheader("Location").endswith("/certificates/expiry/")

    wait_until(
        lambda: statuses(certificate) == [S.EXPIRING], what="the flag queued by the web request", logs=[web, worker]
    )
    # Let the worker finish what that run queued (the notice, two digests) before the database is emptied.
    _wait_until_delivered(notices=1, digests=2, worker=worker)


def _wait_until_delivered(*, notices: int, digests: int, worker) -> None:
    from certificates.models import CertificateNotice, OfficerDigest

    wait_until(
        lambda: CertificateNotice.objects.filter(sent_at__isnull=False).count() == notices,
        what="the producer notices",
        logs=[worker],
    )
    wait_until(
        lambda: OfficerDigest.objects.filter(sent_at__isnull=False).count() == digests,
        what="the officers' digests",
        logs=[worker],
    )


def test_beat_loads_the_schedule_from_code(topology):
    beat = Process(
        "beat",
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "ocop",
            "beat",
            "--loglevel",
            "DEBUG",
            "--schedule",
            str(topology["run_dir"] / "celerybeat-schedule"),
            "--max-interval",
            "5",
        ],
        env=topology["env"],
        run_dir=topology["run_dir"],
        pid_option="--pidfile",
    )
    try:
        beat.wait_for_pidfile()
        log = wait_until(
            lambda: beat.log() if "certificates.flag_expiring" in beat.log() else "",
            timeout=45,
            what="beat to list the expiry job",
            logs=[beat],
        )
    finally:
        beat.stop()
    assert "beat: Starting..." in log
    assert "certificates-flag-expiring" in log
