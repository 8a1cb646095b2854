"""Countries, regions and organisations: every ambiguity case the issue names, and offsets."""

from __future__ import annotations

import pytest

import geotag
from geotag._gazetteer import get_gazetteer


def countries(text: str) -> list[str]:
    return [c.code for c in geotag.tag(text).countries]


def found(text: str) -> list[tuple[str, str]]:
    return [(m.entity_id, m.text) for m in get_gazetteer().find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Human rights groups condemned the arrests.", []),  # no "hts" inside "rights"
        ("Let us know what you think about it.", []),  # "us" is not the United States
        ("Chad Smith scored twice for the home side.", []),  # Chad the first name
        ("Michael Jordan signed autographs.", []),
        ("Georgia's governor spoke in Atlanta about the state budget.", []),  # US state
        ("Russian troops remain in two breakaway regions of Georgia, Tbilisi said.", ["RU", "GE"]),
        ("Niger closed its border with Nigeria.", ["NE", "NG"]),  # Niger is not Nigeria
        ("South Sudan accused Sudan of bombing its oil fields.", ["SS", "SD"]),
        ("Police in Northern Ireland made arrests.", ["GB"]),
        ("I love roast turkey with cranberry sauce.", []),
        ("The U.S. and the UK signed a deal with the UAE.", ["US", "GB", "AE"]),
        ("The DPRK and the PRC held talks.", ["KP", "CN"]),
        ("Indian and Emirati officials met.", ["IN", "AE"]),
        ("Beijing said it would retaliate; the Kremlin declined to comment.", ["CN", "RU"]),
        ("Washington warned Moscow over the deployment.", ["US", "RU"]),
        ("New Mexico and New Jersey passed the law.", []),
        ("Chad and Niger signed a security pact.", ["TD", "NE"]),
        ("Jordan's king met Chad's president.", ["JO", "TD"]),
    ],
)
def test_country_matching_respects_boundaries_case_and_context(text: str, expected: list[str]) -> None:
    assert countries(text) == expected


def test_capital_as_a_place_is_not_a_country_mention() -> None:
    assert countries("The conference was held in a hotel in Tokyo last week.") == []


def test_longest_name_wins() -> None:
    assert found("Patrols in the Indian Ocean and the South China Sea.") == [
        ("indian_ocean", "Indian Ocean"),
        ("south_china_sea", "South China Sea"),
    ]


def test_groupings_carry_members_but_are_not_expanded_into_countries() -> None:
    result = geotag.tag("The Quad and NATO issued statements.")
    assert [c.code for c in result.countries] == []
    quad = next(o for o in result.organizations if o.id == "quad")
    assert set(quad.members) == {"AU", "IN", "JP", "US"}


def test_armed_groups_are_organisations_of_kind_armed_group() -> None:
    result = geotag.tag("Hezbollah and Hamas fighters clashed with troops.")
    assert {o.id: o.kind for o in result.organizations} == {"hezbollah": "armed_group", "hamas": "armed_group"}


def test_all_caps_headlines_are_matched_without_common_word_false_positives() -> None:
    assert countries("CHINA WARNS TAIWAN AS US CARRIER SAILS") == ["CN", "TW"]


def test_gazetteer_sizes_meet_the_minimums() -> None:
    gaz = get_gazetteer()
    assert len(gaz.countries) >= 249
    assert {"XK", "PS", "TW"} <= set(gaz.countries)
    assert len(gaz.regions) >= 40
    assert len(gaz.organizations) >= 60
    kinds = {o["kind"] for o in gaz.organizations.values()}
    assert {"alliance", "grouping", "institution", "armed_group"} <= kinds


@pytest.mark.parametrize(
    "text",
    [
        "Ukraine and Russia – talks in Türkiye; “Japan’s” navy.",
        "Émigrés from Côte d'Ivoire met Czech officials 🇨🇿 in Prague\u200f.",
        "中国 said nothing; Japan did.",
    ],
)
def test_every_mention_points_into_the_original_string(text: str) -> None:
    result = geotag.tag(text)
    for tag in (*result.countries, *result.regions, *result.organizations):
        for span in tag.mentions:
            assert text[span.start : span.end] == span.text
