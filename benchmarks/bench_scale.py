"""A library of 10,000 articles: library screen ready, filter as you type, search, Speakers, memory.

The five seeds are analysed once by the real pipeline; every other article is a variant of a seed
(paragraphs shuffled, people renamed with same-length names, digits changed, a unique dateline)
whose analysis record is the seed's carried through the same transformation, so every offset
still points at its words. A fresh process without spaCy then times, as medians:

- library ready: the real app (`ReaderApp`) from start until the library table holds every row
  and has painted, against a minimal Textual app started the same way (baseline);
- filter as you type: the library screen's own filter, one keystroke at a time;
- search: `reader.store.search.search`, against a bare FTS5 MATCH on the same index (baseline);
- Speakers: `speakers()`, against a bare `GROUP BY speaker` over the quotes (baseline); and
  `quotes_by`, `overview`;
- peak memory: ru_maxrss of that process, and the Python heap peak (tracemalloc) while the
  library screen loads.

Targets: library ready < 300 ms, search < 100 ms, memory < 400 MB.

    python benchmarks/bench_scale.py [--articles 10000] [--runs 5] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SOURCES = ["Reuters", "AP", "NBC News", "Newsweek", "The Guardian", "Yonhap", "TASS", "BBC", "DW", "Al Jazeera"]
NAME_VERSIONS = 400  # each person in the seeds becomes up to this many different people
SEARCHES = ["Kirby", "fair gam", '"North Korean troops"', "Choe Son-hui", "troops -Kursk", "ru", "the", "Pyongyang missiles"]
FILTERS = "north korea"


# Building -------------------------------------------------------------------------------------


def _rename(word: str, version: int) -> str:
    """A made-up name of the same length and shape as `word`, the same for the same version."""
    rng = random.Random(zlib.crc32(f"{word}/{version}".encode()))
    letters = "bcdfghjklmnprstvwz" "aeiou"
    out = [
        (rng.choice(letters).upper() if ch.isupper() else rng.choice(letters)) if ch.isalpha() else ch
        for ch in word
    ]
    return "".join(out)


def _transform_strings(value: Any, fn: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, list):
        return [_transform_strings(item, fn) for item in value]
    if isinstance(value, dict):
        return {key: _transform_strings(item, fn) for key, item in value.items()}
    return value


def variant(text: str, record: dict[str, Any], n: int) -> tuple[str, dict[str, Any]]:
    """Variant `n` of a seed: same words, other people and numbers, paragraphs reordered."""
    rng = random.Random(n)
    # Same-length substitutions first: offsets do not move.
    people = {
        word
        for actor in record["actors"] if actor["label"] == "PERSON"
        for word in re.findall(r"[A-Z][\w'-]+", actor["name"])
    }
    version = n % NAME_VERSIONS
    swaps = {word: _rename(word, version) for word in people}
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(swaps, key=len, reverse=True))) + r")\b") if swaps else None
    shift = n % 9 + 1

    def change(s: str) -> str:
        if pattern is not None:
            s = pattern.sub(lambda m: swaps[m.group(1)], s)
        return re.sub(r"\d", lambda m: str((int(m.group()) + shift) % 10), s)

    text = change(text)
    record = _transform_strings(record, change)
    # Then reorder the paragraphs after the first (the headline), moving every span with its paragraph.
    paragraphs = [tuple(p) for p in record["paragraphs"]]
    order = [0] + rng.sample(range(1, len(paragraphs)), len(paragraphs) - 1) if len(paragraphs) > 2 else list(range(len(paragraphs)))
    dateline = f"Dispatch {n} · desk {rng.randrange(100)}\n"
    pieces, new_start = [dateline], {}
    at = len(dateline)
    for position, index in enumerate(order):
        start, end = paragraphs[index]
        new_start[index] = at
        pieces.append(text[start:end])
        at += end - start
        if position < len(order) - 1:
            pieces.append("\n")
            at += 1
    new_text = "".join(pieces)

    def move(start: int, end: int) -> tuple[int, int] | None:
        for index, (p_start, p_end) in enumerate(paragraphs):
            if p_start <= start and end <= p_end:
                delta = new_start[index] - p_start
                return start + delta, end + delta
        return None

    def moved_spans(spans):
        return [list(m) for s, e in spans if (m := move(s, e))]

    def moved_mentions(groups):
        out = []
        for group in groups:
            mentions = []
            for mention in group["mentions"]:
                span = move(mention["start"], mention["end"])
                if span:
                    mentions.append({**mention, "start": span[0], "end": span[1]})
            if mentions:
                out.append({**group, "mentions": mentions})
        return out

    quotes = []
    for quote in record["quotes"]:
        span = move(quote["start"], quote["end"])
        if span is None:
            continue
        speaker_span = quote.get("speaker_span")
        if speaker_span:
            speaker_span = move(*speaker_span)
        quotes.append({**quote, "start": span[0], "end": span[1],
                       "speaker_span": list(speaker_span) if speaker_span else None})
    new_record = {
        **record,
        "paragraphs": sorted(moved_spans(record["paragraphs"])),
        "sentences": sorted(moved_spans(record["sentences"])),
        "actors": moved_mentions(record["actors"]),
        "places": moved_mentions(record.get("places", [])),
        "quotes": sorted(quotes, key=lambda q: q["start"]),
    }
    return new_text, new_record


def check(text: str, record: dict[str, Any]) -> None:
    for group in record["actors"] + record["places"]:
        for mention in group["mentions"]:
            assert text[mention["start"]:mention["end"]] == mention["text"], mention
    for quote in record["quotes"]:
        assert text[quote["start"]:quote["end"]] == quote["text"], quote


def build(path: Path, articles: int) -> dict[str, float]:
    """Write the library; returns how long the parts took."""
    from reader.library import SEEDED_KEY, read_document
    from reader.nlp.analyze import analyze_texts
    from reader.nlp.model import load_nlp, pipeline_id
    from reader.paths import seeds_dir
    from reader.store import open_db
    from reader.store import articles as store
    from reader.store.search import index_analysis

    started = time.perf_counter()
    seeds = [read_document(p) for p in sorted(seeds_dir().glob("*.txt"))]
    records = list(analyze_texts([doc.text for doc in seeds], nlp=load_nlp()))
    analysed = time.perf_counter()
    db = open_db(path)
    pipeline = pipeline_id()
    db.conn.execute("BEGIN")
    for n in range(articles):
        seed, record = seeds[n % len(seeds)], records[n % len(seeds)]
        if n < len(seeds):
            text, data, title, source = seed.text, record, seed.title, seed.source
        else:
            text, data = variant(seed.text, record, n)
            title, source = f"{seed.title} ({n})", SOURCES[n % len(SOURCES)]
        if n % 997 == 0:
            check(text, data)
        article_id, _ = store.add_article(db, raw_text=text, text=text, title=title, source=source,
                                          path=f"/corpus/{n:05d}.txt")
        store.put_analysis(db, article_id, pipeline, data)
        index_analysis(db, article_id, data)
        if n % 1000 == 999:
            db.conn.execute("COMMIT")
            db.conn.execute("BEGIN")
    store.set_setting(db, SEEDED_KEY, store.now())
    db.conn.execute("COMMIT")
    db.execute("PRAGMA optimize")
    db.close()
    return {"analyse 5 seeds s": analysed - started, "write library s": time.perf_counter() - analysed}


# Measuring (a fresh process: no spaCy, nothing cached) ----------------------------------------


def median_ms(fn: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


async def _app_ready_ms(make_app, ready: Callable[[Any], bool]) -> float:
    start = time.perf_counter()
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        while not ready(app):
            await pilot.pause(0.001)
        await pilot.pause()  # and painted
        elapsed = (time.perf_counter() - start) * 1000
        await app.workers.wait_for_complete()
    return elapsed


async def _filter_ms(db_path: Path) -> tuple[float, float]:
    """Per keystroke: the screen's filter function alone, and filtering until the table has repainted."""
    from reader.tui.app import ReaderApp
    from reader.tui.screens.library import LibraryScreen

    app = ReaderApp(db_path)
    ids_times, table_times = [], []
    async with app.run_test(size=(160, 48)) as pilot:
        while not isinstance(app.screen, LibraryScreen) or not app.screen.rows:
            await pilot.pause(0.001)
        screen = app.screen
        await app.workers.wait_for_complete()
        for _ in range(3):
            for length in range(1, len(FILTERS) + 1):
                typed = FILTERS[:length]
                start = time.perf_counter()
                screen.filter_text = typed  # the watcher filters and shows the rows
                await pilot.pause()  # painted
                table_times.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                screen._visible_ids()
                ids_times.append((time.perf_counter() - start) * 1000)
            screen.filter_text = ""
            await pilot.pause()
    return statistics.median(ids_times), statistics.median(table_times)


def measure(db_path: Path, runs: int) -> dict[str, Any]:
    import asyncio
    import resource
    import tracemalloc

    from textual.widgets import ListView

    from benchmarks.baseline_app import BaselineApp
    from reader.nlp.model import pipeline_id
    from reader.store import open_db
    from reader.store.search import overview, quotes_by, search, speakers
    from reader.tui.app import ReaderApp
    from reader.tui.screens.library import LibraryScreen
    from reader.tui.widgets.article_table import ArticleTable

    db = open_db(db_path)
    total = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    figures: dict[str, Any] = {"articles": total,
                               "quotes": db.execute("SELECT count(*) FROM quotes").fetchone()[0],
                               "db MB": db_path.stat().st_size / 1e6}

    def library_ready(app) -> bool:
        screen = app.screen
        if not isinstance(screen, LibraryScreen):
            return False
        tables = screen.query(ArticleTable)
        return bool(tables) and len(tables.first().ids) == total

    def baseline_ready(app) -> bool:
        return len(app.query(ListView)) == 1 and len(app.query_one(ListView).children) == 5

    print("measuring the library screen …", file=sys.stderr)
    asyncio.run(_app_ready_ms(BaselineApp, baseline_ready))  # warm the imports for both
    tracemalloc.start()
    asyncio.run(_app_ready_ms(lambda: ReaderApp(db_path), library_ready))
    figures["library load Python heap peak MB"] = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    figures["baseline app ready ms"] = statistics.median(
        asyncio.run(_app_ready_ms(BaselineApp, baseline_ready)) for _ in range(runs))
    figures["library ready ms"] = statistics.median(
        asyncio.run(_app_ready_ms(lambda: ReaderApp(db_path), library_ready)) for _ in range(runs))
    figures["filter keystroke (function) ms"], figures["filter keystroke (to repaint) ms"] = asyncio.run(_filter_ms(db_path))

    print("measuring search and speakers …", file=sys.stderr)
    figures["baseline count(*) ms"] = median_ms(lambda: db.execute("SELECT count(*) FROM articles").fetchone(), runs * 4)
    figures["baseline GROUP BY speaker ms"] = median_ms(
        lambda: db.execute("SELECT speaker, count(*) FROM quotes GROUP BY speaker").fetchall(), runs)
    figures["baseline FTS MATCH ms"] = statistics.median(
        median_ms(lambda q=q: db.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT 50", [f'"{q}"']).fetchall(), runs)
        for q in ["kirby", "troops", "pyongyang"])
    per_query = {query: median_ms(lambda q=query: search(db, q), runs) for query in SEARCHES}
    figures["search ms (median of queries)"] = statistics.median(per_query.values())
    figures["search ms (slowest query)"] = max(per_query.values())
    figures["search ms by query"] = per_query
    figures["search hits for 'Kirby'"] = len(search(db, "Kirby"))
    rows = speakers(db)
    figures["speakers"] = len(rows)
    figures["speakers() ms"] = median_ms(lambda: speakers(db), runs)
    figures["quotes_by(top speaker) ms"] = median_ms(lambda: quotes_by(db, rows[0]["speaker"]), runs)
    figures["overview() ms"] = median_ms(lambda: overview(db, pipeline=pipeline_id()), runs)
    db.close()
    figures["peak RSS MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures["spaCy imported"] = "spacy" in sys.modules
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, default=None, help="Build (or reuse) the library in DIR.")
    parser.add_argument("--measure", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.runs)))
        return
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"library-{args.articles}.db"
        if not path.exists():
            print(f"building {args.articles} articles in {path} …", file=sys.stderr)
            for name, seconds in build(path, args.articles).items():
                print(f"{name:<40} {seconds:8.1f}")
        output = subprocess.run(
            [sys.executable, __file__, "--measure", str(path), "--runs", str(args.runs)],
            cwd=ROOT, check=True, capture_output=True, text=True,
        ).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    by_query = figures.pop("search ms by query")
    for name, value in figures.items():
        print(f"{name:<40} {value:8.2f}" if isinstance(value, float) else f"{name:<40} {value}")
    for query, value in by_query.items():
        print(f"  search {query!r:<30} {value:8.1f} ms")
    print(f"{'library ready / baseline app':<40} {figures['library ready ms'] / figures['baseline app ready ms']:8.2f}x"
          f"   target < 300 ms: {'ok' if figures['library ready ms'] < 300 else 'MISSED'}")
    print(f"{'search / bare FTS MATCH':<40} {figures['search ms (median of queries)'] / figures['baseline FTS MATCH ms']:8.1f}x"
          f"   target < 100 ms: {'ok' if figures['search ms (slowest query)'] < 100 else 'MISSED'}")
    print(f"{'speakers() / bare GROUP BY speaker':<40} {figures['speakers() ms'] / figures['baseline GROUP BY speaker ms']:8.1f}x")
    print(f"{'peak RSS':<40} {figures['peak RSS MB']:8.1f} MB   target < 400 MB: "
          f"{'ok' if figures['peak RSS MB'] < 400 else 'MISSED'}")


if __name__ == "__main__":
    main()
