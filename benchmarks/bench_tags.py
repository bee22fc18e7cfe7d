"""Tag commit latency and CSV export speed, each beside a plain baseline measured in this run.

Prints: median latency of `add_tag` vs one plain sqlite3 INSERT + COMMIT with the same settings
(WAL, synchronous=FULL; target <= 2x and < 5 ms), and exporting 100,000 tags to CSV vs the
stdlib csv module writing the same rows from one plain query (best of several alternating runs;
target <= 1.3x).

    python benchmarks/bench_tags.py [--tags 100000] [--commits 300] [--dir DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.paths import seeds_dir  # noqa: E402
from reader.store import open_db  # noqa: E402
from reader.store.articles import add_article, now  # noqa: E402
from reader.store.export import CSV_COLUMNS, export_csv  # noqa: E402
from reader.store.tags import add_tag, ensure_labels  # noqa: E402


def library(path: Path) -> tuple[object, list[tuple[str, str]]]:
    db = open_db(path)
    articles = []
    for seed in sorted(seeds_dir().glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        article_id, _ = add_article(db, raw_text=text, text=text, title=seed.stem, source="bench")
        articles.append((article_id, text))
    ensure_labels(db)
    return db, articles


def commit_latency(db, articles, rounds: int) -> tuple[float, float]:
    """Median seconds for one tag through the store, and one plain INSERT+COMMIT on its own
    connection; the two alternate so both see the same disk (fsync times drift with other I/O)."""
    article_id, text = articles[0]
    path = db.conn.execute("PRAGMA database_list").fetchone()[2]
    plain = sqlite3.connect(path, isolation_level=None)
    plain.execute("PRAGMA journal_mode=WAL")
    plain.execute("PRAGMA synchronous=FULL")
    label_id = plain.execute("SELECT id FROM labels WHERE name = 'claim'").fetchone()[0]
    ours, base = [], []
    for i in range(rounds):
        start = 32 + (i * 37) % (len(text) - 160)
        t = time.perf_counter()
        add_tag(db, article_id, start, start + 60, "claim", note="bench", speaker="Someone", actors=["A"])
        ours.append(time.perf_counter() - t)
        row = [
            str(uuid.uuid4()),
            article_id,
            label_id,
            start,
            start + 60,
            text[start : start + 60],
            text[start - 32 : start],
            text[start + 60 : start + 92],
            "Someone",
            '["A"]',
            "bench",
            now(),
            now(),
        ]
        t = time.perf_counter()
        plain.execute("BEGIN")
        plain.execute(
            "INSERT INTO tags (id, article_id, label_id, start, end, text, prefix, suffix, speaker, actors, "
            "note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            row,
        )
        plain.execute("COMMIT")
        base.append(time.perf_counter() - t)
    plain.close()
    return statistics.median(ours), statistics.median(base)


def fill(db, articles, n: int) -> None:
    """n tags in bulk (one transaction), with quotes, commas, newlines and formula-like starts."""
    labels = [row[0] for row in db.execute("SELECT id FROM labels")]
    stamp = now()
    rows = []
    for i in range(n):
        article_id, text = articles[i % len(articles)]
        start = (i * 53) % (len(text) - 200)
        end = start + 20 + i % 150
        note = ["", '=HYPERLINK("x")', 'a, "quoted"\nnote', "-1"][i % 4]
        rows.append(
            (
                str(uuid.uuid4()),
                article_id,
                labels[i % len(labels)],
                start,
                end,
                text[start:end],
                text[max(0, start - 32) : start],
                text[end : end + 32],
                ["Lloyd Austin", None][i % 2],
                json.dumps(["Russia", "North Korea"][: i % 3]),
                note,
                stamp,
                stamp,
            )
        )
    db.conn.execute("BEGIN")
    db.conn.executemany(
        "INSERT INTO tags (id, article_id, label_id, start, end, text, prefix, suffix, speaker, actors, "
        "note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    db.conn.execute("COMMIT")


# The same columns, context included, read plainly: no neutralising, no kind or cue.
PLAIN_QUERY = """SELECT t.id, t.article_id, a.title, a.source, a.url, a.byline, a.published, l.name,
                        t.text, substr(a.text, max(t.start - 39, 1), min(t.start, 40)),
                        substr(a.text, t.end + 1, 40), t.speaker, t.actors, t.start, t.end, t.note,
                        t.orphaned, t.created_at, t.updated_at
                 FROM tags t JOIN labels l ON l.id = t.label_id JOIN articles a ON a.id = t.article_id
                 ORDER BY t.article_id, t.start, t.end, t.created_at, t.id"""


def export_times(db, out_dir: Path, rounds: int) -> tuple[float, float, int]:
    """Best of `rounds` for our export and for the plain one, after a warm-up of each; they take
    turns going first, so neither always meets a cold page cache. The best is the figure least
    disturbed by other work on the machine."""

    def ours() -> int:
        with open(out_dir / "ours.csv", "w", encoding="utf-8", newline="") as out:
            return export_csv(db, out)

    def plain() -> int:
        with open(out_dir / "plain.csv", "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(CSV_COLUMNS)
            writer.writerows(db.conn.execute(PLAIN_QUERY))
        return 0

    count = ours()
    plain()
    times: dict[str, list[float]] = {"ours": [], "plain": []}
    for i in range(rounds):
        order = [("ours", ours), ("plain", plain)]
        for name, run in order if i % 2 == 0 else order[::-1]:
            t = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - t)
    return min(times["ours"]), min(times["plain"]), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tags", type=int, default=100_000)
    parser.add_argument("--commits", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--dir", default=None, help="where the test library lives (default: a temp dir)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        tmp_path = Path(tmp)
        db, articles = library(tmp_path / "bench.db")
        ours, base = commit_latency(db, articles, args.commits)
        print(
            f"commit one tag: store {ours * 1000:.2f} ms, plain insert+commit {base * 1000:.2f} ms, "
            f"ratio {ours / base:.2f}x (target <= 2x and < 5 ms)"
        )
        db.conn.execute("DELETE FROM tags")
        fill(db, articles, args.tags)
        ours, base, count = export_times(db, tmp_path, args.rounds)
        print(
            f"export {count:,} tags to CSV: store {ours:.3f} s, stdlib csv from a plain query {base:.3f} s, "
            f"ratio {ours / base:.2f}x (target <= 1.3x)"
        )
        print(f"  (library at {tmp_path}; {os.cpu_count()} CPUs)")
        db.close()


if __name__ == "__main__":
    main()
