"""The built wheel carries every data file (taxonomy, gazetteer, schema, model)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_contains_all_data_files(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    wheel = next(tmp_path.glob("geotag-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    data = ROOT / "geotag" / "data"
    expected = {f"geotag/data/{p.relative_to(data).as_posix()}" for p in data.rglob("*") if p.is_file()}
    assert expected, "no data files found in the source tree"
    assert expected <= names, sorted(expected - names)
    for required in (
        "geotag/data/taxonomy.json",
        "geotag/data/gazetteer.json",
        "geotag/data/tag_result.schema.json",
        "geotag/data/model/weights.npz",
        "geotag/data/model/vocabulary.json",
        "geotag/data/model/manifest.json",
        "geotag/data/model/SHA256SUMS",
        "geotag/data/model/MODEL_CARD.md",
        "geotag/py.typed",
    ):
        assert required in names, required
    size = sum(info.file_size for info in zipfile.ZipFile(wheel).infolist() if "/model/" in info.filename)
    assert size < 20 * 1024 * 1024
