"""A small commune built through the real registers, evaluated at chosen "as of" dates.

The session's working day is `DAY` (15/12/2026), after every date a scenario records, since
the registers refuse dates in the future. Evaluations always pass `as_of` explicitly.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from antt_tui.criteria.engine import evaluate_commune, evaluate_household, evaluate_village
from antt_tui.criteria.facts import Facts
from antt_tui.criteria.results import Evaluation, Result
from antt_tui.criteria.rules import load_rule_sets
from antt_tui.criteria.taxonomy import load_taxonomy
from antt_tui.roster.confirmations import Confirmations
from antt_tui.roster.documents import Documents
from antt_tui.roster.incidents import Incidents
from antt_tui.roster.teams import Teams
from antt_tui.roster.visits import Activities
from antt_tui.session import Session

DAY = date(2026, 12, 15)
"""Today for the scenario sessions."""
CLOSED = date(2026, 11, 20)
"""An "as of" after both 2026 windows have closed (village 31/10, commune 15/11)."""
OFFICER = "Trần Văn Hùng"
RULE_SETS = load_rule_sets()
TAXONOMY = load_taxonomy()
"""The shipped rule sets and taxonomy, read once for every scenario."""


class Town:
    """Xã Tân Lập: villages DH (Thôn Đông Hạ) and TL (Thôn Trung Lập); household DH-0001
    (Nguyễn Văn An, his wife Lê Thị Bình, their son Nguyễn Văn Cường)."""

    def __init__(self, session: Session) -> None:
        self.s = session
        self.roster = session.roster
        self.store = session.store
        self.incidents = Incidents(self.roster, TAXONOMY)
        self.activities = Activities(self.roster)

    # ------------------------------------------------------------------ records

    def vid(self, code: str = "DH") -> str:
        return self.roster.village(code)["id"]

    def hid(self, code: str = "DH-0001") -> str:
        return self.roster.household(code)["id"]

    def household(self, village: str = "DH", name: str = "Phạm Văn Dũng") -> dict[str, Any]:
        return self.roster.add_household(village, household={"address": f"Xóm 1, {village}"},
                                         head={"full_name": name, "sex": "nam",
                                               "birth": "1980"})

    def sign(self, code: str = "DH-0001", on: str = "15/02/2026", year: int = 2026
             ) -> dict[str, Any]:
        return self.activities.sign_commitment(code, year=year, signed_on=on, signer="Chủ hộ")

    def incident(self, on: str, category: str, village: str = "DH",
                 persons: list[dict[str, str]] | None = None, **answers: Any) -> dict[str, Any]:
        return self.incidents.add({"date": on, "village": self.vid(village),
                                   "category": category, **answers}, persons=persons)

    def many(self, count: int, on: str, category: str, village: str = "DH") -> list[str]:
        """`count` incidents of one day (one fsync for all of them)."""
        with self.store.batch():
            return [self.incident(on, category, village)["id"] for _ in range(count)]

    def document(self, kind: str, on: str, village: str | None = "DH", number: str = "",
                 **answers: Any) -> dict[str, Any]:
        number = number or f"{len(list(self.store.records('documents'))) + 1:02d}-VB"
        return Documents(self.roster).add({"kind": kind, "number": number, "issued_on": on,
                                           **answers}, village=village)

    def team(self, name: str = "Tổ tự quản về ANTT", village: str | None = "DH",
             established: str = "01/01/2025", **answers: Any) -> dict[str, Any]:
        return Teams(self.roster).add({"name": name, "established_on": established, **answers},
                                      village=village)

    def activities_of(self, team: dict[str, Any], *days: str) -> None:
        teams = Teams(self.roster)
        with self.store.batch():
            for day in days:
                teams.add_activity(team["id"], {"date": day, "kind": "tuan_tra"})

    def confirm(self, subject: str, value: bool = True, on: str = "05/11/2026",
                year: int = 2026, village: str | None = "DH") -> dict[str, Any]:
        return Confirmations(self.roster).confirm(
            {"subject": subject, "year": year, "value": "dat" if value else "khong_dat",
             "confirmed_by": "Nguyễn Văn Tâm, Trưởng Công an xã", "confirmed_on": on},
            village=village)

    def visit(self, on: str, code: str = "DH-0001", **answers: str) -> dict[str, Any]:
        return self.activities.add_visit(code, {"date": on, **answers}, officer=OFFICER)

    # ------------------------------------------------------------------ evaluations

    def facts(self) -> Facts:
        return Facts(self.roster.snapshot(), TAXONOMY)

    def village(self, as_of: date = CLOSED, year: int = 2026, code: str = "DH"
                ) -> dict[str, Result]:
        """The village's results by criterion id (every village rule set in force)."""
        return by_id(evaluate_village(self.facts(), self.vid(code), year, as_of,
                                      rule_sets=RULE_SETS))

    def commune(self, as_of: date = CLOSED, year: int = 2026) -> dict[str, Result]:
        """The commune's results by criterion id (TT 124 Art. 5 and chỉ tiêu 19.2)."""
        return by_id(evaluate_commune(self.facts(), year, as_of, rule_sets=RULE_SETS))

    def home(self, as_of: date = CLOSED, code: str = "DH-0001", year: int = 2026
             ) -> dict[str, Result]:
        """The household's H1–H7 by id."""
        return by_id([evaluate_household(self.facts(), self.hid(code), year, as_of)])


def by_id(evaluations: list[Evaluation]) -> dict[str, Result]:
    out: dict[str, Result] = {}
    for evaluation in evaluations:
        for result in evaluation.results:
            assert result.id not in out, f"criterion {result.id} evaluated twice"
            out[result.id] = result
    return out


def item_ids(result: Result, kind: str | None = None) -> list[str]:
    """The ids of the records behind a result (of one kind)."""
    return [i.id for i in result.items if kind is None or i.kind == kind]
