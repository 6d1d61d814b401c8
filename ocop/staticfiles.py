"""The static files storage of production (STATIC_MANIFEST=1): WhiteNoise's hashed names and compressed copies,
with each distinct file compressed once.

WhiteNoise compresses every collected file under both of its names, `app.js` and `app.1a2b3c4d5e6f.js`. Most of
the pairs are byte for byte the same file (only a stylesheet or script whose references were rewritten differs
from its original), and Brotli at its highest level is what collectstatic spends its time on: the Swagger UI
bundle alone takes two seconds a copy. Here the files are grouped by content, each group is compressed once
(largest first, so that no large file is left to finish alone at the end) and the result is copied to the rest
of the group. The files written are exactly those WhiteNoise writes.
"""

import hashlib
import os
import shutil
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage as WhiteNoiseStorage


class CompressedManifestStaticFilesStorage(WhiteNoiseStorage):
    def compress_files(self, paths: Iterable[str]) -> Iterator[tuple[str, str]]:
        extensions = getattr(settings, "WHITENOISE_SKIP_COMPRESS_EXTENSIONS", None)
        self.compressor = self.create_compressor(extensions=extensions, quiet=True)
        groups: dict[bytes, list[str]] = {}
        sizes: dict[bytes, int] = {}
        for path in sorted(paths):
            if not self.compressor.should_compress(path):
                continue
            with open(self.path(path), "rb") as handle:
                data = handle.read()
            digest = hashlib.sha256(data).digest()
            groups.setdefault(digest, []).append(path)
            sizes[digest] = len(data)
        largest_first = sorted(groups, key=sizes.__getitem__, reverse=True)
        with ThreadPoolExecutor() as executor:
            futures = [executor.submit(self._compress_group, groups[digest]) for digest in largest_first]
            for future in as_completed(futures):
                yield from future.result()

    def _compress_group(self, names: list[str]) -> list[tuple[str, str]]:
        """Compress the first file of a group of identical files and copy each compressed file to the others,
        with the modification time of the file it stands for (as WhiteNoise sets it)."""
        first, *others = names
        first_path = self.path(first)
        written = []
        for compressed_path in self.compressor.compress(first_path):
            suffix = compressed_path[len(first_path) :]  # ".br" or ".gz"
            written.append((first, first + suffix))
            for other in others:
                other_path = self.path(other)
                shutil.copyfile(compressed_path, other_path + suffix)
                stat = os.stat(other_path)
                os.utime(other_path + suffix, (stat.st_atime, stat.st_mtime))
                written.append((other, other + suffix))
        return written
