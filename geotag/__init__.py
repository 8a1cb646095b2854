"""geotag: explainable geopolitical tagging of news and policy text.

Example:
    >>> import geotag
    >>> result = geotag.tag("NATO allies agreed to raise defence spending at the summit in The Hague.")
    >>> result.is_geopolitical
    True
    >>> [o.id for o in result.organizations]
    ['nato']
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from geotag._errors import (
    DataFormatError,
    GeotagError,
    InputTypeError,
    InputValueError,
    ModelError,
    ModelFormatError,
    ModelIntegrityError,
    TaxonomyError,
    TrainingError,
    UnknownTopicError,
)
from geotag._results import (
    CountryTag,
    DomainTag,
    EvidenceTerm,
    OrganizationTag,
    RegionTag,
    Span,
    TagResult,
    TopicTag,
)
from geotag._tagger import Tagger
from geotag._version import __version__
from geotag.taxonomy import Taxonomy, Topic, get_taxonomy, load_taxonomy

if TYPE_CHECKING:
    from geotag.train import TopicClassifier

__all__ = [
    "CountryTag",
    "DataFormatError",
    "DomainTag",
    "EvidenceTerm",
    "GeotagError",
    "InputTypeError",
    "InputValueError",
    "ModelError",
    "ModelFormatError",
    "ModelIntegrityError",
    "OrganizationTag",
    "RegionTag",
    "Span",
    "TagResult",
    "Tagger",
    "Taxonomy",
    "TaxonomyError",
    "Topic",
    "TopicClassifier",
    "TopicTag",
    "TrainingError",
    "UnknownTopicError",
    "__version__",
    "default_tagger",
    "get_taxonomy",
    "load_taxonomy",
    "tag",
    "tag_many",
]

# Errors print as geotag.X, their public name, in tracebacks and reprs.
for _error in (
    DataFormatError, GeotagError, InputTypeError, InputValueError, ModelError, ModelFormatError,
    ModelIntegrityError, TaxonomyError, TrainingError, UnknownTopicError,
):  # fmt: skip
    _error.__module__ = "geotag"
del _error

_default_lock = threading.Lock()
_default: Tagger | None = None


def default_tagger() -> Tagger:
    """Return the tagger with the bundled model, loaded once on first use (thread-safe)."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Tagger.load()
    return _default


def tag(text: str) -> TagResult:
    """Tag one text with the bundled model: topics, countries, regions and organisations.

    Raises:
        InputTypeError: ``text`` is not a str.
    """
    return default_tagger().tag(text)


def tag_many(texts: Iterable[str], *, batch_size: int = 256, n_jobs: int = 1) -> Iterator[TagResult]:
    """Tag many texts with the bundled model; a generator yielding results in input order.

    See :meth:`Tagger.tag_many` for the arguments.
    """
    return default_tagger().tag_many(texts, batch_size=batch_size, n_jobs=n_jobs)


def __getattr__(name: str) -> Any:
    # Training needs scikit-learn; import it only when asked for, so `import geotag` stays lean.
    if name == "TopicClassifier":
        from geotag.train import TopicClassifier

        return TopicClassifier
    if name == "train":
        import importlib

        return importlib.import_module("geotag.train")
    raise AttributeError(f"module 'geotag' has no attribute {name!r}")
