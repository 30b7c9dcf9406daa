"""CPU time and memory of the worker processes, sampled from /proc while a benchmark run goes.

The workers are this process's descendants: the reader and the extractors' fork server (its
children) and the extractors the server forks (grandchildren, which the kernel's accounting of
our children never sees); multiprocessing's resource tracker is left out. A child that has
exited and been reaped is counted by `resource.RUSAGE_CHILDREN` instead, so that nothing is
counted twice.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
KIB_PER_MIB = 1024


@dataclass
class WorkerSampler:
    """Samples the workers every `every`-th file and at the `total`-th, when all are done."""

    every: int = 1
    total: int = 0
    ticks: int = 0
    first_mb: dict[int, float] = field(default_factory=dict)
    last_mb: dict[int, float] = field(default_factory=dict)
    peak_mb: dict[int, float] = field(default_factory=dict)
    cpu_s: dict[int, float] = field(default_factory=dict)
    children: set[int] = field(default_factory=set)  # our own children among them

    def tick(self, _path: str) -> None:
        self.ticks += 1
        if self.ticks % self.every == 0 or self.ticks == self.total:
            self.sample()

    def sample(self) -> None:
        for pid, parent in worker_pids():
            status = proc_status(pid)
            cpu = proc_cpu_s(pid)
            if "VmRSS" not in status or cpu is None:
                continue
            if parent == os.getpid():
                self.children.add(pid)
            self.first_mb.setdefault(pid, status["VmRSS"])
            self.last_mb[pid] = status["VmRSS"]
            self.peak_mb[pid] = max(self.peak_mb.get(pid, 0.0), status.get("VmHWM", 0.0))
            self.cpu_s[pid] = cpu

    def growth_mb(self) -> float:
        """The largest growth of an extractor (our grandchildren) from its first sample to its
        last; the fork server and the reader only grow while they start."""
        return max((self.last_mb[pid] - self.first_mb[pid] for pid in self.last_mb
                    if pid not in self.children), default=0.0)

    def worker_cpu_s(self, reaped_s: float) -> float:
        """All the workers' CPU seconds, given those of our reaped children (RUSAGE_CHILDREN):
        the last sample of every worker that is not one of them."""
        alive = {pid for pid, _ in worker_pids()}
        return reaped_s + sum(cpu for pid, cpu in self.cpu_s.items()
                              if pid not in self.children or pid in alive)


def worker_pids() -> list[tuple[int, int]]:
    """(pid, parent pid) of this process's descendants, but multiprocessing's resource
    tracker."""
    found: list[tuple[int, int]] = []
    parents = [os.getpid()]
    while parents:
        parent = parents.pop()
        for pid in _children(parent):
            if b"resource_tracker" not in _cmdline(pid):
                found.append((pid, parent))
                parents.append(pid)
    return found


def _children(pid: int) -> list[int]:
    pids: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return pids
    for task in tasks:
        try:
            pids += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return pids


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def proc_status(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM (peak) of a process in MiB; empty when it is gone."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    fields = (line.split() for line in lines if line.startswith(("VmRSS:", "VmHWM:")))
    return {parts[0].rstrip(":"): int(parts[1]) / KIB_PER_MIB for parts in fields}


def proc_cpu_s(pid: int) -> float | None:
    """User and system CPU seconds of a process so far; None when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2:].split()  # after the command name, which may hold spaces
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime
