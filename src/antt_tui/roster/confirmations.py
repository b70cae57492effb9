"""Manual confirmations: what an authority confirms by hand for a year ("lực lượng hoàn
thành nhiệm vụ", "Công an xã đạt Đơn vị tiên tiến", "không thuộc danh sách xã trọng
điểm" …), overrides of criteria that allow one ("bất khả kháng"), and reductions judged by
hand while last year's incidents are not in the records, with who and when.
The latest confirmation of a subject for a unit and year is the one that counts."""

from __future__ import annotations

from typing import Any

from antt_tui.criteria.rules import load_confirmations, load_rule_sets
from antt_tui.domain.dates import vn_date
from antt_tui.forms import Choice
from antt_tui.roster.documents import scope_of
from antt_tui.roster.entities import ConfirmationRecord
from antt_tui.roster.formcheck import checked
from antt_tui.roster.service import Roster, new_id
from antt_tui.storage import tables

_WHY = "bất khả kháng"
_NO_DATA = "thiếu số liệu năm trước"


def subjects(unit: str) -> list[Choice]:
    """What can be confirmed for a village ("thon") or the commune ("xa")."""
    out = [Choice(c.id, c.label) for c in load_confirmations().values() if unit in c.units]
    for rule_set in load_rule_sets().values():
        if rule_set.unit != unit:
            continue
        out += [Choice(c.id, f"{c.id} ({_WHY if c.allow_override else _NO_DATA}, xác nhận "
                             f"thủ công): {c.text}")
                for c in rule_set.criteria if c.confirmable]
    return out


class Confirmations:
    """The confirmation register (table `confirmations`)."""

    def __init__(self, roster: Roster) -> None:
        self.roster = roster
        self.store = roster.store

    def confirm(self, answers: dict[str, Any], *, village: str | None = None
                ) -> ConfirmationRecord:
        """Record a confirmation for a village (code, id or name) or the commune (None)."""
        scope, village_id, name = scope_of(self.roster, village)
        choices = subjects(scope)
        fields = checked("confirmation", answers, today=self.roster.today(),
                         sources={"confirmation_subjects": choices})
        fields["value"] = fields["value"] == "dat"
        fields["year"] = int(fields["year"])
        cid = new_id()
        label = next(c.label for c in choices if c.value == fields["subject"])
        self.store.commit("confirmation.add", self.store.op_set(
            tables.CONFIRMATIONS, cid, {"scope": scope, "village_id": village_id, **fields}, new=True),
            summary=(f"Xác nhận năm {fields['year']} cho {name}: {label} — "
                     f"{'đạt' if fields['value'] else 'không đạt'} ({fields['confirmed_by']}, "
                     f"ngày {vn_date(fields['confirmed_on'])})"))
        saved = self.store.get(tables.CONFIRMATIONS, cid)
        assert saved is not None
        return ConfirmationRecord.of(saved)

    def list(self, *, year: int | None = None, village_id: str | None = None
             ) -> list[ConfirmationRecord]:
        """Confirmations (not deleted), by year, unit, subject and date."""
        rows = [c for c in self.store.records(tables.CONFIRMATIONS) if not c.get("deleted")
                and (year is None or c.get("year") == year)
                and (village_id is None or c.get("village_id", "") == village_id)]
        rows.sort(key=lambda c: (c.get("year", 0), c.get("village_id", ""), c.get("subject", ""),
                                 c.get("confirmed_on", "")))
        return [ConfirmationRecord.of(c) for c in rows]
