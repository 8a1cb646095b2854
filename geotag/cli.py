"""The ``geotag`` command line: tag text, files and JSON Lines streams; show topics; train.

Exit codes: 0 success, 1 bad input (one line on stderr), 2 usage error, 130 interrupted.

Example:
    >>> from geotag.cli import main
    >>> main(["topics", "--json"]) == 0  # doctest: +ELLIPSIS
    {...
    True
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import deque
from collections.abc import Iterator, Sequence
from typing import IO, Any

from geotag._errors import GeotagError
from geotag._results import TagResult

__all__ = ["main"]


class _InputError(Exception):
    """A user-facing input problem: reported in one line, exit code 1."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="geotag", description="Explainable geopolitical tagging of news and policy text."
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command")

    tag = sub.add_parser("tag", help="tag a text, a file or a JSON Lines stream")
    source = tag.add_mutually_exclusive_group()
    source.add_argument("text", nargs="?", help="the text to tag")
    source.add_argument("--file", "-f", help="a UTF-8 text file to tag as one document")
    source.add_argument("--jsonl", help="JSON Lines input with a 'text' field per line ('-' for stdin)")
    tag.add_argument("--out", "-o", help="write JSON Lines output here instead of stdout")
    tag.add_argument("--json", action="store_true", help="print JSON instead of a readable summary")
    tag.add_argument("--html", help="also write a self-contained HTML view of the result to this file")
    tag.add_argument("--jobs", "-j", type=int, default=1, help="worker processes for --jsonl (-1: all)")
    tag.add_argument("--batch-size", type=int, default=256, help="texts per worker batch")
    tag.add_argument("--model", help="a model directory (default: the bundled model)")
    tag.add_argument("--quiet", "-q", action="store_true", help="no progress bar or summary on stderr")
    tag.add_argument(
        "--errors",
        choices=("strict", "replace"),
        default="strict",
        help="invalid UTF-8: stop with an error (strict) or replace the bytes",
    )
    tag.add_argument(
        "--skip-invalid",
        action="store_true",
        help="skip malformed JSON Lines rows (counted on stderr) instead of stopping",
    )

    topics = sub.add_parser("topics", help="print the taxonomy as a tree")
    topics.add_argument("--json", action="store_true", help="print the taxonomy file form as JSON")
    topics.add_argument("--taxonomy", help="a taxonomy JSON file (default: the bundled one)")

    info = sub.add_parser("info", help="versions, model version and model hash")
    info.add_argument("--model", help="a model directory (default: the bundled model)")
    info.add_argument("--json", action="store_true")

    train = sub.add_parser("train", help="train a model on labelled JSON Lines")
    train.add_argument("--data", required=True, help='rows of {"text": ..., "topics": [...]}')
    train.add_argument("--out", required=True, help="directory to write the model to")
    train.add_argument("--taxonomy", help="a taxonomy JSON file (default: the bundled one)")
    train.add_argument("--C", type=float, default=4.0, help="inverse regularisation strength")
    train.add_argument("--cv", type=int, default=5, help="folds for calibration and thresholds")
    train.add_argument("--model-version", default="custom-1")

    evaluate = sub.add_parser("evaluate", help="score a model on labelled JSON Lines")
    evaluate.add_argument("--data", required=True, help='rows of {"text": ..., "topics": [...]}')
    evaluate.add_argument("--model", help="a model directory (default: the bundled model)")
    evaluate.add_argument("--taxonomy", help="the taxonomy of the model's labels")
    evaluate.add_argument("--json", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(argv)
    try:
        if args.version:
            from geotag._version import __version__

            print(__version__)
            return 0
        if args.command == "tag":
            return _cmd_tag(args)
        if args.command == "topics":
            return _cmd_topics(args)
        if args.command == "info":
            return _cmd_info(args)
        if args.command == "train":
            return _cmd_train(args)
        if args.command == "evaluate":
            return _cmd_evaluate(args)
        _parser().print_help(sys.stderr)
        return 2
    except (_InputError, GeotagError) as exc:
        print(f"geotag: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("geotag: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `geotag tag ... | head`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _tagger(model: str | None, taxonomy: str | None = None) -> Any:
    from geotag import Tagger, default_tagger
    from geotag.taxonomy import load_taxonomy

    if model is None and taxonomy is None:
        return default_tagger()
    return Tagger.load(model, taxonomy=load_taxonomy(taxonomy) if taxonomy else None)


def _read_text_file(path: str, errors: str) -> str:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise _InputError(f"cannot read {path!r}: {exc.strerror}") from None
    try:
        return data.decode("utf-8", errors=errors)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _InputError(
            f"{path}:{line}: invalid UTF-8 at byte {exc.start}; fix the file or pass --errors replace"
        ) from None


def _cmd_tag(args: argparse.Namespace) -> int:
    if args.jsonl is not None:
        return _tag_jsonl(args)
    if args.file is not None:
        text = _read_text_file(args.file, args.errors)
    elif args.text is not None:
        text = args.text
    else:
        raise _InputError("give a TEXT, --file F or --jsonl F (see geotag tag --help)")
    result = _tagger(args.model).tag(text)
    if args.html:
        with open(args.html, "w", encoding="utf-8") as handle:
            handle.write(result.to_html(text))
    out: IO[str] = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout
    try:
        if args.json or args.out or not sys.stdout.isatty():
            out.write(_json_line(result.to_dict()))
        else:
            out.write(format_result(result) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


def _json_line(record: dict[str, Any]) -> str:
    """One JSON line; lone surrogates (from "\\ud800" escapes in the input) are kept as escapes."""
    line = json.dumps(record, ensure_ascii=False) + "\n"
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(record, ensure_ascii=True) + "\n"
    return line


def format_result(result: TagResult) -> str:
    """Return a readable multi-line summary of a result."""
    lines = [f"relevance {result.relevance:.2f} ({'geopolitical' if result.is_geopolitical else 'not geopolitical'})"]
    lines += [f"warning: {w}" for w in result.warnings]
    lines.append("topics:" if result.topics else "topics: none")
    for topic in result.topics:
        terms = ", ".join(e.term for e in topic.evidence[:4])
        lines.append(f"  {topic.score:.2f}  {topic.salience:<9} {topic.id}  [{terms}]")
    if result.countries:
        lines.append("countries: " + ", ".join(f"{c.code} ({c.role}, {len(c.mentions)}x)" for c in result.countries))
    if result.regions:
        lines.append("regions: " + ", ".join(r.name for r in result.regions))
    if result.organizations:
        lines.append(
            "organisations: "
            + ", ".join(
                o.name + (f" [{', '.join(o.members)}]" if o.members and len(o.members) <= 12 else "")
                for o in result.organizations
            )
        )
    return "\n".join(lines)


class _Progress:
    """A one-line progress meter on stderr, shown only on a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.count = 0
        self.started = time.perf_counter()
        self._last = 0.0

    def step(self) -> None:
        self.count += 1
        if self.enabled:
            now = time.perf_counter()
            if now - self._last > 0.25:
                self._last = now
                rate = self.count / max(now - self.started, 1e-9)
                sys.stderr.write(f"\rgeotag: {self.count:,} docs, {rate:,.0f} docs/s")
                sys.stderr.flush()

    def rate(self) -> float:
        return self.count / max(time.perf_counter() - self.started, 1e-9)

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\033[K")


def _tag_jsonl(args: argparse.Namespace) -> int:
    tagger = _tagger(args.model)
    if args.jsonl == "-":
        stream: IO[bytes] = sys.stdin.buffer
    else:
        try:
            stream = open(args.jsonl, "rb")
        except OSError as exc:
            raise _InputError(f"cannot read {args.jsonl!r}: {exc.strerror}") from None
    name = "<stdin>" if args.jsonl == "-" else args.jsonl
    skipped = 0
    ids: deque[Any] = deque()

    def rows() -> Iterator[str]:
        nonlocal skipped
        for number, raw in enumerate(stream, 1):
            try:
                line = raw.decode("utf-8", errors=args.errors)
            except UnicodeDecodeError as exc:
                problem = f"{name}:{number}: invalid UTF-8 at column {exc.start + 1}; pass --errors replace to repair"
                if args.skip_invalid:
                    skipped += 1
                    continue
                raise _InputError(problem) from None
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                if not isinstance(row, dict):
                    raise ValueError("expected a JSON object")
                text = row.get("text")
                if not isinstance(text, str):
                    raise ValueError("the 'text' field must be a string")
            except (ValueError, RecursionError) as exc:
                # RecursionError: absurdly nested JSON; treat it as the malformed row it is.
                if isinstance(exc, RecursionError):
                    exc = ValueError("JSON nested too deeply")
                if args.skip_invalid:
                    skipped += 1
                    continue
                raise _InputError(f"{name}:{number}: {exc}; pass --skip-invalid to skip such rows") from None
            ids.append(row.get("id"))
            yield text

    out: IO[str] = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout
    progress = _Progress(not args.quiet)
    try:
        for result in tagger.tag_many(rows(), batch_size=args.batch_size, n_jobs=args.jobs):
            record = result.to_dict()
            identifier = ids.popleft() if ids else None
            if identifier is not None:
                record = {"id": identifier, **record}
            out.write(_json_line(record))
            progress.step()
    finally:
        progress.close()
        if out is not sys.stdout:
            out.close()
        if stream is not sys.stdin.buffer:
            stream.close()
    if not args.quiet:
        note = f", skipped {skipped} invalid rows" if skipped else ""
        print(f"geotag: tagged {progress.count:,} docs at {progress.rate():,.0f} docs/s{note}", file=sys.stderr)
    elif skipped:
        print(f"geotag: skipped {skipped} invalid rows", file=sys.stderr)
    return 0


def _cmd_topics(args: argparse.Namespace) -> int:
    from geotag.taxonomy import get_taxonomy, load_taxonomy

    taxonomy = load_taxonomy(args.taxonomy) if args.taxonomy else get_taxonomy()
    if args.json:
        print(json.dumps(taxonomy.to_dict(), indent=1, ensure_ascii=False))
    else:
        print(taxonomy.tree())
    return 0


def _cmd_info(args: argparse.Namespace) -> int:
    info = _tagger(args.model).info()
    if args.json or not sys.stdout.isatty():
        print(json.dumps(info, indent=1))
    else:
        for key, value in info.items():
            print(f"{key:18s} {value}")
    return 0


def _cmd_train(args: argparse.Namespace) -> int:
    from geotag.taxonomy import load_taxonomy
    from geotag.train import TopicClassifier, read_labelled_jsonl

    taxonomy = load_taxonomy(args.taxonomy) if args.taxonomy else None
    examples = read_labelled_jsonl(args.data)
    model = TopicClassifier(taxonomy=taxonomy, C=args.C, cv=args.cv).fit(
        [e.text for e in examples],
        [e.topics for e in examples],
        primary=[e.primary for e in examples],
        geopolitical=[e.geopolitical for e in examples],
    )
    pin = model.save(args.out, model_version=args.model_version)
    print(f"trained on {len(examples)} texts, {len(model.classes_)} topics; wrote {args.out} (sha256 {pin})")
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from geotag._metrics import evaluate_sets
    from geotag.train import read_labelled_jsonl

    tagger = _tagger(args.model, args.taxonomy)
    examples = read_labelled_jsonl(args.data)
    predicted = [{t.id for t in r.topics} for r in tagger.tag_many(e.text for e in examples)]
    report = evaluate_sets([set(e.topics) for e in examples], predicted, labels=list(tagger.model.labels))
    if args.json:
        print(json.dumps(report.to_dict(), indent=1))
        return 0
    print(
        f"{report.n_items} texts  micro P {report.micro_precision:.3f}  R {report.micro_recall:.3f}  "
        f"F1 {report.micro_f1:.3f}  macro F1 {report.macro_f1:.3f}"
    )
    print(f"{'topic':40s} {'P':>6s} {'R':>6s} {'F1':>6s} {'support':>8s}")
    for score in report.per_label:
        if score.support or score.predicted:
            print(f"{score.label:40s} {score.precision:6.3f} {score.recall:6.3f} {score.f1:6.3f} {score.support:8d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
