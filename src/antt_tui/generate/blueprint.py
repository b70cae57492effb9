"""Build a whole generated commune (xã) as plain dicts: villages, households, people, visits,
incidents, commitments, and the movement's documents, teams, team activities and
confirmations, deterministically from a seed.

Everything is drawn in a fixed order from two generators made from the seed: the first makes
the records and fields that existed before the visit checklist and the movement's records
were added, the second (``details.py``, ``movement.py``) everything added since, so adding
them left the households, people, commitments and the dates and kinds of visits and
incidents as they were. Dates are computed from the ``today`` argument (never
the clock) and ids are ``uuid4`` values made from the same generators, so equal arguments
give equal output on any machine with the same Python minor version (``random``'s helpers such
as ``randint`` or ``sample`` may change between versions). Nothing iterates over a set, so
``PYTHONHASHSEED`` does not matter. Realism choices are documented next to the code that makes
them.
"""

import math
import random
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TypeVar

from antt_tui.domain import vocab
from antt_tui.domain.cccd import PROVINCE_CODES
from antt_tui.generate import vocabulary as v
from antt_tui.generate.details import IncidentDetails, VisitDetails
from antt_tui.generate.draw import Record, Table, gc_paused, new_uid
from antt_tui.generate.movement import Movement

T = TypeVar("T")

MAX_VILLAGES = min(len(names) for names in v.VILLAGE_NAMES.values())
"""The most villages a commune can have (the size of the smallest village-name list)."""

VISITS_PER_YEAR = 4.0
"""Average visits to a household per year while it lives in the commune."""

INCIDENTS_PER_YEAR = 0.1
"""Average incidents per household per year."""

_MERGER_DAY = date(2025, 7, 1)
"""Provinces merged and districts were abolished on this day (NQ 202/2025/QH15)."""

# Step tables: ``(upper bound, value)``, the first bound above x wins (see ``_step``).
_HEAD_MARRIED = ((25, 0.6), (35, 0.92), (60, 0.94), (70, 0.85), (math.inf, 0.6))
"""Chance that a male head of this age lives with his wife (halved for female heads)."""
_CHILDREN_BORN = (
    (1965, ((1, 5), (2, 20), (3, 30), (4, 25), (5, 20))),
    (1985, ((0, 3), (1, 7), (2, 40), (3, 32), (4, 18))),
    (math.inf, ((0, 3), (1, 12), (2, 48), (3, 29), (4, 8))),
)
"""Children a mother had, by her birth year: older generations had more."""
_DEATH = ((18, 0.0), (60, 0.003), (70, 0.05), (80, 0.15), (math.inf, 0.35))
"""Chance that a listed member (never the head) has died and is still on the roster."""
_MOVED = ((18, 0.0), (40, 0.02), (math.inf, 0.002))
"""Chance that a member of a resident household has moved away alone."""
_PHONE = ((18, 0.0), (60, 0.8), (75, 0.55), (math.inf, 0.2))
"""Chance that a living person of this age has a mobile number on record."""
_PARTIAL_BIRTH = ((1950, (0.35, 0.22)), (1965, (0.2, 0.2)), (1980, (0.08, 0.18)))
"""Chances that a birth year only / year and month only was recorded, by birth year; people
born after 1980 get (0.02, 0.12), people under 20 always a full date."""


@dataclass(frozen=True, slots=True)
class Commune:
    """A generated commune (xã): the commune record and lists of its other records."""

    commune: Record
    """The commune itself: id, province, name, legacy_district."""
    villages: list[Record]
    """Villages (thôn, xóm, bản, ấp) in code order."""
    households: list[Record]
    """Households (hộ gia đình), grouped by village, in code order."""
    persons: list[Record]
    """Household members (nhân khẩu), grouped by household, the head first."""
    visits: list[Record]
    """Household visits (kiểm tra, thăm hộ), in date order."""
    incidents: list[Record]
    """Incidents (vụ việc), in date order."""
    commitments: list[Record] = field(default_factory=list)
    """Yearly "Hộ an toàn" commitments (ký cam kết), by year."""
    documents: list[Record] = field(default_factory=list)
    """Yearly resolutions, plans and registrations (nghị quyết, kế hoạch, đăng ký), by date."""
    teams: list[Record] = field(default_factory=list)
    """Self-management teams and models (tổ tự quản, mô hình), by village."""
    team_activities: list[Record] = field(default_factory=list)
    """What the teams did (tuần tra, họp, hòa giải, tuyên truyền), in date order."""
    confirmations: list[Record] = field(default_factory=list)
    """Yes/no confirmations after each finished assessment window, in date order."""


def default_village_count(households: int) -> int:
    """Villages for a commune of this size: ``max(3, min(24, ceil(households / 900)))``.

    One village per 900 households gives the 12 villages of the 10,000-household benchmark
    commune (TECH-NOTES §1) and 3 for 300 households; small communes still get three villages
    so per-village views have something to compare, and no commune gets more than 24.
    """
    return max(3, min(24, math.ceil(households / 900)))


def summary(commune: Commune) -> dict[str, int]:
    """Count the records of a generated commune, for printing."""
    return {
        "villages": len(commune.villages),
        "households": len(commune.households),
        "persons": len(commune.persons),
        "visits": len(commune.visits),
        "incidents": len(commune.incidents),
        "commitments": len(commune.commitments),
        "documents": len(commune.documents),
        "teams": len(commune.teams),
        "team_activities": len(commune.team_activities),
        "confirmations": len(commune.confirmations),
    }


def make_commune(
    *, households: int, years: int, seed: int, today: date, villages: int | None = None,
    village_names: Sequence[str] = (),
) -> Commune:
    """Generate a commune with ``households`` households and ``years`` years of history.

    The history window is the ``years`` years ending on ``today`` (inclusive). About 4 visits
    per household per year and 0.1 incidents per household per year fall in it; households
    average about 4 members. ``villages`` defaults to ``default_village_count(households)``;
    ``village_names`` names them instead of drawn names (the demo commune has the README's
    "Thôn Đông Hạ", code DH).
    Raises ``ValueError`` on a non-positive size or more villages than there are names.

    Record keys: commune {id, province, name, legacy_district}; village {id, commune_id, code,
    name}; household {id, code, village_id, address, residence_status, head_id, notes};
    person {id, household_id, full_name, birth, sex, cccd, relation, ethnicity, religion,
    occupation, phone, status, notes}; visit {id, household_id, village_id, date, officer,
    checklist {h1…h6: {result, note}}, findings, advice, follow_up_on, note, result};
    incident {id, village_id, date, time, place, category, severity, deaths, injuries,
    damage, caused_by_resident, own_fault, status, handling, fine, note, household_ids,
    persons [{person_id, role}]}; commitment {id, household_id, village_id, year, signed_on,
    signer}; document {id, scope, village_id, year, kind, number, issued_on, issuer, note};
    team {id, scope, village_id, name, model, established_on, dissolved_on, leader, members,
    note}; team activity {id, team_id, village_id, date, kind, shifts, officer_turns,
    attendance, mediation_result, note}; confirmation {id, subject, scope, village_id, year,
    value, confirmed_by, confirmed_on, note}.
    """
    if isinstance(today, datetime):
        today = today.date()
    if households < 1 or years < 1:
        raise ValueError("households and years must be at least 1")
    count = default_village_count(households) if villages is None else villages
    if village_names:
        count = len(village_names)
    if not 1 <= count <= MAX_VILLAGES:
        raise ValueError(f"villages must be between 1 and {MAX_VILLAGES}")
    with gc_paused():
        return _Builder(seed, today, years).build(households, count, tuple(village_names))


# --- Helpers ------------------------------------------------------------------------------


def _step(x: float, steps: tuple[tuple[float, T], ...]) -> T:
    """The value of the first ``(bound, value)`` step with ``x < bound`` (else the last)."""
    for bound, value in steps:
        if x < bound:
            return value
    return steps[-1][1]


def _years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def village_code(name: str, taken: set[str]) -> str:
    """The village's code by the roster's rule (`domain.vocab.village_code`), noted as taken."""
    code = vocab.village_code(name, taken)
    taken.add(code)
    return code


class _Member:
    """A household member while the household is being built."""

    __slots__ = ("age", "male", "origin", "relation", "surname")

    def __init__(self, relation: str, male: bool, age: int, surname: str, origin: str) -> None:
        self.relation = relation
        self.male = male
        self.age = age
        self.surname = surname
        self.origin = origin  # "native", "spouse" (married in) or "other" (lodger)


# --- The builder --------------------------------------------------------------------------


class _Builder:
    """Holds the random generator, the tables and the running state of one generation."""

    def __init__(self, seed: int, today: date, years: int) -> None:
        self.rng = random.Random(seed)
        # The second generator: details and records added after the first version.
        self.aux = random.Random(f"antt-details-{seed}")
        self.visit_details = VisitDetails(self.aux)
        self.police_leader = ""
        self.today = today
        self.province: v.Province = Table([(p, p.weight) for p in v.PROVINCES]).pick(self.rng)
        self.region = v.REGIONS[self.province.region]
        self.ethnicities = Table(self.region.ethnicities)
        self.religions = Table(self.region.religions)
        self.national_ethnicities = Table(v.ETHNICITIES)
        self.national_religions = Table(v.RELIGIONS)
        bands = ((22, 29), (30, 39), (40, 49), (50, 59), (60, 69), (70, 88))
        self.head_band = Table(list(zip(bands, (7, 24, 28, 20, 13, 8), strict=True)))
        self.children_born = tuple((year, Table(t)) for year, t in _CHILDREN_BORN)
        self.start = _years_before(today, years) + timedelta(days=1)
        self.span = today.toordinal() - self.start.toordinal() + 1
        self.days = [(self.start + timedelta(days=i)).isoformat() for i in range(self.span)]
        self.cccds: set[str] = set()
        self._age_bounds: dict[int, tuple[int, int]] = {}
        self.given_male = list(v.GIVEN_MALE)
        self.given_female = list(v.GIVEN_FEMALE)
        self.mid = {
            (True, False): Table(v.MIDDLE_MALE_OLDER),
            (True, True): Table(v.MIDDLE_MALE_YOUNGER),
            (False, False): Table(v.MIDDLE_FEMALE_OLDER),
            (False, True): Table(v.MIDDLE_FEMALE_YOUNGER),
        }
        self.occupations = {k: Table(t) for k, t in v.OCCUPATIONS.items()}
        self.phone_prefix = Table(v.PHONE_PREFIXES)
        self.ranks = Table(v.OFFICER_RANKS)
        self.kinh_surnames = Table(v.SURNAMES)
        self.ethnic_surnames = {k: Table(t) for k, t in v.ETHNIC_SURNAMES.items()}
        self.ethnic_religions = {k: Table(t) for k, t in v.ETHNIC_RELIGIONS.items()}
        far = [(code, v.FAR_ORIGIN_WEIGHT.get(code, 1.0)) for code in PROVINCE_CODES]
        self.far_codes = Table(far)
        # Visits cluster in Q1 (commitments) and Oct-Nov (annual review), and on weekdays.
        month_w = (1.3, 0.8, 1.4, 1.0, 0.9, 0.9, 0.8, 0.9, 1.0, 1.2, 1.3, 1.0)
        weekday_w = (1.0, 1.0, 1.0, 1.0, 1.0, 0.7, 0.3)
        # Incidents rise around Tết and decline slowly over the years ("kéo giảm").
        incident_month_w = (1.3, 1.4, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.2)
        self.visit_cum: list[float] = []
        self.incident_cum: list[float] = []
        vt = it = 0.0
        for i in range(self.span):
            d = self.start + timedelta(days=i)
            vt += month_w[d.month - 1] * weekday_w[d.weekday()]
            it += incident_month_w[d.month - 1] * (1.15 - 0.15 * i / self.span)
            self.visit_cum.append(vt)
            self.incident_cum.append(it)

    # -- small draws ------------------------------------------------------------------------

    def uid(self) -> str:
        """A reproducible uuid4 string."""
        return new_uid(self.rng)

    def day_between(self, cum: list[float], lo: int, hi: int) -> str:
        """An ISO date with offset in [lo, hi] from the window start, weighted by ``cum``."""
        base = cum[lo - 1] if lo > 0 else 0.0
        i = bisect_right(cum, base + self.rng.random() * (cum[hi] - base))
        return self.days[min(max(i, lo), hi)]

    def surname(self, ethnicity: str) -> str:
        """A surname fitting the ethnicity and the region's spelling."""
        table = self.ethnic_surnames.get(ethnicity)
        if table is not None and self.rng.random() < 0.85:
            return table.pick(self.rng)
        name = self.kinh_surnames.pick(self.rng)
        if name in v.SOUTHERN_SPELLING and self.rng.random() < self.region.southern_spelling:
            return v.SOUTHERN_SPELLING[name]
        return name

    def person_name(self, surname: str, male: bool, birth_year: int) -> str:
        """Surname + middle + given name, with fashions depending on the birth year."""
        rng = self.rng
        middle = self.mid[(male, birth_year >= 1985)].pick(rng)
        if not male and middle == "Thị" and rng.random() < 0.12:
            middle += " " + rng.choice(v.SECOND_MIDDLE_FEMALE)
        pool = self.given_male if male else self.given_female
        recent = v.GIVEN_MALE_RECENT if male else v.GIVEN_FEMALE_RECENT
        while True:
            given = rng.choice(recent) if birth_year >= 2000 and rng.random() < 0.3 else rng.choice(pool)
            if given not in middle.split():
                return f"{surname} {middle} {given}"

    def birth_ordinal(self, age: int) -> int:
        """A birth date (as an ordinal) for someone exactly ``age`` years old today."""
        bounds = self._age_bounds.get(age)
        if bounds is None:
            hi = _years_before(self.today, age).toordinal()
            lo = _years_before(self.today, age + 1).toordinal() + 1
            bounds = self._age_bounds[age] = (lo, hi)
        return self.rng.randint(*bounds)

    def birth_text(self, born: date) -> str:
        """The birth date as recorded: full, or only "YYYY-MM" / "YYYY" for older people."""
        y = born.year
        if y > self.today.year - 20:
            return born.isoformat()
        year_only, month_only = _step(y, (*_PARTIAL_BIRTH, (math.inf, (0.02, 0.12))))
        r = self.rng.random()
        if r < year_only:
            return f"{y:04d}"
        if r < year_only + month_only:
            return f"{y:04d}-{born.month:02d}"
        return born.isoformat()

    def cccd(self, code: str, male: bool, year: int) -> str:
        """A CCCD number unique in the commune: PPP + G (sex, century) + YY + 6 digits."""
        g = 2 * ((year - 1900) // 100) + (0 if male else 1)
        prefix = f"{code}{g}{year % 100:02d}"
        while True:
            number = f"{prefix}{self.rng.randrange(1_000_000):06d}"
            if number not in self.cccds:
                self.cccds.add(number)
                return number

    def origin_code(self, origin: str, migrant_code: str | None) -> str:
        """The province code of someone's birth registration."""
        rng = self.rng
        if migrant_code is not None and rng.random() < 0.8:
            return migrant_code
        r = rng.random()
        native, near = (0.7, 0.92) if origin != "native" else (0.9, 0.97)
        if r < native:
            return self.province.code
        if r < near:
            return rng.choice(self.province.neighbours)
        return self.far_codes.pick(rng)

    def occupation(self, age: int, male: bool) -> str:
        """An occupation fitting the age and sex."""
        if age < 6:
            return ""
        if age < 15:
            return "Học sinh"
        if age < 18:
            stage = "teen"
        elif age < 23:
            stage = "young"
        elif age < 60:
            stage = "adult_male" if male else "adult_female"
        else:
            stage = "senior_male" if male else "senior_female"
        job = self.occupations[stage].pick(self.rng)
        if male and job in {"Nội trợ", "Thợ may"}:
            return "Tự do"
        return job

    def phone(self, age: int) -> str:
        """A mobile number for most adults, "" for children and some old people."""
        if self.rng.random() >= _step(age, _PHONE):
            return ""
        return f"{self.phone_prefix.pick(self.rng)}{self.rng.randrange(10_000_000):07d}"

    # -- households -------------------------------------------------------------------------

    def child_ages(self, mother: int, older: int, younger: int, born_year: int) -> list[int]:
        """Ages of the children a couple has had, oldest first.

        Every child is 19-39 whole years younger than both parents, so birth years differ by
        18 to 40. Older generations had more children.
        """
        rng = self.rng
        lo, hi = max(0, older - 39), younger - 19
        if hi < lo:
            return []
        n = _step(born_year, self.children_born).pick(rng)
        ages: list[int] = []
        age = min(mother - rng.randint(20, 29), hi)
        for _ in range(n):
            if age < lo or age < 0:
                break
            ages.append(age)
            age -= rng.randint(2, 5)
        return ages

    def household_members(self, status: str, eth: str) -> list[_Member]:
        """The members of one household: head, spouse, children, and sometimes in-laws,
        grandchildren, the head's parents, a sibling or a lodger. At most 9 people."""
        rng = self.rng
        migrant = status == vocab.TEMPORARY
        if migrant:
            head_age = rng.randint(20, 45)
        else:
            lo, hi = self.head_band.pick(rng)
            head_age = rng.randint(lo, hi)
        head_male = rng.random() < (0.65 if migrant else 0.76)
        head = _Member(vocab.HEAD, head_male, head_age, self.surname(eth), "native")
        members = [head]

        married = _step(head_age, _HEAD_MARRIED)
        if migrant:
            married *= 0.85
        spouse = None
        if rng.random() < married * (1.0 if head_male else 0.5):
            gap = round(rng.triangular(-3, 10, 3))
            age = max(18, head_age - gap if head_male else head_age + gap)
            spouse = _Member(
                "vo" if head_male else "chong", not head_male, age, self.surname(eth), "spouse"
            )
            members.append(spouse)

        if spouse is not None:
            father = head if head_male else spouse
            mother = spouse if head_male else head
            family_name = father.surname
            ages = self.child_ages(
                mother.age,
                max(head.age, spouse.age),
                min(head.age, spouse.age),
                self.today.year - mother.age,
            )
        else:
            has_kids = rng.random() < (0.75 if head_age >= 30 else 0.15)
            family_name = head.surname if head_male else self.surname(eth)
            ages = (
                self.child_ages(head_age, head_age, head_age, self.today.year - head_age)
                if has_kids
                else []
            )

        couple: list[_Member] = []  # one married child living with the parents, and spouse
        for age in ages:
            male = rng.random() < 0.512
            if age < 18:
                stays = rng.random() < 0.97
            elif age < 23:
                stays = rng.random() < 0.9
            else:
                stays = rng.random() < (
                    (0.8 if age < 30 else 0.6) if male else (0.4 if age < 30 else 0.12)
                )
            if not stays:
                continue  # grown up and living elsewhere
            child = _Member("con_de", male, age, family_name, "native")
            if age >= 24 and not couple and rng.random() < (0.5 if age < 28 else 0.9):
                if not male and rng.random() >= 0.15:
                    continue  # a married daughter usually lives with her husband's family
                gap = round(rng.triangular(-3, 8, 2))
                partner_age = max(18, age - gap if male else age + gap)
                relation = "con_dau" if male else "con_re"
                couple = [
                    child,
                    _Member(relation, not male, partner_age, self.surname(eth), "spouse"),
                ]
                members += couple
                continue
            if age >= 28 and couple:
                continue  # at most one married child stays; the others live apart
            members.append(child)
        if any(m.relation == "con_de" for m in members) and rng.random() < 0.015:
            next(m for m in members if m.relation == "con_de").relation = "con_nuoi"

        if couple:
            child, partner = couple
            mum, dad = (partner, child) if child.male else (child, partner)
            ages = self.child_ages(
                mum.age, max(mum.age, dad.age), min(mum.age, dad.age), self.today.year - mum.age
            )
            for age in ages:
                if age < 18 or rng.random() < 0.4:
                    members.append(
                        _Member("chau", rng.random() < 0.512, age, dad.surname, "native")
                    )
        elif head_age >= 50 and not migrant and rng.random() < 0.15:
            # Grandparents raising grandchildren whose parents work far away.
            for _ in range(rng.randint(1, 2)):
                age = rng.randint(2, min(15, head_age - 40))
                members.append(_Member("chau", rng.random() < 0.512, age, family_name, "native"))

        parents: list[int] = []
        if not migrant and head_age <= 62 and rng.random() < (0.24 if head_age < 45 else 0.16):
            mother_age = head_age + rng.randint(20, 34)
            if mother_age <= 95:
                members.append(_Member("me", False, mother_age, self.surname(eth), "spouse"))
                parents.append(mother_age)
            if rng.random() < 0.55:
                father_age = min(head_age + 39, mother_age + rng.randint(0, 6))
                if father_age <= 96:
                    members.append(_Member("bo", True, father_age, head.surname, "native"))
                    parents.append(father_age)
        if head_age < 45 and rng.random() < 0.05:
            # An unmarried sibling; "anh_ruot" is an older brother, "em_ruot" any younger one.
            older = rng.random() < 0.2
            age = head_age + rng.randint(2, 8) if older else head_age - rng.randint(2, 12)
            fits = all(19 <= p - age <= 39 for p in parents)
            if age >= 1 and fits:
                members.append(
                    _Member(
                        "anh_ruot" if older else "em_ruot",
                        older or rng.random() < 0.5,
                        age,
                        head.surname,
                        "native",
                    )
                )
        if rng.random() < (0.1 if migrant else 0.02):
            age = rng.randint(18, 35 if migrant else 65)
            members.append(_Member(vocab.OTHER_RELATION, rng.random() < 0.5, age, self.surname(eth), "other"))

        while len(members) > 9:
            extra = [m for m in members if m.relation in {vocab.OTHER_RELATION, "em_ruot", "anh_ruot"}]
            extra = extra or [m for m in members if m.relation == "con_de" and m.age >= 18]
            extra = extra or [m for m in members if m.relation == "chau"]
            members.remove(extra[-1])
        return members

    # -- the whole commune ------------------------------------------------------------------

    def build(self, n_households: int, n_villages: int,
              village_names: tuple[str, ...] = ()) -> Commune:
        """Generate every record, in a fixed order of random draws."""
        rng = self.rng
        province = self.province
        merged = self.today >= _MERGER_DAY
        commune = {
            "id": self.uid(),
            "province": province.name if merged else province.legacy_name,
            "name": rng.choice(v.COMMUNE_NAMES),
            "legacy_district": rng.choice(province.districts) if rng.random() < 0.85 else None,
        }

        names = rng.sample(v.VILLAGE_NAMES[self.region.villages], n_villages)
        names = list(village_names) or names  # drawn all the same: later draws do not move
        taken: set[str] = set()
        villages = [
            {
                "id": self.uid(),
                "commune_id": commune["id"],
                "code": village_code(name, taken),
                "name": name,
            }
            for name in names
        ]
        villages.sort(key=lambda r: r["code"])
        sizes = self._split(n_households, [rng.uniform(0.6, 1.4) for _ in villages])
        officers = self._officers(villages)

        households: list[Record] = []
        persons: list[Record] = []
        visits: list[Record] = []
        by_village: list[list[str]] = []
        for village, size, staff in zip(villages, sizes, officers, strict=True):
            ids = self._village_households(village, size, staff, households, persons, visits)
            by_village.append(ids)

        incidents = self._incidents(villages, by_village, n_households)
        visits.sort(key=lambda r: r["date"])
        incidents.sort(key=lambda r: r["date"])
        commitments = self._commitments(households, persons)

        IncidentDetails(self.aux, self.today, commune, households, persons).add(
            incidents, {vil["id"]: vil["name"] for vil in villages})
        movement = Movement(self.aux, today=self.today, start=self.start, commune=commune,
                            villages=villages, households=households, persons=persons,
                            police_leader=self.police_leader)
        documents = movement.documents()
        teams = movement.teams()
        activities = movement.activities(teams)
        confirmations = movement.confirmations()
        return Commune(commune, villages, households, persons, visits, incidents, commitments,
                       documents, teams, activities, confirmations)

    def _commitments(self, households: list[Record], persons: list[Record]) -> list[Record]:
        """Living households sign each year's commitment in Q1. Two villages in three (by
        their order and the year) get every household to sign (K1.3 met); in the others 1–6%
        of households (at least one) do not sign."""
        heads = {p["id"]: p["full_name"] for p in persons}
        village_ids = sorted({h["village_id"] for h in households})
        living = [h for h in households if h["residence_status"] in vocab.LIVING]
        out: list[Record] = []
        for year in range(self.start.year, self.today.year + 1):
            first, last = max(date(year, 1, 5), self.start), min(date(year, 3, 31), self.today)
            if first > last:
                continue
            skipped: set[str] = set()
            for n, vid in enumerate(village_ids):
                if (n + year) % 3:
                    continue
                ids = [h["id"] for h in living if h["village_id"] == vid]
                count = min(len(ids), max(1, round(len(ids) * self.rng.uniform(0.01, 0.06))))
                skipped.update(self.rng.sample(ids, count))
            for household in living:
                if household["id"] in skipped:
                    continue
                day = first + timedelta(days=self.rng.randrange((last - first).days + 1))
                out.append({"id": self.uid(), "household_id": household["id"],
                            "village_id": household["village_id"], "year": year,
                            "signed_on": day.isoformat(),
                            "signer": heads.get(household["head_id"], "")})
        return out

    def _split(self, total: int, weights: list[float]) -> list[int]:
        """Split ``total`` households over villages in proportion to ``weights``."""
        w = sum(weights)
        sizes = [int(total * x / w) for x in weights]
        order = sorted(
            range(len(weights)), key=lambda i: total * weights[i] / w - sizes[i], reverse=True
        )
        for i in order[: total - sum(sizes)]:
            sizes[i] += 1
        return sizes

    def _officers(self, villages: list[Record]) -> list[Table]:
        """Per village, who makes visits: the officer in charge, a commune police leader and
        the village head (a plain name)."""
        rng = self.rng

        def name(male: bool) -> str:
            year = self.today.year - rng.randint(25, 55)
            return self.person_name(self.surname("Kinh"), male, year)

        leader = self.police_leader = f"Thiếu tá {name(True)}"
        police = [
            f"{self.ranks.pick(rng)} {name(rng.random() < 0.85)}"
            for _ in range(max(2, (len(villages) + 1) // 2))
        ]
        return [
            Table([(rng.choice(police), 0.6), (leader, 0.08), (name(rng.random() < 0.8), 0.32)])
            for _ in villages
        ]

    def _village_households(
        self,
        village: Record,
        size: int,
        staff: Table,
        households: list[Record],
        persons: list[Record],
        visits: list[Record],
    ) -> list[str]:
        """Generate one village's households with their members and visits."""
        rng = self.rng
        prefix = village["name"].split()[0]
        unit = rng.choice(v.ADDRESS_UNITS.get(prefix, ("Tổ",)))
        units = rng.randint(3, 8)
        roads = rng.sample(v.ROADS, 2)
        house_no = {road: 0 for road in roads}
        ids: list[str] = []
        for n in range(1, size + 1):
            r = rng.random()
            status = (vocab.PERMANENT if r < 0.88 else vocab.TEMPORARY if r < 0.97
                      else vocab.MOVED_OUT)
            if rng.random() < 0.22:
                road = rng.choice(roads)
                house_no[road] += rng.randint(1, 4)
                address = f"Số {house_no[road]}, {road}, {village['name']}"
            else:
                address = f"{unit} {rng.randint(1, units)}, {village['name']}"
            # Active window of the household: tạm trú arrived, đã chuyển đi left.
            first, last, notes = 0, self.span - 1, ""
            if status == vocab.TEMPORARY:
                if rng.random() < 0.6:
                    first = rng.randrange(self.span)
                notes = f"Tạm trú từ tháng {self.days[first][5:7]}/{self.days[first][:4]}."
            elif status == vocab.MOVED_OUT:
                last = rng.randrange(self.span)
                notes = (
                    f"Cả hộ chuyển đi {rng.choice(v.MOVED_TO)} từ tháng "
                    f"{self.days[last][5:7]}/{self.days[last][:4]}."
                )
            elif rng.random() < 0.06:
                notes = rng.choice(v.HOUSEHOLD_NOTES)

            hh_id = self.uid()
            # Tạm trú households come from anywhere, so they follow the national shares.
            migrant = status == vocab.TEMPORARY
            eth = (self.national_ethnicities if migrant else self.ethnicities).pick(rng)
            religions = self.national_religions if migrant else self.religions
            religion = self.ethnic_religions.get(eth, religions).pick(rng)
            members = self.household_members(status, eth)
            migrant_code = None
            if status == vocab.TEMPORARY:
                migrant_code = (
                    rng.choice(self.province.neighbours)
                    if rng.random() < 0.5
                    else self.far_codes.pick(rng)
                )
            records = [self._person(m, hh_id, status, eth, religion, migrant_code) for m in members]
            persons += records
            households.append(
                {
                    "id": hh_id,
                    "code": f"{village['code']}-{n:04d}",
                    "village_id": village["id"],
                    "address": address,
                    "residence_status": status,
                    "head_id": records[0]["id"],
                    "notes": notes,
                }
            )
            ids.append(hh_id)

            # Tạm trú households are checked more often than the others.
            rate = VISITS_PER_YEAR * (1.5 if status == vocab.TEMPORARY else 1.0)
            mu = rate * (last - first + 1) / 365.25
            for _ in range(rng.randint(round(mu * 0.5), round(mu * 1.5))):
                ok = rng.random() < 0.92
                visit = {
                    "id": self.uid(),
                    "household_id": hh_id,
                    "village_id": village["id"],
                    "date": self.day_between(self.visit_cum, first, last),
                    "officer": staff.pick(rng),
                }
                # About 92% of visits find all six items "Đạt".
                problem = None if ok else rng.choice(v.VISIT_PROBLEMS)
                note = rng.choice(v.VISIT_NOTES) if ok else ""
                visit.update(self.visit_details.fields(problem, visit["date"], note))
                visit["note"] = visit["findings"]
                visits.append(visit)
        return ids

    def _person(
        self,
        m: _Member,
        hh_id: str,
        hh_status: str,
        eth: str,
        religion: str,
        migrant_code: str | None,
    ) -> Record:
        """Turn a member into a person record."""
        rng = self.rng
        born = date.fromordinal(self.birth_ordinal(m.age))
        if m.origin != "native" and rng.random() < 0.15:
            eth = self.ethnicities.pick(rng)  # married in from another group, or a lodger
        if m.origin != "native" and rng.random() < 0.1:
            religion = "Không"
        if hh_status == vocab.MOVED_OUT:
            status = vocab.MOVED_AWAY
        elif m.relation == vocab.HEAD:
            status = vocab.PRESENT
        else:
            r = rng.random()
            dead, moved = _step(m.age, _DEATH), _step(m.age, _MOVED)
            status = (vocab.DECEASED if r < dead else vocab.MOVED_AWAY if r < dead + moved
                      else vocab.PRESENT)
        occupation = self.occupation(m.age, m.male)
        notes = ""
        if status == vocab.PRESENT and rng.random() < 0.01:
            notes = rng.choice(v.PERSON_NOTES)
        return {
            "id": self.uid(),
            "household_id": hh_id,
            "full_name": self.person_name(m.surname, m.male, born.year),
            "birth": self.birth_text(born),
            "sex": "nam" if m.male else "nu",
            "cccd": (
                ""
                if m.age < 14
                else self.cccd(self.origin_code(m.origin, migrant_code), m.male, born.year)
            ),
            "relation": m.relation,
            "ethnicity": eth,
            "religion": religion,
            "occupation": occupation,
            "phone": "" if status == vocab.DECEASED else self.phone(m.age),
            "status": status,
            "notes": notes,
        }

    def _incidents(
        self, villages: list[Record], by_village: list[list[str]], n_households: int
    ) -> list[Record]:
        """About 0.1 incidents per household per year, more in some villages than others."""
        rng = self.rng
        expected = INCIDENTS_PER_YEAR * n_households * self.span / 365.25
        total = round(expected * rng.uniform(0.92, 1.08))
        risk = Table([(i, len(ids) * rng.uniform(0.5, 1.8)) for i, ids in enumerate(by_village)])
        categories = Table(v.INCIDENT_CATEGORIES)
        severities = {k: Table(t) for k, t in v.INCIDENT_SEVERITY.items()}
        incidents: list[Record] = []
        for _ in range(total):
            i = risk.pick(rng)
            category = categories.pick(rng)
            severity = severities.get(category)
            p0, p1, _p2 = v.INCIDENT_HOUSEHOLDS.get(category, (0.5, 0.4, 0.1))
            r = rng.random()
            linked = 0 if r < p0 else 1 if r < p0 + p1 else 2
            ids = by_village[i]
            incidents.append(
                {
                    "id": self.uid(),
                    "village_id": villages[i]["id"],
                    "date": self.day_between(self.incident_cum, 0, self.span - 1),
                    "category": category,
                    "severity": severity.pick(rng) if severity else "it_nghiem_trong",
                    "note": rng.choice(v.INCIDENT_NOTES[category]),
                    "household_ids": rng.sample(ids, min(linked, len(ids))),
                }
            )
        return incidents
