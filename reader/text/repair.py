"""Raw article text into the normalised text every offset points into: ftfy's repairs, then
the lossy mojibake it cannot undo (curly marks reduced to a lone `â`) restored from context,
then words a scraper glued together split (`reader.text.glued`)."""

from __future__ import annotations

import re
import unicodedata

import ftfy

from reader.text.glued import split_glued

# Terminal escape sequences (CSI, OSC, two-byte) go whole, so no "[31m" residue is left behind.
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
# C0 controls except \t \n (line breaks are \n by then). C1 controls must survive until
# ftfy, which decodes them as mojibake.
_C0 = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# Line breaks other than \n; NEL (\x85) is left to ftfy, which reads a lone C1 as cp1252.
_LINE_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\u2028\u2029"
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# "â€" is `”` whose last byte (0x9d, undefined in cp1252) was dropped; ftfy would instead read
# a following space as a lost 0xa0 and produce "†".
_LOST_CLOSING = re.compile(r"â€(?=[\s.,;:!?)\]]|\Z)")

_FTFY = ftfy.TextFixerConfig(uncurl_quotes=False, unescape_html=False)
# ftfy costs most of normalising, line by line. It leaves a line alone if every character is
# printable ASCII or one of these, as none of them can continue a UTF-8 sequence in an encoding
# in which another of them can lead one (in MacRoman they lead, elsewhere they only continue);
# so they hold no mojibake, and ftfy's other fixes touch none of them.
_PLAIN = "\t\n -~’‘“”–—…«»\xa0€′″"
_SUSPECT = re.compile(f"[^{_PLAIN}]")
_MAX_ROUNDS = 3

# What the second byte of a UTF-8 sequence looks like read as cp1252 ("¦" is left out: "â¦" is
# a damaged ellipsis, handled on its own).
_CONTINUATIONS = frozenset(bytes(b for b in range(0x80, 0xC0) if b != 0xA6).decode("cp1252", "ignore"))
_SWALLOWED = {"⌠": "…", "⦠": "…", "⢠": "•"}
_SWALLOWED_SPACE = re.compile(r"[⌠⦠⢠](?=[^\W_])")
_WORDISH = re.compile(r"[^\W_]")
_OPENERS = "([{“‘«—–-/"
_BRACKETS = "([{“‘«"
# Word endings that follow an apostrophe in English: Pyongyang’s, doesn’t, we’re, I’ve.
_SUFFIX = re.compile(r"(?:s|t|re|ve|ll|d|m)(?![^\W\d_])", re.IGNORECASE)
_LETTERS = re.compile(r"[^\W\d_]*")
# Real words that begin with â (French, Portuguese), which an opening-quote reading would break.
_A_WORDS = frozenset(
    "âge âgé âgée âgés âgées âges âme âmes âne ânes ânesse âpre âpres âprement âpreté âtre "
    "âtres âmbito âmbitos ângulo ângulos âncora âncoras âmago ânimo ânimos ânsia âmbar".split()
)


def normalise(raw: str) -> str:
    """Repair encoding damage and tidy `raw`: idempotent, and offsets into the result are final."""
    text, unsettled = _normalise_once(raw)
    # A repair can expose more to repair (a mark put back or a control removed can complete a
    # sequence ftfy decodes, and ftfy's own output is not always its fixed point), so text
    # that a repair changed goes round again; untouched text takes one pass.
    for _ in range(_MAX_ROUNDS):
        if not unsettled:
            break
        again, unsettled = _normalise_once(text)
        if again == text:
            break
        text = again
    return split_glued(text)


def _normalise_once(raw: str) -> tuple[str, bool]:
    """One round of tidying and repair, and whether it changed more than line breaks."""
    text = _LOST_CLOSING.sub("”", _C0.sub("", _unify_line_breaks(_ANSI.sub("", raw))))
    damaged = "â" in text and _shows_lone_mark_damage(text)
    fixed = fix_text(_repair_inert_lines(text) if damaged else text)
    if _CONTROLS.search(fixed):
        # Removing a control ftfy left can join two halves of a sequence it can now decode.
        fixed = _CONTROLS.sub("", fix_text(_CONTROLS.sub("", fixed)))
    # ftfy itself can leave the damaged closing quote behind (from a lone C1 it read as cp1252).
    fixed = _LOST_CLOSING.sub("”", fixed)
    if fixed != text:
        fixed = unicodedata.normalize("NFC", fixed)
    if damaged or ("â" in fixed and _shows_lone_mark_damage(fixed)):
        fixed = _repair_marks(fixed)
    # Trailing spaces go after ftfy, which can read a line-final (no-break) space as a lost byte.
    fixed = _strip_line_ends(fixed)
    return fixed.strip("\n"), fixed != text


def _unify_line_breaks(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    # Checking first is far cheaper than a regex pass over text that has none of them.
    for line_break in _LINE_BREAKS:
        if line_break in text:
            text = text.replace(line_break, "\n")
    return text


def _strip_line_ends(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.split("\n"))


def fix_text(text: str) -> str:
    """`ftfy.fix_text` with our settings, run only on the lines that could need it."""
    if not _SUSPECT.search(text):
        return text
    lines = text.split("\n")
    picked = [i for i, line in enumerate(lines) if _SUSPECT.search(line)]
    # Each line goes to ftfy as it would within the whole text: with its newline, if it has one.
    ends_text = picked[-1] == len(lines) - 1
    joined = "\n".join(lines[i] for i in picked) + ("" if ends_text else "\n")
    fixed = ftfy.fix_text(joined, _FTFY)
    fixed_lines = (fixed if ends_text else fixed.removesuffix("\n")).split("\n")
    if len(fixed_lines) != len(picked):
        # ftfy made a line break (a decoded U+0085): line positions no longer match.
        return ftfy.fix_text(text, _FTFY)
    for i, line in zip(picked, fixed_lines):
        lines[i] = line
    return "\n".join(lines)


def repair_lone_marks(text: str) -> str:
    """Restore quotes, apostrophes and dashes reduced to a lone `â`, if the text shows that damage.

    Each `â` is read from its neighbours; a text whose `â`s all sit inside plausible words
    (château, lâmpada, âge) is left as it is.
    """
    return _repair_marks(text) if _shows_lone_mark_damage(text) else text


def _repair_marks(text: str) -> str:
    text = _repair_symbols(text)
    return "\n".join(_repair_line(line) if "â" in line else line for line in text.split("\n"))


def _repair_symbols(text: str) -> str:
    """Restore the damaged ellipsis and bullet: "â¦", and "⌠" ("⦠" from ftfy) that swallowed
    the space after it, its last byte having been a no-break space ("position⌠and")."""
    text = text.replace("â¦", "…").replace("â¢", "•")
    if _SWALLOWED_SPACE.search(text):
        text = _SWALLOWED_SPACE.sub(lambda m: _SWALLOWED[m.group()] + " ", text)
    return text.replace("⌠", "…").replace("⦠", "…").replace("⢠", "•")


def _repair_inert_lines(text: str) -> str:
    """Repair, ahead of ftfy, the lines whose only damage is `â`s between ASCII characters.

    ftfy can read nothing into such an `â` (mojibake needs two non-ASCII characters side by
    side), and once repaired the line is plain, so ftfy, the slow part, skips it.
    """
    lines = _repair_symbols(text).split("\n")
    for n, line in enumerate(lines):
        if "â" in line and all(_inert_mark(line, m.start()) for m in _SUSPECT.finditer(line)):
            lines[n] = _repair_line(line)
    return "\n".join(lines)


def _inert_mark(line: str, i: int) -> bool:
    return line[i] == "â" and (i == 0 or line[i - 1] < "\x80") and (i + 1 == len(line) or line[i + 1] < "\x80")


def _shows_lone_mark_damage(text: str) -> bool:
    strong = text.count("â¦") + text.count("â¢")
    weak = in_word = 0
    for match in re.finditer("â", text):
        kind, sure = _classify(text, match.start())
        if kind == "sequence":
            continue
        if kind == "keep":
            in_word += 1
        elif sure:
            strong += 1
        else:
            weak += 1
    return strong >= 2 or (strong == 1 and weak + 1 >= in_word)


def _repair_line(line: str) -> str:
    """Resolve each lone `â` of one paragraph, tracking whether a quotation is open."""
    readings = [(m.start(), _classify(line, m.start())[0]) for m in re.finditer("â", line)]
    out: list[str] = []
    last = 0
    quote_open = False
    for n, (i, kind) in enumerate(readings):
        if kind == "either":
            kind = "close" if quote_open else "open"
        elif kind == "s_close":
            # After a plural ("countriesâ leaders") it is an apostrophe unless it ends an open quote
            # that nothing later in the paragraph closes.
            later_close = any(k in ("close", "s_close") for _, k in readings[n + 1 :])
            kind = "close" if quote_open and not later_close else "apostrophe"
        if kind in ("keep", "sequence"):
            continue
        if kind == "open":
            mark, quote_open = "“", True
        elif kind == "close":
            mark, quote_open = "”", False
        elif kind == "apostrophe":
            mark = "’"
        else:
            mark = "–"
        out.append(line[last:i])
        out.append(mark)
        last = i + 1
    out.append(line[last:])
    return "".join(out)


def _classify(text: str, i: int) -> tuple[str, bool]:
    """Read the `â` at `i` from its neighbours: (reading, whether the reading is unmistakable)."""
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else "\n"
    if after in _CONTINUATIONS:
        # The lead of a whole mojibake sequence ("â€™"): ftfy's to decode, not a lone mark.
        return "sequence", False
    prev = _kind_of(before, _OPENERS)
    nxt = _kind_of(after, _BRACKETS)
    if nxt == "word" and prev != "word":
        letters = _LETTERS.match(text, i + 1)
        assert letters is not None  # a pattern that matches the empty string matches everywhere
        word = "â" + letters.group()
        if word.lower() in _A_WORDS:
            return "keep", False
    if prev == "word" and nxt == "word":
        suffix = _SUFFIX.match(text, i + 1)
        if suffix:
            ending = suffix.group().lower()
            return "apostrophe", ending != "t" or before in "nN"
        if before in "OD" and after.isupper() and (i < 2 or not _WORDISH.match(text[i - 2])):
            return "apostrophe", True
        return "keep", False
    if prev in ("space", "open"):
        if nxt == "word":
            return "open", after.isupper()
        if nxt == "space":
            return ("dash", False) if prev == "space" and before != "\n" else ("keep", False)
        return "open", False
    if prev == "word":
        if nxt == "space" and before in "sS":
            return "s_close", False
        return "close", False
    # After punctuation: "war.â" closes; "said:âThe" depends on what is open.
    if nxt == "word":
        return "either", False
    return "close", True


def _kind_of(ch: str, openers: str) -> str:
    if ch.isspace():
        return "space"
    if _WORDISH.match(ch):
        return "word"
    if ch in openers:
        return "open"
    return "punct"
