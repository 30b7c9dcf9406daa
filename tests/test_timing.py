"""Per-stage timing: nested stages are booked exclusively, and the model's time is its own."""

from __future__ import annotations

import time

from pipeline.timing import StageClock, TimedLanguage, add_timings


def _spin(seconds: float) -> None:
    """Burn CPU time (the clock counts CPU, so sleeping would not show)."""
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_nested_stage_is_taken_off_the_enclosing_one():
    clock = StageClock()
    with clock.stage("events"):
        _spin(0.02)
        with clock.stage("nlp"):
            _spin(0.05)
    totals = dict(clock.totals())
    assert 0.05 <= totals["nlp"] < 0.1
    assert 0.02 <= totals["events"] < 0.05


class _FakeNlp:
    max_length = 1000

    def __call__(self, text: str) -> str:
        _spin(0.02)
        return text.upper()

    def pipe(self, texts):
        for text in texts:
            _spin(0.02)
            yield text.upper()


def test_timed_language_books_calls_and_streams_and_passes_attributes_through():
    clock = StageClock()
    nlp = TimedLanguage(_FakeNlp(), clock, "nlp")
    with clock.stage("events"):
        docs = [nlp("a"), *nlp.pipe(["b", "c"])]
        _spin(0.02)
    totals = dict(clock.totals())
    assert docs == ["A", "B", "C"]
    assert nlp.max_length == 1000
    assert 0.06 <= totals["nlp"] < 0.12
    assert 0.02 <= totals["events"] < 0.05


def test_timings_of_a_document_read_in_one_process_and_finished_in_another_add_up():
    read = (("decode", 0.5), ("content", 2.0), ("events", 0.25))
    claims = (("events", 1.0), ("nlp", 3.0))
    assert dict(add_timings(read, claims)) == {"decode": 0.5, "content": 2.0, "events": 1.25,
                                               "nlp": 3.0}
    assert add_timings() == ()
