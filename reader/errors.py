"""The one error type a user sees: a one-line message they can act on."""


class ReaderError(Exception):
    """An error with a one-line, user-facing message (the CLI prints it and exits 1)."""
