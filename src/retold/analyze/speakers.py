"""Speaker names: one normalised name per source in an article (acronyms, surnames, determiners), pronouns resolved."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from retold.analyze.attribution.lexicon import PRONOUNS
from retold.analyze.attribution.roles import RELATIVE, sentence_root

DETERMINERS = frozenset("the a an this that these those another some any each every".split())
NAME_WORDS_SKIP = frozenset("of the and for de la del al".split())
OUTLET_WORDS = frozenset("bbc reuters ap afp cnn nbc cbs abc msnbc fox times post journal news guardian telegraph "
                         "associated press bloomberg politico axios breitbart newsweek magazine daily tribune herald "
                         "gazette broadcasting television radio newspaper agency".split())
PERSON_NOUNS = frozenset("man woman spokesman spokeswoman spokesperson official minister president fighter driver "
                         "witness source aide adviser advisor officer general commander leader senator governor "
                         "candidate mayor chief director analyst expert resident father mother son daughter".split())
# nouns for people, mostly said in the plural ("the council members ... They said")
PEOPLE_NOUNS = frozenset("member resident villager farmer worker soldier protester activist student teacher doctor "
                         "nurse people family relative survivor refugee journalist reporter lawyer voter citizen "
                         "employee staff crew rebel militant eyewitness police investigator researcher scientist "
                         "neighbour neighbor parent child victim passenger local".split())
# heads of noun phrases that name an institution even when the parser finds no entity ("the harbour authority")
ORGANISATION_NOUNS = frozenset("authority service ministry department office council company firm government agency "
                               "committee commission court police army military navy coalition union party campaign "
                               "administration board bureau institute university hospital school group forces "
                               "brigade embassy parliament congress senate cabinet regime prosecutor".split())
ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,6}$")


@dataclass
class Cluster:
    """The mentions taken to name one source, and the name they share."""

    cores: list[str] = field(default_factory=list)
    kind: str = "unknown"
    acronyms: set[str] = field(default_factory=set)
    last_names: set[str] = field(default_factory=set)
    plural: bool = False

    @property
    def name(self) -> str:
        full = [c for c in self.cores if not ACRONYM.match(c)]
        name = max(full, key=len) if full else self.cores[0]
        extra = sorted(a for a in self.acronyms if a not in name.split() and _initials(name) == a)
        return f"{name} ({extra[0]})" if extra else name


def name_speakers(article, drafts) -> dict[int, tuple[str | None, str]]:
    """Map each draft (by id) to its speaker's shared name and kind; (None, 'unknown') when nobody is named."""
    clusters: list[Cluster] = []
    result: dict[int, tuple[str | None, str]] = {}
    of_draft: dict[int, Cluster] = {}
    text = article.text
    for draft in drafts:
        if draft.carried is not None:
            continue
        if draft.speaker is None:
            result[id(draft)] = (None, "unknown")
            continue
        token = draft.speaker_token
        mention = text[draft.speaker[0] : draft.speaker[1]]
        if token is not None and token.lower_ in RELATIVE and token.pos_ == "PRON":
            # "the drivers, who said ...": the relative pronoun stands for the noun its clause hangs on
            noun = _relative_antecedent(token)
            if noun is None:
                result[id(draft)] = (token.lower_, "pronoun")
                continue
            cluster = _subject_cluster(noun, clusters)
        elif token is not None and _partitive_pronoun(token) is not None:
            # "one of them said": one member of the group the pronoun refers to, named after it when it resolves
            group = _resolve_pronoun(_partitive_pronoun(token), draft, clusters, of_draft, drafts)
            if group is None:
                result[id(draft)] = (mention.lower(), "pronoun")
                continue
            article_word = "" if group.name[:1].isupper() else "the "
            cluster = _cluster_for(f"{token.lower_} of {article_word}{group.name}", None, clusters)
            cluster.kind = "person" if token.lower_ == "one" else "group"
        elif token is not None and token.lower_ in PRONOUNS and token.pos_ == "PRON":
            resolved = _resolve_pronoun(token, draft, clusters, of_draft, drafts)
            if resolved is None:
                result[id(draft)] = (token.lower_, "pronoun")
                continue
            cluster = resolved
        else:
            cluster = _cluster_for(mention, token, clusters)
        of_draft[id(draft)] = cluster
        result[id(draft)] = (None, cluster.kind)
    for draft in drafts:
        if id(draft) in of_draft:
            cluster = of_draft[id(draft)]
            result[id(draft)] = (cluster.name, cluster.kind)
    for draft in drafts:
        if draft.carried is not None:
            result[id(draft)] = result.get(id(draft.carried), (None, "unknown"))
    return result


def core_name(mention: str, token) -> str:
    """The naming words of a mention: a proper name run ending at its head, else the phrase without determiners."""
    if token is not None and token.pos_ == "PROPN":
        words = [token]
        left = token.i - 1
        while left >= 0 and token.doc[left].dep_ in ("compound", "flat") and token.doc[left].head.i in [w.i for w in words]:
            words.insert(0, token.doc[left])
            left -= 1
        return " ".join(w.text for w in words)
    words = mention.split()
    while len(words) > 1 and words[0].lower() in DETERMINERS:
        words = words[1:]
    name = " ".join(words).strip(" ,;:")
    return re.sub(r"[’']s$", "", name)


def _cluster_for(mention: str, token, clusters: list[Cluster]) -> Cluster:
    core = core_name(mention, token)
    key = core.lower()
    for cluster in reversed(clusters):
        if _matches(core, key, cluster):
            cluster.cores.append(core)
            _note(cluster, core, token)
            return cluster
    cluster = Cluster(cores=[core], kind=_kind(mention, token))
    _note(cluster, core, token)
    clusters.append(cluster)
    return cluster


def _matches(core: str, key: str, cluster: Cluster) -> bool:
    if any(key == c.lower() for c in cluster.cores):
        return True
    if ACRONYM.match(core) and any(_initials(c) == core for c in cluster.cores):
        return True
    if any(ACRONYM.match(c) and _initials(core) == c for c in cluster.cores):
        return True
    words = core.split()
    if cluster.kind == "person" and words and words[-1][:1].isupper():
        return words[-1] in cluster.last_names
    if len(words) == 1 and key in ORGANISATION_NOUNS and cluster.kind == "organisation":
        # "the company" after "the Port Delmar Shipping Company": a bare head noun refers back to its institution
        return any(c.split()[-1].lower() == key for c in cluster.cores if len(c.split()) > 1)
    return False


def _note(cluster: Cluster, core: str, token) -> None:
    if ACRONYM.match(core):
        cluster.acronyms.add(core)
    for c in cluster.cores:
        if ACRONYM.match(c) and _initials(core) == c:
            cluster.acronyms.add(c)
    if cluster.kind == "person" and core.split():
        cluster.last_names.add(core.split()[-1])
    if token is not None and token.tag_ in ("NNS", "NNPS"):
        cluster.plural = True


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in NAME_WORDS_SKIP]
    return "".join(w[0] for w in words if w[0].isupper())


def _kind(mention: str, token) -> str:
    lowered = set(re.findall(r"[a-z]+", mention.lower()))
    label = token.ent_type_ if token is not None else ""
    if label == "PERSON" and token.pos_ == "NOUN":
        label = ""  # a common noun the recogniser took for a name ("Photographs show ...") names nobody
    if label == "ORG" and lowered & OUTLET_WORDS or token is not None and token.pos_ == "PROPN" and token.lower_ in OUTLET_WORDS:
        # "The Kessel Gazette": a name headed by a newspaper word is an outlet, whatever label the recogniser gave
        return "outlet"
    if label == "PERSON":
        return "person"
    if label in ("ORG", "NORP", "GPE"):
        return "organisation"
    if token is not None and token.tag_ in ("NNS", "NNPS"):
        return "group"
    if token is not None and token.lemma_.lower() in PERSON_NOUNS:
        return "person"
    if token is not None and token.lemma_.lower() in ORGANISATION_NOUNS:
        return "organisation"
    return "unknown"


def _compatible(pronoun: str, token, cluster: Cluster | None) -> bool:
    number = PRONOUNS.get(pronoun)
    if cluster is not None:
        if number == "plural":
            return cluster.plural or cluster.kind in ("organisation", "group", "outlet")
        if number == "singular":
            return cluster.kind == "person"
        if number == "neuter":
            return cluster.kind in ("organisation", "outlet")
        return False
    if number == "plural":
        return token.tag_ in ("NNS", "NNPS") or token.ent_type_ in ("ORG", "NORP")
    if number == "singular":
        return token.ent_type_ == "PERSON" or token.lemma_.lower() in PERSON_NOUNS
    if number == "neuter":
        return token.ent_type_ == "ORG" or token.lemma_.lower() in ORGANISATION_NOUNS and token.tag_ == "NN"
    return False


def _resolve_pronoun(pronoun, draft, clusters, of_draft, drafts) -> Cluster | None:
    """The latest compatible antecedent: a subject earlier in the same sentence, else an earlier speaker."""
    word = pronoun.lower_
    if PRONOUNS.get(word) in ("first", "second", None):
        return None
    root = sentence_root(pronoun)
    candidates = [t for t in pronoun.doc[root.left_edge.i : pronoun.i]]
    subject = _last_subject(candidates, word)
    if subject is not None:
        return _subject_cluster(subject, clusters)
    if draft.notes.get("in_quote"):
        return None  # inside a quote a pronoun lives in the quoted speaker's world
    # the latest of: an earlier speaker, or the subject of one of the sentences just before (same paragraph)
    earlier = [(d.anchor, of_draft[id(d)]) for d in drafts if id(d) in of_draft and d.anchor < draft.anchor]
    speaker = next(((at, c) for at, c in reversed(earlier) if _compatible(word, None, c)), None)
    subject = _last_subject(_sentences_before(root, BACK_SENTENCES), word, people_only=True)
    if subject is not None and (speaker is None or subject.idx > speaker[0]):
        return _subject_cluster(subject, clusters)
    return speaker[1] if speaker else None


BACK_SENTENCES = 2  # a pronoun's antecedent is looked for this many sentences back, within its paragraph


def _last_subject(tokens, pronoun: str, people_only: bool = False):
    """The last subject among some tokens that the pronoun can refer to (people_only: a person, group or body,
    never a thing: 'The prices rose. They said ...' has no antecedent)."""
    for token in reversed(tokens):
        if token.dep_ in ("nsubj", "nsubjpass") and token.pos_ in ("NOUN", "PROPN") and _compatible(pronoun, token, None):
            if not people_only or _names_people(token):
                return token
    return None


def _names_people(token) -> bool:
    """A noun that can speak: a named person, body or people, or a noun for people or institutions."""
    if token.ent_type_ in ("ORG", "NORP", "GPE") or token.ent_type_ == "PERSON" and token.pos_ == "PROPN":
        return True
    lemma = token.lemma_.lower()
    return lemma in PERSON_NOUNS or lemma in PEOPLE_NOUNS or lemma in ORGANISATION_NOUNS


def _subject_cluster(token, clusters: list[Cluster]) -> Cluster:
    words = list(token.doc[token.left_edge.i : token.i + 1])
    while len(words) > 1 and words[0].dep_ in ("det", "nummod", "predet", "punct"):
        words = words[1:]  # "two farmers" are named "farmers": the count is not part of the name
    return _cluster_for(" ".join(w.text for w in words), token, clusters)


def _sentences_before(root, count: int) -> list:
    """The tokens of up to `count` sentences before the one `root` heads, stopping at a paragraph break."""
    doc, start = root.doc, root.left_edge.i
    tokens: list = []
    for _ in range(count):
        if start == 0:
            break
        previous = sentence_root(doc[start - 1])
        words = list(doc[previous.left_edge.i : start])
        if any(t.is_space and t.text.count("\n") >= 2 for t in words) or not words:
            break  # a paragraph break: the antecedent would be in another paragraph
        tokens = words + tokens
        start = previous.left_edge.i
    return tokens


def _relative_antecedent(pronoun):
    """The noun a relative pronoun's clause modifies ('the drivers, who said'), or None."""
    verb = pronoun.head
    while verb.dep_ in ("conj", "xcomp") and verb.head is not verb:
        verb = verb.head
    noun = verb.head if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN") else None
    if pronoun.lower_ not in ("who", "whom") or noun is not None and _names_people(noun):
        return noun
    # "who" is a person or a group: the parser may hang it on the clause's subject ("This version was refuted by
    # witnesses in Marlow, who said"); the nearest noun phrase before it is the likelier antecedent
    for token in reversed(pronoun.doc[max(pronoun.i - 8, 0) : pronoun.i]):
        if token.pos_ in ("NOUN", "PROPN"):
            while token.dep_ in ("pobj", "compound") and token.head.dep_ == "prep" and token.head.head.pos_ in ("NOUN", "PROPN"):
                token = token.head.head
            return token if _names_people(token) else noun
    return noun


PARTITIVES = frozenset("one some many most all several two three few none each both".split())


def _partitive_pronoun(token):
    """'them' in 'one of them', 'some of them': the pronoun a partitive subject picks its members from."""
    if token.lower_ not in PARTITIVES:
        return None
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for inner in prep.children:
                if inner.dep_ == "pobj" and inner.pos_ == "PRON" and inner.lower_ in ("them", "us", "you"):
                    return inner if inner.lower_ == "them" else None
    return None
