"""Pages of the indicators app: the province overview, an indicator's page, the breakdowns'
downloads and the JSON API (DESIGN.md section 9). The territory case page lives in
``territories.views``."""
