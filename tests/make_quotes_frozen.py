"""Write tests/data/quotes_frozen.json: the quote engine's records, today, for every text it is
tested on (the seeds, every gold text, every string in tests/test_quotes.py that holds a mark).

Run from the checkout: `PYTHONPATH=. python tests/make_quotes_frozen.py`. The fixture holds each
input text as given to the pipeline, so changes to normalisation elsewhere do not move it; only
a change of the quote engine (or of the parse it reads) does. Regenerate it only for a change
of the engine's output that you mean, and read the diff.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FIXTURE = HERE / "data" / "quotes_frozen.json"
MARKS = "\"'“”„«»‹›‘’「」『』`"


def test_strings() -> list[str]:
    """Every string constant of tests/test_quotes.py that could hold a quote (implicitly joined
    literals come out of the parser as one string)."""
    tree = ast.parse((HERE / "test_quotes.py").read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            value = node.value
            if any(ch in value for ch in MARKS) or len(value.split()) >= 6:
                found.append(value)
    return list(dict.fromkeys(found))


def inputs() -> list[tuple[str, str]]:
    """(name, text) for every text, in a fixed order."""
    sys.path.insert(0, str(ROOT))
    from reader.nlp.evaluate import gold_texts, load_gold
    from reader.paths import seeds_dir
    from reader.text.repair import normalise

    named = []
    for seed in sorted(seeds_dir().glob("*.txt")):
        named.append((f"seed/{seed.name}", normalise(seed.read_text(encoding="utf-8"))))
    for name in ("seeds", "synthetic", "heldout"):
        items = load_gold(HERE / "data" / "gold" / name)
        for item, text in zip(items, gold_texts(items, seeds_dir(), normalise)):
            named.append((f"gold/{name}/{item['id']}", text))
    for i, text in enumerate(test_strings()):
        named.append((f"test_quotes/{i:03d}", text))
    return named


def records(nlp, texts: list[str]) -> list[list[dict]]:
    from reader.nlp.quotes import quote_records

    return [quote_records(doc) for doc in nlp.pipe(texts)]


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from reader.nlp.model import load_nlp

    named = inputs()
    out = records(load_nlp(), [text for _, text in named])
    data = [{"name": name, "text": text, "quotes": quotes} for (name, text), quotes in zip(named, out)]
    FIXTURE.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{FIXTURE.relative_to(ROOT)}: {len(data)} texts, {sum(len(d['quotes']) for d in data)} quotes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
