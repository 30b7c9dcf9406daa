"""Claim extraction: arms transfers, troop deployments and attributions from article text.

Input: the spaCy pipeline from `pipeline.claims.nlp.factory.load_pipeline` and an `ArticleContent`.
Output: `Claims` whose events and attributions carry character offsets into `content.text`.
An article with no sentence naming a weapon or troops beside a transfer or deployment word is
not parsed at all; in the others, the paragraphs that the pre-filter passes and that may hold a
claim themselves are parsed in one batch with the headline and the lead (in pieces when longer
than the model allows), and only when these yield an event the others that name arms or stand
next to one that does, and those that report what someone said. Each weapon or troop mention
governed by a transfer or deployment frame becomes an event with its count, calibre, sides,
source, certainty and date.
A side the sentence leaves out is taken from the article's dominant transfer (headline and
lead) and marked `inferred`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.claims.attribution import AttributionReader, Statement
from pipeline.claims.dates import is_date_phrase, resolve_event_date
from pipeline.claims.designations import LIST_GAP, Designations
from pipeline.claims.nlp.certainty import certainty
from pipeline.claims.nlp.frames import Frame, FrameReader
from pipeline.claims.nlp.lexicon import Lexicon, WeaponSystem, load_lexicon
from pipeline.claims.nlp.patterns import NOUN, TROOP, WEAPON
from pipeline.claims.nlp.places import Places
from pipeline.claims.nlp.screen import (
    article_holds_claim,
    is_candidate,
    may_attribute,
    may_claim,
    names_arms,
    opens_list,
    reports,
)
from pipeline.claims.nlp.speakers import Speakers
from pipeline.claims.nlp.stage import stage_of
from pipeline.claims.nlp.troops import TroopReader, sentence_place
from pipeline.claims.quantities import calibres_before, number_vocab, quantity_before
from pipeline.records import (
    ARMS_TRANSFER,
    TROOP_DEPLOYMENT,
    ArticleContent,
    Attribution,
    Claims,
    Event,
    EventDate,
    Weapon,
)

PIECE_CHARS = 5_000  # a longer paragraph is parsed in pieces cut at sentence ends
NEIGHBOURS = 1  # candidates parsed on each side of one naming weapons or troops
LEAD_PIECES = 3  # candidates from the start where the article's dominant transfer is sought
BATCH_SIZE = 64  # pieces per model batch: 7 % faster than 16 on long arms articles
PARSE_BUDGET = 100_000  # characters parsed in full before only arms paragraphs are
HISTORY_YEARS = 10  # a sentence dated this many years before publication is history
_UNDATED_HISTORY = 1990  # without a publication date, years before this are history
_BACK_REFERENCES = frozenset({"the", "these", "those", "such", "this", "that"})
_NEW_ITEM = frozenset({"a", "an", "another", "further", "more", "additional", "new", "second",
                       "third", "fourth", "fifth", "next", "latest"})  # "a third frigate"
_YEAR = re.compile(r"\d{4}s?")  # "1973", "the 1960s"
_NOUN_CLAUSES = frozenset({"acl", "relcl"})  # a clause on a noun: "the war launched in 2022"
CARRY_PARAGRAPHS = 3  # paragraphs after a statement that still rest on it
_SHORT_SENTENCE = 12  # tokens: a sentence this short after a claim may only attribute it
_ITEM_TOKENS = 25  # tokens: a paragraph of a list item is at most this long
Pair = tuple[str, str]
Piece = tuple[int, str, int]  # offset in the text, text, rank among the candidates
_DATELINE = re.compile(r"^[A-Z][A-Z.'/\-]{2,}(?: [A-Z][A-Z.'/\-]+)*"  # TAIPEI, NEW YORK
                       r"(?:,\s*[A-Z][\w.' ]+)?\s*(?:\(\w+\)\s*)?"  # , Taiwan (Reuters)
                       r"[\u2013\u2014-]{1,2}\s+")


def paragraphs(text: str, max_length: int) -> Iterator[tuple[int, str]]:
    """(offset, text) for every non-empty line, without a dateline ("TAIPEI, Taiwan –"), cut
    at sentence ends below `max_length`."""
    offset = 0
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        dateline = _DATELINE.match(line)
        if dateline:
            start += dateline.end()
        while start < end and text[start:end].strip():
            if end - start <= max_length:
                yield start, text[start:end]
                break
            cut = text.rfind(". ", start, start + max_length) + 1 or start + max_length
            cut = cut if cut > start else start + max_length
            yield start, text[start:cut]
            start = cut


class ArticleReader:
    """Reads one article; build one per document."""

    def __init__(self, nlp: Language, content: ArticleContent, lexicon: Lexicon) -> None:
        self.nlp = nlp
        self.content = content
        self.lexicon = lexicon
        self.dominant: Pair | None = None
        self.last_event: Event | None = None  # the last event with both sides
        self.list_frame: Frame | None = None  # "The package includes:": what items belong to
        self.antecedent: str | None = None  # the state the last sentence was about
        self.designations = Designations(lexicon)

    def claims(self, *, screened: bool = False, events: bool = True,
               attributions: str = "claims") -> Claims:
        """All events and attributions of the article; `screened`: it has passed
        `article_holds_claim` already (see `pipeline.read`); `events`: read its events (False:
        it holds no claim, only its attributions are wanted); `attributions`: the mode
        (`pipeline.settings.ATTRIBUTION_MODES`) that says where speech is read.

        The paragraphs that may hold a claim themselves are read first, with the lead that
        sets the dominant transfer; only when they yield an event are the other paragraphs
        about arms (where references to them lie) and those that report speech parsed and
        read with them, in reading order from the start. The many articles that merely
        mention a helicopter or troops need not have the parser read all their paragraphs.
        Where the mode reads speech in the whole article (`all`: every article; `arms`: one
        whose claims yield an arms event), every paragraph that may attribute a statement or
        name a speaker is read too, for its attributions only.
        """
        events = events and (screened or article_holds_claim(self.content, self.lexicon))
        if not (events or attributions == "all"):
            return Claims()  # no weapon or troops in a transfer: nothing here can be a claim
        claiming, others = self._pieces() if events else ([], [])
        heads = [t for t in (self.content.title, self.content.standfirst) if t] if events else []
        docs = self._parse([*heads, *(text for _, text, _ in claiming)])  # one batch: faster
        parsed = [(piece, doc, True) for piece, doc in zip(claiming, docs[len(heads):],
                                                           strict=True)]
        self.dominant = self._dominant(docs[:len(heads)],
                                       [(p[2], doc) for p, doc, _ in parsed]) if events else None
        claims = self._read(parsed) if parsed else Claims()
        wanted = others if claims.events else []
        speech = attributions == "all" or attributions == "arms" and bool(claims.events)
        rest = self._speech_pieces({p[0] for p in claiming + wanted}) if speech else []
        if not wanted and not rest:
            return claims
        parsed += [(p, doc, True) for p, doc in zip(wanted, self._parse(
            [text for _, text, _ in wanted]), strict=True)]
        parsed += [(p, doc, False) for p, doc in zip(rest, self._parse(
            [text for _, text, _ in rest]), strict=True)]
        return self._read(sorted(parsed, key=lambda piece: piece[0][0]))

    def _parse(self, texts: list[str]) -> list[Doc]:
        return list(self.nlp.pipe(texts, batch_size=BATCH_SIZE))

    def _read(self, parsed: list[tuple[Piece, Doc, bool]]) -> Claims:
        """The events and attributions of parsed pieces, read in their order from scratch;
        the events only of the pieces marked True."""
        statements = AttributionReader(self.lexicon, Speakers(self.lexicon))
        self.last_event = self.list_frame = self.antecedent = None
        events: list[Event] = []
        attributions: dict[tuple[str, int, int], Attribution] = {}
        carry = _Carry()
        for (offset, text, _), doc, with_events in parsed:
            places = Places(doc, self.lexicon)
            sents = list(doc.sents)
            said = statements.paragraph(sents, places, offset)
            if self.list_frame is not None and not _item_like(doc):
                self.list_frame = None  # the list ended
            carry.begin(self.content.text, offset)
            own = None
            for i, sent in enumerate(sents):
                own = _covering(said, sents, i)
                for a in statements.with_intermediaries(said[i]) if said[i] else ():
                    attributions.setdefault((a.speaker, a.start, a.end), a)
                if with_events:
                    events += self._sentence_events(sent, places, offset,
                                                    own or carry.statement)
            carry.end(own, offset + len(text))
        return Claims(events=tuple(_without_restatements(events)),
                      attributions=tuple(attributions.values()))

    def _speech_pieces(self, taken: set[int]) -> list[Piece]:
        """The paragraphs (or pieces of long ones) not in `taken` (offsets) that may attribute
        a statement, up to `PARSE_BUDGET` characters; their rank is -1 (no candidate)."""
        limit = max(100, min(self.nlp.max_length - 1, PIECE_CHARS))
        pieces: list[Piece] = []
        parsed = 0
        for offset, text in paragraphs(self.content.text, limit):
            if parsed >= PARSE_BUDGET:
                break
            if offset not in taken and may_attribute(text, self.lexicon):
                pieces.append((offset, text, -1))
                parsed += len(text)
        return pieces

    def _pieces(self) -> tuple[list[Piece], list[Piece]]:
        """The candidates, each as (offset, text, rank among candidates), in two groups. First
        the ones about arms (naming weapons or troops, or next to one that does) that may
        hold a claim themselves (`may_claim`) or lead the text (where the dominant transfer
        is named); then the other ones about arms (where references to them lie) and those
        that report what someone said."""
        candidates = self._candidates()
        names = [names_arms(t, self.lexicon) for _, t in candidates]
        claiming: list[Piece] = []
        others: list[Piece] = []
        listing = False  # in the items after "The package includes:"
        for rank, (offset, text) in enumerate(candidates):
            piece = (offset, text, rank)
            near_arms = any(names[max(0, rank - NEIGHBOURS):rank + NEIGHBOURS + 1])
            header = opens_list(text, self.lexicon)
            listing = header or listing and names[rank]
            if near_arms and (rank < LEAD_PIECES or listing or may_claim(text, self.lexicon)):
                claiming.append(piece)
            elif near_arms or reports(text, self.lexicon):
                others.append(piece)
        return claiming, others

    def _candidates(self) -> list[tuple[int, str]]:
        """The paragraphs (or pieces of long ones) the pre-filter passes, and past
        `PARSE_BUDGET` characters only those naming weapons or troops, up to twice the budget,
        so that a huge page cannot stall a run."""
        limit = max(100, min(self.nlp.max_length - 1, PIECE_CHARS))
        parts: list[tuple[int, str]] = []
        parsed = 0
        for offset, text in paragraphs(self.content.text, limit):
            if parsed >= 2 * PARSE_BUDGET:
                break
            wanted = is_candidate if parsed < PARSE_BUDGET else names_arms
            if wanted(text, self.lexicon):
                parts.append((offset, text))
                parsed += len(text)
        return parts

    def _dominant(self, heads: list[Doc], ranked: list[tuple[int, Doc]]) -> Pair | None:
        """The supplier and recipient most often named in the headline, standfirst (`heads`)
        and lead paragraph; when these name no pair, in the next ones up to `LEAD_PIECES` (by
        rank among the candidates)."""
        lead = [doc for rank, doc in ranked if rank == 0]
        following = [doc for rank, doc in ranked if 0 < rank < LEAD_PIECES]
        # the lead is read again before the next pieces: the state it is about carries on
        pairs = self._pairs([*heads, *lead]) or self._pairs([*heads, *lead, *following])
        return pairs.most_common(1)[0][0] if pairs else None

    def _pairs(self, docs: list[Doc]) -> Counter[Pair]:
        pairs: Counter[Pair] = Counter()
        antecedent = None
        for doc in docs:
            places = Places(doc, self.lexicon)
            for sent in doc.sents:
                for mention in places.mentions_in(sent, (WEAPON, NOUN, TROOP)):
                    reader = FrameReader(self.lexicon, places, mention.label_ == TROOP,
                                         antecedent=antecedent)
                    frame = reader.read(mention.root, list(mention))
                    if frame and frame.supplier and frame.recipient:
                        pairs[(frame.supplier, frame.recipient)] += 1
                antecedent = _subject_state(sent, places) or antecedent
        return pairs

    def _sentence_events(self, sent: Span, places: Places, offset: int,
                         statement: Statement | None) -> list[Event]:
        if self._historical(sent, places):
            return []
        source = statement.source if statement else None
        reporting = statement.attribution.cue if statement else None
        base = Event(type=ARMS_TRANSFER, sentence=sent.text, start=offset + sent.start_char,
                     end=offset + sent.end_char, source=source)
        country = statement.country if statement else None
        readers = [FrameReader(self.lexicon, places, deployment, country, self.antecedent)
                   for deployment in (False, True)]
        self.antecedent = _subject_state(sent, places) or self.antecedent
        events = self._weapon_events(sent, readers[0], base)
        events += self._troop_events(sent, readers[1], base)
        if reporting and self.lexicon.has("denials", reporting.split()[0]):
            events = [replace(e, certainty="denied") for e in events]
        date = self._date(sent, places) if events else None
        named = [m for m in places.mentions_in(sent, (WEAPON,)) if m.id_ in self.lexicon.weapons]
        served = self.lexicon.weapons[named[0].id_] if named else None
        filled = [replace(self._fill(e, served), date=date) for e in events]
        for event in filled:
            if event.supplier and event.recipient:
                self.last_event = event
        return [e for e in filled if self._says_something(e)]

    def _weapon_events(self, sent: Span, reader: FrameReader, base: Event) -> list[Event]:
        found: list[tuple[Span, Frame]] = []
        colon = self._list_header(sent, reader)
        mentions = reader.places.mentions_in(sent, (WEAPON, NOUN))
        for mention in mentions:
            if self._is_container(mention) or self._is_carrier(mention) \
                    or self._names_transfer(mention) \
                    or self.designations.describes_name(mention, mentions):
                continue
            frame = reader.read(mention.root, list(mention))
            if frame is None and found and (_listed(found[-1][0], mention)
                                            or self.designations.designates(found[-1][0], mention)):
                frame = found[-1][1]  # "includes 10 Gepard guns, 20,000 rounds and 50 Marders"
            if frame is None and self.list_frame is not None and mention.start > colon:
                frame = self.list_frame  # an item of "The package includes: ...; ...; ..."
            if frame is not None:
                found.append((mention, frame))
        specific = any(not self._vague(m) for m, _ in found)
        items = [(m, f, quantity_before(sent.doc, m.start, count_unit(m), sent.start))
                 for m, f in found if not (self._vague(m) and (specific or _anaphoric(m)))]
        events = []
        for mention, frame, quantity in self.designations.merge(items):
            weapons = self._weapons(mention)
            if frame.role == "continuation":
                frame = self._continued(frame)
            elif _anaphoric(mention):
                frame = self._referred(frame, weapons[0])
            if frame.actor and not (frame.supplier or frame.recipient):
                continue  # "the scheme, which buys ammunition": no state on either side
            event = replace(base, supplier=frame.supplier, recipient=frame.recipient,
                            inferred=frame.role == "continued", quantity=quantity,
                            location=frame.location,
                            certainty=certainty(frame.predicate, self.lexicon),
                            stage=stage_of(frame.predicate, self.lexicon))
            events += [e for weapon in weapons
                       for e in _with_partners(replace(event, weapon=weapon), frame)]
        return events

    def _list_header(self, sent: Span, reader: FrameReader) -> int:
        """Where the items of a list in `sent` start: after a colon that ends a transfer ("The
        delivery included the following:", "The package includes: ..."), whose frame the items
        take (`list_frame`, kept for the item lines that follow). -1 when no list starts."""
        colon = next((t for t in reversed(sent) if t.text == ":"), None)
        if colon is None:
            return -1
        frame = reader.read(colon)
        if frame is None or frame.role == "continuation":
            return -1
        self.list_frame = frame
        return colon.i

    def _continued(self, frame: Frame) -> Frame:
        """The sides of the transfer the text spoke of just before ("Among them were ...")."""
        last = self.last_event
        return replace(frame, role="continued", supplier=last.supplier if last else None,
                       recipient=last.recipient if last else None)

    def _referred(self, frame: Frame, weapon: Weapon) -> Frame:
        """"the drones were flown to Port Sudan": missing sides come from the last transfer of
        that kind of weapon, which "the" refers back to."""
        last = self.last_event
        if last is None or last.weapon is None or last.weapon.category != weapon.category:
            return frame
        if frame.supplier and frame.recipient:
            return frame
        return replace(frame, role="continued", supplier=frame.supplier or last.supplier,
                       recipient=frame.recipient or last.recipient)

    def _troop_events(self, sent: Span, reader: FrameReader, base: Event) -> list[Event]:
        troops = TroopReader(reader, self.dominant[0] if self.dominant else None)
        events = []
        for mention in reader.places.mentions_in(sent, (TROOP,)):
            quantity = quantity_before(sent.doc, mention.start, count_unit(mention), sent.start)
            frame = troops.frame(mention, quantity)
            if frame is None:
                continue
            events += _with_partners(replace(
                base, type=TROOP_DEPLOYMENT, supplier=frame.supplier, recipient=frame.recipient,
                quantity=quantity,
                location=frame.location or sentence_place(sent, reader.places),
                certainty=certainty(frame.predicate, self.lexicon),
                stage=stage_of(frame.predicate, self.lexicon)), frame)
        return events

    def _is_container(self, mention: Span) -> bool:
        """"7,000 containers of weapons", "three cargo planes of military material": what
        holds or carries the weapons is not itself the weapon."""
        doc = mention.doc
        after = mention.end
        if after + 1 >= len(doc) or doc[after].lower_ != "of":
            return False
        return mention.root.lower_ in number_vocab().containers or any(
            self.lexicon.has("carrier_words", t.lower_) for t in mention)

    def _is_carrier(self, mention: Span) -> bool:
        """"Two planes carrying Russian trainers arrived": the aircraft carries, is not sent."""
        return any(c.dep_ == "acl" and self.lexicon.has("carrier_words", c.lower_)
                   for c in mention.root.children)

    def _names_transfer(self, mention: Span) -> bool:
        """"military aid", "arms deliveries": the mention names the transfer, not a weapon."""
        return self.lexicon.has("transfer_nouns", mention.root.lower_)

    def _says_something(self, event: Event) -> bool:
        """Whether an event is worth keeping: both sides, or one side with an item that is
        neither vague ("arms", "military hardware": worth something only between two states)
        nor, with no supplier, made at home ("inducted locally built tanks")."""
        if event.supplier and event.recipient:
            return True
        if not (event.supplier or event.recipient) or self._vague_item(event):
            return False
        return event.supplier is not None or not self._home_made(event)

    def _vague_item(self, event: Event) -> bool:
        weapon = event.weapon
        return weapon is not None and weapon.system_id is None and weapon.category == "unspecified"

    def _vague(self, mention: Span) -> bool:
        noun = self.lexicon.nouns.get(mention.id_)
        return mention.label_ == NOUN and noun is not None and noun.vague

    def _weapons(self, mention: Span) -> list[Weapon]:
        """The mention's weapon, one for each calibre coordinated before it ("155mm and 105mm
        artillery ammunition" is two items)."""
        calibres = calibres_before(mention.doc, mention)
        weapon = self._weapon(mention, calibres[-1] if calibres else None)
        if len(calibres) < 2:
            return [weapon]
        return [replace(weapon, calibre_mm=c) for c in calibres]

    def _weapon(self, mention: Span, calibre: float | None) -> Weapon:
        if mention.label_ == WEAPON and mention.id_ in self.lexicon.weapons:
            system = self.lexicon.weapons[mention.id_]
            return Weapon(category=system.category, name=system.name, system_id=system.id,
                          calibre_mm=calibre or system.calibre_mm, text=mention.text)
        noun = self.lexicon.nouns.get(mention.id_)
        return Weapon(category=noun.category if noun else "unspecified", name=mention.text,
                      calibre_mm=calibre, text=mention.text)

    def _fill(self, event: Event, named: WeaponSystem | None = None) -> Event:
        """Take a missing side from the dominant transfer, unless the known side is the one
        the dominant transfer would put there (a supplier never receives from itself); a
        supplier still missing is the state that makes the system, if it exists today and is
        not the recipient ("Rafale jets arrived in India": France): the event's own system, else
        the one the sentence names ("simulators for the S-400": Russia)."""
        event = self._fill_dominant(event)
        if event.supplier or not event.recipient or not event.weapon or self._domestic(event):
            return event
        system = self.lexicon.weapons.get(event.weapon.system_id or "") or named
        origin = self._current_state(system.origin if system else None)
        if origin and origin != event.recipient:
            return replace(event, supplier=origin, inferred=True)
        return event

    def _domestic(self, event: Event) -> bool:
        """"locally assembled tanks", "howitzers from the plant in Gujarat": made at home."""
        words = re.findall(r"[\w-]+", event.sentence.lower())
        return any(self.lexicon.has("domestic_words", w) for w in words)

    def _home_made(self, event: Event) -> bool:
        system = self.lexicon.weapons.get(event.weapon.system_id or "") if event.weapon else None
        return self._domestic(event) or system is not None and system.origin == event.recipient

    def _current_state(self, name: str | None) -> str | None:
        country = next((c for c in self.lexicon.countries.values() if c.name == name), None)
        return country.name if country and not country.former else None

    def _fill_dominant(self, event: Event) -> Event:
        if self.dominant is None or (event.supplier and event.recipient):
            return event
        supplier, recipient = self.dominant
        if event.supplier is None and event.recipient is None:
            return replace(event, supplier=supplier, recipient=recipient, inferred=True)
        if event.recipient is None and event.supplier != recipient:
            return replace(event, recipient=recipient, inferred=True)
        if event.supplier is None and event.recipient != supplier:
            return replace(event, supplier=supplier, inferred=True)
        return event

    def _date(self, sent: Span, places: Places) -> EventDate | None:
        items = {t.i for m in places.mentions_in(sent, (WEAPON, NOUN, TROOP)) for t in m}
        dates = [e for e in places.ents_in(sent) if e.label_ == "DATE" and is_date_phrase(e.text)
                 and not _dates_another_thing(e, items)]
        resolved = [resolve_event_date(e.text, self.content.published) for e in dates]
        return next((d for d in resolved if d.value), resolved[0] if resolved else None)

    def _historical(self, sent: Span, places: Places) -> bool:
        """Whether the sentence is dated long before the article ("in 1950")."""
        published = self.content.published
        floor = published.year - HISTORY_YEARS if published else _UNDATED_HISTORY
        for ent in places.ents_in(sent):
            since = ent.start > 0 and sent.doc[ent.start - 1].lower_ == "since"
            if ent.label_ == "DATE" and not since and not ent.text.lower().startswith("since"):
                years = [int(t.text[:4]) for t in ent if _YEAR.fullmatch(t.text)]
                if any(1000 < y < floor for y in years):
                    return True
        return False


def _dates_another_thing(date: Span, items: set[int]) -> bool:
    """Whether the date sits in a clause on a noun that is no weapon or troops: "an invasion
    launched in August", "Ukraine, which was invaded in 2022" (but "the tanks, which arrived in
    May" dates the tanks)."""
    token = date.root
    while token.head.i != token.i:
        if token.dep_ in _NOUN_CLAUSES and token.head.i not in items:
            return True
        token = token.head
    return False


@dataclass
class _Carry:
    """The statement a paragraph ended on, which the next few adjacent paragraphs go on with
    ("..., the ministry said." then "The first batch arrived in May.")."""

    statement: Statement | None = None
    age: int = 0  # paragraphs since the statement
    last: int = 0  # where the last paragraph ended in the text

    def begin(self, text: str, offset: int) -> None:
        if text[self.last:offset].strip():
            self.statement = None  # a paragraph between: the report it ended on is not this one's

    def end(self, own: Statement | None, last: int) -> None:
        if own is not None:
            self.statement, self.age = own, 0
        self.age += 1
        if self.age > CARRY_PARAGRAPHS:
            self.statement = None  # a report goes on for a few paragraphs, not the whole article
        self.last = last


def _covering(statements: list[Statement | None], sents: list[Span], i: int) -> Statement | None:
    """The statement a sentence rests on: its own, else the previous sentence's, else that of
    a short next sentence that only attributes ("That is according to the NIS.")."""
    if statements[i] or i and statements[i - 1]:
        return statements[i] or statements[i - 1]
    following = statements[i + 1] if i + 1 < len(sents) else None
    return following if following and len(sents[i + 1]) <= _SHORT_SENTENCE else None


def _listed(previous: Span, mention: Span) -> bool:
    """Whether `mention` continues a list that `previous` is in: only counts, commas, "and"
    and modifiers lie between them (the parser often loses the thread of long lists)."""
    between = previous.doc[previous.end:mention.start]
    if len(between) > LIST_GAP or previous.sent != mention.sent:
        return False
    return any(t.lower_ in (",", "and", ";") for t in between) and not any(
        t.pos_ in ("VERB", "AUX", "SCONJ", "PRON") and t.tag_ != "VBN" and t.dep_ != "amod"
        or t.text in (":", "(", ")") or t.lower_ in ("of", "capable") for t in between)


def _with_partners(event: Event, frame: Frame) -> list[Event]:
    """The event, and one for each other supplier and recipient the frame coordinates ("France,
    Italy and Greece sent", "to both Ukraine and Slovenia")."""
    return [event, *(replace(event, supplier=p) for p in frame.partners),
            *(replace(event, recipient=r) for r in frame.recipients)]


def _subject_state(sent: Span, places: Places) -> str | None:
    """The state the sentence's main subject names ("Norway is helping Ukraine": Norway)."""
    subject = next((c for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return places.country_near(subject) if subject is not None else None


def _without_restatements(events: list[Event]) -> list[Event]:
    """The events less those that only restate an earlier one with a generic noun and no new
    count ("China delivered the first Type 054A/P frigate ..." then "... managed to deliver the
    warship on time"): in a later sentence, not named as a new item, with the same type,
    sides, stage, category and calibre, no system named, no count."""
    seen: dict[tuple[object, ...], int] = {}  # key -> start of the first sentence saying it
    kept = []
    for event in events:
        weapon = event.weapon
        key = (event.type, event.supplier, event.recipient, event.stage,
               weapon.category if weapon else None, weapon.calibre_mm if weapon else None)
        generic = weapon is None or weapon.system_id is None
        if not (generic and event.quantity is None and not _new_item(event)
                and seen.get(key, event.start) < event.start):
            kept.append(event)
        seen.setdefault(key, event.start)
    return kept


def _new_item(event: Event) -> bool:
    """Whether the event's item is named as a new one ("a third frigate", "another batch",
    "further tanks"), not as one known already ("the warship", "these jets")."""
    words = event.weapon.text if event.weapon and event.weapon.text else None
    if not words:
        return False
    before = event.sentence[:event.sentence.find(words)].split()[-3:]
    return any(w.lower() in _NEW_ITEM for w in before)


def _item_like(doc: Doc) -> bool:
    """Whether a paragraph reads as an item of a list: short, with no finite verb of its own
    ("9 M3P .50 caliber heavy machine guns", "12 Leopard 2A6 tanks;")."""
    return len(doc) <= _ITEM_TOKENS and not any(
        t.tag_ in ("VBD", "VBZ", "VBP", "MD") and t.dep_ == "ROOT" for t in doc)


def count_unit(mention: Span) -> str:
    """What a count counts: the mention's last word ("howitzers"), or its head."""
    last = mention[-1]
    return last.lower_ if last.is_alpha else mention.root.lower_


def _anaphoric(mention: Span) -> bool:
    """"these weapons", "the arms": a reference back to weapons already reported."""
    return any(c.dep_ == "det" and c.lower_ in _BACK_REFERENCES for c in mention.root.children)


def extract_claims(nlp: Language, content: ArticleContent, *, screened: bool = False,
                   events: bool = True, attributions: str = "claims") -> Claims:
    """Every arms transfer, troop deployment and attribution in `content.text`; `screened`:
    the article has passed `article_holds_claim` already; `events`, `attributions`: see
    `ArticleReader.claims`."""
    with nlp.memory_zone():
        return ArticleReader(nlp, content, load_lexicon()).claims(
            screened=screened, events=events, attributions=attributions)



