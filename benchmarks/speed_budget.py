"""Where the time of one ``tag()`` goes, against the 25%-of-floor throughput target.

The speed issue asks for end-to-end throughput on 3 KB articles of at least 25% of a plain regex
tokeniser (``re.findall(r"\\w+", text)``). That target leaves, per article, four times the floor's
time. This script times each stage of ``Tagger.tag`` on its own, in one process and one run, with
the stages interleaved pass by pass (best of N), and sets each against that budget, so the next
engineer can see which stages a faster implementation must shrink and by how much.

Stages (each timed alone over the same texts):

1. ``floor``: ``re.findall(r"\\w+", text)``;
2. ``bag_of_words_minimum``: lowercase, ``re.findall(r"\\w\\w+")``, vocabulary lookup of the
   unigrams (the least any bag-of-words model must do, with no bigrams, sentences or entities);
3. ``analyzer``: ``geotag._text.analyze`` on the whole text, the unigrams and in-sentence bigrams
   the model was trained on (document level only, as scikit-learn's vectoriser calls it);
4. ``sentence_split``: ``geotag._text.sentence_spans``;
5. ``scoring``: ``TopicEngine.score``: tokens of every sentence, TF-IDF of every sentence, the lead and
   the whole text, one weight gather, calibration (needs the sentence spans);
6. ``entities``: ``Gazetteer.find`` (countries, regions, organisations);
7. ``tag``: ``Tagger.tag`` end to end (adds salience, evidence spans and the result objects).

Usage:
    python benchmarks/speed_budget.py            # 2,000 articles, best of 5 passes
    python benchmarks/speed_budget.py --quick    # 200 articles, best of 2
Writes benchmarks/results/speed_budget.json and .md (or --out) and prints the table.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpora import articles  # noqa: E402
from results_io import machine, write_results  # noqa: E402
from tables import speed_budget_table  # noqa: E402

import geotag  # noqa: E402
from geotag._text import analyze, lowercase, sentence_spans  # noqa: E402

TARGET_SHARE = 0.25
WORD = re.compile(r"\w+")
LONG_WORD = re.compile(r"\w\w+")


def stages(tagger: geotag.Tagger, texts: Sequence[str]) -> dict[str, Callable[[], None]]:
    """One zero-argument callable per stage, each running that stage over every text."""
    vocabulary = {term: i for i, term in enumerate(tagger.model.vocabulary)}
    lookup = vocabulary.get
    engine, gazetteer = tagger._engine, tagger.gazetteer
    spans = [sentence_spans(t) for t in texts]
    lowers = [lowercase(t) for t in texts]

    def floor() -> None:
        for text in texts:
            WORD.findall(text)

    def bag_of_words_minimum() -> None:
        for text in texts:
            _ = [i for i in map(lookup, LONG_WORD.findall(text.lower())) if i is not None]

    def analyzer() -> None:
        for text in texts:
            analyze(text)

    def sentence_split() -> None:
        for text in texts:
            sentence_spans(text)

    def scoring() -> None:
        for text, text_spans, lower in zip(texts, spans, lowers, strict=True):
            engine.score(text, text_spans, lower)

    def entities() -> None:
        for text in texts:
            gazetteer.find(text)

    def tag() -> None:
        for text in texts:
            tagger.tag(text)

    return {
        "floor": floor,
        "bag_of_words_minimum": bag_of_words_minimum,
        "analyzer": analyzer,
        "sentence_split": sentence_split,
        "scoring": scoring,
        "entities": entities,
        "tag": tag,
    }


def best_seconds(runs: dict[str, Callable[[], None]], passes: int) -> dict[str, float]:
    """Best wall time of each stage over ``passes`` rounds; stages alternate within a round."""
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(passes):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def report(seconds: dict[str, float], n_docs: int, mean_bytes: float, passes: int) -> dict[str, Any]:
    """Per stage: microseconds per article, its share of the 25% budget, throughput as a share of the floor."""
    per_doc = {name: s / n_docs * 1e6 for name, s in seconds.items()}
    budget = per_doc["floor"] / TARGET_SHARE
    rows = [
        {
            "stage": name,
            "us_per_doc": round(us, 1),
            "share_of_budget": round(us / budget, 3),
            "throughput_vs_floor": round(per_doc["floor"] / us, 4),
        }
        for name, us in per_doc.items()
    ]
    required = ("sentence_split", "scoring", "entities")
    return {
        "command": "python benchmarks/speed_budget.py",
        "machine": machine(),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "articles": n_docs,
        "mean_bytes": round(mean_bytes),
        "passes": passes,
        "budget_us_per_doc": round(budget, 1),
        "stages": rows,
        "required_stages": list(required),
        "required_us_per_doc": round(sum(per_doc[s] for s in required), 1),
    }


def markdown(data: dict[str, Any]) -> str:
    lines = [
        "# Speed budget: where one tag() spends its time",
        "",
        f"Command: `{data['command']}`  ",
        f"Machine: {data['machine']}; load average (1 min) at the end {data['load_average_1min']}  ",
        f"{data['articles']:,} generated articles (mean {data['mean_bytes']:,} bytes), best of "
        f"{data['passes']} interleaved passes per stage, one process.",
        "",
        f"The target (throughput >= {TARGET_SHARE:.0%} of the floor) allows "
        f"**{data['budget_us_per_doc']:.0f} µs per article** here (4x the floor's time).",
        "",
        *speed_budget_table(data),
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="200 articles, 2 passes (a smoke run)")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "speed_budget"))
    args = parser.parse_args(argv)
    n_docs, passes = (200, 2) if args.quick else (2_000, 5)
    texts = list(articles(n_docs))
    tagger = geotag.Tagger.load()
    tagger.tag(texts[0])  # warm caches outside the timing
    seconds = best_seconds(stages(tagger, texts), passes)
    mean_bytes = sum(len(t.encode("utf-8")) for t in texts) / len(texts)
    data = report(seconds, len(texts), mean_bytes, passes)
    write_results(Path(args.out), data, markdown(data))


if __name__ == "__main__":
    main()
