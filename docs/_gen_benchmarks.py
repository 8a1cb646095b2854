"""Write the benchmark tables from the committed results JSON.

``conf.py`` calls :func:`render` at every build with ``benchmarks/results`` (or the directory in
``GEOTAG_BENCH_RESULTS``). Run it alone to see the Markdown:

    python docs/_gen_benchmarks.py benchmarks/results
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

SYSTEM_NAMES = {
    "geotag": "geotag",
    "keyword_baseline": "keyword baseline",
    "uncalibrated": "geotag, uncalibrated",
}
CORPUS_NAMES = {"articles_3kb": "articles (~3 KB)", "summaries_300b": "summaries (~300 B)"}
HOW_TO_RUN = {
    "accuracy.json": "python benchmarks/accuracy.py --corpus ../shared/data/wcep/events-2002-2024.jsonl.gz",
    "speed.json": "the speed benchmark in benchmarks/",
}


def _how(name: str) -> str:
    how = HOW_TO_RUN[name]
    return f"`{how}`" if how.startswith("python") else how


def _load(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path} must hold a JSON object")
    return data


def _missing(name: str, path: Path) -> list[str]:
    return [
        ":::{note}",
        f"`benchmarks/results/{name}` was not found when these pages were built "
        f"(looked for `{path}`). Run {_how(name)} to produce it.",
        ":::",
        "",
    ]


def _f(value: Any, digits: int = 3) -> str:
    return f"{value:.{digits}f}" if isinstance(value, (int, float)) else str(value)


def _run_line(data: dict[str, Any]) -> list[str]:
    return [f"Command: `{data.get('command', '?')}`  ", f"Machine: {data.get('machine', '?')}", ""]


def accuracy_tables(data: dict[str, Any]) -> list[str]:
    """Summary, per-topic and confusion tables of an ``accuracy.json`` report."""
    systems = data["systems"]
    lines = [
        "(accuracy-tables)=",
        "### Accuracy",
        "",
        f"Held-out test set: {data['test_items']} labelled items.",
        "",
        *_run_line(data),
        "| System | Leaf micro-F1 | Leaf macro-F1 | Domain micro-F1 | Relevance accuracy |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for key, s in systems.items():
        lines.append(
            f"| {SYSTEM_NAMES.get(key, key)} | {_f(s['leaf_micro_f1'])} | {_f(s['leaf_macro_f1'])} "
            f"| {_f(s['domain_micro_f1'])} | {_f(s['relevance_accuracy'])} |"
        )
    lines.append("")
    geo = systems["geotag"]
    others = [k for k in ("keyword_baseline", "uncalibrated") if k in systems]
    other_f1 = {k: {r["label"]: r["f1"] for r in systems[k]["per_label"]} for k in others}
    header = "| Topic | Precision | Recall | F1 | Support |" + "".join(
        f" F1, {SYSTEM_NAMES.get(k, k)} |" for k in others
    )
    lines += [
        "#### Per topic",
        "",
        header,
        "| --- | ---: | ---: | ---: | ---: |" + " ---: |" * len(others),
    ]
    for row in geo["per_label"]:
        extra = "".join(f" {_f(other_f1[k].get(row['label'], '–'))} |" for k in others)
        lines.append(
            f"| `{row['label']}` | {_f(row['precision'])} | {_f(row['recall'])} | {_f(row['f1'])} "
            f"| {row['support']} |{extra}"
        )
    lines.append("")
    confusions = geo.get("confusions") or []
    if confusions:
        lines += [
            "#### Most frequent confusions (geotag)",
            "",
            "| Gold topic | Predicted instead | Count |",
            "| --- | --- | ---: |",
        ]
        lines += [f"| `{gold}` | `{predicted}` | {n} |" for gold, predicted, n in confusions]
        lines.append("")
    return lines


def _flat(data: Any, prefix: str = "") -> list[tuple[str, Any]]:
    if isinstance(data, dict):
        out = []
        for key, value in data.items():
            out += _flat(value, f"{prefix}{key}" if not prefix else f"{prefix} / {key}")
        return out
    return [(prefix, data)]


def speed_tables(data: dict[str, Any]) -> list[str]:
    """Throughput, latency and cold-start tables of a ``speed.json`` report."""
    lines = [
        "(speed-tables)=",
        "### Speed",
        "",
        *_run_line(data),
        "| Corpus | System | Docs/s | MB/s | Ratio to floor |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for row in data["rows"]:
        lines.append(
            f"| {CORPUS_NAMES.get(row['corpus'], row['corpus'])} | {row['system']} "
            f"| {row['docs_per_s']:,.0f} | {_f(row['mb_per_s'], 2)} | {_f(row['ratio_to_floor'], 1)} |"
        )
    lines.append("")
    for key, title in (("latency_ms", "Latency (ms)"), ("cold_start", "Cold start")):
        items = _flat(data.get(key) or {})
        if items:
            lines += [f"#### {title}", "", "| Measure | Value |", "| --- | ---: |"]
            lines += [f"| {name} | {_f(value)} |" for name, value in items]
            lines.append("")
    return lines


def render(results: Path) -> tuple[str, list[str]]:
    """Return the Markdown tables and a list of problems (missing or malformed files)."""
    lines = ["<!-- Generated by docs/_gen_benchmarks.py from benchmarks/results at build time. -->", ""]
    problems = []
    for name, tables in (("accuracy.json", accuracy_tables), ("speed.json", speed_tables)):
        path = Path(results) / name
        if not path.exists():
            problems.append(f"{path} not found; run {_how(name)}")
            lines += _missing(name, path)
            continue
        try:
            lines += tables(_load(path))
        except (ValueError, KeyError, TypeError) as exc:
            problems.append(f"{path} is not in the expected format ({type(exc).__name__}: {exc})")
            lines += _missing(name, path)
    return "\n".join(lines).rstrip() + "\n", problems


if __name__ == "__main__":
    text, found = render(Path(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/results"))
    sys.stdout.write(text)
    for problem in found:
        print(f"_gen_benchmarks: {problem}", file=sys.stderr)
    raise SystemExit(1 if found else 0)
