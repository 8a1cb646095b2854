"""Run the code examples of the documentation pages, so they cannot rot.

Per page, in order and sharing one namespace (like a notebook): ```` ```python ```` blocks are
executed, and when a ```` ```text ```` block follows one directly, it must equal what the code printed;
```` ```pycon ```` blocks are checked as doctests (with ``ELLIPSIS`` and ``NORMALIZE_WHITESPACE``). Each page runs in a fresh temporary working directory. A page whose
example imports an optional package that is not installed (dask, pandas) is reported as skipped.

Usage:
    python docs/check_examples.py [PAGE.md ...]     # default: every page in docs/

Exits with status 1 when an example fails.
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


def check_page(path: Path) -> tuple[int, int, str | None]:
    """Run one page's examples; return (blocks run, failures, reason skipped or None)."""
    text = path.read_text(encoding="utf-8")
    blocks = []  # (language, code, first line, expected output or None)
    for match in FENCE.finditer(text):
        lang, body = match.group("lang"), match.group("body")
        if lang == "text":
            # Expected output of the python block right before it (nothing but blank lines between).
            if blocks and blocks[-1][0] == "python" and blocks[-1][3] is None and not text[blocks[-1][4] : match.start()].strip():
                blocks[-1] = (*blocks[-1][:3], body, blocks[-1][4])
            continue
        blocks.append((lang, body, text.count("\n", 0, match.start()) + 2, None, match.end()))
    if not blocks:
        return 0, 0, None
    namespace: dict[str, object] = {"__name__": "__main__"}
    parser, failures, run = doctest.DocTestParser(), 0, 0
    old_cwd = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="geotag-docs-") as tmp:
        os.chdir(tmp)
        try:
            for lang, body, line, expected, _ in blocks:
                run += 1
                if lang == "python":
                    printed = io.StringIO()
                    try:
                        with contextlib.redirect_stdout(printed):
                            exec(compile(body, f"{path.name}:{line}", "exec"), namespace)
                    except ModuleNotFoundError as exc:
                        if exc.name and exc.name.split(".")[0] in OPTIONAL:
                            return run, failures, f"needs {exc.name}"
                        raise
                    if expected is not None and printed.getvalue().split() != expected.split():
                        print(f"{path.name}:{line}: printed\n{printed.getvalue()}expected\n{expected}")
                        failures += 1
                    continue
                test = parser.get_doctest(body, namespace, path.name, str(path), line - 1)
                runner = doctest.DocTestRunner(optionflags=FLAGS)
                runner.run(test, clear_globs=False)
                namespace.update(test.globs)  # DocTest works on a copy; later blocks see its names
                failures += runner.failures
        except Exception:
            traceback.print_exc()
            failures += 1
        finally:
            os.chdir(old_cwd)
    return run, failures, None


def main(argv: list[str]) -> int:
    pages = [Path(a) for a in argv] or sorted(DOCS.glob("*.md"))
    failed = 0
    for page in pages:
        run, failures, skipped = check_page(page.resolve())
        status = f"skipped ({skipped})" if skipped else ("FAILED" if failures else "ok")
        print(f"{page.name}: {run} blocks, {status}")
        failed += failures
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
