"""The scenario commune for the criteria tests (see scenario.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from antt_tui.session import Session
from tests.unit.criteria.scenario import DAY, Town


@pytest.fixture
def town(open_session: Callable[..., Session]) -> Town:
    """Two villages, one household of three people, working day 15/12/2026."""
    s = open_session(today=DAY)
    s.roster.init_commune(province="Hưng Yên", name="Xã Tân Lập",
                          villages=["Thôn Đông Hạ", "Thôn Trung Lập"])
    h = s.roster.add_household("DH", household={"address": "Xóm 2, Thôn Đông Hạ"}, head={
        "full_name": "Nguyễn Văn An", "sex": "nam", "birth": "24/07/1975"})
    s.roster.add_person(h["code"], {"full_name": "Lê Thị Bình", "sex": "nu", "birth": "1978",
                                    "relation": "Vợ"})
    s.roster.add_person(h["code"], {"full_name": "Nguyễn Văn Cường", "sex": "nam",
                                    "birth": "05/2001", "relation": "Con đẻ"})
    return Town(s)
