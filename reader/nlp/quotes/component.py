"""The driver (`find_quotes`) and the `reader_quotes` spaCy component."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from reader.nlp.quotes import lexicon as lx
from reader.nlp.quotes.blocks import _block_quotes
from reader.nlp.quotes.coref import Coref
from reader.nlp.quotes.cues import NO_CUE, _find_cue
from reader.nlp.quotes.fallbacks import _fallback_speaker, _said_before
from reader.nlp.quotes.groups import _gap_is_attribution, _share_within_groups
from reader.nlp.quotes.index import DocIndex
from reader.nlp.quotes.kinds import _cried_out, _is_work_title, _kind, _named_label, _uttered
from reader.nlp.quotes.marks import SPANS_KEY, Quote, scan_quotes
from reader.nlp.quotes.speakers import Speaker, _resolve


def _register_extensions() -> None:
    for name, default in (
        ("reader_kind", "statement"),
        ("reader_speaker_span", None),
        ("reader_speaker_ent", None),
        ("reader_cue", None),
        ("reader_group", -1),
        ("reader_offsets", None),
        ("reader_rule", None),
        ("reader_speaker_description", None),
    ):
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


def find_quotes(doc: Doc) -> list[Quote]:
    """All quotes of a document, classified and attributed, in text order."""
    text = doc.text
    quotes = scan_quotes(text)
    quotes = sorted(quotes + _block_quotes(doc, quotes, text), key=lambda q: q.start)
    ctx = DocIndex(doc, quotes, text)
    ref = Coref(ctx)
    groups = _Groups()
    done: list[Quote] = []
    for index, quote in enumerate(quotes):
        span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        speaker = _attribute(doc, ctx, ref, quote, span, index)
        quote.group = groups.of(text, quote, done)
        if quote.cue is None and quote.speaker_ent is None and not quote.block:
            speaker = _without_cue(doc, ctx, ref, quote, span, done) or speaker
        elif quote.speaker_ent is None and not quote.block:
            earlier = _said_before(text, quote, done)
            if earlier is not None:
                quote.speaker_span, quote.speaker_ent = earlier.speaker_span, earlier.speaker_ent
                quote.rule = "same words earlier"
        _learn(ref, quote, speaker)
        done.append(quote)
    _share_within_groups(done)
    for quote in done:
        quote.rule = quote.rule or "unattributed"
        quote.speaker_description = _description(text, quote)
    return done


_LEADING = frozenset("a an the one another some several two three four".split())


def _description(text: str, quote: Quote) -> str | None:
    """An unnamed source keeps its description: `A senior European diplomat said` gives
    "a senior European diplomat"; pronouns and named speakers have none."""
    rule = quote.rule or ""
    if quote.speaker_span is None or not rule.endswith(("description", "unnamed member", "spokesperson for")):
        return None
    if quote.speaker_ent is not None and not rule.endswith("spokesperson for"):
        return None
    words = " ".join(text[quote.speaker_span[0] : quote.speaker_span[1]].split())
    if words.casefold() in _LEADING:
        return None  # "one said": a pronoun, no description
    first, _, rest = words.partition(" ")
    if first.casefold() in _LEADING:
        words = f"{first.casefold()} {rest}".strip()
    return words or None


def _attribute(doc: Doc, ctx: DocIndex, ref: Coref, quote: Quote, span, index: int) -> Speaker | None:
    """The cue and the speaker it names; the quote's kind, which the cue helps decide."""
    by_parse = False
    speaker = None
    if not quote.block:
        cue = _find_cue(doc, ctx, span, index)
        by_parse = cue.by_parse
        if cue.token is not None:
            quote.cue = cue.token.text
            quote.cue_span = (cue.token.idx, cue.token.idx + len(cue.token.text))
            # A quote the tagger took for a title is said all the same when a verb of uttering
            # takes it (`chanting “Dump Trump”`) or it is an exclamation with its cue next to it.
            if _is_work_title(span) and not (_uttered(span) or _cried_out(ctx.text, quote, span)):
                quote.cue = quote.cue_span = None  # a title's name, not a statement of its own
                cue = NO_CUE
        if cue.token is not None:
            speaker = _resolve(ctx, ref, cue.subject)
            quote.speaker_span, quote.speaker_ent = speaker.span, speaker.ent
            quote.rule = f"{cue.strategy}: {speaker.rule or 'no subject'}"
    quote.kind = _kind(span, quote, ctx.text, by_parse)
    return speaker


def _without_cue(doc: Doc, ctx: DocIndex, ref: Coref, quote: Quote, span, done: list[Quote]) -> Speaker | None:
    """No cue: the speaker of an earlier part of the same statement, else a fallback rule."""
    same = [q for q in done[-4:] if q.group == quote.group and q.speaker_ent is not None]
    if same:
        quote.speaker_span, quote.speaker_ent, quote.cue = same[0].speaker_span, same[0].speaker_ent, same[0].cue
        quote.rule = f"same statement: {same[0].rule}"
        return None
    speaker = _fallback_speaker(doc, ctx, ref, quote, done)
    quote.speaker_span, quote.speaker_ent = speaker.span, speaker.ent
    quote.rule = speaker.rule
    if quote.kind == "term" and (_named_label(ctx.text, quote, span) or _owned_words(quote)):
        quote.kind = "statement"
    return speaker


def _owned_words(quote: Quote) -> bool:
    """`Mitt Romney's “47 percent” comment`: words a saying noun gives to its owner are theirs,
    however short, unless they are a title or a name."""
    return not quote.named and quote.speaker_ent is not None and (quote.rule or "").startswith("words of:")


def _learn(ref: Coref, quote: Quote, speaker: Speaker | None) -> None:
    """What a resolved quote teaches the discourse: the gender a pronoun gave, the speaker named."""
    if speaker is not None and speaker.gender and speaker.ent is not None:
        ref.learn_gender(speaker.ent[0], speaker.ent[1], speaker.gender)
    if quote.speaker_ent is not None and quote.speaker_ent[2] == "PERSON":
        position = quote.speaker_span[0] if quote.speaker_span else quote.start
        ref.remember_speaker(position, quote.speaker_ent[0], quote.speaker_ent[1])


class _Groups:
    """Group numbers: parts of one chain or split by an attribution share one."""

    def __init__(self) -> None:
        self.next = 0
        self.chains: dict[int, int] = {}

    def of(self, text: str, quote: Quote, done: list[Quote]) -> int:
        if quote.chain >= 0 and quote.chain in self.chains:
            group = self.chains[quote.chain]
        elif done and _gap_is_attribution(text, done[-1], quote):
            group = done[-1].group
        else:
            group = self.next
            self.next += 1
        if quote.chain >= 0:
            self.chains.setdefault(quote.chain, group)
        return group


class QuoteFinder:
    """Pipeline component: finds quotes, sorts statements from terms and names their speakers."""

    def __init__(self, lexicon: str = "") -> None:
        _register_extensions()
        self.lexicon = lx.Lexicon.load(lexicon)
        lx.use(self.lexicon)

    def __call__(self, doc: Doc) -> Doc:
        if lx.ACTIVE is not self.lexicon:
            lx.use(self.lexicon)
        spans = []
        for quote in find_quotes(doc):
            span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
            if span is None:
                continue
            span._.reader_kind = quote.kind
            span._.reader_offsets = [quote.start, quote.end]
            span._.reader_speaker_span = list(quote.speaker_span) if quote.speaker_span else None
            span._.reader_speaker_ent = list(quote.speaker_ent) if quote.speaker_ent else None
            span._.reader_cue = quote.cue
            span._.reader_group = quote.group
            span._.reader_rule = quote.rule
            span._.reader_speaker_description = quote.speaker_description
            spans.append(span)
        doc.spans[SPANS_KEY] = spans
        return doc


@Language.factory(
    "reader_quotes",
    # `lexicon`: a folder of word lists (see reader/nlp/lexicon/); empty for the shipped one.
    default_config={"lexicon": ""},
    assigns=[
        "doc.spans",
        "span._.reader_kind",
        "span._.reader_speaker_span",
        "span._.reader_speaker_ent",
        "span._.reader_cue",
        "span._.reader_group",
        "span._.reader_offsets",
        "span._.reader_rule",
        "span._.reader_speaker_description",
    ],
    requires=["doc.sents", "doc.ents", "token.dep", "token.pos", "token.lemma", "token.ent_type"],
)
def make_quote_finder(nlp: Language, name: str, lexicon: str) -> QuoteFinder:
    return QuoteFinder(lexicon)
