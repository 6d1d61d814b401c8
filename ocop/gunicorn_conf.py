"""gunicorn's configuration for `make serve` (bin/serve passes `--config python:ocop.gunicorn_conf`); the
command line there still sets bind, workers and pid. Only what needs a hook lives here."""


def post_fork(server, worker) -> None:
    """Each web worker loads WeasyPrint, the fonts and the document stylesheets before it takes a request, so a
    certificate download's first render is not the slow one. A failure is logged (ocop.pdf) and never stops
    the worker: every other page must still be served."""
    from ocop.pdf import warm_up

    if not warm_up():
        server.log.error("worker %s: the PDF renderer did not warm up (see the traceback above)", worker.pid)
