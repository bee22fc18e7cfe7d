"""Styles come from one place: the app loads styles/*.tcss once; no screen or widget re-declares them."""

from __future__ import annotations

from pathlib import Path

import reader.tui
from reader.tui.app import ReaderApp

TUI = Path(reader.tui.__file__).parent


def test_only_the_app_declares_css():
    declaring = [
        str(path.relative_to(TUI))
        for path in TUI.rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.lstrip().startswith(("CSS_PATH =", "DEFAULT_CSS =", "CSS ="))
    ]
    assert declaring == ["app.py"]


async def test_the_moved_styles_still_apply(frozen_library_path):
    from reader.tui.widgets.bar_chart import BarChart

    app = ReaderApp(frozen_library_path)
    async with app.run_test(size=(100, 32)) as pilot:
        app.open_overview()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        chart = app.screen.query(BarChart).first()
        assert chart.styles.height is not None and chart.styles.height.is_auto
        assert chart.get_component_rich_style("bar-chart--title").bold
