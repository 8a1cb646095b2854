"""Lean inference: numpy alone, the same numbers as the scikit-learn model it was exported from."""

from __future__ import annotations

import subprocess
import sys
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from geotag import Tagger
from geotag._engine import TopicEngine


def _texts(smoke_rows: list[dict[str, Any]], article: str) -> list[str]:
    """A few hundred varied texts: smoke rows, their sentences, pairs, and article paragraphs."""
    base = [str(r["text"]) for r in smoke_rows]
    paragraphs = [p for p in article.split("\n") if p.strip()]
    words = article.split()
    windows = [" ".join(words[i : i + 25]) for i in range(0, len(words), 7)]
    pairs = [a + " " + b for a, b in pairwise(base)]
    lowered = [t.lower() for t in base]
    shouted = [t.upper() for t in base]
    return base + paragraphs + windows + pairs + lowered + shouted + ["", "x", "U.S. U.K. ...", article]


def test_probabilities_match_scikit_learn_within_1e9(
    tiny_training: Any, smoke_rows: list[dict[str, Any]], article: str, tmp_path: Path
) -> None:
    from geotag.train import TopicClassifier

    texts, labels = tiny_training
    clf = TopicClassifier(cv=2, min_df=1).fit(texts, labels)
    clf.save(tmp_path / "m")
    engine = TopicEngine(Tagger.load(tmp_path / "m").model)
    sample = _texts(smoke_rows, article)
    assert len(sample) >= 200
    expected = clf.predict_proba_all(sample)
    actual = engine.calibrate(engine.decision(sample))
    np.testing.assert_allclose(actual, expected, rtol=0, atol=1e-9)


def test_document_scores_match_the_batch_path(tiny_model_dir: Path, article: str) -> None:
    from geotag._text import sentence_spans

    engine = TopicEngine(Tagger.load(tiny_model_dir).model)
    scores = engine.score(article, sentence_spans(article))
    np.testing.assert_allclose(scores.doc, engine.calibrate(engine.decision([article]))[0], atol=1e-12)


def test_import_and_first_tag_do_not_import_scikit_learn() -> None:
    code = (
        "import sys, geotag\n"
        "geotag.tag('NATO allies met in Brussels as Russia massed troops near Ukraine.')\n"
        "list(geotag.tag_many(['Japan and India held talks.']))\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'scipy'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
