"""Shared fixtures: the real spaCy pipeline once per session, and fresh libraries on disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_support import (  # noqa: F401  the analysed-library fixtures, shared by the app tests
    analysed_template,
    frozen_library_path,
    frozen_template,
    library_path,
)

from reader.paths import seeds_dir
from reader.store import open_db

SEEDS = sorted(seeds_dir().glob("*.txt"))
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session", autouse=True)
def own_user_folders(tmp_path_factory):
    """The suite never reads or writes the user's own library or settings: the platform's data
    and config folders (and so the default library and config file, here and in every `reader`
    the tests start) point into the session's temporary folder. A test may still set its own."""
    import os

    home = tmp_path_factory.mktemp("user")
    saved = {name: os.environ.get(name) for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "READER_DB")}
    os.environ["XDG_DATA_HOME"] = str(home / "data")
    os.environ["XDG_CONFIG_HOME"] = str(home / "config")
    os.environ.pop("READER_DB", None)
    yield home
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session")
def nlp():
    """The real pipeline (model + our components), loaded once for the whole session."""
    from reader.nlp.model import load_nlp

    return load_nlp()


@pytest.fixture
def db_path(tmp_path, monkeypatch) -> Path:
    """A fresh library file; READER_DB points at it so commands and the app use it too."""
    path = tmp_path / "library.db"
    monkeypatch.setenv("READER_DB", str(path))
    return path


@pytest.fixture
def db(db_path):
    database = open_db(db_path)
    yield database
    database.close()


@pytest.fixture
def seed_paths() -> list[Path]:
    return list(SEEDS)
