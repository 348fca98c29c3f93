"""The wheel carries the price data: build it, install it into a clean venv, run `ftcost` there."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pytest

import ftcost
from conftest import clean_env

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_contains_price_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for rel in ROOT.joinpath("pricing").rglob("*"):
        if rel.is_file():
            assert f"ftcost/pricing/{rel.relative_to(ROOT / 'pricing').as_posix()}" in names
    assert "ftcost/cli/__init__.py" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "ftcost = ftcost.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_wheel_runs_from_its_own_data(wheel_venv, tmp_path):
    env_dir = wheel_venv
    py = env_dir / "bin" / "python"
    work = tmp_path / "elsewhere"
    work.mkdir()
    where = subprocess.run(
        [
            py,
            "-c",
            "import ftcost, ftcost.pricing as p; print(ftcost.__file__); print(p.builtin_dir())",
        ],
        cwd=work,
        env=clean_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert all(Path(w).is_relative_to(env_dir) for w in where), where
    res = subprocess.run(
        [env_dir / "bin" / "ftcost", "models", "--json"],
        cwd=work,
        env=clean_env(),
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stderr
    assert len(json.loads(res.stdout)["models"]) == len(ftcost.load_prices("default")) == 32
    res = subprocess.run(
        [
            env_dir / "bin" / "ftcost",
            "breakeven",
            "--base",
            "gpt-4o",
            "--candidate",
            "gemini-1.5-flash",
            "--training-tokens",
            "5M",
            "--prices",
            "article",
            "--json",
        ],
        cwd=work,
        env=clean_env(),
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["training_cost"] == pytest.approx(0.125)
