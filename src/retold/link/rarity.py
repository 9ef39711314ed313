"""How rare a word or name is in English in general: the prior for a term's weight until a corpus is large enough to tell.

A corpus of thirty retellings of one event has "gaza" and "hospital" in every article, so its own document
frequencies call the event's defining words common and weigh each article's page furniture instead. General English
frequencies (the `wordfreq` package, shipped data, no download) say what a reader knows: "bohannon" and "al-ahli" are
rare, "said" and "people" are not. A large corpus outweighs the prior (see `document_share`).
"""
from __future__ import annotations

import math
from functools import lru_cache

# the words of a typical news article: turns a per-word frequency into the chance an article contains the word
ARTICLE_WORDS = 400
# the prior counts as this many articles: a corpus of a few hundred mostly follows the prior, one of a million its own counts
PRIOR_ARTICLES = 1000
UNSEEN_FREQUENCY = 1e-8  # a word wordfreq has never seen (a rare name, a misspelling)


@lru_cache(maxsize=1 << 18)
def word_frequency(words: str) -> float:
    """The frequency of a word or space-separated phrase in general English (per word of running text)."""
    # imported here: wordfreq takes most of a second to import, and only linking asks it
    from wordfreq import word_frequency as lookup

    return lookup(words, "en") or UNSEEN_FREQUENCY


@lru_cache(maxsize=1 << 18)
def article_share(words: str) -> float:
    """The chance that a general news article contains the word or phrase."""
    return 1.0 - math.exp(-ARTICLE_WORDS * word_frequency(words))


def document_share(words: str, articles_with: int, articles: int, prior: float = PRIOR_ARTICLES) -> float:
    """The share of articles holding a term: the corpus count smoothed towards general English (a Bayesian average)."""
    return (articles_with + prior * article_share(words)) / (articles + prior)


def zipf(words: str) -> float:
    """wordfreq's Zipf scale: log10 of occurrences per billion words (about 7 for 'the', 3 for 'ledger', 0 unseen)."""
    return max(0.0, math.log10(word_frequency(words)) + 9.0)
