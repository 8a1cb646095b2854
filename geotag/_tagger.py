"""The Tagger: a loaded model plus the gazetteer, turning texts into :class:`TagResult` objects.

Example:
    >>> tagger = Tagger.load()
    >>> result = tagger.tag("Chinese and Philippine coast guard vessels collided near a disputed shoal.")
    >>> result.topics[0].id
    'security.maritime'
"""

from __future__ import annotations

import gc
import marshal
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np

from geotag._engine import DocumentScores, EvidenceLocator, TopicEngine
from geotag._errors import InputTypeError, InputValueError, describe
from geotag._gazetteer import EntityMatch, Gazetteer, get_gazetteer
from geotag._model_format import ModelData, embedded_taxonomy, read_model
from geotag._results import (
    OBJECTS,
    SALIENCE_ORDER,
    TUPLES,
    Assembly,
    Salience,
    TagResult,
    _decode_result,
)
from geotag._text import lead_size, lowercase, sentence_spans
from geotag.taxonomy import Taxonomy, get_taxonomy

__all__ = ["Tagger", "bundled_model_path"]

LANGUAGE_WARNING = "language: the text looks mostly non-English; topic scores are unreliable and were withheld"
# A passing mention needs one sentence that is, on its own, clearly about the topic: at least the
# model's per-topic mention threshold (set in training to the score at which a short text carries the
# topic as primary), or for older models that lack one, max(primary threshold, this probability).
MENTION_SENTENCE_PROBABILITY = 0.9
_NON_LATIN_LETTER = re.compile(r"[^\W\d_a-zA-Z\u00C0-\u024F]")
_LETTER = re.compile(r"[^\W\d_]")


def bundled_model_path() -> Path:
    """Return the directory of the model shipped inside the package."""
    return Path(str(resources.files("geotag").joinpath("data/model")))


class Tagger:
    """Tag texts with an explicit model; immutable and safe to share between threads.

    Args:
        model: a loaded model (see :meth:`load`).
        taxonomy: the taxonomy the model's labels belong to.
        gazetteer: country/region/organisation data (default: the bundled gazetteer).
        evidence_terms: how many evidence terms to report per topic.
    """

    def __init__(
        self,
        model: ModelData,
        *,
        taxonomy: Taxonomy | None = None,
        gazetteer: Gazetteer | None = None,
        evidence_terms: int = 5,
        source: str | None = None,
    ) -> None:
        if not isinstance(model, ModelData):
            raise InputTypeError(f"model must be a loaded model (use Tagger.load), got {describe(model)}")
        self.taxonomy = taxonomy if taxonomy is not None else get_taxonomy()
        self.model = model
        self._engine = TopicEngine(model)
        self._gazetteer = gazetteer
        self._gazetteer_lock = threading.Lock()
        self.evidence_terms = evidence_terms
        self.source = source
        self._mention_thresholds = (
            model.mention_thresholds
            if model.mention_thresholds is not None
            else np.maximum(model.primary_thresholds, MENTION_SENTENCE_PROBABILITY)
        )
        self._topic_meta = [
            (label, self.taxonomy[label].label, self.taxonomy.domain_of(label).id) for label in model.labels
        ]

    @classmethod
    def load(
        cls,
        path: str | Path | None = None,
        *,
        taxonomy: Taxonomy | None = None,
        expected_sha256: str | None = None,
    ) -> Tagger:
        """Load a model directory (default: the bundled model), verifying every file's hash.

        Args:
            path: a directory written by ``TopicClassifier.save`` or ``geotag train``.
            taxonomy: the taxonomy its labels come from (default: the bundled taxonomy).
            expected_sha256: pin the model: refuse it unless its ``SHA256SUMS`` has this hash.

        Raises:
            ModelFormatError, ModelIntegrityError: the files are not a valid, intact model.
        """
        if path is not None and not isinstance(path, (str, Path)):
            raise InputTypeError(f"path must be a str, a Path or None, got {describe(path)}")
        if expected_sha256 is not None and not isinstance(expected_sha256, str):
            raise InputTypeError(f"expected_sha256 must be a hex string, got {describe(expected_sha256)}")
        if taxonomy is not None and not isinstance(taxonomy, Taxonomy):
            raise InputTypeError(f"taxonomy must be a Taxonomy, got {describe(taxonomy)}")
        directory = bundled_model_path() if path is None else Path(path)
        # A model trained on a custom taxonomy carries it (taxonomy.json, hash-checked).
        tax = taxonomy or embedded_taxonomy(directory) or get_taxonomy()
        model = read_model(directory, taxonomy=tax, expected_sha256=expected_sha256)
        return cls(model, taxonomy=tax, source=None if path is None else str(directory))

    # -- properties ------------------------------------------------------------------------
    @property
    def model_version(self) -> str:
        return self.model.model_version

    @property
    def taxonomy_version(self) -> str:
        return self.model.taxonomy_version

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            with self._gazetteer_lock:
                if self._gazetteer is None:
                    self._gazetteer = get_gazetteer()
        return self._gazetteer

    def info(self) -> dict[str, Any]:
        """Return versions and the model's SHA-256 pin."""
        from geotag._version import __version__

        return {
            "geotag_version": __version__,
            "model_version": self.model_version,
            "model_sha256": self.model.sha256,
            "model_path": self.source or "bundled",
            "taxonomy_version": self.taxonomy.version,
            "gazetteer_version": self.gazetteer.version,
            "labels": len(self.model.labels),
            "features": len(self.model.vocabulary),
        }

    # -- tagging ---------------------------------------------------------------------------
    def tag(self, text: str) -> TagResult:
        """Tag one text.

        Raises:
            InputTypeError: ``text`` is not a ``str`` (bytes must be decoded first).
        """
        if not isinstance(text, str):
            hint = " (decode bytes first, e.g. data.decode('utf-8'))" if isinstance(text, (bytes, bytearray)) else ""
            raise InputTypeError(f"tag() takes a str, got {describe(text)}{hint}")
        result: TagResult = self._tag(text, OBJECTS)
        return result

    def _tag(self, text: str, make: Assembly) -> Any:
        """Tag a ``str``, assembling the result with ``make`` (objects, or tuples for a worker)."""
        if not text.strip():
            return make.result((), (), (), (), 0.0, False, self.model.model_version, self.taxonomy.version, (), ())
        spans = sentence_spans(text)
        lower = lowercase(text)
        scores = self._engine.score(text, spans, lower)
        warnings: tuple[str, ...] = ()
        if _looks_foreign(text, scores):
            warnings = (LANGUAGE_WARNING,)
        relevance = min(float(scores.doc[-1]), 0.05) if warnings else float(scores.doc[-1])
        model = self.model
        # Relevance gates topics: a text judged not geopolitical gets none (measured best on the
        # development split, see benchmarks/results/build_model.json).
        is_geo = relevance >= model.relevance_threshold
        topics, domains = self._topics(text, spans, scores, lower, make) if is_geo else ((), ())
        matches = self.gazetteer.find(text)
        countries, regions, organizations = self._entities(matches, spans, text, make)
        return make.result(
            topics,
            countries,
            regions,
            organizations,
            relevance,
            is_geo,
            model.model_version,
            self.taxonomy.version,
            domains,
            warnings,
        )

    def tag_many(self, texts: Iterable[str], *, batch_size: int = 256, n_jobs: int = 1) -> Iterator[TagResult]:
        """Yield one result per text, in input order, streaming in constant memory.

        Args:
            texts: any iterable of ``str`` (a list, a generator, a file's lines...).
            batch_size: texts sent to a worker at a time when ``n_jobs != 1``.
            n_jobs: worker processes through joblib (``-1``: all cores). Inside
                ``joblib.parallel_config(backend="dask")`` the batches run on a Dask cluster.

        Raises:
            InputTypeError: ``texts`` is a single str, or an item is not a str.
        """
        if isinstance(texts, (str, bytes)):
            raise InputTypeError(
                f"tag_many() takes an iterable of str, got a single {type(texts).__name__}; "
                "use tag() for one text or wrap it in a list"
            )
        if not isinstance(texts, Iterable):
            raise InputTypeError(f"tag_many() takes an iterable of str, got {describe(texts)}")
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise InputValueError(f"batch_size must be a positive int, got {describe(batch_size)}")
        if isinstance(n_jobs, bool) or not isinstance(n_jobs, int) or n_jobs == 0:
            raise InputValueError(f"n_jobs must be a non-zero int (-1 for all cores), got {describe(n_jobs)}")
        return self._tag_stream(iter(texts), batch_size, n_jobs)

    def _tag_stream(self, texts: Iterator[str], batch_size: int, n_jobs: int) -> Iterator[TagResult]:
        if n_jobs == 1:
            for text in texts:
                yield self.tag(text)
            return
        from joblib import Parallel, delayed

        def batches() -> Iterator[list[str]]:
            while True:
                batch = list(islice(texts, batch_size))
                if not batch:
                    return
                for i, text in enumerate(batch):
                    if not isinstance(text, str):
                        raise InputTypeError(
                            f"tag_many() items must be str, got {describe(text)} at batch position {i}"
                        )
                yield batch

        spec = (
            self.source,
            self.model.sha256,
            self.taxonomy.to_dict() if self.taxonomy is not get_taxonomy() else None,
        )
        parallel = Parallel(n_jobs=n_jobs, return_as="generator", pre_dispatch="2*n_jobs")
        for packed in parallel(delayed(_tag_batch)(spec, batch) for batch in batches()):
            yield from _unpack_results(packed)

    # -- pieces ----------------------------------------------------------------------------
    def _topics(
        self, text: str, spans: list[tuple[int, int]], scores: DocumentScores, lower: str, make: Assembly
    ) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        """The topic tags (by score, then id) and the domain tags they roll up to."""
        model = self.model
        n_sent = len(spans)
        thresholds = model.thresholds
        primary = model.primary_thresholds
        n_labels = len(model.labels)
        doc = scores.doc[:n_labels]
        lead = scores.lead[:n_labels]
        sentences = scores.sentences[:, :n_labels]
        chosen: list[tuple[int, float, Salience]] = []
        if n_sent <= 2:
            # A summary: the whole text is the lead.
            present = doc >= thresholds
            is_primary = doc >= primary
            for j in np.flatnonzero(present).tolist():
                chosen.append((j, float(doc[j]), "primary" if is_primary[j] else "secondary"))
        else:
            hits = (sentences >= thresholds).sum(axis=0)
            best = np.maximum(doc, lead)
            present = best >= thresholds
            is_primary = (
                # The headline and lead are about it: clearly above its threshold there.
                (lead >= np.minimum(primary, 2 * thresholds))
                | ((doc >= primary) & (hits >= 2))
                | (hits >= max(3, 0.25 * n_sent))
            )
            # One passing sentence strongly about the topic, the text as a whole not: a mention,
            # whose score stays the (low) probability that the text is about it.
            is_mention = ~present & (sentences.max(axis=0) >= self._mention_thresholds)
            for j in np.flatnonzero(present | is_mention).tolist():
                # Present across the text (or in its lead) without dominating it: secondary.
                salience: Salience = "mention" if is_mention[j] else "primary" if is_primary[j] else "secondary"
                chosen.append((j, float(best[j]), salience))
        meta = self._topic_meta
        chosen.sort(key=lambda c: (-c[1], meta[c[0]][0]))
        evidence = self._engine.evidence_many(scores, [j for j, _, _ in chosen], top_k=self.evidence_terms)
        locator = EvidenceLocator(text, spans, lower)
        located: dict[str, tuple[Any, ...]] = {}
        build_evidence, build_topic = make.evidence, make.topic
        tags = []
        for (j, score, salience), terms in zip(chosen, evidence, strict=True):
            label, name, domain = meta[j]
            found = tuple(
                build_evidence(term, weight, self._term_spans(locator, term, located, make)) for term, weight in terms
            )
            tags.append(build_topic(label, name, domain, score, salience, found))
        return tuple(tags), self._domains(chosen, make)

    @staticmethod
    def _term_spans(
        locator: EvidenceLocator, term: str, located: dict[str, tuple[Any, ...]], make: Assembly
    ) -> tuple[Any, ...]:
        """Spans of one evidence term, found once per text however many topics cite it."""
        spans = located.get(term)
        if spans is None:
            build_span, text = make.span, locator.text
            spans = tuple(build_span(s, e, text[s:e]) for s, e in locator.spans_of(term))
            located[term] = spans
        return spans

    def _domains(self, chosen: Sequence[tuple[int, float, Salience]], make: Assembly) -> tuple[Any, ...]:
        """One tag per domain of the chosen topics: its best topic's score, its strongest salience."""
        best: dict[str, float] = {}
        salience: dict[str, Salience] = {}
        for j, score, topic_salience in chosen:
            domain = self._topic_meta[j][2]
            if domain not in best or score > best[domain]:
                best[domain] = score
            current = salience.get(domain)
            if current is None or SALIENCE_ORDER[topic_salience] < SALIENCE_ORDER[current]:
                salience[domain] = topic_salience
        order = sorted(best, key=lambda d: (-best[d], d))
        return tuple(make.domain(d, self.taxonomy[d].label, best[d], salience[d]) for d in order)

    def _entities(
        self, matches: list[EntityMatch], spans: list[tuple[int, int]], text: str, make: Assembly
    ) -> tuple[tuple[Any, ...], tuple[Any, ...], tuple[Any, ...]]:
        """Country, region and organisation tags, each in order of first mention."""
        gaz = self.gazetteer
        build_span = make.span
        lead_end = spans[lead_size(text, spans) - 1][1] if spans else 0
        grouped: dict[tuple[str, str], list[EntityMatch]] = {}
        for match in matches:
            grouped.setdefault((match.entity_type, match.entity_id), []).append(match)
        weights: dict[str, float] = {}
        for (etype, eid), found in grouped.items():
            if etype == "country":
                weights[eid] = len(found) + 2.0 * any(m.start < lead_end for m in found)
        top = max(weights.values(), default=0.0)
        multi = len(spans) > 2
        countries, regions, organizations = [], [], []
        for (etype, eid), found in grouped.items():
            mentions = tuple(build_span(m.start, m.end, m.text) for m in found)
            if etype == "country":
                info = gaz.countries[eid]
                in_lead = any(m.start < lead_end for m in found)
                focus = weights[eid] >= 0.6 * top and in_lead and (len(found) >= 2 or not multi)
                countries.append(
                    make.country(eid, info["alpha3"], info["name"], mentions, "focus" if focus else "mentioned")
                )
            elif etype == "region":
                info = gaz.regions[eid]
                regions.append(make.region(eid, info["name"], info["kind"], mentions, tuple(info["countries"])))
            else:
                info = gaz.organizations[eid]
                organizations.append(
                    make.organization(eid, info["name"], info["kind"], mentions, tuple(info["members"]))
                )
        return tuple(countries), tuple(regions), tuple(organizations)


def _looks_foreign(text: str, scores: DocumentScores) -> bool:
    if scores.n_unigrams >= 6 and scores.n_known_unigrams < 0.3 * scores.n_unigrams:
        return True
    if scores.n_unigrams >= 20 and scores.n_known_unigrams >= 0.6 * scores.n_unigrams:
        return False  # plainly the model's language: skip the script count
    sample = text[:5000]
    letters = len(_LETTER.findall(sample))
    return letters >= 20 and len(_NON_LATIN_LETTER.findall(sample)) > 0.5 * letters


_MARSHAL_VERSION = 4  # shares repeated objects (topic ids, names) within a batch
_worker_lock = threading.Lock()
_worker_taggers: dict[tuple[str | None, str], Tagger] = {}


def _tag_batch(spec: tuple[str | None, str, dict[str, Any] | None], texts: list[str]) -> bytes:
    """Worker side of ``tag_many(n_jobs=...)``: load the model once per process, tag a batch.

    Returns the batch's results as plain tuples (str, int, float, bool) serialised in one piece with
    :mod:`marshal`, which writes such data three times faster than pickle (see :func:`_unpack_results`).
    """
    source, sha256, taxonomy_data = spec
    key = (source, sha256)
    with _worker_lock:
        tagger = _worker_taggers.get(key)
        if tagger is None:
            taxonomy = Taxonomy.from_dict(taxonomy_data) if taxonomy_data is not None else None
            tagger = Tagger.load(source, taxonomy=taxonomy, expected_sha256=sha256)
            tagger.gazetteer  # noqa: B018 (build it now, before the results start)
            _worker_taggers[key] = tagger
    # The batch's results stay alive until they are sent: pausing the cyclic collector meanwhile
    # spares it rescanning them (tagging makes no reference cycles; refcounting frees the rest).
    with _collector_paused():
        # Plain tuples, not objects: the parent builds each object once (see _unpack_results).
        return marshal.dumps([tagger._tag(text, TUPLES) for text in texts], _MARSHAL_VERSION)


def _unpack_results(packed: bytes) -> list[TagResult]:
    """Rebuild a worker's batch in the parent, with the cyclic garbage collector paused.

    A batch is tens of thousands of new, live objects; letting the collector scan them again and
    again while they are built cost the parent more than the workers spent tagging. Nothing built
    here is garbage, so pausing collection for the duration loses nothing. (This reads only
    what geotag's own worker processes produced, never a file.)
    """
    with _collector_paused():
        return [_decode_result(data) for data in marshal.loads(packed)]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block; restore the state it was in."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
