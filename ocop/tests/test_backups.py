"""Backups (ocop.backups, `manage.py backup` and `manage.py restore_backup`): what was lost after a backup comes back,
rows and stored files; an incomplete, altered or newer backup is refused before anything changes; a database that
holds data is replaced only when asked."""

import datetime
import io
import json
import sqlite3
import tarfile

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection

from ocop import backups
from ocop.models import AuditEvent, User
from products.models import Producer

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump reads what is committed

PDF = b"%PDF-1.7 giay chung nhan"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    stored = settings.MEDIA_ROOT / "certificates" / "2026" / "gcn-01.pdf"
    stored.parent.mkdir(parents=True)
    stored.write_bytes(PDF)
    return stored


@pytest.mark.postgres
def test_what_was_deleted_after_a_backup_comes_back_rows_and_files(cast, media, tmp_path):
    out = io.StringIO()
    call_command("backup", "--into", str(tmp_path / "backups"), stdout=out)
    folder = tmp_path / "backups" / out.getvalue().strip().rsplit("/", 1)[-1]
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["engine"] == "postgresql" and manifest["rows"]["ocop_user"] == User.objects.count() == 12
    assert manifest["migrations"]["ocop"] and folder.stat().st_mode & 0o777 == 0o700
    assert [path.name for path in (tmp_path / "backups").iterdir()] == [folder.name]  # no partial folder left

    # The loss: a user deleted, a producer renamed, a stored certificate gone, a row added since the backup.
    User.objects.filter(username="viewer").delete()
    Producer.objects.filter(pk=cast.producer.pk).update(name="Đổi tên")
    media.unlink()
    Producer.objects.create(name="Sau sao lưu", kind=cast.producer.kind, commune=cast.commune)

    with pytest.raises(CommandError, match="--replace"):
        call_command("restore_backup", str(folder), stdout=io.StringIO())
    assert not media.exists()  # refused before anything changed

    call_command("restore_backup", str(folder), "--replace", stdout=io.StringIO())
    assert User.objects.filter(username="viewer").exists() and User.objects.count() == 12
    restored = AuditEvent.objects.get(action="backup.restore")  # the trail says the data went back, to which backup
    assert restored.summary == folder.name and restored.changes["backup_created_at"] == manifest["created_at"]
    assert Producer.objects.get(pk=cast.producer.pk).name == "HTX Tài Hoan"
    assert not Producer.objects.filter(name="Sau sao lưu").exists()
    assert media.read_bytes() == PDF
    # The sequences come back with the rows: the next producer gets a new id, not one already taken.
    assert Producer.objects.create(name="Mới", kind=cast.producer.kind, commune=cast.commune).pk > cast.producer.pk


@pytest.fixture
def sqlite_database(monkeypatch, tmp_path):
    """An embedded (SQLite) database of two users, which the backup functions work on instead of the test's."""
    path = tmp_path / "db.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE django_migrations (id integer primary key, app text, name text, applied text)")
        db.execute("INSERT INTO django_migrations (app, name, applied) VALUES ('ocop', '0001_initial', '2026')")
        db.execute("CREATE TABLE ocop_user (id integer primary key, username text)")
        db.executemany("INSERT INTO ocop_user (username) VALUES (?)", [("a",), ("b",)])
    monkeypatch.setattr(backups, "_database", lambda: {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)})
    return path


def test_the_embedded_sqlite_database_is_backed_up_and_restored(sqlite_database, media, tmp_path):
    path = sqlite_database
    folder = backups.backup_create(into=tmp_path / "backups")
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["engine"] == "sqlite" and manifest["rows"] == {"ocop_user": 2}
    assert manifest["migrations"] == {"ocop": "0001_initial"}
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM ocop_user")
    media.unlink()

    backups.backup_restore(folder=folder, replace=True)
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT username FROM ocop_user ORDER BY id").fetchall() == [("a",), ("b",)]
    assert media.read_bytes() == PDF


@pytest.fixture
def backup(cast, media, tmp_path):
    return backups.backup_create(into=tmp_path / "backups")


def _refused(folder, message):
    with pytest.raises(ValidationError, match=message):
        backups.backup_restore(folder=folder, replace=True)


@pytest.mark.postgres
def test_an_altered_incomplete_or_newer_backup_is_refused_before_anything_changes(cast, backup, media):
    media.unlink()
    manifest_path = backup / "manifest.json"
    manifest = json.loads(manifest_path.read_text())

    original = (backup / "media.tar").read_bytes()
    with tarfile.open(backup / "media.tar", "a") as archive:  # a file slipped into the archive afterwards
        archive.add(__file__, arcname="extra.py")
    _refused(backup, "media.tar")
    (backup / "media.tar").write_bytes(original)

    manifest_path.write_text(json.dumps({**manifest, "migrations": {**manifest["migrations"], "ocop": "9999_later"}}))
    _refused(backup, "9999_later")

    manifest_path.write_text(json.dumps(manifest))
    with connection.cursor() as cursor:  # a table a newer version of the app added after the backup
        cursor.execute("CREATE TABLE products_newer_feature (id integer)")
    try:
        _refused(backup, "products_newer_feature")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE products_newer_feature")

    manifest_path.unlink()  # what a backup killed halfway would lack
    _refused(backup, "manifest.json")
    assert not media.exists() and User.objects.count() == 12


def test_a_media_archive_cannot_write_outside_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    archive_path = tmp_path / "media.tar"
    with tarfile.open(archive_path, "w") as archive:
        info = tarfile.TarInfo("../outside.txt")
        info.size = 1
        archive.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(tarfile.OutsideDestinationError), backups._media_unpacked(archive_path):
        pass
    assert not (tmp_path / "outside.txt").exists() and not list(settings.MEDIA_ROOT.iterdir())


def test_a_disk_that_fills_while_the_files_are_unpacked_leaves_the_database_as_it_was(
    sqlite_database, media, tmp_path, monkeypatch
):
    """The files were unpacked after the database was replaced: a full disk then left the backup's rows beside
    today's files. They are unpacked first, and moved in once the database is back."""
    folder = backups.backup_create(into=tmp_path / "backups")
    with sqlite3.connect(sqlite_database) as db:
        db.execute("DELETE FROM ocop_user")
    media.unlink()

    def disk_full(self, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tarfile.TarFile, "extractall", disk_full)
    with pytest.raises(OSError, match="No space left"):
        backups.backup_restore(folder=folder, replace=True)
    assert _sqlite_users(sqlite_database) == [] and not media.exists()
    assert [path.name for path in media.parents[2].iterdir()] == ["certificates"]  # nothing left unpacked


def test_what_a_restore_killed_halfway_left_unpacked_is_not_backed_up(sqlite_database, media, tmp_path):
    leftover = media.parents[2] / ".restoring-4242" / "certificates" / "2026" / "gcn-01.pdf"
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(PDF)
    folder = backups.backup_create(into=tmp_path / "backups")
    with tarfile.open(folder / "media.tar") as archive:
        assert archive.getnames() == ["certificates/2026/gcn-01.pdf"]


def _sqlite_users(path) -> list[str]:
    with sqlite3.connect(path) as db:
        return [name for (name,) in db.execute("SELECT username FROM ocop_user ORDER BY id")]


def test_a_backup_whose_files_the_restore_would_refuse_is_refused_before_the_database_changes(
    sqlite_database, media, tmp_path
):
    """The files are put back after the database: an archive member that tarfile's filter refuses stopped the restore
    there, with the database already replaced and none of the files back. It is refused before, even when the
    manifest's checksum matches the archive (a backup written so, not altered after)."""
    folder = backups.backup_create(into=tmp_path / "backups")
    with tarfile.open(folder / "media.tar", "a") as archive:
        info = tarfile.TarInfo("../outside.txt")
        info.size = 1
        archive.addfile(info, io.BytesIO(b"x"))
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"]["media.tar"] = backups._sha256(folder / "media.tar")
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with sqlite3.connect(sqlite_database) as db:
        db.execute("INSERT INTO ocop_user (username) VALUES ('after the backup')")
    media.unlink()

    _refused(folder, r"\.\./outside\.txt")
    assert _sqlite_users(sqlite_database) == ["a", "b", "after the backup"]
    assert not media.exists() and not (tmp_path / "outside.txt").exists()


def test_a_python_without_tarfiles_filter_refuses_to_restore_before_anything_changes(
    sqlite_database, media, tmp_path, monkeypatch
):
    """Python before 3.11.4 (Debian 12's own python3 is 3.11.2) has no extraction filter: there the restore replaced
    the database, then failed on the files with a TypeError (extractall's `filter` unknown). Such a Python is told
    apart by tarfile's `data_filter`, which came with it."""
    folder = backups.backup_create(into=tmp_path / "backups")
    with sqlite3.connect(sqlite_database) as db:
        db.execute("DELETE FROM ocop_user")
    media.unlink()
    monkeypatch.delattr(tarfile, "data_filter")

    _refused(folder, "3.11.4")
    assert _sqlite_users(sqlite_database) == [] and not media.exists()


@pytest.mark.postgres
def test_each_backup_is_recorded_for_the_administrator_and_only_the_newest_are_kept(
    cast, media, tmp_path, time_machine
):
    """Nightly backups would fill the disk the stored files live on: `--keep N` deletes the older complete ones after
    a backup succeeds. Each backup is an audit row, which the administrator's home page reads."""
    from django.utils import timezone

    from ocop.selectors import operations_status

    into = tmp_path / "backups"
    made = []
    for _ in range(3):  # three nights
        time_machine.move_to(timezone.now() + datetime.timedelta(days=1), tick=False)
        out = io.StringIO()
        call_command("backup", "--into", str(into), "--keep", "2", stdout=out, stderr=io.StringIO())
        made.append(out.getvalue().splitlines()[0].rsplit("/", 1)[-1])
    assert sorted(path.name for path in into.iterdir()) == made[1:]
    events = AuditEvent.objects.filter(action="backup.create").order_by("at")
    assert [event.summary for event in events] == made and events[0].changes["bytes"] > 0
    status = operations_status()
    assert status["backup"].summary == made[-1] and not status["backup_late"]


def test_pruning_keeps_the_newest_complete_backups_and_touches_nothing_else(tmp_path):
    def folder(name, complete=True):
        path = tmp_path / name
        path.mkdir()
        if complete:
            (path / "manifest.json").write_text("{}")
        return path

    nights = [folder(f"ocop-backup-2026112{day}-023000") for day in range(5, 9)]
    killed = folder("ocop-backup-20261124-023000", complete=False)  # no manifest: not a backup
    writing = folder(".ocop-backup-20261129-023000.partial", complete=False)
    other = folder("other-program")

    removed = backups.backup_prune(into=tmp_path, keep=2)

    assert removed == nights[:2]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in [*nights[2:], killed, writing, other])
    with pytest.raises(ValidationError):
        backups.backup_prune(into=tmp_path, keep=0)
    with pytest.raises(CommandError):
        call_command("backup", "--into", str(tmp_path), "--keep", "-1", stdout=io.StringIO())
