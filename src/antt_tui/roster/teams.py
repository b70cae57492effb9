"""Self-management teams and models (tổ tự quản, "5 tự quản", camera an ninh …) and their
activities: patrols (shifts and officer-turns), meetings, mediations, outreach sessions.
They count for K5, X1, 19.2(e) and fill part II.4 of the reports."""

from __future__ import annotations

from datetime import date
from typing import Any

from antt_tui.domain.dates import vn_date
from antt_tui.domain.errors import NotFound, ValidationError
from antt_tui.domain.text import fold
from antt_tui.roster.documents import scope_of
from antt_tui.roster.entities import TeamActivityRecord, TeamRecord
from antt_tui.roster.formcheck import checked
from antt_tui.roster.service import Roster, new_id
from antt_tui.storage import tables


class Teams:
    """The team register (table `teams`) and the activity log (table `team_activities`)."""

    def __init__(self, roster: Roster) -> None:
        self.roster = roster
        self.store = roster.store

    def add(self, answers: dict[str, Any], *, village: str | None = None) -> TeamRecord:
        """Register a team of a village (code, id or name) or a commune-wide model (None)."""
        scope, village_id, name = scope_of(self.roster, village)
        fields = checked("team", answers, today=self.roster.today())
        _check_dates(fields)
        self._check_name_free(fields["name"], village_id, name)
        tid = new_id()
        self.store.commit("team.add", self.store.op_set(
            tables.TEAMS, tid, {"scope": scope, "village_id": village_id, **fields}, new=True),
            summary=f"Thành lập {fields['name']} ({name}) ngày {vn_date(fields['established_on'])}")
        return TeamRecord.of(self._saved(tables.TEAMS, tid))

    def edit(self, team_ref: str, changes: dict[str, Any]) -> TeamRecord:
        """Change a team (e.g. its leader, or the day it was dissolved)."""
        team = self._team(team_ref)
        answers = {k: v for k, v in team.items() if k not in ("id", "scope", "village_id")}
        for key in ("established_on", "dissolved_on"):
            if answers.get(key):
                answers[key] = vn_date(answers[key])
        fields = checked("team", {**answers, **changes}, today=self.roster.today())
        _check_dates(fields)
        if fold(fields["name"]) != fold(team["name"]):
            _, _, unit_name = scope_of(self.roster, team.get("village_id") or None)
            self._check_name_free(fields["name"], team.get("village_id", ""), unit_name,
                                  exclude=team["id"])
        changed = {k: v for k, v in fields.items() if team.get(k) != v}
        if changed:
            self.store.commit("team.edit", self.store.op_set(tables.TEAMS, team["id"], changed),
                              summary=f"Sửa thông tin {team['name']}: {', '.join(sorted(changed))}")
        return TeamRecord.of(self._saved(tables.TEAMS, team["id"]))

    def _check_name_free(self, wanted: str, village_id: str, unit_name: str, *,
                         exclude: str = "") -> None:
        """Refuse a second team of the same name in one village (or among the commune's)."""
        taken = [t for t in self._teams(village_id=village_id, include_dissolved=True)
                 if fold(t["name"]) == fold(wanted) and t["id"] != exclude]
        if taken:
            raise ValidationError({"name": f"{unit_name} đã có tổ, mô hình “{taken[0]['name']}”."})

    def team(self, ref: str) -> TeamRecord:
        """A team by id, id prefix (≥ 6 characters) or name (diacritics optional)."""
        return TeamRecord.of(self._team(ref))

    def _team(self, ref: str) -> dict[str, Any]:
        found = self.store.get(tables.TEAMS, ref)
        if found is not None and not found.get("deleted"):
            return found
        live = self._teams(include_dissolved=True)
        wanted = fold(ref)
        tokens = wanted.split()

        def words_match(t: dict[str, Any]) -> bool:
            words = fold(t["name"]).split()
            return bool(tokens) and all(any(w.startswith(k) for w in words) for k in tokens)

        for test in (lambda t: len(ref) >= 6 and t["id"].startswith(ref),
                     lambda t: fold(t["name"]) == wanted, words_match):
            matches = [t for t in live if test(t)]
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                names = "; ".join(t["name"] for t in matches[:5])
                raise NotFound(f"Có nhiều tổ, mô hình khớp “{ref}”: {names}.")
        raise NotFound(f"Không tìm thấy tổ, mô hình “{ref}”.")

    def teams(self, *, village_id: str | None = None, include_dissolved: bool = False,
              on: date | None = None) -> list[TeamRecord]:
        """Teams (of one village; "" = the commune-wide models) by name."""
        return [TeamRecord.of(t) for t in self._teams(
            village_id=village_id, include_dissolved=include_dissolved, on=on)]

    def _teams(self, *, village_id: str | None = None, include_dissolved: bool = False,
               on: date | None = None) -> list[dict[str, Any]]:
        day = (on or self.roster.today()).isoformat()
        rows = [t for t in self.store.records(tables.TEAMS) if not t.get("deleted")
                and (village_id is None or t.get("village_id", "") == village_id)
                and (include_dissolved or not t.get("dissolved_on")
                     or t["dissolved_on"] >= day)]
        return sorted(rows, key=lambda t: fold(t.get("name", "")))

    def add_activity(self, team_ref: str, answers: dict[str, Any]) -> TeamActivityRecord:
        """Record a patrol, meeting, mediation or outreach session of a team."""
        team = self._team(team_ref)
        fields = checked("team_activity", answers, today=self.roster.today())
        day = fields["date"]
        if day < team.get("established_on", ""):
            raise ValidationError({"date": (f"Ngày {vn_date(day)} ở trước ngày thành lập tổ "
                                            f"({vn_date(team['established_on'])}).")})
        if team.get("dissolved_on") and day > team["dissolved_on"]:
            raise ValidationError({"date": (f"Ngày {vn_date(day)} ở sau ngày tổ giải thể "
                                            f"({vn_date(team['dissolved_on'])}).")})
        aid = new_id()
        record = {"team_id": team["id"], "village_id": team.get("village_id", ""), **fields}
        kind = {"tuan_tra": "tuần tra", "hop": "họp", "hoa_giai": "hòa giải",
                "tuyen_truyen": "tuyên truyền"}[fields["kind"]]
        self.store.commit("team.activity", self.store.op_set(tables.TEAM_ACTIVITIES, aid, record,
                                                             new=True),
                          summary=f"{team['name']}: {kind} ngày {vn_date(day)}")
        return TeamActivityRecord.of(self._saved(tables.TEAM_ACTIVITIES, aid))

    def activities(self, *, team_id: str | None = None, village_id: str | None = None,
                   start: date | None = None, end: date | None = None
                   ) -> list[TeamActivityRecord]:
        """Activities (not deleted), newest first."""
        lo = start.isoformat() if start else ""
        hi = end.isoformat() if end else "9999"
        rows = [a for a in self.store.records(tables.TEAM_ACTIVITIES) if not a.get("deleted")
                and (team_id is None or a.get("team_id") == team_id)
                and (village_id is None or a.get("village_id", "") == village_id)
                and lo <= a.get("date", "") <= hi]
        rows.sort(key=lambda a: (a.get("date", ""), a["id"]), reverse=True)
        return [TeamActivityRecord.of(a) for a in rows]

    def _saved(self, table: str, record_id: str) -> dict[str, Any]:
        record = self.store.get(table, record_id)
        assert record is not None, (table, record_id)
        return record


def _check_dates(fields: dict[str, Any]) -> None:
    if fields.get("dissolved_on") and fields["dissolved_on"] < fields["established_on"]:
        raise ValidationError({"dissolved_on": "Ngày giải thể ở trước ngày thành lập."})
