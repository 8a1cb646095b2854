"""Shared fixtures: the example article, the smoke set, and a tiny model trained in seconds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def article() -> str:
    """The bundled example article (our own writing)."""
    return (ROOT / "examples" / "data" / "india_japan_security.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def smoke_rows() -> list[dict[str, Any]]:
    """A small labelled set: our text, our labels."""
    return read_jsonl(DATA / "smoke.jsonl")


@pytest.fixture(scope="session")
def tiny_training(smoke_rows: list[dict[str, Any]]) -> tuple[list[str], list[list[str]]]:
    """Each smoke row twice (once with a neutral suffix), so every label has two examples."""
    texts, labels = [], []
    for row in smoke_rows:
        for suffix in ("", " Officials confirmed the reports on Friday."):
            texts.append(row["text"] + suffix)
            labels.append(sorted(row["topics"]))
    return texts, labels


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory, tiny_training: Any) -> Path:
    """A model directory trained on the tiny set (fast; for tests where accuracy is not the point)."""
    from geotag.train import TopicClassifier

    texts, labels = tiny_training
    path = tmp_path_factory.mktemp("tiny") / "model"
    TopicClassifier(cv=2, min_df=1).fit(texts, labels).save(path, model_version="tiny-test")
    return path
