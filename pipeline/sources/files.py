"""Discovery: walk the input paths and list the article and WARC files in them.

Input: files and folders named on the command line. Output: `SourceFile` records (absolute
path, size, modification time) in a stable order (`is_warc_name` tells a WARC file, whose
records `pipeline.sources.warc` reads), and `SourceProblem` records for what cannot be
read (dangling symlinks, unreadable folders, FIFOs and devices, names that are not UTF-8).
Symlinks are followed, but a folder is never entered twice, so symlink loops end; a symlink met
in a folder that leads outside the paths given is a problem, not followed, unless the caller
says so (`--follow-symlinks`). The file type is decided later, from the content.
"""

from __future__ import annotations

import os
import stat as stat_mode
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

ARTICLE_SUFFIXES = (".html", ".htm", ".xhtml", ".txt")
COMPRESSED_SUFFIXES = (".gz",)
WARC_SUFFIXES = (".warc", ".warc.gz")


@dataclass(frozen=True)
class SourceFile:
    path: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class SourceProblem:
    path: str
    reason: str


def is_article_name(name: str) -> bool:
    """True for .html, .htm, .xhtml, .txt and their .gz forms, and for WARC files (.warc,
    .warc.gz), in any letter case."""
    name = name.lower()
    if is_warc_name(name):
        return True
    for suffix in COMPRESSED_SUFFIXES:
        name = name.removesuffix(suffix)
    return name.endswith(ARTICLE_SUFFIXES)


def is_warc_name(name: str) -> bool:
    """True for .warc and .warc.gz files, in any letter case."""
    return name.lower().endswith(WARC_SUFFIXES)


def discover(paths: Iterable[str], follow_symlinks: bool = False
             ) -> Iterator[SourceFile | SourceProblem]:
    """Yield every article file under `paths`, each once, in sorted order per folder."""
    absolute = [os.path.abspath(raw) for raw in paths]
    walk = _Walk(None if follow_symlinks else tuple(os.path.realpath(p) for p in absolute))
    for path in absolute:
        if os.path.isdir(path):
            yield from walk.folder(path)
        else:
            yield from _file(path, walk.seen_files)


class _Walk:
    """The state of one discovery: folders and files seen, the roots symlinks must stay in
    (None: follow every symlink)."""

    def __init__(self, roots: tuple[str, ...] | None) -> None:
        self.roots = roots
        self.seen_dirs: set[tuple[int, int]] = set()
        self.seen_files: set[str] = set()

    def folder(self, top: str) -> Iterator[SourceFile | SourceProblem]:
        try:
            stat = os.stat(top)
            if (stat.st_dev, stat.st_ino) in self.seen_dirs:
                return
            self.seen_dirs.add((stat.st_dev, stat.st_ino))
            entries = sorted(os.scandir(top), key=lambda entry: entry.name)
        except OSError as exc:
            yield _problem(top, f"cannot read folder: {exc.strerror or exc}")
            return
        for entry in entries:
            try:
                is_dir = entry.is_dir()  # follows symlinks
            except OSError:
                is_dir = False
            if not is_dir and not is_article_name(entry.name):
                continue
            if (outside := self._outside(entry)) is not None:
                yield _problem(entry.path, f"symlink leads outside the folders given, to "
                                           f"{_printable(outside)}; --follow-symlinks follows it")
            elif is_dir:
                yield from self.folder(entry.path)
            else:
                yield from _file(entry.path, self.seen_files)

    def _outside(self, entry: os.DirEntry[str]) -> str | None:
        """The target of a symlink that leads outside the roots, else None."""
        if self.roots is None or not entry.is_symlink():
            return None
        target = os.path.realpath(entry.path)
        inside = any(target == root or target.startswith(root.rstrip(os.sep) + os.sep)
                     for root in self.roots)
        return None if inside else target


def _file(path: str, seen_files: set[str]) -> Iterator[SourceFile | SourceProblem]:
    if path in seen_files:
        return
    seen_files.add(path)
    if _printable(path) != path:
        yield _problem(path, "file name is not valid UTF-8; rename the file")
        return
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        reason = "dangling symlink" if os.path.islink(path) else "no such file"
        yield SourceProblem(path, reason)
        return
    except OSError as exc:
        yield SourceProblem(path, f"cannot stat: {exc.strerror or exc}")
        return
    if not stat_mode.S_ISREG(stat.st_mode):
        # a FIFO would block the reader forever, a device would never end
        yield SourceProblem(path, "not a regular file")
        return
    yield SourceFile(path, stat.st_size, stat.st_mtime_ns)


def _printable(path: str) -> str:
    """The path as valid Unicode: undecodable bytes in a name become \\xNN escapes."""
    return os.fsencode(path).decode("utf-8", errors="backslashreplace")


def _problem(path: str, reason: str) -> SourceProblem:
    return SourceProblem(_printable(path), reason)
