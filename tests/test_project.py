"""The README's two set-up commands are the ones CI runs; the changelog and licence exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```bash\n(python3 -m venv \.venv .*?)\n```", readme)


def test_readme_has_the_two_setup_commands() -> None:
    commands = _readme_commands()
    assert len(commands) == 2
    assert "geotag tag --file examples/data/india_japan_security.txt" in commands[0]
    assert "python -m pytest" in commands[1]


def test_ci_runs_exactly_the_readme_commands() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    flat = " ".join(ci.replace("\\\n", " ").split())
    for command in _readme_commands():
        steps = command.split(" && ")[2:]  # after creating and activating the environment
        for step in steps:
            wanted = step.replace("pip install", "pip install -q")
            assert wanted in flat, wanted


def test_user_facing_files_exist() -> None:
    for name in ("CHANGELOG.md", "LICENSE", "docs/annotation-guide.md", "docs/model-card.md"):
        assert (ROOT / name).is_file(), name
