"""Any search answers in under 1 s at 10,000 articles: pasted pages, long phrases, common words.

Builds (or reuses, with --keep) the library of benchmarks/bench_scale.py and times
`reader.store.search.search` on hostile queries, as the median of --runs, printing the
slowest against the target.

    python benchmarks/bench_search_hostile.py [--articles 10000] [--runs 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import itertools
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_scale import build  # noqa: E402

COMMON = "the of and to in a that said is for on with was as by he it at from his"


def seed_words() -> list[str]:
    """The seeds' distinct words in order of appearance: every one of them is in the index."""
    from reader.paths import seeds_dir

    seen: dict[str, None] = {}
    for path in sorted(seeds_dir().glob("*.txt")):
        for word in re.findall(r"[A-Za-z]{3,}", path.read_text(encoding="utf-8")):
            seen.setdefault(word.lower(), None)
    return list(seen)


def queries() -> dict[str, str]:
    words = COMMON.split()
    vocabulary = seed_words()
    from reader.paths import seeds_dir

    article = sorted(seeds_dir().glob("*.txt"))[0].read_text(encoding="utf-8").split()

    def pasted(n: int) -> str:
        """The first seed's words over and over, `n` of them."""
        return " ".join((article * (n // len(article) + 1))[:n])

    return {
        "pasted article, 2,000 w": pasted(2_000),
        "pasted article, 20,000 w": pasted(20_000),
        "2,000 distinct words": " ".join(vocabulary[n % len(vocabulary)] for n in range(2_000)),
        "16 common words": " ".join(words[:16]),
        "phrase of common words": '"' + " ".join(words * 3)[:298] + '"',
        "16 short prefixes": " ".join(w[:2] for w in words[:15]) + " th",
        "common words, excluded": " ".join(words[:8]) + " " + " ".join(f"-{w}" for w in words[8:16]),
        "one 100k-char word": "troops" * 17_000,
        "16 phrases": " ".join(f'"{a} {b}"' for a, b in itertools.pairwise(words))[:300],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None, help="Build (or reuse) the library in DIR.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"library-{args.articles}.db"
        if not path.exists():
            print(f"building {args.articles} articles in {path} …", file=sys.stderr)
            build(path, args.articles)
        from reader.store import open_db
        from reader.store.search import fts_query, query_notice, search

        db = open_db(path)
        worst = 0.0
        for name, query in queries().items():
            times, hits = [], []
            for _ in range(args.runs):
                start = time.perf_counter()
                hits = search(db, query)
                times.append(time.perf_counter() - start)
            ms = statistics.median(times) * 1000
            worst = max(worst, ms)
            terms = fts_query(query).count('"') // 2
            capped = "capped" if query_notice(query) else ""
            print(f"{name:<26} {len(query):>8,} chars {terms:>3} terms {len(hits):>3} hits {ms:>9.1f} ms  {capped}")
        db.close()
    print(f"{'slowest':<26} {worst:>45.1f} ms   target < 1000 ms: {'ok' if worst < 1000 else 'MISSED'}")


if __name__ == "__main__":
    main()
