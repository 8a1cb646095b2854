"""Typed results: frozen, validated, JSON-ready, and matching the committed JSON Schema."""

from __future__ import annotations

import json
import pickle
from importlib import resources

import attrs
import jsonschema
import pytest

import geotag
from geotag import CountryTag, Span, TopicTag
from geotag._results import unchecked


@pytest.fixture(scope="module")
def schema() -> dict[str, object]:
    text = resources.files("geotag").joinpath("data/tag_result.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def test_schema_is_a_valid_draft_2020_12_schema(schema: dict[str, object]) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "The home side won the cup final.",
        "NATO allies met in Brussels as Russia massed troops near Ukraine's border.",
    ],
)
def test_to_dict_matches_the_schema_and_is_json(schema: dict[str, object], text: str) -> None:
    data = geotag.tag(text).to_dict()
    jsonschema.validate(data, schema)
    assert json.loads(json.dumps(data)) == data


def test_example_article_result_matches_the_schema(schema: dict[str, object], article: str) -> None:
    jsonschema.validate(geotag.tag(article).to_dict(), schema)


def test_results_are_frozen() -> None:
    result = geotag.tag("Japan and India held talks.")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        result.relevance = 1.0  # type: ignore[misc]


@pytest.mark.parametrize(
    "build",
    [
        lambda: Span(5, 2, "x"),
        lambda: Span(-1, 2, "x"),
        lambda: TopicTag("a.b", "A", "a", 1.5, "primary"),
        lambda: TopicTag("a.b", "A", "a", 0.5, "central"),
        lambda: CountryTag("india", "IND", "India", (), "focus"),
        lambda: CountryTag("IN", "IND", "India", (), "main"),
    ],
)
def test_invalid_fields_are_refused(build: object) -> None:
    with pytest.raises((ValueError, TypeError)):
        build()  # type: ignore[operator]


def test_topics_are_sorted_by_score_then_id(article: str) -> None:
    topics = geotag.tag(article).topics
    keys = [(-t.score, t.id) for t in topics]
    assert keys == sorted(keys)


def test_domains_are_consistent_with_leaves(article: str) -> None:
    result = geotag.tag(article)
    assert {d.id for d in result.domains} == {t.domain for t in result.topics}
    for domain in result.domains:
        assert domain.score == max(t.score for t in result.topics if t.domain == domain.id)


def test_results_survive_pickling_unchanged(article: str) -> None:
    # Users pickle results (multiprocessing, caches): they travel as plain tuples and come back equal.
    result = geotag.tag(article)
    assert result.topics
    assert result.countries
    assert any(t.evidence for t in result.topics)
    copy = pickle.loads(pickle.dumps(result))
    assert copy == result
    assert copy.to_dict() == result.to_dict()
    assert type(copy.topics[0].evidence[0].spans[0]) is Span


def test_a_worker_batch_rebuilds_the_results_tag_returns(article: str) -> None:
    # tag_many(n_jobs=...): workers send plain tuples (marshal), the parent builds the objects.
    from geotag._tagger import _tag_batch, _unpack_results

    tagger = geotag.Tagger.load()
    texts = [article, "", "Talks on the Iran nuclear deal resumed in Vienna.", "The Lakers won again."]
    rebuilt = _unpack_results(_tag_batch((None, tagger.model.sha256, None), texts))
    assert rebuilt == [tagger.tag(text) for text in texts]
    assert type(rebuilt[0].topics[0].evidence[0].spans[0]) is Span


def test_unchecked_builds_the_same_object_as_the_validating_constructor() -> None:
    assert unchecked(Span, 3, 8, "India") == Span(3, 8, "India")
    tag = TopicTag("security.maritime", "Maritime security", "security", 0.8, "primary", ())
    assert unchecked(TopicTag, *attrs.astuple(tag, recurse=False)) == tag
