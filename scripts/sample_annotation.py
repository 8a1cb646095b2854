"""Draw the stratified sample of corpus ids that annotators label by reading.

Hints (section headers and loose word patterns) only decide *which* items are drawn, so that
rare topics reach enough positives; they never decide a label. Labels come from annotators
reading each item against docs/annotation-guide.md.

Usage:
    python scripts/sample_annotation.py --corpus ../shared/data/wcep/events-2002-2024.jsonl.gz \
        --out-ids annotations/sample_ids.txt --slices-dir /tmp/annot --n-slices 7
"""

from __future__ import annotations

# ruff: noqa: E501 (hint patterns stay one per line, however long, so each can be reviewed)
import argparse
import json
import random
import re
from pathlib import Path

from corpus import read_corpus

HINTS: dict[str, str] = {
    "alliances": r"\bnato\b|alliance|security pact|defen[cs]e (pact|cooperation|agreement)|\bquad\b|aukus",
    "exercises": r"exercise|drills?\b|deploy|military base|troops to|warship|aircraft carrier",
    "maritime": r"navy|naval|coast guard|piracy|pirates|strait|south china sea|vessel|tanker|shipping",
    "arms": r"arms (sale|deal|embargo)|weapons? (sale|deal|purchase)|fighter jets|defen[cs]e (budget|spending)|military aid|missile defen",
    "nuclear": r"nuclear|missile test|chemical weapon|ballistic|enrichment|\biaea\b",
    "terror": r"terror|suicide bomb|al-qaeda|islamic state|\bisis\b|\bisil\b|taliban",
    "cyber": r"cyber|hack|disinformation|propaganda|troll|ransomware|influence operation",
    "intel": r"spy|spies|espionage|intelligence|defect|\bcia\b|\bmi6\b|\bfsb\b|mossad|surveillance",
    "interstate": r"invasion|invade|airstrike|shelling|cross-border|annex|war between",
    "civil": r"rebel|insurgen|militia|civil war|guerrilla|militants",
    "territorial": r"disputed|border dispute|sovereignty|territor|islands?\b|independence referendum|secession|breakaway",
    "peace": r"ceasefire|cease-fire|peace (talks|deal|agreement|process)|peacekeep|truce|mediat",
    "bilateral": r"ambassador|embassy|consulate|state visit|bilateral|diplomatic relations|meets? with|summit",
    "multilateral": r"united nations|security council|general assembly|\bg7\b|\bg8\b|\bg20\b|asean|african union|european union|brics|\bsco\b",
    "rivalry": r"influence|rival|containment|superpower|cold war|hegemon",
    "law": r"treaty|international court|\bicj\b|\bicc\b|tribunal|war crimes|genocide|convention",
    "sanctions": r"sanction|embargo|export control|blacklist",
    "trade": r"tariff|trade (deal|war|agreement|talks|dispute)|free trade|\bwto\b|import|export",
    "energy": r"\boil\b|gas\b|pipeline|opec|energy|nuclear power|lng\b",
    "tech": r"semiconductor|chip|huawei|5g|rare earth|critical mineral|lithium|artificial intelligence|technology transfer",
    "devfin": r"\bimf\b|world bank|\bloan|debt|belt and road|\baid\b|investment|infrastructure",
    "elections": r"election|referendum|\bvote|sworn in|resign|prime minister|president-elect",
    "protests": r"protest|riot|demonstrat|unrest|crackdown|strike\b",
    "coups": r"\bcoup\b|mutiny|junta|seize[ds]? power|overthrow",
    "rights": r"human rights|political prisoner|dissident|persecut|press freedom|journalist|death sentence|amnesty",
    "migration": r"migrant|refugee|asylum|border control|deport|smuggl",
    "humanitarian": r"humanitarian|famine|earthquake|flood|cyclone|relief|aid convoy|death toll",
    "health": r"pandemic|epidemic|outbreak|virus|cholera|ebola|covid|vaccine|\bwho\b|world health",
    "climate": r"climate|emission|carbon|arctic|global warming|paris agreement|\bdam\b|river",
    "crime": r"cartel|drug|trafficking|smuggl|money laundering|cocaine|heroin",
}
# Rare leaves get a larger share of the hinted draw.
HINT_QUOTA = {
    "cyber": 110,
    "intel": 110,
    "tech": 110,
    "exercises": 100,
    "arms": 100,
    "maritime": 90,
    "devfin": 90,
    "climate": 90,
    "rivalry": 100,
    "alliances": 90,
    "law": 90,
    "coups": 80,
    "health": 70,
    "crime": 80,
    "migration": 80,
    "trade": 90,
    "energy": 80,
    "sanctions": 70,
}
NON_GEO_CATEGORIES = {
    "Sport",
    "Sports",
    "Arts and culture",
    "Science and technology",
    "Science",
    "Business and economy",
    "Business and economics",
    "Religion",
    "Health and medicine",
    "Disasters and accidents",
    "Disasters",
    "Law and crime",
    "Health and environment",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--out-ids", required=True)
    parser.add_argument("--slices-dir", required=True)
    parser.add_argument("--n-slices", type=int, default=7)
    parser.add_argument("--overlap-per-slice", type=int, default=45)
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument(
        "--more",
        type=int,
        default=0,
        help="draw this many more ids (recent years weighted up), excluding ids already sampled",
    )
    parser.add_argument("--prefix", default="r3", help="file prefix of the slices --more writes")
    parser.add_argument("--recent", type=int, default=0, help="with --active: also draw this many 2023-2024 ids")
    parser.add_argument(
        "--focus",
        default="",
        help="with --active: comma-separated HINTS keys; also draw --focus-n pre-2023 ids matching their hints",
    )
    parser.add_argument("--focus-n", type=int, default=0, help="how many ids --focus draws")
    parser.add_argument(
        "--active",
        default=None,
        metavar="MODEL_DIR",
        help="with --more: draw half the batch (pre-2023 only) where this model is least sure",
    )
    parser.add_argument(
        "--round2",
        action="store_true",
        help="draw a second batch aimed at the rarest topics, excluding ids already in --out-ids",
    )
    args = parser.parse_args()
    if args.round2:
        round2(args)
        return
    if args.more:
        more(args)
        return
    rng = random.Random(args.seed)

    items = {}
    for item in read_corpus(args.corpus):
        if 60 <= len(item["text"]) <= 900:
            items.setdefault(item["id"], item)
    ids = sorted(items)
    test_ids = [i for i in ids if items[i]["date"] >= "2023"]
    train_ids = [i for i in ids if items[i]["date"] < "2023"]
    compiled = {k: re.compile(v) for k, v in HINTS.items()}

    chosen: list[str] = []
    seen: set[str] = set()

    def take(pool: list[str], n: int) -> None:
        rng.shuffle(pool)
        for i in pool:
            if n <= 0:
                break
            if i not in seen:
                seen.add(i)
                chosen.append(i)
                n -= 1

    for pool_ids, scale, n_random, n_nongeo in ((train_ids, 0.75, 600, 550), (test_ids, 0.22, 330, 0)):
        for key, pattern in compiled.items():
            quota = int(HINT_QUOTA.get(key, 55) * scale)
            hinted = [
                i for i in pool_ids if pattern.search((items[i]["text"] + " " + (items[i]["topic"] or "")).lower())
            ]
            take(hinted, quota)
        take([i for i in pool_ids if items[i]["category"] in NON_GEO_CATEGORIES], n_nongeo)
        take(list(pool_ids), n_random)

    rng.shuffle(chosen)
    Path(args.out_ids).write_text("\n".join(sorted(chosen)) + "\n", encoding="utf-8")
    slices: list[list[str]] = [chosen[k :: args.n_slices] for k in range(args.n_slices)]
    out = Path(args.slices_dir)
    out.mkdir(parents=True, exist_ok=True)
    overlap: list[str] = []
    for k, ids_k in enumerate(slices):
        # Each annotator also reads some items of the next slice: the double-annotated overlap.
        extra = slices[(k + 1) % args.n_slices][: args.overlap_per_slice]
        overlap += extra
        with open(out / f"slice_{k}.jsonl", "w", encoding="utf-8") as handle:
            for i in ids_k + extra:
                handle.write(json.dumps({"id": i, "text": items[i]["text"]}, ensure_ascii=False) + "\n")
    Path(args.out_ids).with_name("overlap_ids.txt").write_text("\n".join(sorted(overlap)) + "\n")
    n_test = sum(items[i]["date"] >= "2023" for i in chosen)
    print(f"sampled {len(chosen)} ids ({n_test} from 2023-2024), {len(overlap)} double-annotated")


# Second round: the leaves that the first round left under 60-80 positives.
RARE_HINTS: dict[str, tuple[str, int, int]] = {
    # key: (pattern, quota before 2023, quota 2023-2024)
    "tech": (
        r"semiconductor|\bchips?\b|chipmaker|huawei|\b5g\b|rare earth|critical mineral|lithium|"
        r"export control|tiktok|\bzte\b|technology transfer|artificial intelligence|quantum",
        150,
        60,
    ),
    "devfin": (
        r"\bimf\b|international monetary fund|world bank|belt and road|\bloans?\b|debt|bailout|"
        r"development aid|foreign aid|aid package|infrastructure project|default",
        150,
        60,
    ),
    "climate": (
        r"climate|emission|greenhouse|carbon|paris agreement|kyoto|\bcop ?\d|global warming|"
        r"glacier|deforestation|arctic",
        150,
        60,
    ),
    "cyber": (
        r"cyber|hack|ransomware|disinformation|malware|troll farm|influence operation|"
        r"election interference|propaganda",
        130,
        50,
    ),
    "energy": (
        r"\boil\b|natural gas|pipeline|opec|\blng\b|nord stream|energy security|gas supply|"
        r"crude",
        90,
        40,
    ),
    "trade": (
        r"tariff|trade (deal|war|agreement|talks|dispute|pact)|free trade|\bwto\b|"
        r"anti-dumping|import ban|export ban",
        90,
        40,
    ),
    "alliances": (
        r"\bnato\b|alliance|defen[cs]e pact|security pact|\bquad\b|aukus|"
        r"defen[cs]e cooperation|security agreement|mutual defen",
        80,
        40,
    ),
    "rivalry": (
        r"influence|rival|containment|cold war|superpower|hegemon|great power|"
        r"assertive|strategic competition",
        90,
        40,
    ),
    "coups": (r"\bcoup\b|mutiny|junta|seize[ds]? power|overthrow|putsch", 40, 25),
}


def round2(args: argparse.Namespace) -> None:
    rng = random.Random(args.seed + 2)
    already = set(Path(args.out_ids).read_text(encoding="utf-8").split())
    items = {}
    for item in read_corpus(args.corpus):
        if 60 <= len(item["text"]) <= 900 and item["id"] not in already:
            items.setdefault(item["id"], item)
    chosen: list[str] = []
    seen: set[str] = set()
    for pattern, quota_old, quota_new in RARE_HINTS.values():
        compiled = re.compile(pattern)
        for newer, quota in ((False, quota_old), (True, quota_new)):
            pool = sorted(
                i
                for i, it in items.items()
                if (it["date"] >= "2023") == newer
                and compiled.search((it["text"] + " " + (it["topic"] or "")).lower())
                and i not in seen
            )
            rng.shuffle(pool)
            for i in pool[:quota]:
                seen.add(i)
                chosen.append(i)
    rng.shuffle(chosen)
    with open(args.out_ids, "a", encoding="utf-8") as handle:
        handle.write("\n".join(sorted(chosen)) + "\n")
    out = Path(args.slices_dir)
    out.mkdir(parents=True, exist_ok=True)
    for k in range(args.n_slices):
        with open(out / f"r2_slice_{k}.jsonl", "w", encoding="utf-8") as handle:
            for i in chosen[k :: args.n_slices]:
                handle.write(json.dumps({"id": i, "text": items[i]["text"]}, ensure_ascii=False) + "\n")
    print(f"round 2: sampled {len(chosen)} more ids")


def more(args: argparse.Namespace) -> None:
    """Later rounds: half hinted (any topic hint), half uniform; 2015 onward weighted up.

    A sixth of the draw comes from 2024, so that the held-out test year keeps growing with the data.
    """
    rng = random.Random(args.seed + len(args.prefix) * 7919 + args.more)
    already = set(Path(args.out_ids).read_text(encoding="utf-8").split())
    items = {}
    for item in read_corpus(args.corpus):
        if 60 <= len(item["text"]) <= 900 and item["id"] not in already:
            items.setdefault(item["id"], item)
    hint = re.compile("|".join(f"(?:{p})" for p in HINTS.values()))
    ids = sorted(items)
    if args.active:
        chosen = _uncertain(args, items, ids, rng)
        _write_slices(args, items, chosen)
        return
    test_pool = [i for i in ids if items[i]["date"] >= "2024"]
    recent = [i for i in ids if "2015" <= items[i]["date"] < "2024"]
    older = [i for i in ids if items[i]["date"] < "2015"]
    n_test = args.more // 6
    n_recent = (args.more - n_test) * 2 // 3
    n_older = args.more - n_test - n_recent
    chosen: list[str] = []
    for pool, n in ((test_pool, n_test), (recent, n_recent), (older, n_older)):
        hinted = [i for i in pool if hint.search(items[i]["text"].lower())]
        rng.shuffle(hinted)
        picked = hinted[: n // 2]
        taken = set(picked)
        rest = [i for i in pool if i not in taken]
        rng.shuffle(rest)
        chosen += picked + rest[: n - len(picked)]
    _write_slices(args, items, chosen)


def _uncertain(args: argparse.Namespace, items: dict, ids: list[str], rng: random.Random) -> list[str]:
    """Half the draw where the model is least sure (a label near its threshold), half uniform."""
    import numpy as np

    import geotag
    from geotag._engine import TopicEngine

    tagger = geotag.Tagger.load(args.active)
    engine = TopicEngine(tagger.model)
    pool = [i for i in ids if items[i]["date"] < "2023"]
    rng.shuffle(pool)
    pool = pool[:40000]
    texts = [items[i]["text"] for i in pool]
    probs = np.vstack([engine.calibrate(engine.decision(texts[k : k + 1000])) for k in range(0, len(texts), 1000)])
    cut = np.r_[tagger.model.thresholds, tagger.model.relevance_threshold]
    margin = np.min(np.abs(np.log(probs + 1e-9) - np.log(cut)), axis=1)
    order = np.argsort(margin, kind="stable")
    half = args.more // 2
    chosen = [pool[k] for k in order[:half]]
    taken = set(chosen)
    rest = [i for i in pool if i not in taken]
    chosen += rest[: args.more - half]
    taken = set(chosen)
    recent = [i for i in ids if items[i]["date"] >= "2023"]
    rng.shuffle(recent)
    chosen += recent[: args.recent]
    if args.focus and args.focus_n:
        # Hints only decide which items are drawn for reading; they never decide a label.
        focus = re.compile("|".join(f"(?:{HINTS[key]})" for key in args.focus.split(",")))
        hinted = [
            i for i in ids if items[i]["date"] < "2023" and i not in taken and focus.search(items[i]["text"].lower())
        ]
        rng.shuffle(hinted)
        chosen += hinted[: args.focus_n]
    return chosen


def _write_slices(args: argparse.Namespace, items: dict, chosen: list[str]) -> None:
    rng = random.Random(args.seed + 11)
    rng.shuffle(chosen)
    with open(args.out_ids, "a", encoding="utf-8") as handle:
        handle.write("\n".join(sorted(chosen)) + "\n")
    out = Path(args.slices_dir)
    for k in range(args.n_slices):
        with open(out / f"{args.prefix}_slice_{k}.jsonl", "w", encoding="utf-8") as handle:
            for i in chosen[k :: args.n_slices]:
                handle.write(json.dumps({"id": i, "text": items[i]["text"]}, ensure_ascii=False) + "\n")
    print(f"{args.prefix}: sampled {len(chosen)} more ids")


if __name__ == "__main__":
    main()
