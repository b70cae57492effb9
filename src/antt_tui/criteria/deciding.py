"""Which fields of an incident decide a criterion, so a front end can warn when one of them
was left empty (a fire without its number of dead, a murder without its severity …).

Read from the rule sets: a criterion's `match` table that fits the incident's category and
asks for a severity, a number of dead, a resident or one's own fault makes that field decide
the criterion.
"""

from __future__ import annotations

from collections.abc import Iterable

from antt_tui.criteria.rules import Match, RuleSet
from antt_tui.criteria.taxonomy import Category

FIELDS = ("severity", "deaths", "caused_by_resident", "own_fault")
"""The incident fields a criterion may depend on, in the order the incident form asks them."""
_UNIT_ORDER = {"thon": 0, "xa": 1, "ho": 2}


def category_fits(match: Match, category: Category) -> bool:
    """True when `match` can count an incident of `category` (its other conditions aside)."""
    if match.feeds and not any(f.startswith(match.feeds) for f in category.feeds):
        return False
    if match.groups and category.group not in match.groups:
        return False
    return not match.categories or category.code in match.categories


def _fields_of(match: Match) -> list[str]:
    asked = {"severity": bool(match.min_severity), "deaths": bool(match.min_deaths),
             "caused_by_resident": match.caused_by_resident is not None,
             "own_fault": match.own_fault is not None}
    return [name for name in FIELDS if asked[name]]


def deciding_fields(category: Category, rule_sets: Iterable[RuleSet]) -> dict[str, list[str]]:
    """Field → ids of the criteria it decides for an incident of `category`, each id once:
    village criteria first, then the commune's, then the household's, in file order."""
    out: dict[str, list[str]] = {}
    for rule_set in sorted(rule_sets, key=lambda s: _UNIT_ORDER.get(s.unit, 9)):
        for criterion in rule_set.criteria:
            for match in criterion.match:
                if not category_fits(match, category):
                    continue
                for name in _fields_of(match):
                    ids = out.setdefault(name, [])
                    if criterion.id not in ids:
                        ids.append(criterion.id)
    return {name: out[name] for name in FIELDS if name in out}
