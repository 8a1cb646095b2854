"""Train your own topic model: a scikit-learn estimator that saves to geotag's safe format.

This is the only module that imports scikit-learn. The estimator follows the scikit-learn
contract (``fit``/``predict``/``predict_proba``, ``get_params``, ``clone``, ``NotFittedError``
before ``fit``), and ``save`` writes a directory that :meth:`geotag.Tagger.load` reads with numpy.

Example:
    >>> from geotag.train import TopicClassifier
    >>> texts = ["Navies drill in the strait", "Tariffs rise on steel imports",
    ...          "Warships patrol the strait", "New tariffs hit car imports"] * 3
    >>> labels = [["security.maritime"], ["geoeconomics.trade"]] * 6
    >>> clf = TopicClassifier(cv=2).fit(texts, labels)
    >>> clf.classes_
    ['security.maritime', 'geoeconomics.trade']
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.utils.validation import check_is_fitted

from geotag._engine import relevance_from, sigmoid, stack_features
from geotag._errors import DataFormatError, InputTypeError, TrainingError, describe
from geotag._model_format import ANALYZER_NAME, RELEVANCE_OUTPUT, write_model
from geotag._text import analyze
from geotag.taxonomy import Taxonomy, get_taxonomy

__all__ = ["LabelledExample", "TopicClassifier", "read_labelled_jsonl"]

FloatArray = npt.NDArray[np.float64]
_SALIENCES = ("primary", "secondary")


class LabelledExample:
    """One training row: a text, its topic ids, the primary ones, and whether it is geopolitical."""

    __slots__ = ("geopolitical", "primary", "text", "topics")

    def __init__(
        self, text: str, topics: Iterable[str], primary: Iterable[str] = (), geopolitical: bool | None = None
    ) -> None:
        self.text = text
        self.topics = tuple(topics)
        self.primary = tuple(primary)
        self.geopolitical = bool(self.topics) if geopolitical is None else geopolitical


def read_labelled_jsonl(path: str | Path) -> list[LabelledExample]:
    """Read ``{"text": ..., "topics": [...] or {id: salience}}`` rows; errors name the line.

    An optional ``"geopolitical"`` boolean may mark a relevant text without a topic.
    """
    examples = []
    try:
        handle = open(path, encoding="utf-8")
    except OSError as exc:
        raise DataFormatError(f"cannot read {str(path)!r}: {exc.strerror}") from None
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataFormatError(f"{path}, line {number}: not valid JSON ({exc.msg})") from None
            if not isinstance(row, dict):
                raise DataFormatError(f"{path}, line {number}: expected a JSON object, got {describe(row)}")
            text = row.get("text")
            if not isinstance(text, str) or not text.strip():
                raise DataFormatError(f"{path}, line {number}: 'text' must be a non-empty string")
            topics = row.get("topics", [])
            if isinstance(topics, dict):
                bad = {k: v for k, v in topics.items() if v not in _SALIENCES}
                if bad:
                    raise DataFormatError(
                        f"{path}, line {number}: topic saliences must be 'primary' or 'secondary', got {bad}"
                    )
                primary = [k for k, v in topics.items() if v == "primary"]
                topic_ids = list(topics)
            elif isinstance(topics, list) and all(isinstance(t, str) for t in topics):
                topic_ids, primary = list(topics), list(topics)
            else:
                raise DataFormatError(
                    f"{path}, line {number}: 'topics' must be a list of topic ids or an object "
                    f"mapping ids to 'primary'/'secondary', got {describe(topics)}"
                )
            geopolitical = row.get("geopolitical")
            if geopolitical is not None and not isinstance(geopolitical, bool):
                raise DataFormatError(f"{path}, line {number}: 'geopolitical' must be true or false")
            examples.append(LabelledExample(text, topic_ids, primary, geopolitical))
    if not examples:
        raise TrainingError(f"{str(path)!r} holds no labelled rows")
    return examples


def _best_f1_threshold(probs: FloatArray, truth: npt.NDArray[np.bool_], floor: float) -> float:
    best, best_f1 = 0.5, -1.0
    positives = int(truth.sum())
    for threshold in np.arange(floor, 0.951, 0.025):
        predicted = probs >= threshold
        tp = int((predicted & truth).sum())
        denominator = int(predicted.sum()) + positives
        f1 = 2 * tp / denominator if denominator else 0.0
        if f1 > best_f1 + 1e-12:
            best, best_f1 = float(threshold), f1
    return round(best, 4)


def _best_accuracy_threshold(probs: FloatArray, truth: npt.NDArray[np.bool_]) -> float:
    candidates = np.arange(0.1, 0.901, 0.025)
    accuracy = [float(((probs >= t) == truth).mean()) for t in candidates]
    return round(float(candidates[int(np.argmax(accuracy))]), 4)


def _platt(decision: FloatArray, truth: npt.NDArray[np.bool_]) -> tuple[float, float]:
    if truth.all() or not truth.any():
        return 1.0, 0.0
    model = LogisticRegression(C=1e4, solver="lbfgs", max_iter=1000)
    model.fit(decision.reshape(-1, 1), truth.astype(int))
    slope, offset = float(model.coef_[0, 0]), float(model.intercept_[0])
    if slope <= 0.05:
        # Out-of-fold scores carry no signal (too few examples): keep the classifier's own sigmoid.
        return 1.0, 0.0
    return slope, offset


class TopicClassifier(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """Multi-label TF-IDF + one-vs-rest logistic regression with calibration and thresholds.

    Args:
        taxonomy: the taxonomy whose leaf ids are valid labels (default: the bundled one).
        C: inverse regularisation strength of each logistic regression.
        min_df: ignore features seen in fewer training texts.
        sublinear_tf: use ``1 + log(tf)``.
        class_weight: passed to each logistic regression ("balanced" helps rare topics).
        cv: folds used for out-of-fold calibration and threshold selection.
        threshold_floor: lowest per-topic threshold allowed.
        max_features: keep only this many most frequent features (``None``: all).
        random_state: seed of the fold split.
    """

    def __init__(
        self,
        *,
        taxonomy: Taxonomy | None = None,
        C: float = 4.0,
        min_df: int = 2,
        sublinear_tf: bool = True,
        class_weight: str | None = "balanced",
        cv: int = 5,
        threshold_floor: float = 0.2,
        max_features: int | None = None,
        random_state: int = 0,
    ) -> None:
        self.taxonomy = taxonomy
        self.C = C
        self.min_df = min_df
        self.sublinear_tf = sublinear_tf
        self.class_weight = class_weight
        self.cv = cv
        self.threshold_floor = threshold_floor
        self.max_features = max_features
        self.random_state = random_state

    # -- validation ---------------------------------------------------------------------
    def _taxonomy(self) -> Taxonomy:
        return self.taxonomy if self.taxonomy is not None else get_taxonomy()

    def _check_texts(self, X: object) -> list[str]:
        if isinstance(X, (str, bytes)):
            raise InputTypeError(f"X must be a sequence of texts, got a single {type(X).__name__}; wrap it in a list")
        try:
            texts: list[str] = list(X)  # type: ignore[call-overload]
        except TypeError:
            raise InputTypeError(f"X must be a sequence of str, got {describe(X)}") from None
        for i, text in enumerate(texts):
            if not isinstance(text, str):
                raise InputTypeError(f"X[{i}] must be a str, got {describe(text)}")
        return texts

    def _label_sets(self, y: object, n: int) -> list[tuple[str, ...]]:
        if isinstance(y, (str, bytes)):
            raise InputTypeError("y must be a sequence of label collections, one per text")
        try:
            rows = list(y)  # type: ignore[call-overload]
        except TypeError:
            raise InputTypeError(f"y must be a sequence of label collections, got {describe(y)}") from None
        if len(rows) != n:
            raise TrainingError(f"X has {n} texts but y has {len(rows)} label sets")
        out = []
        for i, row in enumerate(rows):
            if isinstance(row, str) or not isinstance(row, Iterable):
                raise InputTypeError(f"y[{i}] must be a list of topic ids, got {describe(row)}")
            labels = tuple(row)
            for label in labels:
                if not isinstance(label, str):
                    raise InputTypeError(f"y[{i}] holds a non-string label {describe(label)}")
            out.append(labels)
        return out

    # -- fitting ------------------------------------------------------------------------
    def fit(
        self,
        X: Sequence[str],
        y: Sequence[Iterable[str]],
        *,
        primary: Sequence[Iterable[str]] | None = None,
        geopolitical: Sequence[bool] | None = None,
        unlabeled: Iterable[str] | None = None,
    ) -> TopicClassifier:
        """Fit on texts ``X`` and their topic-id collections ``y``.

        Args:
            primary: per text, the topic ids that are primary (default: all of its topics).
            geopolitical: per text, whether it is geopolitical (default: it has a topic).
            unlabeled: more texts of the same kind, labelled or not, to learn the vocabulary and
                inverse document frequencies from (default: ``X``). A large unlabelled corpus
                gives rarer words a place in the model.

        Raises:
            TrainingError: empty data, unknown or non-leaf labels, or a label with one example.
        """
        texts = self._check_texts(X)
        if not texts:
            raise TrainingError("cannot train on an empty set of texts")
        label_sets = self._label_sets(y, len(texts))
        taxonomy = self._taxonomy()
        leaf_ids = [t.id for t in taxonomy.leaves()]
        leaf_set = set(leaf_ids)
        counts: dict[str, int] = {}
        for i, labels in enumerate(label_sets):
            for label in labels:
                if label not in taxonomy:
                    taxonomy[label]  # raises UnknownTopicError with suggestions
                if label not in leaf_set:
                    raise TrainingError(f"y[{i}] uses {label!r}, which is a domain, not a leaf topic; label leaves")
                counts[label] = counts.get(label, 0) + 1
        if not counts:
            raise TrainingError("no text carries a topic: nothing to learn")
        lonely = sorted(label for label, n in counts.items() if n < 2)
        if lonely:
            raise TrainingError(f"labels {lonely} have a single example; give each label at least 2 (better 20+)")
        self.classes_ = [label for label in leaf_ids if label in counts]
        primary_sets = [set(p) for p in primary] if primary is not None else [set(s) for s in label_sets]
        geo = (
            np.asarray([bool(g) for g in geopolitical])
            if geopolitical is not None
            else np.asarray([bool(s) for s in label_sets])
        )
        if geo.shape[0] != len(texts):
            raise TrainingError("geopolitical must have one flag per text")
        Y = np.zeros((len(texts), len(self.classes_) + 1), dtype=bool)
        P = np.zeros((len(texts), len(self.classes_)), dtype=bool)
        column = {label: j for j, label in enumerate(self.classes_)}
        for i, labels in enumerate(label_sets):
            for label in labels:
                Y[i, column[label]] = True
                if label in primary_sets[i]:
                    P[i, column[label]] = True
        Y[:, -1] = geo

        self.vectorizer_ = TfidfVectorizer(
            analyzer=analyze,
            min_df=self.min_df,
            sublinear_tf=self.sublinear_tf,
            norm="l2",
            use_idf=True,
            smooth_idf=True,
            dtype=np.float64,
            max_features=self.max_features,
        )
        if unlabeled is None:
            features = self.vectorizer_.fit_transform(texts)
        else:
            extra = self._check_texts(unlabeled)
            self.vectorizer_.fit(extra if extra else texts)
            features = self.vectorizer_.transform(texts)
        n_outputs = Y.shape[1]
        oof = np.zeros(Y.shape)
        folds = min(self.cv, len(texts))
        if folds >= 2:
            splitter = KFold(n_splits=folds, shuffle=True, random_state=self.random_state)
            for train_idx, test_idx in splitter.split(texts):
                for j in range(n_outputs):
                    oof[test_idx, j] = self._fit_one(features[train_idx], Y[train_idx, j]).decision(features[test_idx])
        coef = np.zeros((features.shape[1], n_outputs))
        intercept = np.zeros(n_outputs)
        for j in range(n_outputs):
            fitted = self._fit_one(features, Y[:, j])
            coef[:, j], intercept[j] = fitted.coef, fitted.intercept
        self.coef_ = coef
        self.intercept_ = intercept
        calib = [_platt(oof[:, j], Y[:, j]) if folds >= 2 else (1.0, 0.0) for j in range(n_outputs)]
        self.calib_a_ = np.asarray([a for a, _ in calib])
        self.calib_b_ = np.asarray([b for _, b in calib])
        calibrated = sigmoid(self.calib_a_ * oof + self.calib_b_)
        self.relevance_coef_, self.relevance_intercept_ = self._fit_relevance(calibrated, Y[:, -1])
        calibrated[:, -1] = relevance_from(calibrated, self.relevance_coef_, self.relevance_intercept_)
        self.oof_proba_ = calibrated
        self.thresholds_ = np.asarray(
            [_best_f1_threshold(calibrated[:, j], Y[:, j], self.threshold_floor) for j in range(len(self.classes_))]
        )
        self.primary_thresholds_ = np.asarray(
            [
                max(self.thresholds_[j], _best_f1_threshold(calibrated[:, j], P[:, j], self.threshold_floor))
                for j in range(len(self.classes_))
            ]
        )
        # A passing mention rests on one sentence that would, standing alone as a short text, carry the
        # topic as primary. (A stricter 90%-precision bar missed asides that annotators label:
        # benchmarks/results/long_texts.md measures both on multi-item texts.)
        self.mention_thresholds_ = self.primary_thresholds_.copy()
        self.relevance_threshold_ = _best_accuracy_threshold(calibrated[:, -1], Y[:, -1])
        self.n_training_texts_ = len(texts)
        self.training_hash_ = hashlib.sha256(
            json.dumps([texts, [list(s) for s in label_sets]], ensure_ascii=False).encode("utf-8")
        ).hexdigest()
        return self

    @staticmethod
    def _fit_relevance(calibrated: FloatArray, geo: npt.NDArray[np.bool_]) -> tuple[FloatArray, FloatArray]:
        """Stack a small logistic regression on the out-of-fold outputs to predict relevance."""
        features = stack_features(calibrated)
        if geo.all() or not geo.any():
            coef = np.zeros(features.shape[1])
            coef[calibrated.shape[1] - 1] = 1.0  # fall back to the relevance classifier alone
            return coef, np.zeros(1)
        model = LogisticRegression(C=1.0, max_iter=2000)
        model.fit(features, geo.astype(int))
        return model.coef_[0].astype(np.float64), model.intercept_.astype(np.float64)

    def _fit_one(self, features: Any, target: npt.NDArray[np.bool_]) -> _Linear:
        if target.all() or not target.any():
            # A fold may lack a rare label entirely: predict its prior.
            prior = 0.999 if target.all() else 0.001
            return _Linear(np.zeros(features.shape[1]), float(np.log(prior / (1 - prior))))
        model = LogisticRegression(C=self.C, class_weight=self.class_weight, solver="liblinear", max_iter=1000)
        model.fit(features, target.astype(int))
        return _Linear(model.coef_[0].astype(np.float64), float(model.intercept_[0]))

    # -- prediction ---------------------------------------------------------------------
    def decision_function(self, X: Sequence[str]) -> FloatArray:
        """Return raw decision values (n_texts, n_labels + 1); the last column is relevance."""
        check_is_fitted(self, "coef_")
        features = self.vectorizer_.transform(self._check_texts(X))
        return np.asarray(features @ self.coef_) + self.intercept_

    def predict_proba(self, X: Sequence[str]) -> FloatArray:
        """Return calibrated topic probabilities (n_texts, n_labels), columns in ``classes_``."""
        return self.predict_proba_all(X)[:, :-1]

    def predict_proba_all(self, X: Sequence[str]) -> FloatArray:
        """Return calibrated probabilities of every output: labels, then relevance."""
        check_is_fitted(self, "coef_")
        probs = sigmoid(self.calib_a_ * self.decision_function(X) + self.calib_b_)
        probs[:, -1] = relevance_from(probs, self.relevance_coef_, self.relevance_intercept_)
        return probs

    def predict(self, X: Sequence[str]) -> npt.NDArray[np.int_]:
        """Return a 0/1 indicator matrix (n_texts, n_labels) of topics above their thresholds."""
        return (self.predict_proba(X) >= self.thresholds_).astype(int)

    def predict_labels(self, X: Sequence[str]) -> list[tuple[str, ...]]:
        """Return, per text, the tuple of topic ids above their thresholds."""
        return [tuple(self.classes_[j] for j in np.flatnonzero(row)) for row in self.predict(X)]

    # -- persistence --------------------------------------------------------------------
    def save(
        self,
        path: str | Path,
        *,
        model_version: str = "custom-1",
        metrics: Mapping[str, Any] | None = None,
        model_card: str | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> str:
        """Write the model in geotag's safe format and return its SHA-256 pin."""
        check_is_fitted(self, "coef_")
        vocabulary = sorted(self.vectorizer_.vocabulary_, key=self.vectorizer_.vocabulary_.__getitem__)
        taxonomy = self._taxonomy()
        manifest: dict[str, Any] = {
            "model_version": model_version,
            "taxonomy_version": taxonomy.version,
            "taxonomy_name": taxonomy.name,
            "labels": list(self.classes_),
            "outputs": [*self.classes_, RELEVANCE_OUTPUT],
            "thresholds": [float(t) for t in self.thresholds_],
            "primary_thresholds": [float(t) for t in self.primary_thresholds_],
            "mention_thresholds": [float(t) for t in self.mention_thresholds_],
            "relevance_threshold": float(self.relevance_threshold_),
            "vectorizer": {
                "analyzer": ANALYZER_NAME,
                "sublinear_tf": bool(self.sublinear_tf),
                "norm": "l2",
                "use_idf": True,
                "smooth_idf": True,
                "ngram_range": [1, 2],
            },
            "estimator": {
                "C": self.C,
                "max_features": self.max_features,
                "min_df": self.min_df,
                "class_weight": self.class_weight,
                "cv": self.cv,
            },
            "training": {
                "n_texts": self.n_training_texts_,
                "data_sha256": self.training_hash_,
            },
            "metrics": dict(metrics or {}),
        }
        if extra:
            manifest.update(extra)
        arrays = {
            "coef": self.coef_,
            "intercept": self.intercept_,
            "idf": np.asarray(self.vectorizer_.idf_, dtype=np.float64),
            "calib_a": self.calib_a_,
            "calib_b": self.calib_b_,
            "relevance_coef": self.relevance_coef_,
            "relevance_intercept": self.relevance_intercept_,
        }
        bundled = self.taxonomy is None or self.taxonomy.to_dict() == get_taxonomy().to_dict()
        return write_model(
            path,
            manifest=manifest,
            vocabulary=vocabulary,
            arrays=arrays,
            model_card=model_card,
            taxonomy=None if bundled else taxonomy.to_dict(),
        )


class _Linear:
    __slots__ = ("coef", "intercept")

    def __init__(self, coef: FloatArray, intercept: float) -> None:
        self.coef = coef
        self.intercept = intercept

    def decision(self, features: Any) -> FloatArray:
        return np.asarray(features @ self.coef).ravel() + self.intercept
