"""A self-contained HTML view of a result: the text with evidence and mentions highlighted.

Example:
    >>> import geotag
    >>> text = "Japan and India held naval drills."
    >>> page = geotag.tag(text).to_html(text)
    >>> page.startswith("<!DOCTYPE html>")
    True
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from geotag._results import OrganizationTag, RegionTag, TagResult

_STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
main{display:grid;grid-template-columns:minmax(0,2fr) minmax(260px,1fr);gap:24px;
  padding:24px;max-width:1200px;margin:auto}
article{background:#fff;border-radius:8px;padding:24px;line-height:1.6;white-space:pre-wrap;box-shadow:0 1px 3px #0002}
aside{background:#fff;border-radius:8px;padding:16px 20px;box-shadow:0 1px 3px #0002}
h1{font-size:18px;margin:24px auto 0;max-width:1200px;padding:0 24px}
h2{font-size:15px;margin:16px 0 8px}
mark{border-radius:3px;padding:0 2px}
mark.evidence{background:#ffe58f}
mark.country{background:#b7eb8f}
mark.region{background:#91d5ff}
mark.organization{background:#d3adf7}
table{border-collapse:collapse;width:100%;font-size:13px}
td{padding:3px 4px;border-bottom:1px solid #eee;vertical-align:top}
.score{font-variant-numeric:tabular-nums;text-align:right}
.legend mark{display:inline-block;margin:2px 4px 2px 0;font-size:12px}
.warning{color:#a8071a}
"""


def _marks(result: TagResult) -> list[tuple[int, int, str, str]]:
    spans: list[tuple[int, int, str, str]] = []
    for tag in result.countries:
        spans += [(m.start, m.end, "country", f"{tag.name} ({tag.code}, {tag.role})") for m in tag.mentions]
    for region in result.regions:
        spans += [(m.start, m.end, "region", region.name) for m in region.mentions]
    for org in result.organizations:
        spans += [(m.start, m.end, "organization", f"{org.name} ({org.kind})") for m in org.mentions]
    for topic in result.topics:
        for term in topic.evidence:
            spans += [(s.start, s.end, "evidence", f"{topic.id}: {term.term}") for s in term.spans]
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    chosen: list[tuple[int, int, str, str]] = []
    titles: dict[tuple[int, int], list[str]] = {}
    end = -1
    for span in spans:
        if span[0] >= end:
            chosen.append(span)
            end = span[1]
        titles.setdefault((span[0], span[1]), []).append(span[3])
    return [(s, e, kind, "; ".join(titles[(s, e)])) for s, e, kind, _ in chosen]


def _named(result: TagResult) -> list[RegionTag | OrganizationTag]:
    return [*result.regions, *result.organizations]


def render_html(result: TagResult, text: str, *, title: str = "geotag") -> str:
    """Return the page: highlighted text on the left, topics and entities on the right."""
    parts: list[str] = []
    cursor = 0
    for start, end, kind, label in _marks(result):
        if start < cursor or end > len(text):
            continue
        parts.append(html.escape(text[cursor:start]))
        parts.append(
            f'<mark class="{kind}" title="{html.escape(label, quote=True)}">{html.escape(text[start:end])}</mark>'
        )
        cursor = end
    parts.append(html.escape(text[cursor:]))
    rows = (
        "".join(
            f"<tr><td>{html.escape(t.label)}<br><small>{html.escape(t.id)}</small></td>"
            f'<td>{t.salience}</td><td class="score">{t.score:.2f}</td></tr>'
            for t in result.topics
        )
        or '<tr><td colspan="3">no topic</td></tr>'
    )
    countries = "".join(
        f'<tr><td>{html.escape(c.name)} ({c.code})</td><td>{c.role}</td><td class="score">{len(c.mentions)}</td></tr>'
        for c in result.countries
    )
    others = "".join(
        f'<tr><td>{html.escape(x.name)}</td><td>{html.escape(x.kind)}</td><td class="score">{len(x.mentions)}</td></tr>'
        for x in _named(result)
    )
    warnings = "".join(f'<p class="warning">{html.escape(w)}</p>' for w in result.warnings)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_STYLE}</style></head>
<body><h1>{html.escape(title)}</h1><main>
<article>{"".join(parts)}</article>
<aside>
<p class="legend"><mark class="evidence">topic evidence</mark><mark class="country">country</mark>
<mark class="region">region</mark><mark class="organization">organisation</mark></p>
{warnings}
<p>Relevance {result.relevance:.2f} · {"geopolitical" if result.is_geopolitical else "not geopolitical"}</p>
<h2>Topics</h2><table>{rows}</table>
<h2>Countries</h2><table>{countries or "<tr><td>none</td></tr>"}</table>
<h2>Regions and organisations</h2><table>{others or "<tr><td>none</td></tr>"}</table>
<p><small>model {html.escape(result.model_version)} · taxonomy {html.escape(result.taxonomy_version)}</small></p>
</aside></main></body></html>
"""
