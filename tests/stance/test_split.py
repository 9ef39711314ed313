"""The claim-disjoint dev split: whole claim groups held out, so dev claims and dev-group bodies are never trained on."""
from __future__ import annotations

import itertools

from retold.stance.train import claim_groups, dev_split, split_by_body, split_by_claim, unseen_bodies


def rows_of(related: list[tuple[str, str, str]], n_unrelated_bodies: int = 0) -> list[tuple[str, str, str, str]]:
    """(headline, body id, text, label) rows: the related pairs given, and every headline against every other body."""
    rows = [(h, b, f"text of {b}", label) for h, b, label in related]
    linked = {(h, b) for h, b, _ in related}
    heads = sorted({h for h, _, _ in related})
    bodies = sorted({b for _, b, _ in related})
    rows += [(h, b, f"text of {b}", "unrelated") for h, b in itertools.product(heads, bodies) if (h, b) not in linked]
    return rows


# three groups: claim A with bodies 1, 2; claim B with body 2 and 3 (joined to A through body 2); claim C with body 4
TOY = rows_of([("A", "1", "agree"), ("A", "2", "discuss"), ("B", "2", "disagree"), ("B", "3", "agree"),
               ("C", "4", "discuss"), ("D", "5", "agree"), ("E", "6", "discuss"), ("E", "7", "agree")])


def test_claim_groups_join_claims_that_share_a_related_body():
    group = claim_groups(TOY)
    assert group["h:A"] == group["h:B"] == group["b:1"] == group["b:2"] == group["b:3"]
    assert len({group["h:A"], group["h:C"], group["h:D"], group["h:E"]}) == 4
    assert len(set(group.values())) == 4  # unrelated pairs join nothing


def test_claim_split_holds_out_whole_groups_and_keeps_their_bodies_out_of_training():
    for seed in range(20):
        train, dev = split_by_claim(TOY, 0.3, seed)
        assert dev and train
        assert not {r[0] for r in train} & {r[0] for r in dev}  # no dev claim in training
        group = claim_groups(TOY)
        held = {group["h:" + r[0]] for r in dev}
        assert all(group["b:" + r[1]] not in held for r in train)  # no held body in training
        assert {r for r in dev if r[3] != "unrelated"} == {r for r in TOY if r[3] != "unrelated" and group["h:" + r[0]] in held}


def test_claim_split_is_the_same_for_the_same_seed_and_differs_across_seeds():
    assert split_by_claim(TOY, 0.3, 7) == split_by_claim(TOY, 0.3, 7)
    assert len({tuple(r[0] for r in split_by_claim(TOY, 0.3, seed)[1]) for seed in range(20)}) > 1


def test_unseen_bodies_keeps_the_dev_pairs_whose_body_is_not_in_training():
    train, dev = split_by_claim(TOY, 0.3, 3)
    strict = unseen_bodies(train, dev)
    assert strict and all(r[1] not in {t[1] for t in train} for r in strict)
    assert len(strict) < len(dev)  # dev's unrelated pairs also bring training bodies


def test_body_split_shares_claims_where_the_claim_split_does_not(tmp_path):
    """The gap issue 17 names: a body-disjoint dev still has training claims."""
    rows = rows_of([(h, f"{h}{i}", "agree") for h in "ABCDEFGH" for i in range(3)])
    body_train, body_dev = split_by_body(rows, 0.3, 1)
    assert {r[0] for r in body_train} & {r[0] for r in body_dev}
    for name, path in (("train_stances.csv", "Headline,Body ID,Stance\n"), ("train_bodies.csv", "Body ID,articleBody\n")):
        (tmp_path / name).write_text(path, encoding="utf-8")
    with open(tmp_path / "train_stances.csv", "a", encoding="utf-8") as handle:
        handle.writelines(f"{h},{b},{label}\n" for h, b, _, label in rows)
    with open(tmp_path / "train_bodies.csv", "a", encoding="utf-8") as handle:
        handle.writelines(f"{b},{text}\n" for b, text in sorted({(r[1], r[2]) for r in rows}))
    train, dev = dev_split(tmp_path, {"split": "claim", "dev_fraction": 0.3, "seed": 1})
    assert dev and not {r[0] for r in train} & {r[0] for r in dev}
    assert dev_split(tmp_path, {"dev_fraction": 0.3, "seed": 1}) == split_by_body(rows, 0.3, 1)  # older models: by body
