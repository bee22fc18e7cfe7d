"""Quote engine figures on the gold sets: statement precision/recall, speaker accuracy, terms, actors.

Run from the checkout: `python benchmarks/quote_eval.py [--verbose] [--json] [--set NAME ...]`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.nlp.evaluate import gold_texts, load_gold, score  # noqa: E402
from reader.paths import seeds_dir  # noqa: E402

GOLD = ROOT / "tests" / "data" / "gold"
SETS = ("seeds", "synthetic", "heldout")


def _normaliser():
    try:
        from reader.text.repair import normalise
    except ImportError:
        print("reader.text.repair is missing: scoring the raw text", file=sys.stderr)
        return lambda text: text
    return normalise


def evaluate(set_names: list[str]) -> tuple[dict, list[tuple[dict, dict, str]]]:
    """Score every chosen set, plus all of them together; also (gold, record, text) for each text."""
    from reader.nlp.analyze import analyze_texts

    normalise = _normaliser()
    loaded = {}
    for name in set_names:
        items = load_gold(GOLD / name)
        loaded[name] = (items, gold_texts(items, seeds_dir(), normalise))
    all_texts = [t for _, texts in loaded.values() for t in texts]
    started = time.perf_counter()
    records = list(analyze_texts(all_texts))
    seconds = time.perf_counter() - started
    results, at = {}, 0
    all_items, all_records = [], []
    for name, (items, texts) in loaded.items():
        chunk = records[at : at + len(items)]
        at += len(items)
        results[name] = score(items, chunk, texts)
        all_items += items
        all_records += chunk
    if len(set_names) > 1:
        results["all"] = score(all_items, all_records, all_texts)
    results["_seconds"] = seconds
    return results, list(zip(all_items, all_records, all_texts))


def by_form(triples: list[tuple[dict, dict, str]]) -> dict:
    """Scores over the texts written for each quote form (the `forms` tags of the written sets)."""
    forms = sorted({form for gold, _, _ in triples for form in gold.get("forms", [])})
    scored = {}
    for form in forms:
        chosen = [t for t in triples if form in t[0].get("forms", [])]
        scored[form] = score(*map(list, zip(*chosen)))
    return scored


def _table(results: dict, first: str = "set") -> str:
    width = max([10, *(len(name) for name in results)])
    head = (
        f"{first:<{width}} {'stmts':>5} {'P':>6} {'R':>6} {'F1':>6} {'spkr':>6} "
        f"{'terms':>5} {'tP':>6} {'tR':>6} {'groups':>7} {'actorR':>7} {'spanF1':>6} {'loose':>5} {'offErr':>6}"
    )
    lines = [head, "-" * len(head)]
    for name, r in results.items():
        if name.startswith("_"):
            continue
        s, t, g, a = r["statements"], r["terms"], r["groups"], r["actors"]
        lines.append(
            f"{name:<{width}} {s['gold']:>5} {s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f} "
            f"{s['speaker_accuracy']:>6.3f} {t['gold']:>5} {t['precision']:>6.3f} {t['recall']:>6.3f} "
            f"{g['correct']:>3}/{g['gold']:<3} {a['recall']:>7.3f} {r['spans']['mean_f1']:>6.3f} {r['spans']['loose']:>5} "
            f"{r['offset_errors']:>6}"
        )
    return "\n".join(lines)


def _short(text, width: int = 90) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _details(results: dict) -> str:
    lines = []
    for name, r in results.items():
        if name.startswith("_") or name == "all":
            continue
        for item in r["items"]:
            errors = item["errors"]
            if not any(errors[k] for k in errors if k != "missed_actor"):
                continue
            lines.append(f"\n[{name}] {item['id']}")
            for e in errors["missed"]:
                lines.append(f"  MISS   {e['kind']:<9} {_short(e['text'])!r} ({e['speaker']})")
            for e in errors["false_positive"]:
                lines.append(f"  FALSE  {e['kind']:<9} {_short(e['text'])!r} ({e['speaker']})")
            for e in errors["wrong_kind"]:
                lines.append(
                    f"  KIND   gold {e['gold']['kind']}, got {e['predicted']['kind']}: {_short(e['gold']['text'])!r}"
                )
            for e in errors["wrong_speaker"]:
                also = f" (also ok: {e['accepted']})" if e["accepted"] else ""
                lines.append(f"  SPEAKER gold {e['gold']!r}{also}, got {e['predicted']!r}: {_short(e['text'], 70)!r}")
            for e in errors["group"]:
                lines.append(f"  GROUP  {e}")
            for e in errors["loose"]:
                lines.append(
                    f"  LOOSE  f1 {e['f1']}: gold {_short(e['gold'], 60)!r} got {_short(e['predicted'], 60)!r}"
                )
            for e in errors["offset"]:
                lines.append(f"  OFFSET {e}")
    missed_actors = [
        (name, item["id"], e)
        for name, r in results.items()
        if not name.startswith("_") and name != "all"
        for item in r["items"]
        for e in item["errors"]["missed_actor"]
    ]
    if missed_actors:
        lines.append("\nMissed actors:")
        for name, item_id, e in missed_actors:
            lines.append(f"  [{name}] {item_id}: {e['name']} ({e['label']})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--verbose", action="store_true", help="print every miss, false positive and wrong speaker")
    parser.add_argument("--json", action="store_true", help="print the full results as JSON")
    parser.add_argument("--set", action="append", choices=SETS, help="score only these sets (repeatable)")
    parser.add_argument("--by-form", action="store_true", help="also score the written texts per quote form")
    args = parser.parse_args(argv)
    results, triples = evaluate(args.set or list(SETS))
    forms = by_form(triples) if args.by_form else {}
    if args.json:
        print(json.dumps({**results, **({"_by_form": forms} if forms else {})}, ensure_ascii=False, indent=1))
        return 0
    print(_table(results))
    if forms:
        print("\nBy quote form (written texts: synthetic and held-out):")
        print(_table(forms, first="form"))
    print(
        f"\nanalysis of {sum(len(r['items']) for n, r in results.items() if n not in ('all', '_seconds'))} "
        f"texts: {results['_seconds']:.2f}s"
    )
    if args.verbose:
        print(_details(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
