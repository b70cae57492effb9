"""Build the report document (DOMAIN.md §2.2) from the figures and the report settings.

The structure: I. situation; II. results (outreach and commitments, the security table with
its sub-tables and a chart, household inspections, teams and models, criteria for quarterly
and annual reports); III–V the officer's own text; appendices (households not yet signed,
the year's "Hộ an toàn" households, the incidents of the period).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from antt_tui.criteria.facts import Facts
from antt_tui.domain.dates import vn_date
from antt_tui.domain.numbers import vn_number, vn_percent
from antt_tui.reports.document import (
    Appendix,
    BarChart,
    Column,
    Document,
    Header,
    Heading,
    Paragraph,
    Signature,
    Table,
)
from antt_tui.reports.figures import Count, Figures, compute, situation
from antt_tui.reports.periods import Period

KIND_TITLES = {"thang": "tháng", "quy": "quý", "nam": "năm", "ky_thon": "kỳ", "ky_xa": "kỳ"}
ROMAN = ("I", "II", "III", "IV", "V", "VI")
ITEM_LABELS = {
    "h1": "H1. Chấp hành chủ trương, pháp luật",
    "h2": "H2. Không tham gia chống phá",
    "h3": "H3. Không vi phạm pháp luật, tệ nạn xã hội, bạo lực gia đình",
    "h4": "H4. Phong trào, PCCC, an toàn giao thông, lao động",
    "h5": "H5. Lao động, sản xuất, gia đình no ấm",
    "h6": "H6. Sử dụng mạng xã hội an toàn",
}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def num(value: int | float) -> str:
    """A count: 1234567 → "1.234.567"."""
    return vn_number(int(value))


def pct(part: int, whole: int) -> str:
    """"97,5%" ("0%" when the whole is 0)."""
    return vn_percent(100.0 * part / whole) if whole else "0%"


def change_pct(count: Count) -> str:
    value = count.change_pct
    if value is None:
        return "—" if not count.now else "tăng"
    return vn_percent(value, sign=True)


def long_date(day: date) -> str:
    """"ngày 05 tháng 11 năm 2026" (ND 30: a leading 0 for days < 10 and months 1, 2)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


@dataclass(frozen=True, slots=True)
class ReportSettings:
    """What an office sets once: header lines, number sign, place, signer, recipients."""

    parent_body: str
    issuing_body: str
    abbreviation: str
    """Ký hiệu of the issuing body after "BC-", e.g. "CAX"."""
    place: str
    """Địa danh for the date line, e.g. "Tân Lập"."""
    signer_authority: tuple[str, ...]
    signer_name: str
    recipients: tuple[str, ...]
    kinh_gui: tuple[str, ...] = ()


def default_settings(facts: Facts, scope: str) -> ReportSettings:
    """Settings made from the commune's and village's names (edited once by the office)."""
    commune = facts.commune
    name = commune.get("name", "Xã")
    place = name.split(" ", 1)[1] if name.lower().startswith(("xã ", "phường ")) else name
    province = commune.get("province", "")
    if scope:
        village = facts.villages.get(scope, {}).get("name", "")
        return ReportSettings(
            parent_body=f"UBND {name}".upper(), issuing_body=village.upper(),
            abbreviation="TH", place=place, signer_authority=("TRƯỞNG THÔN",),
            signer_name="", recipients=("Công an xã;", "Đảng ủy, UBND xã;", "Lưu: Thôn."),
            kinh_gui=(f"Công an {name[:1].lower()}{name[1:]}",))
    return ReportSettings(
        parent_body=f"CÔNG AN TỈNH {province}".upper() if province else "CÔNG AN TỈNH",
        issuing_body=f"CÔNG AN {name}".upper(), abbreviation="CAX", place=place,
        signer_authority=("TRƯỞNG CÔNG AN XÃ",), signer_name="",
        recipients=(f"Công an tỉnh {province};" if province else "Công an tỉnh;",
                    "Đảng ủy, UBND xã;", "Lưu: VT, CAX."))


@dataclass(frozen=True, slots=True)
class ReportText:
    """The officer's own text for parts III–V (written in the app before issuing)."""

    shortcomings: str = ""
    next_tasks: str = ""
    proposals: str = ""


def number_line(settings: ReportSettings, number: int | None) -> str:
    """"Số: 05/BC-CAX", or "Số:      /BC-CAX" to be numbered by hand."""
    if number is None:
        return f"Số:      /BC-{settings.abbreviation}"
    return f"Số: {number:02d}/BC-{settings.abbreviation}"


def build(facts: Facts, scope: str, period: Period, as_of: date, *,
          settings: ReportSettings | None = None, text: ReportText | None = None,
          number: int | None = None, issued_on: date | None = None,
          appendices: bool = True) -> tuple[Document, Figures]:
    """The report of `scope` for `period` counting what happened by `as_of`."""
    if settings is None:
        from antt_tui.reports.settings import settings_for  # stored over the defaults

        settings = settings_for(facts, scope)
    text = text or ReportText()
    issued_on = issued_on or as_of
    with_criteria = period.kind != "thang"
    fig = compute(facts, scope, period, as_of, with_criteria=with_criteria)
    unit = fig.unit_name
    # "thôn Kim Sơn", "xã Tân Lập" inside a sentence.
    in_text = unit[:1].lower() + unit[1:] if unit.split(" ", 1)[0] in ("Thôn", "Xã") else unit
    blocks: list[Any] = []

    # I. Situation.
    blocks.append(Heading("I. ĐẶC ĐIỂM TÌNH HÌNH"))
    blocks.append(Paragraph(
        f"Tính đến {long_date(as_of)}, {in_text} có {num(fig.households)} hộ gia đình "
        f"({num(fig.households_thuong_tru)} hộ thường trú, {num(fig.households_tam_tru)} hộ "
        f"tạm trú) với {num(fig.people)} nhân khẩu đang cư trú, trong đó "
        f"{num(fig.minorities)} người dân tộc thiểu số. Số hộ đã ký cam kết “Hộ an toàn” "
        f"năm {period.end.year}: {num(fig.commitments_signed)}/{num(fig.households)} hộ "
        f"({pct(fig.commitments_signed, fig.households)}). Số hộ đạt “Hộ an toàn” năm "
        f"{fig.assessment_year}: {num(fig.safe_households)}/{num(fig.households)} hộ "
        f"({pct(fig.safe_households, fig.households)})."))
    if not scope:
        blocks.append(_villages_table(facts, period, as_of, fig.h7))

    # II. Results.
    blocks.append(Heading("II. KẾT QUẢ THỰC HIỆN"))
    blocks.append(Heading("1. Công tác tuyên truyền, ký cam kết", 2))
    t = fig.teams
    blocks.append(Paragraph(
        f"Trong {period.label}, tổ chức {num(t['outreach'])} buổi tuyên truyền với "
        f"{num(t['outreach_attendance'])} lượt người dự; {num(fig.commitments_new)} hộ ký cam "
        f"kết “Hộ an toàn”."))
    blocks.append(Heading("2. Tình hình an ninh, trật tự", 2))
    blocks.append(_security_table(fig))
    blocks.append(_sub_tables(fig))
    months = tuple(f"T{m}" for m in range(1, 13))
    this_year, last_year = fig.monthly
    blocks.append(BarChart(
        f"Số vụ việc theo tháng, năm {period.end.year} so với năm {period.end.year - 1}",
        months, ((f"Năm {period.end.year - 1}", tuple(float(x) for x in last_year)),
                 (f"Năm {period.end.year}", tuple(float(x) for x in this_year)
                  + (0.0,) * (12 - len(this_year))))))
    blocks.append(Heading("3. Kiểm tra hộ gia đình", 2))
    blocks.append(Paragraph(
        f"Thực hiện {num(fig.visits)} lượt kiểm tra tại {num(fig.households_visited)} hộ; "
        f"hẹn kiểm tra lại {num(fig.follow_ups)} hộ. Các nội dung chưa đạt, chưa rõ theo tiêu "
        f"chí “Hộ an toàn” như sau:"))
    blocks.append(Table(
        (Column("Tiêu chí", 5), Column("Chưa đạt", 1.3, "R"), Column("Không rõ", 1.3, "R")),
        tuple((ITEM_LABELS[item], num(v["chua_dat"]), num(v["khong_ro"]))
              for item, v in fig.findings.items())))
    blocks.append(Heading("4. Hoạt động của tổ tự quản, mô hình", 2))
    blocks.append(Paragraph(
        f"{num(t['teams'])} tổ tự quản, mô hình hoạt động; tuần tra {num(t['patrols'])} ca với "
        f"{num(t['patrol_turns'])} lượt người; họp {num(t['meetings'])} buổi; hòa giải "
        f"{num(t['mediations_ok'] + t['mediations_failed'])} vụ ({num(t['mediations_ok'])} "
        f"thành, {num(t['mediations_failed'])} không thành)."))
    if fig.criteria:
        blocks.append(Heading("5. Đánh giá tiêu chí", 2))
        for evaluation in fig.criteria:
            blocks.append(Paragraph(
                f"{evaluation.name}, kỳ {evaluation.window.label}, tính đến "
                f"{vn_date(evaluation.as_of.isoformat())}: {evaluation.status.upper()}.", indent=False,
                bold=True))
            blocks.append(Table(
                (Column("Mã", 0.8), Column("Tiêu chí", 4), Column("Kết quả", 1.4),
                 Column("Căn cứ", 4)),
                tuple((r.id, r.text, r.status, r.summary) for r in evaluation.results),
                font_size=10))

    for n, (title, body) in enumerate((
            ("TỒN TẠI, HẠN CHẾ, NGUYÊN NHÂN", text.shortcomings),
            ("PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI", text.next_tasks),
            ("ĐỀ XUẤT, KIẾN NGHỊ", text.proposals)), start=2):
        blocks.append(Heading(f"{ROMAN[n]}. {title}"))
        paragraphs = [p.strip() for p in body.split("\n") if p.strip()] or ["Không có."]
        blocks.extend(Paragraph(p) for p in paragraphs)

    kind_name = KIND_TITLES[period.kind]
    summary = (f"Kết quả thực hiện mô hình “Hộ an toàn – Thôn bình yên” và công tác\n"
               f"bảo đảm an ninh, trật tự {period.label}")
    header = Header(settings.parent_body, settings.issuing_body, number_line(settings, number),
                    f"{settings.place}, {long_date(issued_on)}")
    doc = Document(
        header=header, kind="BÁO CÁO", summary=summary, blocks=tuple(blocks),
        signature=Signature(settings.signer_authority, settings.signer_name),
        recipients=settings.recipients, kinh_gui=settings.kinh_gui,
        appendices=(_appendices(facts, fig, settings, number, issued_on,
                                owner=in_text if scope else f"Công an {in_text}")
                    if appendices else ()),
        title_meta=f"Báo cáo {kind_name} — {unit} — {period.label}",
        metadata={"unit": unit, "period": period.label, "as_of": as_of.isoformat(),
                  "created": f"{issued_on.isoformat()}T00:00:00"})
    return _nfc_document(doc), fig


def _security_table(fig: Figures) -> Table:
    rows = []
    for n, count in enumerate(fig.incidents, 1):
        label = count.label if count.label != "Tổng số" else "Tổng số"
        rows.append((str(n) if count.label != "Tổng số" else "", label, num(count.now),
                     num(count.before), f"{count.change:+d}" if count.change else "0",
                     change_pct(count), num(count.year_to_date), num(count.window_to_date)))
    return Table(
        (Column("TT", 0.6, "C"), Column("Loại vụ việc", 4), Column("Kỳ này", 1.1, "R"),
         Column("Cùng kỳ năm trước", 1.4, "R"), Column("Tăng/ giảm (vụ)", 1.2, "R"),
         Column("Tăng/ giảm (%)", 1.2, "R"), Column("Lũy kế từ đầu năm", 1.3, "R"),
         Column("Lũy kế kỳ đánh giá", 1.3, "R")),
        tuple(rows), title="Bảng 1. Tình hình vụ việc về an ninh, trật tự",
        bold_rows=(len(rows) - 1,), font_size=10)


def _sub_tables(fig: Figures) -> Table:
    """Bảng 2: traffic (cases, deaths, injuries), fire (cases, damage), drugs (cases,
    persons), administrative fines (cases, amount): this period and the same period last
    year."""
    tr, fi, dr, vp = fig.traffic, fig.fire, fig.drugs, fig.fines

    def row(what: str, unit: str, now: int, before: int) -> tuple[str, ...]:
        change = now - before
        sign = "+" if change > 0 else "-" if change < 0 else ""
        return (what, unit, num(now), num(before), f"{sign}{num(abs(change))}")

    rows = (
        row("Tai nạn giao thông", "vụ", tr["cases_now"], tr["cases_before"]),
        row("", "người chết", tr["deaths_now"], tr["deaths_before"]),
        row("", "người bị thương", tr["injuries_now"], tr["injuries_before"]),
        row("Cháy, nổ", "vụ", fi["cases_now"], fi["cases_before"]),
        row("", "thiệt hại (đồng)", fi["damage_now"], fi["damage_before"]),
        row("Ma túy", "vụ", dr["cases_now"], dr["cases_before"]),
        row("", "đối tượng", dr["persons_now"], dr["persons_before"]),
        row("Xử phạt vi phạm hành chính", "trường hợp", vp["cases_now"], vp["cases_before"]),
        row("", "tiền phạt (đồng)", vp["amount_now"], vp["amount_before"]),
    )
    return Table(
        (Column("Lĩnh vực", 3), Column("Chỉ số", 2.2), Column("Kỳ này", 1.6, "R"),
         Column("Cùng kỳ năm trước", 1.6, "R"), Column("Tăng/ giảm", 1.4, "R")),
        rows, title="Bảng 2. Tai nạn giao thông, cháy nổ, ma túy, xử phạt hành chính",
        font_size=10)


def _villages_table(facts: Facts, period: Period, as_of: date, h7: dict[str, str]) -> Table:
    rows = []
    total = [0, 0, 0, 0]
    for vid in sorted(facts.villages, key=lambda v: facts.villages[v].get("code", "")):
        f = situation(facts, vid, period, as_of, h7=h7, with_lists=False)
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
        tuple(rows), title="Bảng tình hình các thôn", bold_rows=(len(rows) - 1,), font_size=11)


def _household_rows(facts: Facts, households: list[dict[str, Any]]) -> tuple[tuple[str, ...], ...]:
    rows = []
    for n, h in enumerate(households, 1):
        head = facts.store.get("persons", h.get("head_id", "")) or {}
        village = facts.villages.get(h.get("village_id", ""), {}).get("name", "")
        rows.append((num(n), h.get("code", ""), head.get("full_name", ""),
                     h.get("address", ""), village))
    return tuple(rows)


def _appendices(facts: Facts, fig: Figures, settings: ReportSettings, number: int | None,
                issued_on: date, *, owner: str) -> tuple[Appendix, ...]:
    ref = (f"(Kèm theo Báo cáo số {number:02d}/BC-{settings.abbreviation} "
           if number is not None else f"(Kèm theo Báo cáo số     /BC-{settings.abbreviation} ")
    ref += f"{long_date(issued_on)} của {owner})"
    columns = (Column("STT", 0.7, "R"), Column("Mã hộ", 1.3), Column("Chủ hộ", 2.6),
               Column("Địa chỉ", 3), Column("Thôn", 1.8))
    out = []
    if fig.unsigned:
        out.append(("DANH SÁCH HỘ CHƯA KÝ CAM KẾT “HỘ AN TOÀN” NĂM " + str(fig.period.end.year),
                    (Table(columns, _household_rows(facts, fig.unsigned), font_size=11),)))
    if fig.period.kind in ("nam", "ky_thon", "ky_xa") and fig.safe:
        out.append((f"DANH SÁCH HỘ ĐẠT “HỘ AN TOÀN” NĂM {fig.assessment_year}",
                    (Table(columns, _household_rows(facts, fig.safe), font_size=11),)))
    if fig.period_incidents:
        rows = tuple(
            (num(n), vn_date(i.get("date", "")), facts.villages.get(i.get("village_id", ""), {})
             .get("name", ""), _category(facts, i), i.get("note", "") or i.get("place", ""))
            for n, i in enumerate(fig.period_incidents, 1))
        out.append(("DANH SÁCH VỤ VIỆC TRONG KỲ", (Table(
            (Column("STT", 0.7, "R"), Column("Ngày", 1.4), Column("Thôn", 1.8),
             Column("Loại vụ việc", 3), Column("Diễn biến", 4)), rows, font_size=10),)))
    return tuple(Appendix(f"Phụ lục {ROMAN[n]}", title, ref, blocks)
                 for n, (title, blocks) in enumerate(out))


def _category(facts: Facts, incident: dict[str, Any]) -> str:
    category = facts.taxonomy.categories.get(incident.get("category", ""))
    return category.label if category else incident.get("category", "")


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
