"""Spelling variants of weapon designations, generated instead of listed by hand.

Input: a canonical name or alias ("AIM-9X", "Su-35", "Leopard 2"). Output: the other ways
articles write it: hyphen, space or nothing between a letter group and the digit group after it
("AIM 9X", "AIM9X"), and the plural with "s" ("AIM-9Xs"). Case needs no variants: loose aliases
are matched case-insensitively. `generated_aliases` does this for every system and drops a
variant that another system lists or that two systems generate.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

from pipeline.yaml_data import load_yaml

# Letter groups that make a spaced designation read as English ("as 90", "aim 120 missiles").
_WORDS_FILE = Path(__file__).parent / "data" / "designation_words.yaml"

# A letter group at the start of a word, an optional separator, then a digit group:
# "AIM-9X", "Su 35", "T72B3", "AN/TPQ-36". Not after a hyphen: "Buk-M1" is no designation.
_JOINT = re.compile(r"(?<![\w.'’-])([A-Za-z]+)([- ]?)(\d[\dA-Za-z]*)(?!\w)")
# A whole spelling this short reads as too many other codes ("M1" road, "CH4" methane, "K-9").
_SHORT = re.compile(r"[A-Za-z]{1,2}[- ]?\d")
# Stands for a space put where the spelling has none, until the form is built.
_NEW_SPACE = "\0"
# Longer prefixes are written apart from the number ("Hwasong-11", "Leopard 2", "Type 052D").
_JOINED_MAX = 3
_LETTER = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"\d")
# A last word with a digit that ends in a digit or a capital other than S: "F-16", "AIM-9X".
_PLURAL_END = re.compile(r"\d(?:\S*[0-9A-RT-Z])?$")


def _spaced_ok(letters: str, digits: str) -> bool:
    """Whether "letters digits" with a space cannot read as English ("Su 35", not "As 90")."""
    if _LETTER.search(digits.rstrip("sS")):
        return True  # "T 72B3", "AIM 9X" (not "T 90S"): letters after the number are no English
    return len(letters) >= 2 and letters.lower() not in _english_words()


@cache
def _english_words() -> frozenset[str]:
    return frozenset(load_yaml(_WORDS_FILE.read_text(encoding="utf-8"))["words"].split())


def _separators(joint: re.Match[str]) -> list[str]:
    """The separators a joint may take, its own first: none only after a short prefix
    ("Su35", "AIM9X", not "Hwasong11"), a space only where it cannot read as English."""
    letters, sep, digits = joint.groups()
    options = [sep, "-"] + ([""] if len(letters) <= _JOINED_MAX else [])
    options += [_NEW_SPACE if sep != " " else " "] if _spaced_ok(letters, digits) else []
    return list(dict.fromkeys(options))


def _joined(spelling: str, joints: list[re.Match[str]], seps: tuple[str, ...]) -> str:
    parts, last = [], 0
    for joint, sep in zip(joints, seps, strict=True):
        parts += [spelling[last:joint.start(2)], sep]
        last = joint.end(2)
    return "".join(parts) + spelling[last:]


def _plural(spelling: str) -> str | None:
    """"F-16s" for "F-16"; none for "T-90S", "155mm" or a bare number."""
    if _PLURAL_END.search(spelling) and not spelling.isdigit():
        return spelling + "s"
    return None


def variants(spelling: str) -> list[str]:
    """Separator and plural variants of `spelling`, without `spelling` itself.

    "AIM-9X" gives "AIM9X", "AIM 9X" and the plurals "AIM-9Xs", "AIM9Xs" (a plural with a space
    only where the spelling has one: "Hwasong 11As"). A space is only put where the letter
    group cannot read as English: never "An 26", "AS 90", "F 16". A spelling of at most two
    letters and one digit ("M4", "CH-4") gets no variants.
    """
    if _SHORT.fullmatch(spelling) or not _DIGIT.search(spelling):
        return []
    joints = list(_JOINT.finditer(spelling))
    forms = []
    for seps in itertools.product(*map(_separators, joints)):
        form = _joined(spelling, joints, seps)
        if _NEW_SPACE in form:  # a space the spelling does not have: no plural
            forms.append(form.replace(_NEW_SPACE, " "))
        else:
            forms += [form, _plural(form)]
    unique: dict[str, str] = {}
    for form in filter(None, forms):
        unique.setdefault(form.lower(), form)
    unique.pop(spelling.lower(), None)
    return list(unique.values())


def _head(spelling: str) -> str:
    """`spelling` without its trailing lower-case words: "Kh-101" for "Kh-101 cruise missiles"."""
    words = spelling.split(" ")
    while len(words) > 1 and words[-1].islower():
        words.pop()
    return " ".join(words)


def _lowered(spellings: Sequence[str]) -> set[str]:
    return {s.lower() for s in spellings}


def system_variants(spellings: Sequence[str]) -> dict[str, list[str]]:
    """The variants worth generating for each of one system's spellings.

    A spelling that is another spelling of the system (listed or generated) plus lower-case
    words ("Kh-101 missiles" beside "Kh-101", "Kh101 missile") is left alone: the matcher
    already joins a name and the generic noun after it.
    """
    found = {spelling: variants(spelling) for spelling in spellings}
    own = _lowered(spellings).union(*(_lowered(v) for v in found.values()))
    heads = {spelling: _head(spelling) for spelling in spellings}
    return {spelling: found[spelling] for spelling, head in heads.items()
            if head == spelling or head.lower() not in own}


def generated_aliases(loose: Mapping[str, Sequence[str]],
                      cased: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """For each system id, the variants of its `loose` spellings (name and aliases) to add.

    A variant is dropped when any system lists it (in `loose` or `cased`, compared lower-cased):
    the listing system keeps it. A variant two systems generate and none lists is dropped for
    both, since it is ambiguous.
    """
    listed = set().union(*map(_lowered, loose.values()), *map(_lowered, cased.values()))
    claims = [(system, variant) for system, spellings in loose.items()
              for found in system_variants(spellings).values() for variant in found]
    owners: dict[str, set[str]] = {}
    for system, variant in claims:
        owners.setdefault(variant.lower(), set()).add(system)
    out: dict[str, dict[str, str]] = {system: {} for system in loose}
    for system, variant in claims:
        key = variant.lower()
        if key not in listed and len(owners[key]) == 1:
            out[system].setdefault(key, variant)
    return {system: tuple(found.values()) for system, found in out.items()}
