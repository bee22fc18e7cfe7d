"""Opening an analysed ~5,000-word article in the reader, with every highlight, in milliseconds.

Builds a library holding one long article (the seeds joined, ~5,000 words) analysed by the real
pipeline, then, in one running app at 100x32, repeatedly opens it and waits until the reader
screen has drawn its first page with all highlights; also times laying out and rendering every
line. The first open makes the reader screen (printed apart); the app reuses it after that,
as it does for the user. A baseline opens a plain screen showing the same text as one `Static` (no highlights),
timed the same way (pushed, then until the screen has refreshed).
Prints medians (target: under 100 ms) and the ratio to the baseline.

    python benchmarks/bench_open_article.py [--runs 15]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def long_article_library(folder: Path, words: int = 5000) -> tuple[Path, str]:
    """A library with one analysed article of about `words` words, made of the seeds."""
    from reader.paths import seeds_dir
    from reader.service.ingest import analysis_for, document_from_text
    from reader.store import open_db
    from reader.store.articles import get_article, set_setting

    seeds = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir().glob("*.txt"))]
    parts, total, n = [], 0, 0
    while total < words:
        parts.append(seeds[n % len(seeds)])
        total += len(seeds[n % len(seeds)].split())
        n += 1
    path = folder / "library.db"
    db = open_db(path)
    set_setting(db, "seeded", "yes")
    from reader.service.ingest import add_document

    result = add_document(db, document_from_text("\n\n".join(parts), "long.txt"))
    article = get_article(db, result.article_id)
    analysis_for(db, article)
    db.close()
    return path, result.article_id


async def measure(db: Path, article_id: str, runs: int) -> dict[str, list[float]]:
    from rich.text import Text
    from textual.screen import Screen
    from textual.widgets import Static

    from reader.store import open_db
    from reader.store.articles import get_article
    from reader.tui.app import ReaderApp
    from reader.tui.messages import OpenArticle
    from reader.tui.widgets.article_view import ArticleView

    class PlainScreen(Screen):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

        def compose(self):
            yield Static(Text(self.text))

    times: dict[str, list[float]] = {}

    def record(name: str, wall: float, cpu: float) -> None:
        times.setdefault(name, []).append(time.perf_counter() - wall)
        times.setdefault(name + "_cpu", []).append(time.thread_time() - cpu)

    app = ReaderApp(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await app.workers.wait_for_complete()
        reader_db = open_db(db)
        text = get_article(reader_db, article_id)["text"]
        reader_db.close()
        print(f"article: {len(text.split())} words, {len(text)} characters")
        for _ in range(runs):
            wall, cpu = time.perf_counter(), time.thread_time()
            app.open_article(OpenArticle(article_id))
            screen = app.get_screen("reader")
            while app.screen is not screen or not screen.is_mounted:
                await asyncio.sleep(0)
            await screen.wait_for_refresh()
            view = screen.query_one(ArticleView)
            for y in range(view.size.height):  # the first page, with every highlight on it
                view.render_line(y)
            record("open" if "open" in times or "first_open" in times else "first_open", wall, cpu)

            wall, cpu = time.perf_counter(), time.thread_time()
            view._layout_width = -1  # a fresh layout, then every line rendered
            view._relayout()
            for y, line in enumerate(view._lines):
                if line is not None:
                    view._render_strip(y, view.rich_style)
            record("all_lines", wall, cpu)
            await app.pop_screen()
            await pilot.pause()

            wall, cpu = time.perf_counter(), time.thread_time()
            plain = PlainScreen(text)
            await app.push_screen(plain)
            await plain.wait_for_refresh()
            record("baseline", wall, cpu)
            await app.pop_screen()
            await pilot.pause()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db, article_id = long_article_library(Path(folder))
        times = asyncio.run(measure(db, article_id, args.runs))
    ms = {name: statistics.median(values) * 1000 for name, values in times.items()}
    print("(wall time; in brackets the main thread's CPU time, which other load on the machine does not inflate)")
    print(f"first open (makes the reader screen):  {ms['first_open']:.1f} ms [{ms['first_open_cpu']:.1f}]")
    print(
        f"open + first page with all highlights: median {ms['open']:.1f} ms [{ms['open_cpu']:.1f}]"
        f" over {args.runs} runs (target < 100 ms)"
    )
    print(f"lay out + render every line:           median {ms['all_lines']:.1f} ms [{ms['all_lines_cpu']:.1f}]")
    print(f"baseline, plain Static of the text:    median {ms['baseline']:.1f} ms [{ms['baseline_cpu']:.1f}]")
    print(f"ratio open / baseline: {ms['open'] / ms['baseline']:.2f}x [{ms['open_cpu'] / ms['baseline_cpu']:.2f}x]")


if __name__ == "__main__":
    main()
