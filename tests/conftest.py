"""Shared fixtures: a data root under tmp_path, a fixed working day, a session factory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from antt_tui.paths import Paths
from antt_tui.session import Session
from tests.builders import three_person_commune

TODAY = date(2026, 11, 20)
"""The working day of every test; tests never read the real clock's date."""


@pytest.fixture(autouse=True)
def antt_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data root; the user's real folder is never touched."""
    home = tmp_path / "antt-home"
    monkeypatch.setenv("ANTT_HOME", str(home))
    monkeypatch.setenv("ANTT_TODAY", TODAY.isoformat())
    monkeypatch.delenv("ANTT_DB", raising=False)
    monkeypatch.delenv("ANTT_OFFICER", raising=False)
    return home


@pytest.fixture
def paths(antt_home: Path) -> Paths:
    """Paths under the test's data root."""
    return Paths(antt_home)


@pytest.fixture
def open_session(paths: Paths) -> Iterator[Callable[..., Session]]:
    """Open (or create) a database under tmp_path; every session is closed after the test."""
    opened: list[Session] = []

    def factory(folder: Path | None = None, *, create: bool = True,
                officer: str = "Cán bộ Kiểm Thử", today: date = TODAY) -> Session:
        session = Session.open(folder or paths.database, paths=paths, officer=officer,
                               create=create, today=lambda: today)
        opened.append(session)
        return session

    yield factory
    for session in opened:
        if session.store.journal is not None:
            session.close()


@pytest.fixture
def commune(open_session: Callable[..., Session]) -> Session:
    """A commune with two villages and one household of three people (head, wife, child)."""
    s = open_session()
    three_person_commune(s.roster)
    return s
