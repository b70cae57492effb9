"""The parts of a report's body: the sentences of parts I and II, its tables and the
appendices, each table and chart numbered in reading order (`Numbering`).

Sentences say "none" rather than print a zero count ("không tổ chức buổi tuyên truyền
nào"); the details table counts the security table's incidents under the same names, so the
two agree; every cumulative column names its span.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from antt_tui.criteria.facts import Facts
from antt_tui.criteria.snapshot import Household
from antt_tui.domain.dates import vn_date
from antt_tui.reports.document import Appendix, Column, Heading, Paragraph, Table
from antt_tui.reports.figures import Figures, situation
from antt_tui.reports.periods import Period
from antt_tui.reports.wording import change_pct, long_date, nfc, num, pct, span_text

ROMAN = ("I", "II", "III", "IV", "V", "VI")
ITEM_LABELS = {
    "h1": "H1. Chấp hành chủ trương, pháp luật",
    "h2": "H2. Không tham gia chống phá",
    "h3": "H3. Không vi phạm pháp luật, tệ nạn xã hội, bạo lực gia đình",
    "h4": "H4. Phong trào, PCCC, an toàn giao thông, lao động",
    "h5": "H5. Lao động, sản xuất, gia đình no ấm",
    "h6": "H6. Sử dụng mạng xã hội an toàn",
}
"""The household checklist items (H1–H6) as the inspections table names them."""


class Numbering:
    """Tables and charts numbered in reading order: "Bảng 1. …", "Biểu đồ 1. …"."""

    def __init__(self) -> None:
        self.tables = self.charts = 0

    def table(self, title: str) -> str:
        """The next table's caption."""
        self.tables += 1
        return f"Bảng {self.tables}. {title}"

    def chart(self, title: str) -> str:
        """The next chart's caption."""
        self.charts += 1
        return f"Biểu đồ {self.charts}. {title}"


@dataclass(frozen=True, slots=True)
class Revision:
    """What a report issued again (version 2 or later) prints about the version before:
    (figure name, before, after) for each figure that changed."""

    version: int
    changes: tuple[tuple[str, str, str], ...]


def situation_text(fig: Figures, in_text: str, period: Period) -> str:
    """Part I: households, people, commitments, "Hộ an toàn" households."""
    households = fig.households
    if not households:
        return f"Danh sách của {in_text} chưa có hộ gia đình nào đang cư trú."
    kinds = [(n, name) for n, name in ((fig.households_thuong_tru, "thường trú"),
                                       (fig.households_tam_tru, "tạm trú")) if n]
    said = f"{in_text[:1].upper()}{in_text[1:]} có {num(households)} hộ gia đình"
    if len(kinds) == 2:
        said += f" ({', '.join(f'{num(n)} hộ {name}' for n, name in kinds)})"
    elif kinds and kinds[0][0] == households:
        said += f" (đều là hộ {kinds[0][1]})"
    said += f" với {num(fig.people)} nhân khẩu đang cư trú"
    if fig.minorities:
        said += f", trong đó {num(fig.minorities)} người dân tộc thiểu số"
    return (f"{said}. Số hộ đã ký cam kết “Hộ an toàn” năm {period.end.year}: "
            f"{num(fig.commitments_signed)}/{num(households)} hộ "
            f"({pct(fig.commitments_signed, households)}). Số hộ đạt “Hộ an toàn” năm "
            f"{fig.assessment_year}: {num(fig.safe_households)}/{num(households)} hộ "
            f"({pct(fig.safe_households, households)}).")


def outreach_text(fig: Figures, period: Period) -> str:
    """II.1 in words; nothing held is said so, not counted as "0 buổi"."""
    t = fig.teams
    if t["outreach"]:
        held = f"tổ chức {num(t['outreach'])} buổi tuyên truyền"
        if t["outreach_attendance"]:
            held += f" với {num(t['outreach_attendance'])} lượt người dự"
    else:
        held = "không tổ chức buổi tuyên truyền nào"
    signed = (f"{num(fig.commitments_new)} hộ ký cam kết “Hộ an toàn”" if fig.commitments_new
              else "không có hộ nào ký thêm cam kết “Hộ an toàn”")
    return f"Trong {period.label}, {held}; {signed}."


def inspections(fig: Figures, period: Period, numbers: Numbering) -> list[Any]:
    """II.3: visits in words, then the items found wanting (when any)."""
    if not fig.visits:
        return [Paragraph(f"Trong {period.label} không có lượt kiểm tra hộ gia đình nào.")]
    said = f"Thực hiện {num(fig.visits)} lượt kiểm tra tại {num(fig.households_visited)} hộ"
    if fig.follow_ups:
        said += f"; hẹn kiểm tra lại {num(fig.follow_ups)} hộ"
    if not any(v["chua_dat"] or v["khong_ro"] for v in fig.findings.values()):
        return [Paragraph(f"{said}; không phát hiện nội dung nào chưa đạt theo tiêu chí "
                          "“Hộ an toàn”.")]
    return [Paragraph(f"{said}. Các nội dung chưa đạt, chưa rõ theo tiêu chí “Hộ an toàn” "
                      "như sau:"),
            Table((Column("Tiêu chí", 5), Column("Số lượt chưa đạt", 1.5, "R"),
                   Column("Số lượt chưa rõ", 1.5, "R")),
                  tuple((ITEM_LABELS[item], num(v["chua_dat"]), num(v["khong_ro"]))
                        for item, v in fig.findings.items()),
                  title=numbers.table("Kết quả kiểm tra hộ theo tiêu chí “Hộ an toàn”"))]


def teams_text(fig: Figures) -> str:
    """II.4 in words: what the teams did, leaving out what they did not."""
    t = fig.teams
    said = (f"Có {num(t['teams'])} tổ tự quản, mô hình hoạt động" if t["teams"]
            else "Chưa có tổ tự quản, mô hình nào hoạt động")
    done = []
    if t["patrols"] or t["patrol_turns"]:
        patrol = f"tuần tra {num(t['patrols'])} ca" if t["patrols"] else "tuần tra"
        if t["patrol_turns"]:
            patrol += f" với {num(t['patrol_turns'])} lượt người"
        done.append(patrol)
    if t["meetings"]:
        done.append(f"họp {num(t['meetings'])} buổi")
    mediations = t["mediations_ok"] + t["mediations_failed"]
    if mediations:
        outcome = [f"{num(n)} {what}" for n, what in ((t["mediations_ok"], "thành"),
                                                      (t["mediations_failed"], "không thành"))
                   if n]
        done.append(f"hòa giải {num(mediations)} vụ ({', '.join(outcome)})")
    if done:
        return f"{said}; {'; '.join(done)}."
    return f"{said}; trong kỳ không ghi nhận buổi tuần tra, họp hay hòa giải nào."


def security_table(fig: Figures, numbers: Numbering) -> Table:
    """The incidents by group, with the span of each cumulative column in its heading
    (the year's column is left out of annual reports, both of reports on a TT 124 window:
    they would repeat "Kỳ này")."""
    kind = fig.period.kind
    # Widths in mm of the 165 mm text width: each group's name and each span on one line.
    columns = [Column("TT", 8, "C"), Column("Loại vụ việc", 46), Column("Kỳ này", 14, "R"),
               Column("Cùng kỳ năm trước", 17, "R"), Column("Tăng/ giảm (vụ)", 15, "R"),
               Column("Tăng/ giảm (%)", 16, "R")]
    year = kind not in ("nam", "ky_thon", "ky_xa") and fig.year_span is not None
    window = kind not in ("ky_thon", "ky_xa") and fig.window_span is not None
    if year:
        columns.append(Column(f"Lũy kế từ đầu năm ({span_text(*fig.year_span)})", 24.5, "R"))
    if window:
        columns.append(Column(f"Lũy kế kỳ đánh giá ({span_text(*fig.window_span)})", 24.5,
                              "R"))
    rows = []
    for n, count in enumerate(fig.incidents, 1):
        total = count.label == "Tổng số"
        row = [("" if total else str(n)), count.label, num(count.now), num(count.before),
               f"{count.change:+d}" if count.change else "0", change_pct(count)]
        if year:
            row.append(num(count.year_to_date))
        if window:
            row.append(num(count.window_to_date))
        rows.append(tuple(row))
    return Table(tuple(columns), tuple(rows),
                 title=numbers.table("Tình hình vụ việc về an ninh, trật tự"),
                 bold_rows=(len(rows) - 1,), font_size=10)


def details_table(facts: Facts, fig: Figures, numbers: Numbering, security: str) -> Table:
    """Traffic (cases split into accidents and collisions, deaths, injuries), fire (cases,
    damage), drugs (cases, persons), administrative violations (cases, fines): this period
    and the same period last year. The cases are those of the security table's groups, under
    the same names, so the two tables agree."""
    tr, fi, dr, vp = fig.traffic, fig.fire, fig.drugs, fig.fines
    groups = facts.taxonomy.groups

    def row(what: str, unit: str, now: int, before: int) -> tuple[str, ...]:
        change = now - before
        sign = "+" if change > 0 else "-" if change < 0 else ""
        return (what, unit, num(now), num(before), f"{sign}{num(abs(change))}")

    rows = (
        row(groups.get("TNGT", "Tai nạn, va chạm giao thông"), "số vụ", tr["cases_now"],
            tr["cases_before"]),
        row("", "trong đó: tai nạn giao thông", tr["accidents_now"], tr["accidents_before"]),
        row("", "trong đó: va chạm giao thông", tr["collisions_now"], tr["collisions_before"]),
        row("", "số người chết", tr["deaths_now"], tr["deaths_before"]),
        row("", "số người bị thương", tr["injuries_now"], tr["injuries_before"]),
        row(groups.get("CHAY_NO", "Cháy, nổ"), "số vụ", fi["cases_now"], fi["cases_before"]),
        row("", "thiệt hại (đồng)", fi["damage_now"], fi["damage_before"]),
        row(groups.get("MA_TUY", "Ma túy"), "số vụ", dr["cases_now"], dr["cases_before"]),
        row("", "số đối tượng", dr["persons_now"], dr["persons_before"]),
        row(groups.get("VPHC", "Vi phạm hành chính"), "số vụ", vp["cases_now"],
            vp["cases_before"]),
        row("", "tiền phạt (đồng)", vp["amount_now"], vp["amount_before"]),
    )
    return Table(
        (Column("Loại vụ việc", 43), Column("Chỉ số", 45), Column("Kỳ này", 25, "R"),
         Column("Cùng kỳ năm trước", 27, "R"), Column("Tăng/ giảm", 25, "R")),
        rows, title=numbers.table(
            f"Chi tiết tai nạn, va chạm giao thông, cháy, nổ, ma túy, vi phạm hành chính "
            f"(số vụ như ở {security})"),
        font_size=10)


def villages_table(facts: Facts, period: Period, as_of: date, h7: dict[str, str],
                   numbers: Numbering) -> Table:
    """Part I of a commune report: each village's households, people, commitments and
    "Hộ an toàn" households, and the commune's total."""
    rows = []
    total = [0, 0, 0, 0]
    for village in facts.villages_by_code():
        f = situation(facts, village.id, period, as_of, h7=h7, with_lists=False)
        values = (f.households, f.people, f.commitments_signed, f.safe_households)
        total = [a + b for a, b in zip(total, values, strict=True)]
        rows.append((f.unit_name, num(f.households), num(f.people),
                     f"{num(f.commitments_signed)} ({pct(f.commitments_signed, f.households)})",
                     f"{num(f.safe_households)} ({pct(f.safe_households, f.households)})"))
    rows.append(("Cả xã", num(total[0]), num(total[1]),
                 f"{num(total[2])} ({pct(total[2], total[0])})",
                 f"{num(total[3])} ({pct(total[3], total[0])})"))
    return Table(
        (Column("Thôn", 3), Column("Số hộ", 1.2, "R"), Column("Nhân khẩu", 1.4, "R"),
         Column("Hộ ký cam kết", 2, "R"), Column("Hộ an toàn", 2, "R")),
        tuple(rows), title=numbers.table("Tình hình các thôn"),
        bold_rows=(len(rows) - 1,), font_size=11)


def revision_blocks(revision: Revision, numbers: Numbering) -> list[Any]:
    """Version 2+: a section listing what changed since the previous version."""
    before = revision.version - 1
    rows = revision.changes or (("(chỉ thay đổi nội dung, số liệu không đổi)", "", ""),)
    return [Heading(f"VI. NHỮNG THAY ĐỔI SO VỚI PHIÊN BẢN {before}"),
            Paragraph("Báo cáo được ban hành lại do có số liệu cập nhật sau ngày ban hành "
                      "phiên bản trước (vụ việc báo muộn, đính chính):"),
            Table((Column("Số liệu", 5), Column("Phiên bản trước", 1.6, "R"),
                   Column("Phiên bản này", 1.6, "R")), tuple(rows),
                  title=numbers.table(f"Số liệu thay đổi so với phiên bản {before}"),
                  font_size=10)]


def _household_rows(facts: Facts, households: list[Household]) -> tuple[tuple[str, ...], ...]:
    return tuple((num(n), h.code, h.head_name, h.address, facts.village_name(h.village_id))
                 for n, h in enumerate(households, 1))


def appendix_list(facts: Facts, fig: Figures, abbreviation: str, number: int | None,
                  issued_on: date, numbers: Numbering, *, owner: str) -> tuple[Appendix, ...]:
    """The lists behind the figures: households not yet signed, the year's "Hộ an toàn"
    households (annual reports), the incidents of the period; each a numbered table."""
    ref = (f"(Kèm theo Báo cáo số {number:02d}/BC-{abbreviation} "
           if number is not None else f"(Kèm theo Báo cáo số     /BC-{abbreviation} ")
    ref += f"{long_date(issued_on)} của {owner})"
    columns = (Column("STT", 0.7, "R"), Column("Mã hộ", 1.3), Column("Chủ hộ", 2.6),
               Column("Địa chỉ", 3), Column("Thôn", 1.8))
    out = []
    if fig.unsigned:
        title = f"Danh sách hộ chưa ký cam kết “Hộ an toàn” năm {fig.period.end.year}"
        out.append((title, (Table(columns, _household_rows(facts, fig.unsigned),
                                  title=numbers.table(title), font_size=11),)))
    if fig.period.kind in ("nam", "ky_thon", "ky_xa") and fig.safe:
        title = f"Danh sách hộ đạt “Hộ an toàn” năm {fig.assessment_year}"
        out.append((title, (Table(columns, _household_rows(facts, fig.safe),
                                  title=numbers.table(title), font_size=11),)))
    if fig.period_incidents:
        rows = tuple(
            (num(n), vn_date(i.date), facts.village_name(i.village_id),
             facts.category_label(i), i.note or i.place)
            for n, i in enumerate(fig.period_incidents, 1))
        title = "Danh sách vụ việc trong kỳ"
        out.append((title, (Table(
            (Column("STT", 0.7, "R"), Column("Ngày", 1.4), Column("Thôn", 1.8),
             Column("Loại vụ việc", 3), Column("Diễn biến", 4)), rows,
            title=numbers.table(title), font_size=10),)))
    return tuple(Appendix(f"Phụ lục {ROMAN[n]}", _upper(title), ref, blocks)
                 for n, (title, blocks) in enumerate(out))


def _upper(text: str) -> str:
    """An appendix title in capitals ("“Hộ an toàn”" → "“HỘ AN TOÀN”")."""
    return nfc(text.upper())
