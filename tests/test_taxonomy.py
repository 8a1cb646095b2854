"""The taxonomy: the 30 required leaves, navigation, validation and extension."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import geotag
from geotag.taxonomy import Taxonomy, Topic, get_taxonomy, load_taxonomy

REQUIRED = {
    "security": [
        "alliances",
        "military_exercises",
        "maritime",
        "arms_trade",
        "nuclear_wmd",
        "terrorism",
        "cyber_information",
        "intelligence",
    ],
    "conflict": ["interstate_war", "civil_war_insurgency", "territorial_disputes", "peace_process"],
    "diplomacy": [
        "bilateral_relations",
        "multilateral_institutions",
        "strategic_rivalry",
        "international_law",
        "sanctions",
    ],
    "geoeconomics": ["trade", "energy", "tech_supply_chains", "development_finance"],
    "politics": ["elections", "protests_unrest", "coups", "human_rights"],
    "transnational": ["migration", "humanitarian", "health", "climate_environment", "organized_crime"],
}


def test_bundled_taxonomy_has_exactly_the_required_domains_and_leaves() -> None:
    tax = get_taxonomy()
    assert [d.id for d in tax.domains()] == list(REQUIRED)
    expected = {f"{d}.{leaf}" for d, leaves in REQUIRED.items() for leaf in leaves}
    assert {t.id for t in tax.leaves()} == expected
    assert len(tax.leaves()) == 30


def test_every_leaf_is_documented_with_definition_notes_and_crosswalks() -> None:
    for topic in get_taxonomy().leaves():
        assert topic.definition, topic.id
        assert topic.include, topic.id
        assert topic.terms, topic.id
        cross = topic.crosswalks
        assert cross.iptc_media_topics or cross.cameo_root or cross.gdelt_gkg, topic.id


def test_navigation() -> None:
    tax = get_taxonomy()
    assert tax.parent("security.maritime") == tax["security"]
    assert tax.parent("security") is None
    assert "security.maritime" in [t.id for t in tax.children("security")]
    assert [t.id for t in tax.ancestors("security.maritime")] == ["security"]
    assert tax.domain_of("politics.coups").id == "politics"
    assert tax.version == "1.0.0"
    assert len(list(tax)) == len(tax) == 36


def test_unknown_id_suggests_the_closest_ids() -> None:
    with pytest.raises(geotag.UnknownTopicError, match=r"did you mean 'security\.maritime'"):
        get_taxonomy()["security.maritim"]


def test_unknown_topic_error_is_a_lookup_error() -> None:
    with pytest.raises(LookupError):
        get_taxonomy()["nope"]


def test_get_taxonomy_is_exported_and_iterable_of_topics() -> None:
    tax = geotag.get_taxonomy()
    first = next(iter(tax))
    assert isinstance(first, Topic)
    assert first.id == "security"


def test_extend_adds_a_topic_under_a_domain() -> None:
    tax = get_taxonomy().extend([{"id": "security.space", "label": "Space security", "parent": "security"}])
    assert tax["security.space"].domain == "security"
    assert "security.space" in [t.id for t in tax.leaves()]
    assert tax.version == "1.0.0+ext"


def test_round_trip_through_a_file(tmp_path: Path) -> None:
    path = tmp_path / "tax.json"
    path.write_text(json.dumps(get_taxonomy().to_dict()), encoding="utf-8")
    loaded = load_taxonomy(path)
    assert [t.to_dict() for t in loaded] == [t.to_dict() for t in get_taxonomy()]


@pytest.mark.parametrize(
    ("topics", "message"),
    [
        ([Topic("a", "A"), Topic("a", "A again")], "duplicate topic id 'a'"),
        ([Topic("a", "A"), Topic("a.b", "B", "missing")], "unknown parent 'missing'"),
        ([Topic("a", "A"), Topic("a.b", "B", "a.c"), Topic("a.c", "C", "a.b")], "parent cycle"),
    ],
)
def test_invalid_taxonomies_are_refused_naming_the_entry(topics: list[Topic], message: str) -> None:
    with pytest.raises(geotag.TaxonomyError, match=message):
        Taxonomy(topics, version="1")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"version": "1", "topics": [{"id": "Bad Id", "label": "x"}]}', "invalid id 'Bad Id'"),
        ('{"version": "1", "topics": [{"id": "a"}]}', "'a' needs a non-empty string 'label'"),
        ('{"topics": []}', "needs a string 'version'"),
        ('{"version": "1", "topics": [{"id": "a", "label": "A", "include": "x"}]}', "'include' must be a list"),
    ],
)
def test_invalid_taxonomy_files_get_clear_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "tax.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(geotag.TaxonomyError, match=message):
        load_taxonomy(path)


def test_missing_taxonomy_file_is_a_taxonomy_error(tmp_path: Path) -> None:
    with pytest.raises(geotag.TaxonomyError, match="cannot read"):
        load_taxonomy(tmp_path / "absent.json")


def test_tree_lists_every_topic() -> None:
    tree = get_taxonomy().tree()
    for topic in get_taxonomy():
        assert topic.id in tree
