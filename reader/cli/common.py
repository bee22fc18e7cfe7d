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


def resolve_db(ctx: click.Context, db_file: Path | None) -> Path:
    """`--db` given on the command, else before it (`reader --db X cmd`), else the default."""
    return db_path(db_file or ctx.find_root().params.get("db_file"))


def open_library(ctx: click.Context, db_file: Path | None, *, seeded: bool = True):
    """The library, migrated; seeded on first use unless it is read-only (then only read)."""
    from reader.store.db import is_read_only, open_db

    db = open_db(resolve_db(ctx, db_file))
    if seeded and not is_read_only(db):
        from reader.library import ensure_seeded

        ensure_seeded(db)
    return db
