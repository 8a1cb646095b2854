"""The versioned, hierarchical topic taxonomy: lookup, navigation, validation and extension.

The bundled taxonomy (``geotag/data/taxonomy.json``) has six domains and thirty leaf topics whose
meaning is written in ``docs/annotation-guide.md``. Users may load their own file or extend the
bundled one; every taxonomy is validated (unique ids, known parents, no cycles).

Example:
    >>> from geotag.taxonomy import get_taxonomy
    >>> tax = get_taxonomy()
    >>> tax["security.maritime"].label
    'Maritime security'
    >>> tax.parent("security.maritime").id
    'security'
    >>> len(tax.leaves())
    30
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from geotag._errors import TaxonomyError, UnknownTopicError, describe

__all__ = ["Crosswalks", "Taxonomy", "Topic", "get_taxonomy", "load_taxonomy"]

TAXONOMY_FORMAT = "geotag-taxonomy"
_ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")


def _str_tuple(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen(slots=True)
class Crosswalks:
    """Closest matches of a topic in other vocabularies (empty where none is close)."""

    iptc_media_topics: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    cameo_root: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    gdelt_gkg: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)

    def to_dict(self) -> dict[str, list[str]]:
        """Return the crosswalks as a JSON-ready dict."""
        return {
            "iptc_media_topics": list(self.iptc_media_topics),
            "cameo_root": list(self.cameo_root),
            "gdelt_gkg": list(self.gdelt_gkg),
        }


@attrs.frozen(slots=True)
class Topic:
    """One node of the taxonomy: a domain (no parent) or a topic under it."""

    id: str
    label: str
    parent: str | None = None
    definition: str = ""
    include: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    exclude: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    crosswalks: Crosswalks = attrs.field(factory=Crosswalks)
    terms: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)

    @property
    def domain(self) -> str:
        """The id of the top-level domain this topic belongs to."""
        return self.id.split(".", 1)[0]

    def to_dict(self) -> dict[str, Any]:
        """Return the topic as a JSON-ready dict (the taxonomy file's entry form)."""
        return {
            "id": self.id,
            "label": self.label,
            "parent": self.parent,
            "definition": self.definition,
            "include": list(self.include),
            "exclude": list(self.exclude),
            "crosswalks": self.crosswalks.to_dict(),
            "terms": list(self.terms),
        }


def _topic_from_entry(entry: object, position: int) -> Topic:
    if not isinstance(entry, Mapping):
        raise TaxonomyError(f"taxonomy entry #{position} must be an object, got {describe(entry)}")
    topic_id = entry.get("id")
    if not isinstance(topic_id, str) or not _ID_PATTERN.match(topic_id):
        raise TaxonomyError(
            f"taxonomy entry #{position} has an invalid id {topic_id!r}: use lowercase "
            "snake_case parts joined by dots, e.g. 'security.space'"
        )
    label = entry.get("label")
    if not isinstance(label, str) or not label.strip():
        raise TaxonomyError(f"topic {topic_id!r} needs a non-empty string 'label'")
    parent = entry.get("parent")
    if parent is not None and not isinstance(parent, str):
        raise TaxonomyError(f"topic {topic_id!r} has a non-string parent {describe(parent)}")
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("include", "exclude", "terms"):
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise TaxonomyError(f"topic {topic_id!r}: {key!r} must be a list of strings")
        lists[key] = tuple(value)
    raw_cross = entry.get("crosswalks", {})
    if not isinstance(raw_cross, Mapping):
        raise TaxonomyError(f"topic {topic_id!r}: 'crosswalks' must be an object")
    cross: dict[str, tuple[str, ...]] = {}
    for key in ("iptc_media_topics", "cameo_root", "gdelt_gkg"):
        value = raw_cross.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise TaxonomyError(f"topic {topic_id!r}: crosswalk {key!r} must be a list of strings")
        cross[key] = tuple(value)
    definition = entry.get("definition", "")
    if not isinstance(definition, str):
        raise TaxonomyError(f"topic {topic_id!r}: 'definition' must be a string")
    return Topic(
        id=topic_id,
        label=label,
        parent=parent,
        definition=definition,
        include=lists["include"],
        exclude=lists["exclude"],
        crosswalks=Crosswalks(**cross),
        terms=lists["terms"],
    )


class Taxonomy:
    """An immutable, validated tree of topics.

    Args:
        topics: the topics, parents before or after children (order is kept for iteration).
        version: the taxonomy's version string.
        name: a human-readable name.

    Raises:
        TaxonomyError: on duplicate ids, unknown parents or cycles, naming the bad entry.

    Example:
        >>> tax = Taxonomy([Topic("space", "Space"), Topic("space.launches", "Launches", "space")],
        ...                version="0.1")
        >>> [t.id for t in tax.leaves()]
        ['space.launches']
    """

    __slots__ = ("_by_id", "_children", "_topics", "name", "version")

    def __init__(self, topics: Iterable[Topic], *, version: str, name: str = "custom") -> None:
        if not isinstance(version, str) or not version:
            raise TaxonomyError(f"version must be a non-empty string, got {describe(version)}")
        self._topics: tuple[Topic, ...] = tuple(topics)
        self.version = version
        self.name = name
        by_id: dict[str, Topic] = {}
        for topic in self._topics:
            if not isinstance(topic, Topic):
                raise TaxonomyError(f"taxonomy entries must be Topic objects, got {describe(topic)}")
            if topic.id in by_id:
                raise TaxonomyError(f"duplicate topic id {topic.id!r}")
            by_id[topic.id] = topic
        children: dict[str | None, list[str]] = {}
        for topic in self._topics:
            if topic.parent is not None and topic.parent not in by_id:
                raise TaxonomyError(f"topic {topic.id!r} names an unknown parent {topic.parent!r}")
            children.setdefault(topic.parent, []).append(topic.id)
        for topic in self._topics:
            seen = {topic.id}
            parent = topic.parent
            while parent is not None:
                if parent in seen:
                    raise TaxonomyError(f"topic {topic.id!r} is part of a parent cycle")
                seen.add(parent)
                parent = by_id[parent].parent
        if not children.get(None):
            raise TaxonomyError("a taxonomy needs at least one top-level (domain) topic")
        self._by_id = by_id
        self._children = {k: tuple(v) for k, v in children.items()}

    # -- lookup --------------------------------------------------------------------------
    def __getitem__(self, topic_id: str) -> Topic:
        if not isinstance(topic_id, str):
            raise UnknownTopicError(f"topic ids are strings, got {describe(topic_id)}")
        try:
            return self._by_id[topic_id]
        except KeyError:
            close = difflib.get_close_matches(topic_id, list(self._by_id), n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
            raise UnknownTopicError(
                f"unknown topic id {topic_id!r} in taxonomy {self.name!r} {self.version}{hint}"
            ) from None

    def get(self, topic_id: str) -> Topic:
        """Return the topic with ``topic_id``; raise :class:`UnknownTopicError` if absent."""
        return self[topic_id]

    def __contains__(self, topic_id: object) -> bool:
        return isinstance(topic_id, str) and topic_id in self._by_id

    def __iter__(self) -> Iterator[Topic]:
        return iter(self._topics)

    def __len__(self) -> int:
        return len(self._topics)

    def __repr__(self) -> str:
        return f"Taxonomy(name={self.name!r}, version={self.version!r}, topics={len(self)})"

    # -- navigation ----------------------------------------------------------------------
    def parent(self, topic_id: str) -> Topic | None:
        """Return the parent topic, or ``None`` for a domain."""
        parent = self[topic_id].parent
        return None if parent is None else self._by_id[parent]

    def children(self, topic_id: str) -> tuple[Topic, ...]:
        """Return the direct children of ``topic_id`` in file order."""
        self[topic_id]
        return tuple(self._by_id[c] for c in self._children.get(topic_id, ()))

    def ancestors(self, topic_id: str) -> tuple[Topic, ...]:
        """Return the ancestors of ``topic_id``, nearest first."""
        out: list[Topic] = []
        parent = self[topic_id].parent
        while parent is not None:
            topic = self._by_id[parent]
            out.append(topic)
            parent = topic.parent
        return tuple(out)

    def domains(self) -> tuple[Topic, ...]:
        """Return the top-level topics (domains)."""
        return tuple(self._by_id[c] for c in self._children[None])

    def leaves(self) -> tuple[Topic, ...]:
        """Return the topics with no children, in file order: the labels a model predicts."""
        return tuple(t for t in self._topics if t.id not in self._children)

    def domain_of(self, topic_id: str) -> Topic:
        """Return the top-level ancestor of ``topic_id`` (itself for a domain)."""
        chain = self.ancestors(topic_id)
        return chain[-1] if chain else self[topic_id]

    # -- building ------------------------------------------------------------------------
    def extend(self, topics: Iterable[Topic | Mapping[str, Any]], *, version: str | None = None) -> Taxonomy:
        """Return a new taxonomy with ``topics`` added (dicts in the file's entry form allowed).

        Example:
            >>> tax = get_taxonomy().extend([{"id": "security.space", "label": "Space security",
            ...                              "parent": "security"}])
            >>> tax["security.space"].domain
            'security'
        """
        added = [t if isinstance(t, Topic) else _topic_from_entry(t, len(self) + i) for i, t in enumerate(topics)]
        return Taxonomy([*self._topics, *added], version=version or f"{self.version}+ext", name=self.name)

    def to_dict(self) -> dict[str, Any]:
        """Return the taxonomy in the JSON file form read by :func:`load_taxonomy`."""
        return {
            "format": TAXONOMY_FORMAT,
            "format_version": 1,
            "name": self.name,
            "version": self.version,
            "topics": [t.to_dict() for t in self._topics],
        }

    @classmethod
    def from_dict(cls, data: object) -> Taxonomy:
        """Build and validate a taxonomy from its JSON file form."""
        if not isinstance(data, Mapping):
            raise TaxonomyError(f"a taxonomy file must hold a JSON object, got {describe(data)}")
        entries = data.get("topics")
        if not isinstance(entries, list):
            raise TaxonomyError("a taxonomy file needs a 'topics' list")
        version = data.get("version")
        if not isinstance(version, str):
            raise TaxonomyError("a taxonomy file needs a string 'version'")
        name = data.get("name", "custom")
        topics = [_topic_from_entry(entry, i) for i, entry in enumerate(entries)]
        return cls(topics, version=version, name=str(name))

    def tree(self) -> str:
        """Render the taxonomy as an indented text tree.

        Example:
            >>> print(get_taxonomy().tree().splitlines()[1])
            security  Security and defence
        """
        lines = [f"{self.name} {self.version}"]

        def walk(topic_id: str, depth: int) -> None:
            topic = self._by_id[topic_id]
            lines.append(f"{'  ' * depth}{topic.id}  {topic.label}")
            for child in self._children.get(topic_id, ()):
                walk(child, depth + 1)

        for domain in self._children[None]:
            walk(domain, 0)
        return "\n".join(lines)


def load_taxonomy(path: str | Path) -> Taxonomy:
    """Load and validate a taxonomy JSON file.

    Raises:
        TaxonomyError: if the file is missing, not JSON, or invalid (the message names the entry).
    """
    if not isinstance(path, (str, Path)):
        raise TaxonomyError(f"path must be a str or Path, got {describe(path)}")
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise TaxonomyError(f"cannot read taxonomy file {str(path)!r}: {exc.strerror}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TaxonomyError(f"taxonomy file {str(path)!r} is not valid JSON: {exc}") from None
    return Taxonomy.from_dict(data)


@functools.cache
def get_taxonomy() -> Taxonomy:
    """Return the bundled taxonomy (loaded once, immutable)."""
    text = resources.files("geotag").joinpath("data/taxonomy.json").read_text(encoding="utf-8")
    return Taxonomy.from_dict(json.loads(text))


def leaf_ids(taxonomy: Taxonomy) -> Sequence[str]:
    """Return the leaf ids of ``taxonomy`` in file order."""
    return [t.id for t in taxonomy.leaves()]
