"""Tag one news article and print everything geotag found in it.

Shows the result of :func:`geotag.tag`: topics with score and salience, countries with their
role and mention count, regions, organisations with their members, and for each topic the
evidence terms that raised its score together with their character spans in the text.

Run from the repository root::

    python examples/01_tag_article.py
"""

from __future__ import annotations

from pathlib import Path

import geotag

ARTICLE = Path(__file__).resolve().parent / "data" / "india_japan_security.txt"


def main() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    result = geotag.tag(text)
    print(f"{ARTICLE.name}: {len(text)} characters, model {result.model_version}")
    print(f"geopolitical: {result.is_geopolitical} (relevance {result.relevance:.2f})")

    print("\nTopics (id, score, salience):")
    for topic in result.topics:
        print(f"  {topic.id:40s} {topic.score:.2f}  {topic.salience}")

    print("\nCountries (code, role, mentions):")
    for country in result.countries:
        print(f"  {country.code}  {country.name:20s} {country.role:9s} {len(country.mentions)}x")

    print("\nRegions:")
    for region in result.regions:
        print(f"  {region.name} ({region.kind}, {len(region.mentions)}x)")

    print("\nOrganisations (members):")
    for org in result.organizations:
        members = ", ".join(org.members) or "-"
        print(f"  {org.name}: {members}")

    print("\nEvidence per topic (term, weight, spans as start:end):")
    for topic in result.topics:
        print(f"  {topic.id}")
        for term in topic.evidence:
            spans = ", ".join(f"{s.start}:{s.end}" for s in term.spans)
            print(f"    {term.term!r:24s} {term.weight:+.3f}  [{spans}]")


if __name__ == "__main__":
    main()
