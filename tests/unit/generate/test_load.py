"""Tests for antt_tui.generate.load: a generated commune written into a store and read back."""

from __future__ import annotations

from pathlib import Path

import pytest

from antt_tui.domain.errors import ValidationError
from antt_tui.generate import make_commune, summary
from antt_tui.generate.load import load_commune
from antt_tui.storage.store import Store
from tests.unit.generate.conftest import TODAY

NEW_TABLES = ("documents", "teams", "team_activities", "confirmations")


def test_a_loaded_commune_reads_back_after_reopening(tmp_path: Path) -> None:
    commune = make_commune(households=60, years=2, seed=11, today=TODAY)
    folder = tmp_path / "db"
    seen: dict[str, int] = {}
    with Store.open(folder, create=True, backup_dir=tmp_path / "backups") as store:
        load_commune(store, commune, lambda table, done, total: seen.__setitem__(table, total))
    counts = summary(commune)
    assert all(counts[t] > 0 for t in NEW_TABLES)
    assert {t: seen[t] for t in NEW_TABLES} == {t: counts[t] for t in NEW_TABLES}
    # Teams are written before the activities that name them.
    assert list(seen).index("teams") < list(seen).index("team_activities")

    with Store.open(folder, backup_dir=tmp_path / "backups") as store:
        for table in (*NEW_TABLES, "visits", "incidents"):
            stored = {r["id"]: r for r in store.records(table)}
            expected = getattr(commune, table)
            assert len(stored) == len(expected), table
            for record in expected[:: max(1, len(expected) // 25)]:
                assert {k: stored[record["id"]][k] for k in record} == record, table
        # The second load into the same store is refused.
        with pytest.raises(ValidationError):
            load_commune(store, commune)
