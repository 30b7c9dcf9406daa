"""py3langid's model, loaded from an uncompressed copy cached on disk.

py3langid ships its model compressed with xz: decompressing it costs every process that needs
it about two thirds of a second, more than the rest of a worker's start. The first process to
load it also writes its arrays uncompressed to salvo's cache folder (`SALVO_CACHE_DIR`, else
`$XDG_CACHE_HOME/salvo`, else `~/.cache/salvo`), under a name that holds py3langid's version
and the model file's size and time; later processes map those files in a few milliseconds and
share their pages. If the cache cannot be written or read, py3langid loads its own file.
"""

from __future__ import annotations

import lzma
import os
import shutil
import tempfile
from importlib.metadata import version
from pathlib import Path
from typing import IO

import numpy as np
from py3langid import langid, modelio

CACHE_ENV = "SALVO_CACHE_DIR"
ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")  # py3langid's names


def cache_dir() -> Path:
    """The folder salvo caches derived files in."""
    named = os.environ.get(CACHE_ENV)
    if named:
        return Path(named)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "salvo"


def load() -> None:
    """Give py3langid its identifier, from the cached arrays when possible."""
    if langid.IDENTIFIER is not None:
        return
    source = langid.MODEL_DIR / langid.MODEL_FILE
    try:
        folder = _cached_arrays(source)
        langid.IDENTIFIER = _identifier(folder)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        langid.classify("")  # py3langid loads its compressed file (or has changed its layout)


def _cached_arrays(source: Path) -> Path:
    """The folder of the model's arrays as .npy files, written first if missing."""
    stat = source.stat()
    folder = cache_dir() / f"py3langid-{version('py3langid')}-{stat.st_size}-{stat.st_mtime_ns}"
    if folder.is_dir():
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".writing-"))
    try:
        with tempfile.TemporaryFile() as npz:
            _decompress(source, npz)
            with np.load(npz, allow_pickle=False) as arrays:
                for name in ARRAYS:
                    np.save(scratch / f"{name}.npy", arrays[name], allow_pickle=False)
        scratch.rename(folder)  # whole or not at all; fails if another process wrote it first
    except OSError:
        if not folder.is_dir():
            raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return folder


def _decompress(source: Path, target: IO[bytes]) -> None:
    with lzma.open(source) as compressed:
        shutil.copyfileobj(compressed, target, length=1 << 20)
    target.seek(0)


def _identifier(folder: Path) -> langid.LanguageIdentifier:
    """py3langid's identifier built from the arrays, as its own loader builds it."""
    arrays = {name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False)
              for name in ARRAYS}
    return langid.LanguageIdentifier(
        np.asarray(arrays["ptc"]), np.asarray(arrays["pc"]), arrays["classes"].tolist(),
        modelio._to_array(arrays["nextmove"]), arrays["out_feat"].tolist(),
        tk_row=modelio._to_array(arrays["nextmove_row"]))
