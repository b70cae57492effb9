"""Fixtures of the generator tests: one generated commune shared by every test module."""

from __future__ import annotations

from datetime import date

import pytest

from antt_tui.generate import Commune, make_commune

TODAY = date(2025, 11, 15)
"""The `today` of the shared commune; its history window starts on 16/11/2022."""


@pytest.fixture(scope="session")
def commune() -> Commune:
    """A 300-household commune with three years of history (read-only: do not mutate)."""
    return make_commune(households=300, years=3, seed=42, today=TODAY)
