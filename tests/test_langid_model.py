"""py3langid's model from salvo's cache: written on first use, then read back to the same
identifier; without a usable cache, py3langid loads its own file."""

from __future__ import annotations

import os
import shutil
import time

import pytest
from py3langid import langid

from pipeline.content import langid_model

TEXTS = ["Deutschland hat der Ukraine weitere Kampfpanzer geliefert, sagte der Minister.",
         "La France a livré des canons Caesar à l'Arménie, selon le ministère.",
         "The ministry said the first systems had arrived at the port on Monday.",
         "Україна отримала нові системи протиповітряної оборони."]


@pytest.fixture
def no_identifier(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(langid, "IDENTIFIER", None)


@pytest.mark.usefixtures("no_identifier")
def test_first_load_writes_the_cache_and_a_later_one_reads_it(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv(langid_model.CACHE_ENV, str(tmp_path))
    langid_model.load()
    [folder] = tmp_path.iterdir()
    assert folder.name.startswith("py3langid-")
    assert sorted(p.stem for p in folder.iterdir()) == sorted(langid_model.ARRAYS)
    first = [langid.rank(text)[:3] for text in TEXTS]
    monkeypatch.setattr(langid, "IDENTIFIER", None)
    langid_model.load()
    assert [langid.rank(text)[:3] for text in TEXTS] == first
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]


@pytest.mark.usefixtures("no_identifier")
def test_cached_model_classifies_as_py3langid_does(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv(langid_model.CACHE_ENV, str(tmp_path))
    langid_model.load()
    cached = [langid.classify(text) for text in TEXTS]
    own = langid._load_identifier()
    assert cached == [own.classify(text) for text in TEXTS]
    assert [code for code, _ in cached] == ["de", "fr", "en", "uk"]


@pytest.mark.usefixtures("no_identifier")
def test_unusable_cache_folder_falls_back_to_py3langids_file(monkeypatch, tmp_path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(langid_model.CACHE_ENV, str(blocked / "salvo"))
    langid_model.load()
    assert langid.classify(TEXTS[0])[0] == "de"


def test_cache_folder_follows_the_environment(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv(langid_model.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert langid_model.cache_dir() == tmp_path / "salvo"
    monkeypatch.setenv(langid_model.CACHE_ENV, str(tmp_path / "mine"))
    assert langid_model.cache_dir() == tmp_path / "mine"


@pytest.mark.usefixtures("no_identifier")
def test_copies_of_other_models_and_stale_scratch_are_removed(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv(langid_model.CACHE_ENV, str(tmp_path))
    other_model = tmp_path / "py3langid-0123456789abcdef"
    old_naming = tmp_path / "py3langid-0.4.0-4586720-1700000000000000000"
    stale, fresh = tmp_path / ".writing-killed", tmp_path / ".writing-busy"
    for folder in (other_model, old_naming, stale, fresh):
        folder.mkdir()
        (folder / "ptc.npy").write_bytes(b"not this model")
    os.utime(stale, (time.time() - 2 * langid_model.SCRATCH_STALE_SECONDS,) * 2)
    (tmp_path / "notes.txt").write_text("not salvo's")
    langid_model.load()
    [current] = tmp_path.glob("py3langid-*")
    assert sorted(p.name for p in tmp_path.iterdir()) == [fresh.name, "notes.txt", current.name]
    assert langid.classify(TEXTS[0])[0] == "de"


@pytest.mark.usefixtures("no_identifier")
def test_the_copy_is_keyed_by_the_models_content_and_reused(monkeypatch, tmp_path) -> None:
    cache, model_dir = tmp_path / "cache", tmp_path / "model"
    monkeypatch.setenv(langid_model.CACHE_ENV, str(cache))
    model = model_dir / langid.MODEL_FILE
    model.parent.mkdir(parents=True)
    shutil.copy(langid.MODEL_DIR / langid.MODEL_FILE, model)
    monkeypatch.setattr(langid, "MODEL_DIR", model_dir)
    langid_model.load()
    [folder] = cache.iterdir()
    written = (folder / "ptc.npy").stat()
    os.utime(model, (1_000_000_000, 1_000_000_000))  # the same content, another time
    monkeypatch.setattr(langid, "IDENTIFIER", None)
    langid_model.load()
    assert [p.name for p in cache.iterdir()] == [folder.name]
    reread = (folder / "ptc.npy").stat()
    assert (reread.st_ino, reread.st_mtime_ns) == (written.st_ino, written.st_mtime_ns)
    assert langid.classify(TEXTS[1])[0] == "fr"
