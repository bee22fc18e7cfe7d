"""The quote engine on PolNeAR's train split: direct-quote recall, speaker accuracy, precision.

PolNeAR (github networkdynamics/PolNeAR) annotates attributions (source, cue, content) in news
articles from seven US outlets, in brat standoff. Only its **train** split may be used here: dev
and test are kept for independent evaluation and are never read. The corpus is not in this
repository (no licence); give its folder (the one holding `data/train`, or `train` itself):

    python benchmarks/polnear_eval.py /work/polnear [--limit N] [--verbose] [--rule RULE]

Without a path it says so and exits 0. What is scored:
- gold direct quotes: attributions whose content is wholly in quotation marks;
- recall: a gold direct quote is found when a statement the engine reports covers most of it;
  beside it, how many more it reports as terms (the issue makes quoted titles, slogans and names
  terms, not statements, and PolNeAR annotates some of them as attributed content);
- speaker accuracy, over found quotes with an annotated source: the engine's speaker phrase or
  the mention it resolved to overlaps the source, or shares a name word with it, or ends right
  before a relative pronoun marked as the source (`Mike Lee, who declared`); a source that is
  only the cue (`said`, `according to`) counts as none;
- precision: a statement the engine reports is a true find when it lies inside any annotated
  content, direct or not.
Per-rule figures follow (the `rule` every quote names).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OPENING = "“\"‘'«"
CLOSING = "”\"’'»"
_NAME_WORD = re.compile(r"[A-Z][\w’'.-]+")
_SMALL = {"The", "A", "An", "He", "She", "It", "They", "We", "I", "His", "Her", "Mr.", "Mrs.", "Ms.", "Dr."}


@dataclass
class Attribution:
    content: list[tuple[int, int]]
    source: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Article:
    name: str
    text: str
    attributions: list[Attribution]


def train_folder(path: Path) -> Path:
    for candidate in (path / "data" / "train", path / "train", path):
        if (candidate / "attributions").is_dir() and (candidate / "text").is_dir():
            if candidate.name != "train":
                raise SystemExit(f"{candidate}: not PolNeAR's train split")
            return candidate
    raise SystemExit(f"{path}: no PolNeAR train split here (expected data/train/attributions and data/train/text)")


def _spans(field_text: str) -> list[tuple[int, int]]:
    spans = []
    for piece in field_text.split(";"):
        start, end = piece.split()
        spans.append((int(start), int(end)))
    return spans


def parse_ann(text: str) -> list[Attribution]:
    """Attribution relations of one brat file: `E` lines tie content, cue and source spans."""
    spans: dict[str, list[tuple[int, int]]] = {}
    relations = []
    for line in text.splitlines():
        if re.match(r"T\d+\t", line):
            ident, rest = line.split("\t", 1)
            label_and_spans = rest.split("\t", 1)[0]
            _label, _, where = label_and_spans.partition(" ")
            try:
                spans[ident] = _spans(where)
            except ValueError:
                continue
        elif re.match(r"E\d+\t", line):
            roles = dict(part.split(":", 1) for part in line.split("\t", 1)[1].split() if ":" in part)
            relations.append(roles)
    found = []
    for roles in relations:
        content = spans.get(roles.get("Content", ""))
        if not content:
            continue
        found.append(Attribution(content, spans.get(roles.get("Source", ""), [])))
    return found


def load(folder: Path, limit: int | None = None, every: int = 1) -> list[Article]:
    """One annotation per text (the first by name where several annotators did one text)."""
    articles = []
    seen = set()
    for ann in sorted((folder / "attributions").glob("*.ann")):
        name = re.sub(r"_[0-9a-f]+$", "", ann.stem)
        text_path = folder / "text" / f"{name}.txt"
        if name in seen or not text_path.exists():
            continue
        seen.add(name)
        if (len(seen) - 1) % every:
            continue
        text = text_path.read_text(encoding="utf-8")
        articles.append(Article(name, text, parse_ann(ann.read_text(encoding="utf-8"))))
        if limit and len(articles) >= limit:
            break
    return articles


def direct_interior(text: str, content: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The words inside the marks when the content is wholly one quotation, else None."""
    if len(content) != 1:
        return None
    start, end = content[0]
    piece = text[start:end]
    stripped = piece.strip()
    lead = len(piece) - len(piece.lstrip())
    body = stripped.rstrip(".,;:!? ")
    if len(body) < 3 or body[0] not in OPENING or body[-1] not in CLOSING:
        return None
    wide = 2 if body.startswith(("''", "``")) and body.endswith("''") else 1  # ''NYT archive style''
    lead += wide - 1
    body = body[wide - 1 : len(body) - wide + 1]
    inner = body[1:-1]
    if any(mark in inner for mark in ("”", '"')) and body[0] in '“"':
        return None  # two quotations with words between them
    if wide == 1 and body[0] in "‘'" and ("’ " in inner or ("' " in inner and body[0] == "'")):
        return None
    if wide == 2 and "''" in inner:
        return None
    first = start + lead + 1
    return first, first + len(inner)


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


_RELATIVE = {"who", "which", "that", "whom"}
# A "source" that is the cue itself (`said`, `according to`, `said in an interview`) is an
# annotation slip no speaker can match: such quotes count as having no annotated source.
_CUE_WORDS = {"said", "says", "asked", "asks", "told", "tells", "wrote", "according"}


def _cue_as_source(text: str, sources: list[tuple[int, int]]) -> bool:
    words = " ".join(text[s:e] for s, e in sources).split()
    return bool(words) and words[0].casefold() in _CUE_WORDS


def speaker_matches(text: str, quote: dict, sources: list[tuple[int, int]]) -> bool:
    spans = [tuple(s) for s in (quote.get("speaker_span"), quote.get("speaker_ent") and quote["speaker_ent"][:2]) if s]
    if any(overlap(s, src) > 0 for s in spans for src in sources):
        return True
    # PolNeAR marks a relative pronoun as the source (`Mike Lee, who declared “...”`): the phrase
    # that ends right before it is the one it stands for.
    if len(sources) == 1 and text[sources[0][0] : sources[0][1]].strip().casefold() in _RELATIVE:
        start = sources[0][0]
        if any(start - 4 <= s[1] <= start and not text[s[1] : start].strip(" ,") for s in spans):
            return True
    gold_words = {w.strip(".’'") for src in sources for w in _NAME_WORD.findall(text[src[0] : src[1]])} - _SMALL
    said = {w.strip(".’'") for s in spans for w in _NAME_WORD.findall(text[s[0] : s[1]])} - _SMALL
    return bool(gold_words & said)


def analyse(texts: list[str], timing: dict[str, float] | None = None) -> list[list[dict]]:
    """Quote records of every text; `timing` gets the seconds of the rest of the pipeline and of
    the quote engine run after it on the same docs (its share of pipeline time, on real news)."""
    from reader.nlp.model import load_nlp
    from reader.nlp.quotes import quote_records

    nlp = load_nlp()
    with nlp.select_pipes(disable=["reader_quotes"]):
        started = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=8))
        rest = time.perf_counter() - started
    engine = nlp.get_pipe("reader_quotes")
    started = time.perf_counter()
    docs = [engine(doc) for doc in docs]
    if timing is not None:
        timing.update(rest=rest, engine=time.perf_counter() - started)
    return [quote_records(doc) for doc in docs]


def score(articles: list[Article], predicted: list[list[dict]]) -> dict:
    rules = defaultdict(Counter)
    totals = Counter()
    errors = defaultdict(list)
    for article, quotes in zip(articles, predicted):
        text = article.text
        statements = [q for q in quotes if q["kind"] == "statement"]
        contents = [span for a in article.attributions for span in a.content]
        for q in statements:
            rule = q.get("rule") or "unattributed"
            length = max(1, q["end"] - q["start"])
            inside = sum(overlap((q["start"], q["end"]), c) for c in contents) >= 0.5 * length
            totals["predicted"] += 1
            rules[rule]["predicted"] += 1
            if not inside:
                totals["false"] += 1
                rules[rule]["false"] += 1
                errors["false"].append((article.name, rule, text[q["start"] : q["end"]][:100]))
        for attribution in article.attributions:
            interior = direct_interior(text, attribution.content)
            if interior is None:
                continue
            totals["gold"] += 1
            size = interior[1] - interior[0]
            match = max(statements, key=lambda q: overlap((q["start"], q["end"]), interior), default=None)
            if match is None or overlap((match["start"], match["end"]), interior) < 0.5 * size:
                totals["missed"] += 1
                as_term = any(
                    q["kind"] == "term" and overlap((q["start"], q["end"]), interior) >= 0.5 * size for q in quotes
                )
                totals["as_term"] += as_term
                errors["missed"].append(
                    (article.name, "term" if as_term else "", text[interior[0] : interior[1]][:100])
                )
                continue
            rule = match.get("rule") or "unattributed"
            totals["found"] += 1
            rules[rule]["found"] += 1
            if not attribution.source or _cue_as_source(text, attribution.source):
                continue
            totals["with_source"] += 1
            rules[rule]["with_source"] += 1
            if speaker_matches(text, match, attribution.source):
                totals["speaker_ok"] += 1
                rules[rule]["speaker_ok"] += 1
            else:
                gold = " / ".join(text[s:e] for s, e in attribution.source)
                got = text[match["speaker_span"][0] : match["speaker_span"][1]] if match.get("speaker_span") else None
                errors["speaker"].append(
                    (article.name, rule, f"gold {gold!r} got {got!r}: {text[interior[0] : interior[1]][:70]!r}")
                )
    return {"totals": totals, "rules": rules, "errors": errors}


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "  -  "


def report(result: dict, articles: int, seconds: float) -> str:
    t = result["totals"]
    lines = [
        f"PolNeAR train split: {articles} articles, {t['gold']} direct quotes, {t['predicted']} statements reported "
        f"({seconds:.1f}s)",
        f"recall            {_ratio(t['found'], t['gold'])}  ({t['found']}/{t['gold']})",
        f"  any kind        {_ratio(t['found'] + t['as_term'], t['gold'])}  ({t['found'] + t['as_term']}/{t['gold']} found as "
        f"a statement or a term: {t['as_term']} missed ones the engine reports as terms)",
        f"speaker accuracy  {_ratio(t['speaker_ok'], t['with_source'])}  ({t['speaker_ok']}/{t['with_source']} found "
        f"quotes with an annotated source)",
        f"precision         {_ratio(t['predicted'] - t['false'], t['predicted'])}  "
        f"({t['predicted'] - t['false']}/{t['predicted']} statements inside annotated content)",
        "",
        f"{'rule':<58} {'found':>5} {'spkr':>6} {'stmts':>5} {'prec':>6}",
    ]
    for rule, c in sorted(result["rules"].items(), key=lambda kv: -(kv[1]["found"] + kv[1]["predicted"])):
        lines.append(
            f"{rule[:58]:<58} {c['found']:>5} {_ratio(c['speaker_ok'], c['with_source']):>6} "
            f"{c['predicted']:>5} {_ratio(c['predicted'] - c['false'], c['predicted']):>6}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="?", help="PolNeAR's folder (holding data/train) or its train folder")
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--every", type=int, default=1, help="only every Nth article (a quicker sample)")
    parser.add_argument("--verbose", action="store_true", help="print every miss, wrong speaker and false find")
    parser.add_argument("--rule", help="with --verbose: only errors of rules starting with this")
    args = parser.parse_args(argv)
    if not args.path:
        print(
            "polnear_eval: no PolNeAR path given; skipping (fetch github:networkdynamics/PolNeAR, "
            "git archive its data/train outside the repository, pass that folder)"
        )
        return 0
    articles = load(train_folder(Path(args.path)), args.limit, args.every)
    started = time.perf_counter()
    timing: dict[str, float] = {}
    predicted = analyse([a.text for a in articles], timing)
    seconds = time.perf_counter() - started
    result = score(articles, predicted)
    print(report(result, len(articles), seconds))
    share = timing["engine"] / (timing["engine"] + timing["rest"])
    print(
        f"\nquote engine {timing['engine']:.2f} s of {timing['engine'] + timing['rest']:.1f} s pipeline time "
        f"({share:.1%}; target under 5%)"
    )
    if args.verbose:
        for kind in ("missed", "speaker", "false"):
            chosen = [e for e in result["errors"][kind] if not args.rule or e[1].startswith(args.rule)]
            print(f"\n{kind} ({len(chosen)}):")
            for name, rule, what in chosen:
                print(f"  [{rule}] {name[:40]}: {' '.join(what.split())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
