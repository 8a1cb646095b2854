"""geotag's exception hierarchy: one base, each leaf also a builtin exception.

::

    GeotagError
    ├── InputTypeError (TypeError)            wrong type passed to a public function
    ├── InputValueError (ValueError)          right type, unusable value
    │   └── DataFormatError                   a bad row in a JSON Lines file (names the line)
    ├── TaxonomyError (ValueError)            invalid taxonomy file or entry
    ├── UnknownTopicError (LookupError)       a topic id that is not in the taxonomy
    ├── TrainingError (ValueError)            unusable training data
    └── ModelError
        ├── ModelFormatError (ValueError)     unknown format/version, bad shapes or parameters
        └── ModelIntegrityError (ValueError)  hashes do not match: corrupted or tampered files

Example:
    >>> import geotag
    >>> issubclass(geotag.InputTypeError, TypeError)
    True
"""

from __future__ import annotations


class GeotagError(Exception):
    """Base class of every error geotag raises on purpose."""


class InputTypeError(GeotagError, TypeError):
    """A public function received a value of the wrong type."""


class InputValueError(GeotagError, ValueError):
    """A public function received a value of the right type that it cannot use."""


class DataFormatError(InputValueError):
    """A row of an input file is malformed; the message names the file line."""


class TaxonomyError(GeotagError, ValueError):
    """A taxonomy file or entry is invalid; the message names the bad entry."""


class UnknownTopicError(GeotagError, LookupError):
    """A topic id is not in the taxonomy; the message suggests the closest ids."""


class TrainingError(GeotagError, ValueError):
    """Training data cannot be used (empty, unknown labels, too few examples)."""


class ModelError(GeotagError):
    """Base class of model-file errors."""


class ModelFormatError(ModelError, ValueError):
    """A model directory is not in a supported, well-formed geotag format."""


class ModelIntegrityError(ModelError, ValueError):
    """A model file does not match the hash its manifest (or the caller) pins."""


def describe(value: object) -> str:
    """Return a short description of ``value`` for error messages: its type and a clipped repr."""
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"
