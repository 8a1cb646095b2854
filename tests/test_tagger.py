"""geotag.tag / Tagger: the example article, bad input, empty input, non-English text."""

from __future__ import annotations

import pytest

import geotag
from geotag import Tagger


def test_example_article_countries_and_roles(article: str) -> None:
    result = geotag.tag(article)
    roles = {c.code: c.role for c in result.countries}
    assert roles["IN"] == "focus"
    assert roles["JP"] == "focus"
    for code in ("CN", "US", "AU", "RU", "UA"):
        assert roles[code] == "mentioned", code


def test_example_article_quad_region_and_offsets(article: str) -> None:
    result = geotag.tag(article)
    quad = next(o for o in result.organizations if o.id == "quad")
    assert set(quad.members) == {"AU", "IN", "JP", "US"}
    assert "indo_pacific" in {r.id for r in result.regions}
    spans = [m for c in result.countries for m in c.mentions]
    spans += [m for x in (*result.regions, *result.organizations) for m in x.mentions]
    spans += [s for t in result.topics for e in t.evidence for s in e.spans]
    assert spans
    for span in spans:
        assert article[span.start : span.end] == span.text


def test_example_article_topics(article: str) -> None:
    result = geotag.tag(article)
    salience = {t.id: t.salience for t in result.topics}
    for topic in ("security.alliances", "diplomacy.bilateral_relations", "diplomacy.strategic_rivalry"):
        assert salience.get(topic) == "primary", (topic, salience)
    for topic in ("security.maritime", "security.military_exercises", "security.intelligence", "security.terrorism"):
        assert topic in salience, (topic, salience)
    assert salience.get("conflict.interstate_war") in (None, "secondary", "mention")
    assert result.is_geopolitical


@pytest.mark.parametrize("bad", [None, b"bytes are not text", 42, ["a list"], 3.5])
def test_non_str_input_raises_geotag_type_error(bad: object) -> None:
    with pytest.raises(geotag.InputTypeError, match="tag\\(\\) takes a str, got") as info:
        geotag.tag(bad)  # type: ignore[arg-type]
    assert isinstance(info.value, TypeError)
    assert isinstance(info.value, geotag.GeotagError)


def test_bytes_error_says_how_to_fix() -> None:
    with pytest.raises(geotag.InputTypeError, match="decode"):
        geotag.tag(b"text")  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n"])
def test_empty_and_whitespace_text_give_an_empty_result(text: str) -> None:
    result = geotag.tag(text)
    assert result.topics == ()
    assert result.countries == ()
    assert result.relevance == 0.0
    assert result.is_geopolitical is False


def test_tag_many_rejects_a_bare_string() -> None:
    with pytest.raises(geotag.InputTypeError, match="single str"):
        list(geotag.tag_many("one text"))


def test_tag_many_rejects_non_str_items() -> None:
    with pytest.raises(geotag.InputTypeError):
        list(geotag.tag_many(["fine", 3]))  # type: ignore[list-item]


@pytest.mark.parametrize(("kwargs", "message"), [({"batch_size": 0}, "batch_size"), ({"n_jobs": 0}, "n_jobs")])
def test_tag_many_validates_options(kwargs: dict[str, int], message: str) -> None:
    with pytest.raises(geotag.InputValueError, match=message):
        geotag.tag_many(["x"], **kwargs)  # type: ignore[arg-type]


def test_tag_many_is_a_generator_in_input_order(smoke_rows: list[dict[str, object]]) -> None:
    texts = [str(r["text"]) for r in smoke_rows]
    stream = geotag.tag_many(iter(texts))
    assert iter(stream) is stream
    assert list(stream) == [geotag.tag(t) for t in texts]


@pytest.mark.parametrize(
    "text",
    [
        "中国外交部发言人表示，中方坚决反对任何形式的干涉，并将采取必要措施维护国家主权和领土完整。Japan",
        "Министерство иностранных дел России заявило, что ответит на новые санкции против страны. Japan",
        "أعلنت وزارة الخارجية أن المحادثات ستستأنف الأسبوع المقبل في العاصمة بمشاركة الوفود. Japan",
    ],
)
def test_non_english_text_gets_a_warning_no_topics_but_english_names(text: str) -> None:
    result = geotag.tag(text)
    assert result.warnings
    assert result.topics == ()
    assert result.relevance <= 0.1
    assert [c.code for c in result.countries] == ["JP"]


def test_tagger_load_with_explicit_path_uses_that_model(tiny_model_dir: object) -> None:
    tagger = Tagger.load(tiny_model_dir)  # type: ignore[arg-type]
    assert tagger.model_version == "tiny-test"
    assert tagger.tag("NATO allies agreed to expand the alliance.").model_version == "tiny-test"


def test_tagger_load_rejects_wrong_argument_types() -> None:
    with pytest.raises(geotag.InputTypeError, match="path must be"):
        Tagger.load(42)  # type: ignore[arg-type]


def test_info_reports_versions_and_hash() -> None:
    info = geotag.default_tagger().info()
    assert info["geotag_version"] == geotag.__version__
    assert len(info["model_sha256"]) == 64


def test_evidence_spans_are_the_evidence_terms(article: str) -> None:
    from geotag._text import STOP_WORDS, WORD_PATTERN

    result = geotag.tag(article)
    checked = 0
    for topic in result.topics:
        for term in topic.evidence:
            for span in term.spans:
                words = [w for w in WORD_PATTERN.findall(span.text.lower()) if w not in STOP_WORDS]
                assert " ".join(words) == term.term
                checked += 1
    assert checked > 10


@pytest.mark.parametrize(
    ("text", "term", "expected"),
    [
        # a word inside a longer word is no match ("war" in "warned", "toward")
        ("Officials warned of war. The march toward war went on.", "war", ["war", "war"]),
        # a bigram spans the stop words the tokeniser drops
        ("Ministers of the defence met. Defence ministers spoke.", "ministers defence", ["Ministers of the defence"]),
        # never across a sentence boundary
        ("They met the ministers. Defence was discussed.", "ministers defence", []),
        # letters whose lowercase is longer ("İ") do not shift the offsets of later matches
        ("İİ İstanbul talks on Sanctions, then sanctions again.", "sanctions", ["Sanctions", "sanctions"]),
    ],
)
def test_evidence_locator_finds_terms_as_the_tokeniser_sees_them(text: str, term: str, expected: list[str]) -> None:
    from geotag._engine import term_spans
    from geotag._text import sentence_spans

    found = term_spans(text, sentence_spans(text), term)
    assert [text[s:e] for s, e in found] == expected


@pytest.mark.parametrize("enabled", [True, False])
def test_worker_batches_round_trip_and_leave_the_collector_as_they_found_it(article: str, enabled: bool) -> None:
    import gc

    from geotag._tagger import _tag_batch, _unpack_results

    tagger = geotag.Tagger.load()
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        packed = _tag_batch((None, tagger.model.sha256, None), [article, "Quiet day."])
        assert gc.isenabled() is enabled
        assert _unpack_results(packed) == [tagger.tag(article), tagger.tag("Quiet day.")]
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
