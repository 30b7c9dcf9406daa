"""The wheel holds everything salvo reads at run time: its modules, migrations and data files."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

BUILD_INPUTS = ("pyproject.toml", "README.md")
PACKAGES = ("pipeline", "models")
NOT_SHIPPED = {"README.md"}  # notes for people editing the rules, not read by salvo


def source_files() -> set[str]:
    """The package files in the checkout, as paths inside the wheel."""
    return {path.relative_to(ROOT).as_posix()
            for package in PACKAGES for path in (ROOT / package).rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
            and path.name not in NOT_SHIPPED}


@pytest.mark.slow
def test_the_wheel_ships_migrations_and_data_files(tmp_path: Path) -> None:
    source = tmp_path / "src"  # a clean copy: no stale build/ folder can fill in missing files
    for package in PACKAGES:
        shutil.copytree(ROOT / package, source / package,
                        ignore=shutil.ignore_patterns("__pycache__"))
    for name in BUILD_INPUTS:
        shutil.copy(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--wheel-dir", str(tmp_path / "dist"), str(source)],
                   check=True, capture_output=True, timeout=300)
    (wheel,) = (tmp_path / "dist").glob("salvo-*.whl")
    shipped = set(zipfile.ZipFile(wheel).namelist())
    assert {"pipeline/alembic/env.py", "pipeline/alembic/script.py.mako",
            "pipeline/alembic/versions/0001_initial_schema.py",
            "pipeline/data/boilerplate.yaml",
            "pipeline/claims/nlp/data/weapons.jsonl"} <= shipped
    assert source_files() - shipped == set()
