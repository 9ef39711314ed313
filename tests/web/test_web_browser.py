"""The web app in a real browser (Debian's chromium through Playwright): the example story end to end, and XSS payloads."""
from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTEFACTS = REPO / "out" / "test-artefacts" / "web"
CHROMIUM = os.environ.get("RETOLD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# every payload either calls alert (a dialog) or sets window.__xss (a flag); none may do either
PAYLOADS = [
    "<script>alert('script tag')</script>",
    "<script>window.__xss = 'script tag'</script>",
    "<img src=x onerror=\"window.__xss='img onerror';alert('img')\">",
    "<svg onload=\"window.__xss='svg onload'\"><circle r=5></svg>",
    "<body onload=alert('body')>",
    "\"><script>window.__xss='attribute break'</script>",
    "'><img src=x onerror=alert('single quote break')>",
    "</title><script>window.__xss='title break'</script>",
    "</textarea></style><script>window.__xss='style break'</script>",
    "<a href=\"javascript:window.__xss='js link'\">click me</a>",
    "javascript:alert('bare js url')",
    "data:text/html,<script>alert('data url')</script>",
    "<iframe srcdoc=\"<script>parent.__xss='srcdoc'</script>\"></iframe>",
    "<object data=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\"></object>",
    "<div <b>broken <i markup</b> <!-- unclosed comment",
    "{{7*7}} {% raw %} ${alert('template')}",
    "<style>body { display: none }</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('mxss')>",
]


def _payload_story() -> list[dict]:
    """Two retellings of an invented event whose every field carries payloads; the numbers differ so they drift."""
    # the payloads sit inside ordinary English sentences: retold refuses text that does not look like English
    noise = " ".join(f"The council said that it was not sure what the note {payload} was meant to say to the people of the town."
                     for payload in PAYLOADS)
    first = (
        f"Officials in Quillbridge said on Monday that 40 people were hurt when a footbridge fell. {noise} "
        f"The mayor, Ada Venn, said: \"Perhaps 40 people were hurt {PAYLOADS[0]}.\" Rescuers said 12 boats were sent."
    )
    second = (
        f"As The Quill Courier reported, about 400 people were hurt when a footbridge fell in Quillbridge. {noise} "
        f"The mayor, Ada Venn, said: \"400 people were hurt {PAYLOADS[2]}.\" Rescuers said 12 boats were sent."
    )
    return [
        {"text": first, "title": "<script>alert('title')</script>Footbridge <b>falls</b>", "outlet": "The Quill Courier",
         "published": "2025-05-01", "url": "javascript:alert('url')"},
        {"text": second, "title": "\"><img src=x onerror=alert('title2')>Footbridge toll", "outlet": "<svg onload=alert('outlet')>",
         "published": "2025-05-02", "url": "data:text/html,<script>alert('url2')</script>"},
    ]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """The app under uvicorn in a thread, on 127.0.0.1 and a free port."""

    def __init__(self, db: Path) -> None:
        import uvicorn

        from retold.web.app import create_app

        self.port = _free_port()
        self.app = create_app(str(db))
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the web server did not start")
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        # a server thread still running when the interpreter exits can take the process down after the tests passed:
        # wait for it as long as a busy machine needs, then let go of the store
        self.thread.join(timeout=120)
        self.app.state.store.close()


def _ingest(paths: list[Path], db: Path) -> None:
    from retold.cli import main

    assert main(["ingest", *map(str, paths), "--db", str(db), "--workers", "1", "--no-progress"]) == 0


@pytest.fixture(scope="module")
def browser():
    """Headless chromium, or a skip that says what is missing (`make test` installs it with apt-get)."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip(f"no chromium at {CHROMIUM}: install it with 'apt-get install -y chromium' (make test does, as root)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e '.[test]'")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def example_site(copy_of_example):
    """The bundled example story (ingested once per session), served for the module."""
    with Server(copy_of_example("web-example")) as url:
        yield url


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory):
    """Two articles made of XSS payloads, ingested and served."""
    folder = tmp_path_factory.mktemp("web-xss")
    source = folder / "payloads.jsonl"
    source.write_text("".join(json.dumps(row) + "\n" for row in _payload_story()), encoding="utf-8")
    _ingest([source], folder / "payloads.duckdb")
    with Server(folder / "payloads.duckdb") as url:
        yield url


def _shot(page, name: str) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=True)


def test_story_shows_conflicts_and_drifts_and_a_drift_leads_to_its_highlighted_span(browser, example_site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    outside: list[str] = []
    page.on("request", lambda request: None if request.url.startswith(example_site) else outside.append(request.url))
    page.goto(example_site + "/")
    story_link = page.locator("a.story-link").first
    story_link.click()
    page.wait_for_load_state()
    assert "/story/" in page.url
    assert page.locator("#conflicts").is_visible() and page.locator("#drifts").is_visible()
    assert page.locator(".conflict-card:not(.drift-card)").count() >= 1
    drifts = page.locator(".drift-card")
    assert drifts.count() >= 1
    assert page.locator("figure.graph svg a.node").count() >= 2  # the provenance graph, drawn by the server
    assert page.locator(".chart svg").count() >= 1
    assert page.evaluate("window.retoldAppLoaded") is True  # the app's own script runs under the CSP
    _shot(page, "story")
    first = drifts.first
    later_quote = first.locator("figure.side").nth(1).locator("blockquote").inner_text()
    first.locator("a.drift-link").click()
    page.wait_for_load_state()
    assert "/article/" in page.url and "span=" in page.url
    focus = page.locator("a.m.focus")
    assert focus.count() >= 1
    highlighted = "".join(focus.all_inner_texts())
    assert " ".join(highlighted.split()) == " ".join(later_quote.split())
    assert page.locator("#focus-text").count() == 1
    assert page.locator(".legend .m.focus").count() == 1
    _shot(page, "article-from-drift")
    assert outside == [], f"the pages asked for resources elsewhere: {outside}"
    page.close()


def _assert_nothing_ran(page, url: str, dialogs: list[str]) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    page.wait_for_timeout(150)  # onerror/onload handlers would have fired by now
    assert dialogs == [], f"a dialog opened on {url}: {dialogs}"
    assert page.evaluate("window.__xss === undefined"), f"a payload ran on {url}: {page.evaluate('window.__xss')}"
    # escaping, not only the CSP: no element, attribute or link came from the text
    assert page.evaluate("document.querySelectorAll('script:not([src=\"/static/app.js\"]), iframe, object, embed, img, math, style').length") == 0
    handlers = page.evaluate("[...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name)).filter(n => n.startsWith('on'))")
    assert handlers == []
    hrefs = page.evaluate("[...document.querySelectorAll('[href]')].map(e => e.getAttribute('href'))")
    assert not [href for href in hrefs if href.strip().lower().startswith(("javascript:", "data:", "vbscript:"))]


def test_xss_payloads_are_shown_as_text_and_never_run(browser, payload_site):
    import urllib.request

    stories = json.loads(urllib.request.urlopen(payload_site + "/stories.json").read())["stories"]
    assert stories, "the payload articles made no story"
    pages = [payload_site + "/", payload_site + "/?q=" + "%3Cscript%3E"]
    for story in stories:
        detail = json.loads(urllib.request.urlopen(payload_site + story["href"] + ".json").read())
        pages.append(payload_site + story["href"])
        pages += [payload_site + a["href"] for a in detail["articles"]]
        pages += [payload_site + d["later"]["href"] for d in detail["drifts"]]
    for bypass in (False, True):  # with the CSP switched off, escaping alone must hold
        context = browser.new_context(bypass_csp=bypass)
        page = context.new_page()
        dialogs: list[str] = []
        # the handler reads this iteration's list: dialogs fire while this context's page is open
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))  # noqa: B023
        for url in pages:
            _assert_nothing_ran(page, url, dialogs)
        page.goto(pages[-1])
        text = page.locator("body").inner_text()
        assert "<script>alert('script tag')</script>" in text  # shown, not dropped
        if not bypass:
            _shot(page, "xss-article")
        context.close()


def test_a_story_title_made_of_payloads_is_the_heading_as_text(browser, payload_site):
    import urllib.request

    stories = json.loads(urllib.request.urlopen(payload_site + "/stories.json").read())["stories"]
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    assert any(story["title"] == "<script>alert('title')</script>Footbridge <b>falls</b>" for story in stories)
    for story in stories:
        _assert_nothing_ran(page, payload_site + story["href"], dialogs)
        assert page.locator("h1").inner_text() == story["title"]
        assert page.title() == f"retold · {story['title']}"
    _assert_nothing_ran(page, payload_site + "/", dialogs)
    assert [link.strip() for link in page.locator("a.story-link").all_inner_texts()] == [story["title"] for story in stories]
    page.close()


def test_the_desk_search_lists_speaker_page_origins_and_highlight_switches(browser, example_site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    # one search from the masthead: grouped hits, an article hit leads to the passage it matched
    page.goto(example_site + "/")
    page.fill("form.search input[name=q]", "spillway warning")
    page.press("form.search input[name=q]", "Enter")
    page.wait_for_url("**/search?q=*")
    assert page.locator("h2", has_text="Articles").count() + page.locator("h2", has_text="Claims").count() >= 1
    _shot(page, "desk-search")
    page.locator("a[href*='/article/'][href*='span=']").first.click()
    page.wait_for_url("**/article/*span=*")
    assert page.locator(".m.focus").count() >= 1
    # the highlight switches hide one kind at a time, without script
    speaker = page.locator(".article-text .m.speaker").first
    coloured = speaker.evaluate("element => getComputedStyle(element).backgroundColor")
    page.locator("input.toggle-speaker").first.click()
    assert speaker.evaluate("element => getComputedStyle(element).backgroundColor") != coloured
    _shot(page, "desk-article-switches")
    # a speaker's name leads to everything that source said
    page.goto(example_site + "/speakers")
    page.locator("a[href^='/speaker/']").first.click()
    page.wait_for_url("**/speaker/*")
    assert page.locator("h1").inner_text().strip()
    _shot(page, "desk-speaker")
    # a list filtered by a story, paged, with its CSV twin linked
    page.goto(example_site + "/drifts?per_page=5")
    assert page.locator("table.list tbody tr").count() == 5
    assert page.locator("a[href*='.csv']").count() >= 1
    page.locator("a[rel=next], a:has-text('next')").first.click()
    assert "page=2" in page.url
    # each claim group of a story says from how many independent origins it comes
    page.goto(example_site + "/")
    page.locator("a[href^='/story/']").first.click()
    assert page.locator("text=independent origin").count() >= 1
    _shot(page, "desk-story-origins")
    page.close()
