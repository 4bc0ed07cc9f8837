"""Writes of the territories app, by topic (STYLE.md: services)."""
