"""Shared pytest fixtures: the role cast, a closed network, fast hashing and eager Celery.

The cast (STYLE.md §2.8) lives in one province ("Tỉnh Thử Nghiệm", commune "Xã Hoà An") with a
second province for the outsiders. Every view test checks each role against it.
"""

import datetime as dt
import functools
import hashlib
import io
import re
import smtplib
import socket
import threading
import time
import uuid
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.utils import timezone, translation

from ocop.cache import ResilientRedisCache

PASSWORD = "ocop-test-pass"


def project_apps() -> list:
    """The apps in the checkout's own folders, in INSTALLED_APPS order (not the libraries of its virtual
    environment): what the checks that read every runtime module walk."""
    from django.conf import settings

    return [config for config in apps.get_app_configs() if Path(config.path).parent == Path(settings.BASE_DIR)]


def make_unit(*, level: str, code: str, name: str, parent=None, era: str = "current"):
    from ocop.models import AdministrativeUnit

    unit, _ = AdministrativeUnit.objects.get_or_create(
        era=era, level=level, code=code, defaults={"name": name, "full_name": name, "parent": parent}
    )
    return unit


def make_user(username: str, role: str, unit=None, **extra):
    user = _unsaved_user(username, role, unit, **extra)
    user.save()
    return user


def admin_add_user(client, admin, **fields):
    """The administrator adds an account through the admin's form (`fields`: username, full_name, role, email…);
    returns the response."""
    client.force_login(admin)
    password = {"password1": "Mat-khau-dai-2026!", "password2": "Mat-khau-dai-2026!", "usable_password": "true"}
    return client.post("/admin/ocop/user/add/", {**password, **fields})


def _unsaved_user(username: str, role: str, unit=None, **extra):
    from ocop.models import User

    # The name as Vietnamese write it (họ tên đệm tên); tên and họ are derived for sorting.
    name = extra.pop("full_name", None) or extra.pop("first_name", username.replace("_", " ").title())
    user = User(username=username, role=role, unit=unit, email=f"{username}@example.test", **extra)
    user.set_full_name(name)
    user.set_password(PASSWORD)
    return user


# (level, code, name, parent's code) of the cast's units, in the order their ids are given.
CAST_UNITS = [
    ("province", "90", "Tỉnh Thử Nghiệm", None),
    ("commune", "90001", "Xã Hoà An", "90"),
    ("commune", "90002", "Xã Bình Minh", "90"),
    ("province", "91", "Tỉnh Khác", None),
    ("commune", "91001", "Xã Xa Xôi", "91"),
]
CAST_USERS = [  # attribute, username, role, unit's code, extra fields
    ("producer_owner", "producer_owner", "producer", None, {}),
    ("other_producer", "other_producer", "producer", None, {}),
    ("commune_officer", "commune_officer", "commune_officer", "90001", {}),
    ("other_commune_officer", "other_commune_officer", "commune_officer", "90002", {}),
    ("province_officer", "province_officer", "province_officer", "90", {}),
    ("advisory_member", "advisory_member", "advisory_member", "90", {}),
    ("council_member", "council_member", "council_member", "90", {}),
    ("council_chair", "council_chair", "council_member", "90", {}),
    ("central_officer", "central_officer", "central_officer", None, {}),
    ("viewer", "viewer", "viewer", "90", {}),
    ("outsider", "outsider", "province_officer", "91", {}),
    ("admin", "sysadmin", "admin", None, {"is_staff": True, "is_superuser": True}),
]


def _cast_units() -> dict:
    """The cast's units by code. Most tests build the cast in an empty table: a few inserts instead of a
    get_or_create (four statements) per unit; where some already exist, each is got or created as before."""
    from ocop.models import AdministrativeUnit

    codes = [code for _level, code, _name, _parent in CAST_UNITS]
    if AdministrativeUnit.objects.filter(era="current", code__in=codes).exists():
        units = {}
        for level, code, name, parent in CAST_UNITS:
            units[code] = make_unit(level=level, code=code, name=name, parent=units.get(parent))
        return units
    units, batch = {}, []
    for level, code, name, parent in CAST_UNITS:
        if parent in {unit.code for unit in batch}:  # a parent gets its id before its children are written
            units.update((unit.code, unit) for unit in AdministrativeUnit.objects.bulk_create(batch))
            batch = []
        batch.append(
            AdministrativeUnit(
                era="current", level=level, code=code, name=name, full_name=name, parent=units.get(parent)
            )
        )
    units.update((unit.code, unit) for unit in AdministrativeUnit.objects.bulk_create(batch))
    return units


def build_cast() -> SimpleNamespace:
    from ocop.models import User
    from products.choices import ProducerKind
    from products.models import Producer

    units = _cast_units()
    producer, other_producer = Producer.objects.bulk_create(
        [
            Producer(
                kind=ProducerKind.COOP,
                name="HTX Tài Hoan",
                commune=units["90001"],
                province=units["90"],  # bulk_create skips save(), which copies the commune's province
                tax_code="4700100102",
                legal_rep_name="Nguyễn Thị Hoan",
                legal_rep_gender="female",
                search_text="htx tai hoan",
            ),
            Producer(
                kind=ProducerKind.COOP,
                name="HTX Hương Rừng",
                commune=units["91001"],
                province=units["91"],
                search_text="htx huong rung",
            ),
        ]
    )
    c = SimpleNamespace(
        province=units["90"],
        commune=units["90001"],
        other_commune=units["90002"],
        other_province=units["91"],
        far_commune=units["91001"],
        producer=producer,
        other_producer_org=other_producer,
        password=PASSWORD,
    )
    users = User.objects.bulk_create(
        [
            _unsaved_user(username, role, units.get(unit), **dict(extra))
            for _a, username, role, unit, extra in CAST_USERS
        ]
    )
    for (attribute, *_rest), user in zip(CAST_USERS, users, strict=True):
        setattr(c, attribute, user)
    Producer.members.through.objects.bulk_create(
        [
            Producer.members.through(producer=producer, user=c.producer_owner),
            Producer.members.through(producer=other_producer, user=c.other_producer),
        ]
    )
    return c


@pytest.fixture
def cast(db):
    return build_cast()


# Tables a test's flush leaves as they are: Django's content types and permissions, which `migrate` derives from the
# models and every database of the run holds alike. Emptied, the flush's post_migrate signal wrote them all again
# (two statements per app), under new ids that the process's content-type cache then no longer matched.
FLUSH_KEEPS = frozenset({"django_content_type", "auth_permission"})


@pytest.fixture(scope="session", autouse=True)
def _flush_by_delete():
    """A transactional test (browser, integration, concurrency) ends with Django's flush, which on PostgreSQL is one
    TRUNCATE of the 83 tables: about 1.5 s, since each table gets new files, where deleting the few rows a test
    wrote takes 30 ms. The tests' flush deletes instead, with the foreign keys checked at the end (Django's are
    deferrable); a flush that must reset the sequences still truncates."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        emptied = [table for table in tables if table not in FLUSH_KEEPS]
        if reset_sequences or not emptied:
            return truncate(self, style, emptied, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return ["SET CONSTRAINTS ALL DEFERRED;", *(f"DELETE FROM {self.quote_name(table)};" for table in emptied)]

    DatabaseOperations.sql_flush = sql_flush
    # The flush also empties what a data migration loaded: the product taxonomy (sectors, groups, the 26 sets). The
    # later tests of the worker that ran the transactional one found no sector "I" (a plan's targets import answered
    # 400 in one run and not the next, as pytest-xdist happened to place the tests); it is loaded again.
    from django.db.models.signals import post_migrate

    products = apps.get_app_config("products")
    post_migrate.connect(_taxonomy_reloaded, sender=products, dispatch_uid="ocop.testing.taxonomy")
    yield
    post_migrate.disconnect(sender=products, dispatch_uid="ocop.testing.taxonomy")
    DatabaseOperations.sql_flush = truncate


def _taxonomy_reloaded(sender, using="default", **kwargs):
    from products.taxonomy import taxonomy_load

    taxonomy_load()


@pytest.fixture(autouse=True)
def _fast_and_offline(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    # Rate-limit counters live in the cache, which outlives a test: each test counts under its own prefix.
    settings.RATELIMIT_CACHE_PREFIX = f"rl:{uuid.uuid4().hex}:"
    from ocop.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    # A request in English (language cookie) leaves English active in this thread; every test starts in Vietnamese.
    translation.activate(settings.LANGUAGE_CODE)
    from ocop.workdays import forget_calendar_exceptions

    forget_calendar_exceptions()  # the cache outlives each test's rolled-back rows
    yield
    translation.deactivate()


# Every test in this process runs on one working day at 10:00 in Asia/Ho_Chi_Minh, the clock ticking from there: a test
# that builds "this year's round" or "a certificate expiring in 30 days" gives the same result on any day the
# suite runs, and none breaks at a month's or year's turn. A test about another day travels there itself
# (time_machine.travel inside the test). The browser tests are pinned too: the live server answers in this process,
# so its pages and the test's rows share the day (chromium's own clock stays real; our scripts read it only to print
# the autosave's time of day). The integration tests keep the real clock: the gunicorn/Celery processes they drive
# read the real one.
PINNED_NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.fixture(autouse=True)
def _pinned_clock(request):
    if request.node.get_closest_marker("integration"):
        yield
        return
    with time_machine.travel(PINNED_NOW, tick=True):
        yield


@pytest.fixture(autouse=True)
def no_network(request, monkeypatch):
    """Refuse any connection that leaves the machine; loopback and Unix sockets are fine."""
    if request.node.get_closest_marker("integration"):
        return
    real_connect = socket.socket.connect

    def guarded_connect(sock, address):
        host = address[0] if isinstance(address, tuple) else None
        if host is not None and host not in {"127.0.0.1", "::1", "localhost"} and not str(host).startswith("127."):
            raise RuntimeError(f"Network access to {host} is not allowed in tests")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


@pytest.fixture
def login(client):
    """login(user) signs the test client in as `user` and returns the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


class RefusingMailServer(BaseEmailBackend):
    """A mail server that drops the connection (settings.EMAIL_BACKEND = "ocop.testing.RefusingMailServer")."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def mail_refused_once(monkeypatch) -> list:
    """The mail server refuses the first e-mail a task sends (ConnectionRefusedError, an OSError the tasks retry)
    and takes the next ones: returns the list of attempts, one item each."""
    from ocop import emails

    real, attempts = emails.send_templated_to, []

    def flaky(*args, **kwargs):
        attempts.append(1)
        if len(attempts) == 1:
            raise ConnectionRefusedError("SMTP down")
        return real(*args, **kwargs)

    monkeypatch.setattr(emails, "send_templated_to", flaky)
    return attempts


def mail_server_back_and_relayed(settings) -> int:
    """The mail server answers again (locmem) and the outbox relay's next run comes, past the grace it leaves fresh
    rows: how many waiting tasks it sent."""
    from ocop.models import OutboxMessage
    from ocop.services import OUTBOX_GRACE, outbox_relay

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMessage.objects.filter(sent_at=None).update(created_at=timezone.now() - 2 * OUTBOX_GRACE)
    return outbox_relay()


class PrefixScopedRedisCache(ResilientRedisCache):
    """The tests' Redis cache: clear() deletes this cache's own keys (its KEY_PREFIX) rather than the database.

    Several test processes share one Redis database (conftest.py gives each its prefix); FLUSHDB in one would
    empty the rate counters and cached pages another test is counting on.
    """

    def clear(self):
        if not self.key_prefix:
            raise ImproperlyConfigured("PrefixScopedRedisCache needs a KEY_PREFIX")
        client = self._cache.get_client(None, write=True)
        pattern = f"{glob_escape(self.key_prefix)}:*"
        keys = list(client.scan_iter(match=pattern, count=1000))
        if keys:
            client.delete(*keys)
        return True


def glob_escape(text: str) -> str:
    """`text` with Redis glob characters escaped, for a MATCH pattern."""
    return "".join("\\" + ch if ch in "*?[]\\" else ch for ch in text)


def migrations_digest() -> str:
    """A digest of what `migrate` does, naming the migrated test template (conftest.py): every installed app's
    migration files and the project modules they import (a data migration's loader, a validator)."""
    digest = hashlib.sha256()
    for name, path in sorted(migration_files().items()):
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def migration_files() -> dict[str, Path]:
    """Those files by a name that does not say where the checkout lies (`app_label/migrations/0001_x.py`, a
    project module's path from the project's folder): a fresh clone elsewhere finds the template of the same
    migrations instead of migrating again."""
    from django.conf import settings  # (not at the top: the `settings` fixtures above take that name)

    base = Path(settings.BASE_DIR)
    project = "|".join(re.escape(p.name) for p in base.iterdir() if (p / "__init__.py").exists())
    imported = re.compile(rf"^\s*(?:from|import)\s+((?:{project})(?:\.\w+)*)", re.M)
    files = {}
    for app in apps.get_app_configs():
        folder = Path(app.path) / "migrations"
        for path in sorted(folder.glob("*.py")) if folder.is_dir() else ():
            files[f"{app.label}/migrations/{path.name}"] = path
            for module in imported.findall(path.read_text(encoding="utf-8")):
                candidate = base.joinpath(*module.split("."))
                for found in (candidate.with_suffix(".py"), candidate / "__init__.py"):
                    if found.exists():
                        files[found.relative_to(base).as_posix()] = found
    return files


def migration_run(app_label: str, name: str, *, backwards: bool = False) -> None:
    """Apply (or undo) one migration's operations on the test's database, inside the test's transaction, so that a
    test of a migration puts its tables back as they were before it, writes the rows it is about, runs it again and
    leaves nothing behind: PostgreSQL rolls the schema changes back with the test's rows. Only this migration runs,
    not the migrations of other apps that depend on it, which `migrate app 00xx` would undo and redo each time (about
    half a minute of a worker's CPU per test). Undo a migration after the later ones of its app, latest first.
    The constraints that wait for the commit are checked first: PostgreSQL alters no table with such checks pending."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connection)
    migration = loader.get_migration(app_label, name)
    before = loader.project_state((app_label, name), at_end=False)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    try:
        with connection.schema_editor(atomic=True) as editor:
            (migration.unapply if backwards else migration.apply)(before, editor)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@functools.cache
def xlsx_unpacking_to(size: int) -> bytes:
    """A workbook of a few hundred kilobytes whose sheet unpacks to `size` bytes (one cell of repeated text), as an
    attacker would send to exhaust the memory of whoever opens it."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["PLACEHOLDER"])
    plain = io.BytesIO()
    book.save(plain)
    source, out = zipfile.ZipFile(plain), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name in source.namelist():
            part = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                part = part.replace(b"PLACEHOLDER", b"a" * (size - len(part) + len(b"PLACEHOLDER")))
            package.writestr(name, part)
    return out.getvalue()


class _FormAsShown(HTMLParser):
    """What a browser would send for the page's edit form if the person changed nothing."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.setdefault(name, []).append(a.get("value", "on"))
            elif kind not in ("submit", "file"):
                self.data[name] = a.get("value", "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data.lstrip("\n") if not self.data[self._textarea] else data


def form_as_shown(response) -> dict:
    """The data a browser would post from the page's form (its hidden page values included) if nothing changed."""
    parser = _FormAsShown()
    parser.feed(response.content.decode())
    return parser.data


def race_in_parallel(first, second) -> tuple[Exception | None, Exception | None]:
    """A double click or two tabs on PostgreSQL with real parallel connections: run `first` in a transaction that
    commits only after `second` has started in another connection (which then passes its checks and waits on the
    unique index, the window a double click hits); return what each raised (None when it succeeded)."""
    started, outcome = threading.Event(), {}

    def run_first():
        try:
            with transaction.atomic():
                first()
                started.set()
                time.sleep(1.5)  # the second request runs its checks and blocks on the unique index meanwhile
            outcome["first"] = None
        except Exception as exc:  # noqa: BLE001 — asserted by the caller
            outcome["first"] = exc
            started.set()
        finally:
            connection.close()

    def run_second():
        started.wait(timeout=30)
        try:
            second()
            outcome["second"] = None
        except Exception as exc:  # noqa: BLE001 — asserted by the caller
            outcome["second"] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run_first), threading.Thread(target=run_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcome["first"], outcome["second"]
