"""Shared fixtures of the sync tests: cheap argon2id costs and fixed key pairs."""

from __future__ import annotations

import pytest

from antt_tui.sync import keys
from antt_tui.sync.keys import KeyPair

REAL_COSTS = {name: getattr(keys, name) for name in
              ("BACKUP_OPSLIMIT", "BACKUP_MEMLIMIT", "CODE_OPSLIMIT", "CODE_MEMLIMIT")}
"""The argon2id costs the program ships with, read before any test lowers them."""


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id at its minimum cost, so a test takes milliseconds; `real_kdf` undoes it."""
    import nacl.pwhash.argon2id as argon2id

    for name in ("BACKUP_OPSLIMIT", "CODE_OPSLIMIT"):
        monkeypatch.setattr(keys, name, argon2id.OPSLIMIT_MIN)
    for name in ("BACKUP_MEMLIMIT", "CODE_MEMLIMIT"):
        monkeypatch.setattr(keys, name, argon2id.MEMLIMIT_MIN)


@pytest.fixture
def real_kdf(cheap_kdf: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The argon2id costs the program ships with."""
    for name, value in REAL_COSTS.items():
        monkeypatch.setattr(keys, name, value)


@pytest.fixture
def commune_kp() -> KeyPair:
    """The commune's key pair, from a fixed seed."""
    return KeyPair.from_seed(bytes(range(32)))


@pytest.fixture
def village_kp() -> KeyPair:
    """A village laptop's key pair, from another fixed seed."""
    return KeyPair.from_seed(bytes(range(100, 132)))
