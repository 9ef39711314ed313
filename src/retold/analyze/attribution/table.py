"""Token attributes of one parsed Doc, read once into Python lists for the taggers' feature extraction."""
from __future__ import annotations

from dataclasses import dataclass

import numpy
from spacy.attrs import DEP, ENT_TYPE, HEAD, LEMMA, LOWER, POS, TAG

from retold.analyze.doc_cache import doc_cache

COLUMNS = (LOWER, LEMMA, TAG, DEP, ENT_TYPE, POS)


@dataclass(frozen=True)
class TokenTable:
    """Per-token columns of a Doc (index i is doc[i]); every Doc[i] or Token attribute read builds a Python object,
    and the features read each token's attributes dozens of times."""

    lower: list[str]
    lemma: list[str]  # lowercased
    tag: list[str]
    dep: list[str]
    ent_type: list[str]
    pos: list[str]
    head: list[int]  # absolute index; a root is its own head
    children: list[list[int]]  # in index order, as Token.children yields them

    def __len__(self) -> int:
        return len(self.lower)

    def subtree(self, i: int) -> list[int]:
        """The indices of token i and its descendants (in no particular order)."""
        found, stack = [], [i]
        while stack:
            node = stack.pop()
            found.append(node)
            stack.extend(self.children[node])
        return found

    def ancestors(self, i: int) -> list[int]:
        """The indices of token i's heads up to its sentence's root."""
        found = []
        while self.head[i] != i:
            i = self.head[i]
            found.append(i)
        return found


def read_table(doc) -> TokenTable:
    """The columns of a Doc, from one to_array call (each distinct string hash resolved once)."""
    if not len(doc):
        return TokenTable([], [], [], [], [], [], [], [])
    array = doc.to_array(list(COLUMNS))
    strings = doc.vocab.strings
    hashes, where = numpy.unique(array, return_inverse=True)
    names = numpy.array([strings[h] for h in hashes.tolist()], dtype=object)
    lower, lemma, tag, dep, ent_type, pos = names[where.reshape(array.shape).T].tolist()
    lowered = {name: name.lower() for name in set(lemma)}
    # HEAD is an offset stored in an unsigned column: read it as signed
    offsets = doc.to_array(HEAD).astype("int64").tolist()
    head = [i + offset for i, offset in enumerate(offsets)]
    children: list[list[int]] = [[] for _ in head]
    for i, h in enumerate(head):
        if h != i:
            children[h].append(i)
    return TokenTable(lower, [lowered[name] for name in lemma], tag, dep, ent_type, pos, head, children)


def token_table(doc) -> TokenTable:
    """The Doc's table, read once and kept in its DocCache (it depends on nothing else), for every component."""
    cache = doc_cache(doc)
    if cache.table is None:
        cache.table = read_table(doc)
    return cache.table
