"""Worker processes die with their parent, so that a killed run leaves nothing running.

On Linux, `prctl(PR_SET_PDEATHSIG, SIGKILL)` has the kernel kill a process the moment its
parent dies, whatever the process is busy with (a thread watching a pipe would wait for the
GIL behind a long regex or parse). The chain: the reader and the extractors' fork server are
children of the run, the extractors children of the fork server. Elsewhere this is a no-op and
a worker ends when it next talks to the gone parent.

The kernel counts the parent *thread*: a process started from a thread dies when that thread
ends. The reader and the fork server are started from the main thread; the fork server forks
the extractors from its only thread.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
from multiprocessing.connection import wait

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent() -> None:
    """Have the kernel SIGKILL this process when its parent ends (Linux only)."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")


def exit_if_run_gone() -> None:
    """Exit at once if the process that started this worker has ended already (before
    `die_with_parent` was in force): its end of the sentinel pipe is then closed."""
    parent = multiprocessing.parent_process()
    if parent is not None and parent.sentinel is not None and wait([parent.sentinel], 0):
        os._exit(0)
