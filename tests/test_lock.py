"""The run lock: keyed on the database file, whatever name reaches it."""

from __future__ import annotations

import os

import pytest
from conftest import salvo

from pipeline.run.lock import LockHeld, RunLock


@pytest.mark.parametrize("link", [os.link, os.symlink], ids=["hard-link", "symlink"])
def test_another_name_for_the_locked_database_is_locked_too(tmp_path, link):
    db = tmp_path / "s.db"
    other = tmp_path / "elsewhere" / "other.db"
    other.parent.mkdir()
    with RunLock(str(db)):
        link(db, other)
        with pytest.raises(LockHeld, match="another salvo run"):
            RunLock(str(other)).acquire()
    with RunLock(str(other)):  # released
        pass


def test_ingest_through_a_hard_link_while_a_run_holds_the_lock_exits_75(tmp_path, corpus):
    db, other = tmp_path / "s.db", tmp_path / "alias.db"
    with RunLock(str(db)):
        os.link(db, other)
        result = salvo("ingest", str(corpus), "--db", str(other))
    assert result.returncode == 75, result.stderr
    assert "another salvo run is using this database" in result.stderr
