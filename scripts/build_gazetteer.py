"""Build ``geotag/data/gazetteer.json`` from pycountry and our hand-curated sources.

pycountry supplies what a well-kept library has: every ISO 3166-1 code, alpha-3 code and official
name. ``scripts/gazetteer_src/`` holds what no library has: common and short names used in news,
demonyms and adjectives, capitals and seats used for governments, regions and waters, and
organisations with their members. pycountry is a build-time dependency only.

Usage:
    python scripts/build_gazetteer.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pycountry

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from geotag._gazetteer import trie_regex

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "scripts" / "gazetteer_src"
OUT = ROOT / "geotag" / "data" / "gazetteer.json"
VERSION = "1.0.0"

# Codes in common use that ISO 3166-1 does not assign.
EXTRA_ALPHA3 = {"XK": ("XKX", "Republic of Kosovo")}

# Phrases that contain a country name or demonym but do not refer to the country: matched and
# consumed so the name inside them is not reported.
BLOCKERS = [
    "New Mexico",
    "New Mexican",
    "New Jersey",
    "New England",
    "New Guinea",
    "New South Wales",
    "Guinea pig",
    "Guinea pigs",
    "Native American",
    "Native Americans",
    "African American",
    "African Americans",
    "Asian American",
    "Asian Americans",
    "Latin American",
    "Latin Americans",
    "South American",
    "South Americans",
    "North American",
    "North Americans",
    "Central American",
    "Central Americans",
    "Pan American",
    "Pan-American",
    "American Samoa",
    "West Indies",
    "West Indian",
    "East Indies",
    "Niger Delta",
    "Niger River",
    "Jordan River",
    "Georgia Tech",
    "University of Georgia",
    "Washington Post",
    "Washington state",
    "Washington State",
    "Washington Nationals",
    "Washington Commanders",
    "Turkey Point",
    "Indian Ocean",
    "Indian Premier League",
    "Indian Wells",
    "French fries",
    "French Open",
    "Australian Open",
    "US Open",
    "U.S. Open",
    "Chinese New Year",
    "Dutch Grand Prix",
    "British Open",
    "Syrian Desert",
    "Arabian Sea",
    "Arabian Peninsula",
    "Persian Gulf",
    "Gulf of Mexico",
    "Mexico City",
    "Panama City",
    "Kuwait City",
    "Guatemala City",
    "Vatican City",
    "Singapore Airlines",
    "British Airways",
    "Air India",
    "South African Airways",
    "Hong Kong",
    "Macau",
    "Macao",
]


def main() -> None:
    extra = json.loads((SOURCE / "countries_extra.json").read_text(encoding="utf-8"))
    regions = json.loads((SOURCE / "regions.json").read_text(encoding="utf-8"))
    organizations = json.loads((SOURCE / "organizations.json").read_text(encoding="utf-8"))

    countries = []
    aliases: list[dict[str, str]] = []
    for code in sorted(extra):
        entry = extra[code]
        record = pycountry.countries.get(alpha_2=code)
        if record is not None:
            alpha3 = record.alpha_3
            official = getattr(record, "official_name", record.name)
        else:
            alpha3, official = EXTRA_ALPHA3[code]
        countries.append({"code": code, "alpha3": alpha3, "name": entry["name"], "official_name": official})
        for kind, key in (
            ("name", "aliases"),
            ("abbreviation", "abbreviations"),
            ("demonym", "demonyms"),
            ("capital", "capitals"),
            ("seat", "seats"),
        ):
            for surface in entry.get(key, []):
                aliases.append({"surface": surface, "type": "country", "id": code, "kind": kind})
    for region in regions:
        for surface in region["aliases"]:
            aliases.append({"surface": surface, "type": "region", "id": region["id"], "kind": "name"})
    for org in organizations:
        for surface in org.get("aliases", []):
            aliases.append({"surface": surface, "type": "organization", "id": org["id"], "kind": "name"})
        for surface in org.get("abbreviations", []):
            aliases.append({"surface": surface, "type": "organization", "id": org["id"], "kind": "abbreviation"})
    taken = {a["surface"] for a in aliases}
    for surface in BLOCKERS:
        if surface not in taken:
            aliases.append({"surface": surface, "type": "blocker", "id": "", "kind": "blocker"})
    # Hong Kong and Macau have ISO codes of their own; keep them as countries, not blockers.
    aliases = [a for a in aliases if not (a["type"] == "blocker" and a["surface"] in ("Hong Kong", "Macau", "Macao"))]
    seen: set[tuple[str, str, str]] = set()
    unique = []
    for alias in sorted(aliases, key=lambda a: (a["surface"], a["type"], a["id"], a["kind"])):
        key = (alias["surface"], alias["type"], alias["id"])
        if key not in seen:
            seen.add(key)
            unique.append(alias)
    doc = {
        "format": "geotag-gazetteer",
        "version": VERSION,
        "sources": "ISO 3166-1 via pycountry; names, demonyms, capitals, regions and organisations curated by geotag",
        "countries": countries,
        "regions": [
            {"id": r["id"], "name": r["name"], "kind": r["kind"], "countries": sorted(r.get("countries", []))}
            for r in regions
        ],
        "organizations": [
            {
                "id": o["id"],
                "name": o["name"],
                "kind": o["kind"],
                "members": sorted(o.get("members", [])),
                "country": o.get("country"),
            }
            for o in organizations
        ],
        "aliases": unique,
        "pattern": trie_regex(sorted({a["surface"] for a in unique})),
    }
    OUT.write_text(json.dumps(doc, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(
        f"wrote {OUT}: {len(countries)} countries, {len(regions)} regions, "
        f"{len(organizations)} organisations, {len(unique)} aliases"
    )


if __name__ == "__main__":
    main()
