"""The public namespace is pinned: additions are deliberate, removals are breaking."""

from __future__ import annotations

import geotag


def test_all_is_sorted_and_pinned() -> None:
    assert geotag.__all__ == sorted(geotag.__all__)
    assert set(geotag.__all__) == {
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
    }


def test_every_exported_name_resolves() -> None:
    for name in geotag.__all__:
        assert getattr(geotag, name) is not None


def test_error_classes_are_also_builtins() -> None:
    assert issubclass(geotag.InputTypeError, TypeError)
    assert issubclass(geotag.ModelFormatError, ValueError)
    assert issubclass(geotag.ModelIntegrityError, ValueError)
    assert issubclass(geotag.UnknownTopicError, LookupError)
    for name in geotag.__all__:
        obj = getattr(geotag, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, geotag.GeotagError)


def test_version_is_a_string() -> None:
    assert geotag.__version__.count(".") == 2
