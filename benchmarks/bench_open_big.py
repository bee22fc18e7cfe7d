"""Opening a 10 MB stored article in the app: time to first paint (target: under 1 s).

Builds a library holding a 10 MB article made of the seeds' text repeated, and a 10 KB one made
the same way as the baseline, both analysed: the seeds are analysed once by the real pipeline
and their records repeated with shifted offsets, so every highlight of the big article points at
its words (the big article's quotes are not indexed for search: see `build_library`). The library is kept in a temporary folder between runs (`--rebuild` makes it again).
Then, in one running app at 100x32, the baseline and the big article are opened in turn
(interleaved, --runs times each): the time runs from asking the app to open the article to the
first frame the app sends to the terminal after the article view drew the article's first line
(a run that takes over a minute prints "timed out").

Prints each run, both medians, their ratio and the big article's absolute first paint.

    python benchmarks/bench_open_big.py [--mb 10] [--runs 3] [--profile] [--rebuild]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import hashlib
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUILD_VERSION = 3  # bump when build_library changes: the cached library is made again


def _moved(spans: list[dict[str, Any]], offset: int) -> list[dict[str, Any]]:
    return [{**m, "start": m["start"] + offset, "end": m["end"] + offset} for m in spans]


def _shift(record: dict[str, Any], offset: int, group_base: int) -> dict[str, Any]:
    """A seed's analysis record, moved to where the seed starts in the big article."""
    return {
        "paragraphs": [[s + offset, e + offset] for s, e in record["paragraphs"]],
        "sentences": [[s + offset, e + offset] for s, e in record["sentences"]],
        "actors": [{**a, "mentions": _moved(a["mentions"], offset)} for a in record["actors"]],
        "places": [{**p, "mentions": _moved(p.get("mentions", []), offset)} for p in record["places"]],
        "debris": _moved(record.get("debris", []), offset),
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


def _big_record(
    seeds: list[str], records: list[dict[str, Any]], megabytes: float, heading: str = "The seeds, repeated."
) -> tuple[str, dict[str, Any]]:
    """An article of `heading` then the seeds repeated to `megabytes` MB, and its analysis."""
    parts = [heading]
    span = [[0, len(heading)]]
    merged: dict[str, Any] = {"paragraphs": span, "sentences": list(span), "actors": {}, "places": {}, "quotes": []}
    merged["debris"] = []
    offset, group_base, n = len(heading) + 2, 0, 0
    while offset < megabytes * 1_000_000:
        text, record = seeds[n % len(seeds)], records[n % len(seeds)]
        shifted = _shift(record, offset, group_base)
        for key in ("paragraphs", "sentences", "quotes", "debris"):
            merged[key] += shifted[key]
        for key in ("actors", "places"):
            for actor in shifted[key]:
                kept = merged[key].setdefault(actor["name"], {**actor, "mentions": []})
                kept["mentions"] += actor["mentions"]
        group_base += max((q["group"] for q in record["quotes"]), default=0) + 1
        parts.append(text)
        offset += len(text) + 2
        n += 1
    merged["actors"] = list(merged["actors"].values())
    merged["places"] = list(merged["places"].values())
    return "\n\n".join(parts), merged


def build_library(path: Path, megabytes: float) -> None:
    """A library with the big article and a 10 KB one (the baseline), both analysed."""
    from reader.nlp.analyze import analyze_texts
    from reader.nlp.model import load_nlp, pipeline_id
    from reader.paths import seeds_dir
    from reader.service.ingest import read_document
    from reader.store import articles as store
    from reader.store import open_db

    seeds = [read_document(p).text for p in sorted(seeds_dir().glob("*.txt"))]
    records = list(analyze_texts(seeds, nlp=load_nlp()))
    big, record = _big_record(seeds, records, megabytes, f"Big article, {megabytes:g} MB of the seeds.")
    db = open_db(path)
    store.set_setting(db, "seeded", "yes")
    small, small_record = _big_record(
        seeds, records, 0.01, "Baseline article, ten kilobytes of the seeds."
    )  # about 10 KB, made the same way
    small_id, _ = store.add_article(db, raw_text=small, text=small, title="Baseline", source="bench", path="/small.txt")
    store.put_analysis(db, small_id, pipeline_id(), small_record)
    # The analysis goes in before the article, so its quotes are not indexed for search and
    # echoes: indexing 10 MB of the same five articles' quotes repeated did not end in 15 minutes,
    # and opening an article does not need that index (its echoes are then none).
    store.put_analysis(db, store.text_id(big), pipeline_id(), record)
    store.add_article(db, raw_text=big, text=big, title="Big", source="bench", path="/big.txt")
    db.close()


def cached_library(megabytes: float, rebuild: bool) -> Path:
    """The benchmark's library, built once and kept in the temporary folder (keyed by size and code)."""
    from reader.nlp.model import pipeline_id

    key = hashlib.sha256(f"{megabytes}|{pipeline_id()}|{BUILD_VERSION}".encode()).hexdigest()[:12]
    folder = Path(tempfile.gettempdir()) / "reader-bench-open-big" / key
    path = folder / "library.db"
    if rebuild and folder.exists():
        shutil.rmtree(folder)
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        building = folder / "building.db"
        for stale in folder.glob("building.db*"):
            stale.unlink()
        build_library(building, megabytes)
        from reader.store import open_db

        open_db(building).close()  # checkpoints the WAL into the file before it is renamed
        building.rename(path)
        print(f"library built in {time.perf_counter() - started:.1f} s: {path}", flush=True)
    return path


def _articles(path: Path) -> dict[str, tuple[str, str, int]]:
    """Title -> (id, its first line, length)."""
    from reader.store import open_db

    db = open_db(path)
    try:
        rows = db.execute("SELECT title, id, text FROM articles").fetchall()
    finally:
        db.close()
    # The probe: the article's own first line (the compositor sends only what changed, so a
    # line the article before also had would never be seen again).
    return {title: (article_id, text.split("\n", 1)[0], len(text)) for title, article_id, text in rows}


async def first_paint(app: Any, pilot: Any, article_id: str, probe: str, timeout: float = 60.0) -> float | None:
    """Seconds from asking the app to open an article to the first frame sent to the terminal
    after the article view drew the article's first line (`probe`); None if that took over `timeout`."""
    from textual._compositor import CompositorUpdate

    from reader.tui.messages import OpenArticle
    from reader.tui.screens.reader import ReaderScreen
    from reader.tui.widgets.article_view import ArticleView

    painted: list[float] = []
    display = app._display

    def drawn(screen: Any) -> bool:
        """The screen shows this article and its view has rendered the line holding `probe`."""
        if not isinstance(screen, ReaderScreen) or screen.article is None or screen.article["id"] != article_id:
            return False
        view = screen.query_one(ArticleView)
        if view._text is not screen.article["text"] or not view._lines:
            return False
        y = view.line_of(0)
        shown = view._strips[y].text.strip() if y in view._strips else ""
        return bool(shown) and probe.startswith(shown)

    def watching(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if not painted and isinstance(renderable, CompositorUpdate) and drawn(screen):
            painted.append(time.perf_counter())

    app._display = watching
    try:
        start = time.perf_counter()
        app.open_article(OpenArticle(article_id))
        while not painted and time.perf_counter() - start < timeout:
            await pilot.pause(0.005)
    finally:
        app._display = display
    elapsed = painted[0] - start if painted else None
    await app.workers.wait_for_complete()
    await pilot.pause()
    app.pop_screen()
    await pilot.pause()
    return elapsed


async def measure(path: Path, runs: int, profile: bool) -> dict[str, list[float | None]]:
    from reader.tui.app import ReaderApp

    articles = _articles(path)
    app = ReaderApp(path)
    times: dict[str, list[float | None]] = {"Baseline": [], "Big": []}
    async with app.run_test(size=(100, 32)) as pilot:
        await app.workers.wait_for_complete()
        # Makes the reader screen (not timed); one article never follows itself, or its first
        # frame would hold nothing new to see.
        await first_paint(app, pilot, *articles["Big"][:2])
        for run in range(runs):
            for title in ("Baseline", "Big"):
                profiler = cProfile.Profile() if profile and run == 0 and title == "Big" else None
                if profiler:
                    profiler.enable()
                times[title].append(await first_paint(app, pilot, *articles[title][:2]))
                if profiler:
                    profiler.disable()
                    pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="Print where the first big open's time went.")
    parser.add_argument("--rebuild", action="store_true", help="Build the library again.")
    args = parser.parse_args()
    path = cached_library(args.mb, args.rebuild)
    sizes = {title: size for title, (_, _, size) in _articles(path).items()}
    times = asyncio.run(measure(path, args.runs, args.profile))
    for title, label in (("Baseline", "baseline 10 KB"), ("Big", "big article")):
        shown = ", ".join("timed out" if t is None else f"{t * 1000:.0f}" for t in times[title])
        valid = [t for t in times[title] if t is not None]
        median = f"{statistics.median(valid) * 1000:.0f}" if valid else "none"
        print(f"{label:<16} {sizes[title]:>12,} chars  first paint ms: {shown}  median {median}")
    big = [t for t in times["Big"] if t is not None]
    small = [t for t in times["Baseline"] if t is not None]
    if not big or not small or len(big) < len(times["Big"]):
        print("some runs timed out: no valid ratio")
    if big and small:
        print(f"ratio big/baseline: {statistics.median(big) / statistics.median(small):.1f}x")
        print(f"{args.mb:g} MB first paint: {statistics.median(big) * 1000:.0f} ms (target < 1000 ms)")


if __name__ == "__main__":
    main()
