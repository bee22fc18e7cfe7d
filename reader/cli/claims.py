"""`reader claims`: claims tracked across the library, who asserts, reports, denies or questions
each, suggestions from every article's sentences, and a claim's sources as CSV."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from reader.cli.common import db_option, open_analysed, open_library
from reader.errors import ReaderError
from reader.service import STANCES, Library

STANCE_HELP = "asserts, reports, denies or questions (or a, r, d, q, or 1-4)."
SUGGESTION_KEYS = ("article_id", "path", "start", "end", "text", "speaker", "score")


def _shown(text: Any, width: int | None = None) -> str:
    """Library text for a terminal: one line, control characters made visible."""
    from reader.tui.untrusted import visible

    line = visible(" ".join(str(text or "").split()))
    if width is not None and len(line) > width:
        line = line[: width - 1] + "…"
    return line


def _library(ctx: click.Context) -> Library:
    return open_library(ctx, ctx.obj)


def _analysed(ctx: click.Context) -> Library:
    """The library with every article analysed and its sentences indexed (suggestions need both)."""
    library = open_analysed(ctx, ctx.obj)
    library.claims.ensure_sentence_index()
    return library


def _article_id(library: Library, article: str) -> str:
    return library.require_article(article, "no such article, or several start so")["id"]


@click.group(name="claims", invoke_without_command=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@db_option
@click.pass_context
def claims(ctx: click.Context, fmt: str, db_file: Path | None) -> None:
    """Claims you track across the library, each with its links counted by stance.

    A claim is a named proposition ("NK troops in Russia"); its links are tags on the words
    that carry it, each with a stance: asserts, reports, denies or questions.
    """
    ctx.obj = db_file
    if ctx.invoked_subcommand is not None:
        return
    rows = _library(ctx).claims.all()
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no claims yet: `reader claims add NAME`, or c in the reader", err=True)
        return
    click.echo(f"{'links':>5}  " + "  ".join(f"{s:>9}" for s in STANCES) + "  claim")
    for row in rows:
        click.echo(f"{row['links']:>5}  " + "  ".join(f"{row[s]:>9}" for s in STANCES) + f"  {_shown(row['name'])}")


@claims.command(name="add")
@click.argument("name")
@click.pass_context
def claims_add(ctx: click.Context, name: str) -> None:
    """Start tracking the claim NAME."""
    click.echo(f"added claim {_shown(_library(ctx).claims.add(name)['name'])}")


@claims.command(name="show")
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def claims_show(ctx: click.Context, name: str, fmt: str) -> None:
    """A claim's sources: one row per link (speaker or outlet) with its stance, article, date
    and wording, then the counts by stance."""
    view = _library(ctx).claims.view(name)
    if fmt == "json":
        click.echo(json.dumps(view, ensure_ascii=False, indent=2))
        return
    click.echo(_shown(view["claim"]))
    for row in view["rows"]:
        click.echo(
            f"  {row['stance']:<9}  {_shown(row['source'], 24):<24}  {row['date']}  "
            f"{_shown(row['title'] or row['article_id'], 30):<30}  “{_shown(row['text'], 70)}”"
        )
    click.echo("  " + " · ".join(f"{view['counts'][s]} {s}" for s in STANCES))


@claims.command(name="suggest")
@click.argument("text")
@click.option(
    "--claim",
    "claim",
    default=None,
    help="Also use this claim's linked examples; leave out what is linked or rejected.",
)
@click.option("--limit", type=click.IntRange(1, 500), default=20, show_default=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="json: an array of {article_id, path, start, end, text, speaker, score}.",
)
@click.pass_context
def claims_suggest(ctx: click.Context, text: str, claim: str | None, limit: int, fmt: str) -> None:
    """Sentences across the library that may carry TEXT, best first.

    Each with its speaker (the quoted one, else the outlet) and a score (higher is better).
    Analyses the articles not analysed yet first.
    """
    rows = _analysed(ctx).claims.suggest(text, claim, limit)
    if fmt == "json":
        click.echo(json.dumps([{k: row[k] for k in SUGGESTION_KEYS} for row in rows], ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(
            f"{row['score']:>7.2f}  {row['article_id'][:8]} {row['start']:>6}-{row['end']:<6} "
            f"{_shown(row['speaker'] or '-', 20):<20}  {_shown(row['text'], 90)}"
        )
    if not rows:
        click.echo("reader: no sentence matches", err=True)


@claims.command(name="accept")
@click.argument("name")
@click.argument("article")
@click.argument("start", type=click.IntRange(0))
@click.argument("end", type=click.IntRange(1))
@click.option("--stance", default="asserts", show_default=True, help=STANCE_HELP)
@click.pass_context
def claims_accept(ctx: click.Context, name: str, article: str, start: int, end: int, stance: str) -> None:
    """Link the words START-END of ARTICLE (as `suggest` gives them) to the claim NAME (made if new)."""
    library = _library(ctx)
    article_id = _article_id(library, article)
    tag = library.claims.link_words(name, article_id, start, end, stance, record=library.cached_analysis(article_id))
    click.echo(f"{tag['stance']}  {_shown(tag['claim'])}  {article_id[:8]} {start}-{end}  “{_shown(tag['text'], 80)}”")


@claims.command(name="reject")
@click.argument("name")
@click.argument("article")
@click.argument("start", type=click.IntRange(0))
@click.argument("end", type=click.IntRange(1))
@click.pass_context
def claims_reject(ctx: click.Context, name: str, article: str, start: int, end: int) -> None:
    """Never suggest the words START-END of ARTICLE for the claim NAME again."""
    library = _library(ctx)
    library.claims.reject(name, _article_id(library, article), start, end)
    click.echo(f"rejected for {_shown(name)}")


@claims.command(name="rename")
@click.argument("old")
@click.argument("new")
@click.pass_context
def claims_rename(ctx: click.Context, old: str, new: str) -> None:
    """Rename a claim (its links follow)."""
    click.echo(f"renamed to {_shown(_library(ctx).claims.rename(old, new)['name'])}")


@claims.command(name="merge")
@click.argument("source")
@click.argument("into")
@click.pass_context
def claims_merge(ctx: click.Context, source: str, into: str) -> None:
    """Move SOURCE's links and rejections to INTO, and remove SOURCE."""
    moved = _library(ctx).claims.merge(source, into)
    click.echo(f"{moved} link{'s' * (moved != 1)} moved to {_shown(into)}")


@claims.command(name="delete")
@click.argument("name")
@click.option("--yes", "-y", is_flag=True, help="Delete without asking.")
@click.pass_context
def claims_delete(ctx: click.Context, name: str, yes: bool) -> None:
    """Delete a claim with its links; tags made by accepting its suggestions go too, your own
    tags stay. Asks first; without a terminal to ask on, give --yes."""
    library = _library(ctx)
    links = library.claims.link_count(name)
    if links and not yes:
        if not sys.stdin.isatty():
            raise ReaderError(f"{name}: has {links} links; not deleted (no terminal to ask on: pass --yes)")
        if not click.confirm(f"Delete claim {_shown(name)!r} and its {links} links?", default=False):
            click.echo("not deleted", err=True)
            ctx.exit(1)
    gone = library.claims.delete(name)
    click.echo(f"deleted {_shown(name)} ({gone['links']} links, {gone['tags']} tags)")


@claims.command(name="export")
@click.argument("name")
@click.option("-o", "--output", default="-", show_default=True, metavar="FILE|-", help="Where to write; - is stdout.")
@click.pass_context
def claims_export(ctx: click.Context, name: str, output: str) -> None:
    """A claim's sources as CSV: claim, stance, speaker, outlet, article, date, text, url."""
    library = _library(ctx)
    if output == "-":
        count = library.claims.export(name, sys.stdout)
    else:
        try:
            with open(output, "w", encoding="utf-8", newline="") as out:
                count = library.claims.export(name, out)
        except OSError as exc:
            raise ReaderError(f"{output}: cannot write ({exc.strerror or exc})") from None
    click.echo(f"exported {count} link{'s' * (count != 1)} to {'stdout' if output == '-' else output}", err=True)
