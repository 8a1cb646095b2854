"""Tag a pandas DataFrame column and count topics by country and month.

Shows how to feed a text column to :func:`geotag.tag_many`, turn the results into one row per
(country, topic) pair, and aggregate them with a pivot table. Needs pandas
(``pip install pandas``); without it the example says so and exits.

Run from the repository root::

    python examples/03_dataframe.py
"""

from __future__ import annotations

import sys

import geotag

try:
    import pandas as pd
except ImportError:
    print("pandas is not installed: pip install pandas to run this example.")
    sys.exit(0)

ITEMS = """
2024-01-04 Chinese coast guard ships blocked a Philippine resupply boat near a disputed reef.
2024-01-11 Manila summoned the Chinese ambassador after a collision in the South China Sea.
2024-01-15 Germany agreed to send more air defence systems and artillery shells to Ukraine.
2024-01-19 Russian missiles struck power stations across Ukraine overnight.
2024-01-24 Japan and the Philippines signed a pact allowing their troops to train together.
2024-01-30 The European Union added new Russian banks to its sanctions list.
2024-02-02 Philippine and American marines held joint landing drills on Luzon.
2024-02-08 Ukraine said its drones hit an oil refinery deep inside Russia.
2024-02-13 Beijing warned Tokyo against building closer military ties with Manila.
2024-02-16 Germany opened a new factory to make artillery shells for its army and for Kyiv.
2024-02-21 Japan raised its defence budget to a record to buy long-range missiles.
2024-02-27 China imposed export controls on gallium and germanium used in chips.
2024-03-01 Russian troops captured a village in eastern Ukraine after weeks of fighting.
2024-03-06 Chinese vessels fired water cannon at a Philippine boat near a contested shoal.
2024-03-12 Japan and Germany agreed to share classified military information.
2024-03-15 Voters in Russia went to the polls in a presidential election without real rivals.
2024-03-19 The Philippines asked an international court to rule on fishing rights at sea.
2024-03-22 Ukraine and Germany discussed a long-term security agreement in Berlin.
2024-03-26 Chinese hackers were blamed for a cyberattack on a Philippine government agency.
2024-03-29 A Berlin football club won its derby in front of a record crowd.
"""


def main() -> None:
    rows = [line.split(" ", 1) for line in ITEMS.strip().splitlines()]
    df = pd.DataFrame(rows, columns=["date", "text"])
    df["month"] = pd.to_datetime(df["date"]).dt.strftime("%Y-%m")
    df["result"] = list(geotag.tag_many(df["text"]))
    df["topic"] = [[t.id for t in r.topics] for r in df["result"]]
    df["country"] = [[c.code for c in r.countries] for r in df["result"]]

    # One row per (item, country, topic): an item about two countries counts for both.
    pairs = df.explode("country").explode("topic").dropna(subset=["country", "topic"])
    table = pairs.pivot_table(index=["country", "topic"], columns="month", values="text", aggfunc="count", fill_value=0)
    n_geo = sum(r.is_geopolitical for r in df["result"])
    print(f"{len(df)} items from {df['date'].min()} to {df['date'].max()}, {n_geo} geopolitical")
    print("\nTopic counts by country and month:")
    with pd.option_context("display.width", 120, "display.max_rows", 200):
        print(table)


if __name__ == "__main__":
    main()
