"""Actor precision and recall on the seeds against our own gold (tests/data/actors_gold/*.json):
every person, organisation, country and group named in each article body.

An actor found matches a gold entry when its name is the entry's name or one of its `also`
names (case folded); a second actor matching an entry already matched is a split, counted
wrong. Run from the checkout: `python benchmarks/actor_eval.py [--verbose]`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.paths import seeds_dir  # noqa: E402
from reader.text.repair import normalise  # noqa: E402

GOLD = ROOT / "tests" / "data" / "actors_gold"


def _fold(name: str) -> str:
    return " ".join(name.casefold().replace("’", "'").split())


def score(found: list[str], gold: list[dict]) -> tuple[int, int, int, list[str], list[str]]:
    """(right, found, gold, wrong names, missed names) for one article."""
    owner = {}
    for index, entry in enumerate(gold):
        for name in [entry["name"], *entry.get("also", [])]:
            owner[_fold(name)] = index
    matched: set[int] = set()
    wrong = []
    for name in found:
        index = owner.get(_fold(name))
        if index is None or index in matched:
            wrong.append(name)
        else:
            matched.add(index)
    missed = [entry["name"] for i, entry in enumerate(gold) if i not in matched]
    return len(matched), len(found), len(gold), wrong, missed


def evaluate(nlp=None, verbose: bool = False) -> dict[str, float]:
    from reader.nlp.analyze import analyze_texts

    golds = sorted(GOLD.glob("*.json"))
    texts = [normalise((seeds_dir() / f"{path.stem}.txt").read_text(encoding="utf-8")) for path in golds]
    right = found = total = 0
    for path, record in zip(golds, analyze_texts(texts, nlp=nlp)):
        gold = json.loads(path.read_text(encoding="utf-8"))["actors"]
        r, f, g, wrong, missed = score([a["name"] for a in record["actors"]], gold)
        right, found, total = right + r, found + f, total + g
        if verbose and (wrong or missed):
            print(f"  {path.stem}: wrong {wrong}, missed {missed}")
    return {
        "precision": right / found if found else 1.0,
        "recall": right / total if total else 1.0,
        "found": found,
        "gold": total,
        "articles": len(golds),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list the wrong and missed actors")
    args = parser.parse_args()
    figures = evaluate(verbose=args.verbose)
    print(
        f"actors on the seeds ({figures['articles']} articles, own gold of {figures['gold']} actors): "
        f"precision {figures['precision']:.3f}, recall {figures['recall']:.3f} ({figures['found']} found)"
    )


if __name__ == "__main__":
    main()
