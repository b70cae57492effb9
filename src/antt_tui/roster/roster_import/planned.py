"""What a roster plan holds: the file's households and people and what would happen to
each (`NEW`, `CHANGED`, `SAME`, `REFUSED`), the problems, the suspected duplicates, a sample
before → after, and the views the preview shows (`RosterPlan`). `planning.plan` makes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from antt_tui.roster.roster_import import grouping
from antt_tui.roster.roster_import.encodings import ColumnEncoding, raw_as_seen
from antt_tui.roster.roster_import.fields import FIELDS, IGNORED
from antt_tui.roster.roster_import.matching import Change
from antt_tui.roster.roster_import.reading import RosterFile, cell_text
from antt_tui.roster.roster_import.rows import ParsedRow, converted, final_encodings

__all__ = ["CHANGED", "NEW", "NOT_USED", "REFUSED", "SAME", "ColumnView", "Duplicate",
           "PlannedHousehold", "PlannedPerson", "Problem", "RosterPlan", "SampleCell",
           "SampleRow", "column_views"]

NEW, CHANGED, SAME, REFUSED = "new", "changed", "same", "refused"
"""What happens to a household or a person: added; found, with changes; found, nothing to
change; not imported (an error on its row, or on its household)."""


@dataclass(frozen=True, slots=True)
class PlannedPerson:
    """A person of the file and what would happen to them."""

    row: int
    name: str
    status: str
    fields: Mapping[str, Any]
    """What the roster stores for a new person; what the file gives, for a stored one."""
    existing_id: str = ""
    changes: tuple[Change, ...] = ()
    is_head: bool = False


@dataclass(frozen=True, slots=True)
class PlannedHousehold:
    """A household of the file and what would happen to it."""

    key: str
    """What ties its rows in the file (household number, head's name)."""
    rows: tuple[int, ...]
    village_id: str
    village_name: str
    status: str
    head: PlannedPerson | None
    members: tuple[PlannedPerson, ...]
    fields: Mapping[str, Any] = field(default_factory=dict)
    """address, residence_status, legacy_book_no: what a new household gets."""
    existing_id: str = ""
    existing_code: str = ""
    changes: tuple[Change, ...] = ()
    """Changes to the household record itself."""
    how: str = ""
    """How the stored household was found ("theo mã hộ")."""
    missing: tuple[str, ...] = ()
    """Names of stored members the file does not list (never removed by an import)."""
    number: str = ""
    """The household number the file gives ("DH-0008"): a new household keeps it as its
    code when it is a free code of the village (`saving.household_codes`)."""

    @property
    def people(self) -> list[PlannedPerson]:
        """The head, then the members."""
        return [p for p in (self.head, *self.members) if p is not None]

    @property
    def all_changes(self) -> list[Change]:
        """The household's changes and its stored people's."""
        return [*self.changes, *(c for p in self.people for c in p.changes)]


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong (an error) or doubtful (a warning) on one row."""

    row: int
    message: str
    error: bool


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A person to be added who looks like someone already stored in the village."""

    row: int
    name: str
    existing_id: str
    existing_name: str
    household_code: str
    reason: str


@dataclass(frozen=True, slots=True)
class SampleCell:
    """One cell of the sample: as the file holds it, and as it would be stored."""

    heading: str
    before: str
    """The raw text, as the file holds it (legacy characters and all)."""
    after: str

    @property
    def before_seen(self) -> str:
        """The raw text as an officer sees it in the file opened without its old font (the
        soft hyphen of TCVN3's "ư" drawn as "-", not hidden)."""
        return raw_as_seen(self.before)


@dataclass(frozen=True, slots=True)
class SampleRow:
    """One row of the sample."""

    row: int
    cells: tuple[SampleCell, ...]


NOT_USED = "(không dùng)"
"""What a column read as nothing is said to be read as."""


@dataclass(frozen=True, slots=True)
class ColumnView:
    """A column as the preview lists it."""

    index: int
    letter: str
    heading: str
    field: str
    """The field id, or "" when the column is not used."""
    encoding: str
    """The encoding's label ("TCVN3 (ABC), theo phông chữ"), "" for a column without text."""
    example: str = ""
    """The column's first value below the headings, its text read in the column's encoding
    (as it would be stored, before the field's own reading: "24/07/1988", "Nguyễn Văn An")."""

    @property
    def field_label(self) -> str:
        """What the column is read as, in Vietnamese."""
        return FIELDS.get(self.field, NOT_USED)

    @property
    def name(self) -> str:
        """"B “Họ và tên”", or the letter alone for a column without a heading."""
        return f"{self.letter} “{self.heading}”" if self.heading else self.letter


def column_views(file: RosterFile, mapping: Mapping[int, str] | None = None,
                 encodings: Mapping[int, str] | None = None) -> list[ColumnView]:
    """Every column of `file`: its heading, what it is read as (`mapping`, column → field;
    by default as detected), its encoding (the detected ones with `encodings`, column →
    encoding chosen, over them) and its first value so read. For the preview's list of
    columns, before a plan can be made (no column of names yet) as well as after."""
    used = file.mapping if mapping is None else mapping
    final = final_encodings(file, encodings)
    return [ColumnView(c.index, c.letter, c.heading, used.get(c.index, IGNORED),
                       final[c.index].label if c.index in final else "",
                       _example(file, c.index, final))
            for c in file.columns]


def _example(file: RosterFile, col: int, encodings: Mapping[int, ColumnEncoding]) -> str:
    for row in file.rows:
        text = cell_text(converted(row, col, encodings))
        if text:
            return " ".join(text.split())
    return ""


@dataclass(frozen=True)
class RosterPlan:
    """What importing a roster would do. Nothing has been written."""

    file: RosterFile
    village: str
    """The village the user chose ("" when the file and the database tell)."""
    mapping: dict[int, str]
    encodings: dict[int, ColumnEncoding]
    encoding_choices: dict[int, str]
    """The encodings the user chose (the rest are the detected ones)."""
    today: date
    layout: str
    households: tuple[PlannedHousehold, ...]
    problems: tuple[Problem, ...]
    duplicates: tuple[Duplicate, ...]
    sample: tuple[SampleRow, ...]
    notes: tuple[str, ...]
    skipped: tuple[int, ...]
    """Rows that are not people (group titles, totals, signatures)."""
    basis: tuple[tuple[str, int], ...]
    """How far the journal was when planned: a commit after further saves plans again."""
    parsed: tuple[ParsedRow, ...] = field(default=(), repr=False, compare=False)

    # ----------------------------------------------------------------- views

    @property
    def columns(self) -> list[ColumnView]:
        """Every column with what it is read as, its encoding and a first value."""
        return column_views(self.file, self.mapping, self.encoding_choices)

    @property
    def layout_label(self) -> str:
        """How the rows were grouped into households, in Vietnamese."""
        return grouping.LAYOUTS[self.layout]

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop a row from being imported."""
        return [p for p in self.problems if p.error]

    @property
    def warnings(self) -> list[Problem]:
        """The doubts; the rows are imported all the same."""
        return [p for p in self.problems if not p.error]

    @property
    def error_rows(self) -> list[int]:
        """Rows with an error, in order."""
        return sorted({p.row for p in self.problems if p.error})

    @property
    def ok(self) -> bool:
        """No row has an error: the whole file can be imported."""
        return not any(p.error for p in self.problems)

    def count(self, status: str) -> int:
        """Households with `status`."""
        return sum(h.status == status for h in self.households)

    def people(self, status: str) -> int:
        """People with `status`, in households that are imported."""
        return sum(p.status == status for h in self.households if h.status != REFUSED
                   for p in h.people)

    @property
    def changes(self) -> list[Change]:
        """Every change to a stored record, in file order."""
        return [c for h in self.households if h.status != REFUSED for c in h.all_changes]

    @property
    def has_work(self) -> bool:
        """Importing would write something: a household or a person to add, or a stored one
        to change (in a household that is not refused)."""
        return any(h.status in (NEW, CHANGED)
                   or (h.status != REFUSED and any(p.status in (NEW, CHANGED) for p in h.people))
                   for h in self.households)

    @property
    def rows_to_fix(self) -> bool:
        """Some rows will not be imported: an error, or a household refused."""
        return not self.ok or any(h.status == REFUSED for h in self.households)

    @property
    def needs_village(self) -> bool:
        """Some households belong to no village that the file or the user named: the user
        is to choose the village that receives the file."""
        return any(h.status == REFUSED and not h.village_id for h in self.households)

    @property
    def nothing_to_do(self) -> bool:
        """Everything in the file is stored already, as the file says it (no row has an
        error: a refused row is something to fix, not nothing to do)."""
        return self.ok and all(h.status == SAME for h in self.households)

    def to_json(self) -> dict[str, Any]:
        """The plan for `--json` and scripts."""
        return {
            "nguon": self.file.name, "dong_tieu_de": self.file.heading_row,
            "bo_cuc": self.layout_label,
            "cot": [{"cot": c.letter, "tieu_de": c.heading, "truong": c.field,
                     "ma_hoa": c.encoding, "vi_du": c.example} for c in self.columns],
            "ho_moi": self.count(NEW), "ho_co_thay_doi": self.count(CHANGED),
            "ho_khong_doi": self.count(SAME), "ho_bi_loai": self.count(REFUSED),
            "nhan_khau_moi": self.people(NEW), "nhan_khau_sua": self.people(CHANGED),
            "nhan_khau_khong_doi": self.people(SAME),
            "dong_loi": [{"dong": row, "ly_do": [p.message for p in self.errors if p.row == row]}
                         for row in self.error_rows],
            "canh_bao": [{"dong": p.row, "noi_dung": p.message} for p in self.warnings],
            "nghi_trung": [{"dong": d.row, "ho_ten": d.name, "nguoi_da_co": d.existing_name,
                            "ho": d.household_code, "ly_do": d.reason} for d in self.duplicates],
            "thay_doi": [c.text for c in self.changes],
            "mau": [{"dong": s.row, "o": [{"cot": c.heading, "truoc": c.before, "sau": c.after}
                                          for c in s.cells]} for s in self.sample],
            "ghi_chu": list(self.notes),
            "dong_bo_qua": list(self.skipped),
        }
