"""Candidate mentions: numbers with their unit and counted noun, ranges, vague quantifiers, proportions, durations."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from retold.analyze.quantities import filters, numbers, vague
from retold.analyze.quantities.counted import Counted, TokenIndex, find_counted
from retold.analyze.quantities.frame import Frame
from retold.analyze.quantities.units import CURRENCY_SYMBOLS, DURATIONS, is_concrete_count, match_denominator, match_unit
from retold.model import HedgeType, QuantityKind

_CURRENCY_BEFORE = re.compile(
    rf"(?:{'|'.join(re.escape(s) for s in sorted(CURRENCY_SYMBOLS, key=len, reverse=True))})\s?$"
)
_CURRENCY_MULTIPLIER = re.compile(r"\s?(bn|mn|tn|m|M|b|B|k|K|T)\b")
_CURRENCY_MULTIPLIERS = {"bn": 1e9, "mn": 1e6, "tn": 1e12, "m": 1e6, "M": 1e6, "b": 1e9, "B": 1e9, "k": 1e3, "K": 1e3, "T": 1e12}
# a verb of change before "from X to Y" makes two figures of it ("rose from 5% to 9%")
_CHANGE_BEFORE = re.compile(
    r"\b(?:rose|rise[sn]?|rising|fell|fall(?:s|en|ing)?|increased?|increas(?:es|ing)|decreased?|decreas(?:es|ing)|"
    r"reduced?|reducing|grew|grow(?:s|n|ing)?|dropped|drops?|dropping|climbed|climbs?|jumped|jumps?|cut|cutting|raised?|raising|lowering|boost(?:s|ed|ing)?|brought|bringing|"
    r"lowered|changed?|revised|revising|updated|updating|adjusted|corrected|went|gone|soared|plunged|plummeted|slipped|doubled|tripled|shrank|expanded|up|down)\b[^.;]*$",
    re.IGNORECASE,
)
# an age: "aged 49", "ages of 5 and 7", "aged between 18 and 25"; the list after it continues the ages
_AGE_BEFORE = re.compile(r"\b(?:aged|ages?(?:\s+of)?)\s+(?:between\s+|from\s+)?$", re.IGNORECASE)
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|to\s+|[-–—]\s*)")
# "two aged fourteen": a number right before "aged" counts people, it is no age
_AGED_AFTER = re.compile(r"\s+aged\b", re.IGNORECASE)
# a number at the end of a hyphenated name: "hSOX2-23", "TRA-1–60" ("6-7" and "mid-2019" are not names)
_NAME_CHAIN_BEFORE = re.compile(r"[^\W\d_]\w*(?:[-–]\w+)*\d[-–]$")
_GLUED_DEGREES = re.compile(r"([CF])(?![\w'’°-])")
_TEMPERATURE_WORDS = re.compile(r"\b(?:temperatures?|heat|hot|cold|warm|cool|degrees|freezing|high of|low of|thermometers?|weather)\b", re.IGNORECASE)
_KELVIN_AFTER_DECIMALS = re.compile(r"\.\d{2,}K$")
# units that "a"/"an" makes a figure of; "a second", "a degree", "a pound", "a cup", "a ton of" are other words
_ONE_UNIT = re.compile(
    r"(?<![\w-])(?:[Aa]n?)\s(?P<unit>(?:kilo|centi|milli)?(?:metre|meter|gram|litre|liter)|mile|kilometre|kilometer|"
    r"gallon|hectare|acre|tonne|penny|kibibyte|mebibyte|gibibyte|kilowatt-hour|megawatt-hour)(?![\w-])"
)
# "a baker's dozen" is 13 and "a gross" 144, where "gross" is the noun: "a gross of pencils", "a gross is", not "a gross error"
_DOZEN_NAMES = re.compile(
    r"(?<![\w-])[Aa]\s+(?:baker['’]s\s+dozen|gross(?=\s+(?:of|is|was|costs?)\b|\s*[.,;:)]))(?![\w-])"
)
_MULTIPLIER_AFTER = re.compile(
    r"\s+times\s+(?:that|this|the|as|more|less|fewer|higher|lower|larger|bigger|greater|smaller|over)\b", re.IGNORECASE
)
_MAGNITUDE_BEFORE = re.compile(r"\bmagnitude[- ](?:of )?$", re.IGNORECASE)
_MAGNITUDE_AFTER = re.compile(r"[- ]magnitude\b", re.IGNORECASE)
_CLOCK_TIME = re.compile(r"0\d{3}")  # "0100": a four-digit figure with a leading zero is a clock time or a code
_TIME_ZONE_AFTER = re.compile(r"\s*(?:UTC|GMT|IST|EST|EDT|CST|CDT|PST|PDT|CET|CEST|BST|AEST|AEDT)\b")
_NUMBER_WORD_NAME = re.compile(r"(?:One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Eleven|Twelve)")
_PLUS_MINUS = re.compile(r"\s*(?:±|\+/-|\+-|\+/−)\s*")
# nouns that "one" makes an idiom of rather than a count: "one thing", "one way or another", "on the one hand"
OTHERS = "other"  # the unit of "others": whatever the sentence counted before ("12 killed and several others injured")
_ONE_IDIOM = re.compile(r"(?:thing|way|hand|moment)\b", re.IGNORECASE)
# "between the ages of 17 and 29": the range opener stands before the words that name the scale
_WEIGHT_WORDS = re.compile(r"\b(?:weigh(?:s|ed|ing|t|ts)?|heav(?:y|ier|iest)|kilograms?|kg|tons?|tonnes?|ounces?)\b", re.IGNORECASE)
_AGES_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?ages\s+of\s+$", re.IGNORECASE)
_DIMENSION_AFTER_INCH = re.compile(r"\s+(?:thick|long|wide|tall|high|deep|across|in diameter)\b")


@dataclass
class Mention:
    """A quantity before it becomes a record: offsets, interval, unit, counted phrase and hedges."""

    start: int
    end: int
    number_start: int
    number_end: int
    low: float | None
    high: float | None
    kind: QuantityKind
    unit: str | None = None
    counted: Counted | None = None
    low_inclusive: bool = True
    high_inclusive: bool = True
    measured: bool = False  # the unit is a measurement (km, %, USD), not a counted noun
    hedges: list[tuple[int, int, HedgeType]] = field(default_factory=list)
    inherited: tuple[str | None, str | None, tuple[int, int] | None] | None = None
    frame: Frame = field(default_factory=Frame)


class Context:
    """What every finder needs: the text, sentence starts, the token index and excluded ranges."""

    def __init__(self, text: str, doc, sentence_starts: list[int]) -> None:
        self.text = text
        self.doc = doc
        self.tokens = TokenIndex(doc, text)
        self.sentence_starts = sentence_starts
        self.names = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in filters.NAME_LABELS]
        self.title_names = filters.title_chain_names(text)

    def sentence_floor(self, offset: int) -> int:
        index = bisect.bisect_right(self.sentence_starts, offset) - 1
        return self.sentence_starts[index] if index >= 0 else 0

    def in_excluded(self, start: int, end: int) -> bool:
        return filters.is_excluded(self.text, start, end)

    def in_name(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.names)


def find_numbers(context: Context) -> list[Mention]:
    """Numbers in digits or words, with currency, unit or counted noun; names, dates and years left out."""
    text = context.text
    found: list[Mention] = []
    for match in numbers.NUMBER.finditer(text):
        start, end = match.span()
        if context.in_excluded(start, end):
            continue
        value = numbers.parse_number(match)
        if value is None:
            continue
        if _MULTIPLIER_AFTER.match(text, match.end()):
            continue  # "10 times that number", "three times as many": how much more, not how many
        if _CLOCK_TIME.fullmatch(match.group(0)) or _TIME_ZONE_AFTER.match(text, match.end()):
            continue  # "0100 UTC", "at 1408 GMT": a time of day
        if _NUMBER_WORD_NAME.fullmatch(match.group(0)) and _names_with_capital(text, match.start(), match.end()):
            continue  # "Marine One", "the Four Opens": a capitalised number word inside a name
        if (filters.previous_word(text, start), match.group(0)) in context.title_names:
            continue  # "Lost 52 sailed" after "the Lost 52 Project": the name, wherever the article repeats it
        if filters.in_quoted_modifier(text, context.sentence_floor(start), start, end) or filters.in_slogan(text, start, end):
            continue  # the "one country, two systems" model: a slogan quoted as a label, not two counts
        mention = _read_number(context, match, value)
        if mention is not None:
            if _MAGNITUDE_BEFORE.search(text, max(0, match.start() - 16), match.start()) or _MAGNITUDE_AFTER.match(text, match.end()):
                # "a magnitude 5.2 earthquake", "a 6.1-magnitude quake": a measure of one quake, not 5.2 quakes
                mention.unit, mention.measured, mention.counted, mention.end = "magnitude", True, None, mention.number_end
            found.append(mention)
    found += _find_single_units(context, found)
    found.sort(key=lambda m: m.start)
    _mark_ages(text, found)
    return _join_ranges(context, _join_tolerances(text, found))


def _find_single_units(context: Context, found: list[Mention]) -> list[Mention]:
    """"a gallon of beer", "a mile away": one of an unambiguous measurement unit ("a second", "a degree" are not)."""
    text = context.text
    singles = []
    for match in _ONE_UNIT.finditer(text):
        if any(m.start < match.end() and match.start() < m.end for m in found) or context.in_excluded(*match.span()):
            continue
        unit = match_unit(text, match.start("unit") - 1)
        if unit is None or unit[1] != match.end():
            continue
        singles.append(Mention(match.start(), match.end(), match.start(), match.end(), 1.0, 1.0, "point",
                               unit=unit[0], measured=True))
    for match in _DOZEN_NAMES.finditer(text):
        if any(m.start < match.end() and match.start() < m.end for m in found) or context.in_excluded(*match.span()):
            continue
        value = 13.0 if "dozen" in match.group(0).lower() else 144.0
        mention = Mention(match.start(), match.end(), match.start(), match.end(), value, value, "point")
        _attach_counted(context, mention)
        singles.append(mention)
    return singles


def _join_tolerances(text: str, found: list[Mention]) -> list[Mention]:
    """"3.19 ± 0.10 GPa" is one figure, the range [3.09, 3.29], not two."""
    joined: list[Mention] = []
    for mention in found:
        if joined and _PLUS_MINUS.fullmatch(text[joined[-1].number_end if not joined[-1].measured else joined[-1].end : mention.number_start]):
            first = joined[-1]
            if (first.low is not None and mention.low is not None and first.kind == mention.kind == "point"
                    and (not first.measured or not mention.measured or first.unit == mention.unit)):
                centre, spread = first.low, abs(mention.low)
                joined[-1] = Mention(first.start, mention.end, first.number_start, mention.number_end, centre - spread,
                                     centre + spread, "range", unit=mention.unit or first.unit, counted=mention.counted,
                                     measured=mention.measured or first.measured)
                continue
        joined.append(mention)
    return joined


def _mark_ages(text: str, found: list[Mention]) -> None:
    """Numbers after "aged" (and the list that goes on from them) are ages in years: they count nobody."""
    previous_age: Mention | None = None
    for mention in found:
        before = text[max(0, mention.number_start - 30) : mention.number_start]
        continues = previous_age is not None and bool(_LIST_GAP.fullmatch(text[previous_age.end : mention.number_start]))
        is_age = (not mention.measured and (bool(_AGE_BEFORE.search(before)) or continues)
                  and not _AGED_AFTER.match(text, mention.number_end))
        if is_age:
            mention.unit, mention.measured, mention.counted, mention.end = "year", True, None, mention.number_end
        previous_age = mention if is_age else None


def _read_number(context: Context, match: re.Match, value: float) -> Mention | None:
    text = context.text
    start, end = match.span()
    surface = match.group(0)
    mention = Mention(start, end, start, end, value, value, "point")
    currency = _CURRENCY_BEFORE.search(text, max(0, start - 4), start)
    if currency:
        mention.start = currency.start()
        mention.unit, mention.measured = CURRENCY_SYMBOLS[currency.group(0).strip()], True
        multiplier = _CURRENCY_MULTIPLIER.match(text, end)
        if multiplier:
            mention.low = mention.high = value * _CURRENCY_MULTIPLIERS[multiplier.group(1)]
            mention.end = multiplier.end()
        per = match_denominator(text, mention.end)
        if per is not None:
            mention.unit, mention.end = f"{mention.unit}/{per[0]}", per[1]
    else:
        unit = match_unit(text, end)
        if unit is not None and text[end : unit[1]].strip() == "in" and not _DIMENSION_AFTER_INCH.match(text, unit[1]):
            if re.match(r"\s+\w", text[unit[1] : unit[1] + 3]):
                unit = None  # "5 in the morning", "aged 70 in 2010": the preposition, not inches
        glued_degrees = _GLUED_DEGREES.match(text, end)
        if glued_degrees and value >= 0 and not _TEMPERATURE_WORDS.search(text, context.sentence_floor(start), start):
            glued_degrees = None  # "14C", "13C": an isotope (or a battery's rate) unless the sentence speaks of heat
        kelvin = _KELVIN_AFTER_DECIMALS.search(surface)
        if kelvin:
            # "573.15K": hundredths of a thousand are no count, the K is kelvin
            mention.low = mention.high = value / 1000
            mention.unit, mention.measured = "K", True
        elif unit is not None:
            mention.unit, mention.end, mention.measured = unit[0], unit[1], True
            if unit[0] == "lb" and _is_sterling(context, start, unit[1]):
                mention.unit = "GBP"
        elif end < len(text) and text[end] in '"″' and _closes_no_quote(text, context.sentence_floor(start), start):
            # 'Wrench 8"': a double quote glued to a number, with no quotation open before it, is the inch sign
            mention.unit, mention.end, mention.measured = "in", end + 1, True
        elif glued_degrees:
            # "-10C", "30C": the weather report's degrees, glued to the number with no ° sign
            mention.unit, mention.end, mention.measured = f"°{glued_degrees.group(1)}", glued_degrees.end(), True
        elif end < len(text) and (text[end].isalpha() or text[end] in "@"):
            return None  # "21st", "3D", "4G": letters glued to the number make a name or an ordinal
    after = mention.end
    if after < len(text) and text[after] == "-" and after + 1 < len(text) and text[after + 1].isalpha():
        after += 1
    if not mention.measured or _starts_of(text, mention.end):
        counted = find_counted(context.tokens, after)
        if counted is not None and counted.unit in DURATIONS:
            counted = None
        mention.counted = counted
        if counted is not None:
            mention.end = max(mention.end, counted.end)
            if not mention.measured:
                mention.unit = counted.unit
    words = match.group("words")
    if words and value == 1 and not mention.measured and (mention.counted is None or mention.counted.via_of):
        return None  # "one of them", "one day": the pronoun and idioms, not a count
    if words and value == 1 and mention.counted is not None and _ONE_IDIOM.match(mention.counted.text):
        return None  # "one thing I would like to say", "one way or another": a manner of speaking, no figure
    if not mention.measured and filters.is_year(surface) and not (mention.counted and mention.counted.plural and not mention.counted.via_of):
        return None
    if _is_name(context, start, end, mention):
        return None
    return mention


def _is_sterling(context: Context, start: int, end: int) -> bool:
    """"24 million pounds" in a sentence of money (a loss, a price) and of no weight is sterling; "pounds of" weighs."""
    text = context.text
    if re.match(r"\s+of\b", text[end : end + 4]) or not text[start:end].lower().endswith("pounds"):
        return False  # "a twenty-pound bag" weighs; sterling in words is plural, "20 million pounds"
    floor = context.sentence_floor(start)
    following = bisect.bisect_right(context.sentence_starts, start)
    ceiling = context.sentence_starts[following] if following < len(context.sentence_starts) else len(text)
    return bool(filters.MONEY_WORDS.search(text, floor, ceiling)) and not _WEIGHT_WORDS.search(text, floor, ceiling)


def _names_with_capital(text: str, start: int, end: int) -> bool:
    """Whether a capitalised number word stands inside a name: a capitalised word just before it ("Marine One") or
    just after it ("the Four Opens"), and not at a sentence's start."""
    before = re.search(r"([^\W\d_][\w'’-]*)\s+$", text[max(0, start - 30) : start])
    after = re.match(r"\s+([^\W\d_][\w'’-]*)", text[end : end + 30])
    sentence_start = not text[:start].strip() or re.search(r"[.!?:\n][\"'”’)]*\s*$", text[max(0, start - 5) : start])
    if sentence_start:
        return False
    return bool(before and before.group(1)[0].isupper() or after and after.group(1)[0].isupper())


def _closes_no_quote(text: str, floor: int, start: int) -> bool:
    """True when no straight double quotation is open between the sentence start and `start`."""
    return text.count('"', floor, start) % 2 == 0 and text.count("“", floor, start) <= text.count("”", floor, start)


def _starts_of(text: str, end: int) -> bool:
    return text[end : end + 4].lower() == " of "


def _is_name(context: Context, start: int, end: int, mention: Mention) -> bool:
    """True when the number is a label: "Section 3", "Boeing 737", a number inside a product or organisation name."""
    text = context.text
    # "Fig. 5B": a capital glued to the number is a panel letter, not a unit (bytes)
    panel = mention.measured and mention.end - end == 1 and text[end].isupper()
    if (not mention.measured or panel) and (filters.previous_word(text, start) in filters.NAMING_WORDS or filters.in_labelled_list(text, start)):
        return True
    if _NAME_CHAIN_BEFORE.search(text, max(0, start - 20), start):
        return True
    if context.in_name(start, end) and not mention.measured:
        return True
    if mention.measured or mention.counted is not None:
        return False
    doc = context.doc
    i = context.tokens.last_before(start)
    if i >= 0:
        token = doc[i]
        if token.pos_ == "PROPN" and token.idx + len(token) >= start - 1 and not token.is_sent_start and token.text[:1].isupper():
            return True
    return False


def _join_ranges(context: Context, found: list[Mention]) -> list[Mention]:
    """Join "6-7 km", "5 to 10", "5 or 6 people", "between 5 and 10" into one range mention."""
    text = context.text
    joined: list[Mention] = []
    i = 0
    while i < len(found):
        first = found[i]
        if i + 1 < len(found):
            second = found[i + 1]
            if _is_score(text, first, second):
                i += 2  # "won 3-2": a score, not two counts
                continue
            # the first may carry its own unit ("44 mg to 50 mg") or none ("6-7 km")
            gap_start = first.end if first.unit and first.measured else first.number_end
            gap = text[gap_start : second.number_start]
            opener = vague_opener(text, first.number_start)
            between_ages = bool(_AGES_BETWEEN.search(text, max(0, first.number_start - 30), first.number_start))
            # the verb of change may stand far back in the clause: "increasing the confirmed death toll from 14 to 31"
            clause = text[context.sentence_floor(first.number_start) : first.number_start]
            ok = _is_range_gap(gap, opener or ("between " if between_ages else ""), first, second, clause)
            if not ok and not first.measured and second.measured and gap.strip() == "to" and _is_tally(first, second):
                first.unit, first.measured = second.unit, True  # "50.1 to 42.9 percent": both sides are percentages
            if ok:
                low, high = sorted((first.low, second.low))  # type: ignore[type-var]  # a number mention always has its value
                if second.measured and second.unit and second.unit.startswith(("USD", "EUR", "GBP")) is False and first.unit and first.measured and first.unit != second.unit:
                    ok = False
            if ok:
                mention = Mention(
                    first.start, second.end, first.number_start, second.number_end, low, high, "range",
                    unit=second.unit or first.unit, counted=second.counted, measured=second.measured or first.measured,
                )
                if opener:
                    mention.start = first.start - len(opener)
                joined.append(mention)
                i += 2
                continue
        joined.append(first)
        i += 1
    return joined


def _is_score(text: str, first: Mention, second: Mention) -> bool:
    """Two bare integers joined by a dash with the larger first ("3-2") read as a score or a vote."""
    if first.measured or second.measured or first.counted is not None or first.low is None or second.low is None:
        return False
    gap = text[first.number_end : second.number_start]
    return gap in ("-", "–", "—") and first.low >= second.low and first.low == int(first.low) and second.low == int(second.low)


def vague_opener(text: str, start: int) -> str:
    """"between " or "from " right before a number, or ''."""
    match = numbers.RANGE_OPENER.search(text, max(0, start - 10), start)
    return match.group(0) if match else ""


def _is_range_gap(gap: str, opener: str, first: Mention, second: Mention, text_before: str) -> bool:
    match = numbers.RANGE_JOINER.fullmatch(gap) or re.fullmatch(r"-\s*to\s+", gap)
    if not match:
        return False
    joiner = gap.strip().lower()
    if joiner == "and":
        return opener.lower().startswith("between")
    if joiner == "to" and opener.lower().startswith("from") and _CHANGE_BEFORE.search(text_before):
        return False  # "rose from 5 to 10" is a change between two figures, not a range
    if joiner == "to" and not opener and _is_tally(first, second):
        return False  # "a count of 359 to 179": a tally of two sides; a range is written from its low end
    if first.counted is not None and joiner not in ("-", "–", "—", "‐", "or", "to"):
        return False
    if first.counted is not None and first.counted.end <= second.number_start:
        return False  # "50 trucks, 13 buses" or "5 trucks or 6 buses": two counts
    if joiner in ("-", "–", "—", "‐") and first.low is not None and second.low is not None:
        return second.low >= first.low  # "2-1" with the larger first reads as a score
    return True


def _is_tally(first: Mention, second: Mention) -> bool:
    """Two figures with the larger first ("359 to 179", "50.1 to 42.9 percent"): the two sides of a vote or a poll."""
    if first.low is None or second.low is None or first.measured and first.unit != second.unit:
        return False
    # "−25.9 to −26.5‰" runs from the low end by magnitude: only figures of no sign are read as two sides
    return 0 <= second.low < first.low and (not second.measured or second.unit == "%")


def find_vague(context: Context, taken: list[tuple[int, int]]) -> list[Mention]:
    """Vague multiples ("a few dozen", "hundreds"), determiners ("some" + plural), proportions and bare durations."""
    text = context.text
    found: list[Mention] = []

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in taken) and not any(m.number_start < end and start < m.end for m in found)

    low: float | None
    high: float | None
    for match in vague.VAGUE_MULTIPLE.finditer(text):
        interval = vague.multiple_interval(match)
        if interval is None or not free(*match.span()):
            continue
        low, high, kind = interval
        mention = Mention(match.start(), match.end(), match.start(), match.end(), low, high, kind)
        _attach_counted(context, mention)
        found.append(mention)
    for match in vague.VAGUE_DETERMINER.finditer(text):
        if not free(*match.span()):
            continue
        counted = find_counted(context.tokens, match.end(), allow_of=False)
        if counted is None or not counted.plural or counted.start - match.end() > 1:
            continue
        if not is_concrete_count(counted.unit) and counted.unit not in DURATIONS and counted.unit != OTHERS:
            continue  # "many ways", "several assumptions": no count anyone would compare
        low, high = vague.determiner_interval(match)
        mention = Mention(match.start(), counted.end, match.start(), match.end(), low, high, "vague", counted.unit, counted)
        found.append(mention)
    for match in vague.PROPORTION.finditer(text):
        if not free(*match.span()) or vague.NOT_PROPORTION_BEFORE.search(text, max(0, match.start() - 8), match.start()):
            continue
        counted = find_counted(context.tokens, match.end("word"), allow_of=True)
        if counted is None or not _proportion_reads(context, match, counted):
            continue
        if " ".join(match.group("word").lower().split()) not in vague.FRACTIONS and not is_concrete_count(counted.unit):
            continue  # "all samples", "most of the material": a manner of speaking, a fraction ("half") still counts
        low, high, low_inclusive, high_inclusive = vague.proportion_interval(match)
        mention = Mention(match.start(), counted.end, match.start(), match.end("word"), low, high, "proportion", "fraction", counted)
        mention.low_inclusive, mention.high_inclusive = low_inclusive, high_inclusive
        found.append(mention)
    for match in vague.DURATION.finditer(text):
        if not free(*match.span()) or not vague.is_vague_duration(text, match, context.sentence_floor(match.start())):
            continue
        low, high = vague.VAGUE_DURATIONS[match.group("word").lower()]
        unit = match.group("word").lower().rstrip("s").replace("centurie", "century")
        found.append(Mention(match.start(), match.end(), match.start(), match.end(), low, high, "vague", unit, measured=True))
    return found


def _attach_counted(context: Context, mention: Mention) -> None:
    counted = find_counted(context.tokens, mention.end)
    if counted is not None:
        mention.counted, mention.unit, mention.end = counted, counted.unit, counted.end
        if counted.unit in DURATIONS:
            mention.counted, mention.measured, mention.end = None, True, counted.end


def _proportion_reads(context: Context, match: re.Match, counted: Counted) -> bool:
    """A proportion word counts something only before a noun phrase: "all of their fighters", not "most important"."""
    word = match.group("word").lower()
    if counted.via_of:
        return True
    if word in ("all", "most"):
        doc = context.doc
        i = context.tokens.first_at_or_after(match.start())
        if i < len(doc) and doc[i].dep_ == "advmod":
            return False
        return counted.plural and counted.start - match.end() <= 6
    return word in ("half",) and counted.start - match.end() <= 6
