"""OCOP_SENDFILE=secure-link against a real nginx with the location block the README documents
(ocop.downloads.NGINX_SECURE_LINK_LOCATION): the signature `secure_link_url` writes is the one nginx's secure_link
module checks. nginx is in .ci/run's packages; without it the test skips on a developer's machine and fails in CI."""

import getpass
import http.client
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ocop.downloads import NGINX_SECURE_LINK_LOCATION, secure_link_url

pytestmark = pytest.mark.integration

SECRET = "s" * 40
CONF = """
daemon off;
user {user};
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 16; }}
http {{
  access_log off;
  client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
  types {{ application/pdf pdf; }}
  server {{
    listen 127.0.0.1:{port};
    {location}
  }}
}}
"""


class StoredFile:
    def __init__(self, name):
        self.name = name

    def __bool__(self):
        return True


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def nginx(settings):
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if binary is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("nginx is not installed — CI must run this test (.ci/run installs nginx-light)", pytrace=False)
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    settings.OCOP_SENDFILE = "secure-link"
    settings.OCOP_SECURE_LINK_SECRET = SECRET
    with tempfile.TemporaryDirectory(prefix="ocop-secure-link-") as tmp:
        media = Path(tmp) / "media"
        (media / "certificates" / "2026").mkdir(parents=True)
        (media / "certificates" / "2026" / "gcn.pdf").write_bytes(b"%PDF-1.7 stored certificate")
        port = _free_port()
        location = NGINX_SECURE_LINK_LOCATION.format(
            prefix=settings.OCOP_SECURE_LINK_PREFIX, media=media, secret=SECRET, cookie=settings.SESSION_COOKIE_NAME
        )
        conf = CONF.format(tmp=tmp, port=port, location=location, user=getpass.getuser())  # workers read our tmp dir
        (Path(tmp) / "nginx.conf").write_text(conf)
        process = subprocess.Popen([binary, "-p", tmp, "-c", str(Path(tmp) / "nginx.conf")])
        try:
            deadline = time.monotonic() + 20
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError((Path(tmp) / "error.log").read_text()) from None
                    time.sleep(0.1)
            yield port
        finally:
            process.send_signal(signal.SIGQUIT)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _get(port: int, url: str, session: str, settings) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", url, headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"})
    response = conn.getresponse()
    response.body = response.read()
    conn.close()
    return response


def test_nginx_serves_the_signed_file_to_its_session_only(nginx, settings):
    stored = StoredFile("certificates/2026/gcn.pdf")
    url = secure_link_url(stored, filename="giay-chung-nhan-12/QĐ-UBND.pdf", session_key="abc123")

    ok = _get(nginx, url, "abc123", settings)
    assert ok.status == 200 and ok.body == b"%PDF-1.7 stored certificate"
    assert ok.getheader("Content-Disposition") == 'attachment; filename="giay-chung-nhan-12-QD-UBND.pdf"'
    assert ok.getheader("X-Content-Type-Options") == "nosniff"

    assert _get(nginx, url, "someone-else", settings).status == 403  # a copied link without the session
    assert _get(nginx, url.replace("name=giay", "name=evil"), "abc123", settings).status == 403  # the name is signed
    other = url.replace("gcn.pdf", "other.pdf")
    assert _get(nginx, other, "abc123", settings).status == 403  # so is the path
    unsigned = urlsplit(url).path
    assert _get(nginx, unsigned, "abc123", settings).status == 403


def test_an_expired_link_is_gone(nginx, settings):
    stored = StoredFile("certificates/2026/gcn.pdf")
    url = secure_link_url(stored, filename="gcn.pdf", session_key="abc123", now=time.time() - 3600)
    assert _get(nginx, url, "abc123", settings).status == 410
