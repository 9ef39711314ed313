"""Counting a claim's independent origins: copies along provenance edges, one wire's reprints and one outlet's articles are one."""
from __future__ import annotations

from retold.link.origins import DrawnOn, OriginMember, independent_origins


def _members(*articles: tuple[str, str | None]) -> list[OriginMember]:
    return [OriginMember(f"m{i}", article, outlet) for i, (article, outlet) in enumerate(articles)]


def test_articles_with_nothing_in_common_are_each_an_origin():
    members = _members(("a", "Ledger"), ("b", "Courier"), ("c", "Gazette"))
    origins = independent_origins(members, [], {})
    assert [o.members for o in origins] == [("m0",), ("m1",), ("m2",)]
    assert all(o.copies == 0 and not o.copied for o in origins)


def test_five_reprints_of_one_wire_story_are_one_origin():
    members = _members(*((f"w{i}", f"Paper {i}") for i in range(5)), ("own", "Ledger"))
    credits = {f"w{i}": ["Reuters"] for i in range(5)}
    origins = independent_origins(members, [], credits)
    assert len(origins) == 2
    wire, own = origins
    assert wire.articles == ("w0", "w1", "w2", "w3", "w4") and wire.wires == ("Reuters",) and wire.copies == 4
    assert own.members == ("m5",) and own.wires == ()


def test_copies_along_provenance_edges_join_even_through_a_chain():
    members = _members(("a", "Ledger"), ("b", "Wire"), ("c", "Dispatch"), ("d", "Express"))
    edges = [DrawnOn("a", "b", "repost"), DrawnOn("b", "c", "partial")]
    origins = independent_origins(members, edges, {})
    assert [o.articles for o in origins] == [("a", "b", "c"), ("d",)]
    assert origins[0].copied and not origins[1].copied


def test_an_edge_through_an_article_without_the_claim_joins_nothing():
    # b carries no member: a and c are not known to share this claim through it
    members = _members(("a", "Ledger"), ("c", "Dispatch"))
    edges = [DrawnOn("a", "b", "repost"), DrawnOn("b", "c", "repost")]
    assert len(independent_origins(members, edges, {})) == 2


def test_an_unknown_edge_kind_is_not_a_copy():
    members = _members(("a", "Ledger"), ("b", "Courier"))
    assert len(independent_origins(members, [DrawnOn("a", "b", "mentions")], {})) == 2


def test_two_articles_of_one_outlet_are_one_origin_whatever_the_case_or_the():
    members = _members(("a", "The Brannock Ledger"), ("b", "brannock ledger"), ("c", "Courier"), ("d", None), ("e", None))
    origins = independent_origins(members, [], {})
    assert [o.articles for o in origins] == [("a", "b"), ("c",), ("d",), ("e",)]
    assert origins[0].outlets == ("The Brannock Ledger",)


def test_several_mentions_in_one_article_are_one_origin_and_keep_their_ids():
    members = [OriginMember("q1", "a", "Ledger"), OriginMember("q2", "a", "Ledger"), OriginMember("q3", "b", "Courier")]
    origins = independent_origins(members, [], {})
    assert [o.members for o in origins] == [("q1", "q2"), ("q3",)]
    assert origins[0].articles == ("a",) and origins[0].copies == 0


def test_a_wire_only_one_article_credits_joins_nothing():
    members = _members(("a", "Ledger"), ("b", "Courier"))
    origins = independent_origins(members, [], {"a": ["AFP"], "b": ["Reuters"]})
    assert len(origins) == 2 and all(o.wires == () for o in origins)


def test_the_order_of_edges_does_not_change_the_origins():
    members = _members(("a", "A"), ("b", "B"), ("c", "C"), ("d", "D"))
    edges = [DrawnOn("c", "d", "summary"), DrawnOn("a", "c", "citation")]
    forward = independent_origins(members, edges, {})
    backward = independent_origins(members, list(reversed(edges)), {})
    assert forward == backward and [o.articles for o in forward] == [("a", "c", "d"), ("b",)]
