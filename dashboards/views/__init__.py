"""Pages that read indicators: home, the province overview, the territory case page, an
indicator's page, the breakdowns' downloads and the JSON API (DESIGN.md section 9)."""
