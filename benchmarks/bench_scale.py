"""A library of 10,000 or 100,000 articles: library screen ready, filter as you type, search, Speakers, memory.

The five seeds are analysed once by the real pipeline; every other article is a variant of a seed
(paragraphs shuffled, people renamed with same-length names, digits changed, a unique dateline)
whose analysis record is the seed's carried through the same transformation, so every offset
still points at its words. A fresh process without spaCy then times, as medians:

- library ready: the real app (`ReaderApp`) from start until the library table has every
  article (ids; the summaries of the first screen, the rest come in a worker) and has painted,
  against a bare Textual app that reads the same rows with plain sqlite3 into a line-rendered
  table (the baseline of the target), measured interleaved; and, to show what the app itself
  costs, a bare one reading only the count and the first screen's rows;
- filter as you type: the library screen's own filter, one keystroke at a time;
- back to library: after an article, the event loop's longest stall while the rows are read again,
  beside the bare table app's longest stall when a blank screen over it is popped (interleaved);
- search: `reader.store.search.search`, against a bare FTS5 MATCH on the same index (baseline);
- Speakers: `speakers()`, against a bare `GROUP BY speaker` over the quotes (baseline); and
  `quotes_by`, `overview`;
- peak memory: ru_maxrss of that process, and the Python heap peak (tracemalloc) while the
  library screen loads.

- claim suggestions: `reader.store.claim_suggest.suggest` for the claims (median and slowest);
- echoes: adding a new article's analysis, the echo grouping of its statements alone
  (`index_echoes`: LSH band lookups and rapidfuzz checks), half of the new articles echoing
  statements already in the library, and the status line's lookup (`article_echoes`);
- DB size, and how many articles, quotes, sentences and echo groups the library holds.

Each variant ends with a paragraph of its own unquoted sentences again, to 30 sentences (the
seeds have two per quote, news about five). One article in five carries the quoted words of two other variants of its seed (wire copy taken
up by several outlets, names and numbers changed), the others words of their own.

Targets at 100,000 articles: library ready <= 1.5x a bare Textual app reading the same rows
into a line-rendered table, search and suggestions < 100 ms, Speakers < 200 ms, echo grouping
of a new article < 50 ms, peak memory < 400 MB.

    python benchmarks/bench_scale.py [--articles 10000 100000] [--runs 5] [--keep DIR]
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
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SOURCES = ["Reuters", "AP", "NBC News", "Newsweek", "The Guardian", "Yonhap", "TASS", "BBC", "DW", "Al Jazeera"]
NAME_VERSIONS = 400  # each person in the seeds becomes up to this many different people
SEARCHES = [
    "Kirby",
    "fair gam",
    '"North Korean troops"',
    "Choe Son-hui",
    "troops -Kursk",
    "ru",
    "the",
    "Pyongyang missiles",
]
FILTERS = "north korea"
NEW_ARTICLES = 10
SENTENCES = 30  # per generated article: 100,000 articles hold 3 million


# Building -------------------------------------------------------------------------------------


def _rename(word: str, version: int) -> str:
    """A made-up name of the same length and shape as `word`, the same for the same version."""
    rng = random.Random(zlib.crc32(f"{word}/{version}".encode()))
    letters = "bcdfghjklmnprstvwzaeiou"
    out = [
        (rng.choice(letters).upper() if ch.isupper() else rng.choice(letters)) if ch.isalpha() else ch for ch in word
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


def quote_version(n: int) -> int:
    """Whose quoted words variant `n` carries: its own, or (one article in five) those of the
    variants of its seed 5 and 10 places away, as wire copy is picked up by several outlets."""
    return n // 15 * 15 + n % 5 if (n // 15) % 5 == 0 else n


def _scramble_quotes(text: str, record: dict[str, Any], version: int) -> tuple[str, dict[str, Any]]:
    """Every word of four letters or more inside a quote swapped for a made-up one of the same
    shape (the same for the same version), so quotes differ between articles as they do in news."""
    pieces, at = [], 0
    for quote in sorted(record["quotes"], key=lambda q: q["start"]):
        if quote["start"] < at:
            continue
        pieces.append(text[at : quote["start"]])
        pieces.append(
            re.sub(r"[A-Za-z]{4,}", lambda m: _rename(m.group(), version), text[quote["start"] : quote["end"]])
        )
        at = quote["end"]
    pieces.append(text[at:])
    text = "".join(pieces)

    def retext(item: dict[str, Any]) -> dict[str, Any]:
        return {**item, "text": text[item["start"] : item["end"]]}

    return text, {
        **record,
        "quotes": [retext(q) for q in record["quotes"]],
        "actors": [{**g, "mentions": [retext(m) for m in g["mentions"]]} for g in record["actors"]],
        "places": [{**g, "mentions": [retext(m) for m in g["mentions"]]} for g in record.get("places", [])],
    }


def variant(text: str, record: dict[str, Any], n: int, quotes_of: int | None = None) -> tuple[str, dict[str, Any]]:
    """Variant `n` of a seed: same words, other people and numbers, paragraphs reordered, and
    the quoted words those of `quote_version(n)` (or `quotes_of`)."""
    rng = random.Random(n)
    text, record = _scramble_quotes(text, record, quote_version(n) if quotes_of is None else quotes_of)
    # Same-length substitutions first: offsets do not move.
    people = {
        word
        for actor in record["actors"]
        if actor["label"] == "PERSON"
        for word in re.findall(r"[A-Z][\w'-]+", actor["name"])
    }
    version = n % NAME_VERSIONS
    swaps = {word: _rename(word, version) for word in people}
    pattern = (
        re.compile(r"\b(" + "|".join(map(re.escape, sorted(swaps, key=len, reverse=True))) + r")\b") if swaps else None
    )
    shift = n % 9 + 1

    def change(s: str) -> str:
        if pattern is not None:
            s = pattern.sub(lambda m: swaps[m.group(1)], s)
        return re.sub(r"\d", lambda m: str((int(m.group()) + shift) % 10), s)

    text = change(text)
    record = _transform_strings(record, change)
    # Then reorder the paragraphs after the first (the headline), moving every span with its paragraph.
    paragraphs = [tuple(p) for p in record["paragraphs"]]
    order = (
        [0, *rng.sample(range(1, len(paragraphs)), len(paragraphs) - 1)]
        if len(paragraphs) > 2
        else list(range(len(paragraphs)))
    )
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
        quotes.append(
            {**quote, "start": span[0], "end": span[1], "speaker_span": list(speaker_span) if speaker_span else None}
        )
    new_record = {
        **record,
        "paragraphs": sorted(moved_spans(record["paragraphs"])),
        "sentences": sorted(moved_spans(record["sentences"])),
        "actors": moved_mentions(record["actors"]),
        "places": moved_mentions(record.get("places", [])),
        "quotes": sorted(quotes, key=lambda q: q["start"]),
    }
    return _lengthened(new_text, new_record)


def _lengthened(text: str, record: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The article with a closing paragraph of its own unquoted sentences again, up to
    SENTENCES sentences: news runs to about five sentences per quote, the seeds to two."""
    quoted = [(q["start"], q["end"]) for q in record["quotes"]]
    plain = [(s, e) for s, e in record["sentences"] if not any(qs < e and s < qe for qs, qe in quoted)]
    missing = SENTENCES - len(record["sentences"])
    if not plain or missing <= 0:
        return text, record
    pieces, sentences, at = [text, "\n"], [], len(text) + 1
    start = at
    for k in range(missing):
        s, e = plain[k % len(plain)]
        if k:
            pieces.append(" ")
            at += 1
        pieces.append(text[s:e])
        sentences.append([at, at + e - s])
        at += e - s
    return "".join(pieces), {
        **record,
        "paragraphs": record["paragraphs"] + [[start, at]],
        "sentences": record["sentences"] + sentences,
    }


def check(text: str, record: dict[str, Any]) -> None:
    for group in record["actors"] + record["places"]:
        for mention in group["mentions"]:
            assert text[mention["start"] : mention["end"]] == mention["text"], mention
    for quote in record["quotes"]:
        assert text[quote["start"] : quote["end"]] == quote["text"], quote


def restamp(path: Path) -> None:
    """A kept library built by an older analysis version holds the same generated records: they
    are relabelled as this pipeline's, so the app does not re-analyse 100,000 articles (which
    would measure spaCy, not the library) and a rebuild (40 minutes at 100,000) is not needed."""
    import sqlite3

    from reader.nlp.model import pipeline_id

    conn = sqlite3.connect(path)
    current = pipeline_id()
    with conn:  # an article some earlier run re-analysed keeps that analysis only
        conn.execute(
            "DELETE FROM analyses WHERE pipeline != ? AND text_id IN (SELECT text_id FROM analyses WHERE pipeline = ?)",
            [current, current],
        )
        moved = conn.execute("UPDATE analyses SET pipeline = ? WHERE pipeline != ?", [current, current])
    conn.close()
    if moved.rowcount:
        print(f"{path}: {moved.rowcount} analyses relabelled as {current}", file=sys.stderr)


def build(path: Path, articles: int) -> dict[str, float]:
    """Write the library; returns how long the parts took."""
    from reader.nlp.analyze import analyze_texts
    from reader.nlp.model import load_nlp, pipeline_id
    from reader.paths import seeds_dir
    from reader.service.ingest import SEEDED_KEY, read_document
    from reader.store import articles as store
    from reader.store import open_db

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
        article_id, _ = store.add_article(
            db, raw_text=text, text=text, title=title, source=source, path=f"/corpus/{n:05d}.txt"
        )
        store.put_analysis(db, article_id, pipeline, data)  # indexes its quotes and echoes too
        if n % 1000 == 999:
            db.conn.execute("COMMIT")
            db.conn.execute("BEGIN")
    store.set_setting(db, SEEDED_KEY, store.now())
    db.conn.execute("COMMIT")
    db.execute("PRAGMA optimize")
    db.close()
    # Articles for the measuring process to add, without spaCy: half echo statements already in
    # the library (the variants 5 and 10 of each seed), half carry words of their own.
    extra = []
    for k in range(NEW_ARTICLES):
        n = articles + k
        seed, record = seeds[n % len(seeds)], records[n % len(seeds)]
        text, data = variant(seed.text, record, n, quotes_of=n % 5 if k % 2 == 0 else n)
        check(text, data)
        extra.append(
            {
                "text": text,
                "title": f"{seed.title} ({n})",
                "source": SOURCES[n % len(SOURCES)],
                "record": data,
                "echoes": k % 2 == 0,
            }
        )
    path.with_suffix(".new.json").write_text(json.dumps(extra), encoding="utf-8")
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
        # And painted: the screen's pending messages handled, then its updates rendered. Not
        # `pause()`, which waits for the whole process to idle, background workers included.
        await pilot.pause(0)
        elapsed = (time.perf_counter() - start) * 1000
        await _settled(app, pilot)
    return elapsed


async def _settled(app, pilot) -> None:
    """Until no worker runs, those started after the first paint too (the library's rest)."""
    await app.workers.wait_for_complete()
    while list(app.workers):
        await pilot.pause(0.01)
        await app.workers.wait_for_complete()


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
        await _settled(app, pilot)
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


async def _ticker(gaps: list[float], stop: Any) -> None:
    """Every 5 ms until `stop` is set, how long the wait really took (the loop's stalls)."""
    import asyncio

    last = time.perf_counter()
    while not stop.is_set():
        await asyncio.sleep(0.005)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now


async def _back_to_library_stall_ms(db_path: Path, runs: int) -> float:
    """Open the highlighted article, go back to the library, and time the event loop's longest
    stall (a 5 ms ticker's longest gap) until the library has read its rows again: the lag a key
    typed then would feel. The median of `runs`."""
    import asyncio

    from reader.tui.app import ReaderApp
    from reader.tui.screens.library import LibraryScreen
    from reader.tui.screens.reader import ReaderScreen

    app = ReaderApp(db_path)
    stalls = []
    async with app.run_test(size=(160, 48)) as pilot:
        while not isinstance(app.screen, LibraryScreen) or not app.screen.rows:
            await pilot.pause(0.001)
        await _settled(app, pilot)
        for _ in range(runs):
            await pilot.press("enter")
            while not isinstance(app.screen, ReaderScreen):
                await pilot.pause(0.01)
            await _settled(app, pilot)
            gaps: list[float] = []
            stop = asyncio.Event()
            task = asyncio.create_task(_ticker(gaps, stop))
            await pilot.press("escape")
            await _settled(app, pilot)
            stop.set()
            await task
            stalls.append(max(gaps) * 1000)
    return statistics.median(stalls)


async def _bare_back_stall_ms(db_path: Path, runs: int) -> float:
    """The baseline of the stall above: the bare table app pushes a blank screen and pops it
    again, and the same ticker times the loop's longest stall while the table is shown anew."""
    import asyncio

    from textual.screen import Screen

    app = _bare_table_app(db_path)
    stalls = []
    async with app.run_test(size=(160, 48)) as pilot:
        await _settled(app, pilot)
        for _ in range(runs):
            await app.push_screen(Screen())
            await _settled(app, pilot)
            gaps: list[float] = []
            stop = asyncio.Event()
            task = asyncio.create_task(_ticker(gaps, stop))
            app.pop_screen()
            await pilot.pause()
            await _settled(app, pilot)
            stop.set()
            await task
            stalls.append(max(gaps) * 1000)
    return statistics.median(stalls)


def _bare_table_app(db_path: Path, first_screen: bool = False):
    """The library-ready baseline: a bare Textual app that reads the same summaries with plain
    sqlite3 and shows them in a line-rendered (virtualised) table, nothing else; with
    `first_screen`, only the count and the rows of the first screen."""
    import sqlite3

    from rich.segment import Segment
    from textual.app import App, ComposeResult
    from textual.geometry import Size
    from textual.scroll_view import ScrollView
    from textual.strip import Strip

    class BareTable(ScrollView):
        rows: list[tuple[Any, ...]] = []
        total = 0

        def on_mount(self) -> None:
            conn = sqlite3.connect(str(db_path))
            self.rows = conn.execute(
                "SELECT id, title, source, words, added_at FROM articles ORDER BY added_at, id"
                + (" LIMIT 100" if first_screen else "")
            ).fetchall()
            self.total = conn.execute("SELECT count(*) FROM articles").fetchone()[0] if first_screen else len(self.rows)
            conn.close()
            self.virtual_size = Size(self.size.width, self.total)
            self.refresh()

        def render_line(self, y: int) -> Strip:
            row = int(self.scroll_offset.y) + y
            if row >= len(self.rows):
                return Strip.blank(self.size.width)
            _, title, source, words, added = self.rows[row]
            line = f"{title[:60]:<60} {source[:14]:<14} {words:>6} {added[:10]}"
            return Strip([Segment(line[: self.size.width].ljust(self.size.width))])

    class BareTableApp(App[None]):
        def compose(self) -> ComposeResult:
            yield BareTable()

    return BareTableApp()


def _echo_figures(db_path: Path, runs: int) -> dict[str, float]:
    """Adding a new article's analysis (quotes and echoes indexed), the echo grouping in it
    alone, and the lookup the reader makes for the status line; each rolled back after."""
    from reader.nlp.model import pipeline_id
    from reader.store import articles as store
    from reader.store import open_db
    from reader.store.echoes import article_echoes, index_echoes

    db = open_db(db_path)
    extra = json.loads(db_path.with_suffix(".new.json").read_text(encoding="utf-8"))
    add_times, group_times, grouped = [], [], 0
    for item in extra:
        db.conn.execute("BEGIN")
        article_id, _ = store.add_article(
            db,
            raw_text=item["text"],
            text=item["text"],
            title=item["title"],
            source=item["source"],
            path="/corpus/new.txt",
        )
        start = time.perf_counter()
        store.put_analysis(db, article_id, pipeline_id(), item["record"])
        add_times.append((time.perf_counter() - start) * 1000)
        db.execute(
            "DELETE FROM echo_members WHERE quote_id IN (SELECT id FROM quotes WHERE article_id = ?)", [article_id]
        )
        db.execute(
            "DELETE FROM echo_bands WHERE quote_id IN (SELECT id FROM quotes WHERE article_id = ?)", [article_id]
        )
        start = time.perf_counter()
        joined = index_echoes(db, article_id)
        group_times.append((time.perf_counter() - start) * 1000)
        grouped += bool(joined) == item["echoes"]
        db.conn.execute("ROLLBACK")
    echoed = db.execute(
        "SELECT q.article_id FROM echo_members m JOIN quotes q ON q.id = m.quote_id ORDER BY m.quote_id DESC LIMIT 1"
    ).fetchone()
    figures = {
        "echo groups": db.execute("SELECT count(DISTINCT group_id) FROM echo_members").fetchone()[0],
        "add a new article's analysis ms": statistics.median(add_times),
        "echo grouping of a new article ms": statistics.median(group_times),
        "echo grouping slowest new article ms": max(group_times),
        "new articles grouped as expected": f"{grouped}/{len(extra)}",
        "echo lookup (status line) ms": median_ms(lambda: article_echoes(db, echoed[0]), runs * 4) if echoed else 0.0,
    }
    db.close()
    return figures


CLAIMS = [
    "North Korean troops are in Russia",
    "Pyongyang missiles launched",
    "fair game",
    # Claims made from a sentence are long: more words than the suggestions' tiers are made of.
    "North Korea has sent thousands of troops to fight in Russia's Kursk region",
    "Blinken very concerned about military ties between Russia and North Korea",
]


def _claim_suggestions_ms(db, runs: int) -> dict[str, float]:
    """`reader.store.claim_suggest.suggest` for each of CLAIMS, the median of `runs`."""
    from reader.store.claim_suggest import suggest

    return {claim: median_ms(lambda c=claim: suggest(db, c), runs) for claim in CLAIMS}


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
    figures: dict[str, Any] = {
        "articles": total,
        "quotes": db.execute("SELECT count(*) FROM quotes").fetchone()[0],
        "sentences": db.execute("SELECT sum(n_sentences) FROM analyses").fetchone()[0],
        "db MB": db_path.stat().st_size / 1e6,
    }

    def library_ready(app) -> bool:
        screen = app.screen
        if not isinstance(screen, LibraryScreen):
            return False
        tables = screen.query(ArticleTable)
        return bool(tables) and len(tables.first().ids) == total

    def baseline_ready(app) -> bool:
        return len(app.query(ListView)) == 1 and len(app.query_one(ListView).children) == 5

    def table_ready(app) -> bool:
        tables = app.query("BareTable")
        return bool(tables) and tables.first().total == total

    print("measuring the library screen …", file=sys.stderr)
    asyncio.run(_app_ready_ms(BaselineApp, baseline_ready))  # warm the imports for both
    tracemalloc.start()
    asyncio.run(_app_ready_ms(lambda: ReaderApp(db_path), library_ready))
    figures["library load Python heap peak MB"] = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    apps = {
        "baseline app ready ms": (BaselineApp, baseline_ready),
        "bare table app ready ms": (lambda: _bare_table_app(db_path), table_ready),
        "bare table app, first screen only ms": (lambda: _bare_table_app(db_path, first_screen=True), table_ready),
        "library ready ms": (lambda: ReaderApp(db_path), library_ready),
    }
    starts: dict[str, list[float]] = {name: [] for name in apps}
    for _ in range(runs):  # interleaved: a busy moment of the machine falls on each alike
        for name, (make, ready) in apps.items():
            starts[name].append(asyncio.run(_app_ready_ms(make, ready)))
    figures.update({name: statistics.median(times) for name, times in starts.items()})
    figures["filter keystroke (function) ms"], figures["filter keystroke (to repaint) ms"] = asyncio.run(
        _filter_ms(db_path)
    )
    stalls: dict[str, list[float]] = {"ours": [], "bare": []}
    for _ in range(runs):  # interleaved, one app session each
        stalls["ours"].append(asyncio.run(_back_to_library_stall_ms(db_path, 1)))
        stalls["bare"].append(asyncio.run(_bare_back_stall_ms(db_path, 1)))
    figures["back to library: longest loop stall ms"] = statistics.median(stalls["ours"])
    figures["bare table app, back from a screen: longest loop stall ms"] = statistics.median(stalls["bare"])

    print("measuring search and speakers …", file=sys.stderr)
    figures["baseline count(*) ms"] = median_ms(
        lambda: db.execute("SELECT count(*) FROM articles").fetchone(), runs * 4
    )
    figures["baseline GROUP BY speaker ms"] = median_ms(
        lambda: db.execute("SELECT speaker, count(*) FROM quotes GROUP BY speaker").fetchall(), runs
    )
    figures["baseline FTS MATCH ms"] = statistics.median(
        median_ms(
            lambda q=q: db.execute(
                "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT 50", [f'"{q}"']
            ).fetchall(),
            runs,
        )
        for q in ["kirby", "troops", "pyongyang"]
    )
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
    per_claim = _claim_suggestions_ms(db, runs)
    figures["claim suggestions ms (median of claims)"] = statistics.median(per_claim.values())
    figures["claim suggestions ms (slowest claim)"] = max(per_claim.values())
    figures["claim suggestions ms by claim"] = per_claim
    db.close()
    print("measuring echoes …", file=sys.stderr)
    figures.update(_echo_figures(db_path, runs))
    figures["peak RSS MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures["spaCy imported"] = "spacy" in sys.modules
    return figures


def _cell(value: Any) -> str:
    return f"{value:10.2f}" if isinstance(value, float) else f" {value!s:>9}"


def _verdicts(figures: dict[str, Any]) -> list[tuple[str, bool]]:
    """The targets at the largest size, each with whether the figures meet it."""
    checks = [
        (
            "library ready <= 1.5x the bare table app",
            figures["library ready ms"] <= 1.5 * figures["bare table app ready ms"],
        ),
        ("search < 100 ms (slowest query)", figures["search ms (slowest query)"] < 100),
        ("claim suggestions < 100 ms (slowest claim)", figures["claim suggestions ms (slowest claim)"] < 100),
        ("Speakers < 200 ms", figures["speakers() ms"] < 200),
        ("echo grouping of a new article < 50 ms", figures["echo grouping slowest new article ms"] < 50),
        ("peak memory < 400 MB", figures["peak RSS MB"] < 400),
    ]
    return checks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--articles",
        type=int,
        nargs="+",
        default=[10_000],
        help="Library sizes, measured side by side (e.g. --articles 10000 100000).",
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, default=None, help="Build (or reuse) the libraries in DIR.")
    parser.add_argument("--measure", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.runs)))
        return
    results: dict[int, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for articles in args.articles:
            path = folder / f"library-{articles}.db"
            if not path.exists():
                print(f"building {articles} articles in {path} …", file=sys.stderr)
                for name, seconds in build(path, articles).items():
                    print(f"{name + f' ({articles})':<44} {seconds:8.1f}")
            else:
                restamp(path)
            output = subprocess.run(
                [sys.executable, __file__, "--measure", str(path), "--runs", str(args.runs)],
                cwd=ROOT,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            results[articles] = json.loads(output.strip().splitlines()[-1])
    sizes = list(results)
    by_query = {size: results[size].pop("search ms by query") for size in sizes}
    by_claim = {size: results[size].pop("claim suggestions ms by claim") for size in sizes}
    print(f"{'':<44}" + "".join(f"{size:>10}" for size in sizes))
    for name in results[sizes[-1]]:
        print(f"{name:<44}" + "".join(_cell(results[size].get(name, "")) for size in sizes))
    for query in by_query[sizes[-1]]:
        print(f"{'  search ' + repr(query) + ' ms':<44}" + "".join(_cell(by_query[size][query]) for size in sizes))
    for claim in by_claim[sizes[-1]]:
        print(
            f"{'  suggest ' + repr(claim)[:32] + ' ms':<44}" + "".join(_cell(by_claim[size][claim]) for size in sizes)
        )
    largest = results[sizes[-1]]
    print(
        f"{'library ready / bare table app':<44}"
        + "".join(f"{results[s]['library ready ms'] / results[s]['bare table app ready ms']:9.2f}x" for s in sizes)
    )
    print(f"targets at {sizes[-1]} articles:")
    for target, met in _verdicts(largest):
        print(f"  {target:<42} {'ok' if met else 'MISSED'}")


if __name__ == "__main__":
    main()
