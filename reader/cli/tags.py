"""Commands for tags: export them (CSV, JSONL, W3C), import a JSONL export, and edit the label vocabulary."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from reader.cli.common import db_option as DB, open_library
from reader.cli.terminal import sanitise
from reader.store.export import FORMATS

@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True,
              help="csv for spreadsheets; jsonl to re-import; w3c for Web Annotation tools.")
@click.option("-o", "--output", default="-", show_default=True, metavar="FILE|-", help="Where to write; - is stdout.")
@click.option("--label", default=None, help="Only tags with this label (any case).")
@click.option("--article", default=None, help="Only tags on this article (id or unique id prefix).")
@click.option("--speaker", default=None, help="Only tags on words said by this speaker (any case).")
@click.option("--no-neutralise", "raw", is_flag=True,
              help="CSV: keep cells starting with = + - @ tab or CR as they are, instead of prefixing ' "
                   "so spreadsheets do not run them as formulas.")
@DB
@click.pass_context
def export(ctx, fmt, output, label, article, speaker, raw, db_file) -> None:
    """Export tags, one per row: CSV (UTF-8, header), JSONL, or W3C Web Annotation JSON-LD.

    CSV columns: tag_id, article_id, article_title, source, label, text, speaker, actors,
    start, end, note, created_at, updated_at. Cells starting with = + - @ tab or CR get a
    leading ' against spreadsheet formula injection (--no-neutralise keeps them raw).
    The count written goes to stderr.
    """
    db = open_library(ctx, db_file, seeded=False)
    from reader.store.export import export_tags, export_to_path

    options = dict(label=label, article=article, speaker=speaker, neutralise=not raw)
    if output == "-":
        count = export_tags(db, sys.stdout, fmt, **options)
    else:
        count = export_to_path(db, output, fmt, **options)
    db.close()
    where = "stdout" if output == "-" else output
    click.echo(f"exported {count} tag{'s' * (count != 1)} to {where} ({fmt})", err=True)


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
    from reader.store.import_tags import import_tags as run_import

    db = open_library(ctx, db_file)
    result = run_import(db, file)
    db.close()
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


@click.command(name="tags")
@click.option("--label", default=None, help="Only tags with this label (any case).")
@click.option("--article", default=None, help="Only tags on this article (id or unique id prefix).")
@click.option("--speaker", default=None, help="Only tags on words said by this speaker (any case).")
@click.option("--orphaned", is_flag=True, help="Only tags whose words were not found after their article changed.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@DB
@click.pass_context
def list_tags(ctx, label, article, speaker, orphaned, fmt, db_file) -> None:
    """List tags: id, label, speaker and the tagged words (orphaned tags are marked)."""
    from reader.store.tags import all_tags

    rows = all_tags(open_library(ctx, db_file, seeded=False), label=label, article=article, speaker=speaker,
                    orphaned=True if orphaned else None)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        words = " ".join(row["text"].split())
        words = words if len(words) <= 70 else words[:69] + "\u2026"
        mark = "  [orphaned]" if row["orphaned"] else ""
        click.echo(f"{row['id'][:8]}  {row['article_id'][:8]}  {row['label']}  {row['speaker'] or '-'}  "
                   f"\u201c{words}\u201d{mark}")
        if row["note"]:
            click.echo(f"          note: {' '.join(row['note'].split())}")


@click.group(invoke_without_command=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@DB
@click.pass_context
def labels(ctx, fmt, db_file) -> None:
    """List the tag labels with their colours and how many tags use each."""
    ctx.obj = db_file
    if ctx.invoked_subcommand is not None:
        return
    from reader.store.tags import list_labels

    rows = list_labels(open_library(ctx, db_file, seeded=False))
    if fmt == "json":
        click.echo(json.dumps([{k: r[k] for k in ("name", "color", "count")} for r in rows], ensure_ascii=False, indent=2))
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
    from reader.store.tags import add_label

    label = add_label(open_library(ctx, ctx.obj, seeded=False), name, color)
    click.echo(f"added {label['name']} ({label['color']})")


@labels.command(name="rename")
@click.argument("old")
@click.argument("new")
@click.pass_context
def labels_rename(ctx, old, new) -> None:
    """Rename the label OLD to NEW; its tags follow."""
    from reader.store.tags import rename_label

    label = rename_label(open_library(ctx, ctx.obj, seeded=False), old, new)
    click.echo(f"renamed {old} to {label['name']}")


@labels.command(name="merge")
@click.argument("source", metavar="FROM")
@click.argument("into", metavar="INTO")
@click.pass_context
def labels_merge(ctx, source, into) -> None:
    """Move every tag labelled FROM to INTO and remove FROM."""
    from reader.store.tags import merge_labels

    moved = merge_labels(open_library(ctx, ctx.obj, seeded=False), source, into)
    click.echo(f"merged {source} into {into} ({moved} tag{'s' * (moved != 1)} moved)")


@labels.command(name="color")
@click.argument("name")
@click.argument("color")
@click.pass_context
def labels_color(ctx, name, color) -> None:
    """Set the colour of label NAME (a colour name or #rrggbb)."""
    from reader.store.tags import recolor_label

    label = recolor_label(open_library(ctx, ctx.obj, seeded=False), name, color)
    click.echo(f"{label['name']} is now {label['color']}")
