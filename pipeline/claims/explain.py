"""Why a sentence gives the events it gives: a readable trace for rule writers.

Input: a sentence (or short paragraph) and, optionally, the article text it belongs to.
Output: lines of text that show the parse (token, tag, dependency, head), the mentions the
matchers found (weapons, nouns, troops, countries), each weapon or troop mention's frame (its
predicate and the rule that found it, its role, sides and stage), and the events and
attributions (speaker, intermediaries, canonical source) that come out of the whole article for
that sentence, with speech read in every paragraph. The data-file editor runs it as `salvo explain`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Span

from pipeline.claims.events import count_unit, extract_claims
from pipeline.claims.nlp.frames import FrameReader
from pipeline.claims.nlp.lexicon import load_lexicon
from pipeline.claims.nlp.mentions import MENTIONS_KEY
from pipeline.claims.nlp.patterns import NOUN, TROOP, WEAPON
from pipeline.claims.nlp.places import Places
from pipeline.claims.nlp.stage import stage_of
from pipeline.claims.quantities import quantity_before
from pipeline.records import ArticleContent, Attribution, Event


def explain(nlp: Language, sentence: str, context: str = "",
            published: dt.date | None = None) -> Iterator[str]:
    """Trace lines for `sentence`, read as the last paragraph of `context`."""
    lexicon = load_lexicon()
    doc = nlp(sentence)
    places = Places(doc, lexicon)
    for sent in doc.sents:
        yield f"sentence: {sent.text}"
        yield from _tokens(sent)
        yield from _mentions(sent)
        for mention in places.mentions_in(sent, (WEAPON, NOUN, TROOP)):
            reader = FrameReader(lexicon, places, deployment=mention.label_ == TROOP)
            yield from _frame(reader, mention)
    text = f"{context.rstrip()}\n{sentence}" if context.strip() else sentence
    offset = len(text) - len(sentence)
    content = ArticleContent(text=text, kind="text", encoding="utf-8", published=published)
    claims = extract_claims(nlp, content, attributions="all")
    events = [e for e in claims.events if e.start >= offset]
    yield f"events ({len(events)}):"
    yield from (f"  {_event(e)}" for e in events)
    said = [a for a in claims.attributions if a.start >= offset]
    yield f"attributions ({len(said)}):"
    yield from (f"  {_attribution(a)}" for a in said)


def _tokens(sent: Span) -> Iterator[str]:
    yield "  tokens:"
    for t in sent:
        yield f"    {t.i:>3} {t.text:<16} {t.tag_:<5} {t.dep_:<10} -> {t.head.i} {t.head.text}"


def _mentions(sent: Span) -> Iterator[str]:
    found = [m for m in sent.doc.spans.get(MENTIONS_KEY, []) if sent.start <= m.start < sent.end]
    yield "  mentions:" if found else "  mentions: none"
    for m in sorted(found, key=lambda s: s.start):
        yield f"    {m.label_:<8} {m.id_:<28} {m.text!r}"


def _frame(reader: FrameReader, mention: Span) -> Iterator[str]:
    quantity = quantity_before(mention.doc, mention.start, count_unit(mention), mention.sent.start)
    count = f" count={quantity.value}" if quantity else ""
    frame = reader.read(mention.root, list(mention))
    if frame is None:
        yield f"  {mention.text!r}{count}: no frame ({reader.trace or 'no transfer predicate'})"
        return
    stage = stage_of(frame.predicate, reader.lexicon)
    yield (f"  {mention.text!r}{count}: predicate {frame.predicate.text!r} "
           f"({reader.trace}), role {frame.role}, supplier {frame.supplier}, "
           f"recipient {frame.recipient}, stage {stage}")


def _attribution(a: Attribution) -> str:
    identity = a.identity
    who = f"{identity.id} ({identity.kind or 'kind unknown'}, {identity.country or '-'})" \
        if identity else "-"
    via = f" via {', '.join(a.via)}" if a.via else ""
    return f"{a.speaker!r}{via} | {a.cue} | {'direct' if a.direct else 'reported'} | {who}"


def _event(e: Event) -> str:
    weapon = f"{e.weapon.category}/{e.weapon.name}" if e.weapon else "-"
    quantity = e.quantity.text if e.quantity else "-"
    source = e.source.name if e.source else "-"
    return (f"{e.type} {e.supplier} -> {e.recipient} | {weapon} | qty {quantity} | "
            f"stage {e.stage} | {e.certainty} | source {source}"
            f"{' | side inferred' if e.inferred else ''}")
