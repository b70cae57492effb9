"""The details of generated visits and incidents: the visit checklist (H1–H6) and what the
incident form asks (time, place, casualties, damage, handling, the people involved).

These are drawn from the builder's second random stream, so adding them left every record
the first stream makes (households, people, visit dates, incident categories) unchanged.
"""

import math
import random
from datetime import date, timedelta

from antt_tui.domain import vocab
from antt_tui.generate import vocabulary as v
from antt_tui.generate.draw import Record, Table, in_words

CHECKLIST = ("h1", "h2", "h3", "h4", "h5", "h6")
"""The "Hộ an toàn" items of a visit, as ``roster.visits.CHECKLIST`` records them."""


class VisitDetails:
    """Draws the checklist, findings, advice and follow-up date of one visit at a time."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.second = Table(v.CHECKLIST_SECOND)

    def fields(self, problem: str | None, day: str, note: str) -> Record:
        """The checklist fields of a visit on ``day``.

        ``problem`` is None for a visit where every item is "dat" (``note`` is then its
        finding), an item id for the item it is mainly about, or "" when nobody could answer.
        """
        rng = self.rng
        if problem is None:
            # Nine visits in ten take this path, so it avoids the slower helpers.
            advice = v.VISIT_ADVICE[int(rng.random() * len(v.VISIT_ADVICE))]
            # Every item đạt: the visit stores no checklist (see roster/visits.py).
            return {
                "findings": note,
                "advice": advice,
                "follow_up_on": "",
                "result": "dat",
            }
        answers: dict[str, tuple[str, str]] = {}
        if problem:
            answers[problem] = ("chua_dat", rng.choice(v.CHECKLIST_ISSUES[problem]))
            if rng.random() < 0.2:
                other = self.second.pick(rng)
                if other != problem:
                    answers[other] = ("chua_dat", rng.choice(v.CHECKLIST_ISSUES[other]))
            findings = " ".join(n for _, n in answers.values())
        else:
            # Nobody at home could answer: what the officer cannot see stays "Không rõ".
            findings = rng.choice(v.CHECKLIST_UNKNOWN)
            unknown = ["h3", "h5", "h6"] + (["h4"] if rng.random() < 0.5 else [])
            answers = {item: ("khong_ro", findings) for item in unknown}
        checklist = {item: {"result": answers[item][0], "note": answers[item][1]}
                     for item in CHECKLIST if item in answers}
        follow_up = ""
        if rng.random() < 0.8:
            follow_up = (date.fromisoformat(day) + timedelta(days=rng.randint(7, 30))).isoformat()
        return {
            "checklist": checklist,
            "findings": findings,
            "advice": v.CHECKLIST_ADVICE[problem],
            "follow_up_on": follow_up,
            "result": "chua_dat",
        }


class _Member:
    """A person an incident can name: id, age (this year) and sex."""

    __slots__ = ("age", "id", "male")

    def __init__(self, person: Record, year: int) -> None:
        self.id = person["id"]
        self.age = year - int(person["birth"][:4])
        self.male = person["sex"] == "nam"


class IncidentDetails:
    """Adds the incident form's fields to generated incidents, in place."""

    def __init__(
        self,
        rng: random.Random,
        today: date,
        commune: Record,
        households: list[Record],
        persons: list[Record],
    ) -> None:
        self.rng = rng
        self.today = today
        self.commune = in_words(commune["name"])
        self.addresses = {h["id"]: h["address"] for h in households}
        # Who an incident can name: the members living at home, or for a household that has
        # moved away, those still alive (a head is never deceased, so there is always one).
        self.members: dict[str, list[_Member]] = {}
        away: dict[str, list[_Member]] = {}
        for p in persons:
            if p["status"] == vocab.PRESENT:
                self.members.setdefault(p["household_id"], []).append(_Member(p, today.year))
            elif p["status"] != vocab.DECEASED:
                away.setdefault(p["household_id"], []).append(_Member(p, today.year))
        for household_id, members in away.items():
            self.members.setdefault(household_id, members)
        self.hours = {k: Table(t) for k, t in v.INCIDENT_HOURS.items()}
        self.fines = {k: Table(t) for k, t in v.FINES.items()}

    def add(self, incidents: list[Record], village_names: dict[str, str]) -> None:
        """Fill in every incident's details (they are drawn in the list's order)."""
        for incident in incidents:
            self._add(incident, in_words(village_names[incident["village_id"]]))

    def _add(self, incident: Record, village: str) -> None:
        """Fill in one incident; ``village`` is its village's name as written in a sentence."""
        rng = self.rng
        category, severity = incident["category"], incident["severity"]
        serious = severity != "it_nghiem_trong"
        place, deaths, injuries = v.INCIDENT_NOTE_FACTS.get(
            incident["note"], (v.INCIDENT_PLACE.get(category, "home"), 0, 0)
        )
        if category == "TNGT":
            deaths, injuries = self._traffic_casualties(severity)
        elif category in ("CHAY", "NO") and serious and rng.random() < 0.3:
            injuries += 1

        people = self._people(incident, category)
        incident["household_ids"] = list(dict.fromkeys(hh for hh, _, _ in people))
        incident["persons"] = [{"person_id": m.id, "role": role, "household_id": hid}
                               for hid, m, role in people]
        by_resident = any(role == "doi_tuong" for _, _, role in people) or (
            rng.random() < v.INCIDENT_RESIDENT_CAUSE.get(category, 0.8)
        )
        own_fault = category in v.OWN_FAULT and by_resident and (rng.random() < v.OWN_FAULT[category])

        hour = self.hours[v.INCIDENT_HOUR_KIND.get(category, "day")].pick(rng)
        status = self._status(incident["date"], category, severity)
        fine = 0
        if category in self.fines and status == "da_giai_quyet":
            fine = self.fines[category].pick(rng)
        kind = _handling_kind(status, category)
        handling = rng.choice(v.INCIDENT_HANDLING[kind]).format(fine=f"{fine:,}".replace(",", "."))
        incident.update(
            {
                "time": f"{hour:02d}:{rng.randrange(0, 60, 5):02d}",
                "place": self._place(place, village, people),
                "deaths": deaths,
                "injuries": injuries,
                "damage": self._damage(category, serious),
                "caused_by_resident": by_resident,
                "own_fault": own_fault,
                "status": status,
                "handling": handling,
                "fine": fine,
            }
        )

    def _people(self, incident: Record, category: str) -> list[tuple[str, _Member, str]]:
        """(household id, member, role): one person per linked household, and for domestic
        violence both the offender and the victim."""
        roles = v.INCIDENT_ROLES.get(category, ("doi_tuong", "bi_hai"))
        out: list[tuple[str, _Member, str]] = []
        for n, hh in enumerate(incident["household_ids"]):
            members = self.members[hh]
            role = roles[min(n, 1)]
            person = self._pick(members, role, category)
            out.append((hh, person, role))
            if category == "BLGĐ":
                victims = [m for m in members if m is not person and m.age >= 6]
                if victims:
                    out.append((hh, self.rng.choice(victims), "bi_hai"))
        return out

    def _pick(self, members: list[_Member], role: str, category: str) -> _Member:
        """A member fitting the role: offenders are mostly men of 16–65 (14 for traffic
        offences and rowdiness), witnesses 16 or older, victims 6 or older."""
        rng = self.rng
        if role == "doi_tuong":
            lo = 14 if category in ("VPHC_GT", "TP_TTXH_GAY_ROI_TTCC") else 16
            fit = [m for m in members if lo <= m.age <= 65]
            men = [m for m in fit if m.male]
            if men and (category == "BLGĐ" or rng.random() < 0.85):
                fit = men
        elif role == "nhan_chung":
            fit = [m for m in members if m.age >= 16]
        else:
            fit = [m for m in members if m.age >= 6]
        return rng.choice(fit or members)

    def _traffic_casualties(self, severity: str) -> tuple[int, int]:
        """(deaths, injuries) of a traffic accident of this severity, roughly as the police
        grade them: a death or two seriously injured is "nghiêm trọng", two dead "rất"."""
        rng = self.rng
        if severity == "it_nghiem_trong":
            return 0, 1 if rng.random() < 0.7 else 2
        if severity == "nghiem_trong":
            return (1, rng.randint(0, 1)) if rng.random() < 0.6 else (0, rng.randint(2, 3))
        return 2, rng.randint(0, 2)

    def _status(self, day: str, category: str, severity: str) -> str:
        """Older incidents are mostly settled; crimes often go to the investigators."""
        rng = self.rng
        criminal = category.startswith("TP_") or category == "MT_TOI_PHAM"
        if criminal:
            chance = (
                1.0 if category == "TP_TTXH_GIET_NGUOI" else (0.25 if severity == "it_nghiem_trong" else 0.8)
            )
            if rng.random() < chance:
                return "chuyen_co_quan_dieu_tra"
        age = (self.today - date.fromisoformat(day)).days
        settled = 0.25 if age < 7 else 0.6 if age < 30 else 0.85 if age < 90 else 0.97
        return "da_giai_quyet" if rng.random() < settled else "dang_xu_ly"

    def _place(self, kind: str, village: str, people: list[tuple[str, _Member, str]]) -> str:
        """The place of an incident: a linked household's home, or a spot in the village."""
        rng = self.rng
        if kind == "home":
            if people:
                return f"Nhà riêng, {self.addresses[people[0][0]]}"
            return f"Khu dân cư {village}"
        template = rng.choice(v.INCIDENT_PLACES[kind])
        road = rng.choice(v.ROADS)
        return template.format(village=village, commune=self.commune, road=road[:1].upper() + road[1:])

    def _damage(self, category: str, serious: bool) -> int:
        """Damage in đồng, 0 for most categories."""
        rng = self.rng
        spec = v.INCIDENT_DAMAGE.get(category)
        if spec is None or rng.random() >= spec[2]:
            return 0
        lo, hi, _ = spec
        amount = math.exp(rng.uniform(math.log(lo), math.log(hi))) * (5 if serious else 1)
        return round(amount / 100_000) * 100_000


def _handling_kind(status: str, category: str) -> str:
    """Which ``INCIDENT_HANDLING`` texts describe an incident's handling."""
    if status == "dang_xu_ly":
        return "dang_xu_ly"
    if status == "chuyen_co_quan_dieu_tra":
        return "dieu_tra"
    if category.startswith("VPHC_"):
        return "vphc"
    return v.HANDLING_KIND.get(category, "xac_minh")
