"""What an evaluation returns: a status per criterion with its evidence.

The three statuses are the words an officer writes on the dossier: "đạt", "chưa đạt",
"chưa đủ dữ liệu". Evidence is a one-line summary plus the records behind it (households,
incidents, documents, confirmations, teams) so a screen can drill into them, and `missing`
says what the officer still has to record.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from antt_tui.criteria.windows import Window

DAT = "đạt"
CHUA_DAT = "chưa đạt"
THIEU = "chưa đủ dữ liệu"
STATUSES = (DAT, CHUA_DAT, THIEU)


def combine(statuses: Iterable[str]) -> str:
    """All đạt → đạt; any chưa đạt → chưa đạt; otherwise chưa đủ dữ liệu (none → thiếu)."""
    seen = list(statuses)
    if not seen:
        return THIEU
    if CHUA_DAT in seen:
        return CHUA_DAT
    return DAT if all(s == DAT for s in seen) else THIEU


@dataclass(frozen=True, slots=True)
class Item:
    """One record behind a result: `kind` is household, incident, document, confirmation,
    team or visit; `id` its record id; `label` a Vietnamese one-liner."""

    kind: str
    id: str
    label: str

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "id": self.id, "label": self.label}


@dataclass(frozen=True, slots=True)
class Result:
    """The status of one criterion for one unit, year and "as of" date."""

    id: str
    group: str
    text: str
    kind: str
    status: str
    summary: str
    items: tuple[Item, ...] = ()
    missing: str = ""
    """What the officer still has to record or confirm ("" when nothing)."""
    figures: dict[str, Any] = field(default_factory=dict)
    """The numbers compared (counts, percentages), for reports."""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "group": self.group, "text": self.text, "kind": self.kind,
            "status": self.status,
            "evidence": {"summary": self.summary, "items": [i.to_json() for i in self.items],
                         **({"figures": self.figures} if self.figures else {})},
            "missing": self.missing,
        }


@dataclass(frozen=True, slots=True)
class GroupResult:
    """The result of one group of criteria (K1, X1, 19.2đ …): đạt when all its criteria are."""

    id: str
    text: str
    status: str
    results: tuple[Result, ...]

    @property
    def single(self) -> bool:
        """A group of one criterion with the group's own id (K2, 19.2b): one line, no
        sub-criteria beneath."""
        return len(self.results) == 1 and self.results[0].id == self.id

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "status": self.status,
                "criteria": [r.id for r in self.results]}


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The results of one rule set for one unit (a village, the commune or a household)."""

    rule_set: str
    name: str
    unit: str
    unit_id: str
    unit_name: str
    year: int
    as_of: date
    window: Window
    results: tuple[Result, ...]
    group_texts: tuple[tuple[str, str], ...] = ()
    """(group id, title) where the rule set gives a title."""

    @property
    def status(self) -> str:
        """The unit's overall result: đạt only when every criterion is đạt."""
        return combine(r.status for r in self.results)

    def groups(self) -> list[tuple[str, str]]:
        """(group, combined status) in file order: K1 … K5, 19.2a … 19.2h."""
        order: dict[str, list[str]] = {}
        for result in self.results:
            order.setdefault(result.group, []).append(result.status)
        return [(group, combine(statuses)) for group, statuses in order.items()]

    def group_results(self) -> list[GroupResult]:
        """Each group in file order with its status and its criteria, as the evaluation form
        lists them."""
        texts = dict(self.group_texts)
        members: dict[str, list[Result]] = {}
        for result in self.results:
            members.setdefault(result.group, []).append(result)
        return [GroupResult(group, texts.get(group) or (rows[0].text if len(rows) == 1 else ""),
                            combine(r.status for r in rows), tuple(rows))
                for group, rows in members.items()]

    def missing(self) -> list[Result]:
        """The criteria that still need something recorded or confirmed."""
        return [r for r in self.results if r.missing]

    def to_json(self) -> dict[str, Any]:
        return {
            "rule_set": self.rule_set, "name": self.name, "unit": self.unit,
            "unit_id": self.unit_id, "unit_name": self.unit_name, "year": self.year,
            "as_of": self.as_of.isoformat(),
            "window": {"start": self.window.start.isoformat(), "end": self.window.end.isoformat()},
            "status": self.status, "criteria": [r.to_json() for r in self.results],
            "groups": [g.to_json() for g in self.group_results()],
        }
