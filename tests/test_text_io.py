"""Reading article files (encodings, bad input) and expanding the paths a user gives."""

from __future__ import annotations

import pytest

from reader.errors import ReaderError
from reader.paths import seeds_dir
from reader.text.io import iter_input_files, read_text_file


def write(path, data: bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_utf8_with_and_without_bom(tmp_path):
    text = "Kim Jong Un’s “visit” — café"
    plain = write(tmp_path / "plain.txt", text.encode("utf-8"))
    bom = write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert read_text_file(plain) == text
    assert read_text_file(bom) == text


def test_cp1252_bytes(tmp_path):
    path = write(tmp_path / "win.txt", b"caf\xe9 \x93quoted\x94 \x85 it\x92s")
    assert read_text_file(path) == "café “quoted” … it’s"


def test_latin1_when_cp1252_cannot_decode(tmp_path):
    # 0x81 is undefined in cp1252; the rest is plain latin-1.
    data = b"Z\xfcrich: the caf\xe9 serves cr\xe8me br\xfbl\xe9e\x81 every day."
    path = write(tmp_path / "latin.txt", data)
    assert read_text_file(path) == "Zürich: the café serves crème brûlée\x81 every day."


def test_utf16_with_bom(tmp_path):
    path = write(tmp_path / "wide.txt", "Hello “there”".encode("utf-16"))
    assert read_text_file(path) == "Hello “there”"


def test_mostly_utf8_keeps_utf8_and_reads_strays_as_cp1252(tmp_path):
    data = "Pyongyang’s “envoy” said".encode() + b" caf\xe9."
    path = write(tmp_path / "mixed.txt", data)
    assert read_text_file(path) == "Pyongyang’s “envoy” said café."


def test_seed_files_read_unchanged():
    for path in sorted(seeds_dir().glob("*.txt")):
        assert read_text_file(path) == path.read_bytes().decode("utf-8")


@pytest.mark.parametrize(
    ("name", "data", "cause"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t\r\n  ", "empty"),
        ("nul.txt", b"text\x00with a nul", "binary"),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        ("controls.txt", b"\x01\x02\x03\x04 abc \x05\x06\x07\x08" * 10, "binary"),
        ("gbk.txt", "朝鲜与俄罗斯的军事合作正在加深。".encode("gbk") * 20, "cannot decode"),
        ("cp1251.txt", "Северная Корея и Россия укрепляют связи.".encode("cp1251"), "decode"),
        ("wide.bin", b"\xff\xfe" + "\x01\x02\x03 abc".encode("utf-16-le") * 20, "binary"),
        ("c1.txt", b"ab\x81\x8d\x8f\x90\x9d cd" * 10, "cannot decode"),
    ],
)
def test_bad_files_raise_one_line_errors(tmp_path, name, data, cause):
    path = write(tmp_path / name, data)
    with pytest.raises(ReaderError) as raised:
        read_text_file(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: ")
    assert cause in message
    assert "\n" not in message


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ReaderError, match=r"nope\.txt: no such file"):
        read_text_file(tmp_path / "nope.txt")
    with pytest.raises(ReaderError, match="is a folder"):
        read_text_file(tmp_path)


def test_special_files_and_oversized_files_are_refused(tmp_path, monkeypatch):
    with pytest.raises(ReaderError, match="not a regular file"):
        read_text_file("/dev/null")
    path = write(tmp_path / "big.txt", b"words " * 1000)
    monkeypatch.setattr("reader.text.io.MAX_BYTES", 5000)
    with pytest.raises(ReaderError, match=r"too large for an article \(0\.0 MB, limit 0\.0 MB\)"):
        read_text_file(path)


def test_ten_megabyte_file(tmp_path):
    paragraph = "North Korea’s “envoy” met Lavrov in Moscow on Friday, officials said.\n"
    data = (paragraph * (10_000_000 // len(paragraph.encode("utf-8")) + 1)).encode("utf-8")
    path = write(tmp_path / "big.txt", data)
    text = read_text_file(path)
    assert len(text.encode("utf-8")) == len(data) > 10_000_000
    assert text.startswith(paragraph)


def test_folders_expand_recursively_sorted_skipping_hidden(tmp_path):
    root = tmp_path / "corpus"
    for name in [
        "b.txt",
        "a.md",
        "sub/c.markdown",
        "sub/d.HTML",
        "sub/e.htm",
        "notes.pdf",
        ".hidden.txt",
        ".git/f.txt",
        "sub/.cache/g.txt",
    ]:
        write(root / name, b"text")
    found = list(iter_input_files([root]))
    assert found == [
        (root / "a.md", None),
        (root / "b.txt", None),
        (root / "sub/c.markdown", None),
        (root / "sub/d.HTML", None),
        (root / "sub/e.htm", None),
    ]


def test_named_files_missing_paths_and_empty_folders(tmp_path):
    named = write(tmp_path / "article.text", b"text")
    empty = tmp_path / "empty"
    empty.mkdir()
    found = list(iter_input_files([named, tmp_path / "missing.txt", empty, named]))
    assert [path for path, _ in found] == [named, tmp_path / "missing.txt", empty]
    assert found[0][1] is None
    assert isinstance(found[1][1], ReaderError)
    assert str(found[1][1]) == f"{tmp_path / 'missing.txt'}: no such file or folder"
    assert str(found[2][1]).startswith(f"{empty}: folder holds no article files")


def test_bad_files_in_a_folder_are_reported_and_good_ones_read(tmp_path):
    write(tmp_path / "good.txt", b"A good article.")
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "binary.txt", b"\x00\x01\x02")
    results = {}
    for path, error in iter_input_files([tmp_path]):
        assert error is None
        try:
            results[path.name] = read_text_file(path)
        except ReaderError as failure:
            results[path.name] = failure
    assert results["good.txt"] == "A good article."
    assert isinstance(results["empty.txt"], ReaderError)
    assert isinstance(results["binary.txt"], ReaderError)
