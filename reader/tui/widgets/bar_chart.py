"""A horizontal bar chart drawn with block characters: one labelled bar per row, to scale."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from reader.tui.resilient import ReportsFailures
from reader.tui.untrusted import visible

# Eighths of a cell, so bars differ even when values are close.
_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(value: float, largest: float, width: int) -> str:
    """`value` as a bar of block characters, `largest` filling `width` cells."""
    if largest <= 0 or value <= 0 or width <= 0:
        return ""
    eighths = max(1, round(value / largest * width * 8))
    full, rest = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[rest] if rest else "")


class BarChart(ReportsFailures, Widget):
    """Bars for `(label, value)` pairs, largest first as given; labels are untrusted text."""

    COMPONENT_CLASSES = {"bar-chart--title", "bar-chart--label", "bar-chart--bar", "bar-chart--value"}

    data: reactive[list[tuple[str, int]]] = reactive(list, layout=True)

    def __init__(self, title: str, empty: str = "Nothing yet", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title = title
        self.empty = empty

    def render(self) -> Text:
        style = self.get_component_rich_style
        out = Text(self.title + "\n", style=style("bar-chart--title"), no_wrap=True, end="")
        if not self.data:
            out.append(self.empty, style="dim italic")
            return out
        labels = [visible(str(label)) for label, _ in self.data]
        label_width = min(max(len(label) for label in labels), max(12, self.size.width // 3))
        numbers = [str(value) for _, value in self.data]
        number_width = max(len(n) for n in numbers)
        bar_width = max(self.size.width - label_width - number_width - 3, 4)
        largest = max(value for _, value in self.data)
        for row, (label, number, (_, value)) in enumerate(zip(labels, numbers, self.data)):
            if len(label) > label_width:
                label = label[: label_width - 1] + "…"
            out.append(f"{label:<{label_width}} ", style=style("bar-chart--label"))
            drawn = bar(value, largest, bar_width)
            out.append(drawn, style=style("bar-chart--bar"))
            out.append(f" {number:>{number_width}}", style=style("bar-chart--value"))
            if row < len(self.data) - 1:
                out.append("\n")
        return out

    def get_content_height(self, container, viewport, width: int) -> int:
        return 1 + max(len(self.data), 1)
