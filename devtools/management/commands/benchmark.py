"""`manage.py benchmark`: speed and memory figures at national scale, printed as a table.

How to run it:

    make benchmark                                   # = manage.py benchmark (scale 1.0, SQLite by default)
    manage.py benchmark --scale 0.1                  # a tenth of the country (quick look)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ocop_bench manage.py benchmark   # on PostgreSQL
    manage.py benchmark --json                       # the figures as JSON, for machines

It never touches real data. It fills a database of its own next to the one DATABASE_URL names (PostgreSQL:
`<name>_benchmark`, never the test suite's `test_<name>`; SQLite: `ocop-benchmark-<pid>.sqlite3` in the temp
directory), migrates it, fills it with a country's worth of OCOP data (devtools/benchmark_data.py: 34 provinces,
3,321 communes, 20,000 producers, ~42,000 products, ~100,000 dossiers, ~60,000 certificates, ~2 million criterion
choices at scale 1.0), runs ANALYZE, measures, and destroys it at the end; it prints how long the generation took
(about two to three minutes on an idle 2-core machine). `--keep` leaves it in place (its name is printed) and
`--reuse` measures it again after migrating. `--in-current-db` skips the separate database and fills the one it is
connected to: only for the test suite, whose database is already a throwaway one.

How to read it: one line per figure — name, value, unit, note.
- `rows: …` are the sizes actually generated (so two runs can be compared).
- Page lines (`product list (province)`, `… (national)`) are the median time of `--runs` requests through
  Django's test client after one warm-up request (server-side: view, SQL, template; no network, no browser),
  with the SQL query count of one request in the note. `province` is the OCOP officer of the first province
  (Hà Nội), `national` a central officer who sees the whole country. The query count must not grow with the
  data (the tests check it at 1 and 10 rows); the time is what a user waits for beyond the network.
- `expiry sweep, nightly run` is the daily job (certificates.services.expiry) over every certificate on a
  usual night; `catch-up one year later` is a job that has not run for a year (thousands of steps), run
  under tracemalloc, with its peak Python memory: it must stay flat as the country grows (the sweep works in
  keyset chunks). E-mail deliveries are Celery tasks in production: counted, not run; one is timed apart.
- Pages are measured as production serves them: DEBUG off and templates not instrumented by the test
  framework (which otherwise records every template context and roughly doubles a heavy page's time).
- `peak memory` figures are tracemalloc peaks of Python allocations (not RSS), measured in a separate run
  from the timed one because tracemalloc slows Python down.
- `certificate PDF render (cold)` includes loading WeasyPrint and the fonts in this process; `(warm)` is the
  next certificate.
A figure whose page is broken at the moment is printed with `—` and the error in its note; the others run.
"""

import json as _json
import os
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import setup_test_environment, teardown_test_environment

from devtools import benchmark, benchmark_check

BASELINE = Path(benchmark.__file__).with_name("benchmark_baseline.json")


class Command(BaseCommand):
    help = "Sinh dữ liệu quy mô toàn quốc trong một CSDL tạm và in thời gian, số truy vấn, bộ nhớ."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="fraction of the national size (default 1.0)")
        parser.add_argument("--runs", type=int, default=5, help="requests per page for the median (default 5)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed of the generated data")
        parser.add_argument("--keep", action="store_true", help="keep the benchmark database and its data")
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="measure the database a previous `--keep` run left (migrated first, not generated again)",
        )
        parser.add_argument(
            "--load",
            type=float,
            default=0,
            metavar="SECONDS",
            help="also run the concurrent load against gunicorn on this database for SECONDS per page (0: skip)",
        )
        parser.add_argument(
            "--skip",
            default="",
            help="comma-separated steps not to run: public, export, api, pdf, sweep (pages are always measured)",
        )
        parser.add_argument("--users", type=int, default=8, help="concurrent sessions of the load (default 8)")
        parser.add_argument(
            "--load-pages",
            default="",
            metavar="WORDS",
            help="comma-separated words: the load runs only the pages whose label contains one (e.g. 'API,autosave')",
        )
        parser.add_argument(
            "--check",
            nargs="?",
            const=str(BASELINE),
            default=None,
            metavar="BASELINE",
            help="fail when a page exceeds its query budget or a figure regresses beyond the baseline's ratio",
        )
        parser.add_argument("--write-baseline", metavar="PATH", help="store this run's figures as the baseline")
        parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
        parser.add_argument(
            "--in-current-db",
            action="store_true",
            help="fill the database already connected (the test suite's own throwaway database) — tests only",
        )

    def handle(self, *args, scale, runs, seed, keep, json: bool, in_current_db, **options):
        if not 0 < scale <= 5:
            raise CommandError("--scale must be in (0, 5].")
        if runs < 1:
            raise CommandError("--runs must be at least 1.")
        progress = lambda msg: self.stderr.write(msg)  # noqa: E731 — stderr, so --json stays clean on stdout
        started = time.perf_counter()
        machine = benchmark.machine_load()
        load = {
            "seconds": options["load"],
            "users": options["users"],
            "only": tuple(w.strip() for w in options["load_pages"].split(",") if w.strip()),
        }
        skip = frozenset(x.strip() for x in options["skip"].split(",") if x.strip())
        if skip - {"public", "export", "api", "pdf", "sweep"}:
            raise CommandError("--skip takes public, export, api, pdf, sweep.")
        if in_current_db:
            report = benchmark.run(scale=scale, runs=runs, seed=seed, progress=progress, skip=skip)
            where = connection.settings_dict["NAME"]
        else:
            report, where = self._in_benchmark_db(
                scale=scale,
                runs=runs,
                seed=seed,
                keep=keep,
                reuse=options["reuse"],
                load=load,
                skip=skip,
                progress=progress,
            )
        report.add("total benchmark time", round(time.perf_counter() - started, 1), "s")
        header = {
            "database": connection.vendor,
            "name": str(where),
            "scale": scale,
            "runs": runs,
            "seed": seed,
            "load before": machine,
            "load after": benchmark.machine_load(),
        }
        result = {**header, "figures": report.as_dicts()}
        if options["write_baseline"]:
            Path(options["write_baseline"]).write_text(_json_dumps(benchmark_check.baseline_of(result)) + "\n")
        if json:
            self.stdout.write(_json_dumps(result))
        else:
            self.stdout.write(
                f"OCOP benchmark — {connection.vendor} ({where}), scale {scale}, median of {runs} runs per page; "
                f"machine load {machine} before, {header['load after']} after ({os.cpu_count()} cores)"
            )
            self.stdout.write(report.table())
        if options["check"]:
            failures = benchmark_check.check(result, _json.loads(Path(options["check"]).read_text()))
            for failure in failures:
                self.stderr.write(f"CHECK FAILED: {failure}")
            if failures:
                raise CommandError(f"{len(failures)} figure(s) over budget or regressed (see above).")
            self.stderr.write("check passed: every query budget kept, no regression beyond the baseline's ratio")

    def _in_benchmark_db(self, *, scale, runs, seed, keep, reuse, load, skip, progress):
        creation = connection.creation
        old_name = connection.settings_dict["NAME"]
        test = connection.settings_dict.setdefault("TEST", {})
        # A name of its own: never the test suite's `test_<name>` (a benchmark and a test run side by side would
        # drop each other's database).
        test["NAME"] = benchmark_db_name(connection.vendor, old_name)
        setup_test_environment()
        try:
            if progress:
                progress(
                    f"{'migrating' if reuse else 'creating and migrating'} the benchmark database {test['NAME']} …"
                )
            start = time.perf_counter()
            name = creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=reuse)
            migrate_s = time.perf_counter() - start
            try:
                report = benchmark.run(
                    scale=scale,
                    runs=runs,
                    seed=seed,
                    progress=progress,
                    reuse=reuse,
                    load=load,
                    db_name=name,
                    skip=skip,
                )
                report.figures.insert(0, benchmark.Figure("create and migrate database", round(migrate_s, 1), "s"))
            finally:
                if keep or reuse:
                    if progress:
                        progress(f"kept the benchmark database: {name}")
                    connection.close()
                    connection.settings_dict["NAME"] = old_name
                else:
                    creation.destroy_test_db(old_name, verbosity=0, keepdb=False)
        finally:
            teardown_test_environment()
        return report, name


def benchmark_db_name(vendor: str, name) -> str:
    """`<name>_benchmark` next to the configured database (PostgreSQL), a file in the temp directory (SQLite)."""
    if vendor == "sqlite":
        return os.path.join(tempfile.gettempdir(), "ocop-benchmark.sqlite3")
    return f"{name}_benchmark"


def _json_dumps(value) -> str:
    return _json.dumps(value, ensure_ascii=False, indent=2)
