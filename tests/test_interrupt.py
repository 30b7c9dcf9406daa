"""SIGTERM and Ctrl-C stop a run at once: the workers killed, the run marked `interrupted`,
the lock released, one line on stderr and no traceback."""

from __future__ import annotations

import os
import signal
import time

import pytest
from conftest import query, slow_page, wait_for_workers, wait_until_gone

from pipeline.run.lock import RunLock

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(("signum", "to_group"), [(signal.SIGTERM, False), (signal.SIGINT, True)],
                         ids=["SIGTERM", "Ctrl-C"])
def test_signal_stops_the_run_marks_it_interrupted_and_releases_the_lock(
        tmp_path, start_ingest, signum, to_group):
    folder, db = tmp_path / "in", tmp_path / "s.db"
    folder.mkdir()
    (folder / "slow.html").write_text(slow_page())
    proc = start_ingest(folder, db, "--workers", "1")
    # the reader (on the slow page), the fork server and the resource tracker
    workers = wait_for_workers(proc, 3)
    time.sleep(1.0)  # well into the slow page
    if to_group:  # a terminal sends Ctrl-C to the whole job
        os.killpg(proc.pid, signum)
    else:
        os.kill(proc.pid, signum)
    began = time.monotonic()
    _out, err = proc.communicate(timeout=60)
    # the issue asks for a second; 5 s leave room for a loaded 2-core machine
    assert time.monotonic() - began < 5, err
    assert proc.returncode == 128 + signum, err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert "interrupted" in err
    assert query(db, "SELECT status, exit_code FROM runs") == [("interrupted", 128 + signum)]
    assert wait_until_gone(workers, 5) == set()
    with RunLock(str(db)):  # released
        pass
