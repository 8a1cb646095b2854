"""Accuracy one period earlier: a model trained before 2021, scored on the 2021-2022 development items.

The held-out test set (2023-2024, ``benchmarks/accuracy.py``) is every labelled item of those two
years. The development years were labelled in two ways: rounds 1-12 drew items stratified for rare
topics and, from round four on, partly where the model of the day was least sure; rounds 13-18
labelled everything left. This script retrains the shipped recipe on items dated before 2021 (the
same regularisation as the bundled model, read from ``benchmarks/results/build_model.json``), tags the
development items through :class:`geotag.Tagger` as the accuracy benchmark does, and reports the
three target measures on all of them and on each group, next to the committed test-set figures, so
the gap between periods and between kinds of items is measured rather than guessed.

An item's group is the round that first labelled it (a label later replaced by the blind review keeps
its first round, read from ``annotations/superseded.jsonl``).

Usage:
    python benchmarks/period_accuracy.py --corpus ../shared/data/wcep/events-2002-2024.jsonl.gz
Writes benchmarks/results/period_accuracy.json and .md (or --out) and prints the table.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_model import DEV_FROM, corpus_texts, fit  # noqa: E402
from labels import TEST_FROM, attach_text, read_labels  # noqa: E402
from results_io import machine, write_results  # noqa: E402
from tables import period_accuracy_table  # noqa: E402

import geotag  # noqa: E402
from geotag._metrics import evaluate_domains, evaluate_sets  # noqa: E402

MEASURES = ("leaf_micro_f1", "domain_micro_f1", "relevance_accuracy")
COMMAND = "python benchmarks/period_accuracy.py --corpus ../shared/data/wcep/events-2002-2024.jsonl.gz"


def first_rounds(labels_path: Path, superseded_path: Path) -> dict[str, str]:
    """The round that first labelled each item, as text ("3", "17", "relabel-v1.3")."""
    first = {r["id"]: str(r["round"]) for r in read_labels(labels_path)}
    if superseded_path.exists():
        earliest: dict[str, str] = {}
        for r in read_labels(superseded_path):
            earliest.setdefault(r["id"], str(r.get("round", first.get(r["id"], "?"))))
        first.update(earliest)
    return first


def group_of(round_name: str) -> str:
    if not round_name.isdigit():
        return "relabelled (Middle East, v1.3)"
    return "rounds 1-12 (stratified, partly uncertain)" if int(round_name) <= 12 else "rounds 13+ (the remainder)"


def measures(records: list[dict[str, Any]], results: list[geotag.TagResult], labels: list[str]) -> dict[str, Any]:
    gold = [set(r["topics"]) for r in records]
    predicted = [{t.id for t in res.topics} for res in results]
    geo = np.asarray([bool(r["geopolitical"]) for r in records])
    return {
        "items": len(records),
        "share_geopolitical": round(float(geo.mean()), 3),
        "leaf_micro_f1": round(evaluate_sets(gold, predicted, labels=labels).micro_f1, 4),
        "domain_micro_f1": round(evaluate_domains(gold, predicted, labels=labels).micro_f1, 4),
        "relevance_accuracy": round(float(np.mean(geo == np.asarray([r.is_geopolitical for r in results]))), 4),
    }


def markdown(report: dict[str, Any]) -> str:
    lines = [
        "# Accuracy one period earlier (development years 2021-2022)",
        "",
        f"Command: `{report['command']}`  ",
        f"Machine: {report['machine']}  ",
        f"Model: trained on {report['train_items']:,} labelled items dated before 2021 (C={report['C']}).",
        "",
        *period_accuracy_table(report),
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--labels", default=str(ROOT / "annotations" / "gold.jsonl"))
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "period_accuracy"))
    args = parser.parse_args()

    build = json.loads((ROOT / "benchmarks" / "results" / "build_model.json").read_text(encoding="utf-8"))
    C = float(build["C"])
    gold = attach_text(read_labels(args.labels), args.corpus)
    train = [r for r in gold if r["id"] < DEV_FROM]
    dev = [r for r in gold if DEV_FROM <= r["id"] < TEST_FROM]
    model = fit(train, C, corpus_texts(args.corpus, DEV_FROM))
    with tempfile.TemporaryDirectory() as directory:
        model.save(directory, model_version="pre-2021", extra={"includes_test_period": False})
        tagger = geotag.Tagger.load(directory)
        results = list(tagger.tag_many(r["text"] for r in dev))
        labels = list(tagger.model.labels)

    rounds = first_rounds(Path(args.labels), ROOT / "annotations" / "superseded.jsonl")
    groups: dict[str, list[int]] = {"all development items": list(range(len(dev)))}
    for i, record in enumerate(dev):
        groups.setdefault(group_of(rounds[record["id"]]), []).append(i)
    report: dict[str, Any] = {
        "command": COMMAND,
        "machine": machine(),
        "C": C,
        "train_items": len(train),
        "groups": {
            name: measures([dev[i] for i in idx], [results[i] for i in idx], labels) for name, idx in groups.items()
        },
    }
    accuracy = ROOT / "benchmarks" / "results" / "accuracy.json"
    if accuracy.exists():
        data = json.loads(accuracy.read_text(encoding="utf-8"))
        scores = data["systems"]["geotag"]
        report["test"] = {"items": data["test_items"], **{k: scores[k] for k in MEASURES}}
    write_results(Path(args.out), report, markdown(report))


if __name__ == "__main__":
    main()
