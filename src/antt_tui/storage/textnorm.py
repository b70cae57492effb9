"""NFC normalisation of whole records, applied where data enters the store."""

from __future__ import annotations

import unicodedata
from typing import Any


def nfc_deep(value: Any) -> Any:
    """`value` with every string in it (keys included) normalised to NFC."""
    if isinstance(value, str):
        return value if value.isascii() else unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {nfc_deep(k): nfc_deep(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [nfc_deep(v) for v in value]
    return value
