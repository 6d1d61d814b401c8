"""The migrated test template's name (conftest.py) comes from the migrations' names and contents, not from where
the checkout lies: a fresh clone in another folder (CI's) finds the template an earlier run left and copies it
instead of migrating for ~20 s while the other pytest-xdist worker waits."""

from django.conf import settings

from ocop.testing import migration_files, migrations_digest


def test_the_files_are_named_without_the_checkout_folder():
    files = migration_files()
    assert "ocop/migrations/0001_initial.py" in files and "evaluation/migrations/0001_initial.py" in files
    assert "auth/migrations/0001_initial.py" in files  # Django's own migrations count too
    assert not [name for name in files if name.startswith("/") or str(settings.BASE_DIR) in name]


def test_it_follows_a_project_module_that_a_migration_imports():
    files = migration_files()
    project_modules = [name for name in files if "/migrations/" not in name]
    assert project_modules and all(name.endswith(".py") for name in project_modules)


def test_the_digest_changes_with_a_migration_and_not_with_the_folder(monkeypatch, tmp_path):
    files = migration_files()
    before = migrations_digest()
    moved = {}
    for name, path in files.items():  # the same files in another folder
        copy = tmp_path / "clone" / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(path.read_bytes())
        moved[name] = copy
    monkeypatch.setattr("ocop.testing.migration_files", lambda: moved)
    assert migrations_digest() == before
    edited = tmp_path / "clone" / "ocop/migrations/0001_initial.py"
    edited.write_bytes(edited.read_bytes() + b"\n# changed\n")
    assert migrations_digest() != before
