"""The `reader` command: a thin click layer over the library; the bare command opens the app."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from reader import __version__
from reader.cli.common import LIBRARY_META, db_option, open_library, resolve_db
from reader.cli.common import progress as _progress
from reader.cli.terminal import install as install_terminal_guard
from reader.errors import ReaderError
from reader.records import Debris
from reader.service import DatabaseError
from reader.text.plural import plural


def debugging(ctx: click.Context | None = None) -> bool:
    """`--debug` before the command, or READER_DEBUG set (to anything but 0 or empty)."""
    if ctx is not None and ctx.find_root().params.get("debug"):
        return True
    return os.environ.get("READER_DEBUG", "").strip() not in ("", "0")


def describe_failure(ctx: click.Context, exc: BaseException) -> str:
    """One line for an unexpected failure: the file, library or command it hit, and the cause."""
    cause = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.filename}: {exc.strerror or cause}"
    if isinstance(exc, DatabaseError):
        where = ctx.find_root().meta.get(LIBRARY_META) or "the library"
        return f"{where}: {cause} (sqlite)"
    command = ctx.invoked_subcommand or ctx.info_name or "reader"
    return f"{command}: unexpected {type(exc).__name__}: {cause} (--debug shows the traceback)"


def interrupted(ctx: click.Context) -> None:
    """Ctrl-C: one line (after the terminal's ^C) and exit status 130."""
    click.echo("\nreader: interrupted", err=True)
    ctx.exit(130)


class ReaderGroup(click.Group):
    """The CLI's edge: whatever fails below is one line on stderr, never a traceback.

    A ReaderError, or any unexpected exception (named with its object and cause), exits 1;
    Ctrl-C exits 130. `--debug` or READER_DEBUG=1 lets the traceback through instead.
    Click's own usage errors and exits pass untouched.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ReaderError as exc:
            if debugging(ctx):
                raise
            click.echo(f"reader: {exc}", err=True)
            ctx.exit(1)
        except click.exceptions.Abort as exc:
            # A prompt (click.confirm) turns Ctrl-C into Abort ("Aborted!", exit 1): it is an
            # interrupt like any other. Ctrl-D there stays click's Abort.
            if debugging(ctx) or not isinstance(exc.__context__, KeyboardInterrupt):
                raise
            interrupted(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit):
            raise
        except KeyboardInterrupt:
            if debugging(ctx):
                raise
            interrupted(ctx)
        except BrokenPipeError:  # `reader list | head`: the reader of our output went away
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(141)
        except Exception as exc:
            if debugging(ctx):
                raise
            click.echo(f"reader: {describe_failure(ctx, exc)}", err=True)
            ctx.exit(1)


@click.group(cls=ReaderGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@db_option
@click.option("--debug", is_flag=True, help="Show the full traceback of an unexpected failure (or set READER_DEBUG=1).")
@click.version_option(__version__, prog_name="reader")
@click.pass_context
def cli(ctx: click.Context, db_file: Path | None, debug: bool) -> None:
    """Read news closely: actors, quotes and who said them, and your tags on the claims.

    With no command, opens the reading app on your library (the five built-in articles
    on first run).
    """
    if ctx.invoked_subcommand is None:
        from reader.tui.app import ReaderApp

        path = resolve_db(ctx, db_file)
        open_library(ctx, db_file).release()
        ReaderApp(path).run()


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="table", show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Processes for spaCy.")
@click.option("--batch-size", type=click.IntRange(1, 1024), default=8, show_default=True)
@db_option
@click.pass_context
def analyze(ctx, files, fmt, workers, batch_size, db_file) -> None:
    """Analyse FILES (or folders) without adding them to the library.

    Results are cached in the library file by text, so a second run of unchanged files
    is instant. Exit status 1 if any file failed.
    """
    from reader.service import Library

    docs, failed = [], 0
    for _path, doc, error in Library.read_documents(files):
        if doc is None:
            click.echo(f"reader: {error}", err=True)
            failed += 1
        else:
            docs.append(doc)
    library = Library(resolve_db(ctx, db_file))
    records = library.analyze_documents(
        docs,
        workers=workers,
        batch_size=batch_size,
        on_progress=_progress("analysed", sys.stderr.isatty() and len(docs) > 5),
    )
    results = [
        {
            "path": doc.path,
            "title": doc.title,
            "source": doc.source,
            "text": doc.text,
            "actors": [{k: a[k] for k in ("name", "label", "mentions")} for a in record["actors"]],
            "quotes": record["quotes"],
            "debris": record["debris"],
            "links": list(doc.links),
        }
        for doc, record in zip(docs, records)
    ]
    if fmt == "json":
        click.echo(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        for result in results:
            click.echo(_analysis_table(result))
    if failed:
        ctx.exit(1)


def _links_table(links: list[Any]) -> str:
    """An article's links: the words (with their offsets into the text) and where they point."""
    lines = [f"== {plural(len(links), 'link')}"]
    for link in links:
        where = f"{link['start']}-{link['end']}" if link["start"] is not None else "words not found"
        lines.append(f"   “{link['text']}” ({where}) -> {link['href']}")
    return "\n".join(lines) + "\n"


def _analysis_table(result: dict[str, Any]) -> str:
    from reader.counts import TERM, count_quotes, statements

    quotes = result["quotes"]
    lines = [f"== {result['title']}", f"   {result['path']}" + (f"  ·  {result['source']}" if result["source"] else "")]
    lines.append(f"   {plural(len(result['actors']), 'actor')} · {count_quotes(quotes).label()}")
    for actor in sorted(result["actors"], key=lambda a: -len(a["mentions"])):
        lines.append(f"   {actor['label']:<7} {actor['name']}  ×{len(actor['mentions'])}")
    clip = lambda text: text if len(text) <= 100 else text[:99] + "…"  # noqa: E731
    for parts in statements(quotes):
        words = " … ".join(" ".join(part["text"].split()) for part in parts)
        lines.append(f"   statement    “{clip(words)}” — {parts[0]['speaker'] or '(unattributed)'}")
    for quote in quotes:
        if quote["kind"] == TERM:
            who = f" — {quote['speaker']}" if quote.get("speaker") else ""
            lines.append(f"   quoted term  “{clip(' '.join(quote['text'].split()))}”{who}")
    return "\n".join(lines) + "\n"


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--analyze/--no-analyze", default=True, show_default=True, help="Analyse what was added.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Processes for spaCy.")
@db_option
@click.pass_context
def add(ctx, paths, analyze, workers, db_file) -> None:
    """Add articles: files, folders (recursively: .txt .md .html) or - for standard input.

    Each file reports added, already there, or failed with its reason; exit status 1 if any
    failed. The same text added twice is one article.
    """
    library = open_library(ctx, db_file)
    failed = 0
    results = []
    files = [p for p in paths if p != "-"]
    if "-" in paths:
        try:
            results.append(library.add_text(sys.stdin.read()))
        except ReaderError as exc:
            click.echo(f"reader: {exc}", err=True)
            failed += 1
    results.extend(library.add_paths(files))
    for result in results:
        if result.status == "failed":
            failed += 1
            click.echo(f"failed         {result.error}", err=True)
        else:
            detail = f"  [{result.detail}]" if result.detail else ""
            click.echo(f"{result.status:<14} {result.article_id}  {result.title}  ({result.path}){detail}")
    if analyze and any(r.status in ("added", "updated") for r in results):
        library.analyze_pending(
            workers=workers,
            on_progress=_progress("analysed", sys.stderr.isatty()),
        )
    if failed:
        ctx.exit(1)


@cli.command()
@db_option
@click.pass_context
def refresh(ctx, db_file) -> None:
    """Re-repair every article's text with the current rules, re-anchoring its tags.

    Tags whose words are gone are kept and listed as orphaned (see `reader tags`).
    """
    library = open_library(ctx, db_file)
    changed = library.refresh()
    for old_id, new_id, report in changed:
        click.echo(
            f"updated  {old_id} -> {new_id}  {plural(report.placed, 'tag')} re-anchored, {len(report.orphaned)} orphaned"
        )
    click.echo(f"{plural(len(changed), 'article')} changed")
    if changed:
        library.analyze_pending()


@cli.command(name="list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@db_option
@click.pass_context
def list_(ctx, fmt, db_file) -> None:
    """List the articles in the library, with their statements (quoted terms apart), actors and tags.

    In JSON, `quotes` is an article's statements, as counted everywhere in reader.
    """
    rows = open_library(ctx, db_file).articles()
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    # `quotes` is each article's statements, as reader.counts counts them (quoted terms apart).
    click.echo(f"{'id':<16}  {'words':>6}  {'statements':>10}  {'actors':>6}  {'tags':>4}  source / title")
    for row in rows:
        count = lambda v: "-" if v is None else str(v)  # noqa: E731
        click.echo(
            f"{row['id']:<16}  {row['words']:>6}  {count(row['quotes']):>10}  {count(row['actors']):>6}  "
            f"{row['tags']:>4}  {row['source'] or '-'} / {row['title']}"
        )


@cli.command()
@click.argument("article_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--full", is_flag=True, help="Print page debris (related links, comments, …) too, not folded to one line."
)
@db_option
@click.pass_context
def show(ctx, article_id, fmt, full, db_file) -> None:
    """Show one article (by id or a unique id prefix) with its actors and quotes. Page debris
    the analysis found is folded to one line, as in the app (`--full` prints it)."""
    library = open_library(ctx, db_file)
    article = library.require_article(article_id)
    record = library.analysis(article)
    links = library.links(article)
    if fmt == "json":
        click.echo(
            json.dumps(
                {k: article[k] for k in ("id", "title", "source", "url", "byline", "path", "text")}
                | {
                    "links": links,
                    "actors": record["actors"],
                    "quotes": record["quotes"],
                    "debris": record.get("debris", []),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    byline = f"  ·  {article['byline']}" if article.get("byline") else ""
    click.echo(
        f"{article['title']}\n{article['source'] or '-'}{byline}  ·  {article['id']}  ·  "
        f"{plural(article['words'], 'word')}\n"
    )
    click.echo(article["text"] if full else _folded(article["text"], record.get("debris", [])))
    click.echo("")
    if links:
        click.echo(_links_table(links))
    click.echo(
        _analysis_table(
            {
                "title": "Analysis",
                "path": article["path"] or "",
                "source": "",
                "actors": record["actors"],
                "quotes": record["quotes"],
            }
        )
    )


def _folded(text: str, debris: list[Debris]) -> str:
    """The text with each debris region replaced by the one dim line the app shows for it."""
    from reader.text.debris import describe

    parts, at = [], 0
    for region in sorted(debris, key=lambda r: r["start"]):
        parts.append(text[at : region["start"]])
        parts.append(f"┄ {describe(region)} (--full shows them)\n")
        at = region["end"]
    parts.append(text[at:])
    return "".join(parts)


@cli.group(cls=ReaderGroup, invoke_without_command=True)
@db_option
@click.pass_context
def alias(ctx, db_file) -> None:
    """List the actor aliases that merge or split actors across the library."""
    ctx.obj = db_file
    if ctx.invoked_subcommand is None:
        for name, canonical in sorted(open_library(ctx, db_file).aliases().items()):
            click.echo(f"{name} -> {canonical}" if canonical else f"{name} (kept apart)")


@alias.command(name="merge")
@click.argument("name")
@click.argument("canonical")
@click.pass_context
def alias_merge(ctx, name, canonical) -> None:
    """Count mentions written NAME as the actor CANONICAL (e.g. "Kim" "Kim Jong Un")."""
    open_library(ctx, ctx.obj).merge_alias(name, canonical)
    click.echo(f"{name} -> {canonical}")


@alias.command(name="split")
@click.argument("name")
@click.pass_context
def alias_split(ctx, name) -> None:
    """Keep mentions written NAME apart as their own actor (undo a wrong merge)."""
    open_library(ctx, ctx.obj).merge_alias(name, None)
    click.echo(f"{name} (kept apart)")


@alias.command(name="remove")
@click.argument("name")
@click.pass_context
def alias_remove(ctx, name) -> None:
    """Forget the alias NAME."""
    open_library(ctx, ctx.obj).remove_alias(name)
    click.echo(f"{name} removed")


def _register() -> None:
    from reader.cli import claims, config, corpus, echoes, tags

    for command in (
        tags.export,
        tags.import_tags,
        tags.labels,
        tags.list_tags,
        corpus.search,
        corpus.remove,
        corpus.speakers,
        corpus.quotes_by,
        echoes.echoes,
        claims.claims,
        config.config,
    ):
        cli.add_command(command)


_register()


def main() -> None:
    install_terminal_guard()
    cli(prog_name="reader")
