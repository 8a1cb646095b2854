"""Baselines that geotag is measured against, in the same run.

- ``KeywordBaseline``: a leaf is tagged when any of its taxonomy terms occurs as a whole word or
  phrase (case-insensitive); a text is geopolitical when it gets any leaf. This is what a careful
  keyword tagger built from the same taxonomy does.
- ``uncalibrated_topics``: the same linear model without Platt calibration and per-topic
  thresholds (raw logistic probabilities at 0.5).
"""

from __future__ import annotations

import re

import numpy as np

from geotag import Tagger
from geotag._engine import TopicEngine, sigmoid
from geotag.taxonomy import Taxonomy


class KeywordBaseline:
    """Tag leaves by whole-word matches of their taxonomy terms."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.patterns = {
            leaf.id: re.compile(
                r"(?<!\w)(?:" + "|".join(re.escape(t) for t in sorted(leaf.terms, key=len, reverse=True)) + r")(?!\w)",
                re.IGNORECASE,
            )
            for leaf in taxonomy.leaves()
            if leaf.terms
        }

    def topics(self, text: str) -> set[str]:
        return {leaf for leaf, pattern in self.patterns.items() if pattern.search(text)}


def uncalibrated_topics(tagger: Tagger, texts: list[str]) -> list[tuple[set[str], bool]]:
    """Return (topics, is_geopolitical) per text from raw probabilities thresholded at 0.5."""
    engine = TopicEngine(tagger.model)
    labels = tagger.model.labels
    out = []
    for start in range(0, len(texts), 512):
        raw = sigmoid(engine.decision(texts[start : start + 512]))
        for row in raw:
            topics = {labels[j] for j in np.flatnonzero(row[:-1] >= 0.5)}
            out.append((topics, bool(row[-1] >= 0.5)))
    return out
