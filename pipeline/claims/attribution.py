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
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from pipeline.claims.nlp.identity import Identities
from pipeline.claims.nlp.lexicon import Lexicon
from pipeline.claims.nlp.places import Places
from pipeline.claims.nlp.speakers import Speakers, written
from pipeline.records import Attribution, Source

_QUOTE = re.compile(r"[\u201c\u201e\"]([^\u201c\u201d\"]+)(?:[\u201d\"]|$)")
_MIN_QUOTE_WORDS = 4
_SUBJECTS = ("nsubj",)
_BREAKS = frozenset({",", ";", ":", "\u201c", "\u201d", '"', "\u2014", "\u2013"})
_MAX_SPEAKER_WORDS = 12
_CITING = frozenset({"cite", "quote"})  # "citing X", "quoting X": X is the original source
_CLAUSES = frozenset({"ccomp", "parataxis"})  # what is said, as a clause
_PLAIN_OBJECTS = frozenset({"dobj", "dative", "oprd", "xcomp", "attr"})
_BORROWED_SUBJECT = frozenset({"conj", "advcl", "xcomp"})  # "..., saying", "went on to say"
_MAX_COLON_WORDS = 5  # words before a headline's colon that name its speaker
_MIN_COLON_CONTENT = 3  # words after it
_NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_QUOTES = frozenset('"\u201c\u201d')
_CONTRASTS = frozenset({"while", "whereas", "but", "although", "though", "however"})
_SIGNATURE = re.compile(r"[\u2015\u2014]\s*([^\u2015\u2014\"\u201c\u201d]{2,80}?)\s*$")


@dataclass(frozen=True)
class Statement:
    """A sentence's attribution, with the source its claims rest on."""

    source: Source
    attribution: Attribution
    country: str | None = None  # the speaker's country, which "we" stands for
    extra: tuple[Attribution, ...] = ()  # other speakers in the sentence
    at: int = -1  # where its cue word stands in the article text




class AttributionReader:
    """Reads attributions sentence by sentence, resolving speakers as the article goes."""

    def __init__(self, lexicon: Lexicon, speakers: Speakers) -> None:
        self.lexicon = lexicon
        self.speakers = speakers
        self.identities = Identities(lexicon, speakers)
        self.last_quote: Statement | None = None  # the quote that ended the previous paragraph

    def with_intermediaries(self, statement: Statement) -> list[Attribution]:
        """The statement's attribution and one for each intermediary, who also speaks in it,
        and the other attributions of its sentence, each with its speaker's identity."""
        first = statement.attribution
        vias = [Attribution(speaker=name, cue=first.cue, direct=first.direct, quote=first.quote,
                            start=first.start, end=first.end) for name in first.via]
        return [first if first.identity else self._identified(first, statement.country),
                *(self._identified(a) for a in (*vias, *statement.extra))]

    def _identified(self, attribution: Attribution, country: str | None = None) -> Attribution:
        return replace(attribution, identity=self.identities.of(attribution.speaker, country))

    def _cue(self, token: Token, family: str) -> bool:
        return self.lexicon.has(family, token.lemma_.lower())

    def paragraph(self, sents: list[Span], places: Places, offset: int) -> list[Statement | None]:
        """One statement (or None) per sentence; quotes spread their speaker to the sentences
        they cover, and a paragraph that opens with a quote continues the previous speaker's."""
        own = [self.sentence(sent, places, offset) for sent in sents]
        if not sents:
            return own
        previous, self.last_quote = self.last_quote, None
        signed = self._signed(sents[0].doc, places, offset)
        for match in _QUOTE.finditer(sents[0].doc.text):
            if len(match.group(1).split()) < _MIN_QUOTE_WORDS:
                continue
            covered = [i for i, s in enumerate(sents)
                       if s.start_char < match.end() and s.end_char > match.start()]
            owner = signed or _quote_owner(sents, own, covered, match.end())
            if owner is None and match.start() == 0:
                owner = previous
            if owner is None:
                continue
            quote = replace(owner.attribution, direct=True, quote=match.group(1).strip(),
                            start=offset + match.start(1), end=offset + match.end(1))
            for i in covered:
                if own[i] is None or own[i] is owner:
                    extra = own[i].extra if own[i] is owner else ()
                    own[i] = Statement(owner.source, quote, owner.country, extra)
                elif match.start() <= own[i].at - offset < match.end():  # a cue in the quote
                    nested = replace(own[i].attribution, via=(owner.attribution.speaker,))
                    own[i] = Statement(owner.source, quote, owner.country, (nested,))
            self.last_quote = owner
        return own

    def _signed(self, doc: Doc, places: Places, offset: int) -> Statement | None:
        """The speaker who signs a paragraph of quotes after a dash ("“...” \u2015 Ana Ruiz,
        Phoenix"), whose quotes they all are."""
        match = _SIGNATURE.search(doc.text)
        span = doc.char_span(match.start(1), match.end(1), alignment_mode="expand") \
            if match else None
        if span is None or not any(t.ent_type_ == "PERSON" for t in span):
            return None
        name = self.speakers.name_of_span(span, places)
        if not name:
            return None
        identity = self.identities.of(name, self._country(name))
        said = Attribution(speaker=name, cue=match.group(0)[0], direct=True, quote=doc.text,
                           start=offset, end=offset + len(doc.text), identity=identity)
        return Statement(Source(name, cue=said.cue, identity=identity), said, identity.country)

    def sentence(self, sent: Span, places: Places, offset: int) -> Statement | None:
        """The main attribution of one sentence, with its chain of intermediaries, and the
        other speakers in it ("X said ..., while Y said ..."). A speaker in a side clause
        ("..., though Moscow has rejected any involvement") yields to an "according to" that
        covers the main clause, and is kept as another attribution; a headline's colon
        ("Pentagon: 400 more missiles on the way") and a statement noun ("in a statement by
        the ministry") name a speaker when no verb does."""
        self.speakers.observe(sent, places)
        self._written: dict[int, str] = {}  # the subject's words, by reporting verb
        name, cue, via, country, verb, text = None, None, [], None, None, None
        found = self._speech_verbs(sent, places)
        colon = self._colon_speaker(sent, places)
        if colon:  # "LEE: They said ...": what follows the colon is Lee's
            name, cue = colon
        elif found:
            verb, name, country, _ = found[0]
            cue = verb.text.lower()
            text = self._written.get(verb.i) if name else None
            name, via = self._outlets_chain(found) or self._chain(verb, name, places)
            text = text if name == found[0][1] else None  # "citing X": X's words are not here
        aside: tuple[str, str | None] | None = None
        for token in sent:
            if name is None and _marked_as(token) and self._cue(token, "reporting_verbs"):
                name = self._object_of(token, "by", places, dep="agent")
                cue = f"as {token.lower_} by" if name else None
            if token.lower_ == "according":
                speaker = self._object_of(token, "to", places)
                if speaker and verb is not None and _side_clause(verb, token):
                    aside, country, text = (name, cue), None, None
                    name, cue, via = speaker, "according to", []
                elif speaker and name is None:
                    name, cue = speaker, "according to"
                elif speaker and speaker != name:
                    via.append(speaker)
        if name is None:
            name, cue = self._noun_speaker(sent, places) or (None, None)
        if not name:
            return None
        country = country or self._country(name)
        identity = self.identities.of(name, country)
        text = text if text and text != name else None
        source = Source(name=name, via=tuple(via), cue=cue, identity=identity, text=text)
        span = (offset + sent.start_char, offset + sent.end_char)
        attribution = Attribution(speaker=name, cue=cue, direct=False, quote=sent.text,
                                  start=span[0], end=span[1], via=tuple(via), identity=identity,
                                  text=text)
        extra = [Attribution(speaker=aside[0], cue=aside[1], direct=False, quote=sent.text,
                             start=span[0], end=span[1])] if aside and aside[0] else []
        inside = _content_of(verb) if verb is not None else set(sent)
        for other, speaker, _, content in found[0 if colon else 1:]:
            if speaker not in (name, *via):  # a cue in what the main speaker says is nested
                nested = other in inside and not _contrasted(other)
                extra.append(_said(speaker, other.text.lower(), content, offset,
                                   (name,) if nested else ()))
        at = offset + verb.idx if verb is not None else -1
        return Statement(source, attribution, country, tuple(extra), at)

    def _country(self, name: str) -> str | None:
        """The country a speaker name stands for or belongs to ("Pentagon": United States)."""
        if name in {c.name for c in self.lexicon.countries.values()}:
            return name
        body = next((b for b in self.lexicon.bodies.values() if b.name == name), None)
        return body.country if body else None

    def _speech_verbs(self, sent: Span, places: Places
                      ) -> list[tuple[Token, str, str | None, Span]]:
        """The reporting verbs that speak here and have a resolvable speaker, nearest the root
        first, each with its speaker, the speaker's country and what it says."""
        verbs = [t for t in sent if t.pos_ in ("VERB", "AUX") and self._cue(t, "reporting_verbs")]
        verbs.sort(key=lambda t: len(list(t.ancestors)))
        found = []
        for verb in verbs:
            if _marked_as(verb) or any(c.dep_ == "neg" for c in verb.children):
                continue  # "as cited by" is a chain link; "did not say" says nothing
            if verb.dep_ in ("acl", "amod") or not self._speaks(verb):  # "an event held in"
                continue
            speaker = self._speaker(verb, places)
            if speaker is not None:
                found.append((verb, *speaker, _content(verb)))
        return found

    def _speaker(self, verb: Token, places: Places) -> tuple[str, str | None] | None:
        """The speaker of a reporting verb and its country: the subject, the subject of the
        verb it hangs on ("..., saying that", "and said"), the agent of a passive, or the
        words before it after a comma."""
        subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
        if subject is None and verb.dep_ in _BORROWED_SUBJECT:  # "The Kremlin ... and said"
            subject = next((c for c in verb.head.children if c.dep_ in _SUBJECTS), None)
        if subject is None:
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            subject = next((c for c in agent.children if c.dep_ == "pobj"), None) \
                if agent is not None else None
        name = self.speakers.name(subject, places) if subject is not None else None
        if name:
            self._written[verb.i] = written(subject)
            return name, places.country_near(subject)
        before = _before(verb) if subject is None else None
        name = self.speakers.name_of_span(before, places) if before is not None else None
        if name:
            return name, places.country_in(list(before))
        return None

    def _speaks(self, verb: Token) -> bool:
        """Whether a reporting verb reports speech here, by its sense: one of the `object`
        sense with any complement, one of the `clause` sense only with a clause, a gerund, a
        quote or nothing at all (an aside: "..., she added"), never with a plain object
        ("would deny the rebels a safe haven", "expects delivery in May")."""
        deps = {c.dep_ for c in verb.children}
        if deps & _CLAUSES or verb.dep_ == "parataxis" or _introduces_quote(verb):
            return True
        if self.lexicon.has("reporting_verbs.object", verb.lemma_.lower()):
            return True
        return not any(c.dep_ in _PLAIN_OBJECTS and not (c.dep_ == "xcomp" and c.tag_ == "VBG")
                       and not self.lexicon.has("statement_nouns", c.lower_)
                       and c.pos_ != "PRON" for c in verb.children)  # "denied this"

    def _colon_speaker(self, sent: Span, places: Places) -> tuple[str, str] | None:
        """The speaker a headline or transcript names before a colon: "Pentagon: 400 more
        missiles on the way", "LEE: We know where they are". The words before the colon are
        a name and nothing else: a body or country, one entity, or a name in capitals."""
        colon = next((t for t in sent[:_MAX_COLON_WORDS + 1] if t.text == ":"), None)
        if colon is None or sent.end - colon.i <= _MIN_COLON_CONTENT:
            return None
        words = [t for t in sent.doc[sent.start:colon.i] if not t.is_punct]
        if not words or any(t.pos_ in ("VERB", "AUX", "NUM") for t in words):
            return None
        named = all(t.i in places.mention_at for t in words) or all(
            t.is_upper and t.is_alpha and len(t) > 1 for t in words) or len(
            {(t.ent_type_, t.ent_iob_ == "B" and t.i != words[0].i) for t in words}) == 1 \
            and words[0].ent_type_ in _NAMED and words[0].ent_iob_ == "B"
        if not named:
            return None
        name = self.speakers.name_of_span(sent.doc[words[0].i:words[-1].i + 1], places)
        return (name, ":") if name else None

    def _noun_speaker(self, sent: Span, places: Places) -> tuple[str, str] | None:
        """The speaker of a statement noun that no verb gave one: "A statement by the
        ministry confirmed ...", "Kyiv's claim that ..."."""
        for token in sent:
            if self.lexicon.has("statement_nouns", token.lower_) and token.pos_ == "NOUN":
                owner = self.speakers._owner(token)
                name = self.speakers.name(owner, places) if owner is not None else None
                if name:
                    return name, token.lower_
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
        outlet = self._told_outlet(verb, places)
        return name, [*via, outlet] if outlet and outlet != name else via

    def _told_outlet(self, verb: Token, places: Places) -> str | None:
        """The outlet a speaker told ("an official told the Financial Times", "said in an
        interview with Yonhap"): it carried the words, so it is an intermediary."""
        heard = [c for c in verb.children if c.dep_ in ("dative", "dobj")]
        heard += [o for p in verb.children if p.dep_ == "prep" and p.lower_ in ("to", "with")
                  for o in p.children if o.dep_ == "pobj"]
        heard += [o for p in verb.children if p.dep_ == "prep" and p.lower_ == "in"
                  for n in p.children if n.dep_ == "pobj" and n.lower_ == "interview"
                  for w in n.children if w.dep_ == "prep" and w.lower_ == "with"
                  for o in w.children if o.dep_ == "pobj"]
        heard += [c for t in heard for c in t.children if c.dep_ == "appos"]  # "the local
        for token in heard:  # newspaper, Actu Niger,"
            body = self.lexicon.bodies.get(places.mention_at[token.i].id_) \
                if token.i in places.mention_at else None
            if body is not None and body.kind == "media":
                return self.speakers.name(token, places)
        return None

    def _outlets_chain(self, found: list[tuple[Token, str, str | None, Span]]
                       ) -> tuple[str, list[str]] | None:
        """"Russia sent the shells, Interfax reported, Reuters reports": when every speaker
        of a sentence is an outlet, the first carried the report and the later ones passed it
        on."""
        if len(found) < 2:
            return None
        ordered = sorted(found, key=lambda item: item[0].i)
        names = list(dict.fromkeys(name for _, name, _, _ in ordered))
        if len(names) < 2 or any(self.identities.of(n).kind != "media" for n in names):
            return None
        return names[0], names[1:]

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
    if any(t.pos_ in ("VERB", "AUX") for t in span):
        return None  # "quoted the spy agency as reporting": a clause, not a speaker
    return span if any(t.pos_ in ("NOUN", "PROPN") for t in span) else None


def _side_clause(verb: Token, according: Token) -> bool:
    """Whether the reporting verb sits in a side clause that "according to" lies outside."""
    return verb.dep_ in ("advcl", "conj") and according not in verb.subtree


def _marked_as(verb: Token) -> bool:
    """Whether the verb is an "as cited by" / "as reported by" clause."""
    return any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)


def _contrasted(verb: Token) -> bool:
    """Whether a reporting verb opens a clause set against what came before ("..., while
    Niamey said"): a second speaker, not one the first reports."""
    return any(c.dep_ in ("mark", "cc") and c.lower_ in _CONTRASTS for c in verb.children)


def _introduces_quote(verb: Token) -> bool:
    """Whether the verb stands outside a quote its sentence holds ("..., she said"; "Austin
    said: \u201c...\u201d"), not inside one ("\u201c... to defend its skies\u201d")."""
    sent = verb.sent
    marks = sum(t.text in _QUOTES or t.text in ("``", "''") for t in sent)
    before = sum(t.text in _QUOTES or t.text in ("``", "''") for t in sent.doc[sent.start:verb.i])
    return marks > 0 and before % 2 == 0


def _content(verb: Token) -> Span:
    """What a reporting verb says: its clause or object, else its sentence."""
    parts = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp", "dobj", "parataxis")]
    if not parts:
        return verb.sent
    start = min(t.i for c in parts for t in c.subtree)
    end = max(t.i for c in parts for t in c.subtree) + 1
    return verb.doc[start:end]


def _content_of(verb: Token) -> set[Token]:
    """The tokens a reporting verb's content covers: a cue among them is nested in it."""
    return set(_content(verb)) if _content(verb) != verb.sent else set()


def _said(speaker: str, cue: str, content: Span, offset: int, via: tuple[str, ...]
          ) -> Attribution:
    """Another attribution of a sentence; `via`: the speaker whose words it is reported in."""
    return Attribution(speaker=speaker, cue=cue, direct=False, quote=content.text,
                       start=offset + content.start_char, end=offset + content.end_char, via=via)
