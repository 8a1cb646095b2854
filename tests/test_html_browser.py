"""The HTML view renders in a real headless Chromium without console errors."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

import geotag

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def test_html_is_self_contained_and_escaped() -> None:
    text = "Japan <script>alert('x')</script> and India & NATO held talks."
    page = geotag.tag(text).to_html(text)
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page
    assert "http://" not in page  # nothing is fetched from elsewhere
    assert "https://" not in page


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium found: apt-get install chromium to run the browser check")
def test_html_view_renders_in_chromium_without_console_errors(article: str, tmp_path: Path) -> None:
    page = tmp_path / "view.html"
    page.write_text(geotag.tag(article).to_html(article, title="India and Japan"), encoding="utf-8")
    shot = tmp_path / "view.png"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                CHROMIUM,
                *FLAGS,
                f"--user-data-dir={profile}",
                "--window-size=1280,1000",
                f"--screenshot={shot}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        dom = subprocess.run(
            [
                CHROMIUM,
                *FLAGS,
                f"--user-data-dir={profile}",
                "--enable-logging=stderr",
                "--v=0",
                "--dump-dom",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    assert shot.stat().st_size > 10_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    html = dom.stdout.decode("utf-8")
    assert html.count("<mark") > 20
    assert "Indo-Pacific" in html
    console_errors = [
        line
        for line in dom.stderr.decode("utf-8", "replace").splitlines()
        if "CONSOLE" in line and "ERROR" in line.upper()
    ]
    assert console_errors == []
