"""Sources an article relies on (outlets, people, organisations, links), and whether it retells another outlet's work."""
from __future__ import annotations

import re
from urllib.parse import urlparse

from retold.analyze.datelines import find_datelines
from retold.analyze.outlets import outlet_name
from retold.model import Article, Source, SourceKind, Span

# phrases by which an article presents itself as a retelling: "To read the entire article from the BBC, click here"
RETELLING = re.compile(
    r"(?:to read (?:the|this) (?:entire|full|whole|complete|original|rest of the) (?:article|story|report|piece)"
    r"(?: (?:from|at|on|in|by) (?P<outlet1>[^,.:;\n]{2,60}))?"
    r"|read (?:the|more of the) (?:rest|full (?:article|story|report)|original(?: (?:article|story|report))?)"
    r"(?: (?:at|on|from|in) (?P<outlet2>[^,.:;\n]{2,60}))?"
    r"|(?:originally|first) (?:published|appeared|reported) (?:in|on|at|by) (?P<outlet3>[^,.:;\n]{2,60})"
    r"|(?:this (?:article|story|report) (?:is|was) )?(?:adapted|republished|reprinted) from (?P<outlet4>[^,.:;\n]{2,60})"
    r"|\b(?:via|h/t|hat tip(?: to)?|source:) (?P<outlet5>[A-Z][^,.:;\n]{1,60}))",
    re.I,
)
INVESTIGATION_CUES = frozenset({"uncover", "reveal", "report", "find", "learn", "obtain", "investigate", "discover", "publish", "break"})


def find_sources(article: Article, doc) -> list[Source]:
    """Outlets, people and organisations quoted or cited, outbound links, and the outlet the article retells, if any."""
    sources: dict[tuple[str, str], Source] = {}

    def add(kind: SourceKind, name: str, mention: Span | None = None, **extra) -> None:
        # one source per name: a speaker later shown to be an outlet (it is the one retold) becomes that outlet
        key = ("link" if kind == "link" else "named", name.lower())
        old = sources.get(key)
        mentions = tuple(sorted({*(old.mentions if old else ()), *((mention,) if mention else ())}, key=lambda s: (s.start, s.end)))
        merged = Source(
            kind="outlet" if old and old.kind == "outlet" else kind,
            name=old.name if old else name,
            mentions=mentions,
            url=(old.url if old and old.url else extra.get("url")),
            retelling=(old.retelling if old else False) or extra.get("retelling", False),
            evidence=(old.evidence if old and old.evidence else extra.get("evidence")),
        )
        sources[key] = merged

    for attribution in article.attributions:
        if attribution.speaker is None or not attribution.speaker.name:
            continue
        kind = _speaker_kind(attribution.speaker.kind, attribution.speaker.name)
        if kind is None:
            continue
        add(kind, attribution.speaker.name, attribution.speaker.span)
    for entity in article.entities:
        name = outlet_name(entity.span.text)
        if name and entity.label in ("ORG", "PERSON", "GPE", "WORK_OF_ART"):
            add("outlet", name, entity.span)
    for dateline in find_datelines(article.text):
        if dateline.wire:
            # "GAZA CITY, Oct 17 (Reuters) -": the wire the article credits with its reporting, the dateline as evidence
            wire = article.span(*dateline.wire)
            add("outlet", outlet_name(wire.text) or wire.text, wire, evidence=article.span(dateline.start, dateline.end))
    retold_outlet = _retelling(article)
    if retold_outlet:
        name, evidence = retold_outlet
        add("outlet", name, None, retelling=True, evidence=evidence)
    for link in article.links:
        host = urlparse(link.url).hostname or link.url
        retelling_link = retold_outlet is not None and _is_retelling_link(link.text, retold_outlet)
        add("link", link.url, None, url=link.url, retelling=retelling_link)
        name = outlet_name(host)
        if retelling_link:
            assert retold_outlet is not None  # a retelling link needs an outlet retold
            add("outlet", name or retold_outlet[0], None, retelling=True, url=link.url)
    return sorted(sources.values(), key=lambda s: (not s.retelling, s.kind, s.mentions[0].start if s.mentions else 10**9, s.name))


def _speaker_kind(kind: str, name: str) -> SourceKind | None:
    if outlet_name(name):
        return "outlet"
    if kind in ("person", "outlet"):
        return kind  # type: ignore[return-value]  # one of the two names just checked
    if kind in ("organisation", "organization", "group"):
        return "organisation"
    return None  # pronouns, the author, unnamed 'sources' are not sources one can cite


def _retelling(article: Article) -> tuple[str, Span] | None:
    """The outlet an article says it retells, with the words that say so."""
    for match in RETELLING.finditer(article.text):
        evidence = article.span(match.start(), match.end())
        named = next((match.group(g) for g in ("outlet1", "outlet2", "outlet3", "outlet4", "outlet5") if match.group(g)), None)
        name = outlet_name(named) if named else None
        if name is None and named:
            name = re.sub(r"^(?:the)\s+", "", named.strip(), flags=re.I)
        if name is None:
            name = _investigating_outlet(article)
        if name:
            return name, evidence
    return None


def _investigating_outlet(article: Article) -> str | None:
    """The outlet credited with the reporting ('the BBC has uncovered'), for a bare 'read the rest here'."""
    for attribution in article.attributions:
        if attribution.speaker and attribution.cue and outlet_name(attribution.speaker.name or ""):
            if any(cue in attribution.cue.text.lower() for cue in INVESTIGATION_CUES):
                return outlet_name(attribution.speaker.name)
    return None


def _is_retelling_link(text: str, retold_outlet: tuple[str, Span]) -> bool:
    """A link whose words point at the original ('click here', 'full story') or name the outlet retold."""
    name, evidence = retold_outlet
    if text and (text.lower() in evidence.text.lower() or name.lower() in text.lower()):
        return True
    return bool(re.search(r"\b(?:here|original|full|entire|rest|source|read)\b", text, re.I))


def run(article: Article, doc) -> dict[str, list]:
    return {"sources": find_sources(article, doc)}
