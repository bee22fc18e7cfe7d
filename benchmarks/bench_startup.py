"""Launch to a library screen that answers keys, against a minimal Textual app run the same way.

Each run is a fresh Python process that imports the app, starts it headless at 100x32, waits
for the first screen, presses `down` and checks that the list cursor moved; the parent times
the process from spawn to its "ready" line. Prints both medians, their ratio (target <= 1.5x)
and whether spaCy was imported on the app's path (it must not be).

    python benchmarks/bench_startup.py [--runs 9]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

READER = """
import asyncio, sys, time
from reader.tui.app import ReaderApp
from reader.tui.widgets.article_table import ArticleTable
async def main():
    app = ReaderApp({db!r})
    async with app.run_test(size=(100, 32)) as pilot:
        table = app.screen.query_one(ArticleTable)
        await pilot.press("down")
        assert table.cursor_row == 1, table.cursor_row
        print("ready", "spacy" in sys.modules, time.process_time(), flush=True)
asyncio.run(main())
"""

BASELINE = """
import asyncio, sys, time
sys.path.insert(0, {root!r})
from benchmarks.baseline_app import BaselineApp
from textual.widgets import ListView
async def main():
    app = BaselineApp()
    async with app.run_test(size=(100, 32)) as pilot:
        items = app.query_one(ListView)
        await pilot.press("down")
        assert items.index == 1, items.index
        print("ready", "spacy" in sys.modules, time.process_time(), flush=True)
asyncio.run(main())
"""


def analysed_library(folder: Path) -> Path:
    """The five seeds, imported and analysed (the setup pays for spaCy, not the runs)."""
    from reader.service.ingest import analyze_pending, ensure_seeded
    from reader.store import open_db

    path = folder / "library.db"
    db = open_db(path)
    ensure_seeded(db)
    db.close()
    analyze_pending(path)
    return path


def timed_run(code: str) -> tuple[float, float, bool]:
    """Wall seconds from spawning the process to its "ready" line, its CPU seconds until then, spaCy?"""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - start
    process.wait()
    if not line.startswith("ready") or process.returncode:
        raise SystemExit(f"a run failed: {line!r} (exit {process.returncode})")
    _, spacy, cpu = line.split()
    return elapsed, float(cpu), spacy == "True"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = analysed_library(Path(folder))
        reader_code = READER.format(db=str(db))
        baseline_code = BASELINE.format(root=str(ROOT))
        timed_run(reader_code), timed_run(baseline_code)  # warm the file cache and .pyc files
        runs: dict[str, dict[str, list[float]]] = {"ours": {"wall": [], "cpu": []}, "base": {"wall": [], "cpu": []}}
        spacy_seen = False
        for _ in range(args.runs):
            for who, code in (("ours", reader_code), ("base", baseline_code)):
                wall, cpu, spacy = timed_run(code)
                runs[who]["wall"].append(wall)
                runs[who]["cpu"].append(cpu)
                spacy_seen |= spacy and who == "ours"
    m = {f"{who}_{kind}": statistics.median(values) * 1000 for who in runs for kind, values in runs[who].items()}
    print("(wall time to ready; in brackets the process's CPU time, which other load does not inflate)")
    print(
        f"baseline (header + list + footer): median {m['base_wall']:.0f} ms [{m['base_cpu']:.0f}] over {args.runs} runs"
    )
    print(
        f"reader library screen:             median {m['ours_wall']:.0f} ms [{m['ours_cpu']:.0f}] over {args.runs} runs"
    )
    print(f"ratio: {m['ours_wall'] / m['base_wall']:.2f}x [{m['ours_cpu'] / m['base_cpu']:.2f}x] (target <= 1.5x)")
    print(f"spaCy imported on the app's start-up path: {'YES (bad)' if spacy_seen else 'no'}")


if __name__ == "__main__":
    main()
