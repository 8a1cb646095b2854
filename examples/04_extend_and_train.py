"""Add a topic (``security.space``) to the taxonomy, train a model for it, save, load and tag.

Shows ``Taxonomy.extend``, ``read_labelled_jsonl``, ``TopicClassifier``, a hand-made check on
held-out sentences, ``save`` and ``Tagger.load``. The training set is tiny (the workflow, not a
good model); its files live in a temporary directory.

Run from the repository root (takes a few seconds)::

    python examples/04_extend_and_train.py
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import geotag
from geotag.train import TopicClassifier, read_labelled_jsonl

SMOKE = Path(__file__).resolve().parent.parent / "tests" / "data" / "smoke.jsonl"
SUFFIX = " Officials confirmed the reports on Friday."  # a neutral copy of each smoke row
SPACE = {  # a taxonomy entry in the file's form
    "id": "security.space",
    "label": "Space security",
    "parent": "security",
    "include": ["anti-satellite tests", "military satellites", "space militarisation"],
}
SPACE_TEXTS = [
    "Russia destroyed one of its own old satellites with a missile, leaving debris in orbit.",
    "India joined the few countries that have shot down a satellite in an anti-satellite test.",
    "The US Space Force launched a military satellite to warn of incoming ballistic missiles.",
    "China tested a spacecraft with a robotic arm that could grab or disable other satellites.",
    "France set up a space command and ordered satellites able to defend themselves.",
    "Japan launched a military communications satellite to link its ships and aircraft.",
    "NATO declared space an operational domain, so an attack on satellites could trigger war.",
    "The United Nations debated a ban on destructive anti-satellite missile tests.",
    "A Russian inspector satellite moved close to an American spy satellite in orbit.",
    "China put a batch of military reconnaissance satellites into orbit on a single rocket.",
    "Britain published a defence space strategy calling for new surveillance satellites.",
    "Germany ordered a network of small radar satellites to watch troop movements from orbit.",
]
HELD_OUT = [  # (text, should it be tagged security.space?)
    ("South Korea launched its first spy satellite to watch missile bases from orbit.", True),
    ("An anti-satellite weapon test left thousands of fragments of debris in orbit.", True),
    ("The European Union will build a military space programme to protect its satellites.", True),
    ("Chinese and Philippine ships collided near a disputed shoal in the South China Sea.", False),
    ("Washington raised steel tariffs and Brussels promised to retaliate.", False),
    ("The national football team won the championship after a penalty shootout.", False),
]
NEW_TEXT = "Pentagon officials warned that Chinese anti-satellite missiles could blind US forces."


def write_training_file(path: Path) -> None:
    rows = [{"text": t, "topics": {"security.space": "primary"}} for t in SPACE_TEXTS]
    for line in SMOKE.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            rows += [row, {**row, "text": row["text"] + SUFFIX}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def main() -> None:
    taxonomy = geotag.get_taxonomy().extend([SPACE])
    print(f"taxonomy {taxonomy.version}: added {taxonomy['security.space'].label!r}")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "train.jsonl"
        write_training_file(data)
        examples = read_labelled_jsonl(data)
        clf = TopicClassifier(taxonomy=taxonomy, cv=2, min_df=1).fit(
            [e.text for e in examples],
            [e.topics for e in examples],
            primary=[e.primary for e in examples],
            geopolitical=[e.geopolitical for e in examples],
        )
        print(f"trained on {len(examples)} texts, {len(clf.classes_)} topics\n")

        predicted = clf.predict_labels([text for text, _ in HELD_OUT])
        outcomes: list[tuple[bool, bool]] = []  # (predicted space?, expected space?)
        for (text, expected), labels in zip(HELD_OUT, predicted, strict=True):
            found = "security.space" in labels
            outcomes.append((found, expected))
            print(f"  {'hit ' if found == expected else 'MISS'} space={found!s:5} {text}")
        tp = sum(found and expected for found, expected in outcomes)
        precision = tp / max(1, sum(found for found, _ in outcomes))
        recall = tp / max(1, sum(expected for _, expected in outcomes))
        print(f"security.space on held-out: precision {precision:.2f}, recall {recall:.2f}\n")

        model_dir = Path(tmp) / "space-model"
        pin = clf.save(model_dir, model_version="space-demo-1")
        tagger = geotag.Tagger.load(model_dir, taxonomy=taxonomy)
        print(f"saved and reloaded {tagger.model_version} (sha256 {pin[:12]}...)")
        result = tagger.tag(NEW_TEXT)
        topics = ", ".join(f"{t.id} {t.score:.2f} ({t.salience})" for t in result.topics)
        print(f"{NEW_TEXT}\n  topics: {topics or 'none'}")


if __name__ == "__main__":
    main()
