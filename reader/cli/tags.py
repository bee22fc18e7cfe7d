"""Commands for tags: export them (CSV, JSONL, W3C), import a JSONL export, and edit the label vocabulary."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from reader.cli.common import db_option as DB
from reader.cli.common import open_library, speaker_option_value
from reader.cli.terminal import sanitise
from reader.errors import ReaderError
from reader.service import FORMATS, Library
from reader.text.plural import plural


def _filters(library: Library, label: str | None, article: str | None, speaker: str | None) -> dict[str, str | None]:
    """The --label, --article and --speaker a user gave, checked: each must name something."""
    if label is not None:
        label = library.labels.find(label)
    if article is not None:
        article = library.require_article(article, "no such article, or several start so")["id"]
    return {"label": label, "article": article, "speaker": speaker_option_value(library, speaker)}


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="csv",
    show_default=True,
    help="csv for spreadsheets; jsonl to re-import; w3c for Web Annotation tools.",
)
@click.option("-o", "--output", default="-", show_default=True, metavar="FILE|-", help="Where to write; - is stdout.")
@click.option("--label", default=None, help="Only tags with this label (any case).")
@click.option("--article", default=None, help="Only tags on this article (id or unique id prefix).")
@click.option(
    "--speaker", default=None, help="Only tags on words said by this speaker (any part or alias of the name, any case)."
)
@click.option(
    "--no-neutralise",
    "raw",
    is_flag=True,
    help="CSV: keep cells starting with = + - @ tab or CR as they are, instead of prefixing ' "
    "so spreadsheets do not run them as formulas.",
)
@DB
@click.pass_context
def export(ctx, fmt, output, label, article, speaker, raw, db_file) -> None:
    """Export tags, one per row: CSV (UTF-8, header), JSONL, or W3C Web Annotation JSON-LD.

    CSV columns: tag_id, article_id, article_title, source, url, byline, published, label,
    kind, text, context_before, context_after, speaker, cue, actors, start, end, note,
    orphaned, created_at, updated_at (the README describes each). Cells a spreadsheet would
    read as a formula (= + - @ tab or CR, also after spaces or line breaks, or fullwidth) get
    a leading ' against formula injection (--no-neutralise keeps them raw).
    The count written goes to stderr.
    A --label, --article or --speaker that names nothing is an error (exit status 1).
    """
    library = open_library(ctx, db_file, seeded=False)
    options = dict(**_filters(library, label, article, speaker), neutralise=not raw)
    if output == "-":
        count = library.tags.export(sys.stdout, fmt, **options)
    else:
        count = library.tags.export_to_path(output, fmt, **options)
    where = "stdout" if output == "-" else output
    click.echo(f"exported {plural(count, 'tag')} to {where} ({fmt})", err=True)


@click.command(name="import-tags")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@DB
@click.pass_context
def import_tags(ctx, file, db_file) -> None:
    """Import tags from a JSONL export (`reader export --format jsonl`).

    Tags keep their ids, so importing a file twice adds nothing the second time; a newer edit
    of a tag replaces an older one. Lines for articles not in the library are reported and
    skipped (exit status 1); the others are imported.
    """
    _check_jsonl(file)
    result = open_library(ctx, db_file).tags.import_jsonl(file)
    for error in result.errors:
        click.echo(f"reader: {error}", err=True)
    summary = f"{file}: {result.added} added, {result.updated} updated, {result.unchanged} already there"
    if result.reanchored or result.orphaned:
        summary += f", {result.reanchored} re-anchored, {result.orphaned} orphaned"
    if result.errors:
        summary += f", {len(result.errors)} skipped"
    click.echo(summary)
    if result.errors:
        ctx.exit(1)


def _check_jsonl(path: Path) -> None:
    """A CSV (or anything but JSON lines) is refused in one line saying what import-tags reads."""
    try:
        with path.open("r", encoding="utf-8", errors="replace") as lines:
            first = next((line.strip() for line in lines if line.strip()), "")
    except OSError:
        return  # the import says what is wrong with the file
    if first and not first.startswith("{"):
        kind = "a CSV file" if path.suffix.lower() == ".csv" or "," in first else "not JSON lines"
        raise ReaderError(f"{path}: {kind}; import-tags reads the JSON lines of `reader export --format jsonl`")


@click.command(name="tags")
@click.option("--label", default=None, help="Only tags with this label (any case).")
@click.option("--article", default=None, help="Only tags on this article (id or unique id prefix).")
@click.option(
    "--speaker", default=None, help="Only tags on words said by this speaker (any part or alias of the name, any case)."
)
@click.option("--orphaned", is_flag=True, help="Only tags whose words were not found after their article changed.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@DB
@click.pass_context
def list_tags(ctx, label, article, speaker, orphaned, fmt, db_file) -> None:
    """List tags: id, label, speaker and the tagged words (orphaned tags are marked)."""
    library = open_library(ctx, db_file, seeded=False)
    rows = library.tags.all(**_filters(library, label, article, speaker), orphaned=True if orphaned else None)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        words = " ".join(row["text"].split())
        words = words if len(words) <= 70 else words[:69] + "\u2026"
        mark = "  [orphaned]" if row["orphaned"] else ""
        # The words as the article has them (a quote's own marks included), no marks added.
        click.echo(f"{row['id'][:8]}  {row['article_id'][:8]}  {row['label']}  {row['speaker'] or '-'}  {words}{mark}")
        if row["note"]:
            click.echo(f"          note: {' '.join(row['note'].split())}")


@click.group(invoke_without_command=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@DB
@click.pass_context
def labels(ctx, fmt, db_file) -> None:
    """List the tag labels, in the order the tag picker numbers them, with their colours and how
    many tags use each."""
    ctx.obj = db_file
    if ctx.invoked_subcommand is not None:
        return
    rows = open_library(ctx, db_file, seeded=False).labels.all()
    if fmt == "json":
        click.echo(
            json.dumps([{k: r[k] for k in ("name", "color", "count")} for r in rows], ensure_ascii=False, indent=2)
        )
        return
    width = max((len(sanitise(r["name"])) for r in rows), default=5)
    for row in rows:
        click.echo(f"{sanitise(row['name']):<{width}}  {row['color']:<9}  {row['count']:>5}")


@labels.command(name="add")
@click.argument("name")
@click.option("--color", default=None, help="A colour name or #rrggbb (default: the next in the palette).")
@click.pass_context
def labels_add(ctx, name, color) -> None:
    """Add the label NAME."""
    label = open_library(ctx, ctx.obj, seeded=False).labels.add(name, color)
    click.echo(f"added {label['name']} ({label['color']})")


@labels.command(name="rename")
@click.argument("old")
@click.argument("new")
@click.pass_context
def labels_rename(ctx, old, new) -> None:
    """Rename the label OLD to NEW; its tags follow."""
    label = open_library(ctx, ctx.obj, seeded=False).labels.rename(old, new)
    click.echo(f"renamed {old} to {label['name']}")


@labels.command(name="merge")
@click.argument("source", metavar="FROM")
@click.argument("into", metavar="INTO")
@click.pass_context
def labels_merge(ctx, source, into) -> None:
    """Move every tag labelled FROM to INTO and remove FROM."""
    moved = open_library(ctx, ctx.obj, seeded=False).labels.merge(source, into)
    click.echo(f"merged {source} into {into} ({plural(moved, 'tag')} moved)")


@labels.command(name="color")
@click.argument("name")
@click.argument("color")
@click.pass_context
def labels_color(ctx, name, color) -> None:
    """Set the colour of label NAME (a colour name or #rrggbb)."""
    label = open_library(ctx, ctx.obj, seeded=False).labels.recolor(name, color)
    click.echo(f"{label['name']} is now {label['color']}")


@labels.command(name="move")
@click.argument("name")
@click.argument("position", type=click.IntRange(min=1))
@click.pass_context
def labels_move(ctx, name, position) -> None:
    """Put label NAME at POSITION (1 is first) in the vocabulary's order, which the tag picker's
    number keys follow."""
    index = open_library(ctx, ctx.obj, seeded=False).labels.move_to(name, position - 1)
    click.echo(f"{name} is label {index + 1}")


@labels.command(name="delete")
@click.argument("name")
@click.option(
    "--merge-into", "into", default=None, metavar="OTHER", help="Move the label's tags to OTHER, then delete the label."
)
@click.option("--force", is_flag=True, help="Delete the label and every tag it has.")
@click.pass_context
def labels_delete(ctx, name, into, force) -> None:
    """Delete the label NAME. If it has tags, say where they go: --merge-into OTHER keeps them
    under another label, --force deletes them with it; without either it is refused."""
    if into and force:
        raise ReaderError("--merge-into keeps the tags and --force deletes them: give one")
    library = open_library(ctx, ctx.obj, seeded=False)
    count = library.labels.tag_count(name)
    tags = f"{count} tag{'s' * (count != 1)}"
    if into:
        moved = library.labels.merge(name, into)
        click.echo(f"deleted {name}; its {moved} tag{'s' * (moved != 1)} moved to {into}")
        return
    if count and not force:
        raise ReaderError(
            f"label {name!r} has {tags}: --merge-into OTHER moves them to another label, --force deletes them with it"
        )
    library.labels.delete(name, with_tags=True)
    click.echo(f"deleted {name} and its {tags}" if count else f"deleted {name} (it had no tags)")
