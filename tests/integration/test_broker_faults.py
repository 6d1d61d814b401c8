"""Faults of the production topology, with real processes: our OWN redis-server on a free port (never the
machine's shared Redis), our own Celery worker and gunicorn, on the PostgreSQL test database.

1. Redis stopped while an officer issues a decision through gunicorn: the page answers with the redirect and the
   message that the PDFs will follow (no 500), the decision is issued, the work waits in the outbox; once Redis
   is back the relay delivers it and the worker renders the PDFs and notifies the producer, once.
2. Redis stopped while an officer starts a large Excel import: the same, and the import runs once Redis is back.
3. A real worker killed with SIGKILL mid-ZIP (25 certificates): the job does not stay "running"; a new worker
   gets the unacknowledged message back (visibility timeout) and finishes it once, without duplicated entries.

Each test starts its worker and gunicorn together and then waits for both: they boot independently, and
waiting for one before starting the other doubled the wait.
"""

import datetime
import http.client
import io
import os
import secrets
import signal
import string
import subprocess
import sys
import uuid
import zipfile
from urllib.parse import urlencode, urlsplit

import pytest
from django.utils import timezone

from ocop.testing import build_cast

from .conftest import (
    BASE_DIR,
    OwnRedis,
    Process,
    free_port,
    gunicorn_command,
    stop_all,
    wait_until,
    worker_command,
)

pytestmark = pytest.mark.integration


@pytest.fixture
def own(topology, tmp_path, settings):
    """Our redis-server and the environment of our worker/web processes (shared MEDIA_ROOT with this test)."""
    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = media
    redis_server = OwnRedis(tmp_path)
    redis_server.start()
    env = {
        **topology["env"],
        "REDIS_URL": redis_server.url,
        "MEDIA_ROOT": str(media),
        "CELERY_VISIBILITY_TIMEOUT": "10",  # a dead worker's message comes back after 10 s
        "OCOP_JOB_STALE_SECONDS": "5",
    }
    try:
        yield {"redis": redis_server, "env": env, "run_dir": tmp_path, "media": media}
    finally:
        redis_server.stop()


def launch_worker(own, name: str) -> Process:
    """A worker process, started; `worker_ready` waits for it."""
    return Process(
        name,
        worker_command(f"{name}-{uuid.uuid4().hex[:6]}"),
        env=own["env"],
        run_dir=own["run_dir"],
        pid_option="--pidfile",
    )


def worker_ready(process: Process) -> Process:
    process.wait_for_pidfile(timeout=180)  # a loaded machine starts Celery slowly
    wait_until(lambda: "ready." in process.log(), timeout=180, what=f"{process.name} to be ready", logs=[process])
    return process


def launch_web(own) -> Process:
    """gunicorn, started; `web_ready` waits for it to answer."""
    port = free_port()
    process = Process(
        "gunicorn",
        gunicorn_command(port),
        env=own["env"],
        run_dir=own["run_dir"],
        pid_option="--pid",
    )
    process.base_url = f"http://127.0.0.1:{port}"
    return process


def web_ready(process: Process) -> Process:
    import urllib.request

    process.wait_for_pidfile(timeout=180)

    def healthy():
        try:
            with urllib.request.urlopen(f"{process.base_url}/healthz", timeout=5) as response:
                return response.status == 200
        except OSError:
            return False

    wait_until(healthy, timeout=180, what="gunicorn to answer", logs=[process])
    return process


class Browser:
    """A signed-in user talking to gunicorn over HTTP (session cookie + CSRF token)."""

    def __init__(self, web: Process, user):
        from django.test import Client

        client = Client()
        client.force_login(user)
        self.csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
        self.cookies = f"sessionid={client.cookies['sessionid'].value}; csrftoken={self.csrf}"
        self.url = urlsplit(web.base_url)

    def request(self, method: str, path: str, body: bytes = b"", content_type: str = "") -> tuple[int, dict, str]:
        connection = http.client.HTTPConnection(self.url.hostname, self.url.port, timeout=60)
        headers = {"Cookie": self.cookies, "X-CSRFToken": self.csrf}
        if content_type:
            headers["Content-Type"] = content_type
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie" and value.startswith("messages="):
                    self.cookies += "; " + value.split(";", 1)[0]
            return response.status, dict(response.getheaders()), text
        finally:
            connection.close()


def relay(own) -> str:
    """What beat's every-minute relay does, run now by the operator's command (same service)."""
    done = subprocess.run(
        [sys.executable, "manage.py", "relay_outbox", "--all"],
        cwd=BASE_DIR,
        env=own["env"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _pending():
    from ocop.models import OutboxMessage

    return OutboxMessage.objects.filter(sent_at=None)


@pytest.mark.slow(12)
def test_redis_stopped_during_issuance(transactional_db, own):
    from certificates.choices import DecisionStatus, IssuerLevel
    from certificates.services.decisions import decision_check, decision_create
    from certificates.tests.factories import checker_for, result_for
    from ocop.models import Notification

    cast = build_cast()
    draft = decision_create(
        by=cast.province_officer,
        issuer_level=IssuerLevel.PROVINCE,
        issuer_unit=cast.province,
        results=[result_for(cast.producer, name="Miến dong Tài Hoan")],
    )
    checker = checker_for(cast.province_officer)  # four eyes: another officer checks and issues
    decision_check(decision=draft, by=checker)
    worker, web = launch_worker(own, "worker"), launch_web(own)
    try:
        worker_ready(worker)
        web_ready(web)
        browser = Browser(web, checker)
        own["redis"].stop()
        today = timezone.localdate().strftime("%d/%m/%Y")
        status, headers, body = browser.request(
            "POST",
            _issue_path(draft.pk),
            urlencode({"number": "1427/QĐ-UBND", "date": today, "confirmed": "1"}).encode(),
            "application/x-www-form-urlencoded",
        )
        assert status == 302, body[-3000:] + web.log()[-3000:]
        status, _, page = browser.request("GET", headers["Location"])
        assert status == 200 and "sẽ có sau ít phút" in page

        draft.refresh_from_db()
        certificate = draft.certificates.get()
        assert draft.status == DecisionStatus.ISSUED and not certificate.pdf_sha256
        assert _pending().count() == 2

        own["redis"].start()
        assert "Đã gửi 2 tác vụ." in relay(own)
        wait_until(
            lambda: type(certificate).objects.get(pk=certificate.pk).pdf_sha256,
            what="the worker to render the PDF",
            logs=[worker],
        )
        wait_until(
            lambda: Notification.objects.filter(user=cast.producer_owner).count() == 1,
            what="the producer's notice",
            logs=[worker],
        )
        assert not _pending().exists()
        assert "Đã gửi 0 tác vụ." in relay(own)  # delivered once
    finally:
        stop_all(web, worker)


def _issue_path(pk: int) -> str:
    from django.urls import reverse

    return reverse("certificates:decision_issue", args=[pk])


@pytest.mark.slow(8)
def test_redis_stopped_during_an_import(transactional_db, own):
    from django.urls import reverse
    from openpyxl import Workbook

    from ocop.choices import JobStatus
    from ocop.models import BackgroundJob
    from products import excel
    from products.models import Producer

    cast = build_cast()
    rows = excel.IMPORT_ASYNC_ROWS + 5
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([label for _key, label in excel.PRODUCER_COLUMNS])
    for n in range(rows):
        values = {"name": f"HTX Thử Nghiệm {n:04d}", "kind": "Hợp tác xã", "commune": "Xã Hoà An"}
        sheet.append([values.get(key, "") for key, _label in excel.PRODUCER_COLUMNS])
    data = io.BytesIO()
    workbook.save(data)

    worker, web = launch_worker(own, "worker"), launch_web(own)
    try:
        worker_ready(worker)
        web_ready(web)
        browser = Browser(web, cast.commune_officer)
        own["redis"].stop()
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="chu-the.xlsx"\r\n'
                f"Content-Type: {excel.XLSX}\r\n\r\n"
            ).encode()
            + data.getvalue()
            + f"\r\n--{boundary}--\r\n".encode()
        )
        status, headers, page = browser.request(
            "POST", reverse("products:producer_import"), body, f"multipart/form-data; boundary={boundary}"
        )
        assert status == 302, page[-3000:] + web.log()[-3000:]
        status, _, page = browser.request("GET", headers["Location"])
        assert status == 200 and "sẽ được xử lý trong giây lát" in page
        job = BackgroundJob.objects.get()
        assert job.status == JobStatus.PENDING and _pending().count() == 1

        own["redis"].start()
        assert "Đã gửi 1 tác vụ." in relay(own)
        wait_until(
            lambda: BackgroundJob.objects.get(pk=job.pk).status == JobStatus.DONE,
            timeout=120,
            what="the import to run",
            logs=[worker],
        )
        assert Producer.objects.filter(name__startswith="HTX Thử Nghiệm").count() == rows
    finally:
        stop_all(web, worker)


@pytest.mark.slow(20)
def test_a_worker_killed_mid_zip_is_finished_once_by_a_new_worker(transactional_db, own, monkeypatch):
    from django.urls import reverse

    from certificates.models import Certificate, CertificatePdf
    from certificates.tests.factories import issued_decision, result_for
    from ocop.celery import app
    from ocop.choices import JobStatus
    from ocop.models import BackgroundJob, OutboxMessage

    cast = build_cast()
    # Issue without rendering: the test's own broker "refuses", and the queued renders are dropped, so the ZIP
    # has to render all 25 PDFs itself (slow enough to be killed mid-way).
    app.conf.task_always_eager = False
    monkeypatch.setattr(app, "send_task", lambda *a, **k: (_ for _ in ()).throw(OSError("no broker here")))
    try:
        decision = issued_decision(
            province=cast.province, by=cast.province_officer, results=[result_for(cast.producer) for _ in range(25)]
        )
    finally:
        app.conf.task_always_eager = True
        monkeypatch.undo()
    OutboxMessage.objects.all().delete()
    assert not Certificate.objects.exclude(pdf_sha256="").exists()

    # The dead worker's message comes back 5 s after it was delivered, and the workers look for such messages
    # every second (CELERY_RESTORE_SECONDS): with the production default a look came only every 100 s, and the
    # new worker sat idle for most of that. A claim goes stale 2 s after its last heartbeat.
    own["env"].update({"CELERY_VISIBILITY_TIMEOUT": "5", "CELERY_RESTORE_SECONDS": "1", "OCOP_JOB_STALE_SECONDS": "2"})
    first, web = launch_worker(own, "worker-1"), launch_web(own)
    second = None
    try:
        worker_ready(first)
        web_ready(web)
        # The officer asks for the ZIP through gunicorn; the job's task goes to our Redis through the outbox.
        status, headers, body = Browser(web, cast.province_officer).request(
            "POST", reverse("certificates:decision_zip", args=[decision.pk])
        )
        assert status == 302, body[-3000:] + web.log()[-3000:]
        job = BackgroundJob.objects.get()
        assert headers["Location"] == reverse("certificates:decision_zip_status", args=[decision.pk, job.pk])
        wait_until(
            lambda: BackgroundJob.objects.get(pk=job.pk).done >= 6,
            timeout=120,
            interval=0.1,
            what="six certificates in the ZIP",
            logs=[first],
        )
        os.kill(first.wait_for_pidfile(), signal.SIGKILL)
        first.popen.wait(timeout=10)
        killed = BackgroundJob.objects.get(pk=job.pk)
        assert killed.status == JobStatus.RUNNING and 6 <= killed.done < 25
        # The new worker may reclaim the job only once the dead worker's heartbeat is stale
        # (ocop.services.job_claim): a message handed back sooner would find the claim alive and do nothing.
        stale = killed.heartbeat_at + datetime.timedelta(seconds=2)
        wait_until(lambda: timezone.now() > stale, timeout=10, what="the dead worker's claim to go stale")

        second = worker_ready(launch_worker(own, "worker-2"))
        finished = wait_until(
            lambda: (lambda j: j if j.status == JobStatus.DONE else None)(BackgroundJob.objects.get(pk=job.pk)),
            timeout=180,
            what="the new worker to finish the ZIP",
            logs=[second],
        )
        assert finished.done == 25 and finished.attempts == 2
        with open(own["media"] / finished.output_file.name, "rb") as handle:
            names = zipfile.ZipFile(io.BytesIO(handle.read())).namelist()
        assert len(names) == 25 and len(set(names)) == 25
        zips = list((own["media"] / "certificates" / "zips").glob(f"{job.pk}-*.zip"))
        assert len(zips) == 1
        # every certificate rendered exactly once, across both workers
        assert CertificatePdf.objects.filter(certificate__decision=decision).count() == 25
        assert not Certificate.objects.filter(decision=decision, pdf_sha256="").exists()
        assert "certificate_zip_task" in second.log()
    finally:
        stop_all(second, web, first)
