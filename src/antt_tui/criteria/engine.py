"""Evaluate the rule sets of a year for a village, the commune or a household.

    facts = facts_of(snapshot)   # a Snapshot from antt_tui.roster.snapshot, or built in memory
    for evaluation in evaluate_village(facts, village_id, 2026, as_of=date(2026, 6, 30)):
        print(evaluation.name, evaluation.status)

Every function takes the "as of" date explicitly: what had been recorded and what had
happened by then (never the clock).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from antt_tui.criteria.facts import Facts
from antt_tui.criteria.household import evaluate_household, household_statuses
from antt_tui.criteria.kinds import KINDS, Case
from antt_tui.criteria.results import DAT, Evaluation
from antt_tui.criteria.rules import RuleSet, load_rule_sets, rule_sets_for
from antt_tui.criteria.snapshot import Snapshot
from antt_tui.criteria.taxonomy import load_taxonomy
from antt_tui.criteria.windows import window

__all__ = ["CommuneReport", "evaluate_commune", "evaluate_household", "evaluate_unit",
           "evaluate_village", "facts_of", "full_commune"]


def facts_of(snapshot: Snapshot) -> Facts:
    """The facts of a snapshot, with the taxonomy of `forms/taxonomy/incidents.toml`."""
    return Facts(snapshot, load_taxonomy())


def evaluate_unit(facts: Facts, rule_set: RuleSet, scope: str, year: int,
                  as_of: date) -> Evaluation:
    """One village (`scope` = its id) or the commune (`scope` = "") against one rule set."""
    full = window(rule_set.window, year)
    results = tuple(KINDS[c.kind](Case(c, facts, scope, full, as_of))
                    for c in rule_set.criteria)
    texts = tuple((g, rule_set.group_text(g)) for g in dict.fromkeys(c.group
                                                                   for c in rule_set.criteria))
    return Evaluation(rule_set.id, rule_set.name, rule_set.unit, scope, facts.unit_name(scope),
                      year, as_of, full, results, texts)


def _sets(unit: str, year: int, rule_sets: dict[str, RuleSet] | None) -> list[RuleSet]:
    sets = rule_sets_for(unit, year, rule_sets if rule_sets is not None else load_rule_sets())
    if not sets:
        raise LookupError(f"Không có bộ tiêu chí nào cho năm {year}.")
    return sets


def evaluate_village(facts: Facts, village_id: str, year: int, as_of: date, *,
                     rule_sets: dict[str, RuleSet] | None = None) -> list[Evaluation]:
    """A village against every village rule set in force in `year`."""
    if village_id not in facts.villages:
        raise LookupError(f"Không tìm thấy thôn {village_id}.")
    return [evaluate_unit(facts, s, village_id, year, as_of)
            for s in _sets("thon", year, rule_sets)]


def evaluate_commune(facts: Facts, year: int, as_of: date, *,
                     rule_sets: dict[str, RuleSet] | None = None) -> list[Evaluation]:
    """The commune against every commune rule set in force (TT 124 Art. 5, chỉ tiêu 19.2)."""
    return [evaluate_unit(facts, s, "", year, as_of) for s in _sets("xa", year, rule_sets)]


@dataclass(frozen=True, slots=True)
class CommuneReport:
    """Everything judged for a year: the commune, each village, each household's H7."""

    commune: list[Evaluation]
    villages: dict[str, list[Evaluation]]
    households: dict[str, str]

    @property
    def safe_households(self) -> int:
        return sum(1 for s in self.households.values() if s == DAT)


def full_commune(facts: Facts, year: int, as_of: date, *,
                 rule_sets: dict[str, RuleSet] | None = None) -> CommuneReport:
    """The commune, every village and every residing household's H7, in one pass."""
    rule_sets = rule_sets if rule_sets is not None else load_rule_sets()
    # Every household first: the villages then use the commune's indexes rather than
    # reading their own records one village at a time.
    households = household_statuses(facts, "", year, as_of)
    villages = {v.id: evaluate_village(facts, v.id, year, as_of, rule_sets=rule_sets)
                for v in facts.villages_by_code()}
    return CommuneReport(evaluate_commune(facts, year, as_of, rule_sets=rule_sets), villages,
                         households)
