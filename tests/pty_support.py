"""`python -m reader` on a real pseudo-terminal, as a person's shell runs it: for the tests whose
behaviour is about a terminal (prompts, ^C, progress on stderr, what reaches the screen)."""

from __future__ import annotations

import fcntl
import os
import pty
import subprocess
import sys
import termios
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def own_the_terminal() -> None:
    """In the child: a session of its own whose controlling terminal is its standard input, so
    that ^C typed there is SIGINT to it (as in a shell)."""
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Terminal:
    """`python -m reader ARGS` with its standard streams on a pseudo-terminal (stdout may be a
    pipe instead: `stdout=subprocess.PIPE`); `seen` holds every byte the terminal showed."""

    def __init__(
        self,
        *args: str,
        env: dict[str, str] | None = None,
        cwd: Path | str = ROOT,
        stdout: Any = None,
        controlling: bool = False,
    ) -> None:
        self.leader, follower = pty.openpty()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "reader", *args],
            stdin=follower,
            stdout=follower if stdout is None else stdout,
            stderr=follower,
            env=env,
            cwd=cwd,
            preexec_fn=own_the_terminal if controlling else None,
        )
        os.close(follower)
        self.seen = b""

    def read_until(self, marker: bytes) -> bytes:
        """Read until the terminal has shown `marker` (failing if the command ends first)."""
        while marker not in self.seen:
            chunk = os.read(self.leader, 1024)
            assert chunk, self.seen
            self.seen += chunk
        return self.seen

    def type(self, keys: bytes) -> None:
        os.write(self.leader, keys)

    def drain(self) -> bytes:
        """Read until the command has gone and its terminal with it (EIO), or end of file."""
        while True:
            try:
                chunk = os.read(self.leader, 65536)
            except OSError:  # EIO: every end of the terminal is closed
                break
            if not chunk:
                break
            self.seen += chunk
        return self.seen

    def close(self) -> None:
        os.close(self.leader)
        if self.process.poll() is None:
            self.process.kill()

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
