"""ocop.staticfiles: the production storage writes the same compressed files as WhiteNoise's, and compresses a
content that several collected files share only once (a file and its hashed copy are usually the same bytes)."""

import gzip
import os
from pathlib import Path

import brotli
from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage as WhiteNoiseStorage

from ocop.staticfiles import CompressedManifestStaticFilesStorage

FILES = {
    "css/site.css": b"body { color: #123; }\n" * 300,
    "css/site.0123456789ab.css": b"body { color: #123; }\n" * 300,  # its hashed copy: the same bytes
    "css/other.css": b".card { margin: 0; }\n" * 300,
    "js/app.js": b"console.log('ocop');\n" * 300,
    "js/app.js.map": b'{"version": 3}' * 300,  # left uncompressed (settings)
    "fonts/be-vietnam-pro.woff2": b"wOF2" + b"\0" * 2000,
    "tiny.txt": b"x",  # not worth compressing
}


def _collected(root: Path) -> Path:
    for name, data in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def _tree(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def test_it_writes_what_whitenoise_writes_compressing_each_content_once(tmp_path, monkeypatch):
    ours = CompressedManifestStaticFilesStorage(location=_collected(tmp_path / "ours"), base_url="/static/")
    copy, original = tmp_path / "ours" / "css/site.0123456789ab.css", tmp_path / "ours" / "css/site.css"
    os.utime(original, (1_700_000_000, 1_700_000_000))  # each compressed file keeps its own file's time
    theirs = WhiteNoiseStorage(location=_collected(tmp_path / "theirs"), base_url="/static/")
    compressed = []
    compress = Compressor.compress
    monkeypatch.setattr(Compressor, "compress", lambda self, path: compressed.append(path) or compress(self, path))

    written = sorted(ours.compress_files(FILES))
    assert len(compressed) == 4  # site.css once for both names, other.css, app.js, tiny.txt (tried, not kept)
    assert written == sorted(theirs.compress_files(FILES))
    assert _tree(tmp_path / "ours") == _tree(tmp_path / "theirs")
    for name in ("css/site.css", "css/site.0123456789ab.css"):
        assert brotli.decompress((tmp_path / "ours" / f"{name}.br").read_bytes()) == FILES[name]
        assert gzip.decompress((tmp_path / "ours" / f"{name}.gz").read_bytes()) == FILES[name]
    for path in (copy, original):
        for suffix in (".br", ".gz"):
            assert path.with_name(path.name + suffix).stat().st_mtime == path.stat().st_mtime
