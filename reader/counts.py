"""How many quotes an analysis holds: statements and quoted terms, counted apart by one rule.

A statement is words someone is quoted as saying; split around its attribution ("…," he said,
"…") its parts share a group and count once. A quoted term ("so-called “volunteers”") is no
statement and is never counted as one, nor listed as a speaker's quote. The library's column,
`reader show`, `reader list`, the Quotes panel, Speakers and Overview all count with these.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reader.text.plural import plural

STATEMENT = "statement"
TERM = "term"
# The same rule over the `quotes` table, whose rows mark each statement's first part.
STATEMENT_ROWS_SQL = "kind = 'statement' AND first_part = 1"


@dataclass(frozen=True)
class QuoteCounts:
    statements: int
    terms: int

    def label(self) -> str:
        """`4 statements · 1 quoted term`: the words every view shows beside the figures."""
        return f"{plural(self.statements, 'statement')} · {plural(self.terms, 'quoted term')}"


def first_parts(quotes: Sequence[Mapping[str, Any]]) -> list[bool]:
    """For each quote, whether it opens its statement (a statement's later parts do not)."""
    seen: set[Any] = set()
    opens = []
    for quote in quotes:
        group = quote.get("group")
        opens.append(group is None or (quote.get("kind"), group) not in seen)
        seen.add((quote.get("kind"), group))
    return opens


def statements(quotes: Sequence[Mapping[str, Any]]) -> list[list[Mapping[str, Any]]]:
    """The statements among `quotes`, each the list of its parts in record order (terms left out)."""
    found: dict[Any, list[Mapping[str, Any]]] = {}
    for index, quote in enumerate(quotes):
        if quote.get("kind") != STATEMENT:
            continue
        group = quote.get("group")
        found.setdefault(("solo", index) if group is None else group, []).append(quote)
    return list(found.values())


def count_quotes(quotes: Iterable[Mapping[str, Any]]) -> QuoteCounts:
    """Statements (split ones once) and quoted terms in an analysis's quotes."""
    quotes = list(quotes)
    return QuoteCounts(
        statements=len(statements(quotes)),
        terms=sum(1 for quote in quotes if quote.get("kind") == TERM),
    )
