"""The ANTT criteria: assessment windows (TT 124 Art. 8) and the incident taxonomy as data."""

from antt_tui.criteria.taxonomy import Category, Taxonomy, load_taxonomy
from antt_tui.criteria.windows import Window, window, window_year

__all__ = ["Category", "Taxonomy", "Window", "load_taxonomy", "window", "window_year"]
