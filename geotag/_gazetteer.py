"""Countries, regions and organisations: one compiled trie-shaped regex over the original text.

Names match case-sensitively as written in news ("Turkey", not "turkey"; "US", not "us"), on word
boundaries ("hts" never matches inside "rights"), longest first ("South Sudan" before "Sudan",
"Nigeria" never as "Niger"). A few names need context: a capital counts only when it stands for
its government ("Beijing said"), "Chad" or "Jordan" followed or preceded by another name is a
person, and "Georgia" with US-state cues (Atlanta, "Georgia governor") is not the country.

Example:
    >>> matches = get_gazetteer().find("Beijing warned the U.S. over Taiwan.")
    >>> [(m.entity_id, m.text) for m in matches]
    [('CN', 'Beijing'), ('US', 'U.S.'), ('TW', 'Taiwan')]
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Mapping
from importlib import resources
from typing import Any

import attrs

__all__ = ["EntityMatch", "Gazetteer", "get_gazetteer"]

_GOVERNMENT_VERBS = frozenset(
    [
        "said",
        "says",
        "say",
        "has",
        "have",
        "had",
        "will",
        "would",
        "is",
        "was",
        "were",
        "warned",
        "warns",
        "warn",
        "accused",
        "accuses",
        "accuse",
        "announced",
        "announces",
        "rejected",
        "rejects",
        "denied",
        "denies",
        "condemned",
        "condemns",
        "urged",
        "urges",
        "called",
        "calls",
        "responded",
        "responds",
        "insisted",
        "insists",
        "claimed",
        "claims",
        "wants",
        "wanted",
        "agreed",
        "agrees",
        "signed",
        "signs",
        "protested",
        "summoned",
        "summons",
        "threatened",
        "threatens",
        "demanded",
        "demands",
        "sees",
        "views",
        "hopes",
        "hoped",
        "plans",
        "planned",
        "seeks",
        "sought",
        "sent",
        "sends",
        "recalled",
        "recalls",
        "expelled",
        "expels",
        "retaliated",
        "retaliates",
        "imposed",
        "imposes",
        "vowed",
        "vows",
        "pledged",
        "pledges",
        "may",
        "could",
        "should",
        "must",
        "might",
        "did",
        "does",
        "also",
        "hit",
        "slammed",
        "blamed",
        "blames",
        "backed",
        "backs",
        "supports",
        "supported",
        "opposes",
        "opposed",
        "considers",
        "regards",
        "refused",
        "refuses",
        "approved",
        "approves",
        "launched",
        "launches",
        "reacted",
        "welcomed",
        "welcomes",
        "criticised",
        "criticized",
        "criticises",
        "criticizes",
        "accepted",
        "cannot",
        "can",
        "reiterated",
        "appears",
        "appeared",
        "sees",
        "saw",
        "insisted",
        "fears",
        "feared",
        "objected",
        "objects",
        "rebuffed",
        "dismissed",
        "dismisses",
        "suspended",
        "suspends",
        "halted",
        "halts",
        "ordered",
        "orders",
        "allowed",
        "allows",
        "decided",
        "decides",
        "confirmed",
        "confirms",
        "announced",
        "offered",
        "offers",
    ]
)
# Verbs whose object, when a capital, is its government: "Washington warned Moscow".
_OBJECT_VERBS = frozenset(
    [
        "warned",
        "warn",
        "warns",
        "urged",
        "urge",
        "urges",
        "accused",
        "accuse",
        "accuses",
        "told",
        "tell",
        "tells",
        "criticised",
        "criticized",
        "condemned",
        "condemns",
        "sanctioned",
        "sanctions",
        "pressed",
        "presses",
        "pressured",
        "pressures",
        "asked",
        "asks",
        "called",
        "thanked",
        "blamed",
        "blames",
        "joined",
        "joins",
        "backed",
        "backs",
        "supported",
        "supports",
        "rebuked",
        "rebukes",
    ]
)
_NOT_A_PERSON_AFTER = frozenset(
    [
        "President",
        "Prime",
        "Minister",
        "Ministry",
        "Government",
        "Army",
        "Armed",
        "Forces",
        "Foreign",
        "Defence",
        "Defense",
        "National",
        "State",
        "Republic",
        "Kingdom",
        "Parliament",
        "Senate",
        "Basin",
        "River",
        "Lake",
        "Valley",
        "Airways",
        "Air",
        "Navy",
        "Police",
        "Embassy",
        "Ambassador",
        "Said",
        "Says",
        "Has",
        "Is",
        "Was",
        "Will",
        "And",
        "Or",
        "But",
        "The",
    ]
)
_NOT_A_NAME_BEFORE = frozenset(
    [
        "The",
        "In",
        "Of",
        "And",
        "From",
        "To",
        "With",
        "For",
        "By",
        "On",
        "At",
        "As",
        "But",
        "King",
        "Queen",
        "Prince",
        "President",
        "Prime",
        "Minister",
        "Republic",
        "Kingdom",
        "Southern",
        "Northern",
        "Eastern",
        "Western",
        "Central",
        "Lake",
        "Neighbouring",
        "Neighboring",
        "Against",
        "Between",
        "Into",
        "Toward",
        "Towards",
        "While",
        "Where",
        "When",
        "If",
        "Both",
        "Including",
        "Like",
        "Than",
        "Via",
        "Across",
        "Over",
        "Under",
        "After",
        "Before",
        "Since",
        "Near",
        "Neighbour",
        "Neighbor",
        "Ambassador",
        "Embassy",
        "Minister",
        "Foreign",
    ]
)
_PERSON_AMBIGUOUS = frozenset({"Chad", "Jordan", "Georgia"})
_GEORGIA_US_CUES = re.compile(
    r"\b(?:Atlanta|Savannah|Augusta|Peach State|Fulton County|Georgia (?:Governor|governor|"
    r"Senate|senate|House|Republican|Democrat|Secretary of State|voters|primary|Bulldogs|Power)|"
    r"state of Georgia|Georgia's (?:governor|secretary of state|Senate|election|voters)|"
    r"Alabama|Florida|South Carolina|Tennessee|North Carolina|Kemp|Raffensperger)\b"
)
_GEORGIA_COUNTRY_CUES = re.compile(
    r"\b(?:Tbilisi|Georgian|Abkhazia|South Ossetia|Caucasus|Saakashvili|Kobakhidze|"
    r"Georgian Dream|Zourabichvili|Batumi)\b"
)
_NEXT_WORD = re.compile(r"(?:['’]s)?[ \t]+([^\W\d_][\w-]*)")
_PREVIOUS_WORD = re.compile(r"([^\W\d_][\w-]*)([ \t]+)$")


@attrs.frozen(slots=True)
class EntityMatch:
    """One mention of a country, region or organisation in the text."""

    entity_type: str  # "country" | "region" | "organization"
    entity_id: str
    kind: str  # "name" | "abbreviation" | "demonym" | "capital" | "seat"
    start: int
    end: int
    text: str


def trie_regex(surfaces: list[str]) -> str:
    """Return a regex alternation of ``surfaces`` shaped as a trie (longest match preferred)."""
    trie: dict[str, Any] = {}
    for surface in surfaces:
        node = trie
        for char in surface:
            node = node.setdefault(char, {})
        node[""] = {}

    def escape(char: str) -> str:
        return "['’]" if char == "'" else re.escape(char)

    def build(node: dict[str, Any]) -> str:
        branches = [escape(c) + build(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return build(trie)


class Gazetteer:
    """Reference data and matcher for countries, regions and organisations; immutable."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.version: str = data["version"]
        self.countries: dict[str, dict[str, Any]] = {c["code"]: c for c in data["countries"]}
        self.regions: dict[str, dict[str, Any]] = {r["id"]: r for r in data["regions"]}
        self.organizations: dict[str, dict[str, Any]] = {o["id"]: o for o in data["organizations"]}
        entries: dict[str, list[tuple[str, str, str]]] = {}
        for alias in data["aliases"]:
            entries.setdefault(alias["surface"], []).append((alias["type"], alias["id"], alias["kind"]))
        self._entries = entries
        # The trie is built at data-build time (scripts/build_gazetteer.py); a missing one is rebuilt.
        pattern = data.get("pattern") or trie_regex(sorted(entries))
        # No look-behind: a leading assertion would stop the regex engine's fast first-character
        # scan (twice as slow); the left word boundary is checked in Python instead.
        self._pattern = re.compile(f"(?:{pattern})(?!\\w)")

    def find(self, text: str) -> list[EntityMatch]:
        """Return every entity mention in ``text``, in order, with offsets into ``text``."""
        matches: list[EntityMatch] = []
        georgia_is_state: bool | None = None
        scanned = _soften_capitals(text) if _mostly_uppercase(text) else text
        for m in self._pattern.finditer(scanned):
            start, end = m.span()
            if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
                continue
            surface = m.group()
            candidates = self._entries.get(surface) or self._entries.get(surface.replace("’", "'"))
            if not candidates:
                continue
            entity_type, entity_id, kind = candidates[0]
            if entity_type == "blocker":
                continue
            if kind == "capital" and not self._governs(scanned, start, end, matches):
                continue
            if surface in _PERSON_AMBIGUOUS and _looks_like_person(text, start, end):
                continue
            if surface in ("Georgia", "GEORGIA"):
                if georgia_is_state is None:
                    us = len(_GEORGIA_US_CUES.findall(text))
                    ge = len(_GEORGIA_COUNTRY_CUES.findall(text))
                    georgia_is_state = us > ge
                if georgia_is_state:
                    continue
            matches.append(EntityMatch(entity_type, entity_id, kind, start, end, text[start:end]))
        return matches

    @staticmethod
    def _governs(text: str, start: int, end: int, earlier: list[EntityMatch]) -> bool:
        """Is the capital at ``start:end`` used for its government ("Beijing said", "warned Moscow")?"""
        if text.startswith(("'s", "’s"), end):
            return True
        following = _NEXT_WORD.match(text, end)
        if following and following.group(1).lower() in _GOVERNMENT_VERBS:
            return True
        before = _PREVIOUS_WORD.search(text, max(0, start - 30), start)
        if before is None:
            return False
        word = before.group(1).lower()
        if word in _GOVERNMENT_VERBS or word in _OBJECT_VERBS or word == "between":
            return True
        # "between Beijing and Washington", "Moscow and Beijing said": follow a counted capital.
        return bool(
            word in ("and", "or")
            and earlier
            and earlier[-1].kind in ("capital", "seat")
            and before.start() - earlier[-1].end <= 2
        )


def _looks_like_person(text: str, start: int, end: int) -> bool:
    following = _NEXT_WORD.match(text, end)
    if following and not text.startswith(("'s", "’s"), end):
        word = following.group(1)
        if word[:1].isupper() and word not in _NOT_A_PERSON_AFTER:
            return True
    before = _PREVIOUS_WORD.search(text, max(0, start - 40), start)
    if before and len(before.group(2)) == 1:
        word = before.group(1)
        prefix = text[max(0, before.start() - 8) : before.start()].rstrip()
        after_clause = bool(prefix) and prefix[-1] in ",;:("
        if word[:1].isupper() and word not in _NOT_A_NAME_BEFORE and not after_clause:
            return True
    return False


_UPPER_RUN = re.compile(r"[A-Z]{2,}")


_ALL_BYTES = bytes(range(256))
_NOT_UPPER = bytes(b for b in _ALL_BYTES if not 65 <= b <= 90)
_NOT_LOWER = bytes(b for b in _ALL_BYTES if not 97 <= b <= 122)


def _mostly_uppercase(text: str) -> bool:
    """Are most ASCII letters of the text's start capitals (counted in C, not per character)?"""
    sample = text[:2000].encode("ascii", "ignore")
    upper = len(sample.translate(None, _NOT_UPPER))
    return upper >= 10 and upper > 1.5 * len(sample.translate(None, _NOT_LOWER))


def _soften_capitals(text: str) -> str:
    """Turn "CHINA WARNS TAIWAN" into "China Warns Taiwan" (same length, ASCII letters only)."""
    return _UPPER_RUN.sub(lambda m: m.group()[0] + m.group()[1:].lower(), text)


_lock = threading.Lock()
_instance: Gazetteer | None = None


def get_gazetteer() -> Gazetteer:
    """Return the bundled gazetteer, built once on first use (thread-safe)."""
    global _instance
    if _instance is None:
        with _lock:
            if _instance is None:
                text = resources.files("geotag").joinpath("data/gazetteer.json").read_text(encoding="utf-8")
                _instance = Gazetteer(json.loads(text))
    return _instance
