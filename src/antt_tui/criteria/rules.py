"""Criteria rule sets as data: `forms/criteria/*.toml` (format in forms/criteria/README.md).

A rule set is versioned by its `id` and the years it applies to (`from_year`, `to_year`), so a
province adds its own criteria or changes a threshold by editing or adding a file. A criterion
or a threshold that is the province's own choice rather than the text's is marked `local`, and
the evidence says so. Every mistake in a file is a `RuleError` naming the file and line, in
Vietnamese.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from antt_tui.criteria.taxonomy import SEVERITIES
from antt_tui.criteria.windows import UNITS
from antt_tui.paths import folder_stamp, forms_dir

KINDS = ("document", "ratio", "zero_incidents", "reduction", "count", "manual", "household")
"""What a criterion measures (see forms/criteria/README.md)."""
MEASURES = {"ratio": ("commitments", "safe_households"), "count": ("active_teams", "activities")}
DOCUMENT_KINDS = ("nghi_quyet", "dang_ky", "ke_hoach")
CHECKLIST_ITEMS = ("h1", "h2", "h3", "h4", "h5", "h6")
ROLES = ("doi_tuong", "bi_hai", "nhan_chung")
LOCAL_KEYS = ("by", "threshold", "min", "min_activities", "min_reduction")
"""The thresholds a rule file may mark as the province's own choice (`local = [...]`)."""

_MATCH_KEYS = {"feeds", "groups", "categories", "min_severity", "min_deaths",
               "caused_by_resident", "own_fault", "roles"}
_TOP_KEYS = {"id", "name", "unit", "window", "from_year", "to_year", "criteria", "groups"}
_CRITERION_KEYS = {"id", "group", "text", "kind", "document", "by", "measure", "threshold",
                   "match", "min_reduction", "allow_override", "min", "min_activities",
                   "confirmation", "commitment", "visit_item", "activity_kinds", "local"}
_MONTH_DAY = re.compile(r"(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])")
_CRITERIA_HEADER = re.compile(r"\s*\[\[\s*criteria\s*\]\]")
_GROUPS_HEADER = re.compile(r"\s*\[\[\s*groups\s*\]\]")
_ANY_HEADER = re.compile(r"\s*\[\[?\s*[A-Za-z_]")
_ID_LINE = re.compile(r"\s*id\s*=")


class RuleError(Exception):
    """A rule set file is broken; the message names the file and the line."""


@dataclass(frozen=True, slots=True)
class Match:
    """Which incidents a criterion counts; every key given must hold (absent keys: any).

    `feeds` matches a category whose `feeds` has an entry starting with it ("K3" matches
    K3a…K3g); `roles` (household criteria) asks for a member of the household in that role.
    """

    feeds: str = ""
    groups: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    min_severity: str = ""
    min_deaths: int = 0
    caused_by_resident: bool | None = None
    own_fault: bool | None = None
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Criterion:
    """One criterion of a rule set."""

    id: str
    group: str
    text: str
    kind: str
    document: str = ""
    by: str = ""
    """"MM-DD" deadline in the assessment year (documents, ratios); "" = the window's end."""
    measure: str = ""
    threshold: float = 100.0
    match: tuple[Match, ...] = ()
    min_reduction: float = 0.0
    allow_override: bool = False
    """An officer may settle a failure by a confirmation: the "bất khả kháng" cases."""
    min: int = 1
    min_activities: int = 1
    activity_kinds: tuple[str, ...] = ()
    confirmation: str = ""
    commitment: bool = False
    visit_item: str = ""
    local_rule: bool = False
    """The whole criterion is the province's own addition, not in the text (`local = true`)."""
    local_keys: tuple[str, ...] = ()
    """Thresholds that are the province's own choice, not the text's (`local = ["min"]`)."""

    @property
    def confirmable(self) -> bool:
        """Whether an officer's confirmation of the criterion's id can decide it: a
        "bất khả kháng" override, or a reduction whose previous year is not in the records."""
        return self.allow_override or self.kind == "reduction"


@dataclass(frozen=True, slots=True)
class Group:
    """A group of criteria as the evaluation form lists it (K1 … K5, X1, 19.2a …)."""

    id: str
    text: str


@dataclass(frozen=True, slots=True)
class RuleSet:
    """A named, versioned list of criteria for one unit (thon, xa or ho)."""

    id: str
    name: str
    unit: str
    window: str
    from_year: int
    to_year: int | None
    criteria: tuple[Criterion, ...]
    path: Path = field(compare=False, default=Path())
    groups: tuple[Group, ...] = ()
    """The titles of the groups, where the file gives them ([[groups]])."""

    def group_text(self, group: str) -> str:
        """The title of a group: its [[groups]] text, else the text of its only criterion."""
        for g in self.groups:
            if g.id == group:
                return g.text
        members = [c for c in self.criteria if c.group == group]
        return members[0].text if len(members) == 1 else ""

    def applies_to(self, year: int) -> bool:
        """True when this rule set is in force for assessment `year`."""
        return self.from_year <= year and (self.to_year is None or year <= self.to_year)


@dataclass(frozen=True, slots=True)
class Confirmation:
    """Something confirmed by hand, with the units where it is confirmed."""

    id: str
    label: str
    units: tuple[str, ...]


def _nfc(value: Any) -> Any:
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


class _File:
    """Reading one TOML file with errors that name its lines."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.text = path.read_text(encoding="utf-8-sig")
            self.data = tomllib.loads(self.text)
            self.lines = self.text.split("\n")
        except (OSError, UnicodeDecodeError) as exc:
            raise RuleError(f"{path.name}: không đọc được tệp ({exc}).") from exc
        except tomllib.TOMLDecodeError as exc:
            raise RuleError(f"{path.name}: sai cú pháp TOML ({exc}).") from exc

    def error(self, reason: str, line: int = 0) -> RuleError:
        return RuleError(f"{self.path.name}:{line}: {reason}" if line else
                         f"{self.path.name}: {reason}")

    def key_line(self, key: str) -> int:
        """The line of the top-level `key = …` (0 when absent)."""
        pattern = re.compile(rf"\s*{re.escape(key)}\s*=")
        for number, text in enumerate(self.lines, 1):
            if _ANY_HEADER.match(text):
                break
            if pattern.match(text):
                return number
        return 0

    def criterion_line(self, index: int) -> int:
        """The line of the `index`-th [[criteria]] table: its `id = …`, else its header.

        Found by position, not by searching for the id's text, so a repeated id points at
        the repetition and an id equal to another criterion's `group` is not confused.
        """
        return self._table_line(_CRITERIA_HEADER, index)

    def group_line(self, index: int) -> int:
        """The line of the `index`-th [[groups]] table (its `id = …`, else its header)."""
        return self._table_line(_GROUPS_HEADER, index)

    def _table_line(self, header: re.Pattern[str], index: int) -> int:
        headers = [n for n, text in enumerate(self.lines, 1) if header.match(text)]
        if index >= len(headers):
            return 0
        start = headers[index]
        # The table ends at the next table header of any kind (groups and criteria mix).
        end = next((n for n in range(start + 1, len(self.lines) + 1)
                    if _ANY_HEADER.match(self.lines[n - 1])), len(self.lines) + 1)
        return next((n for n in range(start + 1, end) if _ID_LINE.match(self.lines[n - 1])),
                    start)


def _real_day(month_day: str) -> bool:
    """True for a "MM-DD" that exists in every year (so not "02-29" or "04-31")."""
    if not _MONTH_DAY.fullmatch(month_day):
        return False
    try:
        date(2001, int(month_day[:2]), int(month_day[3:]))
    except ValueError:
        return False
    return True


def _match(file: _File, raw: Any, where: int) -> Match:
    if not isinstance(raw, dict):
        raise file.error("mỗi mục của match phải là một bảng { … }.", where)
    unknown = set(raw) - _MATCH_KEYS
    if unknown:
        raise file.error(f"match có khóa không biết: {', '.join(sorted(unknown))}.", where)
    severity = raw.get("min_severity", "")
    if severity and severity not in SEVERITIES:
        raise file.error(f"min_severity “{severity}” không có (chọn: {', '.join(SEVERITIES)}).",
                         where)
    roles = tuple(raw.get("roles", ()))
    if any(role not in ROLES for role in roles):
        raise file.error(f"roles chỉ gồm: {', '.join(ROLES)}.", where)
    return Match(
        feeds=_nfc(raw.get("feeds", "")), groups=tuple(raw.get("groups", ())),
        categories=tuple(_nfc(c) for c in raw.get("categories", ())), min_severity=severity,
        min_deaths=int(raw.get("min_deaths", 0)),
        caused_by_resident=raw.get("caused_by_resident"), own_fault=raw.get("own_fault"),
        roles=roles)


def _criterion(file: _File, raw: Any, unit: str, index: int) -> Criterion:
    near = file.criterion_line(index)
    if not isinstance(raw, dict) or "id" not in raw:
        raise file.error("mỗi [[criteria]] cần có id.", near)
    cid = _nfc(str(raw["id"]))
    unknown = set(raw) - _CRITERION_KEYS
    if unknown:
        raise file.error(f"tiêu chí {cid}: khóa không biết: {', '.join(sorted(unknown))}.", near)
    for key in ("text", "kind"):
        if not raw.get(key):
            raise file.error(f"tiêu chí {cid}: thiếu {key}.", near)
    kind = raw["kind"]
    if kind not in KINDS:
        raise file.error(f"tiêu chí {cid}: kind “{kind}” không có (chọn: {', '.join(KINDS)}).",
                         near)
    if kind == "household" and unit != "ho":
        raise file.error(f"tiêu chí {cid}: kind “household” chỉ dùng cho bộ tiêu chí hộ "
                         "(unit = \"ho\").", near)
    if unit == "ho" and kind != "household":
        raise file.error(f"tiêu chí {cid}: bộ tiêu chí hộ chỉ dùng kind “household”.", near)
    by = raw.get("by", "")
    if by and not (isinstance(by, str) and _real_day(by)):
        raise file.error(f"tiêu chí {cid}: by ghi dạng tháng-ngày có trong mọi năm, ví dụ "
                         "\"03-31\".", near)
    document = raw.get("document", "")
    if kind == "document" and document not in DOCUMENT_KINDS:
        raise file.error(f"tiêu chí {cid}: document chọn một trong {', '.join(DOCUMENT_KINDS)}.",
                         near)
    measure = raw.get("measure", "")
    if kind in MEASURES and measure not in MEASURES[kind]:
        raise file.error(f"tiêu chí {cid}: measure chọn một trong "
                         f"{', '.join(MEASURES[kind])}.", near)
    matches = tuple(_match(file, m, near) for m in raw.get("match", ()))
    if kind in ("zero_incidents", "reduction") and not matches:
        raise file.error(f"tiêu chí {cid}: cần match (loại vụ việc được tính).", near)
    if kind == "manual" and not raw.get("confirmation"):
        raise file.error(f"tiêu chí {cid}: cần confirmation (việc cần xác nhận).", near)
    item = raw.get("visit_item", "")
    if item and item not in CHECKLIST_ITEMS:
        raise file.error(f"tiêu chí {cid}: visit_item chọn một trong h1…h6.", near)
    local = raw.get("local", False)
    local_keys: tuple[str, ...] = ()
    if isinstance(local, list):
        local_keys = tuple(local)
        wrong = [k for k in local_keys if k not in LOCAL_KEYS or k not in raw]
        if wrong or not local_keys:
            raise file.error(f"tiêu chí {cid}: local là true, hoặc danh sách các mức do tỉnh đặt "
                             f"có trong tiêu chí này ({', '.join(LOCAL_KEYS)}).", near)
    elif not isinstance(local, bool):
        raise file.error(f"tiêu chí {cid}: local là true, hoặc danh sách các mức do tỉnh đặt.",
                         near)
    try:
        return Criterion(
            id=cid, group=_nfc(str(raw.get("group", cid))), text=_nfc(raw["text"]), kind=kind,
            document=document, by=by, measure=measure,
            threshold=float(raw.get("threshold", 100)), match=matches,
            min_reduction=float(raw.get("min_reduction", 0)),
            allow_override=bool(raw.get("allow_override", False)), min=int(raw.get("min", 1)),
            min_activities=int(raw.get("min_activities", 1)),
            activity_kinds=tuple(raw.get("activity_kinds", ())),
            confirmation=raw.get("confirmation", ""), commitment=bool(raw.get("commitment")),
            visit_item=item, local_rule=local is True, local_keys=local_keys)
    except (TypeError, ValueError) as exc:
        raise file.error(f"tiêu chí {cid}: giá trị không hợp lệ ({exc}).", near) from exc


def load_rule_set(path: Path) -> RuleSet:
    """Read and check one rule set file."""
    file = _File(path)
    data = file.data
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise file.error(f"khóa không biết: {', '.join(sorted(unknown))}.")
    for key in ("id", "name", "unit", "from_year"):
        if key not in data:
            raise file.error(f"thiếu {key}.")
    unit = data["unit"]
    if unit not in ("ho", "thon", "xa"):
        raise file.error("unit chọn một trong ho, thon, xa.", file.key_line("unit"))
    window = data.get("window", unit)
    if window not in UNITS:
        raise file.error(f"window chọn một trong {', '.join(UNITS)}.", file.key_line("window"))
    criteria = tuple(_criterion(file, raw, unit, n)
                     for n, raw in enumerate(data.get("criteria", ())))
    if not criteria:
        raise file.error("chưa có tiêu chí nào ([[criteria]]).")
    seen: set[str] = set()
    for n, criterion in enumerate(criteria):
        if criterion.id in seen:
            raise file.error(f"mã tiêu chí {criterion.id} bị lặp.", file.criterion_line(n))
        seen.add(criterion.id)
    return RuleSet(id=data["id"], name=_nfc(data["name"]), unit=unit, window=window,
                   from_year=int(data["from_year"]),
                   to_year=int(data["to_year"]) if data.get("to_year") else None,
                   criteria=criteria, path=path, groups=_groups(file, criteria))


def _groups(file: _File, criteria: tuple[Criterion, ...]) -> tuple[Group, ...]:
    """The [[groups]] titles; each names a group some criterion belongs to."""
    used = {c.group for c in criteria}
    out: list[Group] = []
    for n, raw in enumerate(file.data.get("groups", ())):
        line = file.group_line(n)
        if not isinstance(raw, dict) or not raw.get("id") or not raw.get("text"):
            raise file.error("mỗi [[groups]] cần có id và text.", line)
        unknown = set(raw) - {"id", "text"}
        if unknown:
            raise file.error(f"nhóm {raw['id']}: khóa không biết: {', '.join(sorted(unknown))}.",
                             line)
        gid = _nfc(str(raw["id"]))
        if gid not in used:
            raise file.error(f"nhóm {gid}: không có tiêu chí nào thuộc nhóm này.", line)
        if any(g.id == gid for g in out):
            raise file.error(f"nhóm {gid} bị lặp.", line)
        out.append(Group(gid, _nfc(raw["text"])))
    return tuple(out)


def check_references(rule_set: RuleSet, taxonomy: Any,
                     confirmations: dict[str, Confirmation]) -> None:
    """Refuse a rule set naming an incident category, group, `feeds` entry or confirmation
    that does not exist: a typo would otherwise make a criterion silently always pass."""
    file = _File(rule_set.path)
    feeds = {f for c in taxonomy.categories.values() for f in c.feeds}
    for n, c in enumerate(rule_set.criteria):
        line = file.criterion_line(n)
        for m in c.match:
            unknown = [x for x in m.categories if x not in taxonomy.categories]
            unknown += [x for x in m.groups if x not in taxonomy.groups]
            if m.feeds and not any(f.startswith(m.feeds) for f in feeds):
                unknown.append(f"feeds = {m.feeds}")
            if unknown:
                raise file.error(f"tiêu chí {c.id}: không có trong danh mục vụ việc: "
                                 f"{', '.join(unknown)}.", line)
        if c.confirmation and c.confirmation not in confirmations:
            raise file.error(f"tiêu chí {c.id}: confirmation “{c.confirmation}” không có trong "
                             "confirmations.toml.", line)


_CACHE: dict[tuple[str, Any], Any] = {}


def load_rule_sets(folder: Path | None = None) -> dict[str, RuleSet]:
    """Every rule set in `forms/criteria/` (except confirmations.toml), by id; read again
    only when a file changed."""
    folder = folder or forms_dir() / "criteria"
    key = ("sets", folder_stamp(folder, folder.parent / "taxonomy"))
    if key not in _CACHE:
        if len(_CACHE) > 16:
            _CACHE.clear()
        _CACHE[key] = _load_rule_sets(folder)
    return _CACHE[key]


def _load_rule_sets(folder: Path) -> dict[str, RuleSet]:
    from antt_tui.criteria.taxonomy import TaxonomyError, load_taxonomy

    sets: dict[str, RuleSet] = {}
    try:
        taxonomy = load_taxonomy(folder.parent / "taxonomy" / "incidents.toml")
    except TaxonomyError:
        taxonomy = None  # a folder of rule sets alone (tests): nothing to check against
    confirmations = (load_confirmations(folder)
                     if (folder / "confirmations.toml").exists() else {})
    for path in sorted(folder.glob("*.toml")):
        if path.name == "confirmations.toml":
            continue
        rule_set = load_rule_set(path)
        if taxonomy is not None:
            check_references(rule_set, taxonomy, confirmations)
        if rule_set.id in sets:
            raise RuleError(f"{path.name}: id “{rule_set.id}” trùng với "
                            f"{sets[rule_set.id].path.name}.")
        sets[rule_set.id] = rule_set
    return sets


def rule_sets_for(unit: str, year: int, sets: dict[str, RuleSet] | None = None) -> list[RuleSet]:
    """The rule sets in force for `unit` ("ho", "thon", "xa") in assessment `year`."""
    sets = load_rule_sets() if sets is None else sets
    return [s for s in sets.values() if s.unit == unit and s.applies_to(year)]


def load_confirmations(folder: Path | None = None) -> dict[str, Confirmation]:
    """What can be confirmed by hand (`forms/criteria/confirmations.toml`), by id."""
    folder = folder or forms_dir() / "criteria"
    key = ("confirmations", folder_stamp(folder))
    if key not in _CACHE:
        _CACHE[key] = _load_confirmations(folder / "confirmations.toml")
    return _CACHE[key]


def _load_confirmations(path: Path) -> dict[str, Confirmation]:
    file = _File(path)
    out: dict[str, Confirmation] = {}
    for raw in file.data.get("confirmations", ()):
        try:
            item = Confirmation(raw["id"], _nfc(raw["label"]), tuple(raw.get("units", ("thon", "xa"))))
        except (KeyError, TypeError) as exc:
            raise file.error(f"mục xác nhận thiếu {exc}.") from exc
        out[item.id] = item
    return out
