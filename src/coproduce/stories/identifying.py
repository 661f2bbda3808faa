"""Finding details in a story that may identify someone, so a moderator looks at them before anything is public.

Pure Python, no Django: `find_identifying(text, known_names=...)` returns what it found, in order, each with its
kind, its exact text and where it starts. It looks for:

- people's names: the place's people's preferred names (passed in as `known_names`) as whole words with the first
  letter as written in the name ("Rosa", "Rosa's", but not "rosa" or "Rosalind"); a title with a surname, flagged
  together ("Mrs Patel", "Dr. Okafor", "Nurse Jones"); and a name straight after "my son", "my wife", "my social
  worker" and the like ("my son, Jack" flags "Jack", since "my son" can stay);
- phone numbers: UK numbers that start with 0 (10 or 11 digits, written with spaces, dashes, dots or brackets),
  +44 and 0044 forms (with or without "(0)"), other international numbers written with + or 00, and North
  American "(212) 555-0100";
- email addresses;
- addresses: UK postcodes ("BF2 7QT", "SW1A 1AA", "bf27qt"), and a house number with a street ("12 Acacia
  Road", "Flat 3, 14 High Street", "7b St Mary's Close");
- dates of birth: a date straight after "born", "born on", "DOB", "D.O.B.", "date of birth" or "my birthday is"
  ("born on 3/4/1956", "DOB 03.04.56", "date of birth: 3 April 1956", "my birthday is the 3rd of April").

The check helps a moderator; it does not replace reading the story. It leans towards flagging: a moderator can
mark a finding "fine to keep" in one step, but cannot un-publish what was missed. So these false positives are
accepted, and the tests pin them down:

- a known name that is also a word is flagged when capitalised: "Hope" at the start of a sentence when someone in
  the place is called Hope; "May" as a month is not flagged when a number stands next to it ("3 May", "May 2024");
- a title with any capitalised word after it: "Dr Foster" in "Dr Foster went to Gloucester", "Sister Ward";
- any 10- or 11-digit number starting with 0 is taken for a phone number, such as a reference "0123456789";
- a number, capitalised words and a street word is taken for an address even when it is a count: "3 Red Park
  benches";
- a postcode-shaped code in a product or model name.

And these are not flagged, by design or because they cannot be told apart from ordinary writing:

- names the check has no reason to think are names: "John Smith" when no one in the place is called John, and
  lower-case names ("my son jack"); a title with only an initial ("Mr P"), which is how people stay anonymous;
- years, times, money and counts: "1956", "10:30", "£1,250", "300 000 people", "999" and "111"; a year is
  never taken for a house number ("In 2019 The Green was busy");
- a street with no house number ("the clinic on Station Road"), a town, or half a postcode ("BF2");
- a year or month of birth without a day ("born in 1956", "born in May 1956"), and ages ("I am 67");
- NHS numbers and other reference numbers that do not start with 0 (moderators should still look for them).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

NAME = "name"
PHONE = "phone"
EMAIL = "email"
ADDRESS = "address"
BIRTH_DATE = "birth_date"

# The same words say which kind of thing each finding is, wherever it is shown.
KINDS = (NAME, PHONE, EMAIL, ADDRESS, BIRTH_DATE)


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str
    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


# --- names -------------------------------------------------------------------------------------------------------

# A word: letters (any alphabet), with hyphens or apostrophes inside ("Mary-Jane", "O'Brien").
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_POSSESSIVE = ("'s", "’s", "'S", "’S")
_MONTHS = frozenset(
    "January February March April May June July August September October November December".split()
    + "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()
)
_NEXT_TO_NUMBER = re.compile(r"\d\s*(?:st|nd|rd|th)?\s*(?:of\s+)?$")

# Abbreviated titles in any case ("dr Okafor"); titles that are also words only with a capital ("I miss Home" is
# not a title).
_TITLES = (
    r"(?:(?i:Mr|Mrs|Ms|Mx|Dr|Prof|Cllr)\.?"
    r"|Miss|Doctor|Professor|Nurse|Sister|Matron|Father|Rev|Reverend|Pastor|Rabbi|Imam|Sir|Dame|Lady|Lord"
    r"|Councillor)"
)
# Capitalised words that follow a title or a relative without being a name.
_NOT_NAMES = frozenset(
    "I I'm I’m I'd I’d I've I’ve I'll I’ll A An And The But So Then When Who What Where Why How On In At To"
    " Mum Mom Mam Mummy Dad Daddy Mother Father Nan Nana Gran Granny Grandma Grandad Grandpa Grandfather"
    " Grandmother Sister Brother Son Daughter Husband Wife Partner Carer Friend Nurse Doctor Dr GP".split()
)
_NAME_WORD = r"[A-Z][^\W\d_]*(?:[-'’][^\W\d_]+)*"
_TITLE_NAME = re.compile(rf"(?<![\w-]){_TITLES}[ \t]+(?:[A-Z]\.?[ \t]+)?(?P<name>{_NAME_WORD}(?:-{_NAME_WORD})?)")
_RELATIVES = (
    r"son|daughter|husband|wife|partner|boyfriend|girlfriend|mum|mom|mam|mother|dad|father|brother|sister"
    r"|grandson|granddaughter|grandma|grandad|nan|gran|niece|nephew|aunt|auntie|uncle|cousin|carer|friend"
    r"|neighbour|neighbor|nurse|doctor|social[ \t]+worker|support[ \t]+worker|key[ \t]*worker|care[ \t]+worker"
)
_RELATIVE_NAME = re.compile(
    rf"(?<![\w-])(?i:my|our|his|her|their)[ \t]+(?:(?i:little|older|younger|elder|best|late|new|old)[ \t]+)?"
    rf"(?i:{_RELATIVES}),?[ \t]+(?P<name>{_NAME_WORD})"
)


def _name_key(name: str) -> str:
    """How a name is compared: its first letter exactly as written, the rest in any case, spaces collapsed."""
    name = " ".join(name.split())
    return name[:1] + name[1:].casefold()


class _KnownNames:
    def __init__(self, names: Iterable[str]) -> None:
        self.keys: set[str] = set()
        self.longest = 1
        for name in names:
            name = " ".join((name or "").split())
            # One letter is an initial, not a name anyone could be found by.
            if len(name) < 2 or not name[0].isalpha():
                continue
            self.keys.add(_name_key(name))
            self.longest = max(self.longest, len(name.split()))

    def find(self, text: str) -> Iterator[Finding]:
        if not self.keys:
            return
        words = list(_WORD.finditer(text))
        index = 0
        while index < len(words):
            found = self._longest_at(text, words, index)
            if found is None:
                index += 1
                continue
            finding, used = found
            yield finding
            index += used

    def _longest_at(self, text: str, words: list[re.Match[str]], index: int) -> tuple[Finding, int] | None:
        for count in range(min(self.longest, len(words) - index), 0, -1):
            group = words[index : index + count]
            # A name of several words is written with only spaces between them.
            if any(text[a.end() : b.start()].strip(" \t") for a, b in itertools.pairwise(group)):
                continue
            start, end = group[0].start(), group[-1].end()
            candidate = text[start:end]
            for suffix in ("", *_POSSESSIVE):
                if suffix and not candidate.endswith(suffix):
                    continue
                bare = candidate[: len(candidate) - len(suffix)]
                if _name_key(bare) in self.keys and not self._month_with_number(text, start, end, bare):
                    return Finding(NAME, bare, start), count
        return None

    @staticmethod
    def _month_with_number(text: str, start: int, end: int, word: str) -> bool:
        if word not in _MONTHS:
            return False
        before, after = text[max(0, start - 12) : start], text[end : end + 6]
        return bool(_NEXT_TO_NUMBER.search(before) or re.match(r"\s*,?\s*\d", after))


def _names(text: str, known: _KnownNames) -> Iterator[Finding]:
    yield from known.find(text)
    # A title is flagged with its name ("Mrs Patel"); after "my son" only the name is, since "my son" can stay.
    for pattern, group in ((_TITLE_NAME, 0), (_RELATIVE_NAME, "name")):
        for match in pattern.finditer(text):
            name = match.group("name")
            if name in _NOT_NAMES or (name.upper() == name and len(name) <= 3):
                continue
            yield Finding(NAME, match.group(group), match.start(group))


# --- phone numbers -----------------------------------------------------------------------------------------------

# A run that could be a phone number: an optional + or bracket, then digits with at most one separator between
# them (a space, a dash or dot with spaces round it, a bracket, or "(0)"). Money and decimals are ruled out by what
# may come before; times and dates are written with ":" and "/", which are not separators here.
_SEPARATOR = r"(?:[ \t]?[-.][ \t]?|[ \t]?\(0\)[ \t]?|[ \t]?\)[ \t]?|[ \t]?\([ \t]?|[ \t])"
_PHONE = re.compile(rf"(?<![\w£$€+.,/(])(?:\+|\()?\d(?:{_SEPARATOR}?\d)*(?![\w/]|[.,]\d)")
_NORTH_AMERICAN = re.compile(r"(?<![\w+(])\(\d{3}\)[ \t]?\d{3}[-. \t]\d{4}(?!\w|[.,]\d)")
_UK_SECOND_DIGIT = frozenset("1235789")
_GROUP_END = re.compile(r"\d(?!\d)")


def _phone_ok(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    # Numbers are written in groups of two or more; a run of single digits is a list ("0 1 2 3 4 5 6 7 8 9").
    if sum(len(group) == 1 for group in re.findall(r"\d+", candidate.replace("(0)", ""))) > 2:
        return False
    if candidate.startswith("+"):
        if digits.startswith("44"):
            # +44 (0)20 7946 0000: the (0) is not dialled from abroad.
            national = re.sub(r"\D", "", candidate.replace("(0)", ""))[2:]
            return 9 <= len(national) <= 10 and national[:1] in _UK_SECOND_DIGIT
        return 8 <= len(digits) <= 15
    if digits.startswith("00"):
        abroad = digits[2:]
        if abroad.startswith("44"):
            return 9 <= len(abroad) - 2 <= 10 and abroad[2:3] in _UK_SECOND_DIGIT
        return 8 <= len(abroad) <= 15
    if digits.startswith("0"):
        return 10 <= len(digits) <= 11 and digits[1:2] in _UK_SECOND_DIGIT
    return False


def _trimmed_phone(run: str) -> tuple[int, int] | None:
    """Where the longest phone number at the start of `run` lies: "0113 496 0000 2 times" has one group too many.

    A bracket left open at the start ("(01632 960001") is left out of what is flagged.
    """
    for end in reversed([m.end() for m in _GROUP_END.finditer(run)]):
        candidate = run[:end]
        start = 1 if candidate.startswith("(") and ")" not in candidate else 0
        if _phone_ok(candidate[start:]):
            return start, end
    return None


def _phones(text: str) -> Iterator[Finding]:
    for match in _NORTH_AMERICAN.finditer(text):
        yield Finding(PHONE, match.group(), match.start())
    for match in _PHONE.finditer(text):
        span = _trimmed_phone(match.group())
        if span is not None:
            start, end = match.start() + span[0], match.start() + span[1]
            yield Finding(PHONE, text[start:end], start)


# --- email addresses ---------------------------------------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")


def _emails(text: str) -> Iterator[Finding]:
    for match in _EMAIL.finditer(text):
        yield Finding(EMAIL, match.group().rstrip("."), match.start())


# --- addresses ---------------------------------------------------------------------------------------------------

# UK postcodes: the outward code (area letters, district digits) and the inward code (a digit, two letters).
_POSTCODE = re.compile(
    r"(?<![\w-])(?:GIR[ \t]?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?[ \t]?\d[ABD-HJLNP-UW-Z]{2})(?![\w-])",
    re.IGNORECASE,
)
_ORDINAL_ENDINGS = frozenset({"st", "nd", "rd", "th"})
_STREET_WORDS = (
    r"Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Cl|Drive|Dr|Way|Crescent|Cres|Court|Ct|Place|Pl|Gardens|Gdns"
    r"|Grove|Gr|Terrace|Terr|Square|Sq|Hill|Park|Row|Walk|Mews|View|Rise|Green|Parade|Villas|Estate|Yard|Wharf"
    r"|Gate|Hall|House|Cottages|Boulevard|Broadway|Promenade|Quay|Meadow|Meadows|Fields|Vale|Chase|Croft|End"
)
_STREET = re.compile(
    r"(?<![\w£$€.,/-])"
    r"(?:(?i:flat|apartment|apt|unit|room)\.?[ \t]+\d{1,4}[A-Za-z]?,?[ \t]+)?"
    r"(?!(?:19|20)\d\d\b)\d{1,4}[A-Za-z]?(?:-\d{1,4}[A-Za-z]?)?,?[ \t]+"
    r"(?:(?:St\.?|Saint)[ \t]+)?(?:[A-Z][\w'’-]*[ \t]+){1,3}"
    rf"(?:{_STREET_WORDS})\b\.?"
)


def _postcode_ok(code: str) -> bool:
    # Lower-case postcodes count ("bf2 7qt"), mixed case does not ("M25 5th", "A1 3rd").
    if code not in (code.upper(), code.lower()):
        return False
    return not (code == code.lower() and code[-2:] in _ORDINAL_ENDINGS)


def _addresses(text: str) -> Iterator[Finding]:
    for match in _POSTCODE.finditer(text):
        if _postcode_ok(match.group()):
            yield Finding(ADDRESS, match.group(), match.start())
    for match in _STREET.finditer(text):
        yield Finding(ADDRESS, match.group().rstrip("."), match.start())


# --- dates of birth ----------------------------------------------------------------------------------------------

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_DATE = (
    r"(?:"
    r"\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"  # 3/4/1956, 03.04.56
    r"|\d{4}-\d{1,2}-\d{1,2}"  # 1956-04-03
    rf"|(?:the[ \t]+)?{_DAY}[ \t]+(?:of[ \t]+)?{_MONTH}\.?(?:,?[ \t]+\d{{4}}|[ \t]+'?\d{{2}}\b)?"  # 3rd of April 1956
    rf"|{_MONTH}\.?[ \t]+(?:the[ \t]+)?{_DAY}(?:,?[ \t]+\d{{4}})?"  # April 3rd, 1956
    r")"
)
_BIRTH = re.compile(
    r"(?<![\w-])(?:"
    r"born(?:[ \t]+on)?"
    r"|d\.?[ \t]?o\.?[ \t]?b\.?"
    r"|date[ \t]+of[ \t]+birth"
    r"|birth[ \t]?day(?:[ \t]+is|'s|’s)?"
    r")"
    rf"[ \t]*(?:[:=-][ \t]*)?(?:is[ \t]+)?(?:on[ \t]+)?{_DATE}(?!\w|[/.-]\d)",
    re.IGNORECASE,
)


def _birth_dates(text: str) -> Iterator[Finding]:
    for match in _BIRTH.finditer(text):
        yield Finding(BIRTH_DATE, match.group().rstrip("."), match.start())


# --- together ----------------------------------------------------------------------------------------------------


def find_identifying(text: str, *, known_names: Iterable[str] = ()) -> list[Finding]:
    """Everything in `text` that may identify someone, in the order it appears, never overlapping.

    Where two findings overlap the longer wins ("born on 3 May 1956" over the name "May"; "12 Acacia Road" over
    the name "Acacia"), and of two the same length, the one that starts first.
    """
    if not text:
        return []
    known = _KnownNames(known_names)
    found = [
        *_emails(text),
        *_birth_dates(text),
        *_phones(text),
        *_addresses(text),
        *_names(text, known),
    ]
    chosen: list[Finding] = []
    for finding in sorted(found, key=lambda f: (-len(f.text), f.start, KINDS.index(f.kind))):
        if finding.text and not any(finding.start < c.end and c.start < finding.end for c in chosen):
            chosen.append(finding)
    return sorted(chosen, key=lambda f: f.start)
