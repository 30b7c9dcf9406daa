"""py3langid's model, loaded from an uncompressed copy cached on disk.

py3langid ships its model compressed with xz: decompressing it costs every process that needs
it about two thirds of a second, more than the rest of a worker's start. The first process to
load it also writes its arrays uncompressed to salvo's cache folder (`SALVO_CACHE_DIR`, else
`$XDG_CACHE_HOME/salvo`, else `~/.cache/salvo`), under a name that holds a hash of the model
file's content (5 ms to compute); later processes map those files in a few milliseconds and
share their pages. Copies made from other models, and scratch folders a killed writer left
behind, are removed at each load. If the cache cannot be written or read, py3langid loads its
own file.
"""

from __future__ import annotations

import hashlib
import lzma
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import IO

import numpy as np
from py3langid import langid, modelio

CACHE_ENV = "SALVO_CACHE_DIR"
ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")  # py3langid's names
COPY_PREFIX = "py3langid-"
SCRATCH_PREFIX = ".writing-"
SCRATCH_STALE_SECONDS = 3600  # a write takes about a second; an older scratch folder is litter


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
    with source.open("rb") as model:
        digest = hashlib.file_digest(model, "sha256").hexdigest()[:16]
    folder = cache_dir() / f"{COPY_PREFIX}{digest}"
    if not folder.is_dir():
        _write_arrays(source, folder)
    _prune(folder)
    return folder


def _write_arrays(source: Path, folder: Path) -> None:
    """Decompress the model into `folder`, whole or not at all."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(dir=folder.parent, prefix=SCRATCH_PREFIX))
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


def _prune(keep: Path) -> None:
    """Remove the copies of other models and stale scratch folders beside `keep`."""
    for path in keep.parent.iterdir():
        if _stale(path, keep.name):
            shutil.rmtree(path, ignore_errors=True)


def _stale(path: Path, current: str) -> bool:
    """A copy made from another model, or a scratch folder that a killed writer left behind."""
    if path.name.startswith(COPY_PREFIX):
        return path.name != current
    if not path.name.startswith(SCRATCH_PREFIX):
        return False
    try:
        return time.time() - path.lstat().st_mtime > SCRATCH_STALE_SECONDS
    except OSError:  # its writer removed it meanwhile
        return False


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
