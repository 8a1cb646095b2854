"""Typed, frozen results: what :func:`geotag.tag` returns.

Every class validates its fields and has ``to_dict()`` returning JSON-ready data that matches the
committed JSON Schema (``geotag/data/tag_result.schema.json``).

Example:
    >>> span = Span(0, 5, "India")
    >>> span.to_dict()
    {'start': 0, 'end': 5, 'text': 'India'}
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal, TypeVar

import attrs
from attrs import validators as v

__all__ = [
    "CountryTag",
    "DomainTag",
    "EvidenceTerm",
    "OrganizationTag",
    "RegionTag",
    "Span",
    "TagResult",
    "TopicTag",
]

Salience = Literal["primary", "secondary", "mention"]
SALIENCE_ORDER: dict[str, int] = {"primary": 0, "secondary": 1, "mention": 2}
CountryRole = Literal["focus", "mentioned"]
_T = TypeVar("_T")
_BUILDERS: dict[type, Any] = {}


_new_object = object.__new__
_set_slot = object.__setattr__


def unchecked(cls: type[_T], *values: Any) -> _T:
    """Build a result object from field values known to be valid, skipping validation.

    For geotag's own hot path and for unpickling, where the values come from code that already
    guarantees the contract; user code should call the class, which validates.

    Example:
        >>> unchecked(Span, 0, 5, "India") == Span(0, 5, "India")
        True
    """
    return _BUILDERS[cls](*values)  # type: ignore[no-any-return]


def _builder(cls: type) -> Any:
    """Compile ``build(f1, f2, ...)`` setting each slot directly, as attrs compiles ``__init__``."""
    names = [field.name for field in attrs.fields(cls)]
    lines = [f"def build({', '.join(names)}):", "    obj = new(cls)"]
    lines += [f"    setattr(obj, {name!r}, {name})" for name in names]
    lines.append("    return obj")
    scope: dict[str, Any] = {"new": _new_object, "setattr": _set_slot, "cls": cls}
    exec("\n".join(lines), scope)  # source built from our own field names only
    return scope["build"]


def _unit_interval(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{attribute.name} must be within [0, 1], got {value!r}")


def _non_negative(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 0:
        raise ValueError(f"{attribute.name} must be >= 0, got {value!r}")


@attrs.frozen(slots=True)
class Span:
    """A character span ``text == original[start:end]`` in the input string."""

    start: int = attrs.field(validator=[v.instance_of(int), _non_negative])
    end: int = attrs.field(validator=[v.instance_of(int), _non_negative])
    text: str = attrs.field(validator=v.instance_of(str))

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before start {self.start}")

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"start", "end", "text"}``."""
        return {"start": self.start, "end": self.end, "text": self.text}


def _spans(value: Iterable[Span]) -> tuple[Span, ...]:
    return tuple(value)


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen(slots=True)
class EvidenceTerm:
    """A model feature that pushed a topic's score up, and where it occurs in the text."""

    term: str = attrs.field(validator=v.instance_of(str))
    weight: float = attrs.field(converter=float)
    spans: tuple[Span, ...] = attrs.field(converter=_spans)

    def to_dict(self) -> dict[str, Any]:
        """Return the term, its contribution to the topic's logit and its spans."""
        return {
            "term": self.term,
            "weight": round(self.weight, 6),
            "spans": [s.to_dict() for s in self.spans],
        }


def _evidence(value: Iterable[EvidenceTerm]) -> tuple[EvidenceTerm, ...]:
    return tuple(value)


@attrs.frozen(slots=True)
class TopicTag:
    """A topic from the taxonomy with a calibrated score, a salience and its evidence."""

    id: str = attrs.field(validator=v.instance_of(str))
    label: str = attrs.field(validator=v.instance_of(str))
    domain: str = attrs.field(validator=v.instance_of(str))
    score: float = attrs.field(converter=float, validator=_unit_interval)
    salience: Salience = attrs.field(validator=v.in_(tuple(SALIENCE_ORDER)))
    evidence: tuple[EvidenceTerm, ...] = attrs.field(default=(), converter=_evidence)

    def to_dict(self) -> dict[str, Any]:
        """Return the topic tag as JSON-ready data."""
        return {
            "id": self.id,
            "label": self.label,
            "domain": self.domain,
            "score": round(self.score, 6),
            "salience": self.salience,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@attrs.frozen(slots=True)
class DomainTag:
    """A top-level domain implied by its leaf topics (score: the best of its leaves)."""

    id: str = attrs.field(validator=v.instance_of(str))
    label: str = attrs.field(validator=v.instance_of(str))
    score: float = attrs.field(converter=float, validator=_unit_interval)
    salience: Salience = attrs.field(validator=v.in_(tuple(SALIENCE_ORDER)))

    def to_dict(self) -> dict[str, Any]:
        """Return the domain tag as JSON-ready data."""
        return {
            "id": self.id,
            "label": self.label,
            "score": round(self.score, 6),
            "salience": self.salience,
        }


@attrs.frozen(slots=True)
class CountryTag:
    """A country (ISO 3166-1) found in the text, with every mention and its role."""

    code: str = attrs.field(validator=v.matches_re(r"^[A-Z]{2}$"))
    alpha3: str = attrs.field(validator=v.matches_re(r"^[A-Z]{3}$"))
    name: str = attrs.field(validator=v.instance_of(str))
    mentions: tuple[Span, ...] = attrs.field(converter=_spans)
    role: CountryRole = attrs.field(validator=v.in_(("focus", "mentioned")))

    def to_dict(self) -> dict[str, Any]:
        """Return the country tag as JSON-ready data."""
        return {
            "code": self.code,
            "alpha3": self.alpha3,
            "name": self.name,
            "role": self.role,
            "mentions": [m.to_dict() for m in self.mentions],
        }


@attrs.frozen(slots=True)
class RegionTag:
    """A geopolitical region or body of water found in the text."""

    id: str = attrs.field(validator=v.instance_of(str))
    name: str = attrs.field(validator=v.instance_of(str))
    kind: str = attrs.field(validator=v.in_(("region", "waters")))
    mentions: tuple[Span, ...] = attrs.field(converter=_spans)
    countries: tuple[str, ...] = attrs.field(default=(), converter=_strs)

    def to_dict(self) -> dict[str, Any]:
        """Return the region tag as JSON-ready data."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "countries": list(self.countries),
            "mentions": [m.to_dict() for m in self.mentions],
        }


@attrs.frozen(slots=True)
class OrganizationTag:
    """An organisation, grouping or armed group; members are listed, never expanded into countries."""

    id: str = attrs.field(validator=v.instance_of(str))
    name: str = attrs.field(validator=v.instance_of(str))
    kind: str = attrs.field(validator=v.instance_of(str))
    mentions: tuple[Span, ...] = attrs.field(converter=_spans)
    members: tuple[str, ...] = attrs.field(default=(), converter=_strs)

    def to_dict(self) -> dict[str, Any]:
        """Return the organisation tag as JSON-ready data."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "members": list(self.members),
            "mentions": [m.to_dict() for m in self.mentions],
        }


def _topics(value: Iterable[TopicTag]) -> tuple[TopicTag, ...]:
    return tuple(value)


def _countries(value: Iterable[CountryTag]) -> tuple[CountryTag, ...]:
    return tuple(value)


def _regions(value: Iterable[RegionTag]) -> tuple[RegionTag, ...]:
    return tuple(value)


def _organizations(value: Iterable[OrganizationTag]) -> tuple[OrganizationTag, ...]:
    return tuple(value)


def _domains(value: Iterable[DomainTag]) -> tuple[DomainTag, ...]:
    return tuple(value)


@attrs.frozen(slots=True)
class TagResult:
    """Everything geotag found in one text.

    ``topics`` are sorted by score (highest first, then id); ``countries``, ``regions`` and
    ``organizations`` by their first mention. ``warnings`` explains when results are unreliable
    (for example text in a language the model was not trained on).
    """

    topics: tuple[TopicTag, ...] = attrs.field(converter=_topics)
    countries: tuple[CountryTag, ...] = attrs.field(converter=_countries)
    regions: tuple[RegionTag, ...] = attrs.field(converter=_regions)
    organizations: tuple[OrganizationTag, ...] = attrs.field(converter=_organizations)
    relevance: float = attrs.field(converter=float, validator=_unit_interval)
    is_geopolitical: bool = attrs.field(validator=v.instance_of(bool))
    model_version: str = attrs.field(validator=v.instance_of(str))
    taxonomy_version: str = attrs.field(validator=v.instance_of(str))
    domains: tuple[DomainTag, ...] = attrs.field(default=(), converter=_domains)
    warnings: tuple[str, ...] = attrs.field(default=(), converter=_strs)

    def topic(self, topic_id: str) -> TopicTag | None:
        """Return the tag for ``topic_id``, or ``None`` when the text does not carry it."""
        for tag in self.topics:
            if tag.id == topic_id:
                return tag
        return None

    def to_dict(self) -> dict[str, Any]:
        """Return the whole result as JSON-ready data (see the JSON Schema in the package)."""
        return {
            "topics": [t.to_dict() for t in self.topics],
            "domains": [d.to_dict() for d in self.domains],
            "countries": [c.to_dict() for c in self.countries],
            "regions": [r.to_dict() for r in self.regions],
            "organizations": [o.to_dict() for o in self.organizations],
            "relevance": round(self.relevance, 6),
            "is_geopolitical": self.is_geopolitical,
            "model_version": self.model_version,
            "taxonomy_version": self.taxonomy_version,
            "warnings": list(self.warnings),
        }

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled as the plain tuples of the worker format (see Assembly) and rebuilt in one call:
        # per-object pickling would cost users who ship results between processes as much as tagging.
        return (_decode_result, (_encode_result(self),))

    def to_html(self, text: str, *, title: str = "geotag") -> str:
        """Return a self-contained HTML page highlighting evidence and mentions in ``text``."""
        from geotag._html import render_html

        return render_html(self, text, title=title)


def _encode_spans(spans: tuple[Span, ...]) -> tuple[tuple[int, int, str], ...]:
    return tuple((span.start, span.end, span.text) for span in spans)


def _encode_result(result: TagResult) -> tuple[Any, ...]:
    """The fields of ``result`` in declaration order, nested results as plain tuples."""
    spans = _encode_spans
    return (
        tuple(
            (
                t.id,
                t.label,
                t.domain,
                t.score,
                t.salience,
                tuple((e.term, e.weight, spans(e.spans)) for e in t.evidence),
            )
            for t in result.topics
        ),
        tuple((c.code, c.alpha3, c.name, spans(c.mentions), c.role) for c in result.countries),
        tuple((r.id, r.name, r.kind, spans(r.mentions), r.countries) for r in result.regions),
        tuple((o.id, o.name, o.kind, spans(o.mentions), o.members) for o in result.organizations),
        result.relevance,
        result.is_geopolitical,
        result.model_version,
        result.taxonomy_version,
        tuple((d.id, d.label, d.score, d.salience) for d in result.domains),
        result.warnings,
    )


def _decode_result(data: tuple[Any, ...]) -> TagResult:
    """Rebuild a :class:`TagResult` from :func:`_encode_result` output (no re-validation)."""
    topics, countries, regions, organizations, relevance, is_geo, model_version, taxonomy_version, domains, warnings = (
        data
    )
    span, term, topic, domain = _BUILDERS[Span], _BUILDERS[EvidenceTerm], _BUILDERS[TopicTag], _BUILDERS[DomainTag]
    country, region, organization = _BUILDERS[CountryTag], _BUILDERS[RegionTag], _BUILDERS[OrganizationTag]

    def spans(raw: tuple[tuple[int, int, str], ...]) -> tuple[Span, ...]:
        return tuple(span(*s) for s in raw)

    result: TagResult = _BUILDERS[TagResult](
        tuple(
            topic(i, lb, dm, sc, sa, tuple(term(w, v, spans(sp)) for w, v, sp in ev))
            for i, lb, dm, sc, sa, ev in topics
        ),
        tuple(country(c, a, n, spans(m), r) for c, a, n, m, r in countries),
        tuple(region(i, n, k, spans(m), cs) for i, n, k, m, cs in regions),
        tuple(organization(i, n, k, spans(m), ms) for i, n, k, m, ms in organizations),
        relevance,
        is_geo,
        model_version,
        taxonomy_version,
        tuple(domain(*d) for d in domains),
        warnings,
    )
    return result


_RESULT_CLASSES = (Span, EvidenceTerm, TopicTag, DomainTag, CountryTag, RegionTag, OrganizationTag, TagResult)
for _cls in _RESULT_CLASSES:
    _BUILDERS[_cls] = _builder(_cls)


def _pack(*values: Any) -> tuple[Any, ...]:
    return values


@attrs.frozen(slots=True)
class Assembly:
    """How the tagger assembles a result from field values, positional in declaration order.

    ``OBJECTS`` builds the result classes (unvalidated: the tagger guarantees the values);
    ``TUPLES`` builds the plain nested tuples of :func:`_encode_result`, which a worker process of
    ``tag_many`` sends to the parent for :func:`_decode_result` to turn into objects once.

    Example:
        >>> TUPLES.span(0, 5, "India")
        (0, 5, 'India')
        >>> _decode_result(_encode_result(TagResult((), (), (), (), 0.0, False, "m", "t"))).relevance
        0.0
    """

    span: Any
    evidence: Any
    topic: Any
    domain: Any
    country: Any
    region: Any
    organization: Any
    result: Any


OBJECTS = Assembly(*(_BUILDERS[c] for c in _RESULT_CLASSES))
TUPLES = Assembly(*([_pack] * len(_RESULT_CLASSES)))
