"""The benchmark's view of the workers: this process's children and grandchildren from /proc,
their CPU and memory, and CPU counted once whether or not a child has been reaped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from pipeline.bench_sampler import WorkerSampler, proc_cpu_s, proc_status, worker_pids

# a child that forks a grandchild, which burns a little CPU, then both wait
FAMILY = ("import os, time\nif os.fork() == 0:\n    sum(range(3_000_000))\n"
          "time.sleep(60)\n")


@pytest.fixture
def family():
    child = subprocess.Popen([sys.executable, "-c", FAMILY], start_new_session=True)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            grandchildren = [p for p, parent in worker_pids() if parent == child.pid]
            if grandchildren and proc_cpu_s(grandchildren[0]):
                break
            time.sleep(0.05)
        yield child
    finally:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()


def test_descendants_are_found_with_their_parents(family) -> None:
    pids = dict(worker_pids())
    assert pids[family.pid] == os.getpid()
    [grandchild] = [p for p, parent in pids.items() if parent == family.pid]
    assert proc_cpu_s(grandchild) > 0
    assert proc_status(grandchild)["VmRSS"] > 0


def test_cpu_of_a_reaped_child_is_not_counted_twice(family) -> None:
    sampler = WorkerSampler()
    sampler.sample()
    [grandchild] = [p for p, parent in worker_pids() if parent == family.pid]
    assert sampler.children == {family.pid}
    os.kill(family.pid, signal.SIGKILL)
    family.wait()
    reaped = 1.5  # what RUSAGE_CHILDREN would report for the child
    assert sampler.worker_cpu_s(reaped) == pytest.approx(reaped + sampler.cpu_s[grandchild])


def test_gone_process_has_no_figures() -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    assert proc_cpu_s(gone.pid) is None
    assert proc_status(gone.pid) == {}
