"""`reader config`: where the settings file is, and the settings in effect."""

from __future__ import annotations

import click

from reader.config import config_path, describe, load_settings


@click.group(name="config")
def config() -> None:
    """The settings file (theme, export format, keymap)."""


@config.command(name="path")
def path() -> None:
    """Print the settings file's path (READER_CONFIG overrides it)."""
    click.echo(str(config_path()))


@config.command(name="show")
def show() -> None:
    """Print the settings in effect (the defaults where the file says nothing)."""
    for line in describe(load_settings()):
        click.echo(line)
