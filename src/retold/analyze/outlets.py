"""News outlets by the names and web domains an article uses for them (a list written for retold)."""
from __future__ import annotations

import re

# canonical name -> other names and domains; lower case. Extend freely: it only decides what counts as an outlet.
OUTLETS: dict[str, tuple[str, ...]] = {
    "BBC": ("bbc", "bbc news", "the bbc", "bbc.co.uk", "bbc.com", "british broadcasting corporation"),
    "Reuters": ("reuters", "reuters.com", "thomson reuters"),
    "Associated Press": ("associated press", "the associated press", "ap", "apnews.com", "ap news"),
    "AFP": ("afp", "agence france-presse", "agence france presse", "afp.com"),
    "CNN": ("cnn", "cnn.com"),
    "The New York Times": ("new york times", "the new york times", "nytimes", "nytimes.com", "the times"),
    "The Washington Post": ("washington post", "the washington post", "washingtonpost.com", "the post"),
    "The Wall Street Journal": ("wall street journal", "the wall street journal", "wsj", "wsj.com"),
    "The Guardian": ("guardian", "the guardian", "theguardian.com"),
    "Al Jazeera": ("al jazeera", "aljazeera", "aljazeera.com"),
    "Fox News": ("fox news", "foxnews.com", "fox"),
    "NBC News": ("nbc", "nbc news", "nbcnews.com"),
    "CBS News": ("cbs", "cbs news", "cbsnews.com"),
    "ABC News": ("abc news", "abcnews.go.com"),
    "NPR": ("npr", "npr.org", "national public radio"),
    "Bloomberg": ("bloomberg", "bloomberg.com", "bloomberg news"),
    "Politico": ("politico", "politico.com"),
    "The Hill": ("the hill", "thehill.com"),
    "Breitbart": ("breitbart", "breitbart news", "breitbart.com"),
    "HuffPost": ("huffpost", "huffington post", "the huffington post", "huffpost.com"),
    "USA Today": ("usa today", "usatoday.com"),
    "Financial Times": ("financial times", "the financial times", "ft", "ft.com"),
    "The Economist": ("economist", "the economist", "economist.com"),
    "The Telegraph": ("telegraph", "the telegraph", "telegraph.co.uk", "daily telegraph"),
    "The Independent": ("the independent", "independent.co.uk"),
    "Daily Mail": ("daily mail", "the daily mail", "dailymail.co.uk", "mail online"),
    "Sky News": ("sky news", "news.sky.com"),
    "Le Monde": ("le monde", "lemonde.fr"),
    "Der Spiegel": ("der spiegel", "spiegel", "spiegel.de"),
    "Deutsche Welle": ("deutsche welle", "dw", "dw.com"),
    "France 24": ("france 24", "france24", "france24.com"),
    "RT": ("rt", "russia today", "rt.com"),
    "Sputnik": ("sputnik", "sputniknews.com"),
    "TASS": ("tass", "tass.com"),
    "Xinhua": ("xinhua", "xinhua news agency", "xinhuanet.com"),
    "Wikinews": ("wikinews", "wikinews.org"),
    "Wikipedia": ("wikipedia", "wikipedia.org"),
}
_BY_ALIAS = {alias: name for name, aliases in OUTLETS.items() for alias in (name.lower(), *aliases)}
_HOST_PREFIX = re.compile(r"^(?:https?://)?(?:www\d?\.|m\.|mobile\.|edition\.)?")
# short aliases that are ordinary words or initials elsewhere: only trusted in their exact capitalised form
_CASE_SENSITIVE = {"ap": "AP", "fox": "Fox", "the post": "The Post", "the times": "The Times", "ft": "FT", "dw": "DW", "rt": "RT", "the hill": "The Hill"}


def outlet_name(text: str | None) -> str | None:
    """The canonical outlet named by `text` ('the BBC', 'bbc.co.uk', 'BBC News'), or None."""
    if not text:
        return None
    cleaned = " ".join(text.strip().strip(".,:;“”\"'").split())
    lower = _HOST_PREFIX.sub("", cleaned.lower()).rstrip("/")
    if lower in _BY_ALIAS:
        exact = _CASE_SENSITIVE.get(lower)
        if exact and exact not in cleaned:
            return None
        return _BY_ALIAS[lower]
    # a domain such as news.bbc.co.uk or a path on it
    host = lower.split("/")[0]
    parts = host.split(".")
    for i in range(len(parts) - 1):
        if ".".join(parts[i:]) in _BY_ALIAS:
            return _BY_ALIAS[".".join(parts[i:])]
    return None
