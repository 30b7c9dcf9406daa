"""SIGTERM and Ctrl-C stop a run at once: the workers killed, the run marked `interrupted`,
the lock released, one line on stderr and no traceback."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import ROOT, query, slow_page, wait_for_workers, wait_until_gone

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


def test_a_run_started_ignoring_ctrl_c_keeps_ignoring_it(tmp_path):
    folder, db = tmp_path / "in", tmp_path / "s.db"
    folder.mkdir()
    (folder / "slow.html").write_text(slow_page())
    proc = subprocess.Popen(  # as `nohup` or a shell's background job starts it
        [sys.executable, "-m", "pipeline", "ingest", str(folder), "--db", str(db), "--workers",
         "1"], cwd=ROOT, stderr=subprocess.PIPE, text=True, start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        wait_for_workers(proc, 3)
        os.kill(proc.pid, signal.SIGINT)
        time.sleep(2)
        assert proc.poll() is None  # still working
        os.kill(proc.pid, signal.SIGTERM)
        _out, err = proc.communicate(timeout=60)
        assert proc.returncode == 128 + signal.SIGTERM, err
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
