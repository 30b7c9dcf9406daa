"""`salvo explain`: the parse, mentions, frames with their rules, and the events of a sentence."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

pytestmark = pytest.mark.slow
runner = CliRunner()


def test_explains_frame_rule_sides_stage_and_event() -> None:
    result = runner.invoke(app, ["explain", "Chile handed over two frigates to Peru."])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "mentions:" in out and "COUNTRY  chile" in out and "frigates" in out
    assert "predicate 'handed' (head path (dobj))" in out
    assert "supplier Chile, recipient Peru, stage delivered" in out
    assert "arms_transfer Chile -> Peru" in out and "qty two" in out


def test_says_why_a_mention_has_no_frame() -> None:
    result = runner.invoke(app, ["explain", "Peru is weighing a purchase of two frigates."])
    assert result.exit_code == 0, result.output
    assert "no frame (hypothetical ('weighing'))" in result.output
    assert "events (0):" in result.output


def test_context_supplies_the_missing_side(tmp_path) -> None:
    context = tmp_path / "article.txt"
    context.write_text("Chile will send two frigates to Peru, its navy said.\n", encoding="utf-8")
    result = runner.invoke(app, ["explain", "The frigates arrived on Monday.",
                                 "--context", str(context)])
    assert result.exit_code == 0, result.output
    events = result.output.split("events (")[1]
    assert "Chile -> Peru" in events and "side inferred" in events


@pytest.mark.parametrize("args", [["explain", "x", "--published", "yesterday"],
                                  ["explain", "x", "--context", "/nonexistent/file.txt"]])
def test_bad_options_are_usage_errors(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
