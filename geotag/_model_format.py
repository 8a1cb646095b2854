"""The safe on-disk model format: numeric arrays in ``.npz`` plus JSON, with SHA-256 checks.

A model is a directory::

    SHA256SUMS        "<sha256>  <file>" for every file below; checked before anything is parsed
    manifest.json     format, versions, labels, thresholds, vectorizer parameters, metrics
    vocabulary.json   the feature strings, in column order
    weights.npz       float64 arrays: coef (features x outputs), intercept, idf, calib_a, calib_b
    MODEL_CARD.md     (optional) what the model is, how it was trained, how well it does

Nothing is unpickled: ``numpy.load(..., allow_pickle=False)`` and ``json`` only. A pickle or
joblib file given as a model is refused without being read as one.

Example:
    >>> from geotag._model_format import SUPPORTED_FORMAT_VERSIONS
    >>> SUPPORTED_FORMAT_VERSIONS
    (1,)
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from geotag._errors import ModelFormatError, ModelIntegrityError, describe
from geotag.taxonomy import Taxonomy

__all__ = ["ModelData", "read_model", "write_model"]

FORMAT_NAME = "geotag-model"
SUPPORTED_FORMAT_VERSIONS = (1,)
CHECKSUM_FILE = "SHA256SUMS"
REQUIRED_FILES = ("manifest.json", "vocabulary.json", "weights.npz")
OPTIONAL_FILES = ("MODEL_CARD.md", "taxonomy.json")
ANALYZER_NAME = "geotag-words-v1"
RELEVANCE_OUTPUT = "_geopolitical"
_MAX_JSON_BYTES = 64 * 1024 * 1024
_SHA_LINE = re.compile(r"^([0-9a-f]{64})  ([A-Za-z0-9_.-]+)$")
_PICKLE_MAGIC = (b"\x80", b"\x78\x9c", b"\x1f\x8b", b"BZh", b"\xfd7zXZ")

# Every vectorizer parameter a model may carry, with the values inference implements.
VECTORIZER_ALLOWED: dict[str, tuple[object, ...]] = {
    "analyzer": (ANALYZER_NAME,),
    "sublinear_tf": (True, False),
    "norm": ("l2",),
    "use_idf": (True,),
    "smooth_idf": (True, False),
    "ngram_range": ((1, 2), (1, 1)),
}
WEIGHT_ARRAYS = ("coef", "intercept", "idf", "calib_a", "calib_b", "relevance_coef", "relevance_intercept")
RELEVANCE_TOP_K = 3  # the relevance stacker also sees the top-3 topic probabilities


def _frozen(array: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    array.setflags(write=False)
    return array


@attrs.frozen(slots=True, eq=False)
class ModelData:
    """A loaded, validated linear topic model: immutable, so threads can share it."""

    labels: tuple[str, ...]
    vocabulary: tuple[str, ...]
    coef: npt.NDArray[np.float64]  # (n_features, n_labels + 1); last column: relevance
    intercept: npt.NDArray[np.float64]  # (n_labels + 1,)
    idf: npt.NDArray[np.float64]  # (n_features,)
    calib_a: npt.NDArray[np.float64]  # (n_labels + 1,) Platt slope
    calib_b: npt.NDArray[np.float64]  # (n_labels + 1,) Platt offset
    relevance_coef: npt.NDArray[np.float64]  # (n_labels + 1 + RELEVANCE_TOP_K,) stacker weights
    relevance_intercept: npt.NDArray[np.float64]  # (1,)
    thresholds: npt.NDArray[np.float64]  # (n_labels,)
    primary_thresholds: npt.NDArray[np.float64]  # (n_labels,)
    relevance_threshold: float
    vectorizer: Mapping[str, Any]
    manifest: Mapping[str, Any]
    sha256: str  # hash of SHA256SUMS: pins the whole model
    # (n_labels,) a single sentence at or above this makes a "mention"; None in models that
    # predate it (the tagger then uses max(primary threshold, 0.9)).
    mention_thresholds: npt.NDArray[np.float64] | None = None

    @property
    def model_version(self) -> str:
        return str(self.manifest["model_version"])

    @property
    def taxonomy_version(self) -> str:
        return str(self.manifest["taxonomy_version"])


def sha256_file(path: Path) -> str:
    """Return the hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _refuse_non_directory(path: Path) -> None:
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise ModelFormatError(f"cannot read model path {str(path)!r}: {exc.strerror}") from None
    kind = "a pickle/joblib file" if head.startswith(_PICKLE_MAGIC) else "a single file"
    raise ModelFormatError(
        f"{str(path)!r} is {kind}, not a geotag model directory; geotag never loads pickle or "
        "joblib files (they can run code). Pass a directory written by Tagger/TopicClassifier.save"
    )


def _read_checksums(directory: Path) -> dict[str, str]:
    path = directory / CHECKSUM_FILE
    if not path.is_file():
        raise ModelFormatError(f"{str(directory)!r} is not a geotag model directory: it has no {CHECKSUM_FILE}")
    raw = path.read_bytes()
    if len(raw) > 65536:
        raise ModelIntegrityError(f"{CHECKSUM_FILE} is implausibly large ({len(raw)} bytes)")
    try:
        lines = raw.decode("ascii").splitlines()
    except UnicodeDecodeError:
        raise ModelIntegrityError(f"{CHECKSUM_FILE} in {str(directory)!r} is corrupted") from None
    sums: dict[str, str] = {}
    for number, line in enumerate(lines, 1):
        match = _SHA_LINE.match(line)
        if match is None:
            raise ModelIntegrityError(f"{CHECKSUM_FILE} line {number} is corrupted: {line[:80]!r}")
        sums[match.group(2)] = match.group(1)
    allowed = set(REQUIRED_FILES) | set(OPTIONAL_FILES)
    unknown = set(sums) - allowed
    missing = set(REQUIRED_FILES) - set(sums)
    if unknown or missing:
        raise ModelIntegrityError(
            f"{CHECKSUM_FILE} lists unexpected files {sorted(unknown)} or misses {sorted(missing)}"
        )
    return sums


def _verify(directory: Path, sums: Mapping[str, str]) -> None:
    for name, expected in sums.items():
        path = directory / name
        if not path.is_file():
            raise ModelIntegrityError(f"model file {name!r} is missing from {str(directory)!r}")
        actual = sha256_file(path)
        if actual != expected:
            raise ModelIntegrityError(
                f"model file {name!r} does not match its SHA-256 (expected {expected[:12]}..., "
                f"got {actual[:12]}...): the file is corrupted or was modified"
            )


def _load_json(path: Path) -> Any:
    raw = path.read_bytes()
    if len(raw) > _MAX_JSON_BYTES:
        raise ModelFormatError(f"{path.name} is too large ({len(raw)} bytes)")
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelFormatError(f"{path.name} is not valid UTF-8 JSON: {exc}") from None


def _float_vector(manifest: Mapping[str, Any], key: str, size: int) -> npt.NDArray[np.float64]:
    value = manifest.get(key)
    if not isinstance(value, list) or len(value) != size:
        raise ModelFormatError(f"manifest {key!r} must be a list of {size} numbers")
    if not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in value):
        raise ModelFormatError(f"manifest {key!r} must hold only numbers")
    array = np.asarray(value, dtype=np.float64)
    if not np.all(np.isfinite(array)) or np.any(array < 0) or np.any(array > 1):
        raise ModelFormatError(f"manifest {key!r} values must be finite and within [0, 1]")
    return _frozen(array)


def _validate_vectorizer(params: object) -> dict[str, Any]:
    if not isinstance(params, Mapping):
        raise ModelFormatError("manifest 'vectorizer' must be an object")
    unknown = set(params) - set(VECTORIZER_ALLOWED)
    if unknown:
        raise ModelFormatError(
            f"vectorizer parameters {sorted(unknown)} are not allowed; allowed: {sorted(VECTORIZER_ALLOWED)}"
        )
    out: dict[str, Any] = {}
    for key, allowed in VECTORIZER_ALLOWED.items():
        if key not in params:
            raise ModelFormatError(f"vectorizer parameter {key!r} is missing")
        value = params[key]
        if isinstance(value, list):
            value = tuple(value)
        if value not in allowed or type(value) is not type(allowed[0]):
            raise ModelFormatError(f"vectorizer parameter {key}={value!r} is outside the allow-list {allowed}")
        out[key] = value
    return out


def _load_arrays(path: Path) -> dict[str, npt.NDArray[np.float64]]:
    try:
        with np.load(path, allow_pickle=False) as npz:
            names = set(npz.files)
            if names != set(WEIGHT_ARRAYS):
                raise ModelFormatError(f"weights.npz must hold exactly {list(WEIGHT_ARRAYS)}, found {sorted(names)}")
            arrays = {}
            for name in WEIGHT_ARRAYS:
                array = npz[name]
                if array.dtype != np.float64:
                    raise ModelFormatError(f"weights.npz array {name!r} must be float64, got {array.dtype}")
                arrays[name] = array
    except ValueError as exc:
        # numpy raises ValueError for object arrays when allow_pickle=False.
        if isinstance(exc, ModelFormatError):
            raise
        raise ModelFormatError(f"weights.npz holds a non-numeric (object) array: {exc}") from None
    except (OSError, zipfile.BadZipFile, EOFError) as exc:
        raise ModelFormatError(f"weights.npz is not a valid .npz archive: {exc}") from None
    for name, array in arrays.items():
        if not np.all(np.isfinite(array)):
            raise ModelFormatError(f"weights.npz array {name!r} holds non-finite values")
    return arrays


def embedded_taxonomy(path: str | Path) -> Taxonomy | None:
    """Return the taxonomy saved inside a model directory (custom taxonomies only), verified."""
    directory = Path(path)
    if not directory.is_dir():
        return None
    sums = _read_checksums(directory)
    if "taxonomy.json" not in sums:
        return None
    _verify(directory, {"taxonomy.json": sums["taxonomy.json"]})
    return Taxonomy.from_dict(_load_json(directory / "taxonomy.json"))


def read_model(path: str | Path, *, taxonomy: Taxonomy, expected_sha256: str | None = None) -> ModelData:
    """Verify and load the model directory at ``path``.

    Raises:
        ModelIntegrityError: a file does not match its hash, or ``expected_sha256`` differs.
        ModelFormatError: anything else is wrong (format, version, shapes, parameters, labels).
    """
    directory = Path(path)
    if not directory.exists():
        raise ModelFormatError(f"model path {str(directory)!r} does not exist")
    if not directory.is_dir():
        _refuse_non_directory(directory)
    sums = _read_checksums(directory)
    pin = sha256_file(directory / CHECKSUM_FILE)
    if expected_sha256 is not None and pin != expected_sha256.lower():
        raise ModelIntegrityError(f"model {str(directory)!r} has SHA-256 {pin}, not the pinned {expected_sha256}")
    _verify(directory, sums)

    manifest = _load_json(directory / "manifest.json")
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise ModelFormatError(f"manifest.json is not a {FORMAT_NAME!r} manifest")
    version = manifest.get("format_version")
    if version not in SUPPORTED_FORMAT_VERSIONS:
        raise ModelFormatError(
            f"model format_version {version!r} is not supported by this geotag; "
            f"supported versions: {list(SUPPORTED_FORMAT_VERSIONS)}"
        )
    for key in ("model_version", "taxonomy_version"):
        if not isinstance(manifest.get(key), str):
            raise ModelFormatError(f"manifest {key!r} must be a string")
    labels = manifest.get("labels")
    if (
        not isinstance(labels, list)
        or not labels
        or not all(isinstance(x, str) for x in labels)
        or len(set(labels)) != len(labels)
    ):
        raise ModelFormatError("manifest 'labels' must be a non-empty list of unique strings")
    missing = [label for label in labels if label not in taxonomy]
    if missing:
        raise ModelFormatError(f"model labels {missing} are not in taxonomy {taxonomy.name!r} {taxonomy.version}")
    vectorizer = _validate_vectorizer(manifest.get("vectorizer"))
    vocabulary = _load_json(directory / "vocabulary.json")
    if not isinstance(vocabulary, list) or not all(isinstance(x, str) for x in vocabulary):
        raise ModelFormatError("vocabulary.json must be a list of strings")
    if len(set(vocabulary)) != len(vocabulary):
        raise ModelFormatError("vocabulary.json has duplicate terms")

    arrays = _load_arrays(directory / "weights.npz")
    n_features, n_outputs = len(vocabulary), len(labels) + 1
    expected_shapes = {
        "coef": (n_features, n_outputs),
        "intercept": (n_outputs,),
        "idf": (n_features,),
        "calib_a": (n_outputs,),
        "calib_b": (n_outputs,),
        "relevance_coef": (n_outputs + RELEVANCE_TOP_K,),
        "relevance_intercept": (1,),
    }
    for name, shape in expected_shapes.items():
        if arrays[name].shape != shape:
            raise ModelFormatError(
                f"weights.npz array {name!r} has shape {arrays[name].shape}, expected {shape} "
                f"({n_features} features, {len(labels)} labels + relevance)"
            )
    relevance_threshold = manifest.get("relevance_threshold")
    if not isinstance(relevance_threshold, (int, float)) or not 0 <= relevance_threshold <= 1:
        raise ModelFormatError("manifest 'relevance_threshold' must be a number in [0, 1]")
    if isinstance(relevance_threshold, float) and math.isnan(relevance_threshold):
        raise ModelFormatError("manifest 'relevance_threshold' is NaN")
    return ModelData(
        labels=tuple(labels),
        vocabulary=tuple(vocabulary),
        coef=_frozen(np.ascontiguousarray(arrays["coef"])),
        intercept=_frozen(arrays["intercept"]),
        idf=_frozen(arrays["idf"]),
        calib_a=_frozen(arrays["calib_a"]),
        calib_b=_frozen(arrays["calib_b"]),
        relevance_coef=_frozen(arrays["relevance_coef"]),
        relevance_intercept=_frozen(arrays["relevance_intercept"]),
        thresholds=_float_vector(manifest, "thresholds", len(labels)),
        primary_thresholds=_float_vector(manifest, "primary_thresholds", len(labels)),
        relevance_threshold=float(relevance_threshold),
        vectorizer=vectorizer,
        manifest=manifest,
        sha256=pin,
        mention_thresholds=(
            _float_vector(manifest, "mention_thresholds", len(labels)) if "mention_thresholds" in manifest else None
        ),
    )


def _npz_bytes(arrays: Mapping[str, npt.NDArray[np.float64]]) -> bytes:
    """Return a byte-stable .npz (fixed member order and timestamps) of float64 arrays.

    Members are stored uncompressed: loading is then a copy, not a decompression (cold start), and
    the wheel, itself a zip, compresses the file anyway.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name in WEIGHT_ARRAYS:
            member = io.BytesIO()
            np.lib.format.write_array(member, np.ascontiguousarray(arrays[name], dtype=np.float64), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            archive.writestr(info, member.getvalue())
    return buffer.getvalue()


def _json_bytes(data: object) -> bytes:
    return (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def write_model(
    directory: str | Path,
    *,
    manifest: Mapping[str, Any],
    vocabulary: list[str],
    arrays: Mapping[str, npt.NDArray[np.float64]],
    model_card: str | None = None,
    taxonomy: Mapping[str, Any] | None = None,
) -> str:
    """Write a model directory byte-for-byte deterministically; return its SHA-256 pin."""
    out = Path(directory)
    if out.exists() and not out.is_dir():
        raise ModelFormatError(f"cannot write a model to {str(out)!r}: it is a file")
    out.mkdir(parents=True, exist_ok=True)
    full_manifest = {"format": FORMAT_NAME, "format_version": SUPPORTED_FORMAT_VERSIONS[-1]}
    full_manifest.update(manifest)
    files = {
        "manifest.json": _json_bytes(full_manifest),
        "vocabulary.json": (json.dumps(vocabulary, ensure_ascii=False) + "\n").encode("utf-8"),
        "weights.npz": _npz_bytes(arrays),
    }
    if model_card is not None:
        files["MODEL_CARD.md"] = model_card.encode("utf-8")
    if taxonomy is not None:
        files["taxonomy.json"] = _json_bytes(taxonomy)
    lines = []
    for name in sorted(files):
        (out / name).write_bytes(files[name])
        lines.append(f"{hashlib.sha256(files[name]).hexdigest()}  {name}")
    checksum = ("\n".join(lines) + "\n").encode("ascii")
    (out / CHECKSUM_FILE).write_bytes(checksum)
    return hashlib.sha256(checksum).hexdigest()


def describe_path(path: object) -> str:
    """Describe a bad ``path`` argument for error messages."""
    return describe(path)
