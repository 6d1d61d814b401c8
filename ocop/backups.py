"""Backups of what the app keeps: the database and the stored files (MEDIA_ROOT). Redis keeps nothing that is not
also in the database (queued work waits in the outbox table, long jobs are rows), so it needs no backup.

A backup is one folder, `ocop-backup-<YYYYmmdd-HHMMSS>/`, readable by its owner only (it holds personal data):
  database.dump     pg_dump's custom format (PostgreSQL), or database.sqlite3 (SQLite's online backup)
  media.tar         every stored file: certificate PDFs, dossier documents, photos, plan documents
  manifest.json     when, which database engine, the last migration of each app, every table's row count, and the
                    SHA-256 of the two files above
The database is dumped first, as one consistent snapshot while the app keeps running; the files are archived after
it, so every file a dumped row names is in the archive (stored files are written once and never changed in place).
The folder is built under a temporary name and renamed once complete: a backup that was killed halfway is never
taken for one. A restore checks the checksums and the migrations before it touches anything, unpacks the files
before it replaces the database, and checks the row counts after; `manage.py backup` and
`manage.py restore_backup` run these two functions (README, "Backups")."""

import hashlib
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import tarfile
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.choices import AuditAction
from ocop.models import User
from ocop.services import audit_record

MANIFEST = "manifest.json"
MEDIA = "media.tar"
FORMAT = 1


def backup_create(*, into: Path) -> Path:
    """Writes a complete backup folder under `into` and returns it."""
    into = Path(into)
    into.mkdir(parents=True, exist_ok=True)
    name = f"ocop-backup-{timezone.localtime():%Y%m%d-%H%M%S}"
    partial = into / f".{name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(mode=0o700)
    try:
        database, migrations, counts = _database_dump(partial)
        _media_archive(partial / MEDIA)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.localtime().isoformat(),
            "engine": _engine(),
            "migrations": migrations,
            "rows": counts,
            "files": {file: _sha256(partial / file) for file in (database, MEDIA)},
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        folder = into / name
        partial.rename(folder)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    # The administrator's home page says when the last backup was made (ocop.selectors.operations_status); the row
    # is written after the dump, so a backup holds the rows of the backups before it.
    audit_record(
        actor=None,
        action=AuditAction.BACKUP_CREATE,
        summary=folder.name,
        changes={"folder": str(folder), "bytes": sum(path.stat().st_size for path in folder.iterdir())},
    )
    return folder


def backup_prune(*, into: Path, keep: int) -> list[Path]:
    """Deletes the complete backups in `into` (`ocop-backup-…` folders with a manifest) but the `keep` newest, so that
    nightly backups do not fill the disk the stored files live on; returns what it deleted. Anything else in `into`
    (a backup being written, a folder of another program) is left alone."""
    if keep < 1:
        raise ValidationError(_("Cần giữ lại ít nhất một bản sao lưu."))
    complete = sorted(
        (path for path in Path(into).glob("ocop-backup-*") if path.is_dir() and (path / MANIFEST).is_file()),
        key=lambda path: path.name,  # the name carries the date and time
    )
    removed = complete[:-keep]
    for folder in removed:
        shutil.rmtree(folder)
    return removed


def backup_restore(*, folder: Path, replace: bool = False) -> dict:
    """Puts the database and the stored files of `folder` back. Refuses, before changing anything, a backup that is
    incomplete or altered, one made by a newer version of the app, a database with tables the backup lacks, and a
    database that already holds data unless `replace`. Returns the manifest."""
    folder = Path(folder)
    manifest = backup_check(folder=folder)
    engine = _engine()
    if manifest["engine"] != engine:
        raise ValidationError(
            _("Bản sao lưu là của cơ sở dữ liệu %(backup)s, hệ thống đang dùng %(current)s.")
            % {"backup": manifest["engine"], "current": engine}
        )
    if not replace and _holds_data():
        raise ValidationError(_("Cơ sở dữ liệu đang có dữ liệu: chỉ khôi phục đè lên khi được yêu cầu rõ (--replace)."))
    newer = _tables_the_backup_lacks(folder)
    if newer:
        # They would outlive the restore beside a migration table that does not know them, and `migrate` would then
        # fail creating them again.
        raise ValidationError(
            _(
                "Cơ sở dữ liệu có các bảng mà bản sao lưu không có (%(tables)s), của một phiên bản mới hơn: hãy "
                "khôi phục vào một cơ sở dữ liệu trống rồi chạy manage.py migrate."
            )
            % {"tables": ", ".join(newer)}
        )
    # The files are unpacked first, beside the stored ones, and moved in once the database is back: a file the
    # extraction refuses, or a full disk, stops the restore before the database changes, not after it.
    try:
        with _media_unpacked(folder / MEDIA) as unpacked:
            restored = _database_restore(folder)
            _media_move_in(unpacked)
    except tarfile.FilterError as error:  # an absolute path, '..', a link out of MEDIA_ROOT, a device
        raise ValidationError(
            _("Tệp %(file)s của bản sao lưu chứa một mục không được phép khôi phục: %(member)s.")
            % {"file": MEDIA, "member": error.tarinfo.name}
        ) from error
    differing = {
        table: (rows, restored.get(table)) for table, rows in manifest["rows"].items() if restored.get(table) != rows
    }
    if differing:
        raise ValidationError(
            _("Số dòng sau khi khôi phục khác bản sao lưu (bảng: (sao lưu, sau khôi phục)): %(tables)s.")
            % {"tables": differing}
        )
    # The trail says when the data went back to which backup: what was written after it is gone.
    audit_record(
        actor=None,
        action=AuditAction.BACKUP_RESTORE,
        summary=folder.name,
        changes={"backup_created_at": manifest["created_at"]},
    )
    return manifest


def backup_check(*, folder: Path) -> dict:
    """The manifest of a complete, unaltered backup this version of the app can restore; ValidationError else."""
    manifest_path = Path(folder) / MANIFEST
    if not manifest_path.is_file():
        raise ValidationError(_("Không phải bản sao lưu hoàn chỉnh: thiếu %(file)s.") % {"file": MANIFEST})
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise ValidationError(_("Định dạng bản sao lưu không được hỗ trợ."))
    for file, digest in manifest["files"].items():
        path = Path(folder) / file
        if not path.is_file() or _sha256(path) != digest:
            raise ValidationError(_("Tệp %(file)s của bản sao lưu bị thiếu hoặc đã bị thay đổi.") % {"file": file})
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = sorted(f"{app}.{name}" for app, name in manifest["migrations"].items() if (app, name) not in known)
    if unknown:
        raise ValidationError(
            _(
                "Bản sao lưu được tạo bởi phiên bản mới hơn của ứng dụng (%(migrations)s): hãy "
                "cập nhật ứng dụng trước khi khôi phục."
            )
            % {"migrations": ", ".join(unknown)}
        )
    return manifest


# --- The database ------------------------------------------------------------------------------------------------
def _database() -> dict:
    """The settings of the database backed up and restored: Django's default connection."""
    return connection.settings_dict


def _engine() -> str:
    return "postgresql" if _database()["ENGINE"].endswith("postgresql") else "sqlite"


def _database_dump(folder: Path) -> tuple[str, dict[str, str], dict[str, int]]:
    """The database into `folder`; the last migration of each app and every table's row count, read in that copy."""
    if _engine() == "postgresql":
        # pg_dump reads the snapshot this transaction exports, and the rows are counted in it: the same rows.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            _postgres_tool(
                ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                 f"--file={folder / 'database.dump'}"],
                failure=_("pg_dump không sao lưu được: %(error)s"),
            )  # fmt: skip
            tables = set(connection.introspection.table_names(cursor))
            return "database.dump", _applied_migrations(cursor), _row_counts(cursor, tables)
    with _sqlite_copied(_database()["NAME"], folder / "database.sqlite3") as copy:
        return "database.sqlite3", _applied_migrations(copy.cursor()), _sqlite_row_counts(copy)


def _database_restore(folder: Path) -> dict[str, int]:
    """The backup's database in place of this one; returns the row counts it then holds."""
    connection.close()
    if _engine() == "postgresql":
        _postgres_tool(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
             "--exit-on-error", f"--dbname={_database()['NAME']}", str(folder / "database.dump")],
            failure=_("pg_restore không khôi phục được: %(error)s"),
        )  # fmt: skip
        with connection.cursor() as cursor:
            return _row_counts(cursor, set(connection.introspection.table_names(cursor)))
    with _sqlite_copied(folder / "database.sqlite3", _database()["NAME"]) as restored:
        return _sqlite_row_counts(restored)


def _tables_the_backup_lacks(folder: Path) -> list[str]:
    """The tables of this database that the PostgreSQL dump in `folder` does not hold (SQLite's copy replaces the
    whole file, so there are none)."""
    if _engine() != "postgresql":
        return []
    listing = _postgres_tool(
        ["pg_restore", "--list", str(folder / "database.dump")], failure=_("pg_restore không khôi phục được: %(error)s")
    )
    dumped = {line.split()[5] for line in listing.splitlines() if line.split()[3:5] == ["TABLE", "public"]}
    return sorted(set(connection.introspection.table_names()) - dumped)


def _postgres_tool(command: list[str], *, failure: str) -> str:
    """Runs pg_dump or pg_restore on the database and returns what it printed; `failure` (with its error) if it
    fails."""
    run = subprocess.run(command, env=_libpq_env(), capture_output=True, text=True)
    if run.returncode:
        raise ValidationError(failure % {"error": run.stderr[-2000:]})
    return run.stdout


@contextmanager
def _sqlite_copied(source, target):
    """SQLite's online backup of the file `source` into `target` (a consistent copy while others write); yields the
    copy's connection."""
    source, target = sqlite3.connect(source), sqlite3.connect(target)
    try:
        with target:
            source.backup(target)
        yield target
    finally:
        source.close()
        target.close()


def _libpq_env() -> dict:
    """The connection of DATABASES['default'] for pg_dump/pg_restore, through libpq's variables (no password on a
    command line, where `ps` would show it)."""
    db = _database()
    variables = {
        "PGHOST": db.get("HOST"),
        "PGPORT": db.get("PORT"),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGDATABASE": db.get("NAME"),
    }
    return {**os.environ, **{key: str(value) for key, value in variables.items() if value}}


def _applied_migrations(cursor) -> dict[str, str]:
    """The last applied migration of each app (an app's migrations are applied in their order)."""
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY applied, id")
    return {app: name for app, name in cursor.fetchall()}


def _row_counts(cursor, existing: set[str]) -> dict[str, int]:
    """The row count of every model table among `existing`, through `cursor` (Django's, or sqlite3's on a copy)."""
    counts = {}
    for table in sorted({model._meta.db_table for model in apps.get_models(include_auto_created=True)} & existing):
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _sqlite_row_counts(database: sqlite3.Connection) -> dict[str, int]:
    cursor = database.cursor()
    return _row_counts(
        cursor, {name for (name,) in cursor.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    )


def _holds_data() -> bool:
    return "ocop_user" in connection.introspection.table_names() and User.objects.exists()


# --- The stored files --------------------------------------------------------------------------------------------
def _media_archive(path: Path) -> None:
    root = Path(settings.MEDIA_ROOT)
    with tarfile.open(path, "w") as archive:
        if root.is_dir():
            for item in sorted(root.rglob("*")):
                if item.relative_to(root).parts[0].startswith(".restoring-"):
                    continue  # what a restore killed halfway left unpacked
                if item.is_file() and not item.is_symlink():
                    archive.add(item, arcname=str(item.relative_to(root)), recursive=False)


@contextmanager
def _media_unpacked(path: Path):
    """Yields a folder inside MEDIA_ROOT (the same file system, so its files move in by renaming) holding the
    archive's files; removes what is left of it at the end. A Python without tarfile's extraction filter (before
    3.11.4, Debian 12's own 3.11.2 among them) cannot unpack safely, and is refused."""
    if not hasattr(tarfile, "data_filter"):
        raise ValidationError(
            _(
                "Python %(version)s không giải nén được tệp lưu trữ một cách an toàn: khôi phục cần Python 3.11.4 "
                "trở lên."
            )
            % {"version": platform.python_version()}
        )
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    unpacked = root / f".restoring-{os.getpid()}"
    shutil.rmtree(unpacked, ignore_errors=True)
    try:
        with tarfile.open(path) as archive:
            archive.extractall(unpacked, filter="data")  # refuses absolute paths, '..' and links out of the folder
        yield unpacked
    finally:
        shutil.rmtree(unpacked, ignore_errors=True)


def _media_move_in(unpacked: Path) -> None:
    """The unpacked files in their places under MEDIA_ROOT (a stored file is written once and never changed, so one
    already there is the same file)."""
    root = Path(settings.MEDIA_ROOT)
    for file in sorted(path for path in unpacked.rglob("*") if path.is_file()):
        target = root / file.relative_to(unpacked)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(file, target)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
