"""The PDF renderer is warmed when a rendering process starts (a Celery worker process, a gunicorn worker),
and a renderer that cannot start never stops the process: it is logged and the process serves on."""

import logging
from pathlib import Path
from unittest import mock

from celery.signals import worker_process_init
from django.conf import settings
from django.urls import clear_url_caches, get_resolver

from ocop import gunicorn_conf
from ocop import pdf as ocop_pdf


def test_a_celery_worker_process_warms_the_renderer_as_it_starts():
    with mock.patch.object(ocop_pdf, "warm_up", return_value=True) as warm:
        worker_process_init.send(sender=None)
    warm.assert_called_once_with()


def test_a_slow_warm_up_does_not_get_the_pool_process_killed():
    """Celery kills a pool process that has not reported up within worker_proc_alive_timeout (4 s by default),
    and its replacement warms up again: the warm-up (2.5 s measured at load 10) must fit with room to spare."""
    from ocop.celery import app

    assert app.conf.worker_proc_alive_timeout >= 30


def test_a_gunicorn_worker_warms_the_renderer_after_the_fork():
    assert "--config python:ocop.gunicorn_conf" in (Path(settings.BASE_DIR) / "bin" / "serve").read_text()
    server, worker = mock.Mock(), mock.Mock(pid=4242)
    with mock.patch.object(ocop_pdf, "warm_up", return_value=True) as warm:
        gunicorn_conf.post_fork(server, worker)
    warm.assert_called_once_with()
    server.log.error.assert_not_called()


def test_a_failing_warm_up_is_logged_loudly_and_never_stops_the_worker(caplog):
    server, worker = mock.Mock(), mock.Mock(pid=4242)
    with mock.patch.object(ocop_pdf, "render_html", side_effect=OSError("libpango missing")):
        with caplog.at_level(logging.ERROR, logger="ocop.pdf"):
            assert ocop_pdf.warm_up() is False
            worker_process_init.send(sender=None)  # the Celery hook returns normally
            gunicorn_conf.post_fork(server, worker)  # and so does gunicorn's
    failures = [r for r in caplog.records if r.levelno == logging.ERROR and r.name == "ocop.pdf"]
    assert len(failures) == 3 and all("libpango missing" in r.exc_text for r in failures)
    server.log.error.assert_called_once()


def test_the_warm_up_renders_the_certificate_so_its_first_render_builds_nothing(monkeypatch):
    """After warm_up() the font configuration and the certificate's stylesheet exist: the first real
    certificate builds neither again."""
    assert [entry[:2] for entry in ocop_pdf.WARM_DOCUMENTS] == [
        ("certificates/pdf/certificate.html", ("certificates/pdf/certificate.css",))
    ]
    monkeypatch.setattr(ocop_pdf, "_local", type(ocop_pdf._local)())
    assert ocop_pdf.warm_up() is True
    with (
        mock.patch.object(ocop_pdf, "FontConfiguration", wraps=ocop_pdf.FontConfiguration) as configs,
        mock.patch.object(ocop_pdf.weasyprint, "CSS", wraps=ocop_pdf.weasyprint.CSS) as sheets,
    ):
        ocop_pdf.render_pdf("certificates/pdf/certificate.html", {}, stylesheets=("certificates/pdf/certificate.css",))
    assert configs.call_count == 0 and sheets.call_count == 0


def test_the_warm_up_loads_the_url_map_a_certificate_reverses_its_link_with():
    """The first reverse() in a process imports every URLconf and view (over a second of the first certificate
    in a started worker, measured): the warm-up does it."""
    clear_url_caches()
    try:
        assert get_resolver()._populated is False
        assert ocop_pdf.warm_up() is True
        assert get_resolver()._populated is True
    finally:
        clear_url_caches()
