"""Read the project's label files (annotations/*.jsonl) and join them with corpus text by id.

Example:
    >>> is_test("2023-01-05-abcdef123456")
    True
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from corpus import read_corpus, strip_sources

TEST_FROM = "2023-01-01"  # gold items on or after this date form the held-out test set


def is_test(item_id: str) -> bool:
    """Items from 2023-2024 are the time-split test set: never train or tune on them."""
    return item_id[:10] >= TEST_FROM


def read_labels(path: str | Path) -> list[dict[str, Any]]:
    """Return the label records of a JSON Lines file, in file order."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def attach_text(records: Iterable[dict[str, Any]], corpus: str | Path) -> list[dict[str, Any]]:
    """Return copies of ``records`` with a ``text`` field read from the corpus (sources stripped)."""
    wanted = {r["id"]: r for r in records}
    found: dict[str, dict[str, Any]] = {}
    for item in read_corpus(corpus):
        if item["id"] in wanted and item["id"] not in found:
            record = dict(wanted[item["id"]])
            record["text"] = strip_sources(item["text"])
            record["category"] = item["category"]
            record["topic"] = item["topic"]
            found[item["id"]] = record
    missing = len(wanted) - len(found)
    if missing:
        print(f"warning: {missing} labelled ids were not found in {corpus}")
    return [found[i] for i in sorted(found)]
