"""Unit lexicon: measurement units after a number, and counted nouns that normalise to a unit (person, truck...)."""
from __future__ import annotations

import re

# symbol -> normalised unit; symbols are case-sensitive (m is metre, M is molar)
_SYMBOLS: dict[str, str] = {
    # length
    "km": "km", "m": "m", "cm": "cm", "mm": "mm", "μm": "μm", "µm": "μm", "um": "μm", "nm": "nm", "pm": "pm",
    "Å": "Å", "mi": "mi", "ft": "ft", "yd": "yd", "AU": "AU", "ly": "ly",
    # mass
    "kg": "kg", "g": "g", "in": "in", "mg": "mg", "μg": "μg", "µg": "μg", "ug": "μg", "ng": "ng", "t": "t", "Mt": "Mt",
    "Gt": "Gt", "kt": "kt", "lb": "lb", "lbs": "lb", "oz": "oz",
    # volume and area
    "L": "L", "l": "L", "mL": "mL", "ml": "mL", "μL": "μL", "µL": "μL", "μl": "μL", "cl": "cL", "cL": "cL",
    "dl": "dL", "dL": "dL", "ha": "ha", "cc": "mL", "tbsp": "tbsp", "tsp": "tsp",
    # time
    "s": "s", "sec": "s", "ms": "ms", "μs": "μs", "µs": "μs", "ns": "ns", "min": "min", "mins": "min",
    "h": "h", "hr": "h", "hrs": "h", "yr": "year", "yrs": "year", "Ma": "Ma", "ka": "ka", "Ga": "Ga", "kyr": "ka",
    "Myr": "Ma", "Gyr": "Ga",
    # temperature and angle
    "°C": "°C", "℃": "°C", "°F": "°F", "℉": "°F", "K": "K", "°": "°",
    # energy, power, frequency, pressure, electricity
    "J": "J", "kJ": "kJ", "MJ": "MJ", "eV": "eV", "keV": "keV", "MeV": "MeV", "GeV": "GeV", "TeV": "TeV",
    "cal": "cal", "kcal": "kcal", "Wh": "Wh", "kWh": "kWh", "MWh": "MWh", "GWh": "GWh", "TWh": "TWh",
    "W": "W", "kW": "kW", "MW": "MW", "GW": "GW", "mW": "mW", "Hz": "Hz", "kHz": "kHz", "MHz": "MHz",
    "GHz": "GHz", "Pa": "Pa", "kPa": "kPa", "MPa": "MPa", "GPa": "GPa", "hPa": "hPa", "bar": "bar",
    "mbar": "mbar", "mBar": "mbar", "μbar": "μbar", "nbar": "nbar", "atm": "atm", "Torr": "Torr", "psi": "psi",
    "V": "V", "kV": "kV", "mV": "mV", "mA": "mA", "μA": "μA", "Ω": "Ω", "kΩ": "kΩ", "T": "T", "mT": "mT",
    "Gy": "Gy", "mGy": "mGy", "Sv": "Sv", "mSv": "mSv", "dB": "dB",
    # amount and concentration
    "mol": "mol", "mmol": "mmol", "μmol": "μmol", "M": "M", "mM": "mM", "μM": "μM", "µM": "μM", "nM": "nM",
    "ppm": "ppm", "ppb": "ppb", "ppt": "ppt", "wt%": "wt%", "wt.%": "wt%", "vol%": "vol%",
    # data, speed
    "B": "B", "kB": "kB", "KB": "kB", "MB": "MB", "GB": "GB", "TB": "TB", "PB": "PB", "EB": "EB",
    "Gb": "Gb", "Mb": "Mb", "kbps": "kbps", "Mbps": "Mbps", "Gbps": "Gbps",
    "mph": "mph", "kph": "km/h", "kmh": "km/h", "kn": "kn", "kt.": "kn",
    # proportions
    "%": "%", "‰": "‰", "pct": "%", "bp": "bp", "€": "EUR", "£": "GBP",
}

# word units (matched case-insensitively, singular or plural) -> normalised unit
_WORDS: dict[str, str] = {
    "kilometre": "km", "kilometer": "km", "metre": "m", "meter": "m", "centimetre": "cm", "centimeter": "cm",
    "millimetre": "mm", "millimeter": "mm", "micrometre": "μm", "micrometer": "μm", "micron": "μm",
    "nanometre": "nm", "nanometer": "nm", "mile": "mi", "foot": "ft", "feet": "ft", "inch": "in", "inches": "in",
    "yard": "yd", "light-year": "ly", "light year": "ly", "nautical mile": "nmi",
    "kilogram": "kg", "kilo": "kg", "gram": "g", "gramme": "g", "milligram": "mg", "microgram": "μg",
    "tonne": "t", "ton": "t", "metric ton": "t", "pound": "lb", "ounce": "oz",
    "litre": "L", "liter": "L", "millilitre": "mL", "milliliter": "mL", "centilitre": "cL", "gallon": "gal",
    "barrel": "barrel", "cup": "cup", "tablespoon": "tbsp", "teaspoon": "tsp",
    "hectare": "ha", "acre": "acre", "square kilometre": "km2", "square kilometer": "km2", "square mile": "mi2",
    "square metre": "m2", "square meter": "m2", "square foot": "ft2", "square feet": "ft2",
    "cubic kilometre": "km3", "cubic kilometer": "km3", "cubic metre": "m3", "cubic meter": "m3",
    "second": "s", "millisecond": "ms", "minute": "min", "hour": "h", "day": "day", "week": "week",
    "fortnight": "fortnight", "month": "month", "year": "year", "decade": "decade", "century": "century",
    "centuries": "century", "millennium": "millennium", "millennia": "millennium",
    "degree celsius": "°C", "degrees celsius": "°C", "degree centigrade": "°C", "degrees centigrade": "°C",
    "degree fahrenheit": "°F", "degrees fahrenheit": "°F", "degree": "°", "kelvin": "K",
    "joule": "J", "kilojoule": "kJ", "calorie": "cal", "kilocalorie": "kcal", "electronvolt": "eV",
    "watt": "W", "kilowatt": "kW", "megawatt": "MW", "gigawatt": "GW", "kilowatt-hour": "kWh",
    "kilowatt hour": "kWh", "megawatt-hour": "MWh", "megawatt hour": "MWh", "gigawatt-hour": "GWh",
    "hertz": "Hz", "kilohertz": "kHz", "megahertz": "MHz", "gigahertz": "GHz", "volt": "V", "kilovolt": "kV",
    "amp": "A", "ampere": "A", "pascal": "Pa", "megapascal": "MPa", "atmosphere": "atm",
    "byte": "B", "kilobyte": "kB", "megabyte": "MB", "gigabyte": "GB", "terabyte": "TB", "exabyte": "EB",
    "bit": "bit", "decibel": "dB", "mole": "mol", "knot": "kn",
    "kilometres per hour": "km/h", "sq mi": "mi2", "sq km": "km2", "sq ft": "ft2", "sq m": "m2", "kilometers per hour": "km/h", "miles per hour": "mph",
    "percent": "%", "per cent": "%", "percentage point": "percentage point", "per mille": "‰",
    # currency words
    "dollar": "USD", "euro": "EUR", "pound sterling": "GBP", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY",
    "penny": "penny", "kibibyte": "KiB", "mebibyte": "MiB", "gibibyte": "GiB", "rupee": "INR", "ruble": "RUB", "rouble": "RUB", "franc": "CHF", "peso": "MXN", "cent": "cent",
}

CURRENCY_SYMBOLS: dict[str, str] = {
    "US$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₽": "RUB", "A$": "AUD",
    "C$": "CAD", "HK$": "HKD", "NZ$": "NZD", "USD": "USD", "EUR": "EUR", "GBP": "GBP", "JPY": "JPY",
    "CHF": "CHF", "CNY": "CNY", "INR": "INR", "AUD": "AUD", "CAD": "CAD", "Rs": "INR", "Rs.": "INR",
}
# a currency code or word may also follow the number ("10 000 dollars", "5 million USD")
_CURRENCY_AFTER = {k: v for k, v in CURRENCY_SYMBOLS.items() if k.isalpha() and k.isupper()}

# duration units, and the plural nouns that make a vague duration ("after months of fighting")
DURATIONS = {"s", "ms", "min", "h", "day", "week", "fortnight", "month", "year", "decade", "century", "millennium"}
VAGUE_DURATIONS: dict[str, tuple[float, float | None]] = {
    # 2 up to one short of the next larger unit, following the seed convention "months" = 2-11
    "seconds": (2, 59), "minutes": (2, 59), "hours": (2, 23), "days": (2, 6), "weeks": (2, 4),
    "months": (2, 11), "years": (2, None), "decades": (2, 9), "centuries": (2, None),
}

# counted nouns that normalise to "person" (lemmas)
PERSON_NOUNS = frozenset(
    """person people man men woman women child children kid kids boy girl baby babies adult adults fighter
    soldier troop civilian resident citizen member brother sister family refugee migrant immigrant worker
    employee student teacher patient victim casualty hostage prisoner detainee inmate protester demonstrator
    militant insurgent rebel jihadist terrorist gunman officer policeman police agent voter participant
    volunteer passenger tourist visitor doctor nurse staff journalist reporter survivor individual
    inhabitant villager official supporter follower fan player athlete youth teenager infant pupil recruit
    guard personnel combatant militiaman militiamen sailor pilot crew user customer delegate lawmaker
    legislator senator candidate respondent subject volunteer worshipper pilgrim settler evacuee
    orphan widow mother father parent son daughter wife husband relative sibling cousin friend labourer laborer
    farmer miner firefighter rescuer driver fisherman fishermen engineer scientist researcher lawyer judge priest
    contractor""".split()
)
VEHICLE_NOUNS = frozenset(
    "truck bus vehicle car van tank lorry jeep pickup boat ship vessel aircraft plane jet helicopter drone "
    "train motorcycle ambulance minibus coach".split()
)
# concrete things news counts besides people and vehicles: a vague amount ("many", "most of") of these is a claim
# worth comparing across outlets; of anything else ("many ways", "all samples") it is a figure of speech
CONCRETE_NOUNS = frozenset(
    """home house building apartment flat village town city school hospital shop store business factory church mosque
    shelter tent camp road bridge farm field animal cattle cow sheep goat horse dog bird fish whale tree weapon gun
    rifle bomb missile rocket shell mine round bullet body corpse grave casualty death injury case infection
    vote seat ballot job""".split()
)
# generic nouns that stand for a count made elsewhere ("the numbers were higher")
GENERIC_COUNT_NOUNS = frozenset("number numbers figure figures total toll count tally estimate estimates".split())


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _word_forms(word: str) -> list[str]:
    if word.endswith(("s", "°", "%")) and " " not in word and word in ("inches", "centuries", "millennia"):
        return [word]
    forms = [word]
    if not word.endswith("s"):
        forms.append(word[:-1] + "ies" if word.endswith("y") and word[-2] not in "aeiou" else word + "s")
        forms.append(word + "es")
    return forms


_WORD_FORMS: dict[str, str] = {}
for _word, _unit in _WORDS.items():
    for _form in _word_forms(_word):
        _WORD_FORMS.setdefault(_form.lower(), _unit)
_WORD_FORMS["feet"] = "ft"
_WORD_FORMS["pounds"] = "lb"

_ATOM = (
    rf"(?:(?P<word>(?i:{_alternation(_WORD_FORMS)}))(?![\w])"
    rf"|(?P<sym>{_alternation(_SYMBOLS)}|{_alternation(_CURRENCY_AFTER)})(?:(?P<exp>\^?[-−]?[0-9]|(?<=[^\W\d_])[-−] [0-9](?![\d.,])|[²³¹⁻]+)+)?(?![\w%°]))"
)
# an atom, then optional "/ atom", "per atom" or " atom−1" parts: "mg/L", "km per hour", "m s−1"
UNIT = re.compile(rf"[ \u00a0\u202f]?-?(?:{_ATOM})")
_JOINER = re.compile(rf"(?:\s*/\s*|\s+per\s+|[ ·⋅](?=[^\W\d_]+(?:[-−⁻]\d|− \d(?![\d.,]))))(?:{_ATOM})")


def _normalise_atom(match: re.Match) -> str:
    if match.group("word"):
        return _WORD_FORMS[match.group("word").lower()]
    symbol = match.group("sym")
    unit = _SYMBOLS.get(symbol) or _CURRENCY_AFTER[symbol]
    exponent = match.group("exp")
    if exponent:
        exponent = exponent.replace("^", "").replace(" ", "").replace("⁻", "−").replace("-", "−").replace("²", "2").replace("³", "3")
        unit += exponent
    return unit


def match_unit(text: str, position: int) -> tuple[str, int, bool] | None:
    """The unit starting at `position` (after a number): (normalised unit, end offset, is a word unit)."""
    match = UNIT.match(text, position)
    if match is None:
        return None
    # "2 in the morning" or "5 s" alone are too ambiguous: a space-separated one-letter symbol needs a boundary
    symbol = match.group("sym")
    if symbol and symbol in _AMBIGUOUS_AFTER_SPACE and match.group(0)[:1].isspace():
        following = text[match.end() : match.end() + 2]
        if following[:1] == " " and following[1:2].islower() and not _DIMENSION.match(text, match.end()):
            return None
    if match.group(0).startswith("-") and not match.group("word"):
        return None
    unit, end = _normalise_atom(match), match.end()
    is_word = bool(match.group("word"))
    while True:
        joined = _JOINER.match(text, end)
        if joined is None:
            break
        part = _normalise_atom(joined)
        separator = "/" if ("/" in joined.group(0) or " per " in joined.group(0)) else " "
        unit, end = f"{unit}{separator}{part}", joined.end()
    return unit, end, is_word


# symbols that are common words or letters in running text: after a space they need punctuation or a digit next
_AMBIGUOUS_AFTER_SPACE = frozenset({"in", "t", "l", "A", "T", "B", "bar", "cup", "ha", "kn", "ly", "cc", "pm"})


def match_denominator(text: str, position: int) -> tuple[str, int] | None:
    """A "/unit" or "per unit" right after a currency amount ("$15.4/hour", "$350 per kg"): (unit, end)."""
    joined = _JOINER.match(text, position)
    if joined is None or not ("/" in joined.group(0) or " per " in joined.group(0)):
        return None
    return _normalise_atom(joined), joined.end()


_DIMENSION = re.compile(r"\s+(?:thick|long|wide|tall|high|deep|across|in diameter)\b")


def is_concrete_count(unit: str | None) -> bool:
    """True when a counted noun's unit names people, vehicles or another concrete thing news counts."""
    return unit is not None and (unit == "person" or unit in VEHICLE_NOUNS or unit in CONCRETE_NOUNS)


def count_unit(lemma: str) -> str:
    """The unit a counted noun normalises to: person for people, the singular for vehicles, else the lemma."""
    lemma = lemma.lower()
    if lemma in PERSON_NOUNS or lemma.endswith(("man", "men")):
        return "person"
    if lemma in VEHICLE_NOUNS:
        return lemma
    return lemma
