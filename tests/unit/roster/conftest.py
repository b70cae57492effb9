"""Fixtures of the roster tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from antt_tui.session import Session
from tests.builders import init_tan_lap


@pytest.fixture
def village(open_session: Callable[..., Session]) -> Session:
    """Xã Tân Lập with Thôn Đông Hạ (DH) and Thôn Trung Lập (TL), no household yet: where the
    roster import tests bring their files in."""
    s = open_session()
    init_tan_lap(s.roster)
    return s
