"""The tables of a database, named once.

The roster and the sync (the layers that own the store) name a table by these constants,
never by a string of their own: a misspelt table is an error on import, not a read that finds
nothing. `tests/unit/test_front_ends.py` fails on a table name written as a string outside
storage/.
"""

from __future__ import annotations

COMMUNES = "communes"
VILLAGES = "villages"
HOUSEHOLDS = "households"
PERSONS = "persons"
VISITS = "visits"
"""Split into one shard per year of the visit's date (`YEARLY`)."""
INCIDENTS = "incidents"
COMMITMENTS = "commitments"
DOCUMENTS = "documents"
TEAMS = "teams"
TEAM_ACTIVITIES = "team_activities"
CONFIRMATIONS = "confirmations"
REPORTS = "reports"
"""Issued reports, stored as written."""
SETTINGS = "settings"
CODE_BLOCKS = "code_blocks"
"""The household numbers the commune gave each laptop."""
SYNC_DEVICES = "sync_devices"
SYNC_DECISIONS = "sync_decisions"
SYNC_BUNDLES = "sync_bundles"
SYNC_PEERS = "sync_peers"
SYNC_QUARANTINE = "sync_quarantine"
SYNC_HELD = "sync_held"
SYNC_PAIRS = "sync_pairs"

TABLES = (COMMUNES, VILLAGES, HOUSEHOLDS, PERSONS, VISITS, INCIDENTS, COMMITMENTS, DOCUMENTS,
          TEAMS, TEAM_ACTIVITIES, CONFIRMATIONS, REPORTS, SETTINGS, CODE_BLOCKS, SYNC_DEVICES,
          SYNC_DECISIONS, SYNC_BUNDLES, SYNC_PEERS, SYNC_QUARANTINE, SYNC_HELD, SYNC_PAIRS)
"""Every table. The `sync_*` ones are this database's own bookkeeping of the USB round trip
(devices, bundles, what each side has, entries held back or set aside, settled duplicates)."""
YEARLY = frozenset({VISITS})
"""Tables split into one shard per year of their `date` field."""
