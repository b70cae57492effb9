"""The scenario commune for the criteria tests (see scenario.py): in memory, no files."""

from __future__ import annotations

import pytest

from tests.unit.criteria.scenario import Town


@pytest.fixture
def town() -> Town:
    """Two villages, one household of three people."""
    return Town()
