"""The command line, run as a subprocess: outputs, exit codes and messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "data" / "india_japan_security.txt"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "geotag", *args], input=stdin, capture_output=True, timeout=120)


def test_tag_text_prints_json_when_not_a_terminal() -> None:
    out = run("tag", "Russian missiles struck Ukraine overnight.")
    assert out.returncode == 0
    data = json.loads(out.stdout)
    assert "UA" in [c["code"] for c in data["countries"]]


def test_tag_file_json_and_html(tmp_path: Path) -> None:
    page = tmp_path / "view.html"
    out = run("tag", "--file", str(ARTICLE), "--json", "--html", str(page))
    assert out.returncode == 0
    assert {"IN", "JP"} <= {c["code"] for c in json.loads(out.stdout)["countries"]}
    assert "<mark" in page.read_text(encoding="utf-8")


def test_jsonl_one_line_per_input_in_order_with_ids(tmp_path: Path) -> None:
    rows = [{"id": f"r{i}", "text": t} for i, t in enumerate(["Protests in Nairobi.", "", "Japan and India met."])]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    out = run("tag", "--jsonl", str(src), "--out", str(tmp_path / "out.jsonl"), "--quiet")
    assert out.returncode == 0
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["r0", "r1", "r2"]


def test_jsonl_from_stdin() -> None:
    out = run("tag", "--jsonl", "-", "--quiet", stdin=b'{"text": "Sudan talks resumed."}\n')
    assert out.returncode == 0
    assert len(out.stdout.decode().splitlines()) == 1


def test_malformed_row_names_the_line_and_exits_1(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "ok"}\nnot json\n', encoding="utf-8")
    out = run("tag", "--jsonl", str(src))
    assert out.returncode == 1
    assert b"in.jsonl:2:" in out.stderr
    assert b"Traceback" not in out.stderr


def test_skip_invalid_skips_and_counts(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(b'{"text": "ok"}\nnot json\n{"text": 5}\n\xff\xfe\n{"text": "fine"}\n')
    out = run("tag", "--jsonl", str(src), "--skip-invalid")
    assert out.returncode == 0
    assert len(out.stdout.decode().splitlines()) == 2
    assert b"skipped 3 invalid rows" in out.stderr


def test_invalid_utf8_gets_line_number_or_replacement(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(b'{"text": "ok"}\n{"text": "bad \xff byte"}\n')
    strict = run("tag", "--jsonl", str(src))
    assert strict.returncode == 1
    assert b":2: invalid UTF-8" in strict.stderr
    replaced = run("tag", "--jsonl", str(src), "--errors", "replace", "--quiet")
    assert replaced.returncode == 0
    assert len(replaced.stdout.decode().splitlines()) == 2


def test_missing_file_is_exit_1_with_one_line(tmp_path: Path) -> None:
    out = run("tag", "--file", str(tmp_path / "absent.txt"))
    assert out.returncode == 1
    assert len(out.stderr.decode().strip().splitlines()) == 1


@pytest.mark.parametrize("args", [("tag", "--jobs"), ("no-such-command",), ("tag", "--errors", "ignore", "x")])
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    assert run(*args).returncode == 2


def test_topics_prints_the_tree_and_json() -> None:
    tree = run("topics")
    assert tree.returncode == 0
    assert b"security.maritime" in tree.stdout
    data = json.loads(run("topics", "--json").stdout)
    assert len(data["topics"]) == 36


def test_info_reports_model_hash() -> None:
    data = json.loads(run("info", "--json").stdout)
    assert len(data["model_sha256"]) == 64
    assert data["model_version"]


def test_train_and_evaluate(tmp_path: Path) -> None:
    smoke = ROOT / "tests" / "data" / "smoke.jsonl"
    rows = [json.loads(line) for line in smoke.read_text(encoding="utf-8").splitlines()]
    doubled = tmp_path / "train.jsonl"
    doubled.write_text(
        "".join(json.dumps({**r, "text": r["text"] + s}) + "\n" for r in rows for s in ("", " Officials said.")),
        encoding="utf-8",
    )
    trained = run("train", "--data", str(doubled), "--out", str(tmp_path / "m"), "--cv", "2")
    assert trained.returncode == 0, trained.stderr
    evaluated = run("evaluate", "--data", str(smoke), "--model", str(tmp_path / "m"), "--json")
    assert evaluated.returncode == 0, evaluated.stderr
    assert 0 <= json.loads(evaluated.stdout)["micro_f1"] <= 1


def test_broken_pipe_exits_cleanly(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"text": f"Talks in Geneva number {i}."}) + "\n" for i in range(3000)))
    cmd = f"{sys.executable} -m geotag tag --jsonl {src} --quiet | head -n 1"
    out = subprocess.run(["bash", "-c", cmd], capture_output=True, timeout=120)
    assert b"Traceback" not in out.stderr
    assert len(out.stdout.splitlines()) == 1


def test_deeply_nested_json_is_a_bad_row_not_a_crash(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(b'{"text": "ok"}\n{"text": "Japan", "meta": ' + b"[" * 5000 + b"]" * 5000 + b"}\n")
    strict = run("tag", "--jsonl", str(src), "--quiet")
    assert strict.returncode == 1
    assert b"nested too deeply" in strict.stderr
    assert b"Traceback" not in strict.stderr
    skipping = run("tag", "--jsonl", str(src), "--quiet", "--skip-invalid")
    assert skipping.returncode == 0
    assert len(skipping.stdout.splitlines()) == 1


def test_lone_surrogate_escapes_in_ids_survive_as_escapes(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "id-\\ud800-4", "text": "Japan and India"}\n', encoding="utf-8")
    out = run("tag", "--jsonl", str(src), "--quiet")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["id"] == "id-\ud800-4"
