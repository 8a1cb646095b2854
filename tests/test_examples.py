"""Every script in examples/ runs top to bottom and prints something (examples cannot rot)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("0*.py"))


def test_examples_are_found() -> None:
    """The glob below really finds the numbered examples (an empty parametrize would pass)."""
    assert len(EXAMPLES) >= 5


@pytest.mark.slow
@pytest.mark.parametrize("script", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_runs(script: Path, tmp_path: Path) -> None:
    """The example exits with 0 and prints to stdout; warnings are errors, as in the test suite."""
    if script.name.startswith("03_") and importlib.util.find_spec("pandas") is None:
        pytest.skip("examples/03_dataframe.py needs pandas: pip install pandas")
    # Temporary outputs of the examples land in pytest's tmp_path, not in the system temp dir.
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    completed = subprocess.run(
        [sys.executable, "-W", "error", str(script.relative_to(ROOT))],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip(), f"{script.name} printed nothing"
