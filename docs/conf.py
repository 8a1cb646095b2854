"""Sphinx configuration for the geotag documentation.

Build (warnings are errors):
    sphinx-build -W --keep-going -b html docs docs/_build/html

At ``builder-inited`` the build writes, under ``docs/_generated/`` (never committed):

- ``taxonomy_reference.md`` from :func:`geotag.get_taxonomy`, so the taxonomy page cannot
  disagree with the bundled data;
- ``benchmark_accuracy.md``, ``benchmark_long_texts.md``, ``benchmark_speed.md`` and
  ``benchmark_speed_budget.md`` from the JSON reports of the same names in ``benchmarks/results``.

The two benchmark charts in ``docs/_static`` are committed; they are drawn by ``make_charts.py``
only when missing. ``GEOTAG_BENCH_RESULTS=DIR`` reads the results JSON from another directory.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(DOCS))

import geotag  # noqa: E402

# -- project -------------------------------------------------------------------------------
project = "geotag"
author = "geotag maintainers"
copyright = "geotag maintainers"
release = geotag.__version__
version = ".".join(release.split(".")[:2])

# -- general -------------------------------------------------------------------------------
extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
# model-card.md and annotation-guide.md are shown through model_card.md and annotation_guide.md
# (an {include} each, so other tools can read them where they are); _generated/ holds include-only files.
exclude_patterns = ["_build", "_generated", "model-card.md", "annotation-guide.md", "Thumbs.db", ".DS_Store"]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# Google-style docstrings (see STYLE.md).
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_class_signature = "mixed"
python_use_unqualified_type_names = True

# -- HTML ----------------------------------------------------------------------------------
html_theme = "furo"
html_title = f"geotag {release}"
html_static_path = ["_static"]
html_show_sourcelink = False

# -- generated pages -----------------------------------------------------------------------
GENERATED = DOCS / "_generated"
STATIC = DOCS / "_static"
CHARTS = ("accuracy_by_topic.png", "speed.png")


def _results_dir() -> Path:
    return Path(os.environ.get("GEOTAG_BENCH_RESULTS", ROOT / "benchmarks" / "results"))


def _write_if_changed(path: Path, text: str) -> None:
    # Rewriting an unchanged file would make Sphinx re-read every page that includes it.
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _generate(app: Any) -> None:
    import _gen_benchmarks
    import _gen_taxonomy
    from sphinx.util import logging

    log = logging.getLogger("geotag.docs")
    _write_if_changed(GENERATED / "taxonomy_reference.md", _gen_taxonomy.render(geotag.get_taxonomy()))

    results = _results_dir()
    if not all((STATIC / name).exists() for name in CHARTS):
        done = subprocess.run(
            [sys.executable, str(DOCS / "make_charts.py"), "--results", str(results), "--out", str(STATIC)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            log.warning("benchmark charts are missing and make_charts.py failed:\n%s", done.stderr.strip())
    tables, problems = _gen_benchmarks.render(results)
    for problem in problems:
        log.warning("benchmark tables: %s", problem)
    for name, text in tables.items():
        _write_if_changed(GENERATED / f"benchmark_{name}.md", text)


def _resolve_private(app: Any, env: Any, node: Any, contnode: Any) -> Any:
    """Point type hints such as ``geotag._results.TagResult`` at the public ``geotag.TagResult``."""
    target = node.get("reftarget", "")
    if node.get("refdomain") != "py" or not target.startswith("geotag._"):
        return None
    public = "geotag." + target.rsplit(".", 1)[-1]
    if not hasattr(geotag, public.rsplit(".", 1)[-1]):
        return None
    domain = env.get_domain("py")
    return domain.resolve_xref(env, node["refdoc"], app.builder, node["reftype"], public, node, contnode)


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", _generate)
    app.connect("missing-reference", _resolve_private)
    return {"parallel_read_safe": True}
