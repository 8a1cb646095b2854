"""Build geotag's bundled topic model from our labels and the WCEP corpus.

Joins ``annotations/gold.jsonl`` (and, with ``--silver``, the reviewed header mapping) with the
corpus text by id, picks the regularisation on a development split (gold items from 2021-2022),
trains on every gold item before 2023, evaluates on the 2023-2024 test set, and writes the model
directory. Run twice, it writes byte-identical files.

Usage:
    python scripts/build_model.py --corpus ../shared/data/wcep/events-2002-2024.jsonl.gz
    python scripts/build_model.py --corpus /path/to/current-events-context   # the YAML checkout
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

from labels import attach_text, is_test, read_labels  # noqa: E402
from silver import silver_records  # noqa: E402

from geotag._metrics import evaluate_sets  # noqa: E402
from geotag.train import TopicClassifier  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEV_FROM = "2021-01-01"
MODEL_VERSION = "1.0.0"


def _xy(records: list[dict[str, Any]]) -> tuple[list[str], list[list[str]], list[list[str]], list[bool]]:
    texts = [r["text"] for r in records]
    topics = [sorted(r["topics"]) for r in records]
    primary = [sorted(k for k, v in r["topics"].items() if v == "primary") for r in records]
    geo = [bool(r["geopolitical"]) for r in records]
    return texts, topics, primary, geo


def fit(records: list[dict[str, Any]], C: float) -> TopicClassifier:
    texts, topics, primary, geo = _xy(records)
    return TopicClassifier(C=C).fit(texts, topics, primary=primary, geopolitical=geo)


def score(model: TopicClassifier, records: list[dict[str, Any]]) -> dict[str, float]:
    texts, topics, _, geo = _xy(records)
    predicted = model.predict_labels(texts)
    leaf = evaluate_sets(topics, predicted, labels=model.classes_)
    domains = sorted({c.split(".")[0] for c in model.classes_})
    dom = evaluate_sets(
        [{t.split(".")[0] for t in s} for s in topics],
        [{t.split(".")[0] for t in s} for s in predicted],
        labels=domains,
    )
    relevance = model.predict_proba_all(texts)[:, -1] >= model.relevance_threshold_
    return {
        "leaf_micro_f1": round(leaf.micro_f1, 4),
        "leaf_macro_f1": round(leaf.macro_f1, 4),
        "domain_micro_f1": round(dom.micro_f1, 4),
        "relevance_accuracy": round(float(np.mean(relevance == np.asarray(geo))), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", required=True, help="WCEP JSON Lines file or YAML checkout")
    parser.add_argument("--labels", default=str(ROOT / "annotations" / "gold.jsonl"))
    parser.add_argument("--out", default=str(ROOT / "geotag" / "data" / "model"))
    parser.add_argument("--silver", action="store_true", help="add header-mapped silver labels")
    parser.add_argument("--C", type=float, nargs="*", default=[1.0, 2.0, 4.0, 8.0])
    parser.add_argument("--report", default=str(ROOT / "benchmarks" / "results" / "build_model.json"))
    args = parser.parse_args()

    gold = attach_text(read_labels(args.labels), args.corpus)
    train = [r for r in gold if not is_test(r["id"])]
    test = [r for r in gold if is_test(r["id"])]
    silver: list[dict[str, Any]] = []
    if args.silver:
        silver = silver_records(args.corpus, exclude={r["id"] for r in gold})
    print(f"gold: {len(train)} train, {len(test)} test; silver: {len(silver)}")

    dev = [r for r in train if r["id"] >= DEV_FROM]
    fit_part = [r for r in train if r["id"] < DEV_FROM] + silver
    selection = {}
    for C in args.C:
        selection[C] = score(fit(fit_part, C), dev)
        print(f"C={C}: dev {selection[C]}")
    best_c = max(args.C, key=lambda c: (selection[c]["leaf_micro_f1"], -c))
    print(f"chosen C={best_c}")

    model = fit(train + silver, best_c)
    test_scores = score(model, test)
    print(f"test: {test_scores}")
    metrics = {
        "test": test_scores,
        "test_split": "gold items dated 2023-01-01 to 2024-12-31",
        "dev_selection": {str(c): s for c, s in selection.items()},
        "C": best_c,
        "n_train_gold": len(train),
        "n_train_silver": len(silver),
        "n_test": len(test),
    }
    card = (ROOT / "docs" / "model-card.md").read_text(encoding="utf-8") if (ROOT / "docs" / "model-card.md").exists() else None
    pin = model.save(
        args.out,
        model_version=MODEL_VERSION,
        metrics=metrics,
        model_card=card,
        extra={"training_data": "WCEP 2002-2022, geotag gold labels" + (" + silver" if silver else "")},
    )
    Path(args.report).parent.mkdir(parents=True, exist_ok=True)
    Path(args.report).write_text(json.dumps(metrics, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out} (sha256 {pin})")


if __name__ == "__main__":
    main()
