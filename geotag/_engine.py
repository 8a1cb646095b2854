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

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import pairwise, repeat

import attrs
import numpy as np
import numpy.typing as npt

from geotag._model_format import ModelData
from geotag._text import STOP_WORDS, WORD_PATTERN, lead_size, lowercase, sentence_tokens

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
    """Numerically stable logistic function: ``exp(-log(1 + exp(-x)))`` without overflow."""
    result: FloatArray = np.exp(-np.logaddexp(0.0, -x))
    return result


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
        """Known feature ids of every sentence and the sentence each comes from.

        Returns ``(ids, owners, n_unigrams, n_known_unigrams)``; unigrams of all sentences come
        first, then bigrams (order does not matter to the sums that follow).
        """
        features: list[str] = []
        unigram_sizes: list[int] = []
        bigram_sizes: list[int] = []
        for tokens in tokens_by_sentence:
            features += tokens
            unigram_sizes.append(len(tokens))
        n_unigrams = len(features)
        for tokens in tokens_by_sentence:
            if len(tokens) > 1:
                features += map(" ".join, pairwise(tokens))
            bigram_sizes.append(max(len(tokens) - 1, 0))
        ids = np.fromiter(map(self.index.get, features, repeat(-1)), dtype=np.intp, count=len(features))
        sentences = np.arange(len(tokens_by_sentence))
        owners = np.concatenate([np.repeat(sentences, unigram_sizes), np.repeat(sentences, bigram_sizes)])
        known = ids >= 0
        n_known = int(np.count_nonzero(known[:n_unigrams]))
        return ids[known], owners[known], n_unigrams, n_known

    def score(self, text: str, spans: list[tuple[int, int]], lower: str | None = None) -> DocumentScores:
        """Score ``text`` whose sentence spans are ``spans`` (from :func:`sentence_spans`).

        ``lower`` is :func:`geotag._text.lowercase` of ``text`` when the caller already has it.
        """
        n_outputs = self._intercept.shape[0]
        n_sent = len(spans)
        ids, owners, n_unigrams, n_known = self._doc_ids(sentence_tokens(text, spans, lower))
        if ids.size == 0:
            # No known feature: every segment gets the intercept-only probabilities.
            empty = self.calibrate(self._intercept.copy())
            return DocumentScores(
                doc=empty,
                lead=empty,
                sentences=np.tile(empty, (n_sent, 1)),
                feature_ids=ids,
                feature_values=np.zeros(0),
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
        new_segment = np.empty(seg_of.size, dtype=bool)
        new_segment[0] = True
        np.not_equal(seg_of[1:], seg_of[:-1], out=new_segment[1:])
        starts = np.flatnonzero(new_segment)
        norms = np.sqrt(np.add.reduceat(values * values, starts))
        values /= norms[np.cumsum(new_segment) - 1]
        logits = np.add.reduceat(values[:, None] * self._coef[feat_of], starts, axis=0)
        present = seg_of[starts]
        table = np.repeat(self._intercept[None, :], n_sent + 2, axis=0)
        table[present] += logits
        probs = self.calibrate(table)
        doc_rows = seg_of == n_sent + 1
        return DocumentScores(
            doc=probs[n_sent + 1],
            lead=probs[n_sent],
            sentences=probs[:n_sent] if n_sent else np.zeros((0, n_outputs)),
            feature_ids=feat_of[doc_rows],
            feature_values=values[doc_rows],
            n_unigrams=n_unigrams,
            n_known_unigrams=n_known,
        )

    def evidence_many(
        self, scores: DocumentScores, outputs: Sequence[int], *, top_k: int = 5
    ) -> list[list[tuple[str, float]]]:
        """Per output, the ``top_k`` features that raised its logit most, with their contributions.

        One gather of the weights serves every output.
        """
        if scores.feature_ids.size == 0 or not outputs:
            return [[] for _ in outputs]
        contrib = scores.feature_values[:, None] * self._coef[scores.feature_ids][:, list(outputs)]
        n_features = contrib.shape[0]
        if n_features > top_k:
            # The top_k candidates per column, then ordered by (contribution desc, position asc).
            candidates = np.argpartition(-contrib, top_k - 1, axis=0)[:top_k]
        else:
            candidates = np.broadcast_to(np.arange(n_features)[:, None], contrib.shape)
        vocab = self.model.vocabulary
        feature_ids = scores.feature_ids.tolist()
        out = []
        for column in range(len(outputs)):
            rows = candidates[:, column].tolist()
            values = contrib[rows, column].tolist()
            ranked = sorted(zip(values, rows, strict=True), key=lambda pair: (-pair[0], pair[1]))
            out.append([(vocab[feature_ids[r]], c) for c, r in ranked if c > 0])
        return out


def _whole(text: str) -> list[tuple[int, int]]:
    from geotag._text import sentence_spans

    return sentence_spans(text)


class EvidenceLocator:
    """Finds where feature terms occur in a text, without tokenising it again.

    A unigram feature is a whole lowercase word run (``\\w\\w+``); a bigram is two such words in
    one sentence with only stop words, one-letter words or punctuation between them, as the
    tokeniser sees them. The text is lowercased once; terms are found with ``str.find`` and checked.
    """

    __slots__ = ("_ends", "_lower", "_starts", "text")

    def __init__(self, text: str, spans: list[tuple[int, int]], lower: str | None = None) -> None:
        self.text = text
        self._lower = lowercase(text) if lower is None else lower
        self._starts = [start for start, _ in spans]
        self._ends = [end for _, end in spans]

    def spans_of(self, term: str, limit: int = 5) -> list[tuple[int, int]]:
        """Return the first ``limit`` character spans of feature ``term``, in text order."""
        first, _, second = term.partition(" ")
        lower = self._lower
        size = len(first)
        out: list[tuple[int, int]] = []
        at = lower.find(first)
        while at >= 0 and len(out) < limit:
            end = at + size
            if (at == 0 or not _WORD_CHAR.match(lower, at - 1)) and not _WORD_CHAR.match(lower, end):
                number = bisect_right(self._starts, at) - 1
                if number >= 0 and end <= self._ends[number]:
                    if not second:
                        out.append((at, end))
                    else:
                        following = _next_content_word(lower, end, self._ends[number])
                        if following is not None and following.group() == second:
                            out.append((at, following.end()))
            at = lower.find(first, end)
        return out


_WORD_CHAR = re.compile(r"\w")


def _next_content_word(lower: str, position: int, end: int) -> re.Match[str] | None:
    """The next token before ``end`` that the tokeniser keeps (stop words skipped)."""
    while (found := WORD_PATTERN.search(lower, position, end)) is not None and found.group() in STOP_WORDS:
        position = found.end()
    return found


def term_spans(text: str, spans: list[tuple[int, int]], term: str, limit: int = 5) -> list[tuple[int, int]]:
    """Return up to ``limit`` character spans of feature ``term`` in ``text`` (sentences ``spans``)."""
    return EvidenceLocator(text, spans).spans_of(term, limit)
