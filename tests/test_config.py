"""The user's config file: real TOML files, the real app applying them, and `reader config`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from app_support import SIZE, until

from reader.config import ConfigError, Settings, config_path, load_settings
from reader.tui.app import ReaderApp
from reader.tui.screens.library import LibraryScreen

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def config_file(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "config.toml"
    monkeypatch.setenv("READER_CONFIG", str(path))
    return path


def test_no_file_is_the_defaults(config_file):
    assert config_path() == config_file
    assert load_settings() == Settings()


def test_the_settings_are_read(config_file):
    config_file.write_text('theme = "textual-light"\nexport_format = "jsonl"\n[keymap]\n"library.sort" = "o"\n')
    assert load_settings() == Settings("textual-light", "jsonl", {"library.sort": "o"})


@pytest.mark.parametrize(
    "text, cause",
    [
        ("theme = [", "not valid TOML"),
        ("theme = 3", "theme must be a string"),
        ('export_format = "xlsx"', "export_format must be one of csv, jsonl, w3c"),
        ("colour = 1", "unknown setting 'colour'"),
        ("[keymap]\n'reader.tag' = 1", "[keymap] takes"),
    ],
)
def test_a_bad_file_is_one_line_naming_it_and_the_cause(config_file, text, cause):
    config_file.write_text(text)
    with pytest.raises(ConfigError) as error:
        load_settings()
    message = str(error.value)
    assert message.startswith(f"{config_file}: ") and cause in message and "\n" not in message


async def test_the_app_applies_the_theme_and_a_remapped_key(config_file, library_path):
    config_file.write_text('theme = "textual-light"\n[keymap]\n"library.sort" = "o"\n')
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        assert app.theme == "textual-light"
        await pilot.press("s")  # no longer the sort key
        await pilot.pause()
        assert screen.sort_key is None
        await pilot.press("o")
        await until(pilot, lambda: screen.sort_key == "title", "the remapped key to sort")


async def test_a_bad_file_still_starts_the_app_with_a_notice(config_file, library_path):
    config_file.write_text("theme = [")
    app = ReaderApp(library_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert app.theme == "textual-dark"
        notices = [n.message for n in app._notifications]
        assert any(str(config_file) in n and "not valid TOML" in n for n in notices)


def _reader(*args: str, config: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "READER_CONFIG": str(config), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "reader", "config", *args], capture_output=True, text=True, env=env, cwd=ROOT
    )


def test_reader_config_path_and_show(tmp_path):
    config = tmp_path / "config.toml"
    assert _reader("path", config=config).stdout == f"{config}\n"
    config.write_text('export_format = "w3c"\n[keymap]\n"reader.tag" = "ctrl+t"\n')
    shown = _reader("show", config=config)
    assert shown.returncode == 0
    assert shown.stdout.splitlines() == [
        'theme = "textual-dark"',
        'export_format = "w3c"',
        "",
        "[keymap]",
        '"reader.tag" = "ctrl+t"',
    ]
    config.write_text("export_format = 1")
    failed = _reader("show", config=config)
    assert failed.returncode == 1 and "Traceback" not in failed.stderr
    assert failed.stderr.strip().splitlines() == [
        f"reader: {config}: export_format must be one of csv, jsonl, w3c, not 1"
    ]
