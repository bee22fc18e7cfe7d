"""Every path the app uses, computed lazily and overridable (flags, then environment)."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "reader"
_PACKAGE_DIR = Path(__file__).resolve().parent


def _resource_dir(name: str) -> Path:
    """A shipped resource folder: inside the wheel (`reader/_data/NAME`) or the checkout's `NAME/`."""
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE_DIR.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"reader's {name}/ folder is missing from {installed} and {checkout}")


def styles_dir() -> Path:
    return _resource_dir("styles")


def seeds_dir() -> Path:
    return _resource_dir("seeds")


def style(name: str) -> Path:
    """The path of one TCSS file in `styles/`, for a `CSS_PATH`."""
    return styles_dir() / name


def data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def db_path(override: str | os.PathLike[str] | None = None) -> Path:
    """The library database: `--db`, else `READER_DB`, else the platform's user data dir."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get("READER_DB")
    if env:
        return Path(env).expanduser()
    return data_dir() / "reader.db"


def screenshots_dir() -> Path:
    env = os.environ.get("READER_SCREENSHOTS")
    return Path(env).expanduser() if env else Path.cwd()
