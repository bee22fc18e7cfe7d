"""What every command shares: the `--db` option and opening (and seeding) the library."""

from __future__ import annotations

from pathlib import Path

import click

from reader.paths import db_path

db_option = click.option(
    "--db",
    "db_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Library file (default: $READER_DB, else the user data dir).",
)


# Where the root context keeps the library file in use, so a failure can name it.
LIBRARY_META = "reader.library"


def resolve_db(ctx: click.Context, db_file: Path | None) -> Path:
    """`--db` given on the command, else before it (`reader --db X cmd`), else the default."""
    path = db_path(db_file or ctx.find_root().params.get("db_file"))
    ctx.find_root().meta[LIBRARY_META] = path
    return path


def open_library(ctx: click.Context, db_file: Path | None, *, seeded: bool = True):
    """The library, migrated; seeded on first use unless it is read-only (then only read)."""
    from reader.store.db import is_read_only, open_db

    db = open_db(resolve_db(ctx, db_file))
    if seeded and not is_read_only(db):
        from reader.library import ensure_seeded

        ensure_seeded(db)
    return db


def progress(label: str, enabled: bool):
    """A progress callback on stderr for long runs (quiet when not on a terminal)."""
    if not enabled:
        return None

    def report(done: int, total: int, _id: str) -> None:
        from reader.cli.terminal import progress as write_progress  # the one way past the terminal guard

        write_progress(f"\r{label} {done}/{total}" + "\n" * (done == total))

    return report


def open_analysed(ctx: click.Context, db_file: Path | None):
    """The library for a command that reads analyses (speakers, quotes, search): seeded, and
    every article analysed and indexed first, with progress on a terminal."""
    import sys

    from reader.library import ensure_analysed
    from reader.store import open_db

    open_library(ctx, db_file).close()
    path = resolve_db(ctx, db_file)
    ensure_analysed(path, on_progress=progress("analysed", sys.stderr.isatty()))
    return open_db(path)


def speaker_option_value(db, speaker: str | None) -> str | None:
    """The speaker a `--speaker` (or argument) means, said on stderr; None when not given."""
    if speaker is None:
        return None
    from reader.library import match_speaker

    name = match_speaker(db, speaker)
    click.echo(f"speaker: {name}", err=True)
    return name
