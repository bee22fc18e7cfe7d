"""The quote engine on hostile input: time grows linearly with size, and the component is cheap.

Prints, for texts of n and 2n characters, the scan time of the mark layer (many marks, unbalanced
marks, one long line) and their ratio (about 2 for linear time), then the `reader_quotes`
component's time as a share of the rest of the pipeline on a quote-dense text.

    python benchmarks/bench_quotes.py [--size 200000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CASES = {
    "straight marks": '"',
    "opening marks": "“",
    "closing marks": "”",
    "single marks": "'",
    "pairs": "“a” ",
    "unbalanced": "He said “ it was a ‘test and ' more \" marks » here. ",
    "one long line": "The minister said “we will win the war,” and he added more. ",
}


def timed(function, *args, rounds: int = 3) -> float:
    """Best of a few runs: the least disturbed by other work on the machine."""
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        function(*args)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200_000, help="characters of the smaller text")
    args = parser.parse_args()

    from reader.nlp.quotes import scan_quotes

    print(f"{'mark scan':16s} {'n chars':>9s} {'n (s)':>8s} {'2n (s)':>8s} {'ratio':>6s}")
    for name, unit in CASES.items():
        text = (unit * (args.size // len(unit) + 1))[: args.size]
        small, large = timed(scan_quotes, text), timed(scan_quotes, text * 2)
        print(f"{name:16s} {len(text):9d} {small:8.3f} {large:8.3f} {large / max(small, 1e-9):6.2f}")

    from reader.nlp.model import load_nlp

    nlp = load_nlp()
    text = CASES["unbalanced"] * 300 + "\n" + CASES["one long line"] * 300
    with nlp.select_pipes(disable=["reader_quotes"]):
        started = time.perf_counter()
        doc = nlp(text)
        parse = time.perf_counter() - started
    component = timed(nlp.get_pipe("reader_quotes"), doc, rounds=1)
    print(
        f"\ncomponent on {len(text)} chars with {len(doc.spans['quotes'])} quotes: "
        f"{component:.3f} s vs {parse:.2f} s for the rest of the pipeline ({component / parse:.1%})"
    )


if __name__ == "__main__":
    main()
