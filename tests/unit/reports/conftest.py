"""The reports tests use the criteria tests' small commune (see tests/unit/criteria)."""

from tests.unit.criteria.conftest import town  # noqa: F401 (a fixture)
