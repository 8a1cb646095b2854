"""Multi-label evaluation with numpy only: per-label and micro/macro precision, recall and F1.

Example:
    >>> report = evaluate_sets([{"a"}, {"b"}, set()], [{"a"}, {"a"}, set()], labels=["a", "b"])
    >>> round(report.micro_f1, 3)
    0.5
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

__all__ = ["EvaluationReport", "LabelScore", "evaluate_domains", "evaluate_sets"]


@attrs.frozen(slots=True)
class LabelScore:
    """Precision, recall, F1 and support (gold positives) of one label."""

    label: str
    precision: float
    recall: float
    f1: float
    support: int
    predicted: int

    def row(self) -> dict[str, Any]:
        """Return label, precision, recall, F1 (rounded to 4 places) and support, for reports."""
        return {
            "label": self.label,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "support": self.support,
        }


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@attrs.frozen(slots=True)
class EvaluationReport:
    """Scores of predicted label sets against gold label sets."""

    per_label: tuple[LabelScore, ...]
    micro_precision: float
    micro_recall: float
    micro_f1: float
    macro_f1: float
    n_items: int
    confusions: tuple[tuple[str, str, int], ...]  # (gold label missed, label predicted instead, n)

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready data."""
        return {
            "n_items": self.n_items,
            "micro_precision": self.micro_precision,
            "micro_recall": self.micro_recall,
            "micro_f1": self.micro_f1,
            "macro_f1": self.macro_f1,
            "per_label": [attrs.asdict(s) for s in self.per_label],
            "confusions": [list(c) for c in self.confusions],
        }


def evaluate_sets(
    gold: Sequence[Iterable[str]], predicted: Sequence[Iterable[str]], *, labels: Sequence[str]
) -> EvaluationReport:
    """Compare predicted label sets with gold label sets over ``labels``."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold items but {len(predicted)} predictions")
    wanted = set(labels)
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    confusions: Counter[tuple[str, str]] = Counter()
    for gold_items, predicted_items in zip(gold, predicted, strict=True):
        g = set(gold_items) & wanted
        p = set(predicted_items) & wanted
        for label in g & p:
            tp[label] += 1
        for label in p - g:
            fp[label] += 1
        for label in g - p:
            fn[label] += 1
        for missed in g - p:
            for extra in p - g:
                confusions[(missed, extra)] += 1
    per_label = []
    for label in labels:
        precision, recall, f1 = _prf(tp[label], fp[label], fn[label])
        per_label.append(LabelScore(label, precision, recall, f1, tp[label] + fn[label], tp[label] + fp[label]))
    micro_p, micro_r, micro_f = _prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    scored = [s for s in per_label if s.support > 0]
    macro = sum(s.f1 for s in scored) / len(scored) if scored else 0.0
    return EvaluationReport(
        per_label=tuple(per_label),
        micro_precision=micro_p,
        micro_recall=micro_r,
        micro_f1=micro_f,
        macro_f1=macro,
        n_items=len(gold),
        confusions=tuple((a, b, n) for (a, b), n in confusions.most_common(10)),
    )


def evaluate_domains(
    gold: Sequence[Iterable[str]], predicted: Sequence[Iterable[str]], *, labels: Iterable[str] | None = None
) -> EvaluationReport:
    """Compare the domains of topic-id sets: ``"security.maritime"`` counts as ``"security"``.

    The domains scored are those of ``labels`` (topic ids), or every domain that occurs.

    Example:
        >>> evaluate_domains([{"security.maritime"}], [{"security.alliances"}]).micro_f1
        1.0
    """
    gold_domains = [{topic.split(".")[0] for topic in items} for items in gold]
    predicted_domains = [{topic.split(".")[0] for topic in items} for items in predicted]
    if labels is None:
        domains = sorted(set().union(*gold_domains, *predicted_domains))
    else:
        domains = sorted({topic.split(".")[0] for topic in labels})
    return evaluate_sets(gold_domains, predicted_domains, labels=domains)
