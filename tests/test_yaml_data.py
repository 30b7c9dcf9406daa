"""The YAML reader reads every shipped data file exactly as PyYAML's pure-Python safe loader."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.yaml_data import YAMLError, data_file, load_yaml

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"
DATA_FILES = sorted([*PACKAGE.glob("data/*.yaml"), *PACKAGE.glob("claims/nlp/data/*.yaml")])


@pytest.mark.parametrize("path", DATA_FILES, ids=[p.name for p in DATA_FILES])
def test_data_file_reads_as_the_safe_loader_reads_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert load_yaml(text) == yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506


def test_package_data_file_is_found_by_name() -> None:
    assert data_file("english_words.yaml")["min_words"] > 0


def test_unsafe_tags_are_refused() -> None:
    with pytest.raises(YAMLError):
        load_yaml("!!python/object/apply:os.system ['true']")
