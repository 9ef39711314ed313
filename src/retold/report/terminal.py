"""The terminal report: one block of rich tables per article; article text never goes through rich markup."""
from __future__ import annotations

import os
import sys
from typing import IO

from rich import box
from rich.console import Console, Group
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from retold.errors import Rejection
from retold.model import Article
from retold.report.views import (
    attribution_index,
    claims_by_score,
    format_interval,
    quantity_speaker,
    shorten,
    speaker_name,
    title_line,
)

TOP_CLAIMS = 8
QUOTE_WIDTH = 160
MODE_STYLE = {"direct": "green", "indirect": "cyan", "mixed": "yellow", "implicit": "magenta"}
CONFLICT_STYLE = {"numeric": "red", "denial": "magenta", "scope": "yellow"}
# C0 (but newline and tab), DEL and C1: an article could otherwise retitle the window or write the clipboard
CONTROL_CHARACTERS = {code: "\ufffd" for code in (*range(0x00, 0x20), *range(0x7F, 0xA0)) if chr(code) not in "\n\t"}
# a name (file, outlet, title) is shown on one line: its line breaks and tabs are control characters too
ONE_LINE = {**CONTROL_CHARACTERS, ord("\n"): "\ufffd", ord("\t"): " "}


def make_console(file: IO[str] | None = None, force_terminal: bool | None = None) -> Console:
    """A console for reports: with NO_COLOR set it writes no escape codes at all, not even bold."""
    # rich drops only colours under NO_COLOR and still emits bold/italic; a plain console writes none
    plain = os.environ.get("NO_COLOR", "") != ""
    return Console(
        file=file or sys.stdout,
        force_terminal=force_terminal,
        color_system=None if plain else "auto",
        highlight=False,
    )


def render_terminal(articles: list[Article], console: Console) -> None:
    """Print a readable summary of each analysed article: speakers, numbers, claims, conflicts, sources."""
    for number, article in enumerate(articles):
        if number:
            console.print()
        console.print(_article_block(article))


def render_rejection(rejection: Rejection, console: Console) -> None:
    """Print one line saying which input was skipped and why."""
    line = Text.assemble(
        ("skipped ", "bold yellow"),
        (_clean(rejection.source), "bold"),
        _clean(f": {rejection.reason} "),
        (_clean(f"[{rejection.code}]"), "dim"),
    )
    console.print(line, soft_wrap=True, highlight=False)


def _article_block(article: Article) -> Group:
    parts = [Rule(safe_text(shorten(title_line(article), 100), style="bold"), style="blue", align="left"), _header(article), Text()]
    # conflicts first: they are what a fact-checker acts on
    parts += [_conflicts(article), _attributions(article), _quantities(article), _claims(article), _sources(article)]
    return Group(*parts)


def _header(article: Article) -> Text:
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
    text.append(_clean(f"{article.source} · id {article.id} · "), style="dim")
    for index, (count, noun) in enumerate(counts):
        style = "bold red" if noun == "conflict" and count else "dim"
        text.append(f"{count} {noun}{'' if count == 1 else 's'}", style=style)
        if index < len(counts) - 1:
            text.append(" · ", style="dim")
    return text


def report_table(title: str, *columns: tuple[str, dict]) -> Table:
    """A report table; titles and column names may hold input words (outlets), so they are Text, never markup."""
    table = Table(title=safe_text(title), title_justify="left", title_style="bold", box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
    for name, options in columns:
        table.add_column(safe_text(name, "bold"), **options)
    return table


def _nothing(what: str) -> Text:
    return safe_text(f"\n{what}", style="dim italic")


def _attributions(article: Article) -> Table | Text:
    if not article.attributions:
        return _nothing("No attributions found.")
    table = report_table(
        "Who said what",
        ("Speaker", {"style": "bold", "ratio": 2, "overflow": "fold"}),
        ("Mode", {"no_wrap": True}),
        ("Polarity", {"no_wrap": True}),
        ("Cue", {"ratio": 1, "overflow": "fold"}),
        ("What was said", {"ratio": 6, "overflow": "fold"}),
    )
    for attribution in sorted(article.attributions, key=_position):
        content = attribution.content.text if attribution.content else " … ".join(p.text for p in attribution.content_parts)
        said = safe_text(shorten(content, QUOTE_WIDTH))
        if attribution.nested_in:
            said = Text.assemble((_clean(f"(inside {attribution.nested_in}) "), "dim"), said)
        table.add_row(
            safe_text(speaker_name(attribution)),
            safe_text(attribution.mode, style=MODE_STYLE.get(attribution.mode, "")),
            safe_text(attribution.polarity, style="bold red" if attribution.polarity == "deny" else ""),
            safe_text(attribution.cue.text if attribution.cue else "—", style="italic"),
            said,
        )
    return table


def _quantities(article: Article) -> Table | Text:
    if not article.quantities:
        return _nothing("No numbers found.")
    attributions = attribution_index(article)
    table = report_table(
        "Numbers",
        ("Text", {"ratio": 4, "overflow": "fold"}),
        ("Interval", {"style": "bold cyan", "no_wrap": True}),
        ("Unit", {"ratio": 1, "overflow": "fold"}),
        ("Counted", {"ratio": 2, "overflow": "fold"}),
        ("Hedges", {"ratio": 2, "overflow": "fold", "style": "yellow"}),
        ("Speaker", {"ratio": 2, "overflow": "fold"}),
    )
    for quantity in sorted(article.quantities, key=lambda q: q.span.start):
        hedges = ", ".join(f"{h.span.text} ({h.type})" for h in quantity.hedges)
        table.add_row(
            safe_text(shorten(quantity.span.text, 80)),
            safe_text(format_interval(quantity)),
            safe_text(quantity.unit or "—"),
            safe_text(quantity.counted or "—"),
            safe_text(hedges or "—"),
            safe_text(quantity_speaker(quantity, attributions)),
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
        ("Speaker", {"ratio": 2, "overflow": "fold"}),
        ("Claim", {"ratio": 7, "overflow": "fold"}),
    )
    for claim in shown:
        text = safe_text(shorten(claim.span.text, QUOTE_WIDTH))
        table.add_row(safe_text(f"{claim.score:.2f}"), safe_text(claim.type, style="cyan"), safe_text(claim.speaker), text)
    return table


def _conflicts(article: Article) -> Table | Text:
    if not article.conflicts:
        return _nothing("No conflicts found.")
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
    return Text.assemble((_clean(speaker), "bold"), "\n", (_clean(f"“{shorten(quote, QUOTE_WIDTH)}”"), "italic"))


def _sources(article: Article) -> Table | Text:
    if not article.sources and not article.links:
        return _nothing("No sources found.")
    table = report_table(
        "Sources",
        ("Kind", {"no_wrap": True}),
        ("Name", {"ratio": 2, "overflow": "fold", "style": "bold"}),
        ("Mentions", {"justify": "right", "no_wrap": True}),
        ("Link", {"ratio": 3, "overflow": "fold"}),
        ("Note", {"ratio": 3, "overflow": "fold"}),
    )
    for source in article.sources:
        note = safe_text()
        if source.retelling:
            note.append(_clean(f"retelling of {source.name}"), style="bold magenta")
        if source.evidence:
            note.append(("\n" if note else "") + _clean(f"“{shorten(source.evidence.text, 80)}”"), style="dim")
        table.add_row(safe_text(source.kind), safe_text(source.name), safe_text(str(len(source.mentions))), safe_text(source.url or "—"), note)
    known = {source.url for source in article.sources if source.url}
    for link in article.links:
        if link.url not in known:
            table.add_row(safe_text("link"), safe_text(shorten(link.text, 60) or "—"), safe_text("—"), safe_text(link.url), safe_text())
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
