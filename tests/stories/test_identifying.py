"""The check for identifying details, with no database: what it catches, what it leaves, and the false positives
we accept (see the module's docstring)."""

from __future__ import annotations

import pytest

from coproduce.stories.identifying import (
    ADDRESS,
    BIRTH_DATE,
    EMAIL,
    NAME,
    PHONE,
    Finding,
    find_identifying,
)

KNOWN = ["Rosa", "Hope", "May", "Mary Ann", "Zoë", "Femi", "bex"]


def found(text: str, known: list[str] | None = None) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in find_identifying(text, known_names=KNOWN if known is None else known)]


def only(text: str, kind: str, what: str) -> None:
    assert found(text) == [(kind, what)], text


# --- names -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Rosa helped me fill in the form.", "Rosa"),
        ("It was Rosa's idea to ask.", "Rosa"),
        ("It was Rosa’s idea to ask.", "Rosa"),
        ("I told ROSA about it.", "ROSA"),
        ("Then Mary Ann came round.", "Mary Ann"),
        ("Zoë sat with me.", "Zoë"),
        ("Femi, thank you.", "Femi"),
        ("bex rang me", "bex"),
    ],
)
def test_known_names_are_found_as_whole_words(text: str, name: str) -> None:
    only(text, NAME, name)


@pytest.mark.parametrize(
    "text",
    [
        "rosa is how I'd spell the colour pink in Spanish",  # the first letter's case counts
        "Rosalind was on the front desk",  # whole words only
        "Rosario and Femil",
        "We met on 3 May at the hall",  # a month next to a number
        "By May 2024 it had changed",
        "Bex rang me",  # a name written in lower case is matched with its own first letter
        "Mary and Ann came",  # "Mary Ann" is one name; neither part alone is known
    ],
)
def test_known_names_are_not_found_inside_other_words_or_in_other_case(text: str) -> None:
    assert found(text) == []


def test_a_one_letter_name_is_never_known() -> None:
    assert found("A lot of us went. I did too.", known=["A", "I", ""]) == []


def test_the_position_of_each_name_is_where_it_starts() -> None:
    text = "Thanks to Rosa and to Femi."
    assert find_identifying(text, known_names=KNOWN) == [Finding(NAME, "Rosa", 10), Finding(NAME, "Femi", 22)]
    assert all(text[f.start : f.end] == f.text for f in find_identifying(text, known_names=KNOWN))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("I saw Mrs Patel on Monday.", "Mrs Patel"),
        ("Dr Okafor listened.", "Dr Okafor"),
        ("Dr. Okafor listened.", "Dr. Okafor"),
        ("the dr Okafor was kind", "dr Okafor"),
        ("Ask for Mr A. Khan at reception", "Mr A. Khan"),
        ("Nurse Jones-Smith came back", "Nurse Jones-Smith"),
        ("Miss Hale was my teacher", "Miss Hale"),
        ("Councillor Byrne came to the meeting", "Councillor Byrne"),
        ("Prof O'Neill explained it", "Prof O'Neill"),
    ],
)
def test_a_title_with_a_surname_is_a_name(text: str, name: str) -> None:
    only(text, NAME, name)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("I went with my son Jack.", "Jack"),
        ("My daughter, Priya, drove me.", "Priya"),
        ("my husband Tomasz was there", "Tomasz"),
        ("my wife Ade and I", "Ade"),
        ("My mum Joan is 90", "Joan"),
        ("my dad Winston", "Winston"),
        ("My carer Sam comes at eight", "Sam"),
        ("my best friend Lily came", "Lily"),
        ("my nurse Kofi", "Kofi"),
        ("My social worker Dave said no", "Dave"),
        ("our neighbour Gwen helped", "Gwen"),
    ],
)
def test_a_name_after_my_son_or_my_carer_is_a_name(text: str, name: str) -> None:
    only(text, NAME, name)


@pytest.mark.parametrize(
    "text",
    [
        "my son and I went",
        "My son I took with me",
        "I went with my mum, Dad stayed home",
        "my son jack",  # lower case: not found
        "my friend The Samaritans helped",
        "I miss Home",  # "miss" is not a title in lower case
        "I met Mr P at the bus stop",  # an initial alone is how people keep someone anonymous
        "my GP was helpful",
    ],
)
def test_not_names(text: str) -> None:
    assert found(text) == []


def test_a_name_nobody_in_the_place_has_is_not_found_on_its_own() -> None:
    """Accepted gap: only known names, titles and relatives tell the check that a word is a name."""
    assert found("John Smith at the desk was rude") == []


def test_accepted_false_positives_for_names() -> None:
    # A known name that is also a word, capitalised at the start of a sentence.
    assert found("Hope you are well.") == [(NAME, "Hope")]
    # Any capitalised word after a title.
    assert found("Dr Foster went to Gloucester") == [(NAME, "Dr Foster")]
    assert found("Sister Ward was busy") == [(NAME, "Sister Ward")]


# --- phone numbers -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Call me on 07700 900123 please", "07700 900123"),
        ("Call me on 07700900123.", "07700900123"),
        ("mobile: 07700-900-123", "07700-900-123"),
        ("mobile 077 0090 0123 any time", "077 0090 0123"),
        ("Tel:07700900123", "07700900123"),
        ("Ring 0113 496 0000 after six", "0113 496 0000"),
        ("Ring (0113) 496 0000 after six", "(0113) 496 0000"),
        ("Ring (01632) 960001", "(01632) 960001"),
        ("the office is 020 7946 0000.", "020 7946 0000"),
        ("the office is 020-7946-0000", "020-7946-0000"),
        ("the office is 020.7946.0000", "020.7946.0000"),
        ("free on 0800 123 456", "0800 123 456"),
        ("+44 7700 900123 is mine", "+44 7700 900123"),
        ("+447700900123 is mine", "+447700900123"),
        ("+44 (0)20 7946 0000 is ours", "+44 (0)20 7946 0000"),
        ("0044 20 7946 0000 from abroad", "0044 20 7946 0000"),
        ("my cousin in Paris: +33 1 23 45 67 89", "+33 1 23 45 67 89"),
        ("my cousin in Paris: 0033 1 23 45 67 89", "0033 1 23 45 67 89"),
        ("in Lagos +234 803 123 4567", "+234 803 123 4567"),
        ("in New York (212) 555-0100", "(212) 555-0100"),
        ("in New York +1 (212) 555-0100", "+1 (212) 555-0100"),
        ("ring 0113 496 0000 2 times", "0113 496 0000"),
    ],
)
def test_phone_numbers(text: str, number: str) -> None:
    only(text, PHONE, number)


@pytest.mark.parametrize(
    "text",
    [
        "From 1956 to 2001 I lived there",
        "In 1956-2001 things were different",
        "I waited from 10:30 to 14:45",
        "at 07:30 and 07.30-08.30",
        "It cost £1,250,000 to build",
        "It cost £07700 900123",  # money, however odd
        "€ 20 and $35.50",
        "More than 300 000 people and 12 345 678 visits",
        "Call 999 or 111, or text 85258",
        "the date was 01/02/2023",
        "We waited 0.5 hours",
        "room 0 1 2 3 4 5 6 7 8 9 10",
        "a reference 4857773456 from the NHS",  # no leading 0: accepted gap (NHS numbers)
        "from 3.4.1956 to 03.04.56",
        "version 2.0.12345678",
        "just 0777 1234",  # too short
    ],
)
def test_not_phone_numbers(text: str) -> None:
    assert [f for f in find_identifying(text) if f.kind == PHONE] == []


def test_several_phone_numbers_in_one_story() -> None:
    text = "Call 07700 900123 or 07700 900456, or the office (0113) 496 0000."
    assert found(text) == [(PHONE, "07700 900123"), (PHONE, "07700 900456"), (PHONE, "(0113) 496 0000")]


def test_accepted_false_positive_for_phone_numbers() -> None:
    # Any 10 or 11 digits starting with 0 look like a UK number.
    assert found("my reference is 0123456789") == [(PHONE, "0123456789")]


# --- email addresses ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("write to rosa.smith@example.org.", "rosa.smith@example.org"),
        ("Email j_o+stories@mail.example.co.uk today", "j_o+stories@mail.example.co.uk"),
        ("(me@example.com)", "me@example.com"),
    ],
)
def test_email_addresses(text: str, address: str) -> None:
    assert (EMAIL, address) in found(text)


@pytest.mark.parametrize("text", ["meet @ the hall", "it's on twitter as @rosa", "name@localhost", "a@b"])
def test_not_email_addresses(text: str) -> None:
    assert [f for f in find_identifying(text) if f.kind == EMAIL] == []


# --- addresses ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("I live at BF2 7QT now", "BF2 7QT"),
        ("post it to SW1A 1AA", "SW1A 1AA"),
        ("near M1 1AE", "M1 1AE"),
        ("bf2 7qt", "bf2 7qt"),
        ("BF27QT", "BF27QT"),
        ("the office at EC1A 1BB.", "EC1A 1BB"),
        ("We are at 12 Acacia Road.", "12 Acacia Road"),
        ("Flat 3, 14 High Street", "Flat 3, 14 High Street"),
        ("flat 3 14 High Street", "flat 3 14 High Street"),
        ("at 7b St Mary's Close", "7b St Mary's Close"),
        ("at 12 The Green", "12 The Green"),
        ("at 14 Oak Dr.", "14 Oak Dr"),
        ("at 221B Baker St", "221B Baker St"),
        ("at 3-5 Mill Lane", "3-5 Mill Lane"),
        ("at 40 Upper Brook Avenue", "40 Upper Brook Avenue"),
    ],
)
def test_addresses_and_postcodes(text: str, address: str) -> None:
    only(text, ADDRESS, address)


def test_an_address_with_its_postcode_is_two_findings() -> None:
    assert found("12 Acacia Road, Brackenfold BF2 7QT") == [(ADDRESS, "12 Acacia Road"), (ADDRESS, "BF2 7QT")]


@pytest.mark.parametrize(
    "text",
    [
        "the clinic on Station Road",  # no house number
        "I live in Brackenfold",
        "somewhere in BF2",  # half a postcode
        "the M25 5th junction",  # mixed case is not a postcode
        "a1 3rd floor",  # an ordinal
        "In 2019 The Green was busy",  # a year, not a house number
        "we waited 3 Long Days",
        "I had 2 bad weeks on the road",
        "£12 Park fee",
    ],
)
def test_not_addresses(text: str) -> None:
    assert [f for f in find_identifying(text) if f.kind == ADDRESS] == []


def test_accepted_false_positive_for_addresses() -> None:
    # A count followed by capitalised words ending in a street word.
    assert found("I saw 3 Red Park benches") == [(ADDRESS, "3 Red Park")]


# --- dates of birth ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("I was born on 3/4/1956 in Leeds", "born on 3/4/1956"),
        ("DOB 03.04.56", "DOB 03.04.56"),
        ("D.O.B. 1956-04-03", "D.O.B. 1956-04-03"),
        ("dob: 3-4-56", "dob: 3-4-56"),
        ("date of birth: 3 April 1956", "date of birth: 3 April 1956"),
        ("Date of Birth 3rd Apr 1956", "Date of Birth 3rd Apr 1956"),
        ("born on the 3rd of April 1956", "born on the 3rd of April 1956"),
        ("born 3 May 1956", "born 3 May 1956"),
        ("Birthday: April 3rd, 1956", "Birthday: April 3rd, 1956"),
        ("my birthday is the 3rd of April", "birthday is the 3rd of April"),
        ("my birthday is 3rd April so", "birthday is 3rd April"),
        ("My birthday's on 12 Dec", "birthday's on 12 Dec"),
    ],
)
def test_dates_of_birth(text: str, date: str) -> None:
    assert found(text) == [(BIRTH_DATE, date)]


@pytest.mark.parametrize(
    "text",
    [
        "I was born in 1956",  # a year alone
        "born in May 1956",  # a month and year
        "I am 67",
        "she was born 2 weeks early",
        "my appointment on 3/4/2024",  # a date, but not a birth date
        "it was my birthday party",
        "they dob you in if you complain",
    ],
)
def test_not_dates_of_birth(text: str) -> None:
    assert [f for f in find_identifying(text) if f.kind == BIRTH_DATE] == []


# --- together ----------------------------------------------------------------------------------------------------


def test_a_whole_story() -> None:
    text = (
        "My daughter Priya rang the Millbrook team on 0113 496 0000 about Mum. Mrs Patel came to 12 Acacia Road, "
        "BF2 7QT, the next day. Email me at priya@example.org. Mum was born on 3 May 1931 and May is her name too."
    )
    assert found(text) == [
        (NAME, "Priya"),
        (PHONE, "0113 496 0000"),
        (NAME, "Mrs Patel"),
        (ADDRESS, "12 Acacia Road"),
        (ADDRESS, "BF2 7QT"),
        (EMAIL, "priya@example.org"),
        (BIRTH_DATE, "born on 3 May 1931"),
        (NAME, "May"),
    ]


def test_the_longer_of_two_overlapping_findings_wins() -> None:
    # "Acacia" is someone's name, and part of an address.
    assert found("at 12 Acacia Road", known=["Acacia"]) == [(ADDRESS, "12 Acacia Road")]
    # "May" is someone's name, and part of a date of birth.
    assert found("born on 3 May 1956", known=["May"]) == [(BIRTH_DATE, "born on 3 May 1956")]


def test_every_finding_is_where_it_says() -> None:
    text = "Ring Mrs Patel on +44 (0)20 7946 0000 or write to p@example.org, Flat 3, 14 High Street, SW1A 1AA."
    findings = find_identifying(text, known_names=KNOWN)
    assert len(findings) == 5
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text


@pytest.mark.parametrize("text", ["", "   ", "Nothing here at all. The staff were kind and listened."])
def test_nothing_to_find(text: str) -> None:
    assert find_identifying(text, known_names=KNOWN) == []


def test_a_long_story_is_checked_quickly() -> None:
    import time

    text = ("The staff at the day centre listened to me, and I felt heard for once. " * 2000) + "Call 07700 900123"
    names = [f"Name{i}" for i in range(5000)] + KNOWN
    began = time.perf_counter()
    findings = find_identifying(text, known_names=names)
    assert findings[-1] == Finding(PHONE, "07700 900123", len(text) - len("07700 900123"))
    assert time.perf_counter() - began < 2.0
