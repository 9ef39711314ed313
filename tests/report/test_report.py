"""Reports: terminal tables and the HTML page, over articles built by hand (no model involved)."""
from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest
from rich.console import Console

from retold.errors import Rejection
from retold.model import (
    Article,
    Attribution,
    Claim,
    Conflict,
    ConflictSide,
    Hedge,
    Link,
    Quantity,
    Source,
    Speaker,
)
from retold.report import build_article_view, make_console, render_html, render_rejection, render_terminal, template_environment
from retold.report.html import Mark, split_into_segments
from retold.report.views import format_interval, safe_url

FLOOD = (
    "Flood toll disputed in Northvale\n\n"
    "Officials in Northvale said on Tuesday that between 24 and 60 people had died. "
    "The governor, Maria Ortega, insisted: \"No more than 4000 homes were damaged, and as the mayor told me, "
    "'we have everything under control.'\"\n\n"
    "The mayor denied that an evacuation order had been issued. "
    "More than 100 volunteers arrived, and 6 bridges were closed, according to the Daily Courier."
)

ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "main", "nav", "h1", "h2", "h3", "ol", "ul", "li",
    "a", "span", "b", "p", "article", "section", "div", "aside", "figure", "figcaption", "blockquote", "table",
    "thead", "tbody", "tr", "th", "td", "br", "details", "summary",
    "input", "label",  # the switches per kind of highlight (checkboxes, no script)
}  # fmt: skip


def find(article: Article, needle: str, nth: int = 0):
    """The span of the nth occurrence of `needle` in the article text."""
    start = -1
    for _ in range(nth + 1):
        start = article.text.index(needle, start + 1)
    return article.span(start, start + len(needle))


def quantity(article: Article, record_id: str, text: str, number: str, low, high, kind, **extra) -> Quantity:
    return Quantity(
        id=record_id, span=find(article, text), number=find(article, number), low=low, high=high,
        low_inclusive=extra.pop("low_inclusive", True), high_inclusive=extra.pop("high_inclusive", True),
        kind=kind, unit=extra.pop("unit", None), counted=extra.pop("counted", None), **extra,
    )  # fmt: skip


@pytest.fixture
def flood() -> Article:
    """A hand-annotated article: a quote nested in a quote, a denial, four kinds of interval, a conflict, sources."""
    article = Article(text=FLOOD, source="flood.txt", title="Flood toll disputed", outlet="Northvale Post", published="2024-05-02")
    officials = Speaker(find(article, "Officials in Northvale"), "Northvale officials", "group")
    ortega = Speaker(find(article, "Maria Ortega"), "Maria Ortega", "person")
    mayor = Speaker(find(article, "the mayor", 0), "the mayor", "person")
    quote = find(article, "No more than 4000 homes were damaged, and as the mayor told me, 'we have everything under control.'")
    article.attributions = [
        Attribution("a1", "indirect", "assert", officials, find(article, "said"), find(article, "between 24 and 60 people had died")),
        Attribution("a2", "direct", "assert", ortega, find(article, "insisted"), quote),
        Attribution("a3", "direct", "assert", mayor, find(article, "told"), find(article, "we have everything under control."), nested_in="a2"),
        Attribution("a4", "indirect", "deny", Speaker(find(article, "The mayor"), "the mayor", "person"), find(article, "denied"),
                    find(article, "an evacuation order had been issued")),
    ]  # fmt: skip
    hedge = Hedge(find(article, "No more than"), "upper_bound")
    article.quantities = [
        quantity(article, "q1", "between 24 and 60 people", "24 and 60", 24, 60, "range", counted="people", attribution="a1"),
        quantity(article, "q2", "No more than 4000 homes", "4000", None, 4000, "upper_bound", counted="homes", hedges=(hedge,), attribution="a2"),
        quantity(article, "q3", "More than 100 volunteers", "100", 100, None, "lower_bound", counted="volunteers", low_inclusive=False,
                 hedges=(Hedge(find(article, "More than"), "lower_bound"),)),
        quantity(article, "q4", "6 bridges", "6", 6, 6, "point", counted="bridges"),
    ]  # fmt: skip
    article.claims = [
        Claim(f"c{n}", "quantity", find(article, text), speaker, None, score)
        for n, (text, speaker, score) in enumerate(
            [("between 24 and 60 people had died", "Northvale officials", 0.9), ("No more than 4000 homes were damaged", "Maria Ortega", 0.8),
             ("an evacuation order had been issued", "the mayor", 0.7), ("More than 100 volunteers arrived", "author", 0.4),
             ("6 bridges were closed", "author", 0.35), ("we have everything under control.", "the mayor", 0.3),
             ("Flood toll disputed in Northvale", "author", 0.2), ("Officials in Northvale said", "author", 0.1),
             ("The governor", "author", 0.05), ("The mayor denied", "author", 0.05), ("volunteers arrived", "author", 0.04),
             ("bridges were closed", "author", 0.03)], start=1)
    ]  # fmt: skip
    article.conflicts = [
        Conflict("k1", "numeric", ConflictSide(find(article, "between 24 and 60 people had died"), "Northvale officials", "q1"),
                 ConflictSide(find(article, "No more than 4000 homes were damaged"), "Maria Ortega", "q2"),
                 "24–60 deaths against at most 4000 damaged homes: the two figures count different things."),
    ]  # fmt: skip
    article.sources = [
        Source("outlet", "Daily Courier", (find(article, "Daily Courier"),), retelling=True, evidence=find(article, "according to the Daily Courier")),
        Source("person", "Maria Ortega", (find(article, "Maria Ortega"),)),
        Source("link", "courier report", url="https://courier.example/flood"),
    ]  # fmt: skip
    article.links = (Link("https://courier.example/flood", "courier report"), Link("https://gov.example/statement", "statement"))
    article.check()
    return article


XSS = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
SVG = '"><svg onload=alert(1)>'


@pytest.fixture
def hostile() -> Article:
    """An article whose every field is an injection attempt."""
    text = f"{XSS} said {IMG} and then {SVG} replied [bold]loud[/bold] about 5 {XSS}."
    article = Article(text=text, source=f"file:{SVG}", title=f"Title {XSS}", outlet=f"Outlet {IMG}", author=SVG,
                      url="javascript:alert(1)", links=(Link("data:text/html,<script>alert(1)</script>", IMG),
                                                        Link(" javascript:alert(2)", SVG), Link("JaVaScRiPt:alert(3)", "x")))  # fmt: skip
    speaker = Speaker(find(article, XSS), f"{SVG} [red]name[/red]", "person")
    article.attributions = [Attribution(f"a1{SVG}", "indirect", "assert", speaker, find(article, "said"), find(article, IMG))]
    article.quantities = [quantity(article, "q1", "about 5", "5", 4, 6, "range", unit=IMG, counted=XSS, attribution=f"a1{SVG}",
                                   hedges=(Hedge(find(article, "about"), "approximator"),))]  # fmt: skip
    article.claims = [Claim("c1", "quote", find(article, "replied [bold]loud[/bold]"), f"{IMG}", None, 0.5)]
    article.conflicts = [Conflict("k1", "denial", ConflictSide(find(article, IMG), XSS), ConflictSide(find(article, SVG), IMG), f"because {SVG}")]
    article.sources = [Source("link", XSS, url="javascript:alert(1)"), Source("outlet", IMG, url="data:text/html;base64,PHNjcmlwdD4="),
                       Source("link", "ok", url='https://example.org/?q="><svg/onload=alert(1)>')]  # fmt: skip
    article.check()
    return article


class PageParser(HTMLParser):
    """Collects every start tag with its attributes, every id, and the text inside the article-text block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: list[str] = []
        self.text_blocks: list[str] = []
        self._depth = 0  # >0 while inside div.article-text

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if self._depth:
            self._depth += 1
        elif tag == "div" and attributes.get("class") == "article-text":
            self._depth = 1
            self.text_blocks.append("")

    def handle_endtag(self, tag):
        if self._depth:
            self._depth -= 1

    def handle_data(self, data):
        if self._depth:
            self.text_blocks[-1] += data


def parse(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    parser.close()
    return parser


# ---- shared formatting


@pytest.mark.parametrize(
    "low, high, low_inclusive, high_inclusive, label",
    [(24, 60, True, True, "24–60"), (None, 4000, True, True, "≤ 4,000"), (100, None, False, True, "> 100"), (6, 6, True, True, "= 6"),
     (None, None, True, True, "?"), (0.5, 2.25, False, True, "> 0.5, ≤ 2.25"), (1000, None, True, True, "≥ 1,000")],
)  # fmt: skip
def test_interval_labels(low, high, low_inclusive, high_inclusive, label):
    article = Article(text="some 24 things")
    record = Quantity("q", article.span(5, 7), article.span(5, 7), low, high, low_inclusive, high_inclusive, "range", None, None)
    assert format_interval(record) == label


@pytest.mark.parametrize(
    "url, allowed",
    [("https://example.org/a?b=c", True), ("http://example.org", True), ("HTTPS://EXAMPLE.ORG", True),
     ("javascript:alert(1)", False), ("JaVaScRiPt:alert(1)", False), (" javascript:alert(1)", False),
     ("java\tscript:alert(1)", False), ("data:text/html,<script>alert(1)</script>", False), ("vbscript:x", False),
     ("//evil.example/x", False), ("/relative/path", False), ("http:alert(1)", False), ("", False), (None, False)],
)  # fmt: skip
def test_only_absolute_http_urls_are_links(url, allowed):
    assert safe_url(url) == (url if allowed else None)


def test_segments_split_overlapping_and_nested_spans():
    text = "abcdefghij"
    marks = [Mark(0, 6, "content", "t1", "outer"), Mark(2, 8, "quantity", "t2", "crossing"), Mark(3, 5, "content", "t3", "inner")]
    segments = split_into_segments(text, marks, {3: ["t3-text"]})
    assert "".join(s.text for s in segments) == text
    assert [(s.text, s.classes) for s in segments] == [
        ("ab", ("content",)),
        ("c", ("quantity", "content")),
        ("de", ("quantity", "content", "nested")),
        ("f", ("quantity", "content")),
        ("gh", ("quantity",)),
        ("ij", ()),
    ]
    # a link goes to the narrowest record covering the piece; the hover text lists every record covering it
    assert [s.target for s in segments] == ["t1", "t2", "t3", "t2", "t2", None]
    assert segments[2].anchors == ("t3-text",) and set(segments[2].title.split("\n")) == {"outer", "crossing", "inner"}


# ---- HTML


def test_html_rebuilds_the_text_exactly_from_highlighted_segments(flood):
    page = parse(render_html([flood]))
    assert page.text_blocks == [flood.text]
    marked = [attributes["class"] for tag, attributes in page.tags if tag == "a" and "m " in (attributes.get("class") or "")]
    for kind in ("speaker", "cue", "content", "nested", "quantity", "hedge", "conflict"):
        assert any(kind in classes.split() for classes in marked), kind


def test_html_every_internal_link_has_a_target_and_ids_are_unique(flood):
    second = Article(text=flood.text, title="Second copy", attributions=flood.attributions, quantities=flood.quantities,
                     claims=flood.claims, conflicts=flood.conflicts)  # fmt: skip
    page = parse(render_html([flood, second]))
    assert len(page.ids) == len(set(page.ids))
    targets = {attributes["href"][1:] for tag, attributes in page.tags if tag == "a" and attributes.get("href", "").startswith("#")}
    assert targets and targets <= set(page.ids)
    highlight_titles = [a.get("title") for tag, a in page.tags if tag == "a" and "m " in (a.get("class") or "")]
    assert all(highlight_titles) and any("Number: 24–60 of people" in t for t in highlight_titles)


def test_html_shows_records_conflict_sides_and_sources(flood):
    html = render_html([flood])
    for expected in ("24–60", "2,000–4,000 (up to 4,000)", "&gt; 100", "= 6", "retelling of Daily Courier", "Maria Ortega", "Northvale officials",
                     "the two figures count different things", "https://gov.example/statement", "2 more claims"):  # fmt: skip
        assert expected in html, expected
    card = html[html.index('class="conflict-card"') :]
    assert card.index("Northvale officials") < card.index("Maria Ortega") < card.index("the two figures")


def test_html_escapes_every_injection_attempt(hostile):
    html = render_html([hostile])
    lowered = html.lower()
    for raw in ("<script", "<img", "<svg", "<iframe"):
        assert raw not in lowered
    page = parse(html)
    assert {tag for tag, _ in page.tags} <= ALLOWED_TAGS
    for tag, attributes in page.tags:
        assert not any(name.startswith("on") for name in attributes), (tag, attributes)
        assert "src" not in attributes
        href = (attributes.get("href") or "").strip().lower()
        assert not href.startswith(("javascript:", "data:", "vbscript:")), href
    # the hostile strings are still shown, as text
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3 and "javascript:alert(1)" in html
    assert [block for block in page.text_blocks] == [hostile.text]


def test_html_page_loads_nothing_and_forbids_scripts(flood, hostile):
    html = render_html([flood, hostile])
    page = parse(html)
    csp = [a["content"] for tag, a in page.tags if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0] and "script-src" not in csp[0]
    assert not any(tag in {"script", "link", "img", "iframe", "object", "embed", "base", "form"} for tag, _ in page.tags)
    style = html[html.index("<style>") : html.index("</style>")]
    assert "url(" not in style and "@import" not in style
    outbound = [(tag, a) for tag, a in page.tags if (a.get("href") or "").startswith("http")]
    assert {a["href"] for _, a in outbound} == {"https://courier.example/flood", "https://gov.example/statement", 'https://example.org/?q="><svg/onload=alert(1)>'}
    assert all(tag == "a" and "noopener" in a["rel"] and "noreferrer" in a["rel"] for tag, a in outbound)


def test_html_of_an_empty_article_and_of_no_articles():
    assert "No attributions found." in render_html([Article(text="Nothing happened.")])
    assert "No articles to show." in render_html([])


def test_article_macro_can_be_included_by_another_page(flood):
    page = template_environment().from_string(
        '{% from "article.html.j2" import article_view %}<main class="app">{{ article_view(view) }}</main>{{ extra }}'
    )
    html = page.render(view=build_article_view(flood, 3), extra=XSS)
    assert 'id="article-3"' in html and 'id="a3-k1"' in html and "<script" not in html



def test_a_focused_passage_is_highlighted_with_its_own_anchor_and_legend_entry(flood):
    span = find(flood, "between 24 and 60 people")
    view = build_article_view(flood, focus=(span.start, span.end))
    focused = [segment for segment in view.segments if "focus" in segment.classes]
    assert "".join(segment.text for segment in focused) == span.text
    assert any("focus-text" in segment.anchors for segment in view.segments)
    html = template_environment().from_string('{% from "article.html.j2" import article_view %}{{ article_view(view) }}').render(view=view)
    assert '<span class="m focus">' in html
    # no focus, or one outside the text, changes nothing
    for focus in (None, (5, 5), (0, len(flood.text) + 1)):
        plain = build_article_view(flood, focus=focus)
        assert not plain.focused and not any("focus" in segment.classes for segment in plain.segments)


# ---- terminal


def render_text(articles, **console_options) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=console_options.pop("width", 160), **console_options)
    render_terminal(articles, console)
    return buffer.getvalue()


def test_terminal_lists_speakers_numbers_claims_conflicts_sources(flood):
    output = render_text([flood])
    for expected in ("Flood toll disputed", "Maria Ortega", "insisted", "deny", "24–60", "2,000–4,000 (up to 4,000)", "> 100", "= 6",
                     "Claims (top 8 of 12 by score)", "numeric", "the two figures count different things",
                     "retelling of Daily Courier", "https://gov.example/statement"):  # fmt: skip
        assert expected in output, expected


def test_terminal_prints_markup_in_article_text_literally(hostile):
    output = render_text([hostile], force_terminal=True, color_system="truecolor", width=300)
    assert "[bold]loud[/bold]" in output and "[red]name[/red]" in output
    plain = re.sub(r"\x1b\[[0-9;]*m", "", output)
    assert "<script>alert(1)</script>" in plain


def test_terminal_with_no_color_writes_no_escape_codes(flood, monkeypatch):
    forced = io.StringIO()
    render_terminal([flood], make_console(file=forced, force_terminal=True))
    assert "\x1b[" in forced.getvalue()  # a terminal without NO_COLOR does get colours
    monkeypatch.setenv("NO_COLOR", "1")
    for console_file, forced_terminal in ((io.StringIO(), True), (io.StringIO(), None)):
        render_terminal([flood], make_console(file=console_file, force_terminal=forced_terminal))
        assert "\x1b" not in console_file.getvalue() and "Maria Ortega" in console_file.getvalue()
    piped = io.StringIO()
    render_terminal([flood], Console(file=piped))  # not a terminal: rich writes plain text by itself
    assert "\x1b" not in piped.getvalue()


def test_terminal_rejection_is_one_line_and_literal():
    buffer = io.StringIO()
    rejection = Rejection("[bold]odd name[/bold].html", "no article text found in the page after boilerplate removal " * 3, "no_article")
    render_rejection(rejection, Console(file=buffer, width=40))
    output = buffer.getvalue()
    assert output.count("\n") == 1 and "[bold]odd name[/bold].html" in output and "[no_article]" in output


def test_terminal_neutralises_control_sequences_in_article_text():
    escape = "\x1b]0;owned\x07\x1b[2J\x9b31m"
    article = Article(text=f"{escape}Ann said it.", title=f"Title {escape}", outlet=escape)
    ann = Speaker(find(article, "Ann"), f"Ann{escape}", "person")
    article.attributions = [Attribution("a1", "indirect", "assert", ann, find(article, "said"), find(article, f"{escape}Ann said it."))]
    article.sources = [Source("link", escape, url=f"https://example.org/{escape}")]
    output = render_text([article])
    buffer = io.StringIO()
    render_rejection(Rejection(f"file{escape}.txt", f"bad {escape}"), Console(file=buffer))
    for printed in (output, buffer.getvalue()):
        assert not any(char in printed for char in "\x1b\x07\x9b") and "\ufffd" in printed
