"""Every docstring example in the package runs and prints what it says."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import geotag

MODULES = sorted(m.name for m in pkgutil.iter_modules(geotag.__path__) if m.name != "__main__")


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(f"geotag.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in geotag.{name}"


def test_the_package_has_docstring_examples() -> None:
    attempted = 0
    for name in MODULES:
        module = importlib.import_module(f"geotag.{name}")
        attempted += doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False, report=False).attempted
    assert attempted >= 40
