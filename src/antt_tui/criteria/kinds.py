"""One function per kind of criterion: each turns the facts of a unit into a `Result`.

`Case` carries what every kind needs: the criterion, the facts, the unit's scope (a village
id, "" for the commune), the whole assessment window and the part of it up to "as of".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from antt_tui.criteria.facts import Facts
from antt_tui.criteria.results import CHUA_DAT, DAT, THIEU, Item, Result
from antt_tui.criteria.rules import Criterion, load_confirmations
from antt_tui.criteria.snapshot import Confirmation, Incident
from antt_tui.criteria.windows import Window
from antt_tui.domain.dates import format_date, vn_date, year_back
from antt_tui.domain.numbers import vn_percent

DOCUMENT_NAMES = {
    ("thon", "nghi_quyet"): "nghị quyết của chi bộ",
    ("xa", "nghi_quyet"): "nghị quyết của Đảng ủy xã",
    ("thon", "dang_ky"): "bản đăng ký phấn đấu của khu dân cư",
    ("xa", "dang_ky"): "bản đăng ký phấn đấu của UBND xã",
    ("thon", "ke_hoach"): "kế hoạch của thôn",
    ("xa", "ke_hoach"): "kế hoạch của UBND xã",
}
LOCAL_KEY_NAMES = {
    "by": "hạn {by}", "threshold": "tỷ lệ {threshold:g}%", "min": "ít nhất {min}",
    "min_activities": "ít nhất {min_activities} hoạt động của mỗi tổ, mô hình trong kỳ",
    "min_reduction": "giảm ít nhất {min_reduction:g}%",
}
"""How the evidence names a threshold the province chose (`local` in the rule file)."""


def local_note(c: Criterion) -> str:
    """What the evidence says about the province's own choices in a criterion ("" if none)."""
    if c.local_rule:
        return "Tiêu chí do tỉnh đặt thêm, không có trong văn bản."
    if c.local_keys:
        values = {"by": vn_month_day(c.by), "threshold": c.threshold, "min": c.min,
                  "min_activities": c.min_activities, "min_reduction": c.min_reduction}
        said = "; ".join(LOCAL_KEY_NAMES[k].format(**values) for k in c.local_keys)
        return f"Mức do tỉnh đặt, văn bản không quy định: {said}."
    return ""


def vn_month_day(month_day: str) -> str:
    """"03-31" → "31/03"."""
    return f"{month_day[3:]}/{month_day[:2]}" if month_day else ""


@dataclass(frozen=True, slots=True)
class Case:
    """One criterion to evaluate for one unit."""

    criterion: Criterion
    facts: Facts
    scope: str
    window: Window
    as_of: date

    @property
    def seen(self) -> Window:
        """The window up to "as of": what has happened so far."""
        return self.window.up_to(self.as_of)

    @property
    def unit(self) -> str:
        return "thon" if self.scope else "xa"

    @property
    def deadline(self) -> date:
        by = self.criterion.by
        if not by:
            return self.window.end
        return date(self.window.year, int(by[:2]), int(by[3:]))

    @property
    def open(self) -> bool:
        """True while the window (or the deadline) has not passed on the "as of" date."""
        return self.as_of <= self.deadline

    def result(self, status: str, summary: str, items: list[Item] | tuple[Item, ...] = (),
               missing: str = "", **figures: object) -> Result:
        """A result of this criterion; a local choice in it is said after the summary."""
        c = self.criterion
        note = local_note(c)
        if note:
            summary = f"{summary}. {note}"
        return Result(c.id, c.group, c.text, c.kind, status, summary, tuple(items), missing,
                      dict(figures))


def _confirmation(case: Case, subject: str) -> Confirmation | None:
    """The latest confirmation of `subject` for the unit and year, made by "as of"."""
    rows = [c for c in case.facts.confirmations.get((subject, case.scope, case.window.year), ())
            if c.confirmed_on <= case.as_of.isoformat()]
    # Two on the same day: the one recorded last (rows keep the order they were saved in;
    # ids are random and cannot tell).
    return max(reversed(rows), key=lambda c: c.confirmed_on, default=None)


def _confirmation_item(record: Confirmation) -> Item:
    value = "đạt" if record.value else "không đạt"
    note = f" — {record.note}" if record.note else ""
    return Item("confirmation", record.id,
                f"Xác nhận {value}: {record.confirmed_by}, ngày "
                f"{vn_date(record.confirmed_on)}{note}")


def _overridden(case: Case, result: Result) -> Result:
    """A failing result settled by a confirmation (e.g. "bất khả kháng"), when allowed."""
    if not case.criterion.allow_override or result.status == DAT:
        return result
    record = _confirmation(case, case.criterion.id)
    if record is None:
        if result.status == CHUA_DAT:
            return Result(result.id, result.group, result.text, result.kind, result.status,
                          result.summary, result.items,
                          result.missing or "Nếu do bất khả kháng, ghi xác nhận của cấp có "
                                            f"thẩm quyền cho tiêu chí {case.criterion.id}.",
                          result.figures)
        return result
    status = DAT if record.value else CHUA_DAT
    return Result(result.id, result.group, result.text, result.kind, status,
                  f"{result.summary}. Đã xác nhận thủ công.",
                  (_confirmation_item(record), *result.items), "", result.figures)


# ====================================================================== kinds

def document(case: Case) -> Result:
    c = case.criterion
    name = DOCUMENT_NAMES.get((case.unit, c.document), c.document)
    docs = sorted((d for d in case.facts.documents_of(case.scope, c.document, case.window.year)
                   if d.issued_on <= case.as_of.isoformat()),
                  key=lambda d: (d.issued_on, d.id))
    deadline = format_date(case.deadline)
    items = [Item("document", d.id, f"Số {d.number} ngày {vn_date(d.issued_on)}"
                  + (f" ({d.issuer})" if d.issuer else "")) for d in docs]
    on_time = [d for d in docs if d.issued_on <= case.deadline.isoformat()]
    if on_time:
        first = on_time[0]
        return case.result(DAT, f"Có {name} số {first.number} ngày "
                                f"{vn_date(first.issued_on)} (hạn {deadline})", items)
    if docs:
        return case.result(CHUA_DAT, f"Có {name} nhưng ban hành ngày {vn_date(docs[0].issued_on)}, "
                                     f"sau hạn {deadline}", items)
    if case.open:
        return case.result(THIEU, f"Chưa ghi nhận {name} (hạn {deadline})",
                           missing=f"Ghi nhận {name} năm {case.window.year} (hạn {deadline}).")
    return case.result(CHUA_DAT, f"Không có {name} đến hạn {deadline}",
                       missing=f"Nếu đã có {name}, ghi nhận số và ngày ban hành.")


def ratio(case: Case) -> Result:
    c = case.criterion
    if c.measure == "safe_households":
        return _safe_households(case)
    cutoff = min(case.deadline, case.as_of).isoformat()
    # A household that came to live here after the deadline could not register by then.
    households, newcomers = [], 0
    for h in case.facts.residing(case.scope):
        if h.moved_in_on > case.deadline.isoformat():
            newcomers += 1
        else:
            households.append(h)
    year = case.window.year
    commitments = case.facts.signed(year, case.scope)
    unsigned, late = [], []
    for h in households:
        signed = commitments.get(h.id)
        if signed is None or signed.signed_on > case.as_of.isoformat():
            unsigned.append(h)
        elif signed.signed_on > cutoff:
            late.append(h)
    total = len(households)
    if not total:
        return case.result(THIEU, "Chưa có hộ nào đang cư trú",
                           missing="Nhập danh sách hộ của thôn.")
    done = total - len(unsigned) - len(late)
    share = 100.0 * done / total
    summary = (f"{done}/{total} hộ đang cư trú đã ký cam kết đến {format_date(case.deadline)} "
               f"({vn_percent(share)}, yêu cầu {c.threshold:g}%)")
    if newcomers:
        summary += f"; không tính {newcomers} hộ đến cư trú sau {format_date(case.deadline)}"
    items = [Item("household", h.id, f"{case.facts.household_label(h)}: chưa ký")
             for h in unsigned]
    items += [Item("household", h.id, f"{case.facts.household_label(h)}: ký sau hạn "
                   f"({vn_date(commitments[h.id].signed_on)})")
              for h in late]
    figures = {"signed": done, "total": total, "percent": round(share, 2)}
    if share >= c.threshold:
        return case.result(DAT, summary, items, **figures)
    missing = f"Còn {len(unsigned)} hộ chưa ký cam kết năm {year}." if unsigned else ""
    if case.open:
        return case.result(THIEU, summary, items, missing, **figures)
    return case.result(CHUA_DAT, summary, items, missing, **figures)


def _safe_households(case: Case) -> Result:
    from antt_tui.criteria.household import household_statuses  # the household roll-up

    statuses = household_statuses(case.facts, case.scope, case.window.year, case.as_of)
    total = len(statuses)
    safe = sum(1 for s in statuses.values() if s == DAT)
    if not total:
        return case.result(THIEU, "Chưa có hộ nào đang cư trú")
    share = 100.0 * safe / total
    summary = f"{safe}/{total} hộ đạt “Hộ an toàn” ({vn_percent(share)})"
    status = DAT if share >= case.criterion.threshold else THIEU if case.open else CHUA_DAT
    return case.result(status, summary, safe=safe, total=total, percent=round(share, 2))


def _matching(case: Case, window: Window) -> list[Incident]:
    return [i for i in case.facts.incidents_in(case.scope, window)
            if any(case.facts.matches(i, m) for m in case.criterion.match)]


def zero_incidents(case: Case) -> Result:
    found = _matching(case, case.seen)
    span = f"{format_date(case.seen.start)} – {format_date(case.seen.end)}"
    if not found:
        return case.result(DAT, f"Không có vụ việc nào trong kỳ {span}", count=0)
    # Where residence decides (19.2d), the label says who the resident offender is.
    residents = any(m.caused_by_resident for m in case.criterion.match)
    items = [Item("incident", i.id, case.facts.incident_label(i, residents=residents))
             for i in found]
    result = case.result(CHUA_DAT, f"Có {len(found)} vụ việc trong kỳ {span}", items,
                         count=len(found))
    return _overridden(case, result)


def _records_note(case: Case) -> str:
    """From when incident records are complete, and who says so."""
    facts = case.facts
    if facts.complete_since is not None:
        return (f"số liệu vụ việc đầy đủ từ {format_date(facts.complete_since)} "
                "(xã đã xác định)")
    if facts.first_record is not None:
        return f"hồ sơ sớm nhất trong máy: {format_date(facts.first_record)}"
    return "chưa có hồ sơ nào trong máy"


def reduction(case: Case) -> Result:
    c = case.criterion
    now = case.seen
    before = Window(now.unit, now.year - 1, case.window.previous().start, year_back(now.end))
    since = case.facts.data_since
    records = _records_note(case)
    if since is None or since > before.start:
        summary = f"Chưa có số liệu cùng kỳ năm trước ({before.label}): {records}"
        record = _confirmation(case, c.id)
        if record is not None:
            # The officer compared with last year's paper records.
            status = DAT if record.value else CHUA_DAT
            return case.result(status, f"{summary}. Đã xác nhận thủ công.",
                               [_confirmation_item(record)])
        return case.result(
            THIEU, summary,
            missing=f"Nhập vụ việc cùng kỳ năm trước ({before.label}), ghi ngày từ đó số liệu "
                    f"vụ việc của xã đầy đủ, hoặc xác nhận thủ công tiêu chí {c.id}.")
    current, previous = _matching(case, now), _matching(case, before)
    n, p = len(current), len(previous)
    need = (f"yêu cầu giảm ít nhất {c.min_reduction:g}%" if c.min_reduction
            else "yêu cầu không tăng")
    if p:
        change = 100.0 * (p - n) / p
        ok = change >= c.min_reduction
        trend = f"giảm {vn_percent(change)}" if change > 0 else (
            "không đổi" if change == 0 else f"tăng {vn_percent(-change)}")
        judged = ""
    elif n:
        change, ok = 0.0, False
        trend, judged = f"tăng {n} vụ (cùng kỳ năm trước không có vụ nào)", ""
    else:
        change, ok = 0.0, True
        trend = "không đổi"
        # 0 → 0: nothing left to reduce, so the criterion is met (also for "at least 5%").
        judged = " — cả hai kỳ đều không có vụ nào nên tính là đạt"
    summary = (f"Kỳ này {n} vụ ({now.label}), cùng kỳ năm trước {p} vụ: {trend}; {need}{judged}"
               + (f"; {records}" if case.facts.complete_since is not None else ""))
    items = [Item("incident", i.id, case.facts.incident_label(i)) for i in current]
    result = case.result(DAT if ok else CHUA_DAT, summary, items, current=n, previous=p,
                         reduction_percent=round(change, 2))
    return _overridden(case, result)


def count(case: Case) -> Result:
    c = case.criterion
    seen = case.seen
    start, end = seen.start.isoformat(), seen.end.isoformat()
    teams = case.facts.teams_alive(case.scope, seen.start, seen.end)
    done: dict[str, int] = dict.fromkeys((t.id for t in teams), 0)
    for a in case.facts.activities:
        if (a.team_id in done and start <= a.date <= end
                and (not c.activity_kinds or a.kind in c.activity_kinds)):
            done[a.team_id] += 1
    if c.measure == "activities":
        total = sum(done.values())
        summary = f"{total} hoạt động trong kỳ {seen.label} (yêu cầu ít nhất {c.min})"
        status = DAT if total >= c.min else THIEU if case.open else CHUA_DAT
        return case.result(status, summary, count=total,
                           missing="" if status == DAT else "Ghi nhận hoạt động của tổ, mô hình.")
    items = [Item("team", t.id, f"{t.name}: {done[t.id]} hoạt động")
             for t in sorted(teams, key=lambda t: t.name)]
    active = sum(1 for n in done.values() if n >= c.min_activities)
    summary = (f"{active} tổ, mô hình hoạt động thường xuyên (ít nhất {c.min_activities} hoạt "
               f"động trong kỳ); yêu cầu ít nhất {c.min}")
    if active >= c.min:
        return case.result(DAT, summary, items, active=active, teams=len(teams))
    if not teams:
        return case.result(CHUA_DAT if not case.open else THIEU,
                           "Chưa có tổ tự quản, mô hình nào được ghi nhận",
                           missing="Ghi nhận tổ tự quản, mô hình về ANTT và hoạt động của tổ.",
                           active=0, teams=0)
    status = THIEU if case.open else CHUA_DAT
    return case.result(status, summary, items,
                       "Ghi nhận các buổi tuần tra, họp, hòa giải của tổ, mô hình.",
                       active=active, teams=len(teams))


def manual(case: Case) -> Result:
    c = case.criterion
    record = _confirmation(case, c.confirmation)
    label = load_confirmations().get(c.confirmation)
    what = label.label if label else c.confirmation
    if record is None:
        return case.result(THIEU, f"Chưa có xác nhận: {what}",
                           missing=f"Xác nhận năm {case.window.year}: {what}.")
    status = DAT if record.value else CHUA_DAT
    return case.result(status, _confirmation_item(record).label, [_confirmation_item(record)])


KINDS: dict[str, Callable[[Case], Result]] = {
    "document": document, "ratio": ratio, "zero_incidents": zero_incidents,
    "reduction": reduction, "count": count, "manual": manual,
}
