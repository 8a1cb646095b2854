"""Agreement between the gold labels and a fresh blind reading of a random sample (``annotations/audit.jsonl``).

The audit asks whether the test labels are as sound as the training labels: 200 items were drawn at
random (seeded) from each of three groups, the 2023-2024 test items first labelled in rounds 1-8, those
first labelled in rounds 9-12, and the 2021-2022 development items first labelled in rounds 13-18. They
were shuffled together and re-read blind against ``docs/annotation-guide.md`` by annotators who saw
neither the gold label nor any model output. Per group the script reports leaf and domain micro-F1 and
agreement on geopolitical yes/no between the gold label and the fresh reading. It needs no corpus text.

Usage:
    python scripts/label_audit.py
Writes benchmarks/results/label_audit.json and .md (or --out) and prints the table.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from labels import read_labels  # noqa: E402
from results_io import write_results  # noqa: E402

from geotag._metrics import evaluate_domains, evaluate_sets  # noqa: E402


def agreement(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Any]:
    """Leaf and domain micro-F1 and geopolitical agreement between (gold, reading) label pairs."""
    gold = [set(g["topics"]) for g, _ in pairs]
    fresh = [set(r["topics"]) for _, r in pairs]
    labels = sorted(set().union(*gold, *fresh))
    return {
        "items": len(pairs),
        "leaf_micro_f1": round(evaluate_sets(gold, fresh, labels=labels).micro_f1, 4),
        "domain_micro_f1": round(evaluate_domains(gold, fresh).micro_f1, 4),
        "geopolitical_agreement": round(sum(g["geopolitical"] == r["geopolitical"] for g, r in pairs) / len(pairs), 4),
        "gold_topics": sum(len(t) for t in gold),
        "reading_topics": sum(len(t) for t in fresh),
    }


def markdown(report: dict[str, Any]) -> str:
    lines = [
        "# Label audit: gold labels against a fresh blind reading",
        "",
        f"Command: `{report['command']}`",
        "",
        "| items | n | leaf micro-F1 | domain micro-F1 | geopolitical agreement | topics gold / reading |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, m in report["groups"].items():
        lines.append(
            f"| {name} | {m['items']} | {m['leaf_micro_f1']:.3f} | {m['domain_micro_f1']:.3f} | "
            f"{m['geopolitical_agreement']:.3f} | {m['gold_topics']} / {m['reading_topics']} |"
        )
    lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--labels", default=str(ROOT / "annotations" / "gold.jsonl"))
    parser.add_argument("--audit", default=str(ROOT / "annotations" / "audit.jsonl"))
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "label_audit"))
    args = parser.parse_args()
    gold = {r["id"]: r for r in read_labels(args.labels)}
    groups: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = {}
    for row in read_labels(args.audit):
        if row["id"] not in gold:
            raise SystemExit(f"{args.audit}: {row['id']} has no gold label in {args.labels}")
        groups.setdefault(row["group"], []).append((gold[row["id"]], row["reading"]))
    report = {
        "command": "python scripts/label_audit.py",
        "groups": {name: agreement(pairs) for name, pairs in sorted(groups.items())},
    }
    write_results(Path(args.out), report, markdown(report))


if __name__ == "__main__":
    main()
