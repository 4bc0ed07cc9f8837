"""The demonstration data set: the report's territories A–D (``manage.py load_demo``).

:mod:`~territories.demo.data` holds the fixed figures (the report's profiles, positions,
corridors, projects, users), :mod:`~territories.demo.builder` wipes and recreates the demo's rows,
and :mod:`~territories.demo.activity` and :mod:`~territories.demo.referrals` draw the two fiscal
years of journal entries, survey answers, families and referrals.
"""
