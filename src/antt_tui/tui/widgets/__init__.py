"""Widgets that display and collect input; they never touch storage or files."""
