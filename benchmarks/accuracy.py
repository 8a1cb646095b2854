"""Accuracy benchmark: geotag vs a keyword baseline vs the uncalibrated model, on the test split.

The test set is every gold-labelled WCEP item dated 2023-01-01 or later (never used to train or
tune). Corpus text is read from the path you give; only our labels live in the repository.

The bundled model is trained on every label, test period included, so it must not be scored on the
test set. Build the held-out model (same recipe, trained before 2023) and score that:

Usage:
    python scripts/build_model.py --corpus ../shared/data/wcep/events-2002-2024.jsonl.gz \
        --heldout-out /tmp/geotag-heldout
    python benchmarks/accuracy.py --corpus ../shared/data/wcep/events-2002-2024.jsonl.gz --model /tmp/geotag-heldout
Writes benchmarks/results/accuracy.json and accuracy.md, and prints the tables.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from baselines import KeywordBaseline, uncalibrated_topics  # noqa: E402
from labels import attach_text, is_test, read_labels  # noqa: E402
from results_io import machine, write_results  # noqa: E402

import geotag  # noqa: E402
from geotag._metrics import evaluate_domains, evaluate_sets  # noqa: E402


def score_system(
    gold: list[set[str]], geo: list[bool], predicted: list[set[str]], predicted_geo: list[bool], labels: list[str]
) -> dict[str, Any]:
    leaf = evaluate_sets(gold, predicted, labels=labels)
    dom = evaluate_domains(gold, predicted, labels=labels)
    return {
        "leaf_micro_f1": round(leaf.micro_f1, 4),
        "leaf_micro_precision": round(leaf.micro_precision, 4),
        "leaf_micro_recall": round(leaf.micro_recall, 4),
        "leaf_macro_f1": round(leaf.macro_f1, 4),
        "domain_micro_f1": round(dom.micro_f1, 4),
        "domain_macro_f1": round(dom.macro_f1, 4),
        "relevance_accuracy": round(float(np.mean(np.asarray(predicted_geo) == np.asarray(geo))), 4),
        "per_label": [s.row() for s in leaf.per_label],
        "per_domain": [s.row() for s in dom.per_label],
        "confusions": [list(c) for c in leaf.confusions],
    }


def markdown(report: dict[str, Any]) -> str:
    systems = report["systems"]
    lines = [
        f"# Accuracy on the time-split test set ({report['test_items']} WCEP items, 2023-2024)",
        "",
        f"Command: `{report['command']}`  ",
        f"Machine: {report['machine']}  ",
        f"Model: {report['model_version']} (sha256 {report['model_sha256'][:12]}...)",
        "",
        "| system | leaf micro-F1 | leaf macro-F1 | domain micro-F1 | relevance accuracy |",
        "|---|---|---|---|---|",
    ]
    for name, s in systems.items():
        lines.append(
            f"| {name} | {s['leaf_micro_f1']:.3f} | {s['leaf_macro_f1']:.3f} | "
            f"{s['domain_micro_f1']:.3f} | {s['relevance_accuracy']:.3f} |"
        )
    lines += [
        "",
        "## Per topic (geotag vs keyword baseline)",
        "",
        "| topic | P | R | F1 | support | keyword F1 |",
        "|---|---|---|---|---|---|",
    ]
    keyword = {r["label"]: r for r in systems["keyword_baseline"]["per_label"]}
    for row in systems["geotag"]["per_label"]:
        lines.append(
            f"| {row['label']} | {row['precision']:.2f} | {row['recall']:.2f} | {row['f1']:.2f} | "
            f"{row['support']} | {keyword[row['label']]['f1']:.2f} |"
        )
    lines += ["", "## Per domain (geotag)", "", "| domain | P | R | F1 | support |", "|---|---|---|---|---|"]
    for row in systems["geotag"]["per_domain"]:
        lines.append(
            f"| {row['label']} | {row['precision']:.2f} | {row['recall']:.2f} | {row['f1']:.2f} | {row['support']} |"
        )
    lines += ["", "## Top confusions (gold topic missed, topic predicted instead, count)", ""]
    lines += [f"- {g} → {p}: {n}" for g, p, n in systems["geotag"]["confusions"]]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--labels", default=str(ROOT / "annotations" / "gold.jsonl"))
    parser.add_argument("--model", required=True, help="the held-out model directory (see above)")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "accuracy"))
    args = parser.parse_args()

    records = [r for r in attach_text(read_labels(args.labels), args.corpus) if is_test(r["id"])]
    texts = [r["text"] for r in records]
    gold = [set(r["topics"]) for r in records]
    geo = [bool(r["geopolitical"]) for r in records]
    tagger = geotag.Tagger.load(args.model)
    if tagger.model.manifest.get("includes_test_period", True):
        raise SystemExit(
            f"{args.model} was trained on the test period (or does not say it was not): scoring it on the "
            "2023-2024 test set would overstate its accuracy. Build the held-out model with "
            "scripts/build_model.py --heldout-out DIR and pass --model DIR."
        )
    labels = list(tagger.model.labels)

    started = time.perf_counter()
    results = list(tagger.tag_many(texts))
    elapsed = time.perf_counter() - started
    keyword = KeywordBaseline(tagger.taxonomy)
    keyword_topics = [keyword.topics(t) for t in texts]
    raw = uncalibrated_topics(tagger, texts)
    systems = {
        "geotag": score_system(
            gold, geo, [{t.id for t in r.topics} for r in results], [r.is_geopolitical for r in results], labels
        ),
        "keyword_baseline": score_system(gold, geo, keyword_topics, [bool(k) for k in keyword_topics], labels),
        "uncalibrated": score_system(gold, geo, [t for t, _ in raw], [g for _, g in raw], labels),
    }
    report = {
        "command": "python scripts/build_model.py --corpus ../shared/data/wcep/events-2002-2024.jsonl.gz "
        "--heldout-out /tmp/geotag-heldout && python benchmarks/accuracy.py "
        "--corpus ../shared/data/wcep/events-2002-2024.jsonl.gz --model /tmp/geotag-heldout",
        "machine": machine(),
        "test_items": len(records),
        "model_version": tagger.model_version,
        "model_sha256": tagger.model.sha256,
        "tagging_seconds": round(elapsed, 2),
        "systems": systems,
    }
    write_results(Path(args.out), report, markdown(report))


if __name__ == "__main__":
    main()
