"""Find: one search over the store, and lists of articles, claims, conflicts and drifts with filters, sorting and
paging; every view has a stable address and .json and .csv twins (datasette's habit)."""
from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, Query
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel

from retold.web.lists import (
    LISTS,
    MAX_PER_PAGE,
    PER_PAGE,
    ArticleRow,
    ClaimRow,
    ConflictRow,
    DriftRow,
    ListPage,
    ListQuery,
    choices,
    fetch_page,
)
from retold.web.search import KINDS, FindIndex, SearchResults, search

HTML_TYPE = "text/html; charset=utf-8"
JSON_TYPE = "application/json"
CSV_TYPE = "text/csv; charset=utf-8"
PREVIEW = 10  # hits of each kind on the search page before "all N"
MAX_PAGE = 100_000
STORY_OR_EMPTY = r"^([A-Za-z0-9][A-Za-z0-9_-]{0,79})?$"
DATE_OR_EMPTY = r"^([0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?)?$"
KIND_OR_EMPTY = r"^(" + "|".join(KINDS) + r")?$"
WORD_OR_EMPTY = r"^[A-Za-z_]{0,40}$"
# a spreadsheet reads a cell that starts with one of these as a formula: such a cell gets a leading apostrophe
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class CSVResponse(Response):
    """A CSV body (declared so that the OpenAPI schema names the media type)."""

    media_type = "text/csv"


@dataclass(frozen=True)
class Column:
    """A column of a list page: the heading, the row's field, how the cell shows it, and the sort its heading asks for."""

    label: str
    key: str
    cell: str = "text"  # text | num | link (to the row's `href` field) | pills | passage | story | card
    href: str = "href"
    sort: str | None = None


@dataclass(frozen=True)
class Field:
    """A filter in a list's form."""

    name: str
    label: str
    input: str = "text"  # text | select | date


LIST_TITLES = {"articles": "Articles", "claims": "Claims", "conflicts": "Conflicts between articles",
               "drifts": "Drift along the retelling"}
COLUMNS: dict[str, list[Column]] = {
    "articles": [Column("Date", "published", sort="date"), Column("Outlet", "outlet", sort="outlet"),
                 Column("Title", "title", "link", sort="title"), Column("Words", "words", "num", sort="words"),
                 Column("Story", "story_title", "story")],
    "claims": [Column("Date", "published", sort="date"), Column("Outlet", "outlet", sort="outlet"),
               Column("Kind", "kind", sort="kind"), Column("Speaker", "speaker", sort="speaker"),
               Column("Claim", "text", "link"), Column("Hedges", "hedges", "pills"),
               Column("Check-worthy", "score", "num", sort="score"), Column("Story", "story_title", "story")],
    "conflicts": [Column("Kind", "kind", sort="kind"), Column("One article", "a", "passage", sort="outlet"),
                  Column("The other", "b", "passage"), Column("Why", "explanation"),
                  Column("Story", "story_title", "story", sort="story"), Column("", "id", "card")],
    "drifts": [Column("Change", "types", "pills", sort="type"), Column("Counted", "counted"),
               Column("Earlier", "origin", "passage"), Column("Later", "later", "passage", sort="outlet"),
               Column("Why", "explanation"), Column("Story", "story_title", "story", sort="story"),
               Column("", "id", "card")],
}
FIELDS: dict[str, list[Field]] = {
    "articles": [Field("q", "Words"), Field("outlet", "Outlet", "select"), Field("story", "Story id"),
                 Field("date_from", "From", "date"), Field("date_to", "To", "date")],
    "claims": [Field("q", "Words"), Field("kind", "Kind", "select"), Field("speaker", "Speaker"),
               Field("outlet", "Outlet", "select"), Field("story", "Story id"), Field("date_from", "From", "date"),
               Field("date_to", "To", "date")],
    "conflicts": [Field("q", "Words"), Field("kind", "Kind", "select"), Field("speaker", "Speaker"),
                  Field("outlet", "Outlet", "select"), Field("story", "Story id"), Field("date_from", "From", "date"),
                  Field("date_to", "To", "date")],
    "drifts": [Field("q", "Words"), Field("type", "Change", "select"), Field("outlet", "Outlet", "select"),
               Field("story", "Story id"), Field("date_from", "From", "date"), Field("date_to", "To", "date")],
}


def _words() -> Any:
    return Query("", max_length=200, description="words that must all appear (any case)")


def _outlet() -> Any:
    return Query("", max_length=200, description="an outlet's name, exactly as stored")


def _story() -> Any:
    return Query("", pattern=STORY_OR_EMPTY, max_length=80, description="a story id")


def _date(which: str) -> Any:
    return Query("", pattern=DATE_OR_EMPTY, max_length=10, description=f"{which} this day (YYYY, YYYY-MM or YYYY-MM-DD)")


def _page() -> Any:
    return Query(1, ge=1, le=MAX_PAGE, description="page number, from 1")


def _per_page() -> Any:
    return Query(PER_PAGE, ge=1, le=MAX_PER_PAGE, description=f"rows per page (at most {MAX_PER_PAGE})")


def _order() -> Any:
    return Query("asc", pattern="^(asc|desc)$", description="asc or desc")


def _list_query(name: str, sort: str, order: str, page: int, per_page: int, **filters: str) -> ListQuery:
    given = tuple((key, " ".join(value.split())) for key, value in filters.items() if value and value.strip())
    return ListQuery(name=name, filters=given, sort=sort, order=order, page=page, per_page=per_page)


def article_query(q: str = _words(), outlet: str = _outlet(), story: str = _story(), date_from: str = _date("from"),
                  date_to: str = _date("up to"), sort: Literal["date", "outlet", "title", "words"] = Query("date"),
                  order: str = _order(), page: int = _page(), per_page: int = _per_page()) -> ListQuery:
    """The articles list's parameters."""
    return _list_query("articles", sort, order, page, per_page, q=q, outlet=outlet, story=story,
                       date_from=date_from, date_to=date_to)


def claim_query(q: str = _words(), kind: str = Query("", pattern=WORD_OR_EMPTY, description="claim kind: quote, event, …"),
                speaker: str = Query("", max_length=200, description="part of a speaker's name (any case)"),
                outlet: str = _outlet(), story: str = _story(), date_from: str = _date("from"), date_to: str = _date("up to"),
                sort: Literal["date", "outlet", "speaker", "kind", "score"] = Query("date"), order: str = _order(),
                page: int = _page(), per_page: int = _per_page()) -> ListQuery:
    """The claims list's parameters."""
    return _list_query("claims", sort, order, page, per_page, q=q, kind=kind, speaker=speaker, outlet=outlet, story=story,
                       date_from=date_from, date_to=date_to)


def conflict_query(q: str = _words(), kind: str = Query("", pattern=WORD_OR_EMPTY, description="numeric, speaker, denial, …"),
                   speaker: str = Query("", max_length=200, description="part of the name of a speaker on either side (any case)"),
                   outlet: str = _outlet(), story: str = _story(), date_from: str = _date("from"), date_to: str = _date("up to"),
                   sort: Literal["date", "story", "kind", "outlet"] = Query("date"), order: str = _order(),
                   page: int = _page(), per_page: int = _per_page()) -> ListQuery:
    """The conflicts list's parameters."""
    return _list_query("conflicts", sort, order, page, per_page, q=q, kind=kind, speaker=speaker, outlet=outlet,
                       story=story, date_from=date_from, date_to=date_to)


def drift_query(q: str = _words(), type: str = Query("", pattern=WORD_OR_EMPTY, description="a drift type: NUMBER_CHANGED, …"),
                outlet: str = _outlet(), story: str = _story(), date_from: str = _date("from"), date_to: str = _date("up to"),
                sort: Literal["date", "story", "type", "outlet"] = Query("date"), order: str = _order(),
                page: int = _page(), per_page: int = _per_page()) -> ListQuery:
    """The drifts list's parameters."""
    return _list_query("drifts", sort, order, page, per_page, q=q, type=type, outlet=outlet, story=story,
                       date_from=date_from, date_to=date_to)


def safe_cell(value: Any) -> Any:
    """A CSV cell that no spreadsheet runs as a formula: text starting with = + - @ (or a tab or CR) gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def flatten(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """A JSON row as CSV cells: nested objects become prefix_field columns, lists one cell joined by '; '."""
    cells: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict):
            cells.update(flatten(value, f"{prefix}{key}_"))
        elif isinstance(value, list):
            cells[f"{prefix}{key}"] = "; ".join(str(item) for item in value)
        else:
            cells[f"{prefix}{key}"] = value
    return cells


def csv_header(model: type[BaseModel], prefix: str = "") -> list[str]:
    """The CSV columns of a row model (so that an empty page still has its header)."""
    names: list[str] = []
    for name, info in model.model_fields.items():
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            names.extend(csv_header(annotation, f"{prefix}{name}_"))
        else:
            names.append(f"{prefix}{name}")
    return names


def to_csv(header: list[str], rows: list[dict[str, Any]]) -> bytes:
    """A header row and one row per item, every text cell guarded against formula injection."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        cells = flatten(row)
        writer.writerow([safe_cell("" if cells.get(name) is None else cells[name]) for name in header])
    return buffer.getvalue().encode()


def search_href(suffix: str = "", **params: Any) -> str:
    """The search page's address (or its .json or .csv twin's), defaults left out."""
    kept = {key: value for key, value in params.items()
            if value not in ("", None) and not (key == "page" and value == 1) and not (key == "per_page" and value == PER_PAGE)}
    return f"/search{suffix}" + (f"?{urlencode(kept)}" if kept else "")


def register(app: FastAPI) -> None:
    """Add /search and the lists (/articles, /claims, /conflicts, /drifts), each with .json and .csv twins."""
    built: Callable[..., Response] = app.state.built
    render: Callable[..., str] = app.state.render
    store = app.state.store
    index = FindIndex()
    app.state.find_index = index
    if hasattr(store, "on_change"):  # a store written while the app runs: the index is read again after each writer
        store.on_change(index.reset)

    def results(cursor, q: str, kind: str, page: int, per_page: int) -> SearchResults:
        found = index.get(cursor, getattr(store, "generation", None))
        return search(found, q, kind or None, page, per_page, search_href, PREVIEW)

    def search_build(fmt: str, q: str, kind: str, page: int, per_page: int) -> Callable[[Any], tuple[int, bytes, str]]:
        def build(cursor) -> tuple[int, bytes, str]:
            found = results(cursor, q, kind, page, per_page)
            if fmt == "json":
                return 200, found.model_dump_json().encode(), JSON_TYPE
            if fmt == "csv":
                hits = [{**hit.model_dump(exclude={"snippet"}),
                         "snippet": f"{hit.snippet.before}{hit.snippet.match}{hit.snippet.after}" if hit.snippet else None}
                        for group in found.groups for hit in group.hits]
                return 200, to_csv(["kind", "id", "title", "detail", "href", "snippet"], hits), CSV_TYPE
            twins = {suffix: search_href(f".{suffix}", q=q, kind=kind, page=page, per_page=per_page) for suffix in ("json", "csv")}
            html = render("web_search.html.j2", results=found, query=q, twins=twins, kinds=KINDS,
                          title=f"Search: {q}" if q else "Search")
            return 200, html.encode(), HTML_TYPE
        return build

    def search_params(q: str = Query("", max_length=200, description="words that must all appear; \"a phrase\" in quotes"),
                      kind: str = Query("", pattern=KIND_OR_EMPTY, description="only this kind: story, article, speaker or claim"),
                      page: int = _page(), per_page: int = _per_page()) -> tuple[str, str, int, int]:
        return " ".join(q.split()), kind, page, per_page

    @app.get("/search", response_class=HTMLResponse, summary="Search stories, articles, speakers and claims (HTML)", tags=["pages"])
    def search_page(params: tuple[str, str, int, int] = Depends(search_params)) -> Response:
        return built(("find", "search", "html", *params), search_build("html", *params))

    @app.get("/search.json", response_model=SearchResults, summary="Search stories, articles, speakers and claims", tags=["json"])
    def search_json(params: tuple[str, str, int, int] = Depends(search_params)) -> Response:
        return built(("find", "search", "json", *params), search_build("json", *params))

    @app.get("/search.csv", response_class=CSVResponse, summary="Search hits as CSV", tags=["csv"])
    def search_csv(params: tuple[str, str, int, int] = Depends(search_params)) -> Response:
        return _attachment(built(("find", "search", "csv", *params), search_build("csv", *params)), "search.csv")

    for name, dependency, row_model in (("articles", article_query, ArticleRow), ("claims", claim_query, ClaimRow),
                                        ("conflicts", conflict_query, ConflictRow), ("drifts", drift_query, DriftRow)):
        _add_list(app, name, dependency, row_model, built, render)


def _add_list(app: FastAPI, name: str, dependency: Callable[..., ListQuery], row_model: type[BaseModel],
              built: Callable[..., Response], render: Callable[..., str]) -> None:
    """The three routes of one list: the HTML page and its .json and .csv twins, over the same query."""
    title = LIST_TITLES[name]
    header = csv_header(row_model)

    def build(fmt: str, query: ListQuery) -> Callable[[Any], tuple[int, bytes, str]]:
        def run(cursor) -> tuple[int, bytes, str]:
            page = fetch_page(cursor, query)
            if fmt == "json":
                return 200, page.model_dump_json().encode(), JSON_TYPE
            if fmt == "csv":
                return 200, to_csv(header, [row.model_dump() for row in page.rows]), CSV_TYPE
            html = render("web_list.html.j2", listing=page, columns=COLUMNS[name], fields=FIELDS[name],
                          choices=choices(cursor, name), sorts=list(LISTS[name].sorts), link=query.href, title=title)
            return 200, html.encode(), HTML_TYPE
        return run

    def html_route(query: ListQuery = Depends(dependency)) -> Response:  # noqa: B008
        return built(("find", "html", query), build("html", query))

    def json_route(query: ListQuery = Depends(dependency)) -> Response:  # noqa: B008
        return built(("find", "json", query), build("json", query))

    def csv_route(query: ListQuery = Depends(dependency)) -> Response:  # noqa: B008
        return _attachment(built(("find", "csv", query), build("csv", query)), f"{name}.csv")

    app.add_api_route(f"/{name}", html_route, methods=["GET"], response_class=HTMLResponse, summary=f"{title} (HTML)",
                      tags=["pages"])
    app.add_api_route(f"/{name}.json", json_route, methods=["GET"], response_model=ListPage[row_model],  # type: ignore[valid-type]  # the row model is chosen per list at run time
                      summary=f"{title}: filtered, sorted, paged", tags=["json"])
    app.add_api_route(f"/{name}.csv", csv_route, methods=["GET"], response_class=CSVResponse, summary=f"{title} as CSV",
                      tags=["csv"])


def _attachment(response: Response, filename: str) -> Response:
    if response.status_code == 200:
        response.headers["content-disposition"] = f'attachment; filename="{filename}"'
    return response
