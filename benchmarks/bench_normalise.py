"""Text preparation of a ~1 MB corpus made from the seeds, against bare `ftfy.fix_text`.

Prints seconds for the baseline (ftfy over the same text with our settings) and for our
`normalise`, `extract_metadata`, `paragraphs` and `words`, each as a ratio to the baseline;
then the same for a single 10 MB file read with `read_text_file`.

    python benchmarks/bench_normalise.py [--size-kb 1000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_analysis import corpus  # noqa: E402  the same ~1 MB corpus


def best_of(rounds: int, work) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def report(label: str, seconds: float, baseline: float) -> None:
    print(f"  {label:<28} {seconds:8.3f} s   {seconds / baseline:6.2f}x baseline")


def main() -> None:
    import ftfy

    from reader.text.io import read_text_file
    from reader.text.meta import extract_metadata
    from reader.text.repair import normalise
    from reader.text.segment import paragraphs, words

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size-kb", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    config = ftfy.TextFixerConfig(uncurl_quotes=False, unescape_html=False)
    texts = corpus(args.size_kb)
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    normalised = [normalise(t) for t in texts]
    print(f"corpus: {len(texts)} texts, {size:.2f} MB, best of {args.rounds}")
    baseline = best_of(args.rounds, lambda: [ftfy.fix_text(t, config) for t in texts])
    report("baseline ftfy.fix_text", baseline, baseline)
    report("normalise", best_of(args.rounds, lambda: [normalise(t) for t in texts]), baseline)
    report(
        "normalise (already normal)",
        best_of(args.rounds, lambda: [normalise(t) for t in normalised]),
        baseline,
    )
    report(
        "extract_metadata",
        best_of(args.rounds, lambda: [extract_metadata(t) for t in normalised]),
        baseline,
    )
    report(
        "paragraphs + words",
        best_of(args.rounds, lambda: [(paragraphs(t), words(t)) for t in normalised]),
        baseline,
    )

    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder, "big.txt")
        big.write_text("\n".join(texts * max(1, round(10 / size))), encoding="utf-8")
        megabytes = big.stat().st_size / 1e6
        text = read_text_file(big)
        print(f"one file: {megabytes:.1f} MB")
        baseline = best_of(1, lambda: ftfy.fix_text(text, config))
        report("baseline ftfy.fix_text", baseline, baseline)
        report("read_text_file", best_of(1, lambda: read_text_file(big)), baseline)
        report("normalise", best_of(1, lambda: normalise(text)), baseline)


if __name__ == "__main__":
    main()
