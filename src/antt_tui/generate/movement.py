"""The records of the movement itself: each year's resolutions, plans and registrations, the
self-management teams and models with their activity log, and the yes/no confirmations made
after each assessment window.

Assessment windows follow Thông tư 124/2021/TT-BCA, Art. 8 cl. 2 (as ``criteria.windows``):
a village (khu dân cư) is judged on 01/11 of the year before → 31/10, the commune on
16/11 → 15/11. Nothing is dated after ``today``.
"""

import random
from datetime import date, timedelta

from antt_tui.domain import vocab
from antt_tui.generate import vocabulary as v
from antt_tui.generate.draw import Record, Table, day_in, in_words, new_uid


def village_window(year: int) -> tuple[date, date]:
    """The assessment window of a village (khu dân cư) for ``year``."""
    return date(year - 1, 11, 1), date(year, 10, 31)


def commune_window(year: int) -> tuple[date, date]:
    """The assessment window of the commune (xã) for ``year``."""
    return date(year - 1, 11, 16), date(year, 11, 15)


def assessment_years(start: date, today: date) -> list[int]:
    """Years whose village or commune window overlaps ``start`` → ``today``."""
    return [
        y
        for y in range(start.year, today.year + 2)
        if any(lo <= today and hi >= start for lo, hi in (village_window(y), commune_window(y)))
    ]


class Movement:
    """Draws the movement's records for one commune from ``rng``."""

    def __init__(
        self,
        rng: random.Random,
        *,
        today: date,
        start: date,
        commune: Record,
        villages: list[Record],
        households: list[Record],
        persons: list[Record],
        police_leader: str,
    ) -> None:
        self.rng = rng
        self.today = today
        self.start = start
        self.villages = villages
        self.police_leader = police_leader
        self.xa = in_words(commune["name"])
        self.first_team, self.other_teams = Table(v.FIRST_TEAM), Table(v.OTHER_TEAMS)
        # Adults living in each village, who lead teams and hold commune posts.
        village_of = {h["id"]: h["village_id"] for h in households}
        self.adults: dict[str, list[Record]] = {vil["id"]: [] for vil in villages}
        for p in persons:
            if p["status"] == vocab.PRESENT and 30 <= today.year - int(p["birth"][:4]) <= 65:
                self.adults[village_of[p["household_id"]]].append(p)
        heads = {p["id"]: p["full_name"] for p in persons if p["relation"] == vocab.HEAD}
        self.surnames: dict[str, list[str]] = {vil["id"]: [] for vil in villages}
        for h in households:
            self.surnames[h["village_id"]].append(heads[h["head_id"]].split()[0])
        everyone = [p for ps in self.adults.values() for p in ps]
        self.chairman = self._resident(everyone) if everyone else police_leader

    def _resident(self, people: list[Record]) -> str:
        """The name of one of ``people``, four times as often a man."""
        men = [p for p in people if p["sex"] == "nam"]
        pool = men if men and self.rng.random() < 0.8 else people
        return self.rng.choice(pool)["full_name"]

    # -- documents ---------------------------------------------------------------------------

    def documents(self) -> list[Record]:
        """Each year's chi bộ resolution and registration per village, and the commune's Đảng
        ủy resolution, UBND plan and registration: mostly 05/01–25/03, about one in twenty
        in April, about one in thirty missing. In date order."""
        out: list[Record] = []
        for year in assessment_years(self.start, self.today):
            for village in self.villages:
                thon = in_words(village["name"])
                out += self._series(
                    year,
                    "thon",
                    village["id"],
                    (
                        ("nghi_quyet", "{n:02d}-NQ/CB", (1, 6), f"Chi bộ {thon}"),
                        ("dang_ky", "{n:02d}/ĐK-KDC", (1, 5), f"Ban công tác Mặt trận {thon}"),
                    ),
                )
            out += self._series(
                year,
                "xa",
                "",
                (
                    ("nghi_quyet", "{n:02d}-NQ/ĐU", (3, 30), f"Đảng ủy {self.xa}"),
                    ("ke_hoach", "{n:02d}/KH-UBND", (5, 80), f"UBND {self.xa}"),
                    ("dang_ky", "{n:02d}/ĐK-UBND", (1, 15), f"UBND {self.xa}"),
                ),
            )
        out.sort(key=lambda r: r["issued_on"])
        return out

    def _series(
        self, year: int, scope: str, village_id: str, kinds: tuple[tuple[str, str, tuple[int, int], str], ...]
    ) -> list[Record]:
        """One unit's documents of a year, each after the one before (resolution first)."""
        rng = self.rng
        out: list[Record] = []
        day = date(year, 1, 5) + timedelta(days=rng.randint(0, 45))
        for kind, number, (lo, hi), issuer in kinds:
            if rng.random() < 0.03:
                continue  # never issued (or never handed to the commune)
            issued = (
                day_in(rng, date(year, 4, 1), date(year, 4, 30))
                if rng.random() < 0.05
                else min(day, date(year, 3, 25))
            )
            day += timedelta(days=rng.randint(5, 30))
            if issued > self.today:
                continue
            out.append(
                {
                    "id": new_uid(rng),
                    "scope": scope,
                    "village_id": village_id,
                    "year": year,
                    "kind": kind,
                    "number": number.format(n=rng.randint(lo, hi)),
                    "issued_on": issued.isoformat(),
                    "issuer": issuer,
                    "note": "",
                }
            )
        return out

    # -- teams ---------------------------------------------------------------------------

    def teams(self) -> list[Record]:
        """One to three teams or models per village (the first one patrols), and one or two
        commune-wide models. Most were set up before the history window."""
        rng = self.rng
        out: list[Record] = []
        for village in self.villages:
            thon = in_words(village["name"])
            models = [self.first_team.pick(rng)]
            for _ in range(rng.choice((0, 1, 1, 2))):
                model = self.other_teams.pick(rng)
                if model not in models or model == "to_lien_gia":
                    models.append(model)
            for n, model in enumerate(models):
                number = models[: n + 1].count("to_lien_gia")  # inter-family teams are numbered
                name = rng.choice(v.TEAM_MODELS[model]).format(
                    village=thon, n=number, surname=rng.choice(self.surnames[village["id"]] or ["Nguyễn"])
                )
                leader = (
                    self._resident(self.adults[village["id"]])
                    if self.adults[village["id"]]
                    else self.police_leader
                )
                out.append(self._team("thon", village["id"], name, model, leader, 0.95 if n == 0 else 0.7))
        for model, name in rng.sample(v.COMMUNE_MODELS, rng.randint(1, 2)):
            out.append(self._team("xa", "", name.format(commune=self.xa), model, self.chairman, 0.9))
        return out

    def _team(self, scope: str, village_id: str, name: str, model: str, leader: str, older: float) -> Record:
        """A team set up before the history window with chance ``older``, else during it;
        about one in twenty-five has been dissolved."""
        rng = self.rng
        if rng.random() < older:
            established = self.start - timedelta(days=rng.randint(60, 3650))
        else:
            established = day_in(rng, self.start, max(self.start, self.today - timedelta(days=30)))
        dissolved = ""
        if rng.random() < 0.04:
            first = max(established, self.start) + timedelta(days=90)
            if first <= self.today:
                dissolved = day_in(rng, first, self.today).isoformat()
        return {
            "id": new_uid(rng),
            "scope": scope,
            "village_id": village_id,
            "name": name,
            "model": model,
            "established_on": established.isoformat(),
            "dissolved_on": dissolved,
            "leader": leader,
            "members": rng.randint(5, 20),
            "note": "",
        }

    # -- team activities -----------------------------------------------------------------

    def activities(self, teams: list[Record]) -> list[Record]:
        """What the teams did while they existed, in the history window: patrols about
        weekly (patrolling models), a meeting about monthly, a few awareness sessions a
        year, and a few mediations a year per village by its main team. In date order."""
        rng = self.rng
        out: list[Record] = []
        main_team: dict[str, Record] = {}
        for team in teams:
            first = max(self.start, date.fromisoformat(team["established_on"]))
            last = date.fromisoformat(team["dissolved_on"]) if team["dissolved_on"] else self.today
            if last < first:
                continue
            main_team.setdefault(team["village_id"], team)
            if team["model"] in v.PATROLLING_MODELS:
                week = first - timedelta(days=first.weekday())
                while week <= last:
                    if rng.random() < 0.85:
                        # Patrols are mostly on Friday, Saturday and Sunday nights.
                        day = week + timedelta(days=rng.choice((0, 2, 4, 4, 5, 5, 6)))
                        if first <= day <= last:
                            out.append(self._activity(team, day, "tuan_tra"))
                    week += timedelta(days=7)
            meeting_chance = 0.33 if team["model"] == "camera_an_ninh" else 0.85
            for month_start in _months(first, last):
                if rng.random() < meeting_chance:
                    day = month_start.replace(day=rng.randint(1, 12))
                    if first <= day <= last:
                        out.append(self._activity(team, day, "hop"))
                if rng.random() < 0.25:
                    day = month_start.replace(day=rng.randint(1, 28))
                    if first <= day <= last:
                        out.append(self._activity(team, day, "tuyen_truyen"))
        for team in main_team.values():
            if not team["village_id"]:
                continue
            first = max(self.start, date.fromisoformat(team["established_on"]))
            last = date.fromisoformat(team["dissolved_on"]) if team["dissolved_on"] else self.today
            for month_start in _months(first, last):
                if rng.random() < 0.25:
                    day = month_start.replace(day=rng.randint(1, 28))
                    if first <= day <= last:
                        out.append(self._activity(team, day, "hoa_giai"))
        out.sort(key=lambda r: r["date"])
        return out

    def _activity(self, team: Record, day: date, kind: str) -> Record:
        """One activity of ``team``: patrols count shifts and people, meetings and awareness
        sessions the attendance, mediations their outcome (about 85% successful)."""
        rng = self.rng
        patrol, talk = kind == "tuan_tra", kind in ("hop", "tuyen_truyen")
        attendance = 0
        if kind == "hop":
            attendance = min(80, max(10, team["members"]) + rng.randint(0, 12))
        elif kind == "tuyen_truyen":
            attendance = rng.randint(25, 80)
        result = ""
        if kind == "hoa_giai":
            result = "thanh" if rng.random() < 0.85 else "khong_thanh"
        return {
            "id": new_uid(rng),
            "team_id": team["id"],
            "village_id": team["village_id"],
            "date": day.isoformat(),
            "kind": kind,
            "shifts": 1 if patrol else 0,
            "officer_turns": rng.randint(2, 6) if patrol else 0,
            "attendance": attendance if talk else 0,
            "mediation_result": result,
            "note": rng.choice(v.TEAM_ACTIVITY_NOTES[kind]).format(month=day.month),
        }

    # -- confirmations -------------------------------------------------------------------

    def confirmations(self) -> list[Record]:
        """The yes/no confirmations made in November after each finished window: per village
        (by the commune police head or the commune chairman) and for the commune."""
        out: list[Record] = []
        for year in assessment_years(self.start, self.today):
            if self.start <= village_window(year)[1] < self.today:
                for village in self.villages:
                    for subject, chance in v.VILLAGE_CONFIRMATIONS:
                        by = self.police_leader if subject == "luc_luong_hoan_thanh" else self.chairman
                        days = (date(year, 11, 5), date(year, 11, 28))
                        out += self._confirm(subject, village["id"], year, chance, by, days)
            if self.start <= commune_window(year)[1] < self.today:
                for subject, chance in v.COMMUNE_CONFIRMATIONS:
                    days = (date(year, 11, 18), date(year, 11, 30))
                    out += self._confirm(subject, "", year, chance, self.chairman, days)
        out.sort(key=lambda r: r["confirmed_on"])
        return out

    def _confirm(
        self, subject: str, village_id: str, year: int, chance: float, by: str, days: tuple[date, date]
    ) -> list[Record]:
        """One confirmation of a village (the commune for ``village_id`` ""), "yes" with
        ``chance``, made on one of ``days``; none when that day has not come yet."""
        rng = self.rng
        value = rng.random() < chance
        day = day_in(rng, *days)
        if day > self.today:
            return []
        return [
            {
                "id": new_uid(rng),
                "subject": subject,
                "scope": "thon" if village_id else "xa",
                "village_id": village_id,
                "year": year,
                "value": value,
                "confirmed_by": by,
                "confirmed_on": day.isoformat(),
                "note": "" if value else v.CONFIRMATION_NOTES[subject],
            }
        ]


def _months(first: date, last: date) -> list[date]:
    """The first day of every month from ``first``'s to ``last``'s."""
    out: list[date] = []
    month = first.replace(day=1)
    while month <= last:
        out.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return out
