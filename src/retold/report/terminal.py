"""The terminal report: one block of rich tables per article; article text never goes through rich markup."""
from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import IO

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from retold.analyze.voices import AUTHOR
from retold.errors import Rejection
from retold.model import Article, said_words
from retold.report.views import (
    attribution_index,
    claims_by_score,
    format_interval,
    quantity_speaker,
    shorten,
    title_line,
)
from retold.wording import unquoted

TOP_CLAIMS = 8
QUOTE_WIDTH = 160
MODE_STYLE = {"direct": "green", "indirect": "cyan", "mixed": "yellow", "implicit": "magenta"}
CONFLICT_STYLE = {"numeric": "red", "denial": "magenta", "scope": "yellow"}
# C0 (but newline and tab), DEL and C1: an article could otherwise retitle the window or write the clipboard
CONTROL_CHARACTERS = {code: "\ufffd" for code in (*range(0x20), *range(0x7F, 0xA0)) if chr(code) not in "\n\t"}
# a name (file, outlet, title) is shown on one line: its line breaks and tabs are control characters too
ONE_LINE = {**CONTROL_CHARACTERS, ord("\n"): "\ufffd", ord("\t"): " "}
# output that goes to a file or a pipe has no terminal to measure: this width (or $COLUMNS), never the width of
# whichever terminal happens to hold stdin, so `make demo > log` reads the same everywhere
PIPED_WIDTH = 100
# below this many columns a table of many columns is laid out narrower (merged columns) or as records
NARROW = 120
# what a hedge's type means, in the words a reader would use
HEDGE_WORDS = {"approximator": "roughly", "upper_bound": "at most", "lower_bound": "at least", "minimiser": "playing down",
               "epistemic": "uncertain"}
# the voice of the article itself, as records name it ("author" in an article, "own" across a story)
OWN_VOICES = {AUTHOR, "own"}
THE_ARTICLE = "the article itself"
WORD_CAP = 16  # a table column is widened to its longest word up to this many characters


def make_console(file: IO[str] | None = None, force_terminal: bool | None = None) -> Console:
    """A console for reports: with NO_COLOR set it writes no escape codes at all, not even bold."""
    # rich drops only colours under NO_COLOR and still emits bold/italic; a plain console writes none
    plain = os.environ.get("NO_COLOR", "") != ""
    stream = file or sys.stdout
    return Console(
        file=stream,
        force_terminal=force_terminal,
        color_system=None if plain else "auto",
        highlight=False,
        width=None if force_terminal or _is_terminal(stream) else piped_width(),
    )


def piped_width() -> int:
    """The width of output that reaches no terminal: $COLUMNS when it is set, else PIPED_WIDTH."""
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else PIPED_WIDTH


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):  # a closed or odd stream: not a terminal
        return False


def is_narrow(console: Console) -> bool:
    """Whether wide tables must give way (merged columns, or one record after another) to stay readable."""
    return console.width < NARROW


def voice(speaker: str | None) -> str:
    """Who a record credits, in plain words: a name, "the article itself" for its own voice, "" when nobody."""
    speaker = (speaker or "").strip()
    if speaker in ("", "—"):
        return ""
    if speaker in OWN_VOICES:
        return THE_ARTICLE
    return speaker.removeprefix("outlet:")


def hedge_words(text: str, hedge_type: str) -> str:
    """A hedge as a reader sees it: its words, then what it does ("as many as (at most)")."""
    meaning = HEDGE_WORDS.get(hedge_type, hedge_type.replace("_", " "))
    return text if meaning.lower() == text.lower() else f"{text} ({meaning})"


class _ReportTable(Table):
    """A table that shares out its width itself when it is drawn: a column that wraps gets at least its longest word
    (up to WORD_CAP, or its min_width), the rest by ratio, so a narrow table wraps between words and never folds a name
    in two ("investigat/ion") nor cuts a fixed column; web addresses and paths still fold, they are not words."""

    def __rich_console__(self, console, options):
        self._share_out(options.max_width if self.width is None else self.width)
        yield from super().__rich_console__(console, options)

    def _share_out(self, max_width: int) -> None:
        if not hasattr(self, "_ratios"):
            self._ratios = {index: column.ratio for index, column in enumerate(self.columns) if column.ratio}
        for index, ratio in self._ratios.items():  # from scratch at each drawing: the width may differ
            self.columns[index].ratio, self.columns[index].width = ratio, None
        room = max_width - self._extra_width - sum(self._get_padding_width(index) for index in range(len(self.columns)))
        fixed = sum(_widest_line(column) for index, column in enumerate(self.columns) if index not in self._ratios)
        least = {index: _least_width(self.columns[index]) for index in self._ratios}
        shares = _by_ratio(room - fixed, least, self._ratios)
        if shares is None:
            return  # not even the words fit: rich's own sharing, which folds
        for index, width in shares.items():
            self.columns[index].ratio, self.columns[index].width = None, width


def _cells(column) -> list[Text]:
    return [cell for cell in (column.header, *column.cells) if isinstance(cell, Text)]


def _widest_line(column) -> int:
    return max((cell_len(line) for cell in _cells(column) for line in cell.plain.split("\n")), default=0)


def _least_width(column) -> int:
    words = [cell_len(word) for cell in _cells(column) for word in cell.plain.split() if "/" not in word]
    return max(column.min_width or 1, min(WORD_CAP, max(words, default=1)))


def _by_ratio(room: int, least: dict[int, int], ratios: dict[int, int]) -> dict[int, int] | None:
    """`room` shared among the columns by ratio, none below its least width; None when the least widths do not fit."""
    if sum(least.values()) > room:
        return None
    widths: dict[int, int] = {}
    pending = dict(ratios)
    while pending:  # a column whose share is below its least width gets that width; the others share what is left
        left = room - sum(widths.values())
        total = sum(pending.values())
        short = {index for index, ratio in pending.items() if left * ratio / total < least[index]}
        if not short:
            for index, ratio in pending.items():
                widths[index] = int(left * ratio / total)
            break
        for index in short:
            widths[index] = least[index]
            del pending[index]
    widest = max(widths, key=lambda index: ratios[index])
    widths[widest] += room - sum(widths.values())  # what rounding left over
    return widths


def record_list(title: str, records: Iterable[tuple[Text, list[tuple[str, RenderableType]]]]) -> Group:
    """A table's rows for a narrow terminal: a heading line, then labelled lines that wrap, so nothing is cut."""
    parts: list[RenderableType] = [safe_text(title, "bold")]
    for heading, fields in records:
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(no_wrap=True, style="dim")
        grid.add_column(ratio=1, overflow="fold")
        for label, value in fields:
            grid.add_row(safe_text(label), value)
        parts += [Text(), heading, Padding(grid, (0, 0, 0, 2))]
    parts.append(Text())
    return Group(*parts)


def render_terminal(articles: list[Article], console: Console) -> None:
    """Print a readable summary of each analysed article: speakers, numbers, claims, conflicts, sources."""
    for number, article in enumerate(articles):
        if number:
            console.print()
        console.print(_article_block(article, is_narrow(console)))


def render_rejection(rejection: Rejection, console: Console) -> None:
    """Print one line saying which input was skipped and why."""
    line = Text.assemble(
        ("skipped ", "bold yellow"),
        (_clean(rejection.source), "bold"),
        _clean(f": {rejection.reason} "),
        (_clean(f"[{rejection.code}]"), "dim"),
    )
    console.print(line, soft_wrap=True, highlight=False)


def _article_block(article: Article, narrow: bool = False) -> Group:
    title = safe_text(shorten(title_line(article), 100), style="bold")
    # a rule cuts its title to the width: on a narrow terminal the title goes under it, wrapped
    parts: list[RenderableType] = [Rule(style="blue"), title] if narrow else [Rule(title, style="blue", align="left")]
    parts += [_header(article, narrow), Text()]
    # conflicts first: they are what a fact-checker acts on
    parts += [_conflicts(article, narrow), _attributions(article, narrow), _quantities(article, narrow), _claims(article),
              _sources(article, narrow)]
    return Group(*parts)


def _header(article: Article, narrow: bool = False) -> Text:
    about = [value for value in (article.outlet, article.published, article.author) if value]
    text = safe_text()
    if about:
        text.append(_clean(" · ".join(about)), style="bold")
        text.append("  ")
    if article.url:
        text.append(_clean(article.url), style="underline")
    if about or article.url:
        text.append("\n")
    counts = [
        (len(article.attributions), "attribution"),
        (len(article.quantities), "number"),
        (len(article.claims), "claim"),
        (len(article.conflicts), "conflict"),
        (len(article.sources), "source"),
    ]
    # narrow, the counts get a line of their own rather than breaking between a number and its noun
    text.append(_clean(f"{article.source} · id {article.id}") + ("\n" if narrow else " · "), style="dim")
    for index, (count, noun) in enumerate(counts):
        style = "bold red" if noun == "conflict" and count else "dim"
        text.append(f"{count} {noun}{'' if count == 1 else 's'}", style=style)
        if index < len(counts) - 1:
            text.append(" · ", style="dim")
    return text


def report_table(title: str, *columns: tuple[str, dict]) -> Table:
    """A report table; titles and column names may hold input words (outlets), so they are Text, never markup."""
    table = _ReportTable(title=safe_text(title), title_justify="left", title_style="bold", box=box.SIMPLE_HEAD, expand=True,
                         pad_edge=False)
    for name, options in columns:
        table.add_column(safe_text(name, "bold"), **options)
    return table


def _nothing(what: str) -> Text:
    return safe_text(f"\n{what}", style="dim italic")


def _attributions(article: Article, narrow: bool = False) -> Table | Text:
    if not article.attributions:
        return _nothing("No attributions found.")
    said_by = attribution_index(article)
    if narrow:  # mode, polarity and cue share one column: each alone would be a few letters wide
        table = report_table(
            "Who said what",
            ("Speaker", {"style": "bold", "ratio": 2, "min_width": 12, "overflow": "fold"}),
            ("How", {"ratio": 2, "min_width": 12, "overflow": "fold"}),
            ("What was said", {"ratio": 5, "overflow": "fold"}),
        )
    else:
        table = report_table(
            "Who said what",
            ("Speaker", {"style": "bold", "ratio": 2, "overflow": "fold"}),
            ("Mode", {"no_wrap": True}),
            ("Polarity", {"no_wrap": True}),
            ("Cue", {"ratio": 1, "min_width": 10, "overflow": "fold"}),
            ("What was said", {"ratio": 6, "overflow": "fold"}),
        )
    for attribution in sorted(article.attributions, key=_position):
        content = said_words(attribution)
        said = safe_text(shorten(content, QUOTE_WIDTH))
        if attribution.nested_in:
            said = Text.assemble(_nested_note(said_by.get(attribution.nested_in)), said)
        speaker = safe_text(attribution.speaker.name if attribution.speaker else "")
        mode = safe_text(attribution.mode, style=MODE_STYLE.get(attribution.mode, ""))
        polarity = safe_text(attribution.polarity, style="bold red" if attribution.polarity == "deny" else "")
        cue = safe_text(attribution.cue.text if attribution.cue else "", style="italic")
        if narrow:
            how = Text.assemble(mode, " · ", polarity)
            if attribution.cue:
                how.append("\n")
                how.append_text(safe_text(f"“{attribution.cue.text}”", style="italic"))
            table.add_row(speaker, how, said)
        else:
            table.add_row(speaker, mode, polarity, cue, said)
    return table


def _nested_note(outer) -> Text:
    """Where a quote sits inside another one, named by that one's speaker (never by its record id)."""
    who = outer.speaker.name if outer is not None and outer.speaker else ""
    return safe_text(f"(within {who}’s words) " if who else "(within another quote) ", "dim")


def _quantities(article: Article, narrow: bool = False) -> Table | Text:
    if not article.quantities:
        return _nothing("No numbers found.")
    attributions = attribution_index(article)
    columns: list[tuple[str, dict]] = [("Text", {"ratio": 3 if narrow else 4, "overflow": "fold"}),
                                       ("Interval", {"style": "bold cyan", "no_wrap": True})]
    if narrow:  # the unit goes under what is counted: a column of its own would be a few letters wide
        columns.append(("Counted", {"ratio": 2, "min_width": 11, "overflow": "fold"}))
    else:
        columns += [("Unit", {"ratio": 1, "overflow": "fold"}), ("Counted", {"ratio": 2, "overflow": "fold"})]
    columns += [("Hedges", {"ratio": 2, "min_width": 10, "overflow": "fold", "style": "yellow"}),
                ("Speaker", {"ratio": 2, "min_width": 10, "overflow": "fold"})]
    table = report_table("Numbers", *columns)
    for quantity in sorted(article.quantities, key=lambda q: q.span.start):
        hedges = ", ".join(hedge_words(h.span.text, h.type) for h in quantity.hedges)
        counted = [safe_text(quantity.counted or "—")]
        if narrow:
            counted = [Text.assemble(counted[0], safe_text(f"\n{quantity.unit}", "dim") if quantity.unit else "")]
        else:
            counted.insert(0, safe_text(quantity.unit or "—"))
        table.add_row(
            safe_text(shorten(quantity.span.text, 80)),
            safe_text(format_interval(quantity)),
            *counted,
            safe_text(hedges or "—"),
            safe_text(voice(quantity_speaker(quantity, attributions))),
        )
    return table


def _claims(article: Article) -> Table | Text:
    if not article.claims:
        return _nothing("No claims found.")
    ranked = claims_by_score(article)
    shown = ranked[:TOP_CLAIMS]
    title = "Claims" if len(shown) == len(ranked) else f"Claims (top {len(shown)} of {len(ranked)} by score)"
    table = report_table(
        title,
        ("Score", {"justify": "right", "no_wrap": True, "style": "bold"}),
        ("Type", {"no_wrap": True}),
        ("Speaker", {"ratio": 2, "min_width": 12, "overflow": "fold"}),
        ("Claim", {"ratio": 7, "overflow": "fold"}),
    )
    for claim in shown:
        text = safe_text(shorten(claim.span.text, QUOTE_WIDTH))
        table.add_row(safe_text(f"{claim.score:.2f}"), safe_text(claim.type, style="cyan"), safe_text(voice(claim.speaker)), text)
    return table


def _conflicts(article: Article, narrow: bool = False) -> Table | Group | Text:
    if not article.conflicts:
        return _nothing("No conflicts found.")
    if narrow:  # three quotes side by side would each be a few words wide: one conflict after another instead
        return record_list("Conflicts", (
            (safe_text(conflict.kind, style=f"bold {CONFLICT_STYLE.get(conflict.kind, 'red')}"),
             [("one side", _side(conflict.a.speaker, conflict.a.span.text)),
              ("other side", _side(conflict.b.speaker, conflict.b.span.text)),
              ("why", safe_text(conflict.explanation))])
            for conflict in article.conflicts))
    table = report_table(
        "Conflicts",
        ("Kind", {"no_wrap": True}),
        ("One side", {"ratio": 3, "overflow": "fold"}),
        ("Other side", {"ratio": 3, "overflow": "fold"}),
        ("Why they conflict", {"ratio": 3, "overflow": "fold"}),
    )
    for conflict in article.conflicts:
        table.add_row(
            safe_text(conflict.kind, style=f"bold {CONFLICT_STYLE.get(conflict.kind, 'red')}"),
            _side(conflict.a.speaker, conflict.a.span.text),
            _side(conflict.b.speaker, conflict.b.span.text),
            safe_text(conflict.explanation),
        )
    return table


def _side(speaker: str, quote: str) -> Text:
    who = voice(speaker)
    said = safe_text(f"“{shorten(unquoted(quote), QUOTE_WIDTH)}”", "italic")
    return Text.assemble(safe_text(who, "bold"), "\n", said) if who else said


def _sources(article: Article, narrow: bool = False) -> Table | Text:
    if not article.sources and not article.links:
        return _nothing("No sources found.")
    columns: list[tuple[str, dict]] = [
        ("Kind", {"no_wrap": True}),
        ("Name", {"ratio": 2, "min_width": 12, "overflow": "fold", "style": "bold"}),
        ("Times" if narrow else "Mentions", {"justify": "right", "no_wrap": True}),
    ]
    if narrow:  # the link and the note share a column: a web address folds across its lines
        columns.append(("Link · note", {"ratio": 3, "overflow": "fold"}))
    else:
        columns += [("Link", {"ratio": 3, "overflow": "fold"}), ("Note", {"ratio": 3, "overflow": "fold"})]
    table = report_table("Sources", *columns)

    def add(kind: str, name: str, mentions: str, link: str | None, note: Text) -> None:
        if narrow:
            cell = safe_text(link or "")
            if note:
                cell.append_text(Text("\n") + note if link else note)
            table.add_row(safe_text(kind), safe_text(name), safe_text(mentions), cell)
        else:
            table.add_row(safe_text(kind), safe_text(name), safe_text(mentions), safe_text(link or "—"), note)

    for source in article.sources:
        note = safe_text()
        if source.retelling:
            note.append(_clean(f"retelling of {source.name}"), style="bold magenta")
        if source.evidence:
            note.append(("\n" if note else "") + _clean(f"“{shorten(source.evidence.text, 80)}”"), style="dim")
        add(source.kind, source.name, str(len(source.mentions)), source.url, note)
    known = {source.url for source in article.sources if source.url}
    for link in article.links:
        if link.url not in known:
            add("link", shorten(link.text, 60) or "—", "—", link.url, safe_text())
    return table


def printable(value: str, *, one_line: bool = False) -> str:
    """Input text fit for a terminal: control characters shown as U+FFFD, so no escape sequence reaches the terminal."""
    # rich strips some control characters but passes ESC sequences through; print() passes everything
    return str(value).translate(ONE_LINE if one_line else CONTROL_CHARACTERS)


def _clean(value: str) -> str:
    return printable(value)


def safe_text(value: str = "", style: str = "") -> Text:
    """A rich Text of input words, never read as markup and with control characters made visible."""
    return Text(_clean(value), style=style)


def _position(attribution) -> int:
    spans = [s for s in (attribution.content, attribution.cue, attribution.speaker.span if attribution.speaker else None) if s]
    return min((s.start for s in spans), default=0)
