"""Run the code examples of the documentation pages, so they cannot rot.

Per page, in order and sharing one namespace (like a notebook): ```` ```python ```` blocks are
executed, and when a ```` ```text ```` block follows one directly, it must equal what the code printed;
```` ```pycon ```` blocks are checked as doctests (with ``ELLIPSIS`` and ``NORMALIZE_WHITESPACE``).
Each page runs in a fresh temporary working directory. A page whose example imports an optional
package that is not installed (dask, pandas) is reported as skipped.

Usage:
    python docs/check_examples.py [PAGE.md ...]            # default: every page in docs/
    python docs/check_examples.py --update [PAGE.md ...]   # rewrite outputs that changed

After a model change, ``--update`` rewrites the shown outputs in place; review the diff (the prose
around an example may need to change too). Exits with status 1 when an example fails.
"""

from __future__ import annotations

import contextlib
import doctest
import io
import os
import re
import sys
import tempfile
import traceback
from pathlib import Path

DOCS = Path(__file__).resolve().parent
FENCE = re.compile(r"^(?P<fence>`{3,})(?P<lang>python|pycon|text)[ \t]*\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.M | re.S)
OPTIONAL = ("dask", "distributed", "pandas", "pyarrow")
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


class Block:
    """A fenced code block of a page, and for python, the ```text block showing its output."""

    def __init__(self, lang: str, body: str, line: int, span: tuple[int, int]) -> None:
        self.lang, self.body, self.line, self.span = lang, body, line, span
        self.output: Block | None = None


class _Recorder(doctest.DocTestRunner):
    """A doctest runner that also records what each failing example printed."""

    def __init__(self) -> None:
        super().__init__(optionflags=FLAGS)
        self.got: dict[int, str] = {}

    def report_failure(self, out, test, example, got):  # type: ignore[no-untyped-def]
        self.got[id(example)] = got
        super().report_failure(out, test, example, got)


def _blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    for match in FENCE.finditer(text):
        block = Block(
            match.group("lang"),
            match.group("body"),
            text.count("\n", 0, match.start()) + 2,
            (match.start("body"), match.end("body")),
        )
        if block.lang != "text":
            blocks.append(block)
            continue
        # Expected output of the python block right before it (nothing but blank lines between).
        before = blocks[-1] if blocks else None
        if before and before.lang == "python" and before.output is None:
            end_of_before = text.index("\n", before.span[1]) + 1
            if not text[end_of_before : match.start()].strip():
                before.output = block
    return blocks


def _rebuild(examples: list[doctest.Example], got: dict[int, str]) -> str:
    lines = []
    for example in examples:
        pad = " " * example.indent
        source = example.source.rstrip("\n").split("\n")
        lines.append(f"{pad}>>> {source[0]}")
        lines += [f"{pad}... {rest}" for rest in source[1:]]
        want = got.get(id(example), example.want)
        lines += [f"{pad}{w}" if w else "" for w in want.rstrip("\n").split("\n")] if want else []
    return "\n".join(lines) + "\n"


def check_page(path: Path, update: bool = False) -> tuple[int, int, str | None]:
    """Run one page's examples; return (blocks run, failures, reason skipped or None)."""
    text = path.read_text(encoding="utf-8")
    blocks = _blocks(text)
    if not blocks:
        return 0, 0, None
    namespace: dict[str, object] = {"__name__": "__main__"}
    parser, failures, run = doctest.DocTestParser(), 0, 0
    edits: list[tuple[tuple[int, int], str]] = []
    old_cwd = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="geotag-docs-") as tmp:
        os.chdir(tmp)
        try:
            for block in blocks:
                run += 1
                if block.lang == "python":
                    printed = io.StringIO()
                    try:
                        with contextlib.redirect_stdout(printed):
                            exec(compile(block.body, f"{path.name}:{block.line}", "exec"), namespace)
                    except ModuleNotFoundError as exc:
                        if exc.name and exc.name.split(".")[0] in OPTIONAL:
                            return run, failures, f"needs {exc.name}"
                        raise
                    expected = block.output
                    if expected is not None and printed.getvalue().split() != expected.body.split():
                        print(f"{path.name}:{expected.line}: printed\n{printed.getvalue()}expected\n{expected.body}")
                        failures += 1
                        edits.append((expected.span, printed.getvalue()))
                    continue
                test = parser.get_doctest(block.body, namespace, path.name, str(path), block.line - 1)
                runner = _Recorder()
                runner.run(test, clear_globs=False)
                namespace.update(test.globs)  # DocTest works on a copy; later blocks see its names
                failures += runner.failures
                if runner.got:
                    edits.append((block.span, _rebuild(test.examples, runner.got)))
        except Exception:
            traceback.print_exc()
            failures += 1
        finally:
            os.chdir(old_cwd)
    if update and edits:
        for (start, end), body in sorted(edits, reverse=True):
            text = text[:start] + body + text[end:]
        path.write_text(text, encoding="utf-8")
        print(f"{path.name}: rewrote {len(edits)} outputs")
    return run, failures, None


def main(argv: list[str]) -> int:
    update = "--update" in argv
    pages = [Path(a) for a in argv if a != "--update"] or sorted(DOCS.glob("*.md"))
    failed = 0
    for page in pages:
        run, failures, skipped = check_page(page.resolve(), update)
        status = f"skipped ({skipped})" if skipped else ("FAILED" if failures else "ok")
        print(f"{page.name}: {run} blocks, {status}")
        failed += failures
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
