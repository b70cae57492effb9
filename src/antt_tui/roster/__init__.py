"""The household roster: life events, lookups, search and change history over the store.

The front ends receive typed, read-only records: `entities` (the commune, villages,
households, persons, and the programme's documents, teams, activities and confirmations as
saved) and `records` (what the screens and the CLI show: cards, rows, visits, incidents,
commitments, with their labels). The stored dicts stay inside the roster and the store."""

from antt_tui.roster.entities import (
    CommuneRecord,
    ConfirmationRecord,
    DocumentRecord,
    HouseholdRecord,
    PersonRecord,
    TeamActivityRecord,
    TeamRecord,
    VillageRecord,
)
from antt_tui.roster.history import HistoryLine, household_history
from antt_tui.roster.index import RosterIndex
from antt_tui.roster.records import HouseholdCard, PersonRow, SearchRow
from antt_tui.roster.search import Hit, SearchIndex
from antt_tui.roster.service import Roster

__all__ = ["CommuneRecord", "ConfirmationRecord", "DocumentRecord", "HistoryLine", "Hit",
           "HouseholdCard", "HouseholdRecord", "PersonRecord", "PersonRow", "Roster",
           "RosterIndex", "SearchIndex", "SearchRow", "TeamActivityRecord", "TeamRecord",
           "VillageRecord", "household_history"]
