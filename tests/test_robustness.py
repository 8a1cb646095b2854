"""Hostile text, huge text, threads and determinism."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import geotag
from geotag import Tagger

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "text",
    [
        "NUL\x00in the\x00middle of Japan\x01\x02\x1f",
        "lone surrogate \ud800 next to India and \udfff",
        "right-to-left \u200f\u202eIsrael\u202c and Iran",
        "emoji 🇯🇵🇮🇳 Japan 🤝 India 🚢",
        "<p>NATO <b>allies</b> met in <a href='x'>Brussels</a></p><script>alert(1)</script>",
        "x" * 100_000,
        "Россия и Китай провели учения; Japan and India watched.",
        "\u00a0\u2003Japan\u2028India\u2029",
    ],
)
def test_odd_text_never_crashes_and_offsets_point_into_the_original(text: str) -> None:
    result = geotag.tag(text)
    for tag in (*result.countries, *result.regions, *result.organizations):
        for span in tag.mentions:
            assert text[span.start : span.end] == span.text


def _seconds(text: str) -> float:
    started = time.perf_counter()
    geotag.tag(text)
    return time.perf_counter() - started


@pytest.mark.parametrize(
    "unit",
    ["a", "Russia ", "U.S. ", "Georgia Georgia ", "The Quad and NATO met. ", "(((("],
)
def test_adversarial_repetitions_scale_linearly(unit: str) -> None:
    geotag.tag("warm up")
    small = unit * (100_000 // len(unit))
    large = unit * (1_000_000 // len(unit))
    t_small = max(_seconds(small), 1e-3)
    t_large = _seconds(large)
    # Ten times the text may take at most ~25 times as long (linear plus noise), never quadratic.
    assert t_large < 25 * t_small + 0.5, (t_small, t_large)


def test_a_ten_megabyte_text_is_tagged() -> None:
    text = ("India and Japan held naval drills in the Indo-Pacific as China watched. " * 140_000)[:10_000_000]
    started = time.perf_counter()
    result = geotag.tag(text)
    assert time.perf_counter() - started < 120
    assert {"IN", "JP"} <= {c.code for c in result.countries}


def test_eight_threads_with_lazy_loading_match_a_sequential_run(smoke_rows: list[dict[str, object]]) -> None:
    texts = [str(r["text"]) for r in smoke_rows] * 25  # 1,000 texts
    tagger = Tagger.load()  # the gazetteer loads lazily inside the threads
    results: list[list[object]] = [[] for _ in range(8)]

    def work(slot: int) -> None:
        results[slot] = [tagger.tag(t) for t in texts]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sequential = [Tagger.load().tag(t) for t in texts]
    for slot in results:
        assert slot == sequential


def test_two_processes_give_byte_identical_json(article: str, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": 1, "text": article}) + "\n" + json.dumps({"text": "Sudan talks."}) + "\n")
    outputs = []
    for run in ("a", "b"):
        out = tmp_path / f"{run}.jsonl"
        subprocess.run(
            [sys.executable, "-m", "geotag", "tag", "--jsonl", str(source), "--out", str(out), "--quiet"],
            check=True,
            timeout=120,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("unit", [".", "Mr. ", " .", "a.\n", ". ", "!?", "\n \n"])
def test_sentence_splitting_is_linear_on_runs_of_punctuation(unit: str) -> None:
    from geotag._text import sentence_spans

    small = unit * (20_000 // len(unit))
    large = unit * (200_000 // len(unit))
    started = time.perf_counter()
    sentence_spans(small)
    t_small = max(time.perf_counter() - started, 1e-3)
    started = time.perf_counter()
    sentence_spans(large)
    assert time.perf_counter() - started < 25 * t_small + 0.5
