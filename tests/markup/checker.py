"""The Nu Html Checker (vnu.jar, the W3C's validator), as the tests run it on pages they gathered: `make test`
fetches the pinned release (Makefile) and sets VNU_JAR."""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def vnu_jar() -> Path:
    """The checker `make test` fetched (VNU_JAR, which it sets, or the one in the virtual environment)."""
    jar = os.environ.get("VNU_JAR") or next(iter(sorted((ROOT / ".venv").glob("vnu-*.jar"))), None)
    if not jar or not Path(jar).is_file():
        pytest.fail("vnu.jar is missing: `make test` fetches it (npm).")
    if not shutil.which("java"):
        pytest.fail("java is missing: install Debian's default-jre-headless (.ci/run does).")
    return Path(jar)


# A page with a known error goes with every batch: the checker must report it, or it checked nothing.
CANARY = '<!doctype html><html lang="vi"><title>canary</title><span><form></form></span></html>'


def nu_errors(pages: dict[str, str]) -> list[str]:
    """The checker's errors on `pages` (address → HTML), each as 'address line: message'."""
    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for number, (address, html) in enumerate({"canary": CANARY, **pages}.items()):
            path = Path(folder) / f"{number}.html"
            path.write_text(html, encoding="utf-8")
            files[path] = address
        # Its schema needs a deep stack; the client compiler alone starts it in half the time for a few hundred pages.
        command = ["java", "-Xss8m", "-XX:TieredStopAtLevel=1", "-jar", str(vnu_jar())]
        run = subprocess.run(
            [*command, "--errors-only", "--format", "json", *map(str, files)],
            capture_output=True,
            text=True,
            timeout=300,
        )
    addresses = {f"file:{path}": address for path, address in files.items()}
    found = [(addresses.get(m.get("url"), m.get("url")), m) for m in json.loads(run.stderr)["messages"]]
    assert any(address == "canary" for address, _message in found), run.stderr
    return [f"{address} {m.get('lastLine', '')}: {m['message']}" for address, m in found if address != "canary"]


def assert_valid(pages: dict[str, str]) -> None:
    errors = nu_errors(pages)
    assert not errors, f"{len(errors)} errors of the Nu Html Checker:\n" + "\n".join(errors)
