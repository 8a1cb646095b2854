"""geotag.train.TopicClassifier follows the scikit-learn estimator contract."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

import geotag
from geotag.train import TopicClassifier, read_labelled_jsonl


def test_get_params_and_clone_round_trip() -> None:
    clf = TopicClassifier(C=2.5, min_df=1)
    assert clf.get_params()["C"] == 2.5
    twin = clone(clf)
    assert twin.get_params() == clf.get_params()
    assert twin is not clf


def test_predict_before_fit_raises_not_fitted() -> None:
    with pytest.raises(NotFittedError):
        TopicClassifier().predict_proba(["text"])


def test_fit_predict_shapes_and_ranges(tiny_training: Any) -> None:
    texts, labels = tiny_training
    clf = TopicClassifier(cv=2, min_df=1)
    assert clf.fit(texts, labels) is clf
    proba = clf.predict_proba(texts[:5])
    assert proba.shape == (5, len(clf.classes_))
    assert np.all((proba >= 0) & (proba <= 1))
    assert set(np.unique(clf.predict(texts[:5]))) <= {0, 1}


def test_a_mention_needs_a_sentence_that_alone_would_be_primary(tiny_training: Any) -> None:
    texts, labels = tiny_training
    clf = TopicClassifier(cv=2, min_df=1).fit(texts, labels)
    assert np.array_equal(clf.mention_thresholds_, clf.primary_thresholds_)
    assert np.all(clf.primary_thresholds_ >= clf.thresholds_)


def test_fit_learns_the_tiny_set(tiny_training: Any) -> None:
    texts, labels = tiny_training
    clf = TopicClassifier(cv=2, min_df=1).fit(texts, labels)
    proba = clf.predict_proba(texts)
    best = [clf.classes_[int(i)] for i in np.argmax(proba, axis=1)]
    labelled = [(b, g) for b, g in zip(best, labels, strict=True) if g]
    assert sum(b in g for b, g in labelled) >= 0.9 * len(labelled)


@pytest.mark.parametrize(
    ("texts", "labels", "error", "message"),
    [
        ([], [], geotag.TrainingError, "empty"),
        (["a b", "c d"], [["security.maritime"], []], geotag.TrainingError, "single example"),
        (["a b", "c d"], [["security.maritim"], ["security.maritim"]], geotag.UnknownTopicError, "did you mean"),
        (["a b", "c d"], [["security"], ["security"]], geotag.TrainingError, "domain, not a leaf"),
        (["a b"], [["x"], ["y"]], geotag.TrainingError, "1 texts but y has 2"),
        (["a b", "c d"], [[], []], geotag.TrainingError, "nothing to learn"),
    ],
)
def test_bad_training_data_gets_clear_errors(texts: Any, labels: Any, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        TopicClassifier(cv=2).fit(texts, labels)


def test_a_bare_string_is_refused() -> None:
    with pytest.raises(geotag.InputTypeError, match="single str"):
        TopicClassifier().fit("text", [["security.maritime"]])


def test_user_taxonomy_and_save_load(tmp_path: Path, tiny_training: Any) -> None:
    taxonomy = geotag.get_taxonomy().extend([{"id": "security.space", "label": "Space security", "parent": "security"}])
    texts, labels = tiny_training
    texts = [
        *texts,
        "A satellite was destroyed by an anti-satellite missile test in orbit.",
        "The space force launched a military satellite into orbit.",
    ]
    labels = [*labels, ["security.space"], ["security.space"]]
    clf = TopicClassifier(taxonomy=taxonomy, cv=2, min_df=1).fit(texts, labels)
    assert "security.space" in clf.classes_
    clf.save(tmp_path / "m", model_version="space-1")
    tagger = geotag.Tagger.load(tmp_path / "m", taxonomy=taxonomy)
    assert tagger.model_version == "space-1"
    # The custom taxonomy travels with the model, so the CLI and Tagger.load(path) just work.
    assert "security.space" in geotag.Tagger.load(tmp_path / "m").taxonomy
    with pytest.raises(geotag.ModelFormatError, match="not in taxonomy"):
        geotag.Tagger.load(tmp_path / "m", taxonomy=geotag.get_taxonomy())


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "line 2: not valid JSON"),
        ('["a list"]', "line 2: expected a JSON object"),
        ('{"topics": []}', "line 2: 'text' must be a non-empty string"),
        ('{"text": "x", "topics": "security.maritime"}', "line 2: 'topics' must be"),
        ('{"text": "x", "topics": {"security.maritime": "main"}}', "line 2: topic saliences"),
    ],
)
def test_bad_rows_name_the_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "labels.jsonl"
    path.write_text(json.dumps({"text": "fine", "topics": []}) + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(geotag.DataFormatError, match=message):
        read_labelled_jsonl(path)
