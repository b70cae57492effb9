"""The household roster: life events, lookups, search and change history over the store."""

from antt_tui.roster.history import HistoryLine, household_history
from antt_tui.roster.index import RosterIndex
from antt_tui.roster.records import HouseholdCard, PersonRow, SearchRow
from antt_tui.roster.search import Hit, SearchIndex
from antt_tui.roster.service import Roster

__all__ = ["HistoryLine", "Hit", "HouseholdCard", "PersonRow", "Roster", "RosterIndex",
           "SearchIndex", "SearchRow", "household_history"]
