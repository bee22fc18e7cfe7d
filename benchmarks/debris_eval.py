"""Page-debris figures: debris recall and precision, article-sentence precision and recall, on
the hand-written gold pages (tests/data/debris/*.txt), the held-out ones never used to tune the
rules (tests/data/debris_heldout/*.txt) and the seeds (tests/data/debris/seeds.json).

Units: a paragraph (non-blank line) for debris; a sentence (cut at . ! ? before a capital) of the
article lines for the article side. A sentence is kept if no debris region overlaps it.
Run from the checkout: `python benchmarks/debris_eval.py [--verbose]`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.paths import seeds_dir  # noqa: E402
from reader.text.debris import find_debris  # noqa: E402
from reader.text.repair import normalise  # noqa: E402
from reader.text.segment import paragraphs  # noqa: E402

GOLD = ROOT / "tests" / "data" / "debris"
HELDOUT = ROOT / "tests" / "data" / "debris_heldout"
MARK = "~ "
_SENTENCE_END = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"(])")


@dataclass
class Page:
    name: str
    text: str
    debris: set[int]  # indexes of the debris paragraphs


@dataclass
class Tally:
    debris_total: int = 0
    debris_found: int = 0
    debris_claimed: int = 0  # paragraphs inside a found region
    debris_claimed_right: int = 0
    article_sentences: int = 0
    article_kept: int = 0
    kept_sentences: int = 0  # every sentence outside the regions, article or not

    def add(self, other: Tally) -> None:
        for field in self.__dataclass_fields__:
            setattr(self, field, getattr(self, field) + getattr(other, field))

    def figures(self) -> dict[str, float]:
        def ratio(a: int, b: int) -> float:
            return a / b if b else 1.0

        return {
            "debris_recall": ratio(self.debris_found, self.debris_total),
            "debris_precision": ratio(self.debris_claimed_right, self.debris_claimed),
            "article_sentence_precision": ratio(self.article_kept, self.kept_sentences),
            "article_sentence_recall": ratio(self.article_kept, self.article_sentences),
        }


def gold_pages(folder: Path = GOLD) -> list[Page]:
    """The hand-written pages: a line marked "~ " is debris (the mark is not part of the page)."""
    pages = []
    for path in sorted(folder.glob("*.txt")):
        lines, debris = [], set()
        index = 0
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith(MARK):
                line = line[len(MARK) :]
                debris.add(index)
            lines.append(line)
            if line.strip():
                index += 1
        pages.append(Page(path.name, normalise("\n".join(lines) + "\n"), debris))
    return pages


def seed_pages() -> list[Page]:
    marked = json.loads((GOLD / "seeds.json").read_text(encoding="utf-8"))
    return [
        Page(name, normalise((seeds_dir() / name).read_text(encoding="utf-8")), set(indexes))
        for name, indexes in sorted(marked.items())
    ]


def score_page(page: Page, verbose: bool = False) -> Tally:
    regions = [(r["start"], r["end"]) for r in find_debris(page.text)]

    def overlapped(start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in regions)

    tally = Tally()
    for i, (start, end) in enumerate(paragraphs(page.text)):
        found = overlapped(start, end)
        gold = i in page.debris
        tally.debris_total += gold
        tally.debris_found += gold and found
        tally.debris_claimed += found
        tally.debris_claimed_right += gold and found
        line = page.text[start:end]
        offset = start
        for sentence in _SENTENCE_END.split(line):
            s_start = page.text.index(sentence, offset)
            offset = s_start + len(sentence)
            kept = not overlapped(s_start, offset)
            tally.article_sentences += not gold
            tally.article_kept += kept and not gold
            tally.kept_sentences += kept
        if verbose and gold != found:
            what = "missed debris" if gold else "article lost"
            print(f"  {page.name}: {what}: {line[:70]!r}")
    return tally


def evaluate(verbose: bool = False) -> dict[str, dict[str, float]]:
    results = {}
    sets = (("gold pages", gold_pages()), ("held-out pages", gold_pages(HELDOUT)), ("seeds", seed_pages()))
    for label, pages in sets:
        total = Tally()
        for page in pages:
            total.add(score_page(page, verbose))
        results[label] = {**total.figures(), "pages": len(pages)}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every missed or lost line")
    args = parser.parse_args()
    for label, figures in evaluate(args.verbose).items():
        print(
            f"{label} ({figures['pages']} pages, own gold): "
            f"debris recall {figures['debris_recall']:.3f}, debris precision {figures['debris_precision']:.3f}, "
            f"article-sentence precision {figures['article_sentence_precision']:.3f}, "
            f"article-sentence recall {figures['article_sentence_recall']:.3f}"
        )


if __name__ == "__main__":
    main()
