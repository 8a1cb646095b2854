"""Read the WCEP corpus (shared JSON Lines file or a checkout of its YAML source) by item id.

The corpus text never enters the project: scripts read it from a path given on the command line
and join it with our labels, which are keyed by item id (``date`` + first 12 hex digits of the
SHA-1 of the UTF-8 text, as the corpus README defines it).

Example:
    >>> item_id("2002-07-02", "Nicotine water is ruled illegal.")[:11]
    '2002-07-02-'
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TypedDict


class CorpusItem(TypedDict):
    id: str
    date: str
    category: str
    topic: str | None
    text: str


def item_id(date: str, text: str) -> str:
    """Return the stable id of a corpus item: ``YYYY-MM-DD-`` + 12 hex digits of SHA-1(text)."""
    return f"{date}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:12]}"


def _from_jsonl(path: Path) -> Iterator[CorpusItem]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            yield CorpusItem(
                id=item_id(row["date"], row["text"]),
                date=row["date"],
                category=row.get("category") or "Uncategorized",
                topic=row.get("topic"),
                text=row["text"],
            )


def _from_yaml_checkout(root: Path) -> Iterator[CorpusItem]:
    """Read a checkout of ianrastall/current-events-context (daily YAML files)."""
    import yaml  # build-time only dependency

    for path in sorted(root.rglob("*.y*ml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(doc, dict):
            continue
        date = str(doc.get("date") or doc.get("Date") or path.stem)[:10]
        payload = doc.get("Intelligence_Payload") or []
        for entry in _walk_payload(payload, category="Uncategorized", topic=None):
            text, category, topic = entry
            yield CorpusItem(id=item_id(date, text), date=date, category=category, topic=topic, text=text)


def _walk_payload(node: object, *, category: str, topic: str | None) -> Iterator[tuple[str, str, str | None]]:
    if isinstance(node, str):
        yield node, category, topic
    elif isinstance(node, list):
        for child in node:
            yield from _walk_payload(child, category=category, topic=topic)
    elif isinstance(node, dict):
        text = node.get("text")
        if isinstance(text, str):
            yield text, str(node.get("category") or category), node.get("topic") or topic
            return
        for key, child in node.items():
            yield from _walk_payload(child, category=str(key), topic=topic)


def read_corpus(path: str | Path) -> Iterator[CorpusItem]:
    """Yield every item of the corpus at ``path`` (a ``.jsonl``/``.jsonl.gz`` file or a YAML checkout)."""
    path = Path(path)
    if path.is_dir():
        yield from _from_yaml_checkout(path)
    else:
        yield from _from_jsonl(path)


_TRAILING_SOURCES = re.compile(r"(?:\s*\([^()]{1,80}\))+\s*$")


def strip_sources(text: str) -> str:
    """Drop the trailing parenthesised news sources WCEP items end with ("... (BBC News) (AP)").

    Example:
        >>> strip_sources("Talks resume in Doha. (Reuters) (AP)")
        'Talks resume in Doha.'
    """
    stripped = _TRAILING_SOURCES.sub("", text)
    return stripped if len(stripped) >= 20 else text
