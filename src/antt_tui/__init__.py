"""antt_tui: field tool for the "Hộ an toàn – Thôn bình yên" security movement."""

__version__ = "0.1.0"
