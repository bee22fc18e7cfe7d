"""Article files from disk into text, and the paths a user gives into files; every failure
a user can act on is a `ReaderError` with a one-line "PATH: cause" message."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from reader.errors import ReaderError

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})
# Far beyond any article (10 MB is some 1.7 million words), but short of exhausting memory.
MAX_BYTES = 200_000_000

# Bytes that never occur in text: C0 controls other than tab, newlines, form feed and escape.
_NON_TEXT_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f\x1b")
# Share of non-text bytes (or, after a single-byte decode, C1 controls) beyond which a file
# is not text we can read.
_NON_TEXT_LIMIT = 0.05
_NON_TEXT_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
_C1 = re.compile(r"[\x80-\x9f]")
_HIGH_BYTES = bytes(range(128, 256))
# Text in a Western single-byte code page is mostly ASCII; beyond this share of non-ASCII bytes
# it is some other encoding (GBK, cp1251...) that cp1252 would only turn into gibberish.
_SINGLE_BYTE_LIMIT = 0.3
_ESCAPED = re.compile(r"[\udc80-\udcff]")
_NON_ASCII = re.compile(r"[^\x00-\x7f\udc80-\udcff]")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def read_text_file(path: str | os.PathLike[str]) -> str:
    """Read and decode one article file: UTF-8 (BOM or not), else cp1252, else latin-1."""
    data = _read_bytes(Path(path))
    if data.startswith(_UTF16_BOMS):
        text = _decode_utf16(path, data)
    else:
        if b"\x00" in data or _share(len(data) - len(data.translate(None, _NON_TEXT_BYTES)), data):
            raise ReaderError(f"{path}: binary file, not text")
        text = _decode(path, data)
    if not text.strip():
        raise ReaderError(f"{path}: empty file" + (" (only whitespace)" if text else ""))
    return text


def iter_input_files(
    paths: Iterable[str | os.PathLike[str]],
) -> Iterator[tuple[Path, ReaderError | None]]:
    """Expand files and folders into article files, each with the error that stops it, or None.

    Folders are searched recursively for article suffixes (hidden entries skipped), in sorted
    order; a file named explicitly is yielded whatever its suffix; each file comes once.
    """
    seen: set[Path] = set()
    candidates: list[tuple[Path, ReaderError | None]]
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = _files_under(path)
            if not found:
                suffixes = ", ".join(sorted(ARTICLE_SUFFIXES))
                yield path, ReaderError(f"{path}: folder holds no article files ({suffixes})")
            candidates = [(file, None) for file in found]
        elif path.exists():
            candidates = [(path, None)]
        else:
            candidates = [(path, ReaderError(f"{path}: no such file or folder"))]
        for file, error in candidates:
            key = file.resolve() if error is None else file
            if key not in seen:
                seen.add(key)
                yield file, error


def _files_under(folder: Path) -> list[Path]:
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        for name in files:
            if not name.startswith(".") and Path(name).suffix.lower() in ARTICLE_SUFFIXES:
                found.append(Path(root, name))
    return sorted(found)


def _read_bytes(path: Path) -> bytes:
    if path.is_dir():
        raise ReaderError(f"{path}: is a folder, not a file")
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ReaderError(f"{path}: not a regular file")
        if size > MAX_BYTES:
            limit = f"{size / 1e6:.1f} MB, limit {MAX_BYTES / 1e6:.1f} MB"
            raise ReaderError(f"{path}: too large for an article ({limit})")
        return path.read_bytes()
    except FileNotFoundError:
        raise ReaderError(f"{path}: no such file") from None
    except PermissionError:
        raise ReaderError(f"{path}: permission denied") from None
    except OSError as error:
        raise ReaderError(f"{path}: cannot read ({error.strerror or error})") from None


def _decode(path: str | os.PathLike[str], data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Mostly valid UTF-8 with a few stray bytes: keep the UTF-8 and read only the strays as
    # cp1252, rather than turning every multi-byte character into mojibake.
    mixed = data.decode("utf-8-sig", "surrogateescape")
    strays = len(_ESCAPED.findall(mixed))
    if len(_NON_ASCII.findall(mixed)) > strays:
        return _ESCAPED.sub(lambda m: _single_byte(ord(m.group()) - 0xDC00), mixed)
    undecodable = ReaderError(f"{path}: cannot decode (not UTF-8, cp1252 or latin-1 text)")
    visible = len(data) - sum(data.count(space) for space in b" \t\r\n")
    if len(data) - len(data.translate(None, _HIGH_BYTES)) > _SINGLE_BYTE_LIMIT * visible:
        raise undecodable
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    if _share(len(_C1.findall(text)), text):
        raise undecodable
    return text


def _decode_utf16(path: str | os.PathLike[str], data: bytes) -> str:
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError:
        raise ReaderError(f"{path}: cannot decode (broken UTF-16 text)") from None
    if _share(len(_NON_TEXT_CHARS.findall(text)), text):
        raise ReaderError(f"{path}: binary file, not text")
    return text


def _single_byte(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


def _share(count: int, whole: bytes | str) -> bool:
    return bool(whole) and count > _NON_TEXT_LIMIT * len(whole)
