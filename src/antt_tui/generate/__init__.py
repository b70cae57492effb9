"""Deterministic generated communes for demos, tests and benchmarks."""

from antt_tui.generate.blueprint import Commune, default_village_count, make_commune, summary

__all__ = ["Commune", "default_village_count", "make_commune", "summary"]
