"""Scoring analysis records against gold annotations: quotes, their kinds, speakers, groups and actors.

Pure Python (no spaCy): gold items and records are plain dicts, so the scorer is cheap to test.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

# Gold items, their quotes and actors as JSON objects: gold quotes carry keys no record has
# ("optional", "either_kind"). A predicted record is an Analysis or the same read from a file.
Json = dict[str, Any]
Record = Mapping[str, Any]
# The errors of one text by kind (ERROR_KINDS), each a JSON object describing it.
Errors = dict[str, list[Any]]

STATEMENT = "statement"
TERM = "term"
F1_THRESHOLD = 0.6
CONTAINMENT_THRESHOLD = 0.8

# Curly and straight marks are different renderings of the same quote; so are ellipses.
_MARKS = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2026": "...",
    }
)
_TOKEN = re.compile(r"\w+(?:'\w+)*")
_SPACES = re.compile(r"\s+")


def normalise_marks(text: str) -> str:
    """Plain apostrophes, double quotes and dots in place of their typographic forms."""
    return text.translate(_MARKS)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens, punctuation and quote marks dropped, apostrophes kept inside words."""
    return _TOKEN.findall(normalise_marks(text).casefold())


def normalise_name(name: str) -> str:
    """A speaker or actor name reduced for comparison: marks, case, spacing, 'the', possessive."""
    name = _SPACES.sub(" ", normalise_marks(name).casefold()).strip(" .,;:\"'")
    if name.startswith("the "):
        name = name[4:]
    if name.endswith("'s"):
        name = name[:-2]
    return name.rstrip("'")


def overlap(gold: list[str], predicted: list[str]) -> tuple[float, float]:
    """(token F1, share of the shorter sequence's tokens found in the longer one)."""
    if not gold or not predicted:
        return 0.0, 0.0
    common = sum((Counter(gold) & Counter(predicted)).values())
    if not common:
        return 0.0, 0.0
    precision, recall = common / len(predicted), common / len(gold)
    f1 = 2 * precision * recall / (precision + recall)
    return f1, common / min(len(gold), len(predicted))


def is_match(gold: list[str], predicted: list[str]) -> bool:
    f1, contained = overlap(gold, predicted)
    return f1 >= F1_THRESHOLD or contained >= CONTAINMENT_THRESHOLD


def _contained(part: list[str], whole: list[str]) -> bool:
    """Whether `part` lies (mostly) inside `whole`, measured on `part`'s tokens."""
    if not part:
        return False
    return sum((Counter(part) & Counter(whole)).values()) >= CONTAINMENT_THRESHOLD * len(part)


def match_quotes(gold_quotes: list[Json], predicted_quotes: list[Json]) -> dict[int, int]:
    """One-to-one matching, best pair first: {gold index: predicted index}."""
    gold_tokens = [tokens(q["text"]) for q in gold_quotes]
    pred_tokens = [tokens(q.get("text") or "") for q in predicted_quotes]
    candidates = []
    for gi, gt in enumerate(gold_tokens):
        for pi, pt in enumerate(pred_tokens):
            if is_match(gt, pt):
                f1, contained = overlap(gt, pt)
                candidates.append((-f1, -contained, gi, pi))
    candidates.sort()
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _, _, gi, pi in candidates:
        if gi not in pairs and pi not in used:
            pairs[gi] = pi
            used.add(pi)
    return pairs


def speaker_correct(predicted: str | None, gold_quote: Json, actors: list[Json]) -> bool:
    """Whether a predicted speaker names the gold speaker (or an accepted alternative).

    A predicted name counts when it equals the gold canonical name or any surface form of that
    gold actor ("Austin" for "Lloyd Austin"), or, for a person, the last words of one of them
    ("Budanov" for "Kyrylo Budanov"); null matches only an accepted null.
    """
    accepted = [gold_quote.get("speaker"), *gold_quote.get("alt_speakers", [])]
    if predicted is None or not str(predicted).strip():
        return None in accepted
    wanted = normalise_name(predicted)
    for name in accepted:
        if name is None:
            continue
        forms = {normalise_name(name)}
        person = False
        for actor in actors:
            actor_forms = {normalise_name(f) for f in [actor["name"], *actor.get("forms", [])]}
            if normalise_name(name) in actor_forms:
                forms |= actor_forms
                person = person or actor.get("label") == "PERSON"
        if wanted in forms:
            return True
        if person and any(form.endswith(" " + wanted) for form in forms):
            return True
    return False


def actor_found(gold_actor: Json, predicted_actors: list[Json], *, check_label: bool = True) -> bool:
    """Whether some predicted actor (its name or a mention) is one of the gold actor's forms."""
    forms = {normalise_name(f) for f in [gold_actor["name"], *gold_actor.get("forms", [])]}
    for actor in predicted_actors:
        if check_label and actor.get("label") != gold_actor["label"]:
            continue
        names = [actor.get("name") or "", *(m.get("text") or "" for m in actor.get("mentions", []))]
        if any(normalise_name(n) in forms for n in names):
            return True
    return False


def _rate(hits: int, total: int) -> float:
    """A ratio where nothing to get counts as all of it."""
    return hits / total if total else 1.0


def _describe(quote: Json) -> Json:
    return {"text": quote.get("text"), "kind": quote.get("kind"), "speaker": quote.get("speaker")}


ERROR_KINDS = ("missed", "false_positive", "wrong_speaker", "wrong_kind", "group", "missed_actor", "offset", "loose")


def score_item(gold: Json, record: Record, text: str | None = None) -> Json:
    """Counts and the list of errors for one text (see `score` for the rules)."""
    gold_quotes = gold.get("quotes", [])
    pred_quotes = record.get("quotes", [])
    actors = gold.get("actors", [])
    pairs = match_quotes(gold_quotes, pred_quotes)
    pred_kind = [q.get("kind") or STATEMENT for q in pred_quotes]
    gold_tokens = [tokens(q["text"]) for q in gold_quotes]
    pred_tokens = [tokens(q.get("text") or "") for q in pred_quotes]

    # The kind a gold quote is scored under: either kind is right when it says so.
    kinds = []
    for gi, q in enumerate(gold_quotes):
        kind = q["kind"]
        if q.get("either_kind") and gi in pairs:
            kind = pred_kind[pairs[gi]]
        kinds.append(kind)

    matched_pred = {pi: gi for gi, pi in pairs.items()}
    # A predicted part of a gold statement whose other part it was grouped with is no error,
    # and a gold part that a single predicted span already covers is found.
    continuation, covered = _parts_of_groups(gold_quotes, pred_quotes, pairs, gold_tokens, pred_tokens)
    found = {**pairs, **covered}

    counts: Counter[str] = Counter()
    errors: Errors = {kind: [] for kind in ERROR_KINDS}
    for kind in (STATEMENT, TERM):
        for gi, q in enumerate(gold_quotes):
            if q.get("optional") or kinds[gi] != kind:
                continue
            counts[f"{kind}_gold"] += 1
            if gi in found and pred_kind[found[gi]] == kind:
                counts[f"{kind}_found"] += 1
            elif gi in found:
                errors["wrong_kind"].append({"gold": _describe(q), "predicted": _describe(pred_quotes[found[gi]])})
            else:
                errors["missed"].append(_describe(q))
        for pi, q in enumerate(pred_quotes):
            if pred_kind[pi] != kind or pi in continuation:
                continue
            matched = matched_pred.get(pi)
            if matched is not None and gold_quotes[matched].get("optional"):
                continue
            counts[f"{kind}_predicted"] += 1
            if matched is not None and kinds[matched] == kind:
                counts[f"{kind}_correct"] += 1
            elif matched is None:
                errors["false_positive"].append(_describe(q))

    _score_spans(gold_quotes, pred_quotes, pairs, gold_tokens, pred_tokens, counts, errors)
    counts["loose_matches"] = len(errors["loose"])

    _score_speakers(gold_quotes, pred_quotes, found, kinds, pred_kind, actors, counts, errors)
    _score_groups(gold_quotes, pred_quotes, found, counts, errors)

    _score_actors(actors, record, counts, errors)
    if text is not None:
        _score_offsets(text, pred_quotes, counts, errors)
    return {"id": gold.get("id"), "counts": dict(counts), "errors": errors}


def _parts_of_groups(
    gold_quotes: list[Json],
    pred_quotes: list[Json],
    pairs: dict[int, int],
    gold_tokens: list[list[str]],
    pred_tokens: list[list[str]],
) -> tuple[set[int], dict[int, int]]:
    """Predicted parts of a matched group inside a gold statement (no error), and gold parts a
    single predicted span already covers (found): (continuation, covered)."""
    matched_pred = {pi: gi for gi, pi in pairs.items()}
    continuation: set[int] = set()
    for pi, q in enumerate(pred_quotes):
        if pi in matched_pred or q.get("group") is None:
            continue
        for gi, mpi in pairs.items():
            if pred_quotes[mpi].get("group") == q.get("group") and _contained(pred_tokens[pi], gold_tokens[gi]):
                continuation.add(pi)
                break
    covered: dict[int, int] = {}
    for gi, q in enumerate(gold_quotes):
        if gi in pairs or q.get("group") is None:
            continue
        for ogi, pi in pairs.items():
            if (
                ogi != gi
                and gold_quotes[ogi].get("group") == q.get("group")
                and _contained(gold_tokens[gi], pred_tokens[pi])
            ):
                covered[gi] = pi
                break
    return continuation, covered


def _score_spans(
    gold_quotes: list[Json],
    pred_quotes: list[Json],
    pairs: dict[int, int],
    gold_tokens: list[list[str]],
    pred_tokens: list[list[str]],
    counts: Counter[str],
    errors: Errors,
) -> None:
    # Containment alone can match a span that runs far past the quote: count those apart.
    for gi, pi in pairs.items():
        if gold_quotes[gi].get("optional"):
            continue
        f1, _ = overlap(gold_tokens[gi], pred_tokens[pi])
        counts["matched"] += 1
        counts["span_f1_sum_x1000"] += round(f1 * 1000)
        if f1 < F1_THRESHOLD:
            errors["loose"].append(
                {"gold": gold_quotes[gi]["text"], "predicted": pred_quotes[pi].get("text"), "f1": round(f1, 3)}
            )


def _score_speakers(
    gold_quotes: list[Json],
    pred_quotes: list[Json],
    found: dict[int, int],
    kinds: list[str],
    pred_kind: list[str],
    actors: list[Json],
    counts: Counter[str],
    errors: Errors,
) -> None:
    for gi, q in enumerate(gold_quotes):
        if q.get("optional") or kinds[gi] != STATEMENT or gi not in found or pred_kind[found[gi]] != STATEMENT:
            continue
        predicted = pred_quotes[found[gi]].get("speaker")
        counts["speaker_total"] += 1
        if speaker_correct(predicted, q, actors):
            counts["speaker_correct"] += 1
        else:
            errors["wrong_speaker"].append(
                {
                    "text": q["text"],
                    "gold": q.get("speaker"),
                    "accepted": q.get("alt_speakers", []),
                    "predicted": predicted,
                }
            )


def _score_actors(actors: list[Json], record: Record, counts: Counter[str], errors: Errors) -> None:
    for actor in actors:
        counts["actor_gold"] += 1
        if actor_found(actor, record.get("actors", [])):
            counts["actor_found"] += 1
        else:
            errors["missed_actor"].append({"name": actor["name"], "label": actor["label"]})
        if actor_found(actor, record.get("actors", []), check_label=False):
            counts["actor_found_any_label"] += 1


def _score_offsets(text: str, pred_quotes: list[Json], counts: Counter[str], errors: Errors) -> None:
    for q in pred_quotes:
        start, end = q.get("start"), q.get("end")
        if start is None or end is None or text[start:end] != q.get("text"):
            errors["offset"].append({"text": q.get("text"), "start": start, "end": end})
    counts["offset_errors"] = len(errors["offset"])


def _score_groups(
    gold_quotes: list[Json], pred_quotes: list[Json], found: dict[int, int], counts: Counter[str], errors: Errors
) -> None:
    """A gold group is right when all its parts are found in predictions sharing one group id
    that no prediction found for another gold quote shares (a lone covering span is right too)."""
    by_label: dict[str, list[int]] = {}
    for gi, q in enumerate(gold_quotes):
        if q.get("group") is not None and not q.get("optional"):
            by_label.setdefault(q["group"], []).append(gi)
    owner_of_group: dict[object, set[object]] = {}
    for gi, pi in found.items():
        group_id = pred_quotes[pi].get("group")
        if group_id is not None:
            owner_of_group.setdefault(group_id, set()).add(gold_quotes[gi].get("group") or ("solo", gi))
    for label, members in by_label.items():
        if len(members) < 2:
            continue
        counts["group_total"] += 1
        preds = {found[gi] for gi in members if gi in found}
        group_ids = {pred_quotes[pi].get("group") for pi in preds}
        right = (len(preds) == len(members) and len(group_ids) == 1 and None not in group_ids) or (
            len(preds) == 1 and all(gi in found for gi in members)
        )
        if right and len(preds) > 1 and owner_of_group.get(next(iter(group_ids)), set()) != {label}:
            right = False
        if right:
            counts["group_correct"] += 1
        else:
            errors["group"].append(
                {
                    "group": label,
                    "parts": [gold_quotes[gi]["text"] for gi in members],
                    "predicted_groups": [
                        pred_quotes[found[gi]].get("group") if gi in found else None for gi in members
                    ],
                }
            )
    # Different gold statements merged into one predicted group.
    for group_id, owners in owner_of_group.items():
        if len(owners) > 1:
            counts["false_merges"] += 1
            errors["group"].append({"merged_group": group_id, "gold_groups": sorted(map(str, owners))})


def _summary(counts: Counter[str]) -> Json:
    stmt_p = _rate(counts["statement_correct"], counts["statement_predicted"])
    stmt_r = _rate(counts["statement_found"], counts["statement_gold"])
    return {
        "statements": {
            "gold": counts["statement_gold"],
            "predicted": counts["statement_predicted"],
            "found": counts["statement_found"],
            "correct": counts["statement_correct"],
            "precision": stmt_p,
            "recall": stmt_r,
            "f1": 2 * stmt_p * stmt_r / (stmt_p + stmt_r) if stmt_p + stmt_r else 0.0,
            "speaker_correct": counts["speaker_correct"],
            "speaker_total": counts["speaker_total"],
            "speaker_accuracy": _rate(counts["speaker_correct"], counts["speaker_total"]),
        },
        "terms": {
            "gold": counts["term_gold"],
            "predicted": counts["term_predicted"],
            "precision": _rate(counts["term_correct"], counts["term_predicted"]),
            "recall": _rate(counts["term_found"], counts["term_gold"]),
        },
        "groups": {
            "gold": counts["group_total"],
            "correct": counts["group_correct"],
            "accuracy": _rate(counts["group_correct"], counts["group_total"]),
            "false_merges": counts["false_merges"],
        },
        "actors": {
            "gold": counts["actor_gold"],
            "found": counts["actor_found"],
            "recall": _rate(counts["actor_found"], counts["actor_gold"]),
            "recall_any_label": _rate(counts["actor_found_any_label"], counts["actor_gold"]),
        },
        "spans": {
            "matched": counts["matched"],
            "loose": counts["loose_matches"],
            "mean_f1": counts["span_f1_sum_x1000"] / 1000 / counts["matched"] if counts["matched"] else 1.0,
        },
        "offset_errors": counts["offset_errors"],
    }


def score(gold_items: Sequence[Json], predicted_records: Sequence[Record], texts: list[str] | None = None) -> Json:
    """Score records against gold items, pairwise in order.

    Quotes match on normalised token overlap (F1 >= 0.6, or >= 0.8 of the shorter one's tokens
    inside the other), one-to-one, best pair first, whatever their kind. A gold quote marked
    `either_kind` is right under the kind it was predicted as; an `optional` one is never a miss
    and a prediction matching it is never counted. Statement precision counts predicted
    statements matching a gold statement; recall counts gold statements found as statements;
    speaker accuracy is over the statements found. Terms are scored the same way, apart.
    `spans` tells how close matched spans are: their mean token F1, and how many matched by
    containment only (F1 < 0.6: a predicted span running well past the quote, or short of it).
    With `texts`, each predicted quote's offsets are checked against its text.
    """
    if len(gold_items) != len(predicted_records):
        raise ValueError(f"{len(gold_items)} gold items but {len(predicted_records)} records")
    texts_list = list(texts) if texts is not None else [None] * len(gold_items)
    items = [score_item(g, r, t) for g, r, t in zip(gold_items, predicted_records, texts_list)]
    total: Counter[str] = Counter()
    for item in items:
        total.update(item["counts"])
    return {**_summary(total), "items": items}


def load_gold(directory: Path | str) -> list[Json]:
    """Gold items of one set (a folder of JSON files), in file-name order."""
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(Path(directory).glob("*.json"))]


def gold_texts(items: Iterable[Json], seeds_dir: Path, normalise: Callable[[str], str]) -> list[str]:
    """Each item's text as the engine sees it: inline or the named seed file, normalised."""
    texts = []
    for item in items:
        raw = (
            item["text"] if "text" in item else (Path(seeds_dir) / Path(item["seed"]).name).read_text(encoding="utf-8")
        )
        texts.append(normalise(raw))
    return texts
