"""Take the evidence-highlighting screenshot shown on the concepts page.

Tags ``examples/data/india_japan_security.txt`` with the bundled model, renders the result with
``TagResult.to_html`` and photographs the page with headless Chromium into
``docs/_static/evidence.png``.

Usage:
    python docs/make_evidence_screenshot.py [--out docs/_static/evidence.png]

Needs a ``chromium`` (or ``chromium-browser``/``google-chrome``) on PATH, e.g.
``apt-get install chromium``; exits with status 1 and a message when there is none.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import geotag

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
EXAMPLE = ROOT / "examples" / "data" / "india_japan_security.txt"
BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def find_browser() -> str | None:
    """Return the path of the first headless-capable Chromium on PATH, or ``None``."""
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Screenshot geotag's evidence view for the docs.")
    parser.add_argument("--text", default=str(EXAMPLE), help="the UTF-8 text file to tag")
    parser.add_argument("--out", default=str(DOCS / "_static" / "evidence.png"))
    parser.add_argument("--size", default="1280,1100", help="window size WIDTH,HEIGHT in pixels")
    args = parser.parse_args(argv)

    browser = find_browser()
    if browser is None:
        print(
            "make_evidence_screenshot: no Chromium found (looked for "
            f"{', '.join(BROWSERS)}); install one, e.g. `apt-get install chromium`",
            file=sys.stderr,
        )
        return 1
    text = Path(args.text).read_text(encoding="utf-8")
    page = geotag.tag(text).to_html(text, title="geotag: evidence for each topic")
    out = Path(args.out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="geotag-shot-") as tmp:
        html_file = Path(tmp) / "evidence.html"
        html_file.write_text(page, encoding="utf-8")
        profile = Path(tmp) / "profile"
        profile.mkdir()
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            f"--window-size={args.size}",
            f"--screenshot={out}",
            html_file.as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        except subprocess.TimeoutExpired:
            print("make_evidence_screenshot: Chromium did not finish within 120 s", file=sys.stderr)
            return 1
    if done.returncode != 0 or not out.is_file():
        print(
            f"make_evidence_screenshot: Chromium failed (exit {done.returncode}):\n{done.stderr.strip()}",
            file=sys.stderr,
        )
        return 1
    print(f"make_evidence_screenshot: wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
