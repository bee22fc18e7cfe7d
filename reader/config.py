"""The user's settings: a TOML file in the platform's config dir (`READER_CONFIG` overrides its path).

theme = "textual-light"
export_format = "jsonl"      # csv, jsonl or w3c: what the export dialog offers first

[keymap]                     # a binding's id = the keys for it, as Textual's set_keymap takes them
"reader.next-quote" = "n,right_square_bracket"
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.errors import ReaderError

EXPORT_FORMATS = ("csv", "jsonl", "w3c")


class ConfigError(ReaderError):
    """The config file cannot be used: the message names the file and the cause, on one line."""


@dataclass(frozen=True)
class Settings:
    theme: str | None = None
    """A Textual theme's name (None: Textual's default)."""
    export_format: str = "csv"
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> keys ("ctrl+n,f2")."""


def config_path() -> Path:
    """`READER_CONFIG`, else `config.toml` in the platform's user config dir for reader."""
    env = os.environ.get("READER_CONFIG")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("reader", appauthor=False)) / "config.toml"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def load_settings(path: Path | None = None) -> Settings:
    """The settings in `path` (default `config_path()`); no file: the defaults. Raises ConfigError."""
    path = config_path() if path is None else path
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read the config file ({_one_line(str(error))})") from error
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({_one_line(str(error))})") from error
    return _settings(path, data)


def _settings(path: Path, data: dict[str, Any]) -> Settings:
    unknown = sorted(set(data) - {"theme", "export_format", "keymap"})
    if unknown:
        raise ConfigError(f"{path}: unknown setting {unknown[0]!r} (known: theme, export_format, [keymap])")
    theme = data.get("theme")
    if theme is not None and not isinstance(theme, str):
        raise ConfigError(f"{path}: theme must be a string, the name of a theme")
    export_format = data.get("export_format", "csv")
    if export_format not in EXPORT_FORMATS:
        raise ConfigError(f"{path}: export_format must be one of {', '.join(EXPORT_FORMATS)}, not {export_format!r}")
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in keymap.items()):
        raise ConfigError(f'{path}: [keymap] takes binding ids and keys as strings (reader.tag = "ctrl+t")')
    return Settings(theme=theme, export_format=export_format, keymap=dict(keymap))


def describe(settings: Settings) -> list[str]:
    """The effective settings, as TOML lines."""
    lines = [f"theme = {_toml(settings.theme or 'textual-dark')}", f"export_format = {_toml(settings.export_format)}"]
    lines.append("")
    lines.append("[keymap]")
    lines.extend(f"{_toml(key)} = {_toml(keys)}" for key, keys in sorted(settings.keymap.items()))
    return lines


def _toml(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
