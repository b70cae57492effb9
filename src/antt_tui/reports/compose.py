"""Build the report document (DOMAIN.md §2.2) from the figures and the report settings.

The structure: I. situation; II. results (outreach and commitments, the security table with
its details table and a chart, household inspections, teams and models, criteria for
quarterly and annual reports); III–V the officer's own text; VI. what changed, in a report
issued again; appendices (households not yet signed, the year's "Hộ an toàn" households, the
incidents of the period).

A report counts to one day (`Period.report_date`), stated once at the start of part I; every
part (the tables' cumulative columns, the criteria) counts to that day. Every table and chart
carries a number and a title ("Bảng 2. …", "Biểu đồ 1. …"), numbered in reading order.
Sentences say "none" rather than print a zero count ("không tổ chức buổi tuyên truyền nào").
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from antt_tui.criteria.facts import Facts
from antt_tui.reports.document import (
    BarChart,
    Column,
    Document,
    Header,
    Heading,
    Paragraph,
    Signature,
    Table,
)
from antt_tui.reports.figures import Figures, compute
from antt_tui.reports.periods import Period
from antt_tui.reports.sections import (
    ROMAN,
    Numbering,
    Revision,
    appendix_list,
    details_table,
    inspections,
    outreach_text,
    revision_blocks,
    security_table,
    situation_text,
    teams_text,
    villages_table,
)
from antt_tui.reports.settings import ReportSettings, settings_for
from antt_tui.reports.wording import long_date, nfc

KIND_TITLES = {"thang": "tháng", "quy": "quý", "nam": "năm", "ky_thon": "kỳ", "ky_xa": "kỳ"}


@dataclass(frozen=True, slots=True)
class ReportText:
    """The officer's own text for parts III–V (written in the app before issuing)."""

    shortcomings: str = ""
    next_tasks: str = ""
    proposals: str = ""


DRAFT_NOTE = "Bản nháp, chưa ban hành."
"""The footer of a draft (an issued report's carries its number, version and check code)."""
NO_SIGNER = "(chưa có người ký)"
"""Printed in a draft's signature block where the signer's name goes, until it is set."""
NO_AUTHORITY = "(chưa có chức vụ người ký)"
"""Printed in a draft's signature block where the signer's title goes, until it is set."""


def number_line(settings: ReportSettings, number: int | None) -> str:
    """"Số: 05/BC-CAX", or "Số:      /BC-CAX" to be numbered by hand."""
    if number is None:
        return f"Số:      /BC-{settings.abbreviation}"
    return f"Số: {number:02d}/BC-{settings.abbreviation}"


def build(facts: Facts, scope: str, period: Period, as_of: date, *,
          settings: ReportSettings | None = None, text: ReportText | None = None,
          number: int | None = None, issued_on: date | None = None,
          appendices: bool = True, revision: Revision | None = None
          ) -> tuple[Document, Figures]:
    """The report of `scope` for `period`, with its figures counted to one day: `as_of`, or
    the period's last day if that is earlier (`Period.report_date`)."""
    if settings is None:
        settings = settings_for(facts, scope)  # stored over the defaults
    text = text or ReportText()
    issued_on = issued_on or as_of
    with_criteria = period.kind != "thang"
    fig = compute(facts, scope, period, as_of, with_criteria=with_criteria)
    day = fig.as_of
    unit = fig.unit_name
    # "thôn Kim Sơn", "xã Tân Lập" inside a sentence.
    in_text = unit[:1].lower() + unit[1:] if unit.split(" ", 1)[0] in ("Thôn", "Xã") else unit
    numbers = Numbering()
    blocks: list[Any] = []

    # I. Situation.
    blocks.append(Heading("I. ĐẶC ĐIỂM TÌNH HÌNH"))
    blocks.append(Paragraph(f"Số liệu trong báo cáo này tính đến {long_date(day)}. "
                            + situation_text(fig, in_text, period)))
    if not scope:
        blocks.append(villages_table(facts, period, day, fig.h7, numbers))

    # II. Results.
    blocks.append(Heading("II. KẾT QUẢ THỰC HIỆN"))
    blocks.append(Heading("1. Công tác tuyên truyền, ký cam kết", 2))
    blocks.append(Paragraph(outreach_text(fig, period)))
    blocks.append(Heading("2. Tình hình an ninh, trật tự", 2))
    security = security_table(fig, numbers)
    blocks.append(security)
    blocks.append(details_table(facts, fig, numbers, security.title.split(".")[0]))
    months = tuple(f"T{m}" for m in range(1, 13))
    this_year, last_year = fig.monthly
    blocks.append(BarChart(
        numbers.chart(f"Số vụ việc theo tháng, năm {period.end.year} so với năm "
                      f"{period.end.year - 1}"),
        months, ((f"Năm {period.end.year - 1}", tuple(float(x) for x in last_year)),
                 (f"Năm {period.end.year}", tuple(float(x) for x in this_year)
                  + (0.0,) * (12 - len(this_year))))))
    blocks.append(Heading("3. Kiểm tra hộ gia đình", 2))
    blocks.extend(inspections(fig, period, numbers))
    blocks.append(Heading("4. Hoạt động của tổ tự quản, mô hình", 2))
    blocks.append(Paragraph(teams_text(fig)))
    if fig.criteria:
        blocks.append(Heading("5. Đánh giá tiêu chí", 2))
        for evaluation in fig.criteria:
            unfinished = ", chưa hết kỳ" if evaluation.as_of < evaluation.window.end else ""
            blocks.append(Paragraph(
                f"{evaluation.name}, kỳ đánh giá {evaluation.window.label}{unfinished}: "
                f"{evaluation.status.upper()}.", indent=False, bold=True, align="L"))
            blocks.append(Table(  # "Mã" is wide enough for "19.2đ.1" on one line
                (Column("Mã", 1.1), Column("Tiêu chí", 4), Column("Kết quả", 1.4),
                 Column("Căn cứ", 4)),
                tuple((r.id, r.text, r.status, r.summary) for r in evaluation.results),
                title=numbers.table(f"Kết quả từng tiêu chí – {evaluation.name}"),
                font_size=10))

    for n, (title, body) in enumerate((
            ("TỒN TẠI, HẠN CHẾ, NGUYÊN NHÂN", text.shortcomings),
            ("PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI", text.next_tasks),
            ("ĐỀ XUẤT, KIẾN NGHỊ", text.proposals)), start=2):
        blocks.append(Heading(f"{ROMAN[n]}. {title}"))
        paragraphs = [p.strip() for p in body.split("\n") if p.strip()] or ["Không có."]
        blocks.extend(Paragraph(p) for p in paragraphs)
    summary = (f"Kết quả thực hiện mô hình “Hộ an toàn – Thôn bình yên” và công tác\n"
               f"bảo đảm an ninh, trật tự {period.label}")
    if revision is not None:
        blocks.extend(revision_blocks(revision, numbers))
        summary += f" (phiên bản {revision.version})"

    kind_name = KIND_TITLES[period.kind]
    header = Header(settings.parent_body, settings.issuing_body, number_line(settings, number),
                    f"{settings.place}, {long_date(issued_on)}")
    doc = Document(
        header=header, kind="BÁO CÁO", summary=summary, blocks=tuple(blocks),
        signature=Signature(settings.signer_authority or (NO_AUTHORITY,),
                            settings.signer_name or NO_SIGNER),
        recipients=settings.recipients, kinh_gui=settings.kinh_gui,
        appendices=(appendix_list(facts, fig, settings.abbreviation, number, issued_on,
                                  numbers, owner=in_text if scope else f"Công an {in_text}")
                    if appendices else ()),
        footer_note=DRAFT_NOTE if number is None else "",
        title_meta=f"Báo cáo {kind_name} — {unit} — {period.label}",
        metadata={"unit": unit, "period": period.label, "as_of": day.isoformat(),
                  "created": f"{issued_on.isoformat()}T00:00:00"})
    return _nfc_document(doc), fig


def _nfc_document(doc: Document) -> Document:
    """Every string NFC (the renderer draws precomposed letters only)."""
    def fix(value: Any) -> Any:
        if isinstance(value, str):
            return nfc(value)
        if isinstance(value, tuple):
            return tuple(fix(v) for v in value)
        if hasattr(value, "__dataclass_fields__"):
            return replace(value, **{k: fix(getattr(value, k))
                                     for k in value.__dataclass_fields__})
        if isinstance(value, dict):
            return {k: fix(v) for k, v in value.items()}
        return value
    return fix(doc)
