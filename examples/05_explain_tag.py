"""Explain a tag: the evidence behind the top topic, and an HTML view of the whole result.

Shows how each :class:`geotag.TopicTag` carries its evidence: the model features that raised its
score, each with a weight and the character spans where it occurs (``text[start:end]``). Then
``TagResult.to_html`` writes a self-contained page with evidence and mentions highlighted.

Run from the repository root (the HTML goes to a temporary directory unless --html is given)::

    python examples/05_explain_tag.py
    python examples/05_explain_tag.py --html explained.html
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import geotag

PARAGRAPH = (
    "Iran's foreign minister arrived in Muscat on Sunday for indirect talks with American envoys "
    "about the country's nuclear programme. Inspectors from the International Atomic Energy "
    "Agency reported last month that Iran had enlarged its stock of enriched uranium. Oman has "
    "carried messages between the two sides before, and diplomats said a return to the old "
    "nuclear deal was unlikely, but both governments wanted to lower tensions in the Gulf."
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, help="where to write the HTML (default: a temp dir)")
    args = parser.parse_args()

    result = geotag.tag(PARAGRAPH)
    print(PARAGRAPH, "\n")
    if not result.topics:
        print("No topic passed its threshold: nothing to explain.")
    else:
        top = result.topics[0]
        print(f"Top topic: {top.id} ({top.label}), score {top.score:.2f}, {top.salience}")
        for term in top.evidence:
            found = "; ".join(f"{s.start}-{s.end} {PARAGRAPH[s.start : s.end]!r}" for s in term.spans)
            print(f"  {term.term!r:22s} weight {term.weight:+.3f}  at {found or '-'}")

    html_path = args.html or Path(tempfile.mkdtemp(prefix="geotag-example-")) / "explained.html"
    html_path.write_text(result.to_html(PARAGRAPH, title="geotag: explained"), encoding="utf-8")
    print(f"\nHTML view written to {html_path}")


if __name__ == "__main__":
    main()
