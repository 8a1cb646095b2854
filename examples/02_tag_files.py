"""Tag a folder of .txt files or a JSON Lines file into JSON Lines and CSV, streaming.

Shows :func:`geotag.tag_many`, which yields one result per text in input order without holding
the whole corpus in memory. Each output row has an id (file name or the row's "id"), and the CSV
has the columns id, is_geopolitical, relevance, top_topic, topics and countries.

Run from the repository root (with no arguments it tags examples/data/articles/)::

    python examples/02_tag_files.py
    python examples/02_tag_files.py --folder my_texts/ --out-csv tags.csv
    python examples/02_tag_files.py --jsonl news.jsonl --out-jsonl tags.jsonl
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from collections.abc import Iterator
from itertools import tee
from pathlib import Path

import geotag

ARTICLES = Path(__file__).resolve().parent / "data" / "articles"


def read_folder(folder: Path) -> Iterator[tuple[str, str]]:
    for path in sorted(folder.glob("*.txt")):
        yield path.stem, path.read_text(encoding="utf-8")


def read_jsonl(path: Path) -> Iterator[tuple[str, str]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                row = json.loads(line)
                yield str(row.get("id", number)), row["text"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--folder", type=Path, help="a folder of UTF-8 .txt files")
    source.add_argument("--jsonl", type=Path, help='JSON Lines with a "text" (and "id") per row')
    parser.add_argument("--out-jsonl", type=Path, help="JSON Lines output (default: a temp dir)")
    parser.add_argument("--out-csv", type=Path, help="CSV output (default: a temp dir)")
    args = parser.parse_args()
    if args.folder and not args.folder.is_dir():
        parser.error(f"--folder {str(args.folder)!r} is not a directory")

    if not (args.out_jsonl and args.out_csv):
        out_dir = Path(tempfile.mkdtemp(prefix="geotag-example-"))
        args.out_jsonl = args.out_jsonl or out_dir / "tags.jsonl"
        args.out_csv = args.out_csv or out_dir / "tags.csv"

    docs = read_jsonl(args.jsonl) if args.jsonl else read_folder(args.folder or ARTICLES)
    for_ids, for_texts = tee(docs)  # ids and texts advance together, one document at a time
    ids = (doc_id for doc_id, _ in for_ids)
    results = geotag.tag_many(text for _, text in for_texts)
    end = "\r" if sys.stderr.isatty() else "\n"  # redraw one line on a terminal
    count = 0
    with (
        args.out_jsonl.open("w", encoding="utf-8") as jl,
        args.out_csv.open("w", encoding="utf-8", newline="") as cf,
    ):
        writer = csv.writer(cf)
        writer.writerow(["id", "is_geopolitical", "relevance", "top_topic", "topics", "countries"])
        for doc_id, result in zip(ids, results, strict=True):
            jl.write(json.dumps({"id": doc_id, **result.to_dict()}, ensure_ascii=False) + "\n")
            topics = [t.id for t in result.topics]
            writer.writerow(
                [
                    doc_id,
                    result.is_geopolitical,
                    f"{result.relevance:.3f}",
                    topics[0] if topics else "",
                    ";".join(topics),
                    ";".join(c.code for c in result.countries),
                ]
            )
            count += 1
            print(f"tagged {count} documents", end=end, file=sys.stderr)
    print(f"done: {count} documents", file=sys.stderr)
    print(f"JSON Lines: {args.out_jsonl}\nCSV:        {args.out_csv}\n")
    with args.out_csv.open(encoding="utf-8") as cf:  # show the first rows
        print("".join(line for _, line in zip(range(11), cf, strict=False)), end="")


if __name__ == "__main__":
    main()
