"""Hostile inputs cost what ordinary prose of the same length costs: analysis against bare spaCy.

For each input, `analyze_texts` (the whole analysis: masking, chunking, spaCy, quotes, actors)
is timed against bare `nlp.pipe` over ordinary prose (the seed articles' paragraphs, repeated)
of the same length, runs interleaved; the ratio of the medians is printed. Target: <= 2x.

Inputs (sizes as in issue 10; `--scale 0.1` for a quick run):
- quote marks: 100,000 `"` in a row;
- quote marks, spaced: 100,000 `"` each followed by a space (the quote engine's own scan);
- quoted words: 25,000 `"a"` (100 KB of one-letter quotes: tokens at three times prose density);
- long line: 2 MB of prose with no line break;
- big article: 10 MB of prose paragraphs;
- long words: 1 MB of 50,000-character words;
- punctuation: 1 MB of random punctuation.

    python benchmarks/bench_hostile.py [--scale 1.0] [--runs 3] [--only NAME]
"""

from __future__ import annotations

import argparse
import random
import statistics
import string
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.nlp.analyze import analyze_texts  # noqa: E402
from reader.nlp.model import load_nlp  # noqa: E402
from reader.paths import seeds_dir  # noqa: E402
from reader.text.segment import paragraphs  # noqa: E402


def seed_paragraphs() -> list[str]:
    out = []
    for path in sorted(seeds_dir().glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out.extend(text[start:end] for start, end in paragraphs(text))
    return [p for p in out if len(p) > 40]


def prose(length: int, sep: str = "\n\n") -> str:
    parts, size = [], 0
    source = seed_paragraphs()
    while size < length:
        piece = source[len(parts) % len(source)]
        parts.append(piece)
        size += len(piece) + len(sep)
    return sep.join(parts)[:length]


def prose_docs(length: int) -> list[str]:
    """Ordinary prose of `length` characters as spaCy usually gets it: one doc per paragraph."""
    docs, size = [], 0
    source = seed_paragraphs()
    while size < length:
        piece = source[len(docs) % len(source)][: length - size]
        docs.append(piece)
        size += len(piece)
    return docs


def cases(scale: float) -> dict[str, Callable[[], str]]:
    n = lambda value: max(1, int(value * scale))  # noqa: E731
    rng = random.Random(10)
    return {
        "quote marks": lambda: '"' * n(100_000),
        "quote marks, spaced": lambda: '" ' * n(100_000),
        "quoted words": lambda: '"a" ' * n(25_000),
        "long line": lambda: prose(n(2_000_000), sep=" "),
        "big article": lambda: prose(n(10_000_000)),
        "long words": lambda: " ".join(
            "".join(rng.choice(string.ascii_lowercase) for _ in range(n(50_000))) for _ in range(20)
        ),
        "punctuation": lambda: "".join(rng.choice(string.punctuation + "“”‘’—…«»") for _ in range(n(1_000_000))),
    }


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="Multiply every input size by this.")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", action="append", default=None, help="Run only this input (repeatable).")
    args = parser.parse_args()
    nlp = load_nlp()
    list(nlp.pipe(prose_docs(20_000)))  # warm up
    print(f"{'input':<22} {'chars':>10} {'analysis s':>11} {'bare prose s':>13} {'ratio':>6}")
    for name, make in cases(args.scale).items():
        if args.only and name not in args.only:
            continue
        text = make()
        docs = prose_docs(len(text))
        ours, bare = [], []
        for _ in range(args.runs):
            bare.append(timed(lambda docs=docs: list(nlp.pipe(docs))))
            ours.append(timed(lambda text=text: list(analyze_texts([text], nlp=nlp))))
        mine, base = statistics.median(ours), statistics.median(bare)
        print(f"{name:<22} {len(text):>10,} {mine:>11.2f} {base:>13.2f} {mine / base:>6.2f}", flush=True)


if __name__ == "__main__":
    main()
