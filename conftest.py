import fcntl
import os
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest

pytest_plugins = ["ocop.testing"]
ROOT = Path(__file__).resolve().parent
RUN_DATABASE = "test_ocop"  # set in pytest_configure


def pytest_configure(config):
    if not hasattr(config, "workerinput"):
        # One name for this run, which the pytest-xdist workers inherit with the environment: the demo data's
        # template database (below) is named after it, so that the workers share it and the run drops it at the end.
        os.environ["OCOP_TEST_RUN"] = uuid.uuid4().hex[:12]
    # The English UI needs its compiled catalogue; compiling is quick and skipped when up to date.
    import django

    django.setup()
    from django.conf import settings

    # Stored files (the demo story's PDFs, uploads of tests that keep the default storage) go to a folder of this run,
    # shared by its workers and the servers its integration tests start, and removed at its end: not the checkout's
    # media/ (nor a MEDIA_ROOT of the environment, which may be a real installation's).
    settings.MEDIA_ROOT = _run_media_root()
    os.environ["MEDIA_ROOT"] = str(settings.MEDIA_ROOT)

    # Tests share one Redis server with other runs (other engineers, other pytest-xdist workers) and Redis has only
    # 16 databases, too few for one per worker per run. So the cache stays in REDIS_URL's database, every process
    # keeps its keys under a prefix of its own, and cache.clear() deletes only that prefix instead of FLUSHDB.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "") or "main"
    for cache in settings.CACHES.values():
        if "redis" in cache["BACKEND"].lower():
            cache["BACKEND"] = "ocop.testing.PrefixScopedRedisCache"
            cache["KEY_PREFIX"] = f"test:{os.getpid()}:{worker}"
    from ocop.i18n import compile_catalogs

    compile_catalogs()
    _plan_joins_in_written_order(settings.DATABASES)
    # The test database's name before pytest-django gives each worker its own (test_ocop, then test_ocop_gw0) and
    # names the connection after it: the templates below are the run's, named after this.
    from django.db import connection

    global RUN_DATABASE
    RUN_DATABASE = connection.creation._get_test_db_name()


# The test's PostgreSQL sessions plan joins in the order the query writes them. A page's query joins up to ten tables
# (a dossier with its product, producer, set, round, scorecard and communes): PostgreSQL spends ~10 ms searching the
# join orders of such a query, and less than 1 ms running it on a test's handful of rows, in any order. In a pair of
# runs one after the other, the tests outside the browser and integration folders took 499 s of test time planned so
# and 568 s with the search (2 workers). Plans change nothing of what a query returns; production keeps PostgreSQL's
# search (its tables hold the country), and the benchmark measures it there. A test that reads a plan sets the
# production value for itself (certificates/tests/test_expiry_list_scale.py).
TEST_PLANNER_OPTIONS = "-c join_collapse_limit=1 -c from_collapse_limit=1"


def _plan_joins_in_written_order(databases: dict) -> None:
    for database in databases.values():
        if database["ENGINE"].endswith("postgresql"):
            options = database.setdefault("OPTIONS", {})
            options["options"] = f"{options.get('options', '')} {TEST_PLANNER_OPTIONS}".strip()


# The order the tests are handed to the pytest-xdist workers (`make test` runs `--dist loadgroup`, each test on its
# own). pytest-django then sorts them as Django does, stably: database tests, then transactional ones (browser,
# concurrency; they empty the tables, data migrations' rows included), then tests without a database. Within each of
# those, this puts the long ones first, so that both workers start on them and the short ones fill in behind; last in
# its part, a long browser story or the access matrix's group would leave one worker running alone at the end.
def _weight(item) -> int:
    """About how many seconds the test takes on a quiet machine: `@pytest.mark.slow(seconds)` says so."""
    slow = item.get_closest_marker("slow")
    if slow:
        return slow.args[0] if slow.args else 30
    if item.get_closest_marker("xdist_group"):
        return 15  # a group runs on one worker from start to end (the access matrix: ~200 routes, minutes)
    if item.get_closest_marker("integration") or item.get_closest_marker("browser"):
        return 10
    return 0


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    # A module whose tests share a module-scoped fixture (a world built once, real gunicorn/Celery processes) stays on
    # one worker, which builds it once: its tests form one xdist group. Every other test is scheduled on its own.
    loadgroup = config.getvalue("loadgroup") if hasattr(config, "workerinput") else False
    for item in items:
        fixtures = getattr(item, "_fixtureinfo", None)
        defs = fixtures.name2fixturedefs.values() if fixtures else ()
        if any(d[-1].scope in ("module", "class", "package") and _ours(d[-1].func) for d in defs if d):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))
            if loadgroup and "@" not in item.nodeid:
                _add_group_suffix(item, item.module.__name__)
    items.sort(key=_weight, reverse=True)  # stable: within a weight, the collection's order

    if settings.IS_POSTGRES:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def _ours(function) -> bool:
    """A fixture of this project's (pytest-django's class-scoped `_django_setup_unittest` applies to every test)."""
    return Path(function.__code__.co_filename).is_relative_to(ROOT) and ".venv" not in function.__code__.co_filename


def _add_group_suffix(item, group: str) -> None:
    """pytest-xdist's loadgroup finds a test's group in the id the worker reports, `<nodeid>@<group>`: it writes
    the suffix to `item._nodeid`, which pytest 9 no longer reads (the id lives in `item._id`). Without this every
    test was scheduled on its own: each worker built the access matrix's world, loaded the administrative units
    and started its own Celery worker and gunicorn for a module."""
    from _pytest.nodeid import NodeId

    item._id = NodeId.parse(f"{item.nodeid}@{group}")


@pytest.fixture(autouse=True)
def _forget_process_caches():
    """What outlives a test's rolled-back rows in this process: the scorecard structures and the filter forms'
    reference lists each worker keeps, and the cache (the autosave's audit interval is counted there per sheet id,
    and ids repeat after a rollback)."""
    from django.core.cache import cache

    from evaluation.selectors.sheet_structure import forget_scorecard_structures
    from ocop.filters import forget_reference_lists

    forget_scorecard_structures()
    forget_reference_lists()  # (keyed by the reference version, which starts again at 1 in an emptied cache)
    cache.clear()
    yield


def _run_media_root() -> Path:
    return Path(tempfile.gettempdir()) / f"ocop-test-media-{os.environ['OCOP_TEST_RUN']}"


def pytest_unconfigure(config):
    # Leave nothing of this process in the shared Redis database (the prefix is per process, see above).
    from django.conf import settings

    if not hasattr(config, "workerinput"):
        shutil.rmtree(_run_media_root(), ignore_errors=True)

    if any("redis" in cache["BACKEND"].lower() for cache in settings.CACHES.values()):
        from django.core.cache import caches

        for alias in settings.CACHES:
            caches[alias].clear()
    if settings.IS_POSTGRES and not hasattr(config, "workerinput"):
        from pytest_django.plugin import blocking_manager_key

        with config.stash[blocking_manager_key].unblock():
            _drop_demo_template()  # every worker has finished: nobody copies it any more


# --- One migrated template for every pytest-xdist worker (PostgreSQL), kept from run to run ----------------------
# Migrating a database runs every migration (~20 s on two quiet cores, twice that when the machine is busy) while
# the other worker waits. The template is named after a digest of every migration file (Django's and the
# libraries' included) and of the project modules they import, by name and content, not by where the checkout lies
# (ocop.testing.migrations_digest): a run finds the template of its migrations, a fresh clone's included, and
# only copies it (CREATE DATABASE … TEMPLATE, about a second per worker); a changed migration gives another name,
# which is migrated once and replaces the older templates. It is migrated under a temporary name and renamed when
# complete, so a run killed mid-migration leaves nothing that a later run would take for a template.
# pytest-django then keeps each worker's copy (keepdb) and this fixture drops it at the end.
@pytest.fixture(scope="session")
def django_db_keepdb(request, django_db_modify_db_settings, django_db_blocker):
    from django.conf import settings

    workerinput = getattr(request.config, "workerinput", None)
    if request.config.getvalue("reuse_db") or not workerinput or not settings.IS_POSTGRES:
        yield request.config.getvalue("reuse_db")
        return
    from django.db import connection

    test_name = connection.creation._get_test_db_name()  # already carries the worker's suffix (test_ocop_gw0)
    prefix = f"{RUN_DATABASE}_template_"
    template = _migrated_template_name()
    lock_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"ocop-{prefix}.lock"
    with django_db_blocker.unblock(), open(lock_path, "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one worker builds the template; the copies are made one at a time too
        if not _database_exists(connection, template):
            _migrate_template(connection, template, prefix)
        _copy_database(connection, test_name, template)
        fcntl.flock(lock, fcntl.LOCK_UN)
    yield True
    with django_db_blocker.unblock():
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{test_name}" WITH (FORCE)')


def _migrated_template_name() -> str:
    from ocop.testing import migrations_digest

    return f"{RUN_DATABASE}_template_{migrations_digest()[:12]}"


def _database_exists(connection, name: str) -> bool:
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def _migrate_template(connection, template: str, prefix: str) -> None:
    from django.core.management import call_command

    _build_database(
        connection,
        template,
        lambda: call_command("migrate", verbosity=0, interactive=False, database=connection.alias, run_syncdb=True),
    )
    with connection._nodb_cursor() as cursor:
        # The templates of older migrations (and the per-run template of before) are of no further use.
        cursor.execute(
            "SELECT datname FROM pg_database WHERE (starts_with(datname, %s) OR datname = %s) AND datname <> %s",
            [prefix, prefix.rstrip("_"), template],
        )
        for (stale,) in cursor.fetchall():
            cursor.execute(f'DROP DATABASE IF EXISTS "{stale}" WITH (FORCE)')


# --- The demo data once per run, a fresh copy for each test that walks it (PostgreSQL) ------------------------------
# seed_demo() builds the whole demo story through the services: about 11 s on two quiet cores. The accessibility walk
# runs one test per demo role and screen width, and each needs the story intact, not what an earlier test changed. So
# the first test to ask seeds it once into a template database of this run (under a lock, the other worker waits),
# and each test then works on its own copy (CREATE DATABASE … TEMPLATE, under a second), dropped when it ends. The
# copy replaces the worker's database for the test alone: the live server's requests (one thread each, closing their
# connection at the end) and the test's own queries read the connection's settings, which name the copy meanwhile.
# The run's controller drops the template at the end (pytest_unconfigure). On SQLite each test seeds the story.
@pytest.fixture
def demo_data(transactional_db):
    """The demo story (devtools.demo.seed_demo) in the test's database."""
    from django.conf import settings
    from django.db import connection

    from devtools.demo import seed_demo

    if not settings.IS_POSTGRES:
        seed_demo(out=lambda *args: None)
        yield
        return
    own = connection.settings_dict["NAME"]
    copy = f"{own}_demo"
    template = _demo_template_name()
    lock_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"ocop-{template}.lock"
    with open(lock_path, "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not _database_exists(connection, template):
                _seed_demo_template(connection, template)
            connection.close()
            _copy_database(connection, copy, template)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    _use_database(connection, copy)
    try:
        yield
    finally:
        _use_database(connection, own)
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')


def _demo_template_name() -> str:
    return f"{RUN_DATABASE}_demo_{os.environ.get('OCOP_TEST_RUN') or os.getpid()}"


def _seed_demo_template(connection, template: str) -> None:
    """Seeds the demo story into `template`, from the migrated template when there is one (pytest-xdist, see above)
    or else from this process's test database."""
    from devtools.demo import seed_demo

    source = _migrated_template_name()
    if not _database_exists(connection, source):
        source = connection.settings_dict["NAME"]
    _build_database(connection, template, lambda: seed_demo(out=lambda *args: None), source=source)


def _build_database(connection, name: str, build, *, source: str = "") -> None:
    """Creates the database `name` (empty, or a copy of `source`) and runs `build()` in it, under a temporary name
    that becomes `name` once complete: a run killed halfway leaves nothing that a later one would take for it."""
    building = f"{name}_building"
    own = connection.settings_dict["NAME"]
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{building}"' + (f' TEMPLATE "{source}"' if source else ""))
    _use_database(connection, building)
    try:
        build()
    finally:
        _use_database(connection, own)  # no session may stay on a template while it is copied
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')


def _copy_database(connection, name: str, template: str) -> None:
    """`name` made anew as a copy of `template` (CREATE DATABASE … TEMPLATE: about a second)."""
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


def _use_database(connection, name: str) -> None:
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType

    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = connection.settings_dict["NAME"] = name
    # The process keeps content types' ids, which are this database's: a transactional test's flush had rebuilt them
    # under new ids in the worker's database, and seeding the demo into a copy of the migrated template then wrote
    # audit rows naming ids that copy lacks (a foreign-key error, in runs where such a test came first).
    ContentType.objects.clear_cache()


def _drop_demo_template() -> None:
    from django.db import connection

    template = _demo_template_name()
    with connection._nodb_cursor() as cursor:
        for name in (template, f"{template}_building"):
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    (Path(os.environ.get("TMPDIR", "/tmp")) / f"ocop-{template}.lock").unlink(missing_ok=True)
