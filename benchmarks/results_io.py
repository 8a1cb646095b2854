"""Write a benchmark's results: the JSON report and its Markdown table side by side, and print the table.

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> out = Path(tempfile.mkdtemp()) / "demo"
    >>> write_results(out, {"answer": 42}, "# Demo")
    # Demo
    >>> sorted(p.name for p in out.parent.iterdir())
    ['demo.json', 'demo.md']
"""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path
from typing import Any


def write_results(out: Path, report: dict[str, Any], markdown: str) -> None:
    """Write ``out`` with suffix ``.json`` (the report) and ``.md`` (the table); print the table."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    out.with_suffix(".md").write_text(markdown, encoding="utf-8")
    print(markdown)


def machine() -> str:
    """The machine line of a report: architecture, Python and core count."""
    return (
        f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores"
    )
