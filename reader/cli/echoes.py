"""`reader echoes`: statements that several articles quote in nearly the same words."""

from __future__ import annotations

import json
from pathlib import Path

import click

from reader.cli.common import db_option, open_analysed
from reader.cli.terminal import sanitise


def _line(text: str, width: int) -> str:
    text = sanitise(" ".join(text.split()))
    return text if len(text) <= width else text[: width - 1] + "…"


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Output as aligned text or as JSON.",
)
@click.option("--differ", is_flag=True, help="Only the groups whose outlets give the words to different speakers.")
@db_option
@click.pass_context
def echoes(ctx: click.Context, fmt: str, differ: bool, db_file: Path | None) -> None:
    """Statements quoted in nearly the same words by several articles, grouped as they are analysed.

    A group is flagged DIFFERENT SPEAKERS when the outlets attribute the words to different
    people. In JSON: an array of {"quotes": [{"article_id", "text", "speaker"}], "speakers_differ"}.
    Analyses the articles not analysed yet first.
    """
    groups = [group for group in open_analysed(ctx, db_file).echo_groups() if group["speakers_differ"] or not differ]
    if fmt == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "quotes": [
                            {key: quote[key] for key in ("article_id", "text", "speaker")} for quote in group["quotes"]
                        ],
                        "speakers_differ": group["speakers_differ"],
                    }
                    for group in groups
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    if not groups:
        click.echo("no statement is quoted by more than one article", err=True)
        return
    for number, group in enumerate(groups, 1):
        flag = "  DIFFERENT SPEAKERS" if group["speakers_differ"] else ""
        click.echo(f"echo {number}: {len(group['quotes'])} quotes{flag}")
        for quote in group["quotes"]:
            click.echo(
                f"  {quote['article_id'][:8]}  {_line(quote['source'] or '-', 16):<16}  "
                f"{_line(quote['speaker'] or '(unattributed)', 24):<24}  “{_line(quote['text'], 70)}”"
            )
