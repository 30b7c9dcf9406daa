"""Reading the YAML data files: PyYAML's safe loader, on libyaml's C parser when installed
(several times faster, which counts at every worker's start); `data_file` reads one shipped in
`pipeline/data`."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml
from yaml import YAMLError

__all__ = ["YAMLError", "data_file", "load_yaml"]

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """The data in a YAML document, read as `yaml.safe_load` reads it."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader


def data_file(name: str) -> Any:
    """A YAML vocabulary file shipped in `pipeline/data`."""
    return load_yaml(resources.files("pipeline").joinpath("data", name).read_text("utf-8"))
