"""Hostile and broken model files: nothing is executed, every defect gets a specific error."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import geotag
from geotag import ModelFormatError, ModelIntegrityError, Tagger
from geotag._model_format import CHECKSUM_FILE, WEIGHT_ARRAYS, _npz_bytes


class _Exploit:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (open, (str(self.marker), "w"))


@pytest.fixture
def model_copy(tiny_model_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "model"
    shutil.copytree(tiny_model_dir, target)
    return target


def _rehash(directory: Path) -> None:
    """Rewrite SHA256SUMS after a deliberate edit, so only the edit itself is under test."""
    lines = []
    for name in sorted(p.name for p in directory.iterdir() if p.name != CHECKSUM_FILE):
        digest = hashlib.sha256((directory / name).read_bytes()).hexdigest()
        lines.append(f"{digest}  {name}")
    (directory / CHECKSUM_FILE).write_text("\n".join(lines) + "\n", encoding="ascii")


def _edit_manifest(directory: Path, **changes: Any) -> None:
    path = directory / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest.update(changes)
    path.write_text(json.dumps(manifest), encoding="utf-8")
    _rehash(directory)


def _edit_arrays(directory: Path, **changes: Any) -> None:
    with np.load(directory / "weights.npz", allow_pickle=False) as npz:
        arrays = {name: npz[name] for name in WEIGHT_ARRAYS}
    arrays.update(changes)
    (directory / "weights.npz").write_bytes(_npz_bytes(arrays))
    _rehash(directory)


@pytest.mark.parametrize("suffix", ["model.pkl", "model.joblib"])
def test_a_pickle_is_refused_without_being_executed(tmp_path: Path, suffix: str) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / suffix
    path.write_bytes(pickle.dumps(_Exploit(marker)))
    with pytest.raises(ModelFormatError, match="never loads pickle"):
        Tagger.load(path)
    assert not marker.exists()


def test_a_pickle_inside_a_model_directory_is_never_opened(model_copy: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    (model_copy / "weights.npz").write_bytes(pickle.dumps(_Exploit(marker)))
    with pytest.raises(ModelIntegrityError):
        Tagger.load(model_copy)
    assert not marker.exists()


@pytest.mark.parametrize("name", ["manifest.json", "vocabulary.json", "weights.npz", CHECKSUM_FILE])
def test_a_flipped_byte_in_any_file_is_an_integrity_error(model_copy: Path, name: str) -> None:
    path = model_copy / name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(ModelIntegrityError):
        Tagger.load(model_copy)


def test_expected_sha256_pins_the_model(tiny_model_dir: Path) -> None:
    pin = hashlib.sha256((tiny_model_dir / CHECKSUM_FILE).read_bytes()).hexdigest()
    assert Tagger.load(tiny_model_dir, expected_sha256=pin).model.sha256 == pin
    with pytest.raises(ModelIntegrityError, match="not the pinned"):
        Tagger.load(tiny_model_dir, expected_sha256="0" * 64)


def test_unknown_format_version_names_the_supported_ones(model_copy: Path) -> None:
    _edit_manifest(model_copy, format_version=99)
    with pytest.raises(ModelFormatError, match=r"format_version 99 is not supported.*\[1\]"):
        Tagger.load(model_copy)


def test_wrong_array_shape_is_refused(model_copy: Path) -> None:
    with np.load(model_copy / "weights.npz") as npz:
        idf = npz["idf"]
    _edit_arrays(model_copy, idf=idf[:-1])
    with pytest.raises(ModelFormatError, match="'idf' has shape"):
        Tagger.load(model_copy)


def test_non_finite_weights_are_refused(model_copy: Path) -> None:
    with np.load(model_copy / "weights.npz") as npz:
        coef = npz["coef"].copy()
    coef[0, 0] = np.nan
    _edit_arrays(model_copy, coef=coef)
    with pytest.raises(ModelFormatError, match="non-finite"):
        Tagger.load(model_copy)


def test_object_arrays_are_refused(model_copy: Path) -> None:
    with np.load(model_copy / "weights.npz") as npz:
        arrays = {name: npz[name] for name in WEIGHT_ARRAYS}
    arrays["idf"] = np.array([{"x": 1}] * arrays["idf"].shape[0], dtype=object)
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, array in arrays.items():
            member = io.BytesIO()
            np.lib.format.write_array(member, array, allow_pickle=True)
            archive.writestr(f"{name}.npy", member.getvalue())
    (model_copy / "weights.npz").write_bytes(buffer.getvalue())
    _rehash(model_copy)
    with pytest.raises(ModelFormatError, match="object"):
        Tagger.load(model_copy)


def test_vectorizer_parameters_outside_the_allow_list_are_refused(model_copy: Path) -> None:
    manifest = json.loads((model_copy / "manifest.json").read_text(encoding="utf-8"))
    manifest["vectorizer"]["tokenizer"] = "os.system"
    _edit_manifest(model_copy, vectorizer=manifest["vectorizer"])
    with pytest.raises(ModelFormatError, match="not allowed"):
        Tagger.load(model_copy)


def test_vectorizer_values_outside_the_allow_list_are_refused(model_copy: Path) -> None:
    manifest = json.loads((model_copy / "manifest.json").read_text(encoding="utf-8"))
    manifest["vectorizer"]["norm"] = "l1"
    _edit_manifest(model_copy, vectorizer=manifest["vectorizer"])
    with pytest.raises(ModelFormatError, match="outside the allow-list"):
        Tagger.load(model_copy)


def test_labels_missing_from_the_taxonomy_are_refused(model_copy: Path) -> None:
    manifest = json.loads((model_copy / "manifest.json").read_text(encoding="utf-8"))
    labels = manifest["labels"]
    labels[0] = "security.space_lasers"
    _edit_manifest(model_copy, labels=labels)
    with pytest.raises(ModelFormatError, match="not in taxonomy"):
        Tagger.load(model_copy)


def test_missing_directory_and_plain_file_are_format_errors(tmp_path: Path) -> None:
    with pytest.raises(ModelFormatError, match="does not exist"):
        Tagger.load(tmp_path / "absent")
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(ModelFormatError, match="not a geotag model directory"):
        Tagger.load(tmp_path / "notes.txt")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ModelFormatError, match="no SHA256SUMS"):
        Tagger.load(empty)


def test_saving_twice_gives_byte_identical_files(tiny_training: Any, tmp_path: Path) -> None:
    from geotag.train import TopicClassifier

    texts, labels = tiny_training
    for run in ("a", "b"):
        TopicClassifier(cv=2, min_df=1).fit(texts, labels).save(tmp_path / run, model_version="x")
    for name in os.listdir(tmp_path / "a"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_model_errors_belong_to_the_hierarchy() -> None:
    assert issubclass(ModelFormatError, geotag.ModelError)
    assert issubclass(ModelIntegrityError, geotag.GeotagError)


@pytest.mark.parametrize(("value", "message"), [([0.5], "list of"), (["high"] * 64, "only numbers")])
def test_bad_mention_thresholds_are_refused(model_copy: Path, value: list[object], message: str) -> None:
    labels = json.loads((model_copy / "manifest.json").read_text(encoding="utf-8"))["labels"]
    bad = value if len(value) == 1 else value[: len(labels)]
    _edit_manifest(model_copy, mention_thresholds=bad)
    with pytest.raises(ModelFormatError, match=message):
        Tagger.load(model_copy)


def test_a_model_without_mention_thresholds_keeps_the_earlier_rule(model_copy: Path) -> None:
    manifest = json.loads((model_copy / "manifest.json").read_text(encoding="utf-8"))
    manifest.pop("mention_thresholds", None)
    (model_copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    _rehash(model_copy)
    tagger = Tagger.load(model_copy)
    assert tagger.model.mention_thresholds is None
    assert np.array_equal(tagger._mention_thresholds, np.maximum(tagger.model.primary_thresholds, 0.9))
