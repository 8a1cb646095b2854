"""Text analysis shared by training and inference: sentences, word tokens and n-gram features.

The same functions feed scikit-learn at training time and the numpy inference path, so both see
identical features. Features are lowercase word unigrams and bigrams (words of two or more
``\\w`` characters, stop words removed); bigrams never cross a sentence boundary.

Example:
    >>> analyze("Naval drills began. Talks follow.")
    ['naval', 'drills', 'naval drills', 'began', 'drills began', 'talks', 'follow', 'talks follow']
"""

from __future__ import annotations

import re
from itertools import filterfalse

__all__ = ["STOP_WORDS", "analyze", "lead_size", "lowercase", "sentence_spans", "sentence_tokens"]

WORD_PATTERN = re.compile(r"\w\w+")
# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before whitespace and
# an uppercase letter, digit or opening quote; or at a line break. Single capital initials
# ("U.S. forces", "J. Smith") are not boundaries: a one-letter word before the dot never ends one.
# Candidate sentence ends: a run of . ! ? (with closing quotes or brackets) and the whitespace after
# it, or a line break and the whitespace after it. The pattern can never fail once it starts, so
# finditer reads every character once (no re-scanning inside long runs of dots or spaces); whether a
# candidate really ends a sentence is decided in Python from its neighbours.
_BOUNDARY = re.compile(r"[.!?]++[\"'”’)\]]*+\s*+|\n\s*+")
_SENTENCE_START = re.compile(r"[\"“‘(\[]?[A-Z0-9À-ÖØ-Þ]")
_ABBREVIATIONS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "rep",
        "sen",
        "gov",
        "prof",
        "jr",
        "sr",
        "no",
        "vs",
        "jan",
        "feb",
        "aug",
        "sept",
        "oct",
        "nov",
        "dec",
        "inc",
        "corp",
        "co",
        "ltd",
        "adm",
        "maj",
        "cmdr",
        "rev",
        "ft",
        "mt",
        "approx",
        "est",
    }
)

# Function words carry no topic; dropping them keeps bigrams such as "naval drills" together.
STOP_WORDS: frozenset[str] = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "said",
        "says",
        "say",
        "according",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
    ]
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` character spans of the sentences of ``text`` (whitespace trimmed).

    Example:
        >>> sentence_spans("U.S. ships sailed. China objected!")
        [(0, 18), (19, 34)]
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        found = match.start()
        group = match.group()
        if group[0] == "\n":
            if group.count("\n") < 2:
                continue  # a single line break inside a paragraph
        elif "\n" not in group:
            # Same-line boundary: whitespace, then a capital or digit, after two letters
            # ("U.S. forces" and "3.5" are no boundaries).
            if not group[-1].isspace() or _SENTENCE_START.match(text, match.end()) is None:
                continue
            before = text[max(0, found - 3) : found].rstrip(")\"'”’]")
            if len(before) < 2 or not (before[-1].isalpha() and before[-2].isalpha()):
                continue
        end = found + len(group.rstrip())
        # Only the word before the full stop matters: look back a few characters, not to `start`
        # (after many rejected "Mr." boundaries that slice would grow with the text).
        window = text[max(start, found - 12) : found]
        last_word = window[window.rfind(" ") + 1 :].lower()
        if last_word in _ABBREVIATIONS:
            continue
        spans.append((start, end))
        start = match.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def lowercase(text: str) -> str:
    """Return ``text`` lowercased with every character at its original offset.

    ``str.lower`` keeps the length of almost every text; the rare letters it expands (such as
    "İ") are kept as they are, so spans found in the result are spans of ``text``.

    Example:
        >>> lowercase("NATO İzmir")
        'nato İzmir'
    """
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(low if len(low := c.lower()) == 1 else c for c in text)


def sentence_tokens(text: str, spans: list[tuple[int, int]], lower: str | None = None) -> list[list[str]]:
    """Return the lowercase content words (stop words removed) of each sentence span.

    ``lower`` is :func:`lowercase` of ``text`` when the caller already has it.
    """
    low = lowercase(text) if lower is None else lower
    is_stop = STOP_WORDS.__contains__
    find = WORD_PATTERN.findall
    return [list(filterfalse(is_stop, find(low, s, e))) for s, e in spans]


def features_of(tokens: list[str]) -> list[str]:
    """Return unigram and bigram features of one sentence's tokens, in text order."""
    out: list[str] = []
    previous: str | None = None
    for token in tokens:
        out.append(token)
        if previous is not None:
            out.append(f"{previous} {token}")
        previous = token
    return out


def analyze(text: str) -> list[str]:
    """Return the feature strings of ``text``: the analyzer given to scikit-learn at training."""
    features: list[str] = []
    for tokens in sentence_tokens(text, sentence_spans(text)):
        features.extend(features_of(tokens))
    return features


def lead_size(text: str, spans: list[tuple[int, int]], *, min_chars: int = 150) -> int:
    """Return how many leading sentences form the lead: the headline (if any) and the opening.

    Sentences are taken until they hold ``min_chars`` characters (at most three), so a headline or
    a dateline ("New Delhi, 14 March.") never stands alone as the lead.

    Example:
        >>> text = "Pact signed\\n\\nTokyo, 1 May. Japan and India signed a pact. More followed."
        >>> lead_size(text, sentence_spans(text), min_chars=30)
        3
    """
    size = 0
    chars = 0
    for start, end in spans[:3]:
        size += 1
        chars += end - start
        if chars >= min_chars:
            break
    return max(size, 1) if spans else 0
