"""Build geotag's bundled topic model from our labels and the WCEP corpus.

Joins ``annotations/gold.jsonl`` (and, with ``--silver``, the reviewed header mapping) with the
corpus text by id; picks the regularisation on a development split (gold items from 2021-2022,
model fitted on earlier items); trains the *held-out* model on every gold item before 2023 and
evaluates it on the 2023-2024 test set; then trains the bundled model with the same settings on all
gold items, and writes it with a generated model card. Run twice, it writes byte-identical files.

Usage:
    python scripts/build_model.py --corpus ../shared/data/wcep/events-2002-2024.jsonl.gz
    python scripts/build_model.py --corpus /path/to/current-events-context   # the YAML checkout
    python scripts/build_model.py --corpus ... --heldout-out /tmp/geotag-heldout  # for accuracy.py
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import model_card
from corpus import read_corpus, strip_sources
from labels import TEST_FROM, attach_text, is_test, read_labels
from silver import silver_records

from geotag._metrics import evaluate_domains, evaluate_sets
from geotag.train import TopicClassifier

ROOT = Path(__file__).resolve().parents[1]
DEV_FROM = "2021-01-01"
MODEL_VERSION = "1.0.0"


def _xy(records: list[dict[str, Any]]) -> tuple[list[str], list[list[str]], list[list[str]], list[bool]]:
    texts = [r["text"] for r in records]
    topics = [sorted(r["topics"]) for r in records]
    primary = [sorted(k for k, v in r["topics"].items() if v == "primary") for r in records]
    geo = [bool(r["geopolitical"]) for r in records]
    return texts, topics, primary, geo


MAX_FEATURES = 60000
MIN_DF = 3


def fit(records: list[dict[str, Any]], C: float, unlabeled: list[str]) -> TopicClassifier:
    """Fit with the vocabulary and IDF learned from ``unlabeled`` corpus text (no labels used)."""
    texts, topics, primary, geo = _xy(records)
    model = TopicClassifier(C=C, min_df=MIN_DF, max_features=MAX_FEATURES)
    return model.fit(texts, topics, primary=primary, geopolitical=geo, unlabeled=unlabeled)


def corpus_texts(path: str, before: str) -> list[str]:
    """All corpus text dated before ``before`` (sources stripped), for vocabulary and IDF."""
    return [strip_sources(item["text"]) for item in read_corpus(path) if item["date"] < before]


def score(model: TopicClassifier, records: list[dict[str, Any]], *, per_label: bool = False) -> dict[str, Any]:
    texts, topics, _, geo = _xy(records)
    relevant = model.predict_proba_all(texts)[:, -1] >= model.relevance_threshold_
    # As geotag.tag does: a text judged not geopolitical gets no topic.
    predicted = [labels if keep else () for labels, keep in zip(model.predict_labels(texts), relevant, strict=True)]
    leaf = evaluate_sets(topics, predicted, labels=model.classes_)
    dom = evaluate_domains(topics, predicted, labels=model.classes_)
    relevance = relevant
    out: dict[str, Any] = {
        "n_items": len(records),
        "leaf_micro_f1": round(leaf.micro_f1, 4),
        "leaf_macro_f1": round(leaf.macro_f1, 4),
        "domain_micro_f1": round(dom.micro_f1, 4),
        "relevance_accuracy": round(float(np.mean(relevance == np.asarray(geo))), 4),
    }
    if per_label:
        out["per_label"] = [s.row() for s in leaf.per_label]
    return out


def agreement(gold_path: Path, second_path: Path, superseded_path: Path) -> dict[str, Any]:
    """Micro-F1 between the first and second annotation passes of the double-annotated items."""
    first = {r["id"]: r for r in read_labels(gold_path)}
    if superseded_path.exists():
        first.update({r["id"]: r for r in read_labels(superseded_path)})
    second = read_labels(second_path)
    pairs = [
        (set(first[r["id"]]["topics"]), set(r["topics"]), first[r["id"]]["geopolitical"], r["geopolitical"])
        for r in second
        if r["id"] in first
    ]
    leaf = evaluate_sets(
        [a for a, _, _, _ in pairs],
        [b for _, b, _, _ in pairs],
        labels=sorted({t for a, b, _, _ in pairs for t in a | b}),
    )
    dom = evaluate_domains([a for a, _, _, _ in pairs], [b for _, b, _, _ in pairs])
    return {
        "items": len(pairs),
        "leaf_micro_f1": round(leaf.micro_f1, 4),
        "domain_micro_f1": round(dom.micro_f1, 4),
        "geopolitical": round(sum(x == y for _, _, x, y in pairs) / len(pairs), 4),
    }


def review_summary(path: Path) -> dict[str, int] | None:
    """Counts of the blind review rounds logged in ``annotations/review.jsonl`` (None without one)."""
    if not path.exists():
        return None
    rows = read_labels(path)
    return {
        "reviewed": len(rows),
        "disputed": sum(r["third"] is not None for r in rows),
        "changed": sum(r["kept"] != "first" for r in rows),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", required=True, help="WCEP JSON Lines file or YAML checkout")
    parser.add_argument("--labels", default=str(ROOT / "annotations" / "gold.jsonl"))
    parser.add_argument("--out", default=str(ROOT / "geotag" / "data" / "model"))
    parser.add_argument(
        "--heldout-out",
        default=None,
        help="also save the held-out model (trained before 2023) here, for benchmarks/accuracy.py",
    )
    parser.add_argument("--silver", action="store_true", help="add header-mapped silver labels")
    parser.add_argument("--C", type=float, nargs="*", default=[8.0, 16.0])
    parser.add_argument("--report", default=str(ROOT / "benchmarks" / "results" / "build_model.json"))
    args = parser.parse_args()

    gold = attach_text(read_labels(args.labels), args.corpus)
    train = [r for r in gold if not is_test(r["id"])]
    test = [r for r in gold if is_test(r["id"])]
    silver: list[dict[str, Any]] = []
    if args.silver:
        silver = silver_records(args.corpus, exclude={r["id"] for r in gold})
    print(f"gold: {len(train)} before 2023, {len(test)} from 2023-2024; silver: {len(silver)}")

    dev = [r for r in train if r["id"] >= DEV_FROM]
    fit_part = [r for r in train if r["id"] < DEV_FROM] + silver
    selection = {}
    dev_corpus = corpus_texts(args.corpus, DEV_FROM)
    for C in args.C:
        selection[C] = score(fit(fit_part, C, dev_corpus), dev)
        print(f"C={C}: dev {selection[C]}")
    best_c = max(args.C, key=lambda c: (selection[c]["leaf_micro_f1"], -c))
    print(f"chosen C={best_c}")

    heldout = fit(train + silver, best_c, corpus_texts(args.corpus, TEST_FROM))
    test_scores = score(heldout, test, per_label=True)
    print(f"held-out model on the 2023-2024 test set: { {k: v for k, v in test_scores.items() if k != 'per_label'} }")
    if args.heldout_out:
        heldout.save(
            args.heldout_out,
            model_version=f"{MODEL_VERSION}-heldout",
            extra={
                "training_data": "WCEP gold labels dated before 2023 (held-out variant)",
                "includes_test_period": False,
            },
        )

    counts: dict[str, int] = {}
    for record in gold:
        for label in record["topics"]:
            counts[label] = counts.get(label, 0) + 1
    metrics = {
        "model_version": MODEL_VERSION,
        "taxonomy_version": heldout._taxonomy().version,
        "C": best_c,
        "heldout_test": test_scores,
        "test_split": "gold items dated 2023-01-01 to 2024-12-31",
        "dev_selection": {str(c): s for c, s in selection.items()},
        "n_gold": len(gold),
        "n_nongeo": sum(not r["geopolitical"] for r in gold),
        "n_train_heldout": len(train),
        "n_silver": len(silver),
        "label_counts": dict(sorted(counts.items())),
        "agreement": agreement(
            Path(args.labels), ROOT / "annotations" / "second_pass.jsonl", ROOT / "annotations" / "superseded.jsonl"
        ),
        "review": review_summary(ROOT / "annotations" / "review.jsonl"),
    }
    card = model_card.render(metrics)
    (ROOT / "docs" / "model-card.md").write_text(card, encoding="utf-8")
    final = fit(gold + silver, best_c, corpus_texts(args.corpus, "9999"))
    pin = final.save(
        args.out,
        model_version=MODEL_VERSION,
        metrics=metrics,
        model_card=card,
        extra={
            "training_data": "WCEP 2002-2024, all geotag gold labels" + (" + silver" if silver else ""),
            "includes_test_period": True,
        },
    )
    Path(args.report).parent.mkdir(parents=True, exist_ok=True)
    Path(args.report).write_text(json.dumps(metrics, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out} (sha256 {pin})")


if __name__ == "__main__":
    main()
