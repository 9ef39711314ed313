"""Numbers in text: digits, number words, multipliers and fractions, parsed to values; ranges between them."""
from __future__ import annotations

import re

SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "dozen": 12}
FRACTION_WORDS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4,
    "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "eighth": 8, "eighths": 8, "tenth": 10, "tenths": 10,
}
VULGAR = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75, "⅕": 0.2, "⅛": 0.125, "⅜": 0.375, "⅝": 0.625, "⅞": 0.875}
SUFFIX_MULTIPLIERS = {"k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "B": 1e9, "T": 1e12, "tn": 1e12}

_SMALL = "|".join(sorted(SMALL, key=len, reverse=True))
_SCALE = "hundred|thousand|million|billion|trillion"
_WORD = rf"(?:{_SMALL})(?:-(?:{_SMALL}))?"
# a word number: "six", "twenty-one", "two thousand", "a hundred and two", "two and a half"
_WORD_NUMBER = (
    rf"(?:(?:{_WORD})|a(?=\s+(?:{_SCALE}|dozen)\b)|an(?=\s+(?:{_SCALE})\b))"
    rf"(?:(?:\s+|-)(?:and\s+)?(?:{_WORD}|{_SCALE}|dozen)\b)*"
    rf"(?:\s+and\s+a\s+half\b)?"
)
_FRACTION = r"(?:\d+\s+)?\d{1,2}/\d{1,3}(?![\d/])"
# thousands grouped by commas or thin spaces; by plain spaces only from two digits on ("10 000", not "5 100-metre")
_DIGITS = (r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+(?!\d)|\d{2,3}(?: \d{3})+(?![\d,.-])|\d+)"
           r"(?:\.\d+)?|\.\d+")
_SCIENTIFIC = r"(?:[eE][-+−]?\d+|\s?[×x]\s?(?:10(?:\^|⁻)?[-−]?[0-9⁰¹²³⁴⁵⁶⁷⁸⁹]+|\d{1,2}\^[-−]?\d{1,3}))"
_MULTIPLIER = rf"(?:\s+(?:{_SCALE})\b|\s*(?:bn|mn|tn)\b|[kK](?![\w°%]))"

NUMBER = re.compile(
    rf"(?<![\w.,/)\]])(?<![^\W\d_][-−])(?<![-−][-−])(?P<neg>[-−](?=[\d.]))?"
    rf"(?:(?P<fraction>{_FRACTION})|(?P<digits>{_DIGITS})(?P<sci>{_SCIENTIFIC})?(?P<vulgar>[½⅓⅔¼¾⅕⅛⅜⅝⅞])?"
    rf"(?P<mult>{_MULTIPLIER})?|(?P<vulgar_only>[½⅓⅔¼¾⅕⅛⅜⅝⅞])"
    rf"|(?P<words>(?i:{_WORD_NUMBER}))(?!\w)(?P<fracword>(?i:[\s-](?:{'|'.join(FRACTION_WORDS)}))\b)?)"
)
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


def parse_words(words: str) -> float:
    """The value of a run of number words: "a hundred and two" -> 102, "two and a half" -> 2.5."""
    total, current, half = 0.0, 0.0, False
    tokens = re.split(r"[\s-]+", words.lower())
    if tokens[-3:] == ["and", "a", "half"]:
        tokens, half = tokens[:-3], True
    for token in tokens:
        if token in SMALL:
            current += SMALL[token]
        elif token in ("a", "an"):
            current += 1
        elif token == "hundred":
            current = (current or 1) * 100
        elif token == "dozen":
            current = (current or 1) * 12
        elif token in SCALES:
            total += (current or 1) * SCALES[token]
            current = 0.0
    value = total + current
    return value + 0.5 if half else value


def parse_number(match: re.Match) -> float | None:
    """The value of a NUMBER match, or None when it does not parse."""
    sign = -1.0 if match.group("neg") else 1.0
    if match.group("fraction"):
        parts = match.group("fraction").split()
        numerator, denominator = parts[-1].split("/")
        if float(denominator) == 0:
            return None
        whole = float(parts[0]) if len(parts) == 2 else 0.0
        return sign * (whole + float(numerator) / float(denominator))
    if match.group("vulgar_only"):
        return VULGAR[match.group("vulgar_only")]
    if match.group("digits"):
        digits = re.sub(r"[, \u00a0\u202f\u2009]", "", match.group("digits"))
        value = float(digits)
        scientific = match.group("sci")
        if scientific:
            scientific = scientific.translate(_SUPERSCRIPT).replace("−", "-")
            exponent = re.search(r"[-+]?\d+$", scientific.replace("^", ""))
            if scientific.strip()[:1] in "eE":
                value *= 10 ** float(exponent.group(0))  # type: ignore[union-attr]  # the sci pattern ends in digits
            else:
                power = re.fullmatch(r"(10)\^?([-+]?\d+)|(\d+)\^([-+]?\d+)", scientific.replace(" ", "").lstrip("×x"))
                base, exponent_text = (power.group(1), power.group(2)) if power.group(1) else (power.group(3), power.group(4))  # type: ignore[union-attr]  # the sci pattern
                value *= float(base) ** float(exponent_text)  # "×10^n", "×10⁴", "×2^10"
        if match.group("vulgar"):
            value += VULGAR[match.group("vulgar")]
        multiplier = (match.group("mult") or "").strip()
        if multiplier:
            value *= SCALES.get(multiplier.lower(), SUFFIX_MULTIPLIERS.get(multiplier, 1))
        return sign * value
    value = parse_words(match.group("words"))
    fraction_word = match.group("fracword")
    if fraction_word:
        value = value / FRACTION_WORDS[fraction_word.strip(" -").lower()]
    return value


# a range joiner between two numbers: "6-7", "5 to 10", "5 or 6", "between 5 and 10" (and only after between)
RANGE_JOINER = re.compile(r"\s*(?:[-–—‐]|to|or|and|through|till|until)\s*", re.IGNORECASE)
# words that make a range of the next two numbers: "between 5 and 10", "from 5 to 10"
RANGE_OPENER = re.compile(r"(?:between|from)\s+$", re.IGNORECASE)
