"""Silver labels: the portal's topic headers mapped to leaves by a reviewed table.

``annotations/header_map.json`` maps a header pattern (a regular expression over the WCEP
``topic`` field) to the leaf it implies. Only items whose header matches get a silver label, and
only before 2023 (the test period is never touched).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from corpus import read_corpus, strip_sources

ROOT = Path(__file__).resolve().parents[1]


def silver_records(corpus: str | Path, *, exclude: set[str], per_leaf: int = 250) -> list[dict[str, Any]]:
    """Return up to ``per_leaf`` silver records per leaf, excluding ids in ``exclude``."""
    mapping = json.loads((ROOT / "annotations" / "header_map.json").read_text(encoding="utf-8"))
    rules = [(re.compile(rule["header"], re.I), rule["topics"]) for rule in mapping["rules"]]
    counts: dict[str, int] = {}
    out = []
    for item in read_corpus(corpus):
        if item["id"] in exclude or item["date"] >= "2023" or not item["topic"]:
            continue
        for pattern, topics in rules:
            if pattern.search(item["topic"]):
                first = next(iter(topics))
                if counts.get(first, 0) >= per_leaf:
                    break
                counts[first] = counts.get(first, 0) + 1
                exclude.add(item["id"])
                out.append(
                    {
                        "id": item["id"],
                        "geopolitical": True,
                        "topics": topics,
                        "text": strip_sources(item["text"]),
                        "silver": True,
                    }
                )
                break
    return sorted(out, key=lambda r: r["id"])
