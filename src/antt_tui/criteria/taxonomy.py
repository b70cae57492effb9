"""The incident taxonomy (DOMAIN.md §5), read from `forms/taxonomy/incidents.toml`.

Each category says which criteria it feeds; zero-tolerance categories (K3, C2, C3) are the
ones whose incidents can only be corrected with a reason.
"""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from antt_tui.paths import forms_dir

SEVERITIES = ("it_nghiem_trong", "nghiem_trong", "rat_nghiem_trong", "dac_biet_nghiem_trong")
"""Severity codes of forms/incident.toml, mildest first (BLHS Art. 9)."""


class TaxonomyError(Exception):
    """The taxonomy file is broken; the message names the file and what is wrong."""


@dataclass(frozen=True, slots=True)
class Category:
    """One incident category (loại vụ việc)."""

    code: str
    group: str
    label: str
    feeds: tuple[str, ...]
    zero_tolerance: bool = False
    severity_by_law: str = ""
    """The least severity the Criminal Code gives every offence of the category ("" = any):
    an incident recorded without a severity, or with a lower one, counts at this one."""


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """Groups (code → Vietnamese label) and categories (code → Category), in file order."""

    groups: dict[str, str]
    categories: dict[str, Category]

    def feeding(self, criterion: str) -> list[Category]:
        """The categories that count against a criterion ("K3a", "K4", "H3", …)."""
        return [c for c in self.categories.values() if criterion in c.feeds]

    def category(self, code: str) -> Category:
        """A category by code; a Vietnamese error for an unknown one."""
        try:
            return self.categories[unicodedata.normalize("NFC", code)]
        except KeyError:
            raise ValueError(f"Không có loại vụ việc “{code}” trong danh mục.") from None


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """Read and check the taxonomy file (default: `forms/taxonomy/incidents.toml`)."""
    path = path or forms_dir() / "taxonomy" / "incidents.toml"
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise TaxonomyError(f"{path.name}: {exc}") from exc
    groups = {}
    for group in data.get("groups", []):
        groups[group["id"]] = unicodedata.normalize("NFC", group["label"])
    categories: dict[str, Category] = {}
    for raw in data.get("categories", []):
        try:
            code = unicodedata.normalize("NFC", raw["code"])
            category = Category(code, raw["group"], unicodedata.normalize("NFC", raw["label"]),
                                tuple(unicodedata.normalize("NFC", f) for f in raw.get("feeds", ())),
                                bool(raw.get("zero_tolerance")), raw.get("severity_by_law", ""))
        except (KeyError, TypeError) as exc:
            raise TaxonomyError(f"{path.name}: loại vụ việc thiếu trường {exc}") from exc
        if category.severity_by_law and category.severity_by_law not in SEVERITIES:
            raise TaxonomyError(f"{path.name}: {code}: severity_by_law chọn một trong "
                                f"{', '.join(SEVERITIES)}")
        if code in categories:
            raise TaxonomyError(f"{path.name}: mã loại vụ việc {code} bị lặp")
        if category.group not in groups:
            raise TaxonomyError(f"{path.name}: {code} thuộc nhóm không có: {category.group}")
        categories[code] = category
    if not categories:
        raise TaxonomyError(f"{path.name}: chưa có loại vụ việc nào")
    return Taxonomy(groups, categories)
