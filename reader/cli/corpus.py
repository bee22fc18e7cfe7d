"""Commands across the library: search, remove an article, speakers and what each one said."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from reader.cli.common import db_option, open_analysed, open_library, speaker_option_value
from reader.cli.terminal import sanitise
from reader.errors import ReaderError
from reader.text.plural import plural

FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Output as aligned text or as JSON.",
)


def _clip(text: str, width: int) -> str:
    text = sanitise(" ".join(text.split()))
    return text if len(text) <= width else text[: width - 1] + "…"


def _json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


@click.command()
@click.argument("query")
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True, help="Most hits to show.")
@FORMAT
@db_option
@click.pass_context
def search(ctx: click.Context, query: str, limit: int, fmt: str, db_file: Path | None) -> None:
    """Search article text and titles, quotes and their speakers, and tag notes.

    Words must all match; "quoted words" match as a phrase; -word excludes; the last word
    also matches as a prefix. Exit status 1 when nothing matches.
    """
    from reader.service import Library

    notice = Library.query_notice(query)
    if notice:
        click.echo(f"reader: {notice}", err=True)
    hits = open_analysed(ctx, db_file).search(query, limit=limit)
    if fmt == "json":
        _json([{k: v for k, v in hit.items() if k != "rank"} for hit in hits])
    else:
        for hit in hits:
            who = f" — {hit['speaker']}" if hit["speaker"] else ""
            label = f" [{hit['label']}]" if hit.get("label") else ""
            click.echo(
                f"{hit['kind']:<7} {hit['article_id'][:8]} {hit['start']:>6}  "
                f"{_clip(hit['title'], 40)}{label}{who}\n"
                f"        {_clip(hit['snippet'], 110)}"
            )
    if not hits:
        click.echo(f"reader: nothing matches {query!r}", err=True)
        ctx.exit(1)


@click.command()
@click.argument("article")
@click.option("--yes", "-y", is_flag=True, help="Remove without asking, even if the article has tags.")
@click.option(
    "--export-tags",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="First write the article's tags to FILE as JSON lines (`reader import-tags FILE` brings them back).",
)
@db_option
@click.pass_context
def remove(ctx: click.Context, article: str, yes: bool, export_tags: Path | None, db_file: Path | None) -> None:
    """Remove ARTICLE (an id or a unique id prefix) with its quotes and tags.

    Asks first when the article has tags; without a terminal to ask on, give --yes.
    """
    library = open_library(ctx, db_file)
    found = library.require_article(article)
    article_id, title = found["id"], found["title"]
    tags = library.tag_count(article_id)
    if export_tags is not None:
        try:
            with export_tags.open("w", encoding="utf-8", newline="\n") as out:
                written = library.tags.export(out, "jsonl", article=article_id)
        except OSError as exc:
            raise ReaderError(f"{export_tags}: cannot write ({exc.strerror or exc})") from exc
        click.echo(f"exported {plural(written, 'tag')} to {export_tags}", err=True)
    if tags and not yes:
        question = f"{article_id[:8]} “{_clip(title, 50)}” has {plural(tags, 'tag')}. Remove it and them?"
        if not sys.stdin.isatty():
            raise ReaderError(
                f"{article_id[:8]}: has {plural(tags, 'tag')}; not removed (no terminal to ask on: pass --yes, "
                f"and --export-tags FILE to keep them)"
            )
        if not click.confirm(question, default=False):
            click.echo("not removed", err=True)
            ctx.exit(1)
    removed = library.remove_article(article_id)
    click.echo(
        f"removed {article_id[:8]} “{_clip(title, 60)}” "
        f"({plural(removed.tags, 'tag')}, {plural(removed.quotes, 'quote')})"
    )


@click.command()
@FORMAT
@db_option
@click.pass_context
def speakers(ctx: click.Context, fmt: str, db_file: Path | None) -> None:
    """Everyone quoted across the library, with their statements, tags and articles.

    Analyses the articles not analysed yet first. Statements are counted as everywhere in
    reader: one split around its attribution counts once; quoted terms are not statements.
    In JSON, `quotes` is the statements.
    """
    rows = open_analysed(ctx, db_file).speakers()
    if fmt == "json":
        _json(rows)
        return
    if not rows:
        click.echo("no attributed statements in the library", err=True)
        return
    width = min(40, max(len(sanitise(row["speaker"])) for row in rows))
    click.echo(f"{'speaker':<{width}}  statements  tags  articles")
    for row in rows:
        click.echo(
            f"{_clip(row['speaker'], width):<{width}}  {row['quotes']:>10}  {row['tags']:>4}  {row['articles']:>8}"
        )


@click.command("quotes-by")
@click.argument("speaker")
@FORMAT
@db_option
@click.pass_context
def quotes_by(ctx: click.Context, speaker: str, fmt: str, db_file: Path | None) -> None:
    """Every statement SPEAKER is quoted as making, article by article in the order added.

    SPEAKER is any part or alias of a name, in any case (`kirby`); the speaker it matched goes
    to stderr. Exit status 1 when no speaker, or several, match (they are listed). Analyses
    the articles not analysed yet first.
    """
    library = open_analysed(ctx, db_file)
    name = speaker_option_value(library, speaker)
    assert name is not None  # the argument is required
    rows = library.quotes_by(name)
    if not rows:
        raise ReaderError(f"{name}: no statements by this speaker (see `reader speakers`)")
    if fmt == "json":
        _json(rows)
        return
    current = None
    for row in rows:
        if row["article_id"] != current:
            current = row["article_id"]
            click.echo(f"== {row['title']}  ({current[:8]})")
        click.echo(f"   {row['start']:>6}  “{' '.join(row['text'].split())}”")
