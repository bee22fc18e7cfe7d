"""One user of the language model at a time: the library's bulk analysis yields to an opened article.

spaCy pipelines are not safe to run from two threads at once. The library worker holds the gate
while it analyses and stops between articles when the reader asks for it; the reader analyses
its one article, then the library resumes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class AnalysisGate:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._wanted = threading.Event()

    @property
    def wanted(self) -> bool:
        """True while the reader waits for the model: bulk analysis should stop soon."""
        return self._wanted.is_set()

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """Held by the library's analysis worker for its whole run."""
        with self._lock:
            yield

    @contextmanager
    def urgent(self) -> Iterator[None]:
        """Held by the reader to analyse one article now; bulk work yields to it."""
        self._wanted.set()
        try:
            with self._lock:
                self._wanted.clear()
                yield
        finally:
            self._wanted.clear()
