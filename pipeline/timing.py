"""Per-stage timing: where the seconds of one document, or of a whole run, go.

Input: code run inside `StageClock.stage(name)` blocks, and the spaCy pipeline wrapped in
`TimedLanguage`. Output: CPU seconds per stage as `(name, seconds)` pairs, each stage's time
exclusive of the stages nested in it, ready to travel on an `Extraction` record. CPU time, not
wall time, so that the shares stay true on a machine busy with other work.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

Timings = tuple[tuple[str, float], ...]  # (stage, CPU seconds)


class StageClock:
    """Accumulates exclusive CPU time of this process per stage name; stages may nest."""

    def __init__(self) -> None:
        self._seconds: dict[str, float] = {}
        self._open: list[str] = []

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Book the time of the block to `name`, and take it off the enclosing stage."""
        self._open.append(name)
        start = time.process_time()
        try:
            yield
        finally:
            elapsed = time.process_time() - start
            self._open.pop()
            self.add(name, elapsed)
            if self._open:
                self.add(self._open[-1], -elapsed)

    def add(self, name: str, seconds: float) -> None:
        self._seconds[name] = self._seconds.get(name, 0.0) + seconds

    def totals(self) -> Timings:
        return tuple(self._seconds.items())


def add_timings(*parts: Timings) -> Timings:
    """The seconds per stage of several parts of one document's work, added up."""
    seconds: dict[str, float] = {}
    for part in parts:
        for stage, spent in part:
            seconds[stage] = seconds.get(stage, 0.0) + spent
    return tuple(seconds.items())


class TimedLanguage:
    """A spaCy `Language` whose calls and `pipe` streams are booked to one clock stage.

    Every other attribute is the wrapped pipeline's own, so claim extraction uses it unchanged;
    work done between the model's calls stays with the caller's stage.
    """

    def __init__(self, nlp: Any, clock: StageClock, stage: str = "nlp") -> None:
        self._nlp, self._clock, self._stage = nlp, clock, stage

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        with self._clock.stage(self._stage):
            return self._nlp(*args, **kwargs)

    def pipe(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        stream = iter(self._nlp.pipe(*args, **kwargs))
        while True:
            with self._clock.stage(self._stage):
                item = next(stream, _END)
            if item is _END:
                return
            yield item

    def __getattr__(self, name: str) -> Any:
        return getattr(self._nlp, name)


_END = object()
