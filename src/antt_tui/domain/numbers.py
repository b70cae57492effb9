"""Numbers as Vietnamese documents write them: 1.234.567 and 97,5%."""

from __future__ import annotations

MAX_AMOUNT = 10**15
"""Largest number stored in any record (a fine or damage in đồng, a count): a report prints
it in full ("1.000.000.000.000.000") and every program reading the data holds it exactly."""


def vn_number(value: float) -> str:
    """1234567 → "1.234.567"; 12.5 → "12,5" (one decimal)."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def vn_percent(value: float, *, sign: bool = False) -> str:
    """97.5 → "97,5%" (with `sign`: "+97,5%")."""
    return f"{value:{'+' if sign else ''}.1f}".replace(".", ",") + "%"
