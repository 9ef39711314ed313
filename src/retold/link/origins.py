"""Independent origins of a claim: the articles carrying it, with copies of one article, one wire or one outlet taken as one.

A claim reprinted five times from one wire story is one origin, not five: a reader weighing how many sources back a
claim wants the count of sources that could have got it wrong on their own."""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

# provenance edges whose target took its words from its source: every kind the link stage writes says the later article
# drew on the earlier one (a repost, a partial copy, a summary, a citation naming it), so neither is independent
DERIVED_KINDS = frozenset({"repost", "partial", "summary", "citation"})


@dataclass(frozen=True)
class OriginMember:
    """One article's mention of the claim: its own id (unique within the claim), its article and the article's outlet."""

    id: str
    article: str
    outlet: str | None = None


@dataclass(frozen=True)
class DrawnOn:
    """A provenance edge: `target` drew on `source` in the way `kind` names."""

    source: str
    target: str
    kind: str


@dataclass(frozen=True)
class Origin:
    """Mentions that share one origin, with why they were joined (empty `wires`, `outlets` and `copied` for a lone article)."""

    members: tuple[str, ...]  # member ids, in the order they were given
    articles: tuple[str, ...]  # their articles, in the order first met
    wires: tuple[str, ...] = ()  # agencies two or more of its articles credit
    outlets: tuple[str, ...] = ()  # outlets that published two or more of its articles
    copied: bool = False  # joined along provenance edges

    @property
    def copies(self) -> int:
        """How many of its articles repeat another of them: all but one."""
        return len(self.articles) - 1


def independent_origins(members: Sequence[OriginMember], edges: Iterable[DrawnOn],
                        credits: Mapping[str, Iterable[str]]) -> list[Origin]:
    """Group a claim's mentions into independent origins: mentions in one article, in articles joined by a provenance
    edge (directly or through other articles of the claim), crediting the same wire, or published by the same outlet
    share an origin. `credits` maps an article id to the wires it credits. Origins come in the order of their first member."""
    articles = list(dict.fromkeys(m.article for m in members))
    parent = {article: article for article in articles}

    def root(article: str) -> str:
        while parent[article] != article:
            parent[article] = parent[parent[article]]  # halve the path: later look-ups are shorter
            article = parent[article]
        return article

    def join(a: str, b: str) -> None:
        first, second = root(a), root(b)
        if first != second:
            # the article met first names the group, so the result does not depend on the order of the edges
            keep, drop = (first, second) if articles.index(first) < articles.index(second) else (second, first)
            parent[drop] = keep

    copied: set[str] = set()
    for edge in edges:
        # an edge through an article that does not carry the claim says nothing about who took the claim from whom
        if edge.kind in DERIVED_KINDS and edge.source in parent and edge.target in parent and edge.source != edge.target:
            join(edge.source, edge.target)
            copied.update((edge.source, edge.target))
    wires: dict[str, list[str]] = {}
    outlets: dict[str, list[str]] = {}
    for article in articles:
        for wire in dict.fromkeys(credits.get(article, ())):
            wires.setdefault(wire, []).append(article)
    for member in members:
        if member.outlet and member.article not in outlets.get(_outlet_key(member.outlet), []):
            outlets.setdefault(_outlet_key(member.outlet), []).append(member.article)
    for group in (*wires.values(), *outlets.values()):
        for article in group[1:]:
            join(group[0], article)
    names: dict[str, str] = {}
    for member in members:
        if member.outlet:
            names.setdefault(_outlet_key(member.outlet), member.outlet)  # the outlet as its first article names it
    by_root: dict[str, list[OriginMember]] = {}
    for member in members:
        by_root.setdefault(root(member.article), []).append(member)
    found = []
    for group_members in by_root.values():
        held = list(dict.fromkeys(m.article for m in group_members))
        found.append(Origin(
            members=tuple(m.id for m in group_members), articles=tuple(held),
            wires=tuple(sorted(w for w, carried in wires.items() if len(set(carried) & set(held)) > 1)),
            outlets=tuple(sorted(names[o] for o, carried in outlets.items() if len(set(carried) & set(held)) > 1)),
            copied=len(held) > 1 and any(a in copied for a in held),
        ))
    return found


def _outlet_key(outlet: str) -> str:
    """An outlet's name compared without case or a leading 'The': 'The Brannock Ledger' and 'Brannock Ledger' are one."""
    name = " ".join(outlet.split()).casefold()
    return name.removeprefix("the ")
