"""Promise coverage: which channels confirm each promise, which contradict it,
and which never mention it.

"Content about" the product (the promise) should be confirmed by "content in"
it: a trial promised on the pricing page should be restated by the welcome
email or the upgrade screen. Coverage reads the links the promise checks
already made (:mod:`.analysis`), so it costs nothing extra:

* **contradicts**: the link became a VC301 finding;
* **confirms**: the passage is about this promise first (its closest
  promise), none of its claims conflicts with the promise's, and it asserts
  one of the promise's claims with the same value (the same trial length,
  "24/7" for the same service, a person rather than a bot, a free thing still
  free: :mod:`voicecheck.promises.compare` agreements); sharing a noun, or
  being close in embedding space, is not enough;
* **dismissed**: a contradiction a reviewer dismissed (``voicecheck review``);
* otherwise the link only mentions the topic and counts for nothing.

A promise that no email and no UI string confirms is reported by VC302.
"""
from __future__ import annotations

from dataclasses import dataclass, field


#: Channels in the order tables show them; content outside these folders is "other".
CHANNELS = ("email", "support", "ui", "errors", "other")


@dataclass
class Location:
    path: str
    line: int
    column: int
    channel: str | None
    excerpt: str
    why: str = ""

    def to_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "column": self.column, "channel": self.channel,
                "excerpt": self.excerpt, "why": self.why}


@dataclass
class ChannelCell:
    confirms: list[Location] = field(default_factory=list)
    contradicts: list[Location] = field(default_factory=list)
    dismissed: list[Location] = field(default_factory=list)  # contradictions a reviewer dismissed

    @property
    def state(self) -> str:
        if self.confirms and self.contradicts:
            return "mixed"
        if self.contradicts:
            return "contradicts"
        if self.confirms:
            return "confirms"
        return "dismissed" if self.dismissed else "silent"

    def to_dict(self) -> dict:
        return {"state": self.state, "confirms": [x.to_dict() for x in self.confirms],
                "contradicts": [x.to_dict() for x in self.contradicts],
                "dismissed": [x.to_dict() for x in self.dismissed]}


@dataclass
class CoverageRow:
    promise: object  # vocab.Promise
    channels: dict[str, ChannelCell]

    @property
    def status(self) -> str:
        confirms = any(c.confirms for c in self.channels.values())
        contradicts = any(c.contradicts for c in self.channels.values())
        if confirms and contradicts:
            return "mixed"
        if contradicts:
            return "contradicted"
        return "confirmed" if confirms else "unconfirmed"

    def confirmed_in(self, *channels: str) -> bool:
        return any(self.channels[c].confirms for c in channels if c in self.channels)

    def to_dict(self) -> dict:
        p = self.promise
        return {"promise": p.id, "text": p.text, "source": p.source, "status": self.status,
                "channels": {name: cell.to_dict() for name, cell in self.channels.items()}}


def channel_of(value: str | None) -> str:
    return value if value in CHANNELS else "other"


def dismiss(rows: list[CoverageRow], dismissed: set[tuple[str, int, str]]) -> None:
    """Move the contradictions a reviewer dismissed ((path, line, promise) of
    the VC301 findings the decisions file silences) out of "contradicts"."""
    for row in rows:
        for cell in row.channels.values():
            keep = []
            for loc in cell.contradicts:
                (cell.dismissed if (loc.path, loc.line, row.promise.id) in dismissed else keep).append(loc)
            cell.contradicts = keep


def agreements(link) -> list[str]:
    """What the passage asserts that the promise asserts too, with the same
    value ("same value: 14-day", "same hours: 24/7"), from the claims
    comparison (:mod:`voicecheck.promises.compare`): both sides must state
    something about the same attribute; a shared noun is not enough."""
    out = []
    for v in link.verdicts:
        if not v.conflict and not v.passage.hedge and not v.passage.instance and v.facet != "predicate":
            out.append(v.reason)
    return sorted(set(out))


def compute(links, flagged: set[int], channels: set[str], promises) -> list[CoverageRow]:
    """One row per promise. ``flagged`` holds ``id()`` of the links reported
    as VC301 findings; ``channels`` are the channels of the checked content."""
    shown = [c for c in CHANNELS if c in {channel_of(ch) for ch in channels}]
    rows = {p.id: CoverageRow(p, {c: ChannelCell() for c in shown}) for p in promises}
    seen: set[tuple] = set()
    for link in sorted(links, key=lambda lk: -lk.similarity):
        seg = link.passage.segment
        cell = rows[link.promise.id].channels.get(channel_of(seg.channel))
        if cell is None:
            continue
        key = (link.promise.id, id(seg), link.passage.start)
        if key in seen:
            continue
        if id(link) in flagged:
            seen.add(key)
            cell.contradicts.append(_location(link, link.conflicts[0].reason if link.conflicts else "contradicts"))
            continue
        why = confirmation(link)
        if why:
            seen.add(key)
            cell.confirms.append(_location(link, why))
    for row in rows.values():
        for cell in row.channels.values():
            cell.confirms.sort(key=lambda x: (x.path, x.line, x.column))
            cell.contradicts.sort(key=lambda x: (x.path, x.line, x.column))
    return list(rows.values())


def confirmation(link) -> str:
    """Why ``link``'s passage confirms its promise, or "" when it doesn't."""
    if link.rank != 0 or link.conflicts or not link.readings or not link.readings[1].asserts:
        return ""
    return "; ".join(agreements(link))


def _location(link, why: str) -> Location:
    from voicecheck.promises.passages import location

    p = link.passage
    return Location(**location(p.segment, p.start + len(p.text) - len(p.text.lstrip())), why=why)
