"""What bounds one article's analysis, and why: past a budget an article is cut, capped or rejected, never left to run.

Figures are from this machine (2 cores, the pinned spaCy model) on the 297 Wikinews, seed and example articles retold is
measured on, 1,095 Wikinews and FNC-1 texts (27,000 sentences), and generated one-sentence texts of 10,000-150,000
words. The pipeline reads these names when it runs, so a test can set one low; each analysis records them.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from retold.errors import RetoldError

# spaCy's parser is linear, but retold's components are not within a sentence (a cue's content is searched across the
# sentence's tree): one 10,000-word "sentence" took a minute, almost all in attribution. News sentences are short (median 21
# tokens, 99.9% under 115, the longest of 27,000 was 195), so a sentence over this is cut into pieces of at most this
# many tokens, at the last clause punctuation in each piece's second half, and the pieces are parsed apart.
MAX_SENTENCE_TOKENS = 300

# spaCy's parse needs memory in proportion to the text it is given at once (2.7 GB for a 990,000-character text), so a
# longer text is parsed in pieces of at most this many characters, cut at a paragraph break where there is one (about
# 0.55 GB for the parse). The longest Wikinews article (104,000 characters) is parsed whole.
PARSE_PIECE_CHARS = 200_000

# texts parsed together in one spaCy batch hold at most this many characters, for the same reason (spaCy batches by
# count only: sixteen long texts at once would need sixteen times the memory). Batching does not change a parse.
PARSE_BATCH_CHARS = 200_000

# what retold analyses in one article, in characters: spaCy's default nlp.max_length, since a longer text would need more
# memory than a news article ever does. Readers refuse a longer text before it becomes an Article (ingest/checks.py);
# the pipeline applies it as AnalyzerConfig.max_chars, which records it with every analysis (so describe() leaves it out).
MAX_ARTICLE_CHARS = 1_000_000

# what retold analyses in one article, in spaCy tokens (about 1.1 per word): time and memory grow with it, and some
# components compare every sentence or quantity with every attribution. The longest Wikinews article has about 20,000;
# at this limit a whole analysis takes 13-15 s and 0.67 GB here, hostile or plain. A longer text (a book, a
# concatenated dump) is rejected once tokenized, before it is parsed.
MAX_ARTICLE_TOKENS = 30_000

# the wall-clock time one article may take, its share of a batch parse included. A normal article takes 0.1-0.5 s and
# one at MAX_ARTICLE_TOKENS under 15 s, so this is only reached by input that defeats the other budgets or by a machine
# several times slower; it is checked between parse pieces and before each component.
ANALYSIS_SECONDS = 60.0

# conflicts kept per article, the earliest in the text (where news puts what matters). The most any measured article
# has is 7; a repetitive text can otherwise produce one per pair of speakers and category, hundreds of them.
MAX_CONFLICTS = 50

# pairs of quantities counting the same category compared for conflicts per article, in text order: the most in a
# measured article is under 20,000; a text of thousands of figures of one kind would otherwise compare millions.
MAX_COMPARED_PAIRS = 200_000


class OverBudget(RetoldError):
    """An article went past one of its budgets; `code` is the Rejection code it becomes ('too_large' or 'budget')."""

    def __init__(self, reason: str, code: str) -> None:
        super().__init__(reason)
        self.code = code


@dataclass(frozen=True)
class Deadline:
    """The monotonic time by which one article's analysis must be done."""

    started: float
    seconds: float

    def check(self, stage: str) -> None:
        """Raise OverBudget when the time is up, naming the stage reached and the budget."""
        elapsed = time.monotonic() - self.started
        if elapsed > self.seconds:
            raise OverBudget(
                f"analysis took longer than {self.seconds:g} s (over {elapsed:.1f} s, stopped before {stage}); "
                f"the budget is {self.seconds:g} s per article",
                "budget",
            )


def start_deadline(spent: float = 0.0) -> Deadline:
    """A deadline ANALYSIS_SECONDS from now, less `spent` seconds already charged to the article."""
    return Deadline(time.monotonic() - spent, ANALYSIS_SECONDS)


def check_chars(count: int, limit: int = MAX_ARTICLE_CHARS) -> None:
    """Raise OverBudget (too_large) for an article of more than `limit` characters."""
    if count > limit:
        raise OverBudget(f"text too long: {count:,} characters, the limit is {limit:,} (one article at a time)", "too_large")


def check_tokens(count: int) -> None:
    """Raise OverBudget (too_large) for an article of more than MAX_ARTICLE_TOKENS tokens."""
    if count > MAX_ARTICLE_TOKENS:
        raise OverBudget(
            f"the article has {count:,} tokens; retold analyses at most {MAX_ARTICLE_TOKENS:,} per article "
            "(time and memory grow with length; no news article comes near it)",
            "too_large",
        )


def describe() -> dict[str, float]:
    """The budgets in force, stored with the analyser description: the caps shape what an analysis keeps."""
    return {
        "max_sentence_tokens": MAX_SENTENCE_TOKENS, "parse_piece_chars": PARSE_PIECE_CHARS, "parse_batch_chars": PARSE_BATCH_CHARS,
        "max_article_tokens": MAX_ARTICLE_TOKENS, "analysis_seconds": ANALYSIS_SECONDS, "max_conflicts": MAX_CONFLICTS,
        "max_compared_pairs": MAX_COMPARED_PAIRS,
    }
