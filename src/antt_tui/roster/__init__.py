"""The household roster: life events, lookups, search and change history over the store."""

from antt_tui.roster.history import HistoryLine, household_history
from antt_tui.roster.index import RosterIndex
from antt_tui.roster.search import Hit, SearchIndex
from antt_tui.roster.service import Roster

__all__ = ["HistoryLine", "Hit", "Roster", "RosterIndex", "SearchIndex", "household_history"]
