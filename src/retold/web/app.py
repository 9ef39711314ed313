"""The web app: FastAPI routes over a read-only store; each HTML page has a .json twin built from the same model."""
from __future__ import annotations

import json
from collections.abc import Callable
from importlib import resources
from typing import Any

from fastapi import FastAPI, Path, Query
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from retold.report.html import build_article_view, focus_within, template_environment
from retold.store.claimreview import claim_reviews
from retold.store.connection import store_errors
from retold.store.reader import load_articles
from retold.store.reviews import load_reviews
from retold.store.schema import StoreError
from retold.store.stories import resolve_story_id
from retold.version import __version__
from retold.web import find, queries, review_routes
from retold.web import speakers as speaker_pages
from retold.web.cache import PageCache
from retold.web.graphics import interval_chart, outlet_colours, provenance_graph
from retold.web.holding import HeldStore, StoreBusy
from retold.web.pages import (
    article_href,
    drift_model,
    mentioned_articles,
    reappearances,
    speaker_href,
    story_href,
    story_model,
    story_summary,
)
from retold.web.schemas import ArticleDetail, StoryDetail, StoryList

# the app's own script is a file it serves ('self'); inline script, plugins, frames and other origins are refused
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    # same-origin: other sites never learn what was read here, while a form posted to the app itself carries its
    # Origin (under no-referrer a browser sends "Origin: null", and POST /review could not tell its own pages' forms)
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]
STATIC = {  # name -> media type; served from the package, looked up by fixed routes, never by a request's path
    "report.css": "text/css; charset=utf-8",
    "web.css": "text/css; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
}
ID = queries.ID_PATTERN
SPAN = r"^[0-9]{1,9}-[0-9]{1,9}$"
# rendered pages are kept up to this many bytes in all (least recently used out first): a long browse of a big store
# stays within it, where a count of pages did not (one story page can be megabytes)
CACHE_BYTES = 64 * 1024 * 1024
PAGE_BYTES = 4 * 1024 * 1024  # a larger page is rendered again each time rather than pushing out 16 others
JSON_TYPE = "application/json"
HTML_TYPE = "text/html; charset=utf-8"
CLAIMREVIEW_TYPE = "application/ld+json"


class SecurityHeaders:
    """ASGI middleware adding the CSP and friends to every response (plain ASGI: no per-request task overhead)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(db_path: str, cache_bytes: int = CACHE_BYTES) -> FastAPI:
    """The app over one store file, opened read-only; pages are cached per version of the file (a writer such as
    `retold ingest` makes the app let go of it, and pages are built anew once the file changed)."""
    store = HeldStore(db_path)
    catalogue: dict[str, Any] = {}

    def catalogue_of(cursor) -> dict[str, Any]:
        """What every page shares, worked out once per version of the file: the stories, their titles, stance columns."""
        if catalogue.get("generation") != store.generation:
            rows = queries.story_rows(cursor)
            catalogue.update(generation=store.generation, story_rows=rows, stance_columns=queries.stance_columns_of(cursor),
                             titles={row["id"]: row["title"] for row in rows})
        return catalogue
    environment = template_environment()
    static = {name: resources.files("retold.report").joinpath("templates", name).read_bytes() for name in STATIC}
    cache = PageCache(cache_bytes, PAGE_BYTES)
    app = FastAPI(
        title="retold", version=__version__, docs_url=None, redoc_url=None,
        description="Stories, articles, claims, conflicts and drifts from a retold store. Every page has a .json twin.",
    )
    app.add_middleware(SecurityHeaders)
    app.state.store = store
    app.state.cache = cache

    def render(template: str, **context: Any) -> str:
        return environment.get_template(template).render(version=__version__, **context)

    def stories_model(q: str) -> StoryList:
        story_rows = catalogue_of(store.cursor())["story_rows"]
        matches = queries.search_stories(story_rows, q)
        return StoryList(query=q, total=len(story_rows), stories=[story_summary(row) for row in matches])

    def story_of(story_id: str, hide: bool = False) -> StoryDetail | None:
        shared = catalogue_of(store.cursor())
        story = queries.story_detail(store.cursor(), story_id, shared["titles"].get(story_id), shared["stance_columns"])
        if story:  # the wires each article credits: a claim reprinted from one wire story is one origin
            story["credits"] = speaker_pages.credited_wires(store.cursor(), [a["id"] for a in story["articles"]])
        # reviews live beside the store (retold.store.reviews); saving one empties the page cache
        return review_routes.mark_story(story_model(story), load_reviews(store.path), hide) if story else None

    def article_pages(article_id: str, focus: tuple[int, int] | None, hide: bool = False) -> dict[str, tuple[int, bytes, str]]:
        """The article's page and its twin: both read the same stored analysis and story rows, and the twin costs ~2 ms more."""
        found = list(load_articles(store.cursor(), [article_id]))
        if not found:
            return {kind: _missing(kind, f"no article {article_id}", render) for kind in ("article", "article.json")}
        article = found[0]
        context = queries.article_context(store.cursor(), article_id)
        reappearing = reappearances(article_id, context)
        drifts = [drift_model(row) for row in context["drifts"]]
        articles = mentioned_articles(context, reappearing, drifts)
        story_id = context["story"]
        detail = ArticleDetail(
            id=article.id, title=article.title, outlet=article.outlet, published=article.published, story_id=story_id,
            story_href=story_href(story_id) if story_id else None, focus=list(focus) if focus_within(article, focus) else None,  # type: ignore[arg-type]  # no focus is never within
            analysis=article.to_json(), articles=articles, reappearances=reappearing, drifts=drifts,
        )
        reviews = load_reviews(store.path)  # with ?hide=dismissed a dismissed conflict leaves the highlights too
        view = build_article_view(review_routes.shown_article(article, reviews, hide), focus=focus, speaker_href=speaker_href)
        for row in view.claims:  # a claim links to the story's versions of the grouped claims it overlaps
            claim = row["record"]
            for item in reappearing:
                if item.elsewhere and item.here.start is not None and item.here.start < claim.span.end and claim.span.start < item.here.end:
                    row["reappears"] = f"#reappear-{_anchor(item.group_id)}"
                    break
        review_routes.mark_article(detail, article, reviews, hide)
        html = render("web_article.html.j2", detail=detail, view=view, title=view.title, anchor=_anchor,
                      labels={a.id: a.label for a in articles})
        return {"article": (200, html.encode(), HTML_TYPE), "article.json": (200, detail.model_dump_json().encode(), JSON_TYPE)}

    def claimreview_of(story_id: str) -> tuple[int, bytes, str]:
        members = [row["id"] for row in queries.story_articles(store.cursor(), story_id)]
        if not members:
            return 404, json.dumps({"detail": f"no story {story_id}"}).encode(), JSON_TYPE
        reviews = claim_reviews(store.cursor(), members, load_reviews(store.path))
        return 200, json.dumps(reviews, ensure_ascii=False, indent=2).encode(), CLAIMREVIEW_TYPE

    def render_pages(kind: str, key: Any) -> dict[str, tuple[int, bytes, str]]:
        """Kind -> (status, body, media type): the page asked for, with its twin when that costs little more (one model
        makes both). Every page is a pure function of the read-only store."""
        if kind == "stories":
            model = stories_model(key)
            return {kind: (200, render("web_stories.html.j2", page=model, title="Stories").encode(), HTML_TYPE)}
        if kind == "stories.json":
            return {kind: (200, stories_model(key).model_dump_json().encode(), JSON_TYPE)}
        if kind in ("story", "story.json"):
            story_id, hide = key
            story = story_of(story_id, hide)
            if story is None:
                return {kind: _missing(kind, f"no story {story_id}", render)}
            return {"story.json": (200, story.model_dump_json().encode(), JSON_TYPE),
                    "story": (200, _story_page(story, render).encode(), HTML_TYPE)}
        if kind in ("article", "article.json"):
            return article_pages(*key)
        if kind == "claimreview":
            return {kind: claimreview_of(key)}
        raise KeyError(kind)

    def page(kind: str, key: Any) -> tuple[int, bytes, str]:
        return cached((kind, key), lambda cursor: render_pages(kind, key), lambda: render_pages(kind, key))

    def cached(key: Any, build_one, build_all=None) -> tuple[int, bytes, str]:
        """The page under `key` for this version of the store: from the cache, or built (with its twin, by build_all).

        While a writer has the store, pages already built are served and others say so (503); two threads may both
        build a missing page: the same bytes, kept once."""
        try:
            found = cache.get((store.refresh(), key))
            if found is not None:
                return found
            with store_errors(store.path), store.reading() as cursor:
                found = cache.get((store.generation, key))  # the file may have changed since: then pages are built anew
                if found is not None:
                    return found
                if build_all is None:
                    found = build_one(cursor)
                    cache.put((store.generation, key), found)
                    return found
                rendered = build_all()
                kind, detail = key
                for other, body in rendered.items():
                    cache.put((store.generation, (other, detail)), body)
                return rendered[kind]
        except StoreBusy as busy:
            return 503, f"retold: {busy}\n".encode(), "text/plain; charset=utf-8"
        except StoreError as error:
            # a block damaged after the server started: say so on the page, in one line, and keep serving the rest
            return 500, f"retold: {error}\n".encode(), "text/plain; charset=utf-8"

    def respond(kind: str, key: Any) -> Response:
        status, body, media_type = page(kind, key)
        headers = {"retry-after": "5"} if status == 503 else None
        return Response(body, status_code=status, media_type=media_type, headers=headers)

    def built(key: Any, build: Callable[[Any], tuple[int, bytes, str]]) -> Response:
        """A page of another module: build(cursor) -> (status, body, media type), cached under `key` like every page."""
        status, body, media_type = cached(key, build)
        headers = {"retry-after": "5"} if status == 503 else None
        return Response(body, status_code=status, media_type=media_type, headers=headers)

    # what the modules that add pages use: the cached builder, the template renderer and the store
    app.state.built = built
    app.state.render = render

    def canonical(story_id: str, tail: str) -> Response | None:
        """A redirect to the story's own URL when `story_id` is the start of one story's id (as the CLI takes)."""
        if story_id in catalogue.get("titles", {}):
            return None
        status, body, _ = cached(("story-id", story_id), lambda cursor: (200, (resolve_story_id(cursor, story_id) or "").encode(), ""))
        full = body.decode() if status == 200 else ""
        if full and full != story_id:
            return RedirectResponse(f"/story/{full}{tail}", status_code=307)
        return None

    @app.get("/", response_class=HTMLResponse, summary="Stories (HTML)", tags=["pages"])
    def stories_page(q: str = Query("", max_length=200, description="words that must all appear")) -> Response:
        return respond("stories", q.strip())

    @app.get("/stories.json", response_model=StoryList, summary="Stories", tags=["json"])
    def stories_json(q: str = Query("", max_length=200, description="words that must all appear")) -> Response:
        return respond("stories.json", q.strip())

    @app.get("/story/{story_id}.json", response_model=StoryDetail, summary="One story", tags=["json"],
             responses={404: {"description": "no such story"}})
    def story_json(story_id: str = Path(pattern=ID, max_length=80),
                   hide: str | None = Query(None, pattern=review_routes.HIDE, description=review_routes.HIDE_HELP)) -> Response:
        return canonical(story_id, ".json" + (f"?hide={hide}" if hide else "")) or respond("story.json", (story_id, bool(hide)))

    @app.get("/story/{story_id}/claimreview.json", summary="ClaimReview JSON-LD drafts for the story's contested claims",
             tags=["json"], responses={200: {"content": {"application/ld+json": {}}}, 404: {"description": "no such story"}})
    def story_claimreview(story_id: str = Path(pattern=ID, max_length=80)) -> Response:
        redirect = canonical(story_id, "/claimreview.json")
        if redirect is not None:
            return redirect
        status, body, media_type = page("claimreview", story_id)
        headers = {"content-disposition": f'attachment; filename="claimreview-{story_id}.json"'} if status == 200 else None
        return Response(body, status_code=status, media_type=media_type, headers=headers)

    @app.get("/story/{story_id}", response_class=HTMLResponse, summary="One story (HTML)", tags=["pages"],
             responses={404: {"description": "no such story"}})
    def story_page(story_id: str = Path(pattern=ID, max_length=80),
                   hide: str | None = Query(None, pattern=review_routes.HIDE, description=review_routes.HIDE_HELP)) -> Response:
        return canonical(story_id, f"?hide={hide}" if hide else "") or respond("story", (story_id, bool(hide)))

    @app.get("/article/{article_id}.json", response_model=ArticleDetail, summary="One article", tags=["json"],
             responses={404: {"description": "no such article"}})
    def article_json(article_id: str = Path(pattern=ID, max_length=80),
                     span: str | None = Query(None, pattern=SPAN, description="START-END: a passage to highlight"),
                     hide: str | None = Query(None, pattern=review_routes.HIDE, description=review_routes.HIDE_HELP)) -> Response:
        return respond("article.json", (article_id, _focus(span), bool(hide)))

    @app.get("/article/{article_id}", response_class=HTMLResponse, summary="One article (HTML)", tags=["pages"],
             responses={404: {"description": "no such article"}})
    def article_page(article_id: str = Path(pattern=ID, max_length=80),
                     span: str | None = Query(None, pattern=SPAN, description="START-END: a passage to highlight"),
                     hide: str | None = Query(None, pattern=review_routes.HIDE, description=review_routes.HIDE_HELP)) -> Response:
        return respond("article", (article_id, _focus(span), bool(hide)))

    def static_route(name: str):
        def serve_static() -> Response:
            return Response(static[name], media_type=STATIC[name], headers={"cache-control": "max-age=3600"})
        return serve_static

    for name in STATIC:
        app.add_api_route(f"/static/{name}", static_route(name), methods=["GET"], include_in_schema=False)

    # pages that live in their own modules register here (each module: register(app), using app.state.built/render)
    review_routes.register(app)
    find.register(app)
    speaker_pages.register(app)

    @app.get("/health", response_class=PlainTextResponse, include_in_schema=False)
    def health() -> str:
        return "ok"

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs() -> str:
        return render("web_docs.html.j2", schema=app.openapi(), title="API")

    return app


def _focus(span: str | None) -> tuple[int, int] | None:
    if not span:
        return None
    start, end = (int(part) for part in span.split("-"))
    return (start, end) if start < end else None


def _anchor(group_id: str) -> str:
    """An HTML id for a claim group (its id holds a colon)."""
    return "".join(char if char.isalnum() or char in "-_" else "_" for char in group_id)


def _missing(kind: str, message: str, render) -> tuple[int, bytes, str]:
    if kind.endswith(".json"):
        return 404, json.dumps({"detail": message}).encode(), JSON_TYPE
    return 404, render("web_error.html.j2", message=message, title="Not found").encode(), HTML_TYPE


def _story_page(model: StoryDetail, render) -> str:
    articles = [a.model_dump() for a in model.articles]
    for article in articles:
        article["name"] = article["name"] or article["id"]
    hrefs = {a.id: article_href(a.id) for a in model.articles}
    graph = provenance_graph(articles, [e.model_dump() for e in model.edges], hrefs)
    by_counted: dict[str, list[dict[str, Any]]] = {}
    for group in model.claim_groups:
        if group.kind == "quantity":  # groups of one counted thing (an official's figure, the paper's own) share a chart
            by_counted.setdefault(group.key or "?", []).extend(
                {"article_id": m.article_id, "low": m.compared_low, "high": m.compared_high, "label": m.interval, "text": m.text,
                 "start_char": m.start, "end_char": m.end} for m in group.members
                if m.kind != "proportion")  # "all of the families" is a share, not a count on the families' axis
    charts = []
    for counted, members in by_counted.items():
        chart = interval_chart(counted, members, articles, hrefs)
        if chart is not None and len({bar.article_id for bar in chart.bars}) > 1:
            charts.append(chart)
    # the counted things the outlets disagree on come first: that is the picture a reader needs
    charts.sort(key=lambda chart: (-len({bar.label for bar in chart.bars}), chart.counted))
    disputed = [chart for chart in charts if len({bar.label for bar in chart.bars}) > 1]
    colours = outlet_colours(articles)
    # each mention (a table row, a quote, a graph edge) names its article by its short label; the fields appear once
    labels = {a.id: a.label for a in model.articles}
    published = {a.id: a.published for a in model.articles}
    return render("web_story.html.j2", story=model, graph=graph, charts=disputed, agreed=charts[len(disputed):],
                  colours=colours, labels=labels, published=published, title=model.title, anchor=_anchor)
