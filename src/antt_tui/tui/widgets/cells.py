"""Table columns as wide as their widest cell, set when the rows go in.

A DataTable left to measure new cells itself does it when it is next idle, and Textual 8.2
can keep drawing the header and the rows at the old widths until the table changes size: a
table refilled by a worker's result then shows its columns cut short.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.widgets import DataTable

__all__ = ["add_fitted_columns", "cell_width"]


def cell_width(cell: Any) -> int:
    """Cells a table cell takes on screen (a string is read as Rich markup, as DataTable does)."""
    if isinstance(cell, Text):
        return cell.cell_len
    return Text.from_markup(cell).cell_len if isinstance(cell, str) else len(str(cell))


def add_fitted_columns(table: DataTable, labels: Sequence[str],
                       rows: Sequence[Sequence[Any]]) -> None:
    """Add the columns `labels`, each as wide as its label or its widest cell in `rows`."""
    for n, label in enumerate(labels):
        table.add_column(label, width=max([cell_width(label), *(cell_width(r[n]) for r in rows)]))
