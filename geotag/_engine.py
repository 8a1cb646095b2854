"""Lean inference: the linear topic model applied with numpy alone (no scikit-learn).

For one text it builds the TF-IDF rows of the whole text, its lead and every sentence in one
vectorised pass (a gather of weight rows and a segmented sum), then calibrates them. The
numbers match the scikit-learn pipeline the model was exported from (see ``geotag.train``).

Example:
    >>> from geotag._engine import sigmoid
    >>> float(sigmoid(np.array([0.0]))[0])
    0.5
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import attrs
import numpy as np
import numpy.typing as npt

from geotag._model_format import ModelData
from geotag._text import STOP_WORDS, WORD_PATTERN, lead_size, sentence_tokens

__all__ = ["DocumentScores", "TopicEngine", "sigmoid"]

FloatArray = npt.NDArray[np.float64]


def stack_features(probs: FloatArray) -> FloatArray:
    """Features of the relevance stacker: logits of every output and the top topic probabilities."""
    from geotag._model_format import RELEVANCE_TOP_K

    clipped = np.clip(probs, 1e-6, 1 - 1e-6)
    top = np.sort(probs[..., :-1], axis=-1)[..., -RELEVANCE_TOP_K:]
    return np.concatenate([np.log(clipped / (1 - clipped)), top], axis=-1)


def relevance_from(probs: FloatArray, coef: FloatArray, intercept: FloatArray) -> FloatArray:
    """Return P(geopolitical) from calibrated outputs with the stacker's weights."""
    return sigmoid(stack_features(probs) @ coef + intercept[0])


def sigmoid(x: FloatArray) -> FloatArray:
    """Numerically stable logistic function."""
    out = np.empty_like(x)
    positive = x >= 0
    out[positive] = 1.0 / (1.0 + np.exp(-x[positive]))
    exp_x = np.exp(x[~positive])
    out[~positive] = exp_x / (1.0 + exp_x)
    return out


@attrs.frozen(slots=True, eq=False)
class DocumentScores:
    """Calibrated probabilities of one text: whole text, lead, and each sentence.

    Arrays have one column per model output (the labels, then relevance).
    """

    doc: FloatArray  # (n_outputs,)
    lead: FloatArray  # (n_outputs,)
    sentences: FloatArray  # (n_sentences, n_outputs); zeros where a sentence has no feature
    feature_ids: npt.NDArray[np.intp]  # doc-level feature ids
    feature_values: FloatArray  # their TF-IDF values (row of the doc matrix)
    feature_sentences: dict[int, list[int]]  # feature id -> the sentences it occurs in, in order
    n_unigrams: int
    n_known_unigrams: int


class TopicEngine:
    """Score texts with a loaded :class:`ModelData`; immutable and thread-safe."""

    __slots__ = ("_a", "_b", "_coef", "_idf", "_intercept", "_sublinear", "index", "model")

    def __init__(self, model: ModelData) -> None:
        self.model = model
        self.index: dict[str, int] = {term: i for i, term in enumerate(model.vocabulary)}
        self._coef = model.coef
        self._idf = model.idf
        self._intercept = model.intercept
        self._a = model.calib_a
        self._b = model.calib_b
        self._sublinear = bool(model.vectorizer["sublinear_tf"])

    def _weights(self, counts: FloatArray, ids: npt.NDArray[np.intp]) -> FloatArray:
        if self._sublinear:
            counts = np.log(counts) + 1.0
        return counts * self._idf[ids]

    def decision(self, texts: Sequence[str]) -> FloatArray:
        """Return raw decision values (n_texts, n_outputs), exactly as the linear model gives."""
        rows = np.zeros((len(texts), self._intercept.shape[0]))
        for i, text in enumerate(texts):
            ids = self._doc_ids(sentence_tokens(text, _whole(text)))[0]
            if ids.size:
                uniq, counts = np.unique(ids, return_counts=True)
                values = self._weights(counts.astype(np.float64), uniq)
                values /= np.sqrt(np.dot(values, values))
                rows[i] = values @ self._coef[uniq]
        return rows + self._intercept

    def calibrate(self, decision: FloatArray) -> FloatArray:
        """Map decision values to calibrated probabilities (Platt scaling per output).

        The last column (relevance) is then replaced by the relevance stacker, which reads every
        calibrated output: a text strongly about one topic is geopolitical even when the generic
        relevance classifier hesitates.
        """
        probs = sigmoid(self._a * decision + self._b)
        probs[..., -1] = relevance_from(probs, self.model.relevance_coef, self.model.relevance_intercept)
        return probs

    def _doc_ids(
        self, tokens_by_sentence: list[list[str]]
    ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], int, int]:
        get = self.index.get
        ids: list[int] = []
        owners: list[int] = []
        n_unigrams = 0
        n_known = 0
        for number, tokens in enumerate(tokens_by_sentence):
            found = [i for i in map(get, tokens) if i is not None]
            n_unigrams += len(tokens)
            n_known += len(found)
            if len(tokens) > 1:
                found += [i for i in map(get, map(" ".join, pairwise(tokens))) if i is not None]
            ids += found
            owners += [number] * len(found)
        return (
            np.fromiter(ids, dtype=np.intp, count=len(ids)),
            np.fromiter(owners, dtype=np.intp, count=len(owners)),
            n_unigrams,
            n_known,
        )

    def score(self, text: str, spans: list[tuple[int, int]]) -> DocumentScores:
        """Score ``text`` whose sentence spans are ``spans`` (from :func:`sentence_spans`)."""
        n_outputs = self._intercept.shape[0]
        n_sent = len(spans)
        ids, owners, n_unigrams, n_known = self._doc_ids(sentence_tokens(text, spans))
        if ids.size == 0:
            # No known feature: every segment gets the intercept-only probabilities.
            empty = self.calibrate(self._intercept.copy())
            return DocumentScores(
                doc=empty,
                lead=empty,
                sentences=np.tile(empty, (n_sent, 1)),
                feature_ids=ids,
                feature_values=np.zeros(0),
                feature_sentences={},
                n_unigrams=n_unigrams,
                n_known_unigrams=n_known,
            )
        n_lead = lead_size(text, spans)
        # Segments: 0..n_sent-1 sentences, n_sent the lead, n_sent + 1 the whole text.
        lead_mask = owners < n_lead
        segment = np.concatenate([owners, np.full(int(lead_mask.sum()), n_sent), np.full(ids.size, n_sent + 1)])
        feature = np.concatenate([ids, ids[lead_mask], ids])
        n_features = self._idf.shape[0]
        keys, counts = np.unique(segment * n_features + feature, return_counts=True)
        seg_of = keys // n_features
        feat_of = keys - seg_of * n_features
        values = self._weights(counts.astype(np.float64), feat_of)
        starts = np.flatnonzero(np.r_[True, seg_of[1:] != seg_of[:-1]])
        norms = np.sqrt(np.add.reduceat(values * values, starts))
        values /= np.repeat(norms, np.diff(np.r_[starts, values.size]))
        logits = np.add.reduceat(values[:, None] * self._coef[feat_of], starts, axis=0)
        present = seg_of[starts]
        table = np.tile(self._intercept, (n_sent + 2, 1))
        table[present] += logits
        probs = self.calibrate(table)
        doc_rows = seg_of == n_sent + 1
        # Keys are sorted by segment, so each feature's sentence list comes out in text order.
        in_sentence = seg_of < n_sent
        feature_sentences: dict[int, list[int]] = {}
        for seg, feat in zip(seg_of[in_sentence].tolist(), feat_of[in_sentence].tolist(), strict=True):
            feature_sentences.setdefault(feat, []).append(seg)
        return DocumentScores(
            doc=probs[n_sent + 1],
            lead=probs[n_sent],
            sentences=probs[:n_sent] if n_sent else np.zeros((0, n_outputs)),
            feature_ids=feat_of[doc_rows],
            feature_values=values[doc_rows],
            feature_sentences=feature_sentences,
            n_unigrams=n_unigrams,
            n_known_unigrams=n_known,
        )

    def evidence(self, scores: DocumentScores, output: int, *, top_k: int = 5) -> list[tuple[str, float]]:
        """Return the ``top_k`` features that raised ``output``'s logit most, with contributions."""
        if scores.feature_ids.size == 0:
            return []
        contrib = scores.feature_values * self._coef[scores.feature_ids, output]
        order = np.argsort(-contrib, kind="stable")[:top_k]
        vocab = self.model.vocabulary
        return [(vocab[int(scores.feature_ids[i])], float(contrib[i])) for i in order if contrib[i] > 0]


def _whole(text: str) -> list[tuple[int, int]]:
    from geotag._text import sentence_spans

    return sentence_spans(text)


class EvidenceLocator:
    """Finds where feature terms occur, tokenising each sentence at most once per text."""

    __slots__ = ("_spans", "_words", "text")

    def __init__(self, text: str, spans: list[tuple[int, int]]) -> None:
        self.text = text
        self._spans = spans
        self._words: dict[int, list[tuple[str, int, int]]] = {}

    def _sentence_words(self, number: int) -> list[tuple[str, int, int]]:
        words = self._words.get(number)
        if words is None:
            start, end = self._spans[number]
            words = [
                (word, m.start(), m.end())
                for m in WORD_PATTERN.finditer(self.text, start, end)
                if (word := m.group().lower()) not in STOP_WORDS
            ]
            self._words[number] = words
        return words

    def spans_of(self, term: str, sentence_ids: Sequence[int], limit: int = 5) -> list[tuple[int, int]]:
        """Return up to ``limit`` character spans of feature ``term`` in the given sentences."""
        parts = term.split(" ")
        size = len(parts)
        out: list[tuple[int, int]] = []
        for number in sentence_ids:
            words = self._sentence_words(number)
            for i in range(len(words) - size + 1):
                if words[i][0] == parts[0] and (size == 1 or words[i + 1][0] == parts[1]):
                    out.append((words[i][1], words[i + size - 1][2]))
                    if len(out) >= limit:
                        return out
        return out


def term_spans(
    text: str, spans: list[tuple[int, int]], sentence_ids: Sequence[int], term: str, limit: int = 5
) -> list[tuple[int, int]]:
    """Return up to ``limit`` character spans of feature ``term`` in the given sentences."""
    return EvidenceLocator(text, spans).spans_of(term, sentence_ids, limit)
