"""Does adding header-mapped silver labels help? Measured on the development split only.

Fits the same model on gold items before 2021 with and without silver items (headers mapped by
``annotations/header_map.json``, items before 2021 that have no gold label) and scores both on the
2021-2022 gold items. The test period is not touched.

Usage:
    python scripts/silver_experiment.py --corpus ../shared/data/wcep/events-2002-2024.jsonl.gz
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from build_model import DEV_FROM, ROOT, corpus_texts, fit, score
from labels import attach_text, is_test, read_labels
from silver import silver_records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--C", type=float, default=16.0)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "silver_experiment.json"))
    args = parser.parse_args()
    gold = [
        r for r in attach_text(read_labels(ROOT / "annotations" / "gold.jsonl"), args.corpus) if not is_test(r["id"])
    ]
    dev = [r for r in gold if r["id"] >= DEV_FROM]
    fit_part = [r for r in gold if r["id"] < DEV_FROM]
    silver = [r for r in silver_records(args.corpus, exclude={r["id"] for r in gold}) if r["id"] < DEV_FROM]
    vocabulary_text = corpus_texts(args.corpus, DEV_FROM)
    results = {
        "gold_only": score(fit(fit_part, args.C, vocabulary_text), dev),
        "gold_plus_silver": score(fit(fit_part + silver, args.C, vocabulary_text), dev),
        "n_gold": len(fit_part),
        "n_silver": len(silver),
        "n_dev": len(dev),
        "command": "python scripts/silver_experiment.py --corpus ../shared/data/wcep/events-2002-2024.jsonl.gz",
    }
    Path(args.out).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
