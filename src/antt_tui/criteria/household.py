"""The household criteria H1–H6 and the yearly roll-up H7 ("Hộ an toàn").

A household is judged on its village's window (01/11 of the previous year → 31/10): the
commitment of the year, the answers at its latest visit in the window, and the incidents
linked to its members. H7 is đạt when H1–H6 are all đạt.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from antt_tui.criteria.facts import Facts
from antt_tui.criteria.results import CHUA_DAT, DAT, THIEU, Evaluation, Item, Result, combine
from antt_tui.criteria.rules import Criterion, RuleSet, rule_sets_for
from antt_tui.criteria.snapshot import Commitment, Household, Incident, Visit
from antt_tui.criteria.windows import Window, window
from antt_tui.domain.dates import vn_date

H7_ID = "H7"
ANSWERS = {"dat": DAT, "chua_dat": CHUA_DAT, "khong_ro": THIEU}


def household_rule_set(year: int) -> RuleSet:
    """The household rule set in force for `year` (the last one when several apply)."""
    sets = rule_sets_for("ho", year)
    if not sets:
        raise LookupError(f"Không có bộ tiêu chí hộ gia đình cho năm {year}.")
    return sets[-1]


def _answer(visit: Visit, item: str) -> tuple[str, str]:
    """(status, note) of one checklist item. A visit keeps only the items not answered
    "đạt"; one without a checklist passed every item when its result is đạt (older visits
    that failed without saying which item count as unknown)."""
    if visit.checklist:
        entry = visit.answer(item)
        if entry is None:
            return DAT, ""
        return ANSWERS.get(entry.result, THIEU), entry.note
    return (DAT, "") if visit.result == "dat" else (THIEU, "")


def _criterion(facts: Facts, c: Criterion, household: Household, year: int, seen: Window,
               still_open: bool, detail: bool, signed: Commitment | None, visit: Visit | None,
               incidents: Sequence[Incident]) -> Result | str:
    """One household criterion, from the household's commitment of the year, its latest
    visit and its incidents in the window: a full Result when `detail`, else only its
    status."""
    hid = household.id
    parts: list[str] = []
    lines: list[str] = []
    items: list[Item] = []
    missing: list[str] = []
    if c.commitment:
        if signed is not None and signed.signed_on <= seen.end.isoformat():
            parts.append(DAT)
            lines.append(f"đã ký cam kết ngày {vn_date(signed.signed_on)}" if detail else "")
        else:
            parts.append(THIEU if still_open else CHUA_DAT)
            lines.append(f"chưa ký cam kết năm {year}")
            missing.append(f"ký cam kết năm {year}")
    if c.visit_item:
        if visit is None:
            parts.append(THIEU)
            lines.append("chưa có lượt kiểm tra trong kỳ")
            missing.append("kiểm tra hộ")
        else:
            status, note = _answer(visit, c.visit_item)
            parts.append(status)
            if detail:
                said = {DAT: "đạt", CHUA_DAT: "chưa đạt", THIEU: "không rõ"}[status]
                lines.append(f"kiểm tra ngày {vn_date(visit.date)}: {said}"
                             + (f" ({note})" if note else ""))
                items.append(Item("visit", visit.id, f"Kiểm tra ngày {vn_date(visit.date)}"))
            if status == THIEU:
                missing.append("kiểm tra lại mục " + c.visit_item.upper())
    if c.match:
        linked = [i for i in incidents
                  if any(facts.matches(i, m, hid) for m in c.match)]
        parts.append(CHUA_DAT if linked else DAT)
        if linked:
            lines.append(f"{len(linked)} vụ việc liên quan")
            items += [Item("incident", i.id, facts.incident_label(i)) for i in linked]
    status = combine(parts)
    if not detail:
        return status
    summary = "; ".join(line for line in lines if line) or "không có dữ liệu"
    summary = summary[0].upper() + summary[1:]
    return Result(c.id, c.group, c.text, c.kind, status, summary, tuple(items),
                  ("Cần " + ", ".join(missing) + ".") if missing and status != DAT else "")


def _roll_up(year: int, results: list[Result]) -> Result:
    status = combine(r.status for r in results)
    if status == DAT:
        summary = f"Đạt cả {len(results)} tiêu chí H1–H{len(results)}"
    else:
        summary = "; ".join(f"{r.id} {r.status}" for r in results if r.status != DAT)
    actions = list(dict.fromkeys(r.missing for r in results if r.missing))
    missing = " ".join(actions)
    return Result(H7_ID, H7_ID, f"Hộ được công nhận “Hộ an toàn” năm {year}", "rollup", status,
                  summary, (), missing)


def evaluate_household(facts: Facts, household_id: str, year: int, as_of: date,
                       rule_set: RuleSet | None = None) -> Evaluation:
    """H1–H6 with evidence, then H7, for one household."""
    rule_set = rule_set or household_rule_set(year)
    household = facts.households.get(household_id)
    if household is None:
        raise LookupError(f"Không tìm thấy hộ {household_id}.")
    full = window(rule_set.window, year)
    seen = full.up_to(as_of)
    # Only this household's records are read (unless the facts hold everyone's already).
    signed = facts.commitment(household_id, year)
    visit = facts.latest_visit(seen, household_id)
    incidents = facts.incidents_of(seen, household_id)
    results = [_criterion(facts, c, household, year, seen, as_of <= full.end, True, signed,
                          visit, incidents) for c in rule_set.criteria]
    results.append(_roll_up(year, results))  # type: ignore[arg-type]
    return Evaluation(rule_set.id, rule_set.name, "ho", household_id,
                      facts.household_label(household), year, as_of, full,
                      tuple(results))  # type: ignore[arg-type]


def household_statuses(facts: Facts, scope: str, year: int, as_of: date,
                       rule_set: RuleSet | None = None) -> dict[str, str]:
    """Household id → H7 status, for every household residing in the village (or commune)."""
    rule_set = rule_set or household_rule_set(year)
    full = window(rule_set.window, year)
    seen = full.up_to(as_of)
    still_open = as_of <= full.end
    signed, visits = facts.signed(year, scope), facts.latest_visits(seen, scope)
    incidents = facts.household_incidents(seen)
    return {h.id: combine(_criterion(facts, c, h, year, seen, still_open, False,  # type: ignore[misc]
                                     signed.get(h.id), visits.get(h.id),
                                     incidents.get(h.id, ()))
                          for c in rule_set.criteria)
            for h in facts.residing(scope)}
