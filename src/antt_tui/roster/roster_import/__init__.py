"""Importing a village roster (danh sách hộ, nhân khẩu) from .xlsx, .xls or CSV files.

The steps, for the CLI and the TUI alike:

1. `read_roster(path or bytes, sheet=…, heading_row=…)` → `RosterFile`: the cells as the
   file holds them, the heading row (found, or named by the user; when it cannot be found
   the file opens all the same and `heading_missing` says why), what each column holds
   (`mapping`) and its encoding (`encodings`);
2. the user may correct the mapping and the encodings (`with_columns`, `with_encodings`,
   saved mappings: `save_columns`, `load_columns`, `apply_saved`), seeing each column with
   a first value as it reads (`column_views`);
3. `plan(roster, file, village=…, mapping=…, encodings=…)` → `RosterPlan`: households and
   people found, changes to stored records, rows with problems, suspected duplicates, a
   sample before → after; nothing written;
4. `commit(roster, plan, skip_errors=…, progress=…)` → `Imported`: one journal entry, or
   nothing;
5. `undo(roster, import_code, reason=…)` takes a whole import back; `imports(store)` lists
   them. `error_rows_xlsx(plan)` gives the rows to fix as an .xlsx file.
"""

from antt_tui.roster.roster_import.encodings import ENCODINGS, ColumnEncoding, encoding_named
from antt_tui.roster.roster_import.error_file import error_rows_xlsx
from antt_tui.roster.roster_import.fields import FIELDS, MappingError, field_named
from antt_tui.roster.roster_import.imports_log import ImportSummary, imports
from antt_tui.roster.roster_import.overrides import with_columns, with_encodings
from antt_tui.roster.roster_import.planned import (
    CHANGED,
    NEW,
    NOT_USED,
    REFUSED,
    SAME,
    ColumnView,
    Duplicate,
    PlannedHousehold,
    PlannedPerson,
    Problem,
    RosterPlan,
    SampleRow,
    column_views,
)
from antt_tui.roster.roster_import.planning import plan
from antt_tui.roster.roster_import.reading import NO_HEADING_ROW, Column, RosterFile, read_roster
from antt_tui.roster.roster_import.saved_columns import (
    SavedColumns,
    apply_saved,
    load_columns,
    save_columns,
    saved_names,
)
from antt_tui.roster.roster_import.saving import Imported, ImportRefused, commit
from antt_tui.roster.roster_import.undoing import Undone, find_import, undo
from antt_tui.roster.spreadsheet import SheetUnreadable

__all__ = [
    "CHANGED", "ENCODINGS", "FIELDS", "NEW", "NOT_USED", "NO_HEADING_ROW", "REFUSED", "SAME",
    "Column", "ColumnEncoding", "ColumnView", "Duplicate", "ImportRefused", "ImportSummary",
    "Imported", "MappingError", "PlannedHousehold", "PlannedPerson", "Problem", "RosterFile",
    "RosterPlan", "SampleRow", "SavedColumns", "SheetUnreadable", "Undone", "apply_saved",
    "column_views", "commit", "encoding_named", "error_rows_xlsx", "field_named",
    "find_import", "imports", "load_columns", "plan", "read_roster", "save_columns",
    "saved_names", "undo", "with_columns", "with_encodings",
]
