"""Markdown tables of benchmark reports, shared by the scripts' ``.md`` output and the documentation.

Each function takes a report as written to ``benchmarks/results/*.json`` and returns table lines (with
the sentence that reads the table), so the committed Markdown and the docs page cannot drift apart.

Example:
    >>> report = {"groups": {"all": {"items": 10, "share_geopolitical": 0.8, "leaf_micro_f1": 0.8,
    ...           "domain_micro_f1": 0.85, "relevance_accuracy": 0.93}}}
    >>> period_accuracy_table(report)[2]
    '| all | 10 | 0.80 | 0.800 | 0.850 | 0.930 |'
"""

from __future__ import annotations

from typing import Any


def period_accuracy_table(report: dict[str, Any]) -> list[str]:
    """The three target measures per kind of development item, then the test set's (``period_accuracy.json``)."""
    lines = [
        "| items | n | share geopolitical | leaf micro-F1 | domain micro-F1 | relevance accuracy |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    rows = list(report["groups"].items())
    if report.get("test"):
        rows.append(("test set 2023-2024 (from accuracy.json, model trained before 2023)", report["test"]))
    for name, m in rows:
        share = f"{m['share_geopolitical']:.2f}" if "share_geopolitical" in m else "-"
        lines.append(
            f"| {name} | {m['items']:,} | {share} | {m['leaf_micro_f1']:.3f} | "
            f"{m['domain_micro_f1']:.3f} | {m['relevance_accuracy']:.3f} |"
        )
    lines += ["", "Targets: leaf micro-F1 >= 0.75, domain micro-F1 >= 0.88, relevance accuracy >= 0.93.", ""]
    return lines


def speed_budget_table(report: dict[str, Any]) -> list[str]:
    """Per-stage cost of one ``tag()`` against the 25%-of-floor budget (``speed_budget.json``)."""
    lines = [
        "| stage | µs per article | share of the budget | throughput vs floor |",
        "|---|---:|---:|---:|",
    ]
    lines += [
        f"| {r['stage']} | {r['us_per_doc']:,.1f} | {r['share_of_budget']:.2f} | {r['throughput_vs_floor']:.2%} |"
        for r in report["stages"]
    ]
    share = report["required_us_per_doc"] / report["budget_us_per_doc"]
    lines += [
        "",
        f"The stages every result needs before salience, evidence and the result objects are built "
        f"({' + '.join(report['required_stages'])}) take {report['required_us_per_doc']:.0f} µs per article: "
        f"{share:.2f} of the whole budget.",
        "",
    ]
    return lines
