"""An issued report as the front ends get it: the stored record of `reports.issued`, typed.

The archive keeps issued reports as the dicts they were saved as; `IssuedReport.of` reads one.
`to_json()` is what `antt report list --json` prints for it (the record as saved, without its
document and figures).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Self

__all__ = ["IssuedReport"]

_NOTHING: Mapping[str, Any] = MappingProxyType({})
_NOT_LISTED = ("document", "figures")
"""What `to_json` leaves out: the list shows the register, not the report's content."""


@dataclass(frozen=True, slots=True, kw_only=True)
class IssuedReport:
    """An issued report (báo cáo đã ban hành): what it was built from, its number and version,
    its hashes, and the document and figures stored when it was issued."""

    id: str
    kind: str
    """A kind of `reports.periods.KINDS` ("thang", "quy", "nam", "ky_thon", "ky_xa")."""
    spec: str
    """The period as typed: "2026-10", "2026-Q3", "2026"."""
    scope: str
    """A village id, or "" for the commune."""
    boundary_day: int = 1
    """Where reporting months started (a report issued before this was recorded: 1)."""
    period_start: str
    """ISO date of the period's first day."""
    period_end: str
    """ISO date of the period's last day."""
    label: str
    """ "tháng 10 năm 2026 — Thôn Đông Hạ"."""
    number: int
    abbreviation: str = ""
    """What follows "BC-" in the number ("" for a report that did not record it)."""
    as_of: str
    """ISO date the figures were computed to (as asked)."""
    issued_on: str
    """ISO date printed on the report."""
    version: int
    doc_hash: str
    """SHA-256 of the document's content (its first 16 characters are the check code)."""
    pdf_hash: str = ""
    """SHA-256 of the PDF made when issuing ("" when none was made)."""
    document: Mapping[str, Any] = field(default_factory=lambda: _NOTHING)
    """The document as stored (`issued.to_data`; `IssuedReports.document` reads it back)."""
    figures: Mapping[str, Any] = field(default_factory=lambda: _NOTHING)
    """The figures as stored (`Figures.to_json()` of the report's figures format)."""
    changes: tuple[tuple[str, Any, Any], ...] = ()
    """What changed since the previous version: (figure, before, after); () for version 1."""
    text: Mapping[str, str] = field(default_factory=lambda: _NOTHING)
    """The officer's parts III–V ("shortcomings", "next_tasks", "proposals"), or nothing."""
    pdf: bytes = field(default=b"", repr=False)
    """The PDF made when issuing: only on the record `issue` returns, b"" otherwise."""
    saved: Mapping[str, Any] = field(default_factory=lambda: _NOTHING, repr=False,
                                     compare=False)
    """The record as saved, read-only: what `to_json` prints."""

    @classmethod
    def of(cls, record: Mapping[str, Any], *, pdf: bytes = b"") -> Self:
        """The typed record of a stored one (with its id); keys added since a report was
        issued take their defaults."""
        return cls(
            id=record["id"], kind=record["kind"], spec=record["spec"], scope=record["scope"],
            boundary_day=record.get("boundary_day", 1),
            period_start=record["period_start"], period_end=record["period_end"],
            label=record["label"], number=record["number"],
            abbreviation=record.get("abbreviation") or "",
            as_of=record["as_of"], issued_on=record["issued_on"], version=record["version"],
            doc_hash=record["doc_hash"], pdf_hash=record.get("pdf_hash") or "",
            document=MappingProxyType(record.get("document") or {}),
            figures=MappingProxyType(record.get("figures") or {}),
            changes=tuple(tuple(c) for c in record.get("changes") or ()),
            text=MappingProxyType(dict(record.get("text") or {})),
            pdf=pdf, saved=MappingProxyType(dict(record)))

    def to_json(self) -> dict[str, Any]:
        """The report as `antt report list --json` prints it: the record as saved, without
        its document and figures (a new dict)."""
        return {k: v for k, v in self.saved.items() if k not in _NOT_LISTED}
