"""What every command shares: the `--db` option and opening (and seeding) the library service."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from reader.paths import db_path
from reader.service import Library

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


def open_library(ctx: click.Context, db_file: Path | None, *, seeded: bool = True) -> Library:
    """The library, opened and migrated; seeded on first use unless it is read-only (then only read)."""
    library = Library(resolve_db(ctx, db_file)).connect()
    return library.open_seeded() if seeded else library


def progress(label: str, enabled: bool) -> Callable[[int, int, str], None] | None:
    """A progress callback on stderr for long runs (quiet when not on a terminal)."""
    if not enabled:
        return None

    def report(done: int, total: int, _id: str) -> None:
        from reader.cli.terminal import progress as write_progress  # the one way past the terminal guard

        write_progress(f"\r{label} {done}/{total}" + "\n" * (done == total))

    return report


def open_analysed(ctx: click.Context, db_file: Path | None) -> Library:
    """The library for a command that reads analyses (speakers, quotes, search): seeded, and
    every article analysed and indexed first, with progress on a terminal."""
    import sys

    library = open_library(ctx, db_file)
    library.ensure_analysed(on_progress=progress("analysed", sys.stderr.isatty()))
    return library


def speaker_option_value(library: Library, speaker: str | None) -> str | None:
    """The speaker a `--speaker` (or argument) means, said on stderr; None when not given."""
    if speaker is None:
        return None
    name = library.match_speaker(speaker)
    click.echo(f"speaker: {name}", err=True)
    return name
