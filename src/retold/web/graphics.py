"""Geometry for the story's two drawings, computed in Python; the templates turn it into SVG elements (autoescaped)."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from retold.intervals import as_stated, interval_label
from retold.report.views import shorten
from retold.web.pages import article_label

# one colour per outlet, in timeline order; chosen to stay apart for the common kinds of colour blindness
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#8c564b", "#444444", "#b8860b", "#6a3d9a")
EDGE_STYLES = {"repost": "edge-repost", "summary": "edge-summary", "partial": "edge-partial", "citation": "edge-citation"}
NODE_W, NODE_H, COLUMN_GAP, ROW_GAP, MARGIN = 150, 44, 70, 26, 16


@dataclass
class Node:
    """An article in the provenance drawing."""

    id: str
    label: str
    date: str
    x: float
    y: float
    colour: str
    href: str
    width: float = NODE_W
    height: float = NODE_H


@dataclass
class Edge:
    """Who drew on whom: a curve from the source's right side to the target's left side."""

    source: str
    target: str
    kind: str
    css: str
    path: str
    evidence: str
    label_x: float
    label_y: float


@dataclass
class Graph:
    """The provenance drawing: nodes in columns by publication date, edges as curves."""

    width: float
    height: float
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    dates: list[tuple[str, float]] = field(default_factory=list)


def outlet_colours(articles: list[dict[str, Any]]) -> dict[str, str]:
    """Article id -> its outlet's colour, the same in the graph and in every chart."""
    by_outlet: dict[str, str] = {}
    colours = {}
    for article in articles:
        outlet = article.get("outlet") or article["id"]
        if outlet not in by_outlet:
            by_outlet[outlet] = PALETTE[len(by_outlet) % len(PALETTE)]
        colours[article["id"]] = by_outlet[outlet]
    return colours


def provenance_graph(articles: list[dict[str, Any]], edges: list[dict[str, Any]], hrefs: dict[str, str]) -> Graph:
    """Lay the story's articles out in one column per publication date and route each provenance edge."""
    colours = outlet_colours(articles)
    dates = sorted({a.get("published") or "?" for a in articles}, key=lambda d: (d == "?", d))
    column = {date: index for index, date in enumerate(dates)}
    rows: dict[str, int] = {}
    nodes: dict[str, Node] = {}
    for article in articles:
        date = article.get("published") or "?"
        row = rows.get(date, 0)
        rows[date] = row + 1
        x = MARGIN + column[date] * (NODE_W + COLUMN_GAP)
        y = MARGIN + 22 + row * (NODE_H + ROW_GAP)
        label = shorten(article_label(article), 22)
        nodes[article["id"]] = Node(article["id"], label, date, x, y, colours[article["id"]], hrefs[article["id"]])
    floor = MARGIN + 22 + max(rows.values(), default=1) * (NODE_H + ROW_GAP) - ROW_GAP
    long_edges = [e for e in edges if e["source"] in nodes and e["target"] in nodes
                  and abs(nodes[e["target"]].x - nodes[e["source"]].x) > NODE_W + COLUMN_GAP]
    graph = Graph(
        width=MARGIN * 2 + len(dates) * NODE_W + max(0, len(dates) - 1) * COLUMN_GAP,
        height=floor + MARGIN + (24 + 14 * len(long_edges) if long_edges else 0),
        nodes=list(nodes.values()),
        dates=[(date, MARGIN + column[date] * (NODE_W + COLUMN_GAP) + NODE_W / 2) for date in dates],
    )
    for edge in edges:
        source, target = nodes.get(edge["source"]), nodes.get(edge["target"])
        if source is None or target is None:
            continue
        if edge in long_edges:
            # an edge that skips a day would run through that day's boxes: it loops under the drawing instead
            path, label_x, label_y = _route_under(source, target, floor + 24 + 14 * long_edges.index(edge))
        else:
            path, label_x, label_y = _route(source, target)
        graph.edges.append(Edge(edge["source"], edge["target"], edge["kind"], EDGE_STYLES.get(edge["kind"], "edge-other"),
                                path, shorten(edge.get("evidence") or "", 300), label_x, label_y))
    return graph


def _route_under(source: Node, target: Node, depth: float) -> tuple[str, float, float]:
    """From the bottom of the source box down to `depth`, along, and up into the bottom of the target box."""
    x1, y1 = source.x + source.width * 0.65, source.y + source.height
    x2, y2 = target.x + target.width * 0.35, target.y + target.height
    return f"M{x1:.0f},{y1:.0f} C{x1:.0f},{depth:.0f} {x2:.0f},{depth:.0f} {x2:.0f},{y2:.0f}", (x1 + x2) / 2, depth


def _route(source: Node, target: Node) -> tuple[str, float, float]:
    """A cubic curve between two nodes; within one column it bows out to the right so it does not cross the boxes."""
    if source.x == target.x:
        x = source.x + source.width
        y1, y2 = source.y + source.height / 2, target.y + target.height / 2
        bow = min(x + 30 + abs(y2 - y1) / 4, x + COLUMN_GAP - 12)  # never as far as the next day's boxes
        return f"M{x:.0f},{y1:.0f} C{bow:.0f},{y1:.0f} {bow:.0f},{y2:.0f} {x:.0f},{y2:.0f}", bow - 8, (y1 + y2) / 2
    x1, y1 = source.x + source.width, source.y + source.height / 2
    x2, y2 = target.x, target.y + target.height / 2
    middle = (x1 + x2) / 2
    return f"M{x1:.0f},{y1:.0f} C{middle:.0f},{y1:.0f} {middle:.0f},{y2:.0f} {x2:.0f},{y2:.0f}", middle, (y1 + y2) / 2 - 4


@dataclass
class Bar:
    """One outlet's interval for a counted thing on one day: a vertical bar (a dot when it is one value)."""

    article_id: str
    outlet: str
    colour: str
    x: float
    y_low: float
    y_high: float
    point: bool
    open_low: bool
    open_high: bool
    label: str
    text: str
    href: str
    show_label: bool = True  # one label per value and day: bars of outlets that agree share it


@dataclass
class Chart:
    """The intervals given for one counted category over time."""

    counted: str
    width: float
    height: float
    log: bool
    bars: list[Bar] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)
    dates: list[tuple[float, str]] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)


CHART_W, CHART_H, CHART_LEFT, CHART_BOTTOM, CHART_TOP = 520, 220, 56, 28, 14
DATE_LABEL_W = 68  # room an ISO date needs under the axis at the chart's 11 px: closer dates drop labels, never overlap


def outlet_name(article: dict[str, Any]) -> str:
    """An article's outlet as a legend names it: the outlet, else its address's host (not the whole URL), else its title
    or where it came from."""
    if article.get("outlet"):
        return shorten(article["outlet"], 40)
    for address in (article.get("url"), article.get("name")):
        host = _host(address)
        if host:
            return host
    return shorten(article.get("title") or article.get("name") or article["id"], 40)


def spaced_labels(positions: list[tuple[float, str]], width: float) -> list[tuple[float, str]]:
    """The axis labels that fit side by side: each kept label's centre is at least `width` from the last one kept."""
    kept: list[tuple[float, str]] = []
    for x, label in positions:
        if not kept or x - kept[-1][0] >= width:
            kept.append((x, label))
    return kept


def _host(address: str | None) -> str | None:
    if not address or "://" not in address:
        return None
    try:
        host = urlsplit(address).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def interval_chart(counted: str, members: list[dict[str, Any]], articles: list[dict[str, Any]], hrefs: dict[str, str]) -> Chart | None:
    """Each outlet's interval for `counted` by publication date; a log scale when the values span 20x or more."""
    info = {a["id"]: a for a in articles}
    colours = outlet_colours(articles)
    points = [m for m in members if (m.get("low") is not None or m.get("high") is not None) and m["article_id"] in info]
    if not points:
        return None
    values = [v for m in points for v in (m.get("low"), m.get("high")) if v is not None and math.isfinite(v)]
    if not values:
        return None
    bottom, top = min(values), max(values)
    log = bottom > 0 and top / bottom >= 20
    if log:
        low_edge, high_edge = 10 ** math.floor(math.log10(bottom)), 10 ** math.ceil(math.log10(top))
        if low_edge == high_edge:
            high_edge *= 10
    else:
        low_edge, high_edge = 0.0, _nice_ceiling(top)

    def y_of(value: float) -> float:
        value = min(max(value, low_edge), high_edge)
        if log:
            share = (math.log10(value) - math.log10(low_edge)) / (math.log10(high_edge) - math.log10(low_edge))
        else:
            share = (value - low_edge) / (high_edge - low_edge)
        return CHART_TOP + (1 - share) * (CHART_H - CHART_TOP - CHART_BOTTOM)

    dates = sorted({info[m["article_id"]].get("published") or "?" for m in points}, key=lambda d: (d == "?", d))
    plot_w = CHART_W - CHART_LEFT - 16
    step = plot_w / max(1, len(dates))
    chart = Chart(counted, CHART_W, CHART_H, log)
    chart.dates = spaced_labels([(CHART_LEFT + step * (i + 0.5), date) for i, date in enumerate(dates)], DATE_LABEL_W)
    placed: dict[str, list[dict[str, Any]]] = {}
    seen: set[tuple[str, float | None, float | None]] = set()
    for member in points:
        key = (member["article_id"], member.get("low"), member.get("high"))
        if key not in seen:  # one mark per outlet and value, however many sentences repeat it
            seen.add(key)
            placed.setdefault(info[member["article_id"]].get("published") or "?", []).append(member)
    for index, date in enumerate(dates):
        day = placed.get(date, [])
        gap = min(14.0, (step - 40) / max(1, len(day)))  # room for the labels beside the rightmost bar
        labelled: set[str] = set()
        for slot, member in enumerate(day):
            article = info[member["article_id"]]
            low, high = member.get("low"), member.get("high")
            x = CHART_LEFT + step * (index + 0.5) + (slot - (len(day) - 1) / 2) * gap
            open_low, open_high = low is None, high is None or not math.isfinite(high)
            # the page passes the shared label of the compared interval; a bare member is labelled as stated
            label = member.get("label") or interval_label(as_stated(low, high))
            show = label not in labelled and not any(o.get("low") == low and o.get("high") == high for o in day[slot + 1:])
            if show:
                labelled.add(label)
            chart.bars.append(Bar(
                member["article_id"], outlet_name(article), colours[member["article_id"]], x,
                # open_high is true when high is None, a narrowing mypy cannot follow
                y_of(low) if low is not None else CHART_H - CHART_BOTTOM, y_of(high) if not open_high else CHART_TOP,  # type: ignore[arg-type]
                point=low is not None and low == high, open_low=open_low, open_high=open_high,
                label=label, text=member.get("text") or "",
                href=f"{hrefs[member['article_id']]}?span={member['start_char']}-{member['end_char']}#focus-text",
                show_label=show,
            ))
    chart.ticks = [(y_of(value), _axis_number(value)) for value in _ticks(low_edge, high_edge, log)]
    legend: dict[str, str] = {}
    for bar in chart.bars:
        legend.setdefault(bar.outlet, bar.colour)
    chart.legend = list(legend.items())
    return chart


def _nice_ceiling(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for factor in (1, 2, 2.5, 5, 10):
        if value <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _ticks(low: float, high: float, log: bool) -> list[float]:
    if log:
        return [10.0 ** power for power in range(round(math.log10(low)), round(math.log10(high)) + 1)]
    return [low + (high - low) * i / 4 for i in range(5)]


def _axis_number(value: float) -> str:
    """A tick label short enough for the 48 px left of the axis: 1,500 but 25k, 3M, 2.5B."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e4, "k")):
        if abs(value) >= size:
            return f"{value / size:.1f}".rstrip("0").rstrip(".") + suffix
    return _short_number(value)


def _short_number(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
