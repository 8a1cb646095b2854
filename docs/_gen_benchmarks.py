"""Write the benchmark tables from the committed results JSON (one Markdown file per report).

``conf.py`` calls :func:`render` at every build with ``benchmarks/results`` (or the directory in
``GEOTAG_BENCH_RESULTS``). Run it alone to see the Markdown:

    python docs/_gen_benchmarks.py benchmarks/results
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from _gen_taxonomy import escape

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from tables import period_accuracy_table, speed_budget_table

SYSTEM_NAMES = {
    "geotag": "geotag",
    "keyword_baseline": "keyword baseline",
    "uncalibrated": "geotag, uncalibrated",
    "floor_regex_tokenizer": "floor: regex tokenizer",
    "sklearn_tfidf_logreg": "scikit-learn, same weights",
    "minilm_embedding_logreg": "MiniLM embeddings + logistic regression",
}
SHORT_NAMES = {"keyword_baseline": "Keyword", "uncalibrated": "Uncalibrated"}
CORPUS_NAMES = {"articles_3kb": "articles (~3 KB)", "summaries_300b": "summaries (~300 B)"}
HOW_TO_RUN = {
    "accuracy.json": "python benchmarks/accuracy.py --corpus ../shared/data/wcep/events-2002-2024.jsonl.gz",
    "speed.json": "python benchmarks/speed.py",
    "speed_budget.json": "python benchmarks/speed_budget.py",
    "period_accuracy.json": "python benchmarks/period_accuracy.py "
    "--corpus ../shared/data/wcep/events-2002-2024.jsonl.gz",
    "long_texts.json": "python benchmarks/long_texts.py --corpus ../shared/data/wcep/events-2002-2024.jsonl.gz "
    "--model DIR",
}
RULE_NAMES = {
    "model": "geotag (the model's mention thresholds)",
    "strict": "strict mentions: max(primary threshold, 0.9)",
    "no_mentions": "no mentions: whole text and lead only",
    "paragraphs_tagged_alone": "reference: each paragraph tagged alone, topics pooled",
}


def _how(name: str) -> str:
    return f"`{HOW_TO_RUN[name]}`"


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
    return [f"Command: `{data.get('command', '?')}`  ", f"Machine: {escape(str(data.get('machine', '?')))}  ", ""]


def accuracy_tables(data: dict[str, Any]) -> list[str]:
    """Summary, per-topic and confusion tables of an ``accuracy.json`` report."""
    systems = data["systems"]
    model = ""
    if data.get("model_version"):
        pin = str(data.get("model_sha256", ""))[:12]
        model = f"Model: `{data['model_version']}`" + (f" (SHA-256 `{pin}...`)" if pin else "")
    lines = [
        f"Scores on {data['test_items']} held-out items.",
        "",
        *_run_line(data)[:-1],
        *([model] if model else []),
        "",
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
    header = "| Topic | Precision | Recall | F1 | Support |" + "".join(f" {SHORT_NAMES.get(k, k)} F1 |" for k in others)
    lines += [
        "### Per topic",
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
            "### Most frequent confusions",
            "",
            "Gold topics that geotag missed while predicting another topic for the same text.",
            "",
            "| Gold topic | Predicted instead | Count |",
            "| --- | --- | ---: |",
        ]
        lines += [f"| `{gold}` | `{predicted}` | {n} |" for gold, predicted, n in confusions]
        lines.append("")
    return lines


def speed_tables(data: dict[str, Any]) -> list[str]:
    """Throughput, latency, cold-start, parallel and text-length tables of a ``speed.json`` report."""
    lines = [
        *_run_line(data),
        "| Corpus | System | Docs/s | MB/s | Share of floor |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for row in data["rows"]:
        lines.append(
            f"| {CORPUS_NAMES.get(row['corpus'], row['corpus'])} | {SYSTEM_NAMES.get(row['system'], row['system'])} "
            f"| {row['docs_per_s']:,.0f} | {_f(row['mb_per_s'], 2)} | {row['ratio_to_floor']:.2%} |"
        )
    lines.append("")
    latency = data.get("latency_ms") or {}
    if latency:
        lines += ["### Latency of one `tag()` call", "", "| Corpus | p50 (ms) | p99 (ms) |", "| --- | ---: | ---: |"]
        for corpus, values in latency.items():
            lines.append(f"| {CORPUS_NAMES.get(corpus, corpus)} | {_f(values.get('p50'))} | {_f(values.get('p99'))} |")
        lines.append("")
    cold = data.get("cold_start") or {}
    facts = []
    if "seconds_median" in cold:
        facts.append(
            ("`import geotag; geotag.tag(...)` in a fresh process (median)", f"{cold['seconds_median']:.3f} s")
        )
    if "peak_rss_mb" in cold:
        facts.append(("Peak memory (RSS) of that process", f"{cold['peak_rss_mb']:.1f} MB"))
    if "model_size_mb" in data:
        facts.append(("Bundled model files", f"{data['model_size_mb']:.2f} MB"))
    parallel = data.get("parallel") or {}
    if "speedup" in parallel:
        facts.append(
            (
                f"`tag_many(n_jobs=2)` over `n_jobs=1`, {parallel.get('docs', '?'):,} articles",
                f"{parallel['speedup']:.2f}×",
            )
        )
    if facts:
        lines += ["### Start-up, size and parallelism", "", "| Measure | Value |", "| --- | ---: |"]
        lines += [f"| {name} | {value} |" for name, value in facts]
        lines.append("")
    scaling = data.get("length_scaling") or []
    if scaling:
        lines += [
            "### Long texts",
            "",
            "One `tag()` call on one long text; a flat seconds-per-MB column means time grows linearly.",
            "",
            "| Text size | Seconds | Seconds per MB |",
            "| ---: | ---: | ---: |",
        ]
        for row in scaling:
            lines.append(f"| {row['bytes']:,} bytes | {row['seconds']:.4g} | {row['seconds_per_mb']:.4g} |")
        lines.append("")
    return lines


def long_text_tables(data: dict[str, Any]) -> list[str]:
    lines = [
        f"{data['texts']} texts, mean {data['mean_chars']:.0f} characters and {data['mean_paragraphs']:.1f} "
        f"paragraphs; model {escape(str(data['model_version']))}.",
        "",
        *_run_line(data),
        "| rule | leaf P | leaf R | leaf micro-F1 | domain micro-F1 | mentions per text | mention precision |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, s in data["systems"].items():
        mentions = (
            f"{_f(s['mentions_per_text'], 2)} | {_f(s['mention_precision'])}" if "mentions_per_text" in s else "- | -"
        )
        lines.append(
            f"| {RULE_NAMES.get(name, escape(name))} | {_f(s['leaf_micro_precision'])} | "
            f"{_f(s['leaf_micro_recall'])} | {_f(s['leaf_micro_f1'])} | {_f(s['domain_micro_f1'])} | {mentions} |"
        )
    lines.append("")
    return lines


def period_accuracy_tables(data: dict[str, Any]) -> list[str]:
    """The three target measures one period earlier, per kind of item, next to the test set's."""
    return [
        f"Model trained on {data['train_items']:,} labelled items dated before 2021 (C={data['C']}), "
        "scored on the 2021-2022 development items.",
        "",
        *_run_line(data),
        *period_accuracy_table(data),
    ]


def speed_budget_tables(data: dict[str, Any]) -> list[str]:
    """Per-stage cost of one ``tag()`` against the 25%-of-floor budget, from a ``speed_budget.json`` report."""
    return [
        f"{data['articles']:,} generated articles (mean {data['mean_bytes']:,} bytes), best of {data['passes']} "
        f"interleaved passes per stage. At 25% of the floor's throughput, one article may take "
        f"**{_f(data['budget_us_per_doc'], 0)} µs** on this machine.",
        "",
        *_run_line(data),
        *speed_budget_table(data),
    ]


def render(results: Path) -> tuple[dict[str, str], list[str]]:
    """Return ``{"accuracy": markdown, "speed": markdown, ...}`` and the problems met (missing or bad files)."""
    pages, problems = {}, []
    for key, tables in (
        ("accuracy", accuracy_tables),
        ("long_texts", long_text_tables),
        ("period_accuracy", period_accuracy_tables),
        ("speed", speed_tables),
        ("speed_budget", speed_budget_tables),
    ):
        name = f"{key}.json"
        path = Path(results) / name
        lines = [f"<!-- Generated by docs/_gen_benchmarks.py from benchmarks/results/{name}. Do not edit. -->", ""]
        if not path.exists():
            problems.append(f"{path} not found; run {_how(name)}")
            lines += _missing(name, path)
        else:
            try:
                lines += tables(_load(path))
            except (ValueError, KeyError, TypeError) as exc:
                problems.append(f"{path} is not in the expected format ({type(exc).__name__}: {exc})")
                lines += _missing(name, path)
        pages[key] = "\n".join(lines).rstrip() + "\n"
    return pages, problems


if __name__ == "__main__":
    found_pages, found = render(Path(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/results"))
    sys.stdout.write("\n".join(found_pages.values()))
    for problem in found:
        print(f"_gen_benchmarks: {problem}", file=sys.stderr)
    raise SystemExit(1 if found else 0)
