"""Draw the benchmark charts for the docs from the committed results JSON.

Reads ``benchmarks/results/accuracy.json`` and ``speed.json`` and writes
``docs/_static/accuracy_by_topic.png`` (per-topic F1, geotag vs the keyword baseline) and
``docs/_static/speed.png`` (documents per second per system, log scale, one group per corpus).

Usage:
    python docs/make_charts.py [--results benchmarks/results] [--out docs/_static]

Exits with status 1 and a one-line message when a results file is missing or malformed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
CORPUS_NAMES = {"articles_3kb": "articles (~3 KB each)", "summaries_300b": "summaries (~300 B each)"}
SYSTEM_NAMES = {
    "geotag": "geotag",
    "keyword_baseline": "keyword baseline",
    "floor_regex_tokenizer": "floor: regex tokenizer",
    "sklearn_tfidf_logreg": "scikit-learn, same weights",
    "minilm_embedding_logreg": "MiniLM embeddings + logistic regression",
}
# geotag in the same blue as on the accuracy chart; baselines in quieter colours.
SYSTEM_COLORS = {
    "geotag": "#2f6db5",
    "keyword_baseline": "#b9b9b9",
    "floor_regex_tokenizer": "#b9b9b9",
    "sklearn_tfidf_logreg": "#9cc0e7",
    "minilm_embedding_logreg": "#e39a52",
}
# PNG metadata without the matplotlib version, so re-drawing the same results gives the same bytes.
PNG_METADATA = {"Software": None}


class ResultsError(Exception):
    """A results file is missing or not in the expected format."""


def read_results(path: Path, required: tuple[str, ...], how: str) -> dict[str, Any]:
    """Return the JSON object in ``path``, checking its top-level keys."""
    if not path.is_file():
        raise ResultsError(f"{path} not found: {how}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ResultsError(f"{path} is not readable JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ResultsError(f"{path} must hold a JSON object, got {type(data).__name__}")
    missing = [key for key in required if key not in data]
    if missing:
        raise ResultsError(f"{path} lacks the keys {missing}; expected {list(required)}")
    return data


def accuracy_chart(data: dict[str, Any], out: Path) -> None:
    """Horizontal bars: per-topic F1 of geotag and of the keyword baseline."""
    import matplotlib.pyplot as plt

    systems = data["systems"]
    for name in ("geotag", "keyword_baseline"):
        if name not in systems or "per_label" not in systems[name]:
            raise ResultsError(f"accuracy results need systems.{name}.per_label")
    rows = [r for r in systems["geotag"]["per_label"] if r.get("support", 0) > 0]
    rows.sort(key=lambda r: (r["f1"], r["label"]))  # best at the top of a barh chart
    baseline = {r["label"]: r["f1"] for r in systems["keyword_baseline"]["per_label"]}
    labels = [f"{r['label']}  (n={r['support']})" for r in rows]
    ours = [r["f1"] for r in rows]
    theirs = [baseline.get(r["label"], 0.0) for r in rows]

    height = 0.36
    fig, ax = plt.subplots(figsize=(9, 1.2 + 0.3 * len(rows)), layout="constrained")
    positions = range(len(rows))
    micro = {name: systems[name].get("leaf_micro_f1") for name in ("geotag", "keyword_baseline")}
    ax.barh(
        [p + height / 2 for p in positions],
        ours,
        height,
        color=SYSTEM_COLORS["geotag"],
        label=f"geotag (micro-F1 {micro['geotag']:.2f})",
    )
    ax.barh(
        [p - height / 2 for p in positions],
        theirs,
        height,
        color=SYSTEM_COLORS["keyword_baseline"],
        label=f"keyword baseline (micro-F1 {micro['keyword_baseline']:.2f})",
    )
    ax.set_yticks(list(positions), labels, fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_xlabel("F1 on the held-out test set")
    ax.set_title(f"Per-topic F1, geotag vs keyword baseline ({data.get('test_items', '?')} test items)")
    ax.grid(axis="x", color="#e5e5e5")
    ax.set_axisbelow(True)
    ax.legend(loc="lower right", fontsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.savefig(out, dpi=110, metadata=PNG_METADATA)
    plt.close(fig)


def speed_chart(data: dict[str, Any], out: Path) -> None:
    """Grouped bars: documents per second per system, one group per corpus, log scale."""
    import matplotlib.pyplot as plt

    rows = data["rows"]
    if not rows:
        raise ResultsError("speed results have no rows")
    corpora = list(dict.fromkeys(r["corpus"] for r in rows))
    systems = list(dict.fromkeys(r["system"] for r in rows))
    value = {(r["corpus"], r["system"]): float(r["docs_per_s"]) for r in rows}

    width = 0.8 / len(systems)
    fig, ax = plt.subplots(figsize=(9, 4.8), layout="constrained")
    others = iter(plt.get_cmap("Set2").colors)
    for i, system in enumerate(systems):
        color = SYSTEM_COLORS.get(system) or next(others)
        xs = [c + (i - (len(systems) - 1) / 2) * width for c in range(len(corpora))]
        ys = [value.get((corpus, system), float("nan")) for corpus in corpora]
        bars = ax.bar(xs, ys, width * 0.95, label=SYSTEM_NAMES.get(system, system), color=color)
        ax.bar_label(bars, labels=[f"{y:,.0f}" if y == y else "" for y in ys], fontsize=7, padding=2)
    ax.set_yscale("log")
    ax.set_xticks(range(len(corpora)), [CORPUS_NAMES.get(c, c) for c in corpora])
    ax.set_ylabel("documents per second (log scale)")
    ax.set_title("Throughput in one process")
    ax.grid(axis="y", which="both", color="#eeeeee")
    ax.set_axisbelow(True)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.savefig(out, dpi=110, metadata=PNG_METADATA)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Draw the benchmark charts for the docs.")
    parser.add_argument(
        "--results",
        default=os.environ.get("GEOTAG_BENCH_RESULTS", str(ROOT / "benchmarks" / "results")),
        help="directory holding accuracy.json and speed.json (default: benchmarks/results)",
    )
    parser.add_argument("--out", default=str(DOCS / "_static"), help="where to write the PNGs")
    args = parser.parse_args(argv)
    results, out = Path(args.results), Path(args.out)

    import matplotlib

    matplotlib.use("Agg")
    try:
        accuracy = read_results(
            results / "accuracy.json",
            ("systems", "test_items"),
            "run `python benchmarks/accuracy.py --corpus ../shared/data/wcep/events-2002-2024.jsonl.gz` first",
        )
        speed = read_results(results / "speed.json", ("rows",), "run `python benchmarks/speed.py` first")
        out.mkdir(parents=True, exist_ok=True)
        accuracy_chart(accuracy, out / "accuracy_by_topic.png")
        speed_chart(speed, out / "speed.png")
    except ResultsError as exc:
        print(f"make_charts: {exc}", file=sys.stderr)
        return 1
    except (KeyError, TypeError, ValueError) as exc:
        print(f"make_charts: unexpected results format ({type(exc).__name__}: {exc})", file=sys.stderr)
        return 1
    print(f"make_charts: wrote {out / 'accuracy_by_topic.png'} and {out / 'speed.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
