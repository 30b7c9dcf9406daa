"""Attribution: who says what, in reported speech and direct quotes.

Input: the parsed sentences of one paragraph, their offset in the article text, and the
article's `Speakers` so far. Output: one `Attribution` per statement and, per sentence, the
`Source` its claims rest on. Chains are kept: "the NIS said ..., according to lawmaker Lee"
gives source NIS via Lee; "the lawmakers said, citing the NIS" gives NIS via the lawmakers;
"as cited by", "as reported by" and "X quoted Y as saying" likewise. A direct quote that runs
over several sentences belongs to the speaker named where it opens or closes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from pipeline.claims.nlp.lexicon import Lexicon
from pipeline.claims.nlp.places import Places
from pipeline.claims.nlp.speakers import Speakers
from pipeline.records import Attribution, Source

_QUOTE = re.compile(r"[\u201c\u201e\"]([^\u201c\u201d\"]+)(?:[\u201d\"]|$)")
_MIN_QUOTE_WORDS = 4
_SUBJECTS = ("nsubj",)
_BREAKS = frozenset({",", ";", ":", "\u201c", "\u201d", '"', "\u2014", "\u2013"})
_MAX_SPEAKER_WORDS = 12
_CITING = frozenset({"cite", "quote"})  # "citing X", "quoting X": X is the original source


@dataclass(frozen=True)
class Statement:
    """A sentence's attribution, with the source its claims rest on."""

    source: Source
    attribution: Attribution
    country: str | None = None  # the speaker's country, which "we" stands for
    extra: tuple[Attribution, ...] = ()  # other speakers in the sentence


def with_intermediaries(statement: Statement) -> list[Attribution]:
    """The statement's attribution and one for each intermediary, who also speaks in it."""
    first = statement.attribution
    return [first, *(Attribution(speaker=name, cue=first.cue, direct=first.direct,
                                 quote=first.quote, start=first.start, end=first.end)
                     for name in first.via), *statement.extra]


class AttributionReader:
    """Reads attributions sentence by sentence, resolving speakers as the article goes."""

    def __init__(self, lexicon: Lexicon, speakers: Speakers) -> None:
        self.lexicon = lexicon
        self.speakers = speakers
        self.last_quote: Statement | None = None  # the quote that ended the previous paragraph

    def _cue(self, token: Token, family: str) -> bool:
        return self.lexicon.has(family, token.lemma_.lower())

    def paragraph(self, sents: list[Span], places: Places, offset: int) -> list[Statement | None]:
        """One statement (or None) per sentence; quotes spread their speaker to the sentences
        they cover, and a paragraph that opens with a quote continues the previous speaker's."""
        own = [self.sentence(sent, places, offset) for sent in sents]
        if not sents:
            return own
        previous, self.last_quote = self.last_quote, None
        for match in _QUOTE.finditer(sents[0].doc.text):
            if len(match.group(1).split()) < _MIN_QUOTE_WORDS:
                continue
            covered = [i for i, s in enumerate(sents)
                       if s.start_char < match.end() and s.end_char > match.start()]
            owner = _quote_owner(sents, own, covered, match.end())
            if owner is None and match.start() == 0:
                owner = previous
            if owner is None:
                continue
            quote = Attribution(speaker=owner.attribution.speaker, cue=owner.attribution.cue,
                                direct=True, quote=match.group(1).strip(),
                                start=offset + match.start(1), end=offset + match.end(1),
                                via=owner.attribution.via)
            for i in covered:
                if own[i] is None or own[i] is owner:
                    own[i] = Statement(owner.source, quote, owner.country)
            self.last_quote = owner
        return own

    def sentence(self, sent: Span, places: Places, offset: int) -> Statement | None:
        """The main attribution of one sentence, with its chain of intermediaries; a speaker
        in a side clause ("..., though Moscow has rejected any involvement") yields to an
        "according to" that covers the main clause, and is kept as another attribution."""
        self.speakers.observe(sent, places)
        name, cue, via, country, verb = None, None, [], None, None
        main = self._main_verb(sent, places)
        if main is not None:
            verb, name, country = main
            cue = verb.text.lower()
            name, via = self._chain(verb, name, places)
        aside: tuple[str, str | None] | None = None
        for token in sent:
            if name is None and _marked_as(token) and self._cue(token, "reporting_verbs"):
                name = self._object_of(token, "by", places, dep="agent")
                cue = f"as {token.lower_} by" if name else None
            if token.lower_ == "according":
                speaker = self._object_of(token, "to", places)
                if speaker and verb is not None and _side_clause(verb, token):
                    aside, country = (name, cue), None
                    name, cue, via = speaker, "according to", []
                elif speaker and name is None:
                    name, cue = speaker, "according to"
                elif speaker and speaker != name:
                    via.append(speaker)
        if not name:
            return None
        source = Source(name=name, via=tuple(via), cue=cue)
        span = (offset + sent.start_char, offset + sent.end_char)
        attribution = Attribution(speaker=name, cue=cue, direct=False, quote=sent.text,
                                  start=span[0], end=span[1], via=tuple(via))
        extra = (Attribution(speaker=aside[0], cue=aside[1], direct=False, quote=sent.text,
                             start=span[0], end=span[1]),) if aside and aside[0] else ()
        return Statement(source, attribution, country or self._country(name), extra)

    def _country(self, name: str) -> str | None:
        """The country a speaker name stands for or belongs to ("Pentagon": United States)."""
        if name in {c.name for c in self.lexicon.countries.values()}:
            return name
        body = next((b for b in self.lexicon.bodies.values() if b.name == name), None)
        return body.country if body else None

    def _main_verb(self, sent: Span, places: Places) -> tuple[Token, str, str | None] | None:
        """The reporting verb nearest the root that has a resolvable subject."""
        verbs = [t for t in sent if t.pos_ in ("VERB", "AUX") and self._cue(t, "reporting_verbs")]
        verbs.sort(key=lambda t: len(list(t.ancestors)))
        for verb in verbs:
            if _marked_as(verb) or any(c.dep_ == "neg" for c in verb.children):
                continue  # "as cited by" is a chain link; "did not say" says nothing
            subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
            if subject is None and verb.dep_ == "conj":  # "The Kremlin called it ... and said"
                subject = next((c for c in verb.head.children if c.dep_ in _SUBJECTS), None)
            if subject is None:
                agent = next((c for c in verb.children if c.dep_ == "agent"), None)
                subject = next((c for c in agent.children if c.dep_ == "pobj"), None) \
                    if agent is not None else None
            name = self.speakers.name(subject, places) if subject is not None else None
            if name:
                return verb, name, places.country_near(subject)
            before = _before(verb) if subject is None else None
            name = self.speakers.name_of_span(before, places) if before is not None else None
            if name:
                return verb, name, places.country_in(list(before))
        return None

    def _chain(self, verb: Token, name: str, places: Places) -> tuple[str, list[str]]:
        """Apply "citing X", "as cited by X" and "quoted X as saying" around the main verb."""
        via: list[str] = []
        if verb.lemma_.lower() == "quote":
            quoted = next((c for c in verb.children if c.dep_ == "dobj"), None)
            quoted_name = self.speakers.name(quoted, places) if quoted is not None else None
            if quoted_name:
                return quoted_name, [name]
        for child in verb.subtree:
            citing = child != verb and child.lemma_.lower() in _CITING
            if not citing and not (_marked_as(child) and child.head == verb):
                continue
            if citing and not _marked_as(child):
                cited = next((c for c in child.children if c.dep_ == "dobj"), None)
                cited_name = self.speakers.name(cited, places) if cited is not None else None
                if cited_name and child.head == verb:
                    via.insert(0, name)
                    name = cited_name
            else:
                reporter = self._object_of(child, "by", places, dep="agent")
                if reporter:
                    via.append(reporter)
        return name, via

    def _object_of(self, token: Token, prep: str, places: Places, dep: str = "prep") -> str | None:
        """The speaker named by "according to X" or "by X" under `token`."""
        for child in token.children:
            if child.lower_ == prep and child.dep_ in (dep, "prep", "agent"):
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    return self.speakers.name(obj, places)
        return None


def _quote_owner(sents: list[Span], own: list[Statement | None], covered: list[int],
                 end: int) -> Statement | None:
    """The statement whose speaker a quote belongs to: in its sentences, else just after it."""
    owner = next((own[i] for i in reversed(covered) if own[i]), None)
    return owner or next((own[i] for i in range(covered[-1] + 1, len(sents))
                          if own[i] and sents[i].start_char <= end + 2), None)


def _before(verb: Token) -> Span | None:
    """The words between a comma or quote and a subjectless "said" at the sentence's end,
    where the parser hung the speaker on the previous clause ("..., the Center for
    Strategic and International Studies said.")."""
    sent = verb.sent
    if any(not t.is_punct for t in verb.doc[verb.i + 1:sent.end] if t.dep_ != "prep"
           and t.head.i == verb.i):
        return None
    start = verb.i
    while start > sent.start and verb.doc[start - 1].text not in _BREAKS:
        start -= 1
    span = verb.doc[start:verb.i]
    if not 0 < len(span) <= _MAX_SPEAKER_WORDS or start == sent.start:
        return None
    return span if any(t.pos_ in ("NOUN", "PROPN") for t in span) else None


def _side_clause(verb: Token, according: Token) -> bool:
    """Whether the reporting verb sits in a side clause that "according to" lies outside."""
    return verb.dep_ in ("advcl", "conj") and according not in verb.subtree


def _marked_as(verb: Token) -> bool:
    """Whether the verb is an "as cited by" / "as reported by" clause."""
    return any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
