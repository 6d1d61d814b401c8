"""Compile the gettext catalogues (.po → .mo) with polib, so no system gettext is needed to run the app.

The .po files are the source and are committed; the .mo files are build output and are not.
"""

from pathlib import Path

import polib
from django.conf import settings


def compile_catalogs(force: bool = False) -> list[Path]:
    """Compile every .po under LOCALE_PATHS whose .mo is missing or older; return the files written."""
    written = []
    for locale_path in settings.LOCALE_PATHS:
        for po_path in Path(locale_path).rglob("*.po"):
            mo_path = po_path.with_suffix(".mo")
            if force or not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                written.append(mo_path)
    return written
