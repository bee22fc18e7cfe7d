"""Opening a 10 MB stored article in the app: time to first paint (target: under 1 s).

Builds a library holding one article of about --mb megabytes (the seeds repeated) with its
analysis: the seeds are analysed once by the real pipeline and their records repeated with
shifted offsets, so every highlight points at its words. Then, in the running app at 100x32,
opens the article and waits until the reader screen has drawn its first page with all
highlights. Prints the median of --runs, and where the time went in the first open.

    python benchmarks/bench_open_big.py [--mb 10] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _shift(record: dict[str, Any], offset: int, group_base: int) -> dict[str, Any]:
    return {
        "paragraphs": [[s + offset, e + offset] for s, e in record["paragraphs"]],
        "sentences": [[s + offset, e + offset] for s, e in record["sentences"]],
        "actors": [
            {
                **actor,
                "mentions": [{**m, "start": m["start"] + offset, "end": m["end"] + offset} for m in actor["mentions"]],
            }
            for actor in record["actors"]
        ],
        "places": [
            {
                **place,
                "mentions": [
                    {**m, "start": m["start"] + offset, "end": m["end"] + offset} for m in place.get("mentions", [])
                ],
            }
            for place in record["places"]
        ],
        "quotes": [
            {
                **q,
                "start": q["start"] + offset,
                "end": q["end"] + offset,
                "group": q["group"] + group_base,
                "speaker_span": [q["speaker_span"][0] + offset, q["speaker_span"][1] + offset]
                if q.get("speaker_span")
                else None,
            }
            for q in record["quotes"]
        ],
    }


def big_library(folder: Path, megabytes: float) -> tuple[Path, str]:
    """A library with one analysed article of about `megabytes` MB."""
    from reader.library import read_document
    from reader.nlp.analyze import analyze_texts
    from reader.nlp.model import load_nlp, pipeline_id
    from reader.paths import seeds_dir
    from reader.store import articles as store
    from reader.store import open_db

    seeds = [read_document(p).text for p in sorted(seeds_dir().glob("*.txt"))]
    records = list(analyze_texts(seeds, nlp=load_nlp()))
    parts: list[str] = []
    merged: dict[str, Any] = {"paragraphs": [], "sentences": [], "actors": {}, "places": {}, "quotes": []}
    offset, group_base, n = 0, 0, 0
    while offset < megabytes * 1_000_000:
        text, record = seeds[n % len(seeds)], records[n % len(seeds)]
        shifted = _shift(record, offset, group_base)
        merged["paragraphs"] += shifted["paragraphs"]
        merged["sentences"] += shifted["sentences"]
        merged["quotes"] += shifted["quotes"]
        for key in ("actors", "places"):
            for actor in shifted[key]:
                kept = merged[key].setdefault(actor["name"], {**actor, "mentions": []})
                kept["mentions"] += actor["mentions"]
        group_base += max((q["group"] for q in record["quotes"]), default=0) + 1
        parts.append(text)
        offset += len(text) + 2
        n += 1
    full = "\n\n".join(parts)
    merged["actors"] = list(merged["actors"].values())
    merged["places"] = list(merged["places"].values())
    path = folder / "library.db"
    db = open_db(path)
    store.set_setting(db, "seeded", "yes")
    article_id, _ = store.add_article(db, raw_text=full, text=full, title="Big", source="bench", path="/big.txt")
    store.put_analysis(db, article_id, pipeline_id(), merged)
    db.close()
    return path, article_id


async def measure(db: Path, article_id: str, runs: int, profile: bool) -> list[float]:
    from reader.tui.app import ReaderApp
    from reader.tui.messages import OpenArticle
    from reader.tui.widgets.article_view import ArticleView

    times = []
    app = ReaderApp(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await app.workers.wait_for_complete()
        for run in range(runs):
            profiler = cProfile.Profile() if profile and run == 0 else None
            if profiler:
                profiler.enable()
            start = time.perf_counter()
            app.open_article(OpenArticle(article_id))
            screen = app.get_screen("reader")
            while app.screen is not screen or not screen.is_mounted:
                await asyncio.sleep(0)
            await screen.wait_for_refresh()
            view = screen.query_one(ArticleView)
            for y in range(view.size.height):
                view.render_line(y)
            times.append(time.perf_counter() - start)
            if profiler:
                profiler.disable()
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
            await app.pop_screen()
            await pilot.pause()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="Print where the first open's time went.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        db, article_id = big_library(Path(folder), args.mb)
        print(f"library built in {time.perf_counter() - started:.1f} s ({db.stat().st_size / 1e6:.1f} MB file)")
        times = asyncio.run(measure(db, article_id, args.runs, args.profile))
    print(
        "open to first paint: "
        + ", ".join(f"{t * 1000:.0f} ms" for t in times)
        + f"; first {times[0] * 1000:.0f} ms, median {statistics.median(times) * 1000:.0f} ms (target < 1000 ms)"
    )


if __name__ == "__main__":
    main()
