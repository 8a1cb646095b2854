"""Invariants that hold for any input string (Hypothesis)."""

from __future__ import annotations

import attrs
import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import geotag
from geotag import Tagger
from geotag._text import STOP_WORDS, WORD_PATTERN

TAXONOMY = geotag.get_taxonomy()
WORDS = st.sampled_from(
    [
        "Russia",
        "Ukraine",
        "NATO",
        "Japan",
        "India",
        "China",
        "U.S.",
        "Quad",
        "sanctions",
        "navy",
        "strait",
        "coup",
        "election",
        "protest",
        "refugees",
        "ceasefire",
        "tariffs",
        "oil",
        "hackers",
        "spy",
        "Hamas",
        "Taliban",
        "the",
        "of",
        "and",
        "in",
        "said",
        ".",
        ",",
        "!",
        "?",
        "’",
        "é",
        "中国",
        "🙂",
    ]
)
NEWSY = st.lists(WORDS, max_size=60).map(" ".join)
ANY_TEXT = st.one_of(st.text(max_size=300), NEWSY)


def _content_words(fragment: str) -> str:
    """The feature a span stands for: its lowercase words of 2+ characters, stop words dropped."""
    return " ".join(w for w in WORD_PATTERN.findall(fragment.lower()) if w not in STOP_WORDS)


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(ANY_TEXT)
def test_never_raises_and_everything_is_well_formed(text: str) -> None:
    result = geotag.tag(text)
    assert 0.0 <= result.relevance <= 1.0
    ids = [t.id for t in result.topics]
    assert len(ids) == len(set(ids))
    assert [(-t.score, t.id) for t in result.topics] == sorted((-t.score, t.id) for t in result.topics)
    for topic in result.topics:
        assert topic.id in TAXONOMY
        assert 0.0 <= topic.score <= 1.0
        for term in topic.evidence:
            for span in term.spans:
                assert 0 <= span.start <= span.end <= len(text)
                assert text[span.start : span.end] == span.text
                assert _content_words(span.text) == term.term
    for tag in (*result.countries, *result.regions, *result.organizations):
        for span in tag.mentions:
            assert text[span.start : span.end] == span.text


@settings(max_examples=25, deadline=None)
@given(st.lists(ANY_TEXT, max_size=8))
def test_tag_many_equals_tag_one_by_one(texts: list[str]) -> None:
    assert list(geotag.tag_many(texts)) == [geotag.tag(t) for t in texts]


@settings(max_examples=60, deadline=None)
@given(NEWSY, st.floats(min_value=0.0, max_value=0.5))
def test_raising_thresholds_never_adds_topics(text: str, bump: float) -> None:
    tagger = geotag.default_tagger()
    model = tagger.model
    stricter = attrs.evolve(
        model,
        thresholds=np.minimum(model.thresholds + bump, 1.0),
        primary_thresholds=np.minimum(model.primary_thresholds + bump, 1.0),
    )
    strict = Tagger(stricter, taxonomy=tagger.taxonomy)
    assert {t.id for t in strict.tag(text).topics} <= {t.id for t in tagger.tag(text).topics}
