"""Reviews in the web app: a reader's verdict on a conflict or drift, posted from a plain form and shown on every page.

The analysis store stays read-only: verdicts go to the sidecar SQLite file of `retold.store.reviews`. Pages are cached
as rendered bytes, so saving a review empties the page cache (a verdict shows at once on the next view).
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fastapi import FastAPI, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from retold.model import Article, Conflict
from retold.report.views import anchor_id
from retold.store.connection import store_errors
from retold.store.reviews import (
    FINDING_KINDS,
    ID_PATTERN,
    NOTE_LIMIT,
    REVIEWER_LIMIT,
    VERDICTS,
    Finding,
    Review,
    ReviewError,
    check_review,
    conflict_id,
    findings,
    load_reviews,
    save_review,
)
from retold.store.schema import StoreError
from retold.web.holding import StoreBusy
from retold.web.schemas import (
    ArticleConflict,
    ArticleDetail,
    FindingReview,
    StoryConflict,
    StoryDetail,
    StoryDrift,
)

HIDE = "^dismissed$"  # the one value of ?hide=: leave out what a reviewer dismissed
HIDE_HELP = "dismissed: leave out the conflicts and drifts a reviewer dismissed"
FORM_BYTES = 16 * 1024  # a review form with a full note is under 10 kB, even with every character percent-encoded
_FINDING = re.compile(ID_PATTERN)
# where a review form sends the reader back: a path of this app, never another site ("//host" or "https:")
_BACK = re.compile(r"^/(?!/)[A-Za-z0-9/_.-]*(\?[A-Za-z0-9=&_.%-]*)?$")
HTML_TYPE = "text/html; charset=utf-8"


def review_model(review: Review | None) -> FindingReview | None:
    """A stored review as the pages' twins give it."""
    if review is None:
        return None
    return FindingReview(verdict=review.verdict, note=review.note, reviewer=review.reviewer, updated_at=review.updated_at)


def mark_story(model: StoryDetail, reviews: Mapping[str, Review], hide: bool = False) -> StoryDetail:
    """Put each conflict's and drift's review on the story's model; with `hide`, leave out the dismissed ones."""
    findings: tuple[StoryConflict | StoryDrift, ...] = (*model.conflicts, *model.drifts)
    for finding in findings:
        finding.review = review_model(reviews.get(finding.finding_id))
    model.hide = "dismissed" if hide else None
    if hide:
        conflicts = [c for c in model.conflicts if not _dismissed(c.review)]
        drifts = [d for d in model.drifts if not _dismissed(d.review)]
        model.hidden = len(model.conflicts) - len(conflicts) + len(model.drifts) - len(drifts)
        model.conflicts, model.drifts = conflicts, drifts
    return model


def article_conflict_id(article: Article, conflict: Conflict) -> str:
    """The finding id of a conflict within an article."""
    return conflict_id(conflict.kind, (article.id, conflict.a.span.start, conflict.a.span.end),
                       (article.id, conflict.b.span.start, conflict.b.span.end))


def shown_article(article: Article, reviews: Mapping[str, Review], hide: bool) -> Article:
    """The article as its page draws it: with `hide`, without the conflicts a reviewer dismissed (cards and highlights)."""
    if not hide:
        return article
    kept = [c for c in article.conflicts if not _dismissed(review_model(reviews.get(article_conflict_id(article, c))))]
    return article if len(kept) == len(article.conflicts) else replace(article, conflicts=kept)


def mark_article(detail: ArticleDetail, article: Article, reviews: Mapping[str, Review], hide: bool = False) -> None:
    """Put reviews on an article's drifts and on its own conflicts; `hide` leaves out the dismissed ones."""
    detail.conflicts = [
        ArticleConflict(id=c.id, kind=c.kind, anchor=anchor_id(1, c.id), finding_id=(key := article_conflict_id(article, c)),
                        review=review_model(reviews.get(key)))
        for c in article.conflicts
    ]
    for drift in detail.drifts:
        drift.review = review_model(reviews.get(drift.finding_id))
    detail.hide = "dismissed" if hide else None
    if hide:
        dismissed = {c.id for c in detail.conflicts if _dismissed(c.review)}
        drifts = [d for d in detail.drifts if not _dismissed(d.review)]
        detail.hidden = len(dismissed) + len(detail.drifts) - len(drifts)
        detail.drifts = drifts
        detail.conflicts = [c for c in detail.conflicts if c.id not in dismissed]


def _dismissed(review: FindingReview | None) -> bool:
    return review is not None and review.verdict == "dismissed"


def same_site(request: Request) -> bool:
    """Whether a POST comes from this app's own pages: its Origin (else its Referer) names the host it was sent to.

    A browser always sends Origin on a form POST; another site cannot set it to ours. "null" (a sandboxed frame, or a
    page under a no-referrer policy) proves nothing, so the Referer decides then; with neither, the request is refused."""
    host = (request.headers.get("host") or "").lower()
    origin = request.headers.get("origin")
    if origin and origin != "null":
        return bool(host) and urlsplit(origin).netloc.lower() == host
    referer = request.headers.get("referer")
    return bool(host and referer) and urlsplit(referer).netloc.lower() == host


def read_form(body: bytes) -> dict[str, str]:
    """An application/x-www-form-urlencoded body as one value per field (the first); bad bytes become U+FFFD."""
    fields = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True, max_num_fields=20)
    return {name: values[0] for name, values in fields.items()}


def register(app: FastAPI) -> None:
    """Add POST /review and the reviews list (/reviews and /reviews.json) to the app."""
    store, cache, render = app.state.store, app.state.cache, app.state.render

    def refuse(status: int, message: str, wants_json: bool) -> Response:
        if wants_json:
            return Response(json.dumps({"detail": message}), status_code=status, media_type="application/json")
        html = render("web_reviews.html.j2", title="Review not saved", error=message, rows=[], counts={}, verdict=None, kind=None,
                      total=0, missing=0, kinds=FINDING_KINDS)
        return Response(html, status_code=status, media_type=HTML_TYPE)

    @app.post("/review", summary="Save a verdict on a conflict or drift", tags=["reviews"], status_code=303,
              responses={303: {"description": "saved: back to the page the form was on"},
                         200: {"description": "saved (a client that accepts only JSON gets the review)"},
                         400: {"description": "a field is missing or out of bounds"}, 403: {"description": "not from this app's pages"},
                         404: {"description": "no such finding in the store"}, 413: {"description": "the form is too large"}},
              openapi_extra={"requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": {
                  "type": "object", "required": ["finding", "verdict"], "properties": {
                      "finding": {"type": "string", "pattern": ID_PATTERN}, "verdict": {"type": "string", "enum": list(VERDICTS)},
                      "note": {"type": "string", "maxLength": NOTE_LIMIT}, "reviewer": {"type": "string", "maxLength": REVIEWER_LIMIT},
                      "back": {"type": "string", "description": "the page to return to (a path of this app)"}}}}}}})
    async def post_review(request: Request) -> Response:
        accept = request.headers.get("accept", "")
        wants_json = "application/json" in accept and "text/html" not in accept
        if not same_site(request):
            return refuse(403, "a review is saved only from this app's own pages (the request's Origin names another site)", wants_json)
        body = await request.body()
        if len(body) > FORM_BYTES:
            return refuse(413, f"the review form has {len(body):,} bytes; at most {FORM_BYTES:,} are read", wants_json)
        form = read_form(body)
        finding_id, verdict = form.get("finding", ""), form.get("verdict", "")
        if not _FINDING.fullmatch(finding_id):
            return refuse(400, "the form names no finding (a conflict-… or drift-… id)", wants_json)
        kind = finding_id.split("-", 1)[0]
        note, reviewer = form.get("note", "").strip(), (form.get("reviewer") or "").strip() or None
        try:
            check_review(kind, verdict, note, reviewer)
            readable, found = await run_in_threadpool(locate, finding_id)
            if readable and found is None:
                return refuse(404, f"no conflict or drift {finding_id} in this store (re-analysis may have changed it)", wants_json)
            review = await run_in_threadpool(save_review, store.path, finding_id, kind, verdict, note, reviewer)
        except ReviewError as error:
            return refuse(400, str(error), wants_json)
        except StoreError as error:
            return refuse(500, str(error), wants_json)
        cache.clear()  # every cached page that shows this finding would show the verdict it had before
        if wants_json:
            return Response(json.dumps(review.to_json()), media_type="application/json")
        back = form.get("back", "")
        target = back if _BACK.fullmatch(back) else (_where(found) if found else "/reviews")
        return RedirectResponse(f"{target}#{finding_id}", status_code=303)

    def locate(finding_id: str) -> tuple[bool, Finding | None]:
        """Whether the store could be read, and the finding if it holds it."""
        try:
            with store_errors(store.path), store.reading() as cursor:
                return True, findings(cursor).get(finding_id)
        except StoreBusy:
            # `retold ingest` has the store: the verdict is kept beside it all the same, by the id the page gave
            return False, None

    def listing(verdict: str | None, kind: str | None) -> dict[str, Any]:
        reviews = load_reviews(store.path)
        known: dict[str, Finding] = {}
        if reviews:
            with store_errors(store.path), store.reading() as cursor:
                known = findings(cursor)
        rows = []
        for review in reversed(list(reviews.values())):  # the latest first
            if (verdict and review.verdict != verdict) or (kind and review.kind != kind):
                continue
            found = known.get(review.finding_id)
            rows.append({**review.to_json(), "found": found is not None, "href": _where(found) + f"#{review.finding_id}" if found else None,
                         "label": found.label if found else None, "story_id": found.story_id if found else None,
                         "quotes": [{"article_id": side[0], "text": side[3]} for side in found.sides] if found else []})
        counts = {name: sum(1 for r in reviews.values() if r.verdict == name) for name in VERDICTS}
        return {"verdict": verdict, "kind": kind, "total": len(reviews), "counts": counts, "reviews": rows,
                "missing": sum(1 for row in rows if not row["found"])}

    @app.get("/reviews.json", summary="Reviews", tags=["json"],
             description="Every saved review, the latest first, with where its finding is now (found: false when re-analysis "
                         "no longer finds it).")
    def reviews_json(verdict: str | None = Query(None, pattern="^(confirmed|dismissed)$"),
                     kind: str | None = Query(None, pattern="^(conflict|drift)$")) -> Response:
        try:
            return Response(json.dumps(listing(verdict, kind), ensure_ascii=False), media_type="application/json")
        except (ReviewError, StoreError) as error:
            return Response(json.dumps({"detail": str(error)}), status_code=500, media_type="application/json")

    @app.get("/reviews", summary="Reviews (HTML)", tags=["pages"], response_class=Response)
    def reviews_page(verdict: str | None = Query(None, pattern="^(confirmed|dismissed)$"),
                     kind: str | None = Query(None, pattern="^(conflict|drift)$")) -> Response:
        try:
            found = listing(verdict, kind)
        except (ReviewError, StoreError) as error:
            return Response(f"retold: {error}\n", status_code=500, media_type="text/plain; charset=utf-8")
        html = render("web_reviews.html.j2", title="Reviews", error=None, rows=found["reviews"], counts=found["counts"],
                      verdict=verdict, kind=kind, total=found["total"], missing=found["missing"], kinds=FINDING_KINDS)
        return Response(html, media_type=HTML_TYPE)


def _where(found: Finding) -> str:
    """The page a finding is reviewed on: a conflict within one article on the article's page, the rest on the story's."""
    articles = {side[0] for side in found.sides}
    if found.story_id is None or (found.kind == "conflict" and len(articles) == 1):
        return f"/article/{found.sides[0][0]}"
    return f"/story/{found.story_id}"
