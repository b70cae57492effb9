"""Issued reports: frozen, numbered, verifiable.

Issuing stores the whole document (every printed word and figure) with what it was built
from (unit, period, "as of", settings, the officer's text) in the report archive (the
roster's `ReportRecords`: the table `reports`, through the journal like any other change).
The document's hash is printed in the footer; reprinting renders the stored document
again, so it gives the same PDF byte for byte. Verifying a PDF
finds its issued report by the file's own hash (or by the printed code), then builds the
report again from today's records: when the figures differ (a late incident, a correction),
it lists what changed, and issuing again makes version 2 with that list printed.

Stored documents and figures carry their format (`document.FORMAT`, `figures.FORMAT`;
nothing stored means format 1). Reprinting draws a stored document in its own format, and
verifying computes the figures again the way the report's format did, so an upgrade that
adds a figure or counts one better never shows an old report as changed, and an old report
reprints byte for byte.

A report is issued only with a signer (name and title, in the report settings): a draft
prints "(chưa có người ký)" in their place, an issue is refused with `SignerMissing`.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

import orjson

from antt_tui.criteria.engine import facts_of
from antt_tui.criteria.facts import Facts
from antt_tui.criteria.snapshot import Snapshot
from antt_tui.domain.dates import vn_date
from antt_tui.domain.errors import NotFound, ValidationError
from antt_tui.domain.numbers import vn_number
from antt_tui.domain.text import check_text
from antt_tui.reports import document as d
from antt_tui.reports.compose import ReportText, Revision, build
from antt_tui.reports.figures import compute
from antt_tui.reports.periods import period as make_period
from antt_tui.reports.record import IssuedReport
from antt_tui.reports.settings import (
    ReportSettings,
    SettingsArchive,
    SignerMissing,
    missing_signer,
    settings_for,
)

NUMBER_MAX = 999
"""Largest report number (the report form says the same)."""
TEXT_MAX = 5000
"""Most characters in each of parts III–V written by the officer."""
_TEXT_LABELS = {"shortcomings": "Phần III (tồn tại, hạn chế)",
                "next_tasks": "Phần IV (phương hướng)", "proposals": "Phần V (đề xuất, kiến nghị)"}

_BLOCKS = {cls.__name__: cls for cls in (d.Heading, d.Paragraph, d.Table, d.BarChart,
                                         d.PageBreak, d.Appendix, d.Column, d.Header,
                                         d.Signature)}


def _check_text(text: ReportText) -> None:
    """Refuse control, bidirectional or invisible characters, or too long a part III–V."""
    errors: dict[str, str] = {}
    for key, label in _TEXT_LABELS.items():
        try:
            check_text(getattr(text, key), what=label, max_len=TEXT_MAX, multiline=True)
        except ValueError as exc:
            errors[key] = str(exc)
    if errors:
        raise ValidationError(errors)


# ====================================================================== (de)serialising

def to_data(value: Any) -> Any:
    """A document (or any part of it) as JSON-ready data, each dataclass tagged by type."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {"_": type(value).__name__}
        for f in dataclasses.fields(value):
            out[f.name] = to_data(getattr(value, f.name))
        return out
    if isinstance(value, tuple | list):
        return [to_data(v) for v in value]
    if isinstance(value, dict):
        return {k: to_data(v) for k, v in value.items()}
    return value


def from_data(data: Any) -> Any:
    """Inverse of `to_data` (lists come back as tuples). A document stored before documents
    carried their format is format 1; a field added since takes its default."""
    if isinstance(data, dict) and "_" in data:
        name = data["_"]
        cls = d.Document if name == "Document" else _BLOCKS[name]
        values = {k: from_data(v) for k, v in data.items() if k != "_"}
        if cls is d.Document:
            values.setdefault("format_version", 1)
        return cls(**values)
    if isinstance(data, list):
        return tuple(from_data(v) for v in data)
    if isinstance(data, dict):
        return {k: from_data(v) for k, v in data.items()}
    return data


def content_hash(document: d.Document) -> str:
    """SHA-256 of everything printed except the footer and QR code (which carry it)."""
    data = to_data(dataclasses.replace(document, footer_note="", qr_payload=""))
    return hashlib.sha256(orjson.dumps(data, option=orjson.OPT_SORT_KEYS)).hexdigest()


def flatten(figures: Any, prefix: str = "") -> dict[str, Any]:
    """{"incidents.Tổng số.now": 3, …}: the figures as comparable leaves."""
    out: dict[str, Any] = {}
    if isinstance(figures, dict):
        for key, value in figures.items():
            out.update(flatten(value, f"{prefix}{key}."))
    elif isinstance(figures, list):
        for n, value in enumerate(figures):
            key = value.get("label") or value.get("id") or value.get("rule_set") or n \
                if isinstance(value, dict) else n
            out.update(flatten(value, f"{prefix}{key}."))
    else:
        out[prefix.rstrip(".")] = figures
    return out


# ====================================================================== the register

@dataclass(frozen=True, slots=True)
class Verification:
    """What `verify` found: the issued report, whether the file is the one issued, and the
    figures that differ when the report is built again from today's records."""

    report: IssuedReport
    file_matches: bool | None
    changes: list[tuple[str, Any, Any]]

    @property
    def current(self) -> bool:
        return not self.changes


class ReportArchive(SettingsArchive, Protocol):
    """Where issued reports (and report settings) are kept: the roster's `ReportRecords`
    (antt_tui.roster.reports), or memory in tests. Issued reports are stored as written and
    never change."""

    def issued(self) -> list[dict[str, Any]]:
        """Every issued report, as stored (in no particular order)."""
        ...

    def issued_report(self, report_id: str) -> dict[str, Any] | None:
        """An issued report by its id."""
        ...

    def add_issued(self, report_id: str, record: dict[str, Any], *, summary: str) -> None:
        """Keep a newly issued report (one saved change; `summary` says what it was)."""
        ...


class IssuedReports:
    """The issued reports of one database: issuing, the register, reprinting, verifying."""

    def __init__(self, archive: ReportArchive, snapshot: Callable[[], Snapshot]) -> None:
        self.archive = archive
        self.snapshot = snapshot
        """Today's records, read afresh for each report built or checked."""

    def facts(self) -> Facts:
        """The facts of today's records."""
        return facts_of(self.snapshot())

    # ------------------------------------------------------------------ issue

    def issue(self, *, kind: str, spec: str, scope: str, number: int, as_of: date,
              issued_on: date, boundary_day: int = 1, settings: ReportSettings | None = None,
              text: ReportText | None = None, appendices: bool = True,
              render: Any = None) -> IssuedReport:
        """Freeze a report: its document, figures and hash; a later issue of the same report
        (same kind, unit, period) is a new version listing what changed. Returns the report
        as stored, with the PDF `render` made of the final document (`.pdf`)."""
        if not 1 <= number <= NUMBER_MAX:
            raise ValidationError({"number": f"Số báo cáo phải từ 1 đến {NUMBER_MAX}."})
        if text is not None:
            _check_text(text)
        chosen = make_period(kind, spec, boundary_day=boundary_day)
        facts = self.facts()
        settings = settings or settings_for(facts, scope)
        missing = missing_signer(settings)
        if missing:
            raise SignerMissing(missing)
        earlier = self.versions(kind=kind, scope=scope, period_start=chosen.start.isoformat(),
                                period_end=chosen.end.isoformat())
        earlier_ids = {r.id for r in earlier}
        taken = [r for r in self.list() if r.number == number
                 and r.issued_on[:4] == str(issued_on.year)
                 and r.abbreviation == settings.abbreviation and r.id not in earlier_ids]
        if taken:
            raise ValidationError({"number": f"Số {number:02d} năm {issued_on.year} đã dùng "
                                             f"cho báo cáo {taken[0].label}."})
        version = len(earlier) + 1
        changes: list[tuple[str, Any, Any]] = []
        revision = None
        if earlier:
            # What changed since the last version, in the figures that version printed.
            changes = diff(dict(earlier[-1].figures),
                           self._figures(earlier[-1], as_of=as_of, facts=facts))
            same_text = earlier[-1].text == (dataclasses.asdict(text) if text else {})
            if not changes and same_text:
                raise ValidationError({"version": (
                    f"Báo cáo này đã ban hành (phiên bản {len(earlier)}) và số liệu không đổi: "
                    "in lại bản đã ban hành thay vì ban hành lại.")})
            revision = Revision(version, tuple((figure_name(name), _shown(a), _shown(b))
                                               for name, a, b in changes))
        doc, figures = build(facts, scope, chosen, as_of, settings=settings, text=text,
                             number=number, issued_on=issued_on, appendices=appendices,
                             revision=revision)
        figures_data = figures.to_json()
        digest = content_hash(doc)
        doc = dataclasses.replace(doc, footer_note=(
            f"{doc.header.number} · phiên bản {version} · mã kiểm tra {digest[:16]}"),
            qr_payload=f"antt-bao-cao:{digest}")
        pdf = render(doc) if render is not None else b""
        rid = hashlib.sha256(f"{digest}{version}".encode()).hexdigest()[:32]
        record = {
            "kind": kind, "spec": spec, "scope": scope, "boundary_day": boundary_day,
            "period_start": chosen.start.isoformat(), "period_end": chosen.end.isoformat(),
            "label": f"{chosen.label} — {figures.unit_name}", "number": number,
            "abbreviation": settings.abbreviation,
            "as_of": as_of.isoformat(), "issued_on": issued_on.isoformat(),
            "version": version, "doc_hash": digest,
            "pdf_hash": hashlib.sha256(pdf).hexdigest() if pdf else "",
            "document": to_data(doc), "figures": figures_data,
            "changes": [list(c) for c in changes],
            "text": dataclasses.asdict(text) if text else {},
        }
        self.archive.add_issued(rid, record, summary=(
            f"Ban hành báo cáo {doc.header.number} ({record['label']}, phiên bản {version})"))
        return IssuedReport.of({"id": rid, **record}, pdf=pdf)

    # ------------------------------------------------------------------ read

    def list(self) -> list[IssuedReport]:
        """Issued reports, oldest first."""
        return [IssuedReport.of(r) for r in sorted(
            self.archive.issued(), key=lambda r: (r.get("issued_on", ""), r.get("number", 0),
                                                  r.get("version", 0)))]

    def versions(self, *, kind: str, scope: str, period_start: str, period_end: str
                 ) -> list[IssuedReport]:
        """The versions of one report (kind, unit, period), oldest first."""
        return [r for r in self.list() if (r.kind, r.scope, r.period_start, r.period_end)
                == (kind, scope, period_start, period_end)]

    def get(self, ref: str) -> IssuedReport:
        """An issued report by id, id prefix, or printed check code (≥ 8 characters)."""
        ref = ref.strip().removeprefix("antt-bao-cao:")  # a scanned QR code
        stored = self.archive.issued_report(ref)
        found = None if stored is None else IssuedReport.of(stored)
        if found is None and len(ref) >= 8:
            matches = [r for r in self.list()
                       if r.id.startswith(ref) or r.doc_hash.startswith(ref.lower())]
            found = matches[0] if len(matches) == 1 else None
        if found is None:
            raise NotFound(f"Không tìm thấy báo cáo đã ban hành “{ref}”.")
        return found

    def document(self, report: IssuedReport) -> d.Document:
        """The stored document (reprinting renders exactly this)."""
        return from_data(dict(report.document))

    def find_by_pdf(self, pdf: bytes) -> IssuedReport | None:
        """The issued report whose PDF is this file, byte for byte."""
        digest = hashlib.sha256(pdf).hexdigest()
        return next((r for r in self.list() if r.pdf_hash == digest), None)

    # ------------------------------------------------------------------ verify

    def verify(self, report: IssuedReport, pdf: bytes | None = None) -> Verification:
        """Is this the issued file, and do today's records still give the same figures
        (computed the way the report's version computed them)?"""
        file_matches = None if pdf is None else (
            hashlib.sha256(pdf).hexdigest() == report.pdf_hash)
        return Verification(report, file_matches,
                            diff(dict(report.figures), self._figures(report)))

    def _figures(self, report: IssuedReport, *, as_of: date | None = None,
                 facts: Facts | None = None) -> dict[str, Any]:
        """The figures of an issued report computed again from today's records (to
        `as_of`, by default the report's own day), in the report's figures format."""
        chosen = make_period(report.kind, report.spec, boundary_day=report.boundary_day)
        figures = compute(facts or self.facts(), report.scope, chosen,
                          as_of or date.fromisoformat(report.as_of),
                          with_criteria=report.kind != "thang", with_lists=False,
                          figures_format=report.figures.get("format", 1))
        return figures.to_json()


_NOT_COMPARED = ("criteria.", "format", "spans.")
"""Figures `diff` leaves out: the criteria (re-judged, not counted), and the format and
spans, which follow from the report's kind, period and day."""


def diff(before: Any, after: Any) -> list[tuple[str, Any, Any]]:
    """The figures that differ, as (name, before, after)."""
    old, new = flatten(before), flatten(after)
    keys = [k for k in dict.fromkeys([*old, *new]) if old.get(k) != new.get(k)
            and not k.startswith(_NOT_COMPARED)]
    return [(k, old.get(k), new.get(k)) for k in keys]


def _shown(value: Any) -> str:
    """A figure as the changes table prints it ("—" for one that did not exist)."""
    if value is None:
        return "—"
    if isinstance(value, int) and not isinstance(value, bool):
        return vn_number(value)
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-":
        return vn_date(value)
    return str(value)


# ====================================================================== figure names

FIGURE_NAMES = {
    "unit_name": "Tên đơn vị", "unit_id": "Mã đơn vị", "as_of": "Ngày chốt số liệu",
    "period.kind": "Loại kỳ báo cáo", "period.start": "Ngày đầu kỳ",
    "period.end": "Ngày cuối kỳ", "period.label": "Tên kỳ báo cáo",
    "households.thuong_tru": "Hộ thường trú", "households.tam_tru": "Hộ tạm trú",
    "people": "Nhân khẩu", "minorities": "Người dân tộc thiểu số",
    "commitments.signed": "Hộ đã ký cam kết", "commitments.new": "Hộ ký cam kết trong kỳ",
    "safe_households": "Hộ an toàn", "assessment_year": "Năm đánh giá “Hộ an toàn”",
    "visits": "Lượt kiểm tra hộ", "households_visited": "Hộ được kiểm tra",
    "follow_ups": "Hộ hẹn kiểm tra lại",
    "teams.teams": "Tổ tự quản, mô hình", "teams.patrols": "Ca tuần tra",
    "teams.patrol_turns": "Lượt người tuần tra", "teams.meetings": "Buổi họp tổ",
    "teams.mediations_ok": "Vụ hòa giải thành",
    "teams.mediations_failed": "Vụ hòa giải không thành",
    "teams.outreach": "Buổi tuyên truyền", "teams.outreach_attendance": "Lượt người dự",
}
COUNT_PARTS = {"now": "kỳ này", "before": "cùng kỳ năm trước",
               "year_to_date": "lũy kế từ đầu năm", "window_to_date": "lũy kế kỳ đánh giá"}
_DETAIL_GROUPS = {"traffic": "Tai nạn, va chạm giao thông", "fire": "Cháy, nổ",
                  "drugs": "Ma túy", "fines": "Vi phạm hành chính"}
_DETAIL_MEASURES = {"cases": "số vụ", "accidents": "tai nạn giao thông",
                    "collisions": "va chạm giao thông", "deaths": "số người chết",
                    "injuries": "số người bị thương", "damage": "thiệt hại (đồng)",
                    "persons": "số đối tượng", "amount": "tiền phạt (đồng)"}
_FINDINGS = {"chua_dat": "số lượt chưa đạt", "khong_ro": "số lượt chưa rõ"}


def figure_name(key: str) -> str:
    """A figure's name for officers: "incidents.Tổng số.now" → "Tổng số vụ việc, kỳ này";
    names not known here stay as the figures give them."""
    if key in FIGURE_NAMES:
        return FIGURE_NAMES[key]
    parts = key.split(".")
    if parts[0] == "incidents" and len(parts) == 3 and parts[2] in COUNT_PARTS:
        what = "Tổng số vụ việc" if parts[1] == "Tổng số" else f"Vụ việc “{parts[1]}”"
        return f"{what}, {COUNT_PARTS[parts[2]]}"
    if parts[0] == "monthly" and len(parts) == 3 and parts[2].isdigit():
        year = "năm nay" if parts[1] == "0" else "năm trước"
        return f"Vụ việc tháng {int(parts[2]) + 1} {year}"
    if parts[0] in _DETAIL_GROUPS and len(parts) == 2 and "_" in parts[1]:
        measure, when = parts[1].rsplit("_", 1)
        if measure in _DETAIL_MEASURES and when in COUNT_PARTS:
            return (f"{_DETAIL_GROUPS[parts[0]]}: {_DETAIL_MEASURES[measure]}, "
                    f"{COUNT_PARTS[when]}")
    if parts[0] == "findings" and len(parts) == 3 and parts[2] in _FINDINGS:
        return f"Kiểm tra hộ, tiêu chí {parts[1].upper()}: {_FINDINGS[parts[2]]}"
    return key
