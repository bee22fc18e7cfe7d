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
    from reader.store import open_db

    db = open_db(resolve_db(ctx, db_file))
    if seeded:
        from reader.library import ensure_seeded

        ensure_seeded(db)
    return db
