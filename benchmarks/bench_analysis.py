"""Full analysis vs bare `nlp.pipe` on a ~1 MB corpus made from the seeds; peak memory; the cache.

Prints: bare and full words/s and their ratio (target <= 1.15x), peak RSS of a bulk analysis
(target < 600 MB), and a second `reader analyze` of unchanged files served from the cache
without importing spaCy.

    python benchmarks/bench_analysis.py [--size-kb 1000] [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def corpus(size_kb: int) -> list[str]:
    """Raw seed texts, repeated (each copy numbered so no two texts are identical) to ~size_kb."""
    from reader.paths import seeds_dir

    seeds = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir().glob("*.txt"))]
    texts, total, n = [], 0, 0
    while total < size_kb * 1000:
        text = f"Copy {n}.\n" + seeds[n % len(seeds)]
        texts.append(text)
        total += len(text.encode("utf-8"))
        n += 1
    return texts


def peak_rss_mb(size_kb: int, batch_size: int) -> float:
    """Peak RSS of a fresh process that repairs and analyses the corpus, in MB."""
    code = f"""
import resource, sys
sys.path.insert(0, {str(ROOT)!r})
from benchmarks.bench_analysis import corpus
from reader.text.repair import normalise
from reader.nlp.analyze import analyze_texts
n = sum(1 for _ in analyze_texts((normalise(t) for t in corpus({size_kb})), batch_size={batch_size}))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def cache_run(files: list[Path], db: Path) -> tuple[float, bool, int]:
    """Time one `reader analyze --format json` in a fresh process; was spaCy imported?"""
    code = f"""
import sys, time, io, contextlib, json
t = time.perf_counter()
from reader.cli import cli
buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    try:
        cli.main(["analyze", "--format", "json", "--db", {str(db)!r}, *{[str(f) for f in files]!r}], standalone_mode=False)
    except SystemExit:
        pass
elapsed = time.perf_counter() - t
print(json.dumps([elapsed, "spacy" in sys.modules, len(json.loads(buf.getvalue()))]))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    elapsed, spacy_loaded, n = json.loads(out.stdout.strip().splitlines()[-1])
    return elapsed, spacy_loaded, n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-kb", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=8)
    args = parser.parse_args()

    import spacy

    from reader.nlp.analyze import analyze_texts
    from reader.nlp.model import load_nlp, model_name
    from reader.text.repair import normalise

    raw = corpus(args.size_kb)
    words = sum(len(t.split()) for t in raw)
    bare_nlp = spacy.load(model_name())
    full_nlp = load_nlp()
    print(
        f"corpus: {len(raw)} texts, {sum(len(t.encode()) for t in raw) / 1e6:.2f} MB, {words} words; "
        f"model {model_name()}; batch {args.batch_size}"
    )

    def bare() -> None:
        for _ in bare_nlp.pipe(raw, batch_size=args.batch_size):
            pass

    def full() -> None:
        for _ in analyze_texts((normalise(t) for t in raw), nlp=full_nlp, batch_size=args.batch_size):
            pass

    bare_nlp(raw[0]), full_nlp(raw[0])  # warm up
    # Interleaved rounds, so machine noise hits both alike; CPU time (process_time) is also
    # printed because other work on a shared machine inflates wall time but not CPU time.
    wall: dict[str, list[float]] = {"bare": [], "full": []}
    cpu: dict[str, list[float]] = {"bare": [], "full": []}
    for _ in range(args.rounds):
        for name, fn in (("bare", bare), ("full", full)):
            start, start_cpu = time.perf_counter(), time.process_time()
            fn()
            wall[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)
    for name, label in (("bare", "bare nlp.pipe:"), ("full", "full analysis:")):
        w, c = min(wall[name]), min(cpu[name])
        print(f"{label:<15} wall {w:7.2f} s  {words / w:8.0f} words/s   cpu {c:7.2f} s  {words / c:8.0f} words/s")
    print("  (full = repair, NER, actors, quotes, attribution, JSON-ready record)")
    print(
        f"ratio full/bare: wall {min(wall['full']) / min(wall['bare']):.3f}x   "
        f"cpu {min(cpu['full']) / min(cpu['bare']):.3f}x   (target <= 1.15x)"
    )

    rss = peak_rss_mb(args.size_kb, args.batch_size)
    print(f"peak RSS, bulk analysis of the corpus at batch {args.batch_size}: {rss:.0f} MB  (target < 600 MB)")

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "cache.db"
        from reader.paths import seeds_dir

        files = sorted(seeds_dir().glob("*.txt"))
        first, first_spacy, n = cache_run(files, db)
        second, second_spacy, n2 = cache_run(files, db)
        print(
            f"reader analyze of {n} seeds: first {first:.2f} s (spaCy imported: {first_spacy}); "
            f"second {second:.2f} s from the cache (spaCy imported: {second_spacy}); "
            f"ratio second/first {second / first:.3f}"
        )
        if second_spacy or n2 != n:
            sys.exit("cache run imported spaCy or lost results")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
