#!/usr/bin/env python3
"""Fuzz ``geotag.tag()`` in-process and ``geotag tag --jsonl`` through the command line.

Not part of the pytest run (see README.md in this directory). Typical use::

    python tests/fuzz/fuzz_tag.py                       # 100,000 in-process inputs, 2,000 CLI rows
    python tests/fuzz/fuzz_tag.py --n 5000 --cli-n 200  # a quick pass
    python tests/fuzz/fuzz_tag.py --seed 7 --replay 1234  # re-run one generated input

Every input is a pure function of ``(--seed, index)`` and of the dictionary read from the installed
package (gazetteer names, model vocabulary), so any finding can be replayed with ``--replay INDEX``.
The in-process inputs run in a worker process watched by this one: a call longer than
``--timeout-per-input`` is interrupted by SIGALRM and recorded as a hang; a call that cannot be
interrupted (stuck in C code) is killed by a faulthandler watchdog, and a worker that dies
(segfault, out of memory) is recorded as a crash; the run then resumes at the next input.
Exit code: 0 when nothing was found, 1 when any crash, hang or invariant violation was.
"""

from __future__ import annotations

import argparse
import faulthandler
import json
import math
import os
import platform
import random
import re
import resource
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
MB = 1024 * 1024

# --------------------------------------------------------------------------------------------
# Seed corpus: our own writing, in the style of wire copy, headlines and scraped pages.
# --------------------------------------------------------------------------------------------
SEEDS: list[str] = [
    "Quad foreign ministers pledge maritime cooperation as China expands its presence in the South China Sea",
    "TOKYO, 12 March. The foreign ministers of Australia, India, Japan and the United States met "
    "on Tuesday for the first Quad meeting of the year, pledging to widen maritime domain "
    "awareness across the Indo-Pacific. Beijing said the grouping was 'an exclusive clique' and "
    "urged the four to respect the sovereignty of regional states. India's external affairs "
    "minister told reporters the partnership was not aimed at any country.",
    "NATO allies agreed on Wednesday to raise their defence spending target at a summit in "
    "Vilnius, while Sweden's accession and Ukraine's path to membership dominated the talks. "
    "Gen. Mark Hollis, a retired U.S. Army officer, said the alliance's eastern flank from "
    "Estonia to Romania still lacked enough air defence.",
    "The European Union adopted its fourteenth package of sanctions against Russia, targeting "
    "liquefied natural gas transshipments and a shadow fleet of ageing tankers. The U.K. and "
    "Canada announced parallel measures; Moscow warned of retaliation and summoned several "
    "ambassadors.",
    "Houthi rebels in Yemen fired two anti-ship missiles at a container vessel in the Red Sea, "
    "the U.S. Central Command said. Shipping lines diverted traffic around the Cape of Good "
    "Hope, raising freight costs between Asia and Europe. Egypt reported a sharp fall in Suez "
    "Canal revenue.",
    "Troops from Chad and Niger joined a patrol near Lake Chad after an attack claimed by Boko "
    "Haram. Mali, Burkina Faso and Niger, which formed the Alliance of Sahel States, announced "
    "their withdrawal from ECOWAS earlier this year.",
    "Jordan's King Abdullah met Egypt's president in Cairo to discuss aid to Gaza. Separately, "
    "Georgia's parliament in Tbilisi passed a foreign agents law that the EU said was "
    "incompatible with its candidate status. Chad Jordan, a visiting analyst, called it a "
    "turning point.",
    "CHINA WARNS TAIWAN AFTER US ARMS SALE; JAPAN URGES CALM",
    "India, Pakistan trade fire along Line of Control as talks stall",
    "Washington tightened export controls on advanced chips to China, and the Netherlands and "
    "Japan are expected to follow. Chipmaker shares fell in Seoul and Taipei.\n\nAnalysts said "
    "the rules could push Beijing to accelerate its own lithography programme.",
    "Norway and Russia remain at odds over fishing quotas in the Barents Sea, while Greenland's "
    "government said it would not sell mineral rights to any single foreign buyer. The Arctic "
    "Council has been largely paralysed since 2022.",
    "中国外交部发言人表示，美国对台军售严重违反一个中国原则。日本和菲律宾在南海举行联合海上演习。",
    "Министр иностранных дел России заявил, что новые санкции Евросоюза не изменят курс Москвы. "
    "НАТО усиливает присутствие в Прибалтике.",
    "قال وزير الخارجية الأردني إن الهدنة في غزة يجب أن تصمد، بينما دعت مصر وقطر إلى استئناف المفاوضات.",
    "Президент Казахстана met Xi Jinping in Astana; 会谈 focused on the Belt and Road Initiative "
    "and rail links to Europe across the Caspian Sea.",
    "<html><head><title>Summit</title></head><body><h1>G7 leaders meet in Apulia</h1><p>Leaders "
    'of the <b>G7</b> discussed <a href="/ukraine">Ukraine</a> &amp; frozen Russian assets.</p>'
    '<script>var x = "</p>";</script></body></html>',
    '{"headline": "Iran enriches uranium to 60%", "body": "The IAEA said Tehran had expanded its '
    'stockpile.", "tags": ["nuclear", "Iran"], "score": 0.93, "id": null}',
    "## Key points\n\n- Brazil and Argentina signed a gas pipeline deal\n- Mercosur talks with "
    "the EU resume in Brussels\n- Venezuela says it will hold talks on the Essequibo dispute "
    "with Guyana\n",
    "Dr. Ana Ruiz, Sen. Paul Keane and Col. Dmitri Vasiliev (ret.) spoke at the conference. "
    "Mr. Keane said the U.S. and the E.U. must coordinate sanctions. Jan. 5, 2025. No. 10 "
    "Downing St. declined to comment.",
    "Heavy rain is expected across the region on Saturday, with temperatures falling to 12°C. "
    "The local football club won 3-1 at home.",
    "“We will not be intimidated,” Taiwan’s president said — a day after 30 Chinese aircraft "
    "crossed the median line… Manila’s coast guard reported a collision near Second Thomas "
    "Shoal.",
    "GENEVA, March 14 — The UN Security Council failed to adopt a resolution on Sudan after "
    "Russia vetoed it; 13 members voted in favour and China abstained. Cost: $1.2bn; 4,000+ "
    "displaced!!! What next?",
]

# Tokens that exercise the sentence splitter, the gazetteer's context rules and the HTML/JSON
# look of scraped text.
TRICKY: list[str] = [
    "U.S.",
    "U.K.",
    "E.U.",
    "Gen.",
    "Dr.",
    "Mr.",
    "No.",
    "St.",
    "Jan.",
    "Chad",
    "Jordan",
    "Georgia",
    "Beijing said",
    "warned Moscow",
    "Washington and Beijing said",
    "’s",
    "'s",
    "...",
    "?!",
    "!!!",
    ".\n",
    "\n\n",
    "((((",
    "))))",
    "[",
    '"',
    "“",
    "”",
    "—",
    "-",
    "_",
    "NATO",
    "Quad",
    "AUKUS",
    "BRICS+",
    "G7",
    "G20",
    "ASEAN",
    "The Hague",
    "Atlanta",
    "Tbilisi",
    "#",
    "@",
    "http://example.org/a?b=c&d=e",
    "<br/>",
    "&amp;",
    "&#x202E;",
    "\\u0000",
    "null",
    "NaN",
    "1e308",
    "-0",
    "٣",
    "１２３",
    "Ⅻ",
    "İstanbul",
    "STRASSE",
    "ﬁnance",
]

SPECIALS: list[str] = [
    "\x00",
    "\x01",
    "\x07",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x1c",
    "\x7f",
    "\x85",
    "\r",
    "\r\n",
    "\n",
    "\t",
    "\u00a0",
    "\u00ad",
    "\u034f",
    "\u061c",
    "\u180e",
    "\u200b",
    "\u200c",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2028",
    "\u2029",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u3000",
    "\ufeff",
    "\ufffd",
    "\ufffe",
    "\uffff",
    "\u0301",
    "\u0338",
    "\u20e3",
    "\U0001f1ef\U0001f1f5",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "\U0001f44d\U0001f3fd",
    "\U0001f6a2",
    "\U0001f91d",
    "\U000e0001",
    "\U000e0067",
    "\U0010ffff",
    "\ud800",
    "\udbff",
    "\udc00",
    "\udfff",
    "\udc80",
    "\udcff",
    "İ",
    "ß",
    "ﬁ",
    "Σ",
    "ς",
    "ǅ",
]
WHITESPACE = [
    " ",
    "\t",
    "\n",
    "\r",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x1d",
    "\x1e",
    "\x1f",
    "\x85",
    "\u00a0",
    "\u1680",
    "\u2000",
    "\u2005",
    "\u200a",
    "\u2028",
    "\u2029",
    "\u202f",
    "\u205f",
    "\u3000",
]
REPEAT_CHARS = [
    ".",
    "!",
    "?",
    "a",
    "A",
    "\n",
    " ",
    "(",
    "'",
    "’",
    "-",
    "_",
    "0",
    "é",
    "中",
    "\u200d",
    "\x00",
    "\ufffd",
    "\U0001f600",
    "\udc80",
    "ß",
    "İ",
    ".\n",
    "\t",
]

_DICTIONARY: list[str] | None = None


def dictionary() -> list[str]:
    """Gazetteer surfaces, model vocabulary and tricky tokens (from the installed package)."""
    global _DICTIONARY
    if _DICTIONARY is None:
        pkg = resources.files("geotag")
        gaz = json.loads(pkg.joinpath("data/gazetteer.json").read_text(encoding="utf-8"))
        vocab = json.loads(pkg.joinpath("data/model/vocabulary.json").read_text(encoding="utf-8"))
        _DICTIONARY = sorted({a["surface"] for a in gaz["aliases"]}) + list(vocab) + TRICKY * 20
    return _DICTIONARY


# --------------------------------------------------------------------------------------------
# Input generation
# --------------------------------------------------------------------------------------------
def logu(rng: random.Random, lo: int, hi: int) -> int:
    """An int in [lo, hi], log-uniformly distributed (most small, a few near hi)."""
    value = int(math.exp(rng.uniform(math.log(lo), math.log(hi + 1))))
    return max(lo, min(hi, value))


def random_codepoint(rng: random.Random) -> str:
    mode = rng.random()
    if mode < 0.35:
        cp = rng.randrange(0x110000)  # all planes, surrogates and unassigned included
    elif mode < 0.7:
        cp = rng.randrange(0x10000)  # BMP
    elif mode < 0.9:
        cp = rng.randrange(0x20, 0x250)  # ASCII and Latin
    else:
        return rng.choice(SPECIALS)
    return chr(cp)


def random_unicode(rng: random.Random, length: int) -> str:
    return "".join(random_codepoint(rng) for _ in range(length))


def lossy_decode(rng: random.Random, data: bytes | bytearray) -> str:
    """Decode possibly invalid UTF-8 the ways real pipelines do; two of them keep lone surrogates."""
    mode = rng.choice(("surrogateescape", "replace", "surrogateescape", "replace", "surrogatepass", "ignore"))
    if mode == "surrogatepass":  # encoded surrogates (ED A0 80) become lone surrogates
        try:
            return bytes(data).decode("utf-8", "surrogatepass")
        except UnicodeDecodeError:
            mode = "surrogateescape"
    return bytes(data).decode("utf-8", mode)


def to_bytes(s: str) -> bytes:
    return s.encode("utf-8", "surrogatepass")


def m_byte_flip(rng: random.Random, s: str) -> str:
    data = bytearray(to_bytes(s))
    if not data:
        return s
    for _ in range(logu(rng, 1, 32)):
        pos = rng.randrange(len(data))
        data[pos] ^= 1 << rng.randrange(8)
    return lossy_decode(rng, data)


def m_splice(rng: random.Random, s: str) -> str:
    other = rng.choice(SEEDS)
    i, j = rng.randint(0, len(s)), rng.randint(0, len(other))
    return s[:i] + other[j:] if rng.random() < 0.5 else other[:j] + s[i:]


def m_insert_special(rng: random.Random, s: str) -> str:
    chars = list(s)
    for _ in range(logu(rng, 1, 64)):
        piece = rng.choice(SPECIALS)
        if rng.random() < 0.1:
            piece *= logu(rng, 2, 2000)
        chars.insert(rng.randint(0, len(chars)), piece)
    return "".join(chars)


def m_truncate(rng: random.Random, s: str) -> str:
    if rng.random() < 0.4:
        i = rng.randint(0, len(s))
        return s[:i] if rng.random() < 0.6 else s[i:]
    data = to_bytes(s)
    if not data:
        return s
    continuation = [i for i, b in enumerate(data) if b & 0xC0 == 0x80]
    cut = rng.choice(continuation) if continuation and rng.random() < 0.7 else rng.randint(0, len(data))
    piece = data[:cut] if rng.random() < 0.6 else data[cut:]
    return lossy_decode(rng, piece)


def m_dictionary(rng: random.Random, s: str) -> str:
    words = s.split(" ")
    vocab = dictionary()
    for _ in range(logu(rng, 1, 40)):
        term = rng.choice(vocab)
        term = rng.choice((term, term, term.upper(), term.title(), term.lower()))
        words.insert(rng.randint(0, len(words)), term)
    return " ".join(words)


def m_case(rng: random.Random, s: str) -> str:
    return rng.choice((str.upper, str.lower, str.title, str.swapcase, str.casefold))(s)


def m_repeat_fragment(rng: random.Random, s: str) -> str:
    if not s:
        return s
    i = rng.randrange(len(s))
    fragment = s[i : i + logu(rng, 1, 60)]
    count = min(logu(rng, 2, 50_000), 1_000_000 // max(len(fragment), 1))
    out = fragment * count
    return s[:i] + out + s[i:] if rng.random() < 0.5 else out


def m_delete(rng: random.Random, s: str) -> str:
    if not s:
        return s
    i = rng.randrange(len(s))
    return s[:i] + s[i + logu(rng, 1, max(1, len(s) - i)) :]


def m_whitespace(rng: random.Random, s: str) -> str:
    return "".join((rng.choice(WHITESPACE) * logu(rng, 1, 8)) if c == " " and rng.random() < 0.5 else c for c in s)


def m_shuffle_words(rng: random.Random, s: str) -> str:
    words = s.split()
    rng.shuffle(words)
    return rng.choice((" ", "\n", ". ", "", "\u200b")).join(words)


MUTATORS: dict[str, Callable[[random.Random, str], str]] = {
    "byte_flip": m_byte_flip,
    "splice": m_splice,
    "insert_special": m_insert_special,
    "truncate": m_truncate,
    "dictionary": m_dictionary,
    "case": m_case,
    "repeat_fragment": m_repeat_fragment,
    "delete": m_delete,
    "whitespace": m_whitespace,
    "shuffle_words": m_shuffle_words,
}
MUTATOR_WEIGHTS = {
    "byte_flip": 5,
    "splice": 3,
    "insert_special": 4,
    "truncate": 4,
    "dictionary": 4,
    "case": 2,
    "repeat_fragment": 1,
    "delete": 2,
    "whitespace": 2,
    "shuffle_words": 2,
}


def pick_mutator(rng: random.Random) -> str:
    names = list(MUTATOR_WEIGHTS)
    return rng.choices(names, weights=[MUTATOR_WEIGHTS[n] for n in names])[0]


def g_seed(rng: random.Random) -> str:
    return rng.choice(SEEDS)


def g_repeat_seed(rng: random.Random) -> str:
    return rng.choice(SEEDS) * logu(rng, 1, 2000)


def g_repeat_char(rng: random.Random) -> str:
    char = rng.choice(REPEAT_CHARS) if rng.random() < 0.8 else random_codepoint(rng)
    return char * logu(rng, 1, 1_000_000)


def g_tiny(rng: random.Random) -> str:
    alphabet = [*SPECIALS, *WHITESPACE, "a", "I", "US", ".", "!", "?", "'", "\\", "{", "<"]
    return "".join(
        rng.choice(alphabet) if rng.random() < 0.6 else random_codepoint(rng) for _ in range(rng.randint(0, 3))
    )[: rng.randint(0, 3)]


def g_random_unicode(rng: random.Random) -> str:
    return random_unicode(rng, logu(rng, 1, 20_000))


def g_whitespace(rng: random.Random) -> str:
    pool = WHITESPACE if rng.random() < 0.7 else [rng.choice(WHITESPACE)]
    return "".join(rng.choice(pool) for _ in range(logu(rng, 1, 100_000)))


def g_dictionary_soup(rng: random.Random) -> str:
    vocab = dictionary()
    seps = [" ", " ", " ", ", ", ". ", "\n", " and ", " said ", "'s ", " - ", ""]
    return "".join(rng.choice(vocab) + rng.choice(seps) for _ in range(logu(rng, 1, 600)))


def g_mutate(rng: random.Random) -> tuple[str, str]:
    name = pick_mutator(rng)
    return name, MUTATORS[name](rng, rng.choice(SEEDS))


def g_stacked(rng: random.Random) -> tuple[str, str]:
    text = rng.choice(SEEDS)
    for _ in range(rng.randint(2, 4)):
        text = MUTATORS[pick_mutator(rng)](rng, text)
        if len(text) > 2_000_000:
            text = text[:2_000_000]
    return "stacked", text


GENERATORS: dict[str, tuple[int, Callable[[random.Random], Any]]] = {
    "seed": (2, g_seed),
    "mutate": (42, g_mutate),
    "stacked": (20, g_stacked),
    "repeat_seed": (3, g_repeat_seed),
    "repeat_char": (3, g_repeat_char),
    "tiny": (5, g_tiny),
    "random_unicode": (10, g_random_unicode),
    "whitespace": (3, g_whitespace),
    "dictionary_soup": (12, g_dictionary_soup),
}


def make_huge(rng: random.Random) -> tuple[str, str]:
    """A 1-10 MB input (UTF-8 size)."""
    target = rng.randint(1, 10) * MB
    variant = rng.choice(("news", "news", "one_line", "mutated_news", "random_bmp", "soup"))
    if variant == "random_bmp":
        text = random_unicode(rng, target // 3)
    else:
        parts: list[str] = []
        size = 0
        while size < target:
            if variant == "soup":
                piece = g_dictionary_soup(rng)
            else:
                piece = rng.choice(SEEDS)
                if variant == "mutated_news" and rng.random() < 0.3:
                    piece = MUTATORS[pick_mutator(rng)](rng, piece)[:20_000]
            parts.append(piece)
            size += len(to_bytes(piece)) + 2
        text = (" " if variant == "one_line" else "\n\n").join(parts)
    return f"huge_{variant}", text


def huge_indices(seed: int, n: int, count: int) -> set[int]:
    rng = random.Random(f"{seed}:huge")
    return set(rng.sample(range(n), min(count, n)))


def make_input(seed: int, index: int, huge: set[int]) -> tuple[str, str]:
    """The input number ``index`` of a run: (kind, text). Deterministic in (seed, index)."""
    rng = random.Random(f"{seed}:{index}")
    if index in huge:
        return make_huge(rng)
    names = list(GENERATORS)
    name = rng.choices(names, weights=[GENERATORS[n][0] for n in names])[0]
    out = GENERATORS[name][1](rng)
    if isinstance(out, tuple):
        return out
    return name, out


# --------------------------------------------------------------------------------------------
# Running and checking one input
# --------------------------------------------------------------------------------------------
class CallTimeout(BaseException):
    """Raised by SIGALRM inside a call that exceeded the per-input timeout."""


def _on_alarm(signum: int, frame: Any) -> None:
    raise CallTimeout


_GEOTAG_DIR: str | None = None


def where(tb: Any) -> str:
    """The innermost geotag frame of a traceback: file:function:line."""
    frames = traceback.extract_tb(tb)
    inside = [f for f in frames if _GEOTAG_DIR and f.filename.startswith(_GEOTAG_DIR)]
    frame = inside[-1] if inside else (frames[-1] if frames else None)
    if frame is None:
        return "?"
    return f"{Path(frame.filename).name}:{frame.name}:{frame.lineno}"


class Guard:
    """Arm SIGALRM (soft, interrupts Python and the regex engine) and a faulthandler watchdog."""

    def __init__(self, timeout: float, watchdog_file: Any = None) -> None:
        self.timeout = timeout
        self.watchdog_file = watchdog_file

    def __enter__(self) -> Guard:
        if self.watchdog_file is not None:
            faulthandler.dump_traceback_later(self.timeout * 3 + 30, exit=True, file=self.watchdog_file)
        signal.setitimer(signal.ITIMER_REAL, self.timeout)
        return self

    def __exit__(self, *exc: object) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        if self.watchdog_file is not None:
            faulthandler.cancel_dump_traceback_later()


def check_span(text: str, span: Any, what: str, bad: Callable[[str, str], None]) -> None:
    s, e, t = span.start, span.end, span.text
    if not (isinstance(s, int) and isinstance(e, int) and 0 <= s <= e <= len(text)):
        bad("span-bounds", f"{what}: ({s!r}, {e!r}) for a text of {len(text)} chars")
    elif text[s:e] != t:
        bad("span-mismatch", f"{what}: text[{s}:{e}]={text[s:e]!r} but span.text={t!r}")


def check_result(text: str, result: Any, validator: Any = None) -> list[tuple[str, str]]:
    """Return the invariant violations of ``result`` for input ``text``: [(kind, detail)]."""
    found: list[tuple[str, str]] = []

    def bad(kind: str, detail: str) -> None:
        if len(found) < 20:
            found.append((kind, detail[:300]))

    def unit(x: Any) -> bool:
        return isinstance(x, float) and math.isfinite(x) and 0.0 <= x <= 1.0

    if not unit(result.relevance):
        bad("relevance-range", repr(result.relevance))
    ids = [t.id for t in result.topics]
    if len(set(ids)) != len(ids):
        bad("topics-not-unique", repr(ids))
    for tag in result.topics:
        if not unit(tag.score):
            bad("topic-score-range", f"{tag.id}={tag.score!r}")
        for term in tag.evidence:
            for span in term.spans:
                check_span(text, span, f"evidence {tag.id}/{term.term!r}", bad)
    keys = [(-t.score, t.id) for t in result.topics]
    if keys != sorted(keys):
        bad("topics-order", repr([(t.id, t.score) for t in result.topics]))
    for domain in result.domains:
        if not unit(domain.score):
            bad("domain-score-range", f"{domain.id}={domain.score!r}")
    for group, tags in (
        ("countries", result.countries),
        ("regions", result.regions),
        ("organizations", result.organizations),
    ):
        for tag in tags:
            for span in tag.mentions:
                check_span(text, span, f"{group} {getattr(tag, 'code', None) or tag.id}", bad)
        firsts = [min(m.start for m in tag.mentions) for tag in tags if tag.mentions]
        if firsts != sorted(firsts):  # documented on TagResult: sorted by first mention
            bad("entity-order", f"{group}: first mentions {firsts[:10]}")
    try:
        data = result.to_dict()
        json.dumps(data, allow_nan=False)
    except Exception as exc:
        bad("to-dict-not-json", f"{type(exc).__name__}: {exc}")
        return found
    if validator is not None:
        error = next(iter(validator.iter_errors(data)), None)
        if error is not None:
            bad("json-schema", f"{list(error.absolute_path)}: {error.message}")
    return found


def make_validator() -> Any:
    try:
        import jsonschema
    except ImportError:
        return None
    schema = json.loads(resources.files("geotag").joinpath("data/tag_result.schema.json").read_text("utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


def run_one(tag: Callable[[str], Any], text: str, timeout: float, watchdog: Any, validator: Any) -> dict[str, Any]:
    """Tag ``text`` under the guard; return {seconds, outcome, signature, detail, violations}."""
    started = time.perf_counter()
    out: dict[str, Any] = {"outcome": "ok", "violations": []}
    result = None
    try:
        with Guard(timeout, watchdog):
            result = tag(text)
    except CallTimeout as exc:
        out.update(
            outcome="hang",
            interrupted=True,
            signature=f"hang in {where(exc.__traceback__)}",
            detail=f"interrupted after {timeout:g} s",
        )
    except Exception as exc:
        out.update(
            outcome="crash",
            signature=f"{type(exc).__name__} in {where(exc.__traceback__)}",
            detail=f"{type(exc).__name__}: {str(exc)[:300]}",
            traceback="".join(traceback.format_exception(exc))[-3000:],
        )
    out["seconds"] = time.perf_counter() - started
    if out["outcome"] == "ok" and out["seconds"] > timeout:
        out.update(
            outcome="hang",
            interrupted=False,
            signature="hang (completed, over the timeout)",
            detail=f"completed in {out['seconds']:.2f} s > {timeout:g} s",
        )
    if result is not None:
        try:
            with Guard(max(timeout, 30.0), watchdog):
                out["violations"] = check_result(text, result, validator)
        except CallTimeout:
            out["violations"] = [("to-dict-timeout", "checking/serialising the result timed out")]
        except Exception as exc:  # an attribute that does not behave is a violation too
            out["violations"] = [("result-access", f"{type(exc).__name__}: {exc}")]
    return out


def fails_like(
    tag: Callable[[str], Any], timeout: float, watchdog: Any, validator: Any, finding: dict[str, Any]
) -> Callable[[str], bool]:
    def predicate(text: str) -> bool:
        out = run_one(tag, text, timeout, watchdog, validator)
        if finding["outcome"] == "violation":
            return finding["signature"] in {k for k, _ in out["violations"]}
        return out["outcome"] == finding["outcome"] and out.get("signature") == finding["signature"]

    return predicate


def minimize(text: str, predicate: Callable[[str], bool], budget_s: float, max_tests: int) -> tuple[str, int]:
    """Shrink ``text`` while ``predicate`` holds (chunk removal, halving chunk sizes)."""
    deadline = time.monotonic() + budget_s
    tests = 0
    current = text
    chunk = max(len(current) // 2, 1)
    while chunk >= 1 and current:
        i = 0
        while i < len(current):
            if tests >= max_tests or time.monotonic() > deadline:
                return current, tests
            candidate = current[:i] + current[i + chunk :]
            tests += 1
            if predicate(candidate):
                current = candidate
            else:
                i += chunk
        if chunk == 1:
            break
        chunk //= 2
    return current, tests


def minimize_hang(
    tag: Callable[[str], Any], text: str, timeout: float, watchdog: Any, max_tests: int = 6
) -> tuple[str, list[tuple[int, float, bool]]]:
    """Halve a hanging input (keep the first or second half) while it still exceeds the timeout."""
    trail: list[tuple[int, float, bool]] = []
    current = text
    for _ in range(max_tests):
        half = len(current) // 2
        if half < 1:
            break
        shrunk = False
        for candidate in (current[:half], current[half:]):
            started = time.perf_counter()
            hung = False
            try:
                with Guard(timeout, watchdog):
                    tag(candidate)
            except CallTimeout:
                hung = True
            except Exception:
                hung = False
            seconds = time.perf_counter() - started
            trail.append((len(candidate), round(seconds, 3), hung or seconds > timeout))
            if hung or seconds > timeout:
                current = candidate
                shrunk = True
                break
            if len(trail) >= max_tests:
                return current, trail
        if not shrunk:
            break
    return current, trail


_RUN_STR = re.compile(r"(.{1,32}?)\1{7,}", re.DOTALL)
_RUN_BYTES = re.compile(rb"(.{1,32}?)\1{7,}", re.DOTALL)


def compact_repr(s: str | bytes, limit: int = 200) -> str:
    """A Python expression for ``s``: ``'.' * 40000``, ``'ab' + '[' * 9000 + ']'`` for text with a
    long run of a repeated unit, else a repr clipped to ``limit`` characters."""
    n = len(s)
    best = None
    if n >= 64:
        pattern = _RUN_BYTES if isinstance(s, bytes) else _RUN_STR
        for match in pattern.finditer(s):  # type: ignore[arg-type]
            if best is None or match.end() - match.start() > best.end() - best.start():
                best = match
    if best is not None and best.end() - best.start() >= n // 4:
        unit = best.group(1)
        k = (best.end() - best.start()) // len(unit)
        head, tail = s[: best.start()], s[best.start() + k * len(unit) :]
        parts = [repr(head)] if head else []
        parts.append(f"{unit!r} * {k}")
        if tail:
            parts.append(compact_repr(tail, limit) if len(tail) >= 64 else repr(tail))
        expr = " + ".join(parts)
        if len(expr) <= limit:
            return expr
    r = repr(s)
    unit_name = "bytes" if isinstance(s, bytes) else "chars"
    return r if len(r) <= limit else r[:limit] + f"...  # {n:,} {unit_name} in total"


# --------------------------------------------------------------------------------------------
# Worker: the in-process fuzz loop
# --------------------------------------------------------------------------------------------
def worker(args: argparse.Namespace) -> int:
    global _GEOTAG_DIR
    import geotag

    _GEOTAG_DIR = str(Path(geotag.__file__).resolve().parent)
    signal.signal(signal.SIGALRM, _on_alarm)
    crash_log = open(args.worker_crash_log, "a")
    faulthandler.enable(file=crash_log)
    validator = make_validator()
    geotag.tag("warm up: NATO and the Quad met in Tokyo.")
    huge = huge_indices(args.seed, args.n, args.huge)
    state_fd = os.open(args.worker_state, os.O_WRONLY | os.O_CREAT, 0o644)
    seen: set[str] = set()
    started = time.monotonic()
    # Line-buffered: a worker killed by the watchdog loses nothing it already wrote.
    with open(args.worker_results, "a", encoding="utf-8", buffering=1) as results:

        def emit(record: dict[str, Any]) -> None:
            results.write(json.dumps(record, ensure_ascii=True) + "\n")

        for processed, index in enumerate(range(args.worker_start, args.n, args.worker_step), 1):
            kind, text = make_input(args.seed, index, huge)
            os.pwrite(state_fd, f"{index:012d}\n".encode(), 0)
            out = run_one(geotag.tag, text, args.timeout_per_input, crash_log, validator)
            size = len(text)
            emit({"i": index, "k": kind, "n": size, "b": len(to_bytes(text)), "t": round(out["seconds"], 6)})
            findings = []
            if out["outcome"] != "ok":
                findings.append({k: out.get(k) for k in ("outcome", "signature", "detail", "interrupted", "traceback")})
            findings += [
                {"outcome": "violation", "signature": kind_, "detail": detail}
                for kind_, detail in dict(out["violations"]).items()
            ]
            for finding in findings:
                finding.update(
                    index=index, input_kind=kind, length=size, seconds=round(out["seconds"], 3), repr=compact_repr(text)
                )
                key = f"{finding['outcome']}|{finding['signature']}"
                if key not in seen:
                    seen.add(key)
                    finding["first_of_signature"] = True
                    shrink_started = time.monotonic()
                    if finding["outcome"] == "hang":
                        small, trail = minimize_hang(geotag.tag, text, args.timeout_per_input, crash_log)
                        finding["hang_trail"] = trail
                    else:
                        small, tests = minimize(
                            text,
                            fails_like(geotag.tag, args.timeout_per_input, crash_log, validator, finding),
                            budget_s=60,
                            max_tests=4000,
                        )
                        finding["minimize_tests"] = tests
                    finding.update(
                        minimal_repr=compact_repr(small),
                        minimal_length=len(small),
                        minimize_seconds=round(time.monotonic() - shrink_started, 1),
                    )
                    if len(small) <= 2000:
                        finding["minimal_full_repr"] = repr(small)
                emit({"finding": finding})
                results.flush()
            if processed % 5000 == 0:
                results.flush()
                rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                emit({"rss_kb": rss})
                print(
                    f"[fuzz worker {args.worker_start % args.worker_step}] {processed:,} inputs "
                    f"(index {index:,}), {time.monotonic() - started:,.0f} s, peak RSS {rss / 1024:,.0f} MB",
                    file=sys.stderr,
                    flush=True,
                )
        emit({"rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss})
        emit({"done": True})
    return 0


# --------------------------------------------------------------------------------------------
# Supervisor: run workers, restart after a death, aggregate
# --------------------------------------------------------------------------------------------
def run_in_process_phase(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    jobs = max(1, args.jobs)
    shards: list[dict[str, Any]] = []
    for w in range(jobs):
        shard = {
            "w": w,
            "next": w,
            "results": workdir / f"worker{w}.jsonl",
            "state": workdir / f"worker{w}.state",
            "crash_log": workdir / f"worker{w}.crash.log",
            "proc": None,
            "deaths": [],
            "done": False,
        }
        shards.append(shard)

    def start(shard: dict[str, Any]) -> None:
        shard["state"].write_text("")
        shard["crash_log"].write_text("")
        cmd = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--seed",
            str(args.seed),
            "--n",
            str(args.n),
            "--huge",
            str(args.huge),
            "--timeout-per-input",
            str(args.timeout_per_input),
            "--worker-start",
            str(shard["next"]),
            "--worker-step",
            str(jobs),
            "--worker-results",
            str(shard["results"]),
            "--worker-state",
            str(shard["state"]),
            "--worker-crash-log",
            str(shard["crash_log"]),
        ]
        shard["proc"] = subprocess.Popen(cmd, cwd=str(workdir), env=CHILD_ENV)

    for shard in shards:
        if shard["next"] < args.n:
            start(shard)
        else:
            shard["done"] = True
    while not all(s["done"] for s in shards):
        time.sleep(0.5)
        for shard in shards:
            proc = shard["proc"]
            if shard["done"] or proc is None or proc.poll() is None:
                continue
            tail = (
                shard["results"].read_text(encoding="utf-8").rstrip().rsplit("\n", 1)[-1]
                if shard["results"].exists()
                else ""
            )
            if proc.returncode == 0 and '"done": true' in tail:
                shard["done"] = True
                continue
            state = shard["state"].read_text().strip()
            index = int(state) if state else shard["next"]
            log = shard["crash_log"].read_text(errors="replace")
            shard["deaths"].append({"index": index, "returncode": proc.returncode, "log": log[-3000:]})
            print(
                f"[fuzz] worker {shard['w']} died (exit {proc.returncode}) at input {index}; restarting",
                file=sys.stderr,
                flush=True,
            )
            shard["next"] = index + jobs
            if shard["next"] >= args.n:
                shard["done"] = True
            else:
                start(shard)

    huge = huge_indices(args.seed, args.n, args.huge)
    records: list[dict[str, Any]] = []
    findings: list[dict[str, Any]] = []
    rss_kb = 0
    for shard in shards:
        if shard["results"].exists():
            for line in shard["results"].read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                if "i" in record:
                    records.append(record)
                elif "finding" in record:
                    findings.append(record["finding"])
                elif "rss_kb" in record:
                    rss_kb = max(rss_kb, record["rss_kb"])
        for death in shard["deaths"]:
            kind, text = make_input(args.seed, death["index"], huge)
            watchdog = "Timeout (" in death["log"]
            code = death["returncode"]
            reason = (
                "hard hang: the watchdog killed the worker"
                if watchdog
                else f"worker died with signal {-code}"
                if code < 0
                else f"worker exited with {code}"
            )
            findings.append(
                {
                    "outcome": "hang" if watchdog else "crash",
                    "signature": reason,
                    "detail": death["log"][-1500:],
                    "index": death["index"],
                    "input_kind": kind,
                    "length": len(text),
                    "repr": compact_repr(text),
                    "first_of_signature": True,
                    "minimal_repr": compact_repr(text),
                    "minimal_length": len(text),
                }
            )
            records.append({"i": death["index"], "k": kind, "n": len(text), "b": len(to_bytes(text)), "t": None})
    children_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "records": records,
        "findings": findings,
        "worker_peak_rss_kb": max(rss_kb, children_rss),
        "worker_restarts": sum(len(s["deaths"]) for s in shards),
    }


# --------------------------------------------------------------------------------------------
# CLI fuzzing
# --------------------------------------------------------------------------------------------
CLI_TEXT_LIMIT = 20_000


def random_id(rng: random.Random, j: int) -> Any:
    choice = rng.randrange(12)
    return [
        j,
        str(j),
        f"doc-{j}",
        None,
        random_unicode(rng, rng.randint(1, 12)),
        f"id-\ud800-{j}",
        [j, "x"],
        {"n": j, "tag": "é"},
        j + 0.5,
        True,
        float("nan"),
        10**30,
    ][choice]


def valid_row(rng: random.Random, text: str, j: int, *, safe: bool = False) -> bytes:
    obj: dict[str, Any] = {"text": text}
    if rng.random() < 0.7:
        obj = {"id": j if safe else random_id(rng, j), **obj}
    if rng.random() < 0.2:
        obj["source"] = rng.choice(["wire", {"name": "x", "lang": "en"}, [1, 2, 3], None])
    ensure_ascii = True if safe else rng.random() < 0.5
    return json.dumps(obj, ensure_ascii=ensure_ascii).encode("utf-8", "surrogatepass")


def malformed_row(rng: random.Random, text: str, j: int) -> tuple[str, bytes]:
    good = json.dumps({"id": j, "text": text}).encode()
    kind = rng.choice(
        [
            "truncated",
            "text_not_str",
            "missing_text",
            "top_level_array",
            "top_level_scalar",
            "trailing_comma",
            "single_quotes",
            "raw_control_char",
            "deep_nesting",
            "huge_int",
            "bom",
            "binary",
            "text_key_case",
            "duplicate_key",
            "trailing_garbage",
        ]
    )
    if kind == "truncated":
        row = good[: rng.randint(0, max(len(good) - 1, 0))]
    elif kind == "text_not_str":
        row = json.dumps({"id": j, "text": rng.choice([1, None, [text[:20]], {"t": text[:20]}, 2.5, True])}).encode()
    elif kind == "missing_text":
        row = json.dumps({"id": j, "body": text[:200]}).encode()
    elif kind == "top_level_array":
        row = json.dumps([text[:200]]).encode()
    elif kind == "top_level_scalar":
        row = rng.choice([b"42", b"null", b'"just a string"', b"true", b"NaN"])
    elif kind == "trailing_comma":
        row = b'{"text": "Japan and India",}'
    elif kind == "single_quotes":
        row = b"{'text': 'NATO met'}"
    elif kind == "raw_control_char":
        row = b'{"text": "NATO\x01met\x00"}'
    elif kind == "deep_nesting":
        depth = logu(rng, 100, 200_000)
        nested = b'{"text": "Japan", "meta": ' + b"[" * depth + b"]" * depth + b"}"
        row = nested if rng.random() < 0.5 else b"[" * depth
    elif kind == "huge_int":
        row = b'{"text": "Quad", "id": 1' + b"0" * logu(rng, 4300, 100_000) + b"}"
    elif kind == "bom":
        row = b"\xef\xbb\xbf" + good
    elif kind == "binary":
        row = bytes(rng.randrange(256) for _ in range(rng.randint(1, 200))).replace(b"\n", b" ")
    elif kind == "text_key_case":
        row = json.dumps({"Text": text[:200]}).encode()
    elif kind == "duplicate_key":  # valid JSON; the last key wins
        row = b'{"text": 1, "text": "Japan and India"}'
    else:
        row = good + rng.choice([b" x", b"}", b"{}", b"\x00"])
    return kind, row


def invalid_utf8_row(rng: random.Random, text: str, j: int) -> bytes:
    row = bytearray(valid_row(rng, text, j))
    for _ in range(rng.randint(1, 6)):
        junk = rng.choice(
            [b"\x80", b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xc0\xaf", b"\xf4\x90\x80\x80", b"\xe2\x82", b"\xfe\xfe"]
        )
        pos = rng.randint(0, len(row))
        row[pos:pos] = junk
    return bytes(row)


def cli_text(seed: int, j: int) -> str:
    _, text = make_input(seed, 10**9 + j, set())  # an index space of its own, never huge
    return text[:CLI_TEXT_LIMIT]


def build_batch(rng: random.Random, seed: int, first: int, count: int) -> tuple[bytes, Counter[str]]:
    lines: list[bytes] = []
    mix: Counter[str] = Counter()
    for j in range(first, first + count):
        text = cli_text(seed, j)
        roll = rng.random()
        if roll < 0.6:
            row, kind = valid_row(rng, text, j), "valid"
        elif roll < 0.82:
            kind, row = malformed_row(rng, text, j)
            kind = f"malformed:{kind}"
        elif roll < 0.97:
            row, kind = invalid_utf8_row(rng, text, j), "invalid_utf8"
        else:
            row, kind = rng.choice([b"", b"   ", b"\t", b"\r"]), "blank"
        mix[kind] += 1
        lines.append(row.replace(b"\n", b"\\n"))  # a row is one line
    ending = b"\r\n" if rng.random() < 0.1 else b"\n"
    data = ending.join(lines)
    if rng.random() < 0.8:
        data += ending
    return data, mix


def jsonl_oracle(data: bytes) -> dict[str, Any]:
    """What the CLI must accept: rows that are JSON objects with a str "text" after UTF-8 replacement."""
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    accepted_ids: list[Any] = []
    skipped = 0
    unparseable = 0
    for raw in lines:
        line = raw.decode("utf-8", "replace")
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except RecursionError:
            skipped += 1
            unparseable += 1
            continue
        except ValueError:
            skipped += 1
            continue
        if isinstance(row, dict) and isinstance(row.get("text"), str):
            accepted_ids.append(row.get("id"))
        else:
            skipped += 1
    return {
        "accepted": len(accepted_ids),
        "ids": accepted_ids,
        "skipped": skipped,
        "too_deep_for_python_json": unparseable,
    }


def same_json(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


# The environment of every child process (workers and CLI runs); --snapshot points PYTHONPATH at a copy.
CHILD_ENV: dict[str, str] | None = None


def run_cli(path: Path, extra: list[str], timeout: float) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "geotag", "tag", "--jsonl", str(path), *extra]
    started = time.perf_counter()
    try:
        proc = subprocess.run(
            cmd, capture_output=True, timeout=timeout, cwd=str(path.parent), check=False, env=CHILD_ENV
        )
    except subprocess.TimeoutExpired as exc:
        return {
            "timeout": True,
            "seconds": time.perf_counter() - started,
            "stdout": exc.stdout or b"",
            "stderr": exc.stderr or b"",
            "returncode": None,
            "cmd": cmd,
        }
    return {
        "timeout": False,
        "seconds": time.perf_counter() - started,
        "stdout": proc.stdout,
        "stderr": proc.stderr,
        "returncode": proc.returncode,
        "cmd": cmd,
    }


def exception_name(stderr: str) -> str:
    for line in reversed(stderr.strip().splitlines()):
        head = line.split(":", 1)[0].strip()
        if head.endswith(("Error", "Exception", "Interrupt", "Exit")) and " " not in head:
            return head
    return "?"


def check_skip_invalid_run(data: bytes, run: dict[str, Any]) -> list[tuple[str, str]]:
    oracle = jsonl_oracle(data)
    problems: list[tuple[str, str]] = []
    stderr = run["stderr"].decode("utf-8", "replace")
    if run["timeout"]:
        return [("cli-timeout", f"no exit after {run['seconds']:.0f} s")]
    if "Traceback" in stderr:
        problems.append((f"cli-traceback:{exception_name(stderr)}", stderr.strip().splitlines()[-1][:300]))
    if run["returncode"] != 0:
        problems.append(("cli-exit-code", f"exit {run['returncode']}: {stderr.strip()[-300:]}"))
    out_lines = run["stdout"].split(b"\n")
    if out_lines and out_lines[-1] == b"":
        out_lines.pop()
    if len(out_lines) != oracle["accepted"]:
        problems.append(("cli-line-count", f"{len(out_lines)} output lines for {oracle['accepted']} accepted rows"))
    parsed: list[Any] = []
    for number, line in enumerate(out_lines, 1):
        try:
            parsed.append(json.loads(line.decode("utf-8")))
        except (UnicodeDecodeError, ValueError) as exc:
            problems.append(("cli-bad-output", f"output line {number}: {type(exc).__name__}: {exc}"[:300]))
            break
    else:
        for number, (want, got) in enumerate(zip(oracle["ids"], parsed, strict=False), 1):
            if want is not None and not same_json(got.get("id"), want):
                problems.append(("cli-id-mismatch", f"row {number}: id {got.get('id')!r} != {want!r}"[:300]))
                break
    if not run["timeout"] and run["returncode"] == 0 and oracle["skipped"]:
        expected = f"geotag: skipped {oracle['skipped']} invalid rows"
        if expected not in stderr:
            problems.append(("cli-skip-count", f"expected {expected!r} on stderr, got {stderr.strip()[-200:]!r}"))
    if any(k.startswith("cli-traceback:") for k, _ in problems):
        # The exit code, the missing lines and the count are consequences of the crash: fold them in.
        tail = "; ".join(f"{k}: {d}" for k, d in problems if not k.startswith("cli-traceback:"))
        problems = [(k, f"{d} ({tail})" if tail else d) for k, d in problems if k.startswith("cli-traceback:")]
    return problems


def rows_of(data: bytes) -> list[bytes]:
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return lines


def minimize_cli(
    rows: list[bytes], target: str, extra: list[str], workdir: Path, timeout: float, budget_runs: int = 40
) -> tuple[list[bytes], int]:
    """Bisect a failing batch down to the rows that still fail with ``target``."""
    runs = 0
    path = workdir / "cli_minimize.jsonl"

    def fails(subset: list[bytes]) -> bool:
        nonlocal runs
        runs += 1
        data = b"\n".join(subset) + b"\n"
        path.write_bytes(data)
        return any(k == target for k, _ in check_skip_invalid_run(data, run_cli(path, extra, timeout)))

    current = rows
    while len(current) > 1 and runs < budget_runs:
        half = len(current) // 2
        if fails(current[:half]):
            current = current[:half]
        elif fails(current[half:]):
            current = current[half:]
        else:
            break
    if len(current) == 1:  # one row left: try simpler versions of it
        for simpler in simpler_rows(current[0]):
            if runs >= budget_runs:
                break
            if fails([simpler]):
                current = [simpler]
                break
    return current, runs


def simpler_rows(row: bytes) -> list[bytes]:
    """Shorter variants of a JSON Lines row: short text, no extra keys, keep the odd parts."""
    try:
        obj = json.loads(row.decode("utf-8", "replace"))
    except (ValueError, RecursionError):
        return [row[: len(row) // 2]] if len(row) > 64 else []
    if not isinstance(obj, dict):
        return []
    out = []
    for keep in (["id"], ["id", "text"], list(obj)):
        small = {k: obj[k] for k in keep if k in obj}
        small["text"] = "Japan and India" if "text" in obj else small.get("text")
        if "text" not in obj:
            small.pop("text")
        for ensure_ascii in (True, False):
            candidate = json.dumps(small, ensure_ascii=ensure_ascii).encode("utf-8", "surrogatepass")
            if len(candidate) < len(row) and candidate not in out:
                out.append(candidate)
    return sorted(out, key=len)


def run_cli_phase(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    rng = random.Random(f"{args.seed}:cli")
    summary: dict[str, Any] = {
        "runs": 0,
        "rows": 0,
        "accepted": 0,
        "skipped": 0,
        "row_mix": Counter(),
        "strict_runs": 0,
        "findings": [],
        "seconds": 0.0,
    }
    started = time.perf_counter()
    seen: set[str] = set()
    j = 0
    batch_no = 0
    while j < args.cli_n:
        count = min(rng.randint(40, 160), args.cli_n - j)
        data, mix = build_batch(rng, args.seed, j, count)
        path = workdir / f"cli_batch_{batch_no}.jsonl"
        path.write_bytes(data)
        extra = ["--skip-invalid", "--errors", "replace", "--quiet"]
        if rng.random() < 0.2:
            extra += ["--jobs", "2", "--batch-size", str(rng.choice([1, 7, 64]))]
        run = run_cli(path, extra, args.cli_timeout)
        oracle = jsonl_oracle(data)
        summary["runs"] += 1
        summary["rows"] += count
        summary["accepted"] += oracle["accepted"]
        summary["skipped"] += oracle["skipped"]
        summary["row_mix"].update(mix)
        for kind, detail in check_skip_invalid_run(data, run):
            finding = {
                "outcome": "cli",
                "signature": kind,
                "detail": detail,
                "batch": batch_no,
                "rows": count,
                "command": "python -m geotag tag --jsonl FILE " + " ".join(extra),
                "seconds": round(run["seconds"], 2),
            }
            if kind not in seen:
                seen.add(kind)
                finding["first_of_signature"] = True
                small, runs = minimize_cli(rows_of(data), kind, extra, workdir, args.cli_timeout)
                finding["minimal_rows"] = [compact_repr(r) for r in small[:3]]
                finding["minimal_row_count"] = len(small)
                finding["minimize_runs"] = runs
            summary["findings"].append(finding)
        batch_no += 1
        j += count
        if batch_no % 5 == 0:
            print(
                f"[fuzz cli] {j:,}/{args.cli_n:,} rows, {len(summary['findings'])} findings",
                file=sys.stderr,
                flush=True,
            )

    # Without --skip-invalid: one bad row must stop the run with exit 1 and a one-line error.
    bad_kinds = [
        "malformed:truncated",
        "malformed:text_not_str",
        "malformed:top_level_array",
        "malformed:single_quotes",
        "malformed:deep_nesting",
        "invalid_utf8_strict",
        "malformed:missing_text",
        "malformed:binary",
    ]
    strict_results = []
    for number in range(args.cli_strict):
        kind = bad_kinds[number % len(bad_kinds)]
        rows = [
            valid_row(
                rng,
                cli_text(args.seed, 5 * 10**8 + number * 100 + k).encode("utf-8", "replace").decode("utf-8"),
                k,
                safe=True,
            )
            for k in range(rng.randint(3, 25))
        ]
        if kind == "invalid_utf8_strict":
            bad = b'{"id": "bad", "text": "Japan \xff\xfe and India"}'
            extra = ["--quiet"]
        else:
            while True:
                got, bad = malformed_row(rng, "NATO allies met in Brussels.", 99)
                bad = bad.replace(b"\n", b" ")
                verdict = jsonl_oracle(bad + b"\n")
                if f"malformed:{got}" == kind and verdict["accepted"] == 0 and verdict["skipped"] == 1:
                    break
            extra = ["--quiet", "--errors", "replace"]
        position = rng.randint(0, len(rows))
        rows.insert(position, bad.replace(b"\n", b" "))
        data = b"\n".join(rows) + b"\n"
        path = workdir / f"cli_strict_{number}.jsonl"
        path.write_bytes(data)
        run = run_cli(path, extra, args.cli_timeout)
        stderr = run["stderr"].decode("utf-8", "replace").strip()
        problems = []
        if run["timeout"]:
            problems.append(("cli-strict-timeout", "no exit"))
        else:
            if "Traceback" in stderr:
                problems.append((f"cli-strict-traceback:{exception_name(stderr)}", stderr.splitlines()[-1][:300]))
            if run["returncode"] != 1:
                problems.append(("cli-strict-exit-code", f"exit {run['returncode']} (expected 1)"))
            if len(stderr.splitlines()) != 1 or not stderr.startswith("geotag: error:"):
                problems.append(
                    ("cli-strict-not-one-line", f"{len(stderr.splitlines())} stderr lines: {stderr[:200]!r}")
                )
            if any(k.startswith("cli-strict-traceback:") for k, _ in problems):  # fold consequences in
                problems = [(k, d) for k, d in problems if k.startswith("cli-strict-traceback:")]
        strict_results.append(
            {
                "bad_row": kind,
                "position": position + 1,
                "rows": len(rows),
                "returncode": run["returncode"],
                "stderr": stderr[-300:],
                "ok": not problems,
            }
        )
        for kind_, detail in problems:
            summary["findings"].append(
                {
                    "outcome": "cli",
                    "signature": kind_,
                    "detail": detail,
                    "first_of_signature": kind_ not in seen,
                    "command": "python -m geotag tag --jsonl FILE " + " ".join(extra),
                    "bad_row_kind": kind,
                    "minimal_rows": [compact_repr(bad)],
                    "minimal_row_count": 1,
                }
            )
            seen.add(kind_)
        summary["strict_runs"] += 1
    # An empty file is fine: exit 0, nothing out.
    empty = workdir / "cli_empty.jsonl"
    empty.write_bytes(b"")
    run = run_cli(empty, ["--skip-invalid", "--errors", "replace", "--quiet"], args.cli_timeout)
    if run["returncode"] != 0 or run["stdout"] or b"Traceback" in run["stderr"]:
        summary["findings"].append(
            {
                "outcome": "cli",
                "signature": "cli-empty-file",
                "first_of_signature": True,
                "detail": f"exit {run['returncode']}, stderr {run['stderr'][-200:]!r}",
            }
        )
    summary["strict"] = strict_results
    summary["row_mix"] = dict(sorted(summary["row_mix"].items()))
    summary["seconds"] = time.perf_counter() - started
    return summary


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------
def installed_package() -> Path:
    import geotag

    return Path(geotag.__file__).resolve().parent


def code_state(package: Path | None = None) -> dict[str, str]:
    """The tested code: git commit, whether geotag/ has local changes, a hash of the package files."""
    import hashlib

    package = package or installed_package()
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    state = {"package_sha256": digest.hexdigest()[:16]}
    try:
        state["commit"] = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "geotag"], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()
        state["local_changes"] = "yes" if dirty else "no"
    except OSError:
        pass
    return state


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {"platform": platform.platform(), "python": sys.version.split()[0], "cpus": os.cpu_count()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    try:
        import numpy

        info["numpy"] = numpy.__version__
    except ImportError:
        pass
    import geotag

    info["geotag"] = geotag.__version__
    return info


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1) + 0.5))]


def summarize(
    args: argparse.Namespace, phase: dict[str, Any], cli: dict[str, Any] | None, total_seconds: float, command: str
) -> dict[str, Any]:
    records = phase["records"]
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        by_kind[record["k"]].append(record)
    mix = {}
    for kind, rows in sorted(by_kind.items()):
        times = [r["t"] for r in rows if r["t"] is not None]
        mix[kind] = {
            "inputs": len(rows),
            "max_chars": max(r["n"] for r in rows),
            "p50_ms": round(1000 * percentile(times, 0.5), 3),
            "p99_ms": round(1000 * percentile(times, 0.99), 3),
            "max_s": round(max(times, default=0.0), 3),
        }
    timed = [r for r in records if r["t"] is not None]
    largest = max(records, key=lambda r: r["b"]) if records else None
    slowest = max(timed, key=lambda r: r["t"]) if timed else None
    huge = sorted(
        (
            {"index": r["i"], "kind": r["k"], "mb": round(r["b"] / MB, 2), "seconds": r["t"]}
            for r in records
            if r["k"].startswith("huge_")
        ),
        key=lambda h: h["index"],
    )

    grouped: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for finding in phase["findings"]:
        grouped[(finding["outcome"], finding["signature"])].append(finding)
    unique = []
    for (outcome, signature), items in sorted(grouped.items()):
        first = next((f for f in items if f.get("first_of_signature")), items[0])
        unique.append(
            {
                "outcome": outcome,
                "signature": signature,
                "count": len(items),
                "indices": [f["index"] for f in items][:200],
                "example": first,
                "occurrences": [
                    {k: f.get(k) for k in ("index", "input_kind", "length", "seconds", "detail", "repr")}
                    for f in items[:200]
                ],
            }
        )
    counts = Counter(f["outcome"] for f in phase["findings"])
    cli_unique: list[dict[str, Any]] = []
    if cli is not None:
        cli_grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for finding in cli["findings"]:
            cli_grouped[finding["signature"]].append(finding)
        for signature, items in sorted(cli_grouped.items()):
            first = next((f for f in items if f.get("first_of_signature")), items[0])
            cli_unique.append({"signature": signature, "count": len(items), "example": first})
    return {
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": command,
        "seed": args.seed,
        "timeout_per_input_s": args.timeout_per_input,
        "schema_checked": make_validator() is not None,
        "machine": machine(),
        "code_at_start": args.code_at_start,
        "code_at_end": code_state(installed_package()),
        "snapshot": args.snapshot,
        "total_seconds": round(total_seconds, 1),
        "in_process": {
            "inputs": len(records),
            "requested": args.n,
            "worker_restarts": phase["worker_restarts"],
            "seconds_in_tag": round(sum(r["t"] for r in timed), 1),
            "total_chars": sum(r["n"] for r in records),
            "total_utf8_bytes": sum(r["b"] for r in records),
            "crashes": counts["crash"],
            "hangs": counts["hang"],
            "violations": counts["violation"],
            "unique_findings": len(unique),
            "largest_input": None
            if largest is None
            else {
                "index": largest["i"],
                "kind": largest["k"],
                "chars": largest["n"],
                "utf8_bytes": largest["b"],
                "seconds": largest["t"],
            },
            "slowest_input": None
            if slowest is None
            else {"index": slowest["i"], "kind": slowest["k"], "chars": slowest["n"], "seconds": slowest["t"]},
            "huge_inputs": huge,
            "peak_rss_mb": round(phase["worker_peak_rss_kb"] / 1024, 1),
            "input_mix": mix,
            "findings": unique,
        },
        "cli": None
        if cli is None
        else {
            "runs": cli["runs"],
            "rows": cli["rows"],
            "accepted_rows": cli["accepted"],
            "skipped_rows": cli["skipped"],
            "row_mix": cli["row_mix"],
            "strict_runs": cli["strict_runs"],
            "strict": cli["strict"],
            "seconds": round(cli["seconds"], 1),
            "failures": len(cli["findings"]),
            "findings": cli_unique,
        },
    }


def md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "\\n").replace("`", "'")


def code_note(report: dict[str, Any]) -> str:
    start, end = report["code_at_start"], report["code_at_end"]
    changed = end["package_sha256"] != start["package_sha256"]
    if report.get("snapshot"):
        note = " — fuzzed as a frozen copy taken at the start (`--snapshot`)"
        if changed:
            note += f"; the working tree was edited meanwhile (at the end: commit {end.get('commit', '?')})"
        return note
    if not changed:
        return " (unchanged during the run)"
    return (
        f" — **changed during the run**: at the end commit {end.get('commit', '?')}, local changes "
        f"{end.get('local_changes', '?')}, sha256 {end['package_sha256']}"
    )


def render_markdown(report: dict[str, Any]) -> str:
    ip = report["in_process"]
    cli = report["cli"]
    m = report["machine"]
    start = report["code_at_start"]
    problems = ip["crashes"] + ip["hangs"] + ip["violations"] + (cli["failures"] if cli else 0)
    lines = [
        "# geotag fuzz report",
        "",
        f"Generated {report['generated']} by `tests/fuzz/fuzz_tag.py` (see README.md here). "
        f"**Verdict: {'FAIL' if problems else 'PASS'}** — "
        + (
            f"{ip['crashes']} crashes, {ip['hangs']} hangs, {ip['violations']} invariant violations in-process"
            + (f", {cli['failures']} CLI failures" if cli else "")
            + "."
        ),
        "",
        "| | |",
        "|---|---|",
        f"| Command | `{report['command']}` |",
        f"| Seed | {report['seed']} (every input is a function of seed and index: `--seed {report['seed']} "
        "--replay INDEX`) |",
        f"| Inputs fuzzed in-process (`geotag.tag`) | {ip['inputs']:,} ({ip['total_utf8_bytes'] / MB:,.1f} MB of UTF-8 "
        f"in total; {ip['worker_restarts']} worker restarts) |",
        (
            f"| Inputs fuzzed via CLI (`python -m geotag tag --jsonl`) | {cli['rows']:,} rows in {cli['runs']} runs "
            f"({cli['accepted_rows']:,} accepted, {cli['skipped_rows']:,} invalid) + {cli['strict_runs']} runs "
            "without `--skip-invalid` + 1 empty file |"
        )
        if cli
        else "| Inputs via CLI | skipped |",
        f"| Crashes | {ip['crashes']:,} |",
        f"| Hangs (> {report['timeout_per_input_s']:g} s per call) | {ip['hangs']:,} |",
        f"| Invariant violations | {ip['violations']:,} |",
        f"| CLI failures | {cli['failures'] if cli else 'n/a'} |",
    ]
    largest = ip["largest_input"]
    if largest:
        lines.append(
            f"| Largest input | {largest['utf8_bytes'] / MB:,.2f} MB ({largest['chars']:,} chars, "
            f"{largest['kind']}, index {largest['index']}) in "
            + (f"{largest['seconds']:.2f} s |" if largest["seconds"] is not None else "n/a |")
        )
    slowest = ip["slowest_input"]
    if slowest:
        lines.append(
            f"| Slowest call | {slowest['seconds']:.2f} s ({slowest['chars']:,} chars, {slowest['kind']}, "
            f"index {slowest['index']}) |"
        )
    lines += [
        f"| Peak RSS of the fuzzing process | {ip['peak_rss_mb']:,.0f} MB (`ru_maxrss`) |",
        f"| Time | {report['total_seconds']:,.0f} s in total; {ip['seconds_in_tag']:,.0f} s inside `geotag.tag` |",
        f"| Machine | {m.get('cpu', '?')}, {m.get('cpus')} CPUs, {m.get('memory_gb', '?')} GB; "
        f"{m['platform']}; Python {m['python']}, numpy {m.get('numpy', '?')} |",
        f"| geotag | {m['geotag']}, commit {start.get('commit', '?')}, local changes in geotag/: "
        f"{start.get('local_changes', '?')}, package files sha256 {start['package_sha256']}{code_note(report)} |",
        "",
        "Invariants checked on every in-process result: no exception; `0 <= relevance <= 1`; every topic "
        "and domain score in [0, 1]; topics unique and sorted by (-score, id); every evidence span and every "
        "country/region/organisation mention has `text[start:end] == span.text` within the input; "
        "countries, regions and organisations ordered by first mention (documented on `TagResult`); "
        "`json.dumps(result.to_dict(), allow_nan=False)` works"
        + (" and the dict validates against `geotag/data/tag_result.schema.json`" if report["schema_checked"] else "")
        + "; no call takes longer than the timeout.",
        "",
    ]
    lines += ["## Findings (in-process)", ""]
    if not ip["findings"]:
        lines += ["None.", ""]
    for number, f in enumerate(ip["findings"], 1):
        ex = f["example"]
        lines += [
            f"### {number}. {f['outcome']}: {md_escape(f['signature'])}",
            "",
            f"- Occurrences: {f['count']:,} (first at index {f['indices'][0]}; input kinds: "
            + ", ".join(f"{k} ×{c}" for k, c in Counter(o["input_kind"] for o in f["occurrences"]).most_common(6))
            + ")",
            f"- Detail: `{md_escape(str(ex.get('detail', ''))[:300])}`",
            f"- Input that found it ({ex['length']:,} chars"
            + (f", {ex['seconds']} s" if ex.get("seconds") is not None else ", the worker died on it")
            + f"): `{md_escape(ex['repr'][:200])}`",
            f"- Minimal reproducer ({ex.get('minimal_length', ex['length']):,} chars): "
            f"`geotag.tag({md_escape(ex.get('minimal_repr', ex['repr'])[:200])})`",
        ]
        if ex.get("hang_trail"):
            lines.append(
                "- Halving trail (chars, seconds, still over the timeout): "
                + ", ".join(f"({n:,}, {s}, {h})" for n, s, h in ex["hang_trail"])
            )
            trail = [(ex["length"], ex.get("seconds") or 0.0, True), *ex["hang_trail"]]
            parent = trail[0]
            for entry in trail[1:]:
                if entry[2]:
                    parent = entry
                elif entry[1] > 0 and parent[1] > 0:
                    lines.append(
                        f"- Growth: {entry[0]:,} chars took {entry[1]} s, {parent[0]:,} chars at least {parent[1]} s: "
                        f"×{parent[1] / entry[1]:.1f} or more for ×{parent[0] / entry[0]:.0f} the input "
                        "(linear ≈ 2, quadratic ≈ 4)"
                    )
                    break
        lines.append(f"- Replay: `python tests/fuzz/fuzz_tag.py --seed {report['seed']} --replay {f['indices'][0]}`")
        lines.append("")
    if cli:
        lines += [
            "## CLI",
            "",
            f"{cli['runs']} runs of `python -m geotag tag --jsonl FILE --skip-invalid --errors replace --quiet` "
            "(a fifth of them also with `--jobs 2 --batch-size 1|7|64`) over "
            f"{cli['rows']:,} rows ({cli['seconds']:,.0f} s). Checked: exit code 0, no `Traceback` on stderr, "
            "one output line per accepted row (a JSON object with a str `text` after UTF-8 replacement), "
            "every output line valid UTF-8 JSON, ids carried over in order, the skipped-row count on stderr.",
            "",
            "Row mix: " + ", ".join(f"{k} {v}" for k, v in cli["row_mix"].items()) + ".",
            "",
            f"{cli['strict_runs']} runs without `--skip-invalid`, each with one bad row among valid ones "
            "(must exit 1 with a one-line `geotag: error:` and no traceback): "
            + ", ".join(f"{s['bad_row']} {'ok' if s['ok'] else 'FAILED'}" for s in cli["strict"])
            + ".",
            "",
        ]
        if not cli["findings"]:
            lines += ["CLI findings: none.", ""]
        for number, f in enumerate(cli["findings"], 1):
            ex = f["example"]
            lines += [
                f"### CLI {number}. {md_escape(f['signature'])}",
                "",
                f"- Failed runs: {f['count']}; command: `{ex.get('command', '')}`",
                f"- Detail: `{md_escape(str(ex.get('detail', ''))[:300])}`",
            ]
            if ex.get("minimal_rows"):
                lines.append(
                    f"- Minimal input ({ex.get('minimal_row_count')} row(s), bytes): "
                    + "; ".join(f"`{md_escape(r[:200])}`" for r in ex["minimal_rows"])
                )
            lines.append("")
    lines += [
        "## Input mix (in-process)",
        "",
        "| kind | inputs | max chars | p50 ms | p99 ms | max s |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for kind, row in ip["input_mix"].items():
        lines.append(
            f"| {kind} | {row['inputs']:,} | {row['max_chars']:,} | {row['p50_ms']} | {row['p99_ms']} | "
            f"{row['max_s']} |"
        )
    lines += [
        "",
        "Huge inputs: "
        + (
            ", ".join(
                f"{h['mb']} MB {h['kind']} in " + (f"{h['seconds']:.2f} s" if h["seconds"] is not None else "n/a")
                for h in ip["huge_inputs"]
            )
            or "none"
        )
        + ".",
        "",
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------
def replay(args: argparse.Namespace) -> int:
    global _GEOTAG_DIR
    import geotag

    _GEOTAG_DIR = str(Path(geotag.__file__).resolve().parent)
    signal.signal(signal.SIGALRM, _on_alarm)
    kind, text = make_input(args.seed, args.replay, huge_indices(args.seed, args.n, args.huge))
    print(f"input {args.replay} (seed {args.seed}): {kind}, {len(text):,} chars: {compact_repr(text)}")
    out = run_one(geotag.tag, text, args.timeout_per_input, None, make_validator())
    print(f"{out['outcome']} in {out['seconds']:.3f} s {out.get('signature') or ''} {out.get('detail') or ''}")
    if out.get("traceback"):
        print(out["traceback"])
    for kind_, detail in out["violations"]:
        print(f"violation {kind_}: {detail}")
    return 0 if out["outcome"] == "ok" and not out["violations"] else 1


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=100_000, help="in-process inputs (default 100,000)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: a fresh one, reported)")
    parser.add_argument("--cli-n", type=int, default=2000, help="JSON Lines rows sent through the CLI (default 2000)")
    parser.add_argument(
        "--cli-strict", type=int, default=8, help="CLI runs without --skip-invalid, each with one bad row (default 8)"
    )
    parser.add_argument(
        "--timeout-per-input",
        type=float,
        default=10.0,
        help="seconds one geotag.tag() call may take before it counts as a hang (default 10)",
    )
    parser.add_argument("--cli-timeout", type=float, default=600.0, help="seconds per CLI run (default 600)")
    parser.add_argument("--huge", type=int, default=5, help="inputs of 1-10 MB among the --n (default 5)")
    parser.add_argument("--jobs", type=int, default=1, help="in-process worker processes (default 1)")
    parser.add_argument(
        "--out",
        type=Path,
        default=HERE / "report.md",
        help="markdown report path; the JSON report goes next to it (default tests/fuzz/report.md)",
    )
    parser.add_argument(
        "--snapshot",
        action="store_true",
        help="fuzz a frozen copy of the installed geotag package (for a tree that others are editing)",
    )
    parser.add_argument(
        "--replay",
        type=int,
        default=None,
        metavar="INDEX",
        help="regenerate input INDEX of --seed, tag it, print the outcome, exit",
    )
    for name in ("--worker-start", "--worker-step"):
        parser.add_argument(name, type=int, default=None, help=argparse.SUPPRESS)
    for name in ("--worker-results", "--worker-state", "--worker-crash-log"):
        parser.add_argument(name, default=None, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def freeze(args: argparse.Namespace, source: Path, frozen: Path) -> None:
    """Copy the package to ``frozen`` and make every child process import it from there."""
    global CHILD_ENV
    shutil.copytree(source, frozen / "geotag", ignore=shutil.ignore_patterns("__pycache__"))
    path = os.pathsep.join(p for p in (str(frozen), os.environ.get("PYTHONPATH", "")) if p)
    CHILD_ENV = {**os.environ, "PYTHONPATH": path}
    args.code_at_start = {**args.code_at_start, "package_sha256": code_state(frozen / "geotag")["package_sha256"]}
    where = subprocess.run(
        [sys.executable, "-c", "import geotag; print(geotag.__file__)"],
        capture_output=True,
        text=True,
        env=CHILD_ENV,
        check=True,
        cwd=str(frozen.parent),  # as the workers and CLI runs: never the repository root
    ).stdout.strip()
    if not where.startswith(str(frozen)):
        raise SystemExit(f"--snapshot: child processes import geotag from {where}, not from the copy")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker_start is not None:
        return worker(args)
    if args.seed is None:
        args.seed = int.from_bytes(os.urandom(3), "big")
    if args.replay is not None:
        return replay(args)
    started = time.perf_counter()
    shown = list(argv if argv is not None else sys.argv[1:])
    if "--seed" not in shown:
        shown += ["--seed", str(args.seed)]
    command = "python tests/fuzz/fuzz_tag.py " + " ".join(shlex.quote(a) for a in shown)
    source = installed_package()
    args.code_at_start = code_state(source)
    print(f"[fuzz] {command}", file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory(prefix="geotag-fuzz-") as tmp:
        workdir = Path(tmp)
        if args.snapshot:
            freeze(args, source, workdir / "snapshot")
        phase = run_in_process_phase(args, workdir)
        print(
            f"[fuzz] in-process phase done: {len(phase['records']):,} inputs, {len(phase['findings'])} findings "
            f"({time.perf_counter() - started:,.0f} s)",
            file=sys.stderr,
            flush=True,
        )
        cli = run_cli_phase(args, workdir) if args.cli_n > 0 or args.cli_strict > 0 else None
    report = summarize(args, phase, cli, time.perf_counter() - started, command)
    if report["code_at_end"]["package_sha256"] != args.code_at_start["package_sha256"] and not args.snapshot:
        print("[fuzz] warning: the geotag package changed during the run", file=sys.stderr, flush=True)
    out_md = args.out
    out_md.parent.mkdir(parents=True, exist_ok=True)
    out_md.write_text(render_markdown(report), encoding="utf-8")
    out_md.with_suffix(".json").write_text(json.dumps(report, indent=1, ensure_ascii=True) + "\n", encoding="utf-8")
    ip = report["in_process"]
    failures = ip["crashes"] + ip["hangs"] + ip["violations"] + (report["cli"]["failures"] if report["cli"] else 0)
    print(
        f"[fuzz] wrote {out_md} and {out_md.with_suffix('.json')}: {ip['crashes']} crashes, {ip['hangs']} hangs, "
        f"{ip['violations']} violations, {report['cli']['failures'] if report['cli'] else 0} CLI failures "
        f"({report['total_seconds']:,.0f} s)",
        file=sys.stderr,
        flush=True,
    )
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
