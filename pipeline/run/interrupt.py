"""SIGINT and SIGTERM during a run: an `Interrupted` exception in the main thread, once.

The run then kills its workers, marks itself `interrupted` and releases its lock, and the
command prints one line. A second signal while it does so is ignored, so the clean-up is
never cut short; the workers ignore Ctrl-C themselves (the terminal sends it to them too).
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from types import FrameType

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(BaseException):
    """The run was stopped by a signal; not an `Exception`, so no document boundary eats it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.run_id: int | None = None  # the run it stopped, once that is marked interrupted

    @property
    def exit_code(self) -> int:
        """128 plus the signal number, as a shell reports a process the signal ended."""
        return 128 + self.signum


def _raise(signum: int, _frame: FrameType | None) -> None:
    for sig in SIGNALS:
        signal.signal(sig, signal.SIG_IGN)
    raise Interrupted(signum)


@contextlib.contextmanager
def signals_interrupt() -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM raise `Interrupted` (main thread only); a signal
    the process was started ignoring (`nohup`, a background job) stays ignored."""
    saved = {sig: signal.signal(sig, _raise) for sig in SIGNALS
             if signal.getsignal(sig) is not signal.SIG_IGN}
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def ignore_interrupts() -> None:
    """For a worker process: Ctrl-C is the run's to handle, not the worker's (no traceback)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
